"""Splitting blocks into units: one unit per paragraph of the source.

A line of a well-kept copy is one paragraph and stays one unit, bold lead
phrases and "一是……" items inside it included. Two cases are split:

- copies that lost their line breaks (one public preview is a single line): a block
  that holds the salutation or a part heading after its start, the glossary
  heading, several "一年来，我们……" leads, or more text than any paragraph of
  the genre, is cut at the markers of the genre (heading, salutation, lead,
  "一是" item, bold lead phrase), only where a sentence starts, so that no
  sentence is ever cut in two;
- a heading run into its first paragraph ("**一、过去五年工作回顾** 过去五年，…"):
  the bold (or numbered) heading and the text after the space become two units.

Bold marks stay in the units: the structure keeps them as emphasis.
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


@dataclass
class Split:
    line: int
    heading: str  # a heading that shared its line with the text after it
    rest: str


# Longer than any paragraph of the genre (the longest seen has about 1,400 characters).
RUN_TOGETHER = 2000
SALUTATION_OPENING = re.compile(r"各位代表(?:、[^，。：！；、]{1,10})*[：:]")
# A heading run into its text: "**一、过去五年工作回顾** 过去五年，…" or "一、过去五年工作回顾 过去五年，…".
_BOLD_HEAD = re.compile(rf"^{BOLD_ON}([^{BOLD_ON}{BOLD_OFF}]{{2,40}}?){BOLD_OFF}[ \u3000]+(?=\S)")
_NUMBERED_HEAD = re.compile(rf"^((?:[{NUMERALS}]+、|（[{NUMERALS}]+）)[^{TERMINATORS}，；：\s]{{2,40}})[ \u3000]+(?=\S)")


@dataclass
class Segmented:
    units: list[Unit]
    repairs: list[Repair]
    splits: list[Split]
    run_together: list[int]  # lines that had lost their line breaks and were cut at the genre's markers


def segment(blocks: list[Block]) -> Segmented:
    out = Segmented([], [], [], [])
    for block in blocks:
        if block.heading:
            out.units.append(Unit(strip_marks(block.text).strip(), block.line, block.heading))
            continue
        if not run_together(block.text):
            out.units.extend(_split_heading(block, out.splits))
            continue
        out.run_together.append(block.line)
        text, fixed = _repair_leads(block.text)
        out.repairs.extend(Repair(block.line, before) for before in fixed)
        for piece in _cut(text).split(CUT):
            if strip_marks(piece).strip():
                out.units.append(Unit(piece.strip(), block.line))
    return out


def run_together(text: str) -> bool:
    """A block that holds what a well-kept copy puts on several lines."""
    plain = strip_marks(text)
    if len(plain) > RUN_TOGETHER:
        return True
    if any(m.start() > 0 for m in SALUTATION_OPENING.finditer(plain)):
        return True
    starts = [s for s in _sentence_starts(plain) if s > 0]
    leads = sum(1 for s in _sentence_starts(plain) if LEAD.match(plain, s))
    return leads >= 2 or any(PART_START.match(plain, s) or GLOSSARY.match(plain, s) for s in starts)


_NUMBER = re.compile(rf"[{NUMERALS}]+、|（[{NUMERALS}]+）")


def _heading_like(text: str) -> bool:
    """A numbered heading (a final full stop allowed), or a title with no punctuation at all, in words."""
    if sum("\u3400" <= ch <= "\u9fff" for ch in text) < 2:
        return False  # "**[6]** **“term”**：…" starts with a note's marker, not a heading
    if _NUMBER.match(text):
        return not any(ch in text[:-1] for ch in TERMINATORS)
    return not any(ch in text for ch in TERMINATORS + "，；：、")


def _split_heading(block: Block, splits: list[Split]) -> list[Unit]:
    text = block.text.strip()
    match = _BOLD_HEAD.match(text)
    if match and _heading_like(strip_marks(match.group(1)).strip()):
        heading, rest = strip_marks(match.group(1)).strip(), text[match.end():].strip()
    else:
        plain = strip_marks(text)
        match = _NUMBERED_HEAD.match(plain) if BOLD_ON not in text else None
        if not match or not any(ch in plain[match.end():] for ch in TERMINATORS):
            return [Unit(text, block.line)]  # "一、 标题" with a space inside it is not a heading run into text
        heading, rest = match.group(1), plain[match.end():].strip()
    splits.append(Split(block.line, heading, strip_marks(rest)[:20]))
    return [Unit(heading, block.line), Unit(rest, block.line)]
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
