"""Splitting blocks into units at the markers of the genre.

Copies taken from web pages often lose the report's line breaks (the Gaobu
preview is one line). A unit is what a line of a well-kept copy would hold:
a heading, the salutation, an "一年来，我们……" lead, an "一是……" item, a
paragraph that opens with a bold lead phrase. Splits happen only where a
sentence starts, so that no sentence is ever cut in two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .read import Block
from .text import BOLD_OFF, BOLD_ON, CLOSERS, NUMERALS, TERMINATORS, strip_marks

ON = f"{BOLD_ON}?"
SALUTATION = re.compile(r"各位代表(?:、[^，。：！；、]{1,10})*[：！:!]")
PART_KEYWORDS = "工作回顾|工作安排|政府工作任务|主要工作任务|工作任务"
PART_START = re.compile(rf"{ON}(?:[{NUMERALS}]+、)?\d{{4}}年(?:{PART_KEYWORDS}){BOLD_OFF}?")
LEAD = re.compile(rf"{ON}一年来，我们")
ITEM = re.compile(rf"{ON}[{NUMERALS}]+是(?!否)")
ORDINAL = re.compile(rf"{ON}(?:[{NUMERALS}]+、|（[{NUMERALS}]+）)")
GLOSSARY = re.compile(rf"{ON}名词(?:注解|解释)[：:]?{BOLD_OFF}?")
_SENTENCE_END = re.compile(rf"[{TERMINATORS}][{CLOSERS}{BOLD_OFF}]*")
_BREAK_SPACE = re.compile(rf"(?<=[{TERMINATORS}：{CLOSERS}{BOLD_OFF}])[ \u3000]+")
# Words that open a sentence in these reports; used only to repair a lead that lost its full stop.
_OPENERS = ("以", "坚持", "围绕", "聚焦", "紧扣", "通过", "按照", "依托", "立足", "着力", "全力", "深入", "持续", "实施", "推动", "加快")
CUT = "\n"


@dataclass
class Unit:
    text: str
    line: int
    heading: int = 0


@dataclass
class Repair:
    line: int
    before: str  # the text the full stop was added after


def segment(blocks: list[Block]) -> tuple[list[Unit], list[Repair]]:
    units, repairs = [], []
    for block in blocks:
        if block.heading:
            units.append(Unit(strip_marks(block.text).strip(), block.line, block.heading))
            continue
        text, fixed = _repair_leads(block.text)
        repairs.extend(Repair(block.line, before) for before in fixed)
        for piece in _cut(text).split(CUT):
            piece = strip_marks(piece).strip()
            if piece:
                units.append(Unit(piece, block.line))
    return units, repairs


def _sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text) if m.end() < len(text)]


def _cut(text: str) -> str:
    text = _BREAK_SPACE.sub(CUT, text)
    cuts: set[int] = set()
    for match in SALUTATION.finditer(text):
        cuts.update((match.start(), match.end()))
    for start in _sentence_starts(text):
        while start < len(text) and text[start] in f"{CUT} ":
            start += 1
        if start >= len(text):
            continue
        if (m := PART_START.match(text, start)) or (m := GLOSSARY.match(text, start)):
            cuts.add(start)
            if m.end() < len(text) and text[m.end()] not in "，、：；。！？的如中要是":
                cuts.add(m.end())
        elif LEAD.match(text, start):
            cuts.add(start)
            end = _SENTENCE_END.search(text, start)
            if end:
                cuts.add(end.end())
        elif ITEM.match(text, start) or ORDINAL.match(text, start) or text[start] == BOLD_ON:
            cuts.add(start)
    pieces, last = [], 0
    for cut in sorted(c for c in cuts if 0 < c < len(text)):
        pieces.append(text[last:cut])
        last = cut
    pieces.append(text[last:])
    return CUT.join(pieces)


def _lead_bodies(text: str) -> list[tuple[int, int, int]]:
    """(lead start, body start, body end) of each lead; the body is what follows "一年来，我们"."""
    spans = []
    for match in LEAD.finditer(text):
        end = _SENTENCE_END.search(text, match.end())
        spans.append((match.start(), match.end(), end.start() if end else len(text)))
    return spans


def _repair_leads(text: str) -> tuple[str, list[str]]:
    """Put back the full stop of a lead that ran into the next sentence in text without line breaks.

    The leads of one review are parallel ("一年来，我们稳经济、促转型，制造业根基不断筑牢。"):
    one with more clauses than all its siblings, in a block that holds several
    leads (so the copy lost its line breaks), lost its full stop. It is put
    back before the first word that opens a sentence in the first extra clause;
    the summary reports every such repair.
    """
    spans = _lead_bodies(text)
    if len(spans) < 3:
        return text, []
    counts = [text[a:b].count("，") for _, a, b in spans]
    repairs = []
    for index in sorted(range(len(spans)), reverse=True):
        siblings = counts[:index] + counts[index + 1:]
        usual = max(siblings)
        if counts[index] <= usual or counts.count(usual) < 2:
            continue
        lead, a, b = spans[index]
        clause_start = a + sum(len(c) + 1 for c in text[a:b].split("，")[:usual])
        clause = text[clause_start:b].split("，", 1)[0]
        positions = [clause.find(word, 4) for word in _OPENERS if clause.find(word, 4) > 0]
        if positions:
            at = clause_start + min(positions)
            repairs.append(strip_marks(text[lead:at]))
            text = text[:at] + "。" + text[at:]
    return text, sorted(repairs)
