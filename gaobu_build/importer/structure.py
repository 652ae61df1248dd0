"""Recognising the report's structure in its units (see ../shared/fixtures/README.md).

Title block, "各位代表：", the parts ("YYYY年工作回顾", "YYYY年工作安排" / "政府工作任务",
numbered or not), numbered tasks "一、" and "（一）", "一年来，我们……" leads,
"一是……" items, 主要预期目标, "各位代表！" addresses (the last one closes the
report) and the 名词注解 / 名词解释 appendix. Text is never reworded: every
unit lands whole in a title, a paragraph or a glossary entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .segment import GLOSSARY, LEAD, PART_KEYWORDS, SALUTATION, Unit
from .text import NUMERALS, TERMINATORS, chinese_number, sentences

HEADING_MAX = 60  # a numbered line longer than this (up to its first full stop) is a paragraph, not a heading
PART_HEADING = re.compile(rf"(?:([{NUMERALS}]+)、)?(\d{{4}})年(.{{0,24}}?)({PART_KEYWORDS})")
NUMBERED = re.compile(rf"([{NUMERALS}]+)、|（([{NUMERALS}]+)）")
ITEM = re.compile(rf"([{NUMERALS}]+)是")
ADDRESS = re.compile(r"各位代表[！!]")
MEETING_END = re.compile(r".*?(?:会议上|大会上|会上)")


@dataclass
class Para:
    text: str
    line: int
    kind: str = "plain"  # plain, lead, item, targets, salutation, opening, speaker, label
    number: int = 0  # the n of an "n是" item
    id: str = ""


@dataclass
class Section:
    title: str
    kind: str  # lead, task, address, heading
    number: int = 0
    paragraphs: list[Para] = field(default_factory=list)
    id: str = ""


@dataclass
class Part:
    title: str
    kind: str  # review, plan, other
    year: int = 0
    number: int = 0
    paragraphs: list[Para] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    id: str = ""


@dataclass
class Term:
    zh: str
    definition: str
    line: int


@dataclass
class Document:
    title: str = ""
    meeting: str = ""
    preamble: list[Para] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    glossary: list[Term] = field(default_factory=list)
    unplaced: list[Para] = field(default_factory=list)  # glossary lines that are not "term：definition"
    notes: list[str] = field(default_factory=list)
    text_ends_here: bool = False


def _part_heading(unit: Unit, doc: Document, numbered: bool | None, by_style: bool = True) -> Part | None:
    text = unit.text
    if len(text) > HEADING_MAX or any(ch in text for ch in TERMINATORS):
        return None
    match = PART_HEADING.fullmatch(text)
    if match:
        kind = "review" if match.group(4) == "工作回顾" else "plan"
        return Part(text, kind, int(match.group(2)), chinese_number(match.group(1) or "") or 0)
    ordinal = re.match(rf"([{NUMERALS}]+)、", text)
    if numbered and ordinal and chinese_number(ordinal.group(1)) == len(doc.parts) + 1:
        return Part(text, "other", 0, len(doc.parts) + 1)
    if by_style and unit.heading == 1:
        return Part(text, "other", 0, 0)
    return None


def _task_heading(unit: Unit, part: Part, numbered_parts: bool) -> tuple[Section, str] | None:
    """A numbered task: its heading (up to the first full stop) and the rest of the line."""
    match = NUMBERED.match(unit.text)
    if match and (match.group(1) is None or not numbered_parts):
        number = chinese_number(match.group(1) or match.group(2))
        done = [s.number for s in part.sections if s.kind == "task"]
        if number == (done[-1] + 1 if done else 1):
            title = sentences(unit.text)[0]
            if len(title) <= HEADING_MAX:
                return Section(title, "task", number), unit.text[len(title):].strip()
    if unit.heading >= 2:
        return Section(unit.text, "heading"), ""
    return None


def build(units: list[Unit], meta: dict) -> Document:
    doc = Document()
    title_block: list[Unit] = []
    phase, numbered = "title", None
    for unit in units:
        text = unit.text
        if phase == "title" and not SALUTATION.fullmatch(text) and not _part_heading(unit, doc, None, by_style=False):
            title_block.append(unit)
            continue
        if phase == "title":
            _title_block(doc, title_block, meta)
            phase = "preamble"
        if phase == "glossary":
            _glossary_line(doc, unit)
            continue
        if GLOSSARY.fullmatch(text):
            phase = "glossary"
            continue
        part = _part_heading(unit, doc, numbered)
        if part:
            numbered = bool(part.number) if numbered is None else numbered
            doc.parts.append(part)
            phase = "body"
            continue
        if phase == "preamble":
            kind = "salutation" if SALUTATION.fullmatch(text) else "opening" if text.startswith("现在，我代表") else "plain"
            doc.preamble.append(Para(text, unit.line, kind))
            continue
        _body_unit(doc.parts[-1], unit, bool(numbered))
    if phase == "title":
        _title_block(doc, title_block, meta)
    _finish(doc)
    return doc


def _body_unit(part: Part, unit: Unit, numbered: bool) -> None:
    text = unit.text
    if ADDRESS.fullmatch(text):
        part.sections.append(Section(text, "address"))
        return
    task = _task_heading(unit, part, numbered)
    if task:
        section, rest = task
        part.sections.append(section)
        if rest:
            section.paragraphs.append(Para(rest, unit.line))
        return
    if LEAD.match(text):
        title = text[len("一年来，我们"):].rstrip(TERMINATORS)
        part.sections.append(Section(title, "lead", len([s for s in part.sections if s.kind == "lead"]) + 1,
                                     [Para(text, unit.line, "lead")]))
        return
    para = Para(text, unit.line)
    item = ITEM.match(text)
    if item and chinese_number(item.group(1)):
        para.kind, para.number = "item", chinese_number(item.group(1))
    elif "主要预期目标" in text:
        para.kind = "targets"
    (part.sections[-1].paragraphs if part.sections else part.paragraphs).append(para)


def _title_block(doc: Document, units: list[Unit], meta: dict) -> None:
    """Title, "——YYYY年M月D日在…会议上" (possibly over two lines), the speaker; other lines stay in the preamble."""
    meeting_open = False
    for unit in units:
        text = unit.text
        if meeting_open:
            doc.meeting += text
            meeting_open = not MEETING_END.match(doc.meeting)
            continue
        head, dash, tail = text.partition("——")
        if dash:
            if head.strip():
                doc.title = doc.title or head.strip()
            meeting = MEETING_END.match(tail)
            doc.meeting = meeting.group(0) if meeting else tail
            meeting_open = not meeting
            speaker = tail[len(doc.meeting):].strip() if meeting else ""
            if speaker:
                doc.preamble.append(Para(speaker, unit.line, "speaker"))
        elif not doc.title and text.endswith("报告"):
            doc.title = text
        elif doc.meeting and len(text) <= 30 and not any(p.kind == "speaker" for p in doc.preamble):
            doc.preamble.append(Para(text, unit.line, "speaker"))
        elif any(ch in text for ch in TERMINATORS):
            # Sentences before "各位代表" (a copy without the salutation): the report's opening words.
            doc.preamble.append(Para(text, unit.line, "opening" if text.startswith("现在，我代表") else "plain"))
        else:
            doc.preamble.append(Para(text, unit.line, "label"))
    if meta.get("title") and doc.title in meta["title"]:
        doc.title = meta["title"]  # front matter names the report in full ("2024年东莞市政府工作报告")


def _glossary_line(doc: Document, unit: Unit) -> None:
    term, sep, definition = unit.text.partition("：")
    if sep and term and len(term) <= 40 and definition:
        if len(term) > 2 and term[0] == "“" and term[-1] == "”" and "“" not in term[1:-1]:
            term = term[1:-1]  # the term is a lookup key; its quotes are typography
        doc.glossary.append(Term(term, definition, unit.line))
    else:
        doc.unplaced.append(Para(unit.text, unit.line))


def _finish(doc: Document) -> None:
    for part in doc.parts:
        for section in list(part.sections):
            if not section.paragraphs:
                # A heading with nothing under it (e.g. a final "各位代表！") stays as a paragraph.
                index = part.sections.index(section)
                part.sections.remove(section)
                target = part.sections[index - 1].paragraphs if index else part.paragraphs
                target.append(Para(section.title, 0))
                doc.notes.append(f"heading {section.title!r} has no text under it: kept as a paragraph")
    addresses = [s for s in doc.parts[-1].sections if s.kind == "address"] if doc.parts else []
    if addresses and addresses[-1] is doc.parts[-1].sections[-1]:
        addresses[-1].kind = "closing"
    if not any(p.kind == "salutation" for p in doc.preamble):
        doc.notes.append("no salutation (各位代表：) was found: everything before the first part is in the preamble")
    _text_end(doc)
    if doc.unplaced and doc.parts:
        last = doc.parts[-1]
        (last.sections[-1].paragraphs if last.sections else last.paragraphs).extend(doc.unplaced)


def _text_end(doc: Document) -> None:
    last = last_paragraph(doc)
    if last is None or re.search(rf"[{TERMINATORS}…”’」）]$", last.text):
        return
    closing = bool(doc.parts and doc.parts[-1].sections and doc.parts[-1].sections[-1].kind == "closing")
    if doc.unplaced:
        # Only the last paragraph may carry the mark, and the unplaced lines come after it.
        doc.notes.append(f"the text before the appendix stops mid-sentence, after {last.text[-20:]!r}")
    elif re.search(r"[，、；：]$", last.text) or not closing:
        doc.text_ends_here = True  # the source breaks off (a preview, a truncated copy)
    else:
        doc.notes.append("the closing paragraph has no final punctuation mark (kept as it is)")


def last_paragraph(doc: Document) -> Para | None:
    if not doc.parts:
        return doc.preamble[-1] if doc.preamble else None
    last = doc.parts[-1]
    if last.sections:
        return last.sections[-1].paragraphs[-1]
    return last.paragraphs[-1] if last.paragraphs else None
