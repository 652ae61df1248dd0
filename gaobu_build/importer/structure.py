"""Recognising the report's structure in its units (see data/README.md, "What it recognises").

The title block, the preamble ("各位代表：", "现在，我代表……"), the parts, their
sections and paragraphs, and the appendix (glossary, notes). Parts and
sections are told apart by the form of their headings (headings.py), per
report: the first heading form of the body that recurs makes the parts (a
Markdown level, "一、", or unnumbered title lines), deeper forms make the
sections, and so do recurring theme openers ("过去一年，我们……"). A report in
which no part heading can be found is one part. Every unit lands whole in a
title, a paragraph, a note or a glossary entry: nothing is reworded or lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .appendix import MARKER, Note, Term, glossary_line, is_appendix_heading, note_line
from .headings import Heading, classify, theme
from .paragraphs import Para, make_para
from .segment import Unit
from .text import TERMINATORS, sentences
from .titleblock import read_title_block, title_block_end

PART_FORMS = ("md", "cn", "title")


@dataclass
class Section:
    title: str
    kind: str  # task (numbered), theme, heading
    number: int = 0
    paragraphs: list[Para] = field(default_factory=list)
    id: str = ""
    line: int = 0
    derived: bool = False  # the title repeats the words of its first paragraph (a theme)


@dataclass
class Part:
    title: str
    number: int = 0
    paragraphs: list[Para] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    id: str = ""
    line: int = 0
    derived: bool = False  # no heading in the source: the title is the report's


@dataclass
class Document:
    title: str = ""
    meeting: str = ""
    preamble: list[Para] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    glossary: list[Term] = field(default_factory=list)
    unplaced: list[Para] = field(default_factory=list)  # appendix lines that are neither entries nor notes
    notes: list[Note] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)  # what the editor should check, for the summary
    warnings: list[str] = field(default_factory=list)
    body_units: list[Unit] = field(default_factory=list)  # what the text of the report was read from
    appendix_units: list[Unit] = field(default_factory=list)
    text_ends_here: bool = False
    one_part: bool = False


def build(units: list[Unit], meta: dict) -> Document:
    doc = Document()
    end = title_block_end(units)
    read_title_block(doc, units[:end], meta, Para)
    body, appendix = _split_appendix(units[end:])
    doc.body_units, doc.appendix_units = body, appendix
    headings = [classify(u) for u in body]
    if headings and headings[-1] and headings[-1].form == "title":
        headings[-1] = None  # a title heads what follows it: the last line of the text is text
    part_form = _part_form(headings)
    themes = _recurring_themes(body, headings, part_form)
    for unit, heading in zip(body, headings):
        if heading and _is_part(heading, part_form, doc.parts):
            doc.parts.append(Part(heading.title, heading.number, line=unit.line))
            if heading.rest:
                _paragraph(doc, doc.parts[-1], Unit(heading.rest, unit.line))
            continue
        if not doc.parts:
            para = _para(doc, unit, preamble=True)
            if part_form or para.kind in ("salutation", "opening"):
                doc.preamble.append(para)
                continue
            _one_part(doc, unit, meta)
        part = doc.parts[-1]
        if heading and _is_section(heading, part_form, part):
            part.sections.append(Section(heading.title, "task" if heading.number else "heading", heading.number,
                                         line=unit.line))
            if heading.rest:
                _paragraph(doc, part, Unit(heading.rest, unit.line))
        elif theme(unit.text) in themes.get(len(doc.parts), ()):
            _theme_section(doc, part, unit)
        else:
            _paragraph(doc, part, unit)
    _appendix(doc, appendix)
    _finish(doc)
    return doc


def _split_appendix(units: list[Unit]) -> tuple[list[Unit], list[Unit]]:
    """The body, and the appendix: from its first heading on, or the note lines the text ends with."""
    for index, unit in enumerate(units):
        if is_appendix_heading(unit):
            return units[:index], units[index:]
    end = len(units)
    while end > 0 and note_line(units[end - 1]):
        end -= 1
    return units[:end], units[end:]


def _part_form(headings: list[Heading | None]) -> tuple[str, int] | None:
    """The heading form that makes the parts: Markdown headings first, then the first form used that recurs."""
    found = [h for h in headings if h and h.form in PART_FORMS]
    levels = sorted({h.level for h in found if h.form == "md"})
    if levels:
        return ("md", levels[0])
    order = list(dict.fromkeys(h.key for h in found))
    recurring = [key for key in order if _recurs(key, found)]
    return (recurring or order or [None])[0]


def _recurs(key: tuple[str, int], found: list[Heading]) -> bool:
    numbers = [h.number for h in found if h.key == key]
    return numbers[:2] == [1, 2] if key[0] == "cn" else len(numbers) >= 2


def _is_part(heading: Heading, part_form, parts: list[Part]) -> bool:
    if heading.key != part_form:
        return False
    return heading.form != "cn" or heading.number == len(parts) + 1


def _is_section(heading: Heading, part_form, part: Part) -> bool:
    if heading.form == "md":
        return True  # deeper than the parts' level
    if heading.form == "title":
        return heading.key != part_form
    done = [s.number for s in part.sections if s.kind == "task"]
    return heading.number == 1 or bool(done) and heading.number == done[-1] + 1


def _recurring_themes(body: list[Unit], headings, part_form) -> dict[int, set[str]]:
    """Per part (by its position), the theme openers that start two paragraphs or more."""
    counts: dict[int, dict[str, int]] = {}
    parts = []
    for unit, heading in zip(body, headings):
        if heading and _is_part(heading, part_form, parts):
            parts.append(Part(heading.title, heading.number))
        opener = None if heading else theme(unit.text)
        if opener:
            key = len(parts) if part_form else 1
            counts.setdefault(key, {}).setdefault(opener, 0)
            counts[key][opener] += 1
    return {k: {o for o, n in c.items() if n >= 2} for k, c in counts.items()}


def _para(doc: Document, unit: Unit, preamble: bool = False) -> Para:
    return make_para(unit.text, unit.line, doc.remarks, preamble)


def _paragraph(doc: Document, part: Part, unit: Unit) -> None:
    para = _para(doc, unit)
    (part.sections[-1].paragraphs if part.sections else part.paragraphs).append(para)


def _theme_section(doc: Document, part: Part, unit: Unit) -> None:
    para = _para(doc, unit)
    para.kind = "lead"
    opener = theme(unit.text)
    first = sentences(para.text)[0]
    title = first[len(opener):].rstrip(TERMINATORS) or first  # "过去一年，我们。" would leave nothing
    number = len([s for s in part.sections if s.kind == "theme"]) + 1
    part.sections.append(Section(title, "theme", number, [para], line=unit.line, derived=True))


def _one_part(doc: Document, unit: Unit, meta: dict) -> None:
    """No part heading anywhere: after the salutation and opening, the whole text is one part."""
    doc.one_part = True
    doc.parts.append(Part(doc.title or meta.get("title") or "政府工作报告", line=unit.line, derived=True))
    doc.warnings.append("no part heading was found: the whole text is one part, titled after the report "
                        "(check it; if the report has parts, put each part's heading on a line of its own)")


def _appendix(doc: Document, units: list[Unit]) -> None:
    for unit in units:
        if is_appendix_heading(unit):
            continue
        note = note_line(unit)
        term = None if note else glossary_line(unit)
        if note:
            doc.notes.append(note)
        elif term:
            doc.glossary.append(term)
        else:
            doc.unplaced.append(_para(doc, unit))


def _finish(doc: Document) -> None:
    for part in doc.parts:
        for section in list(part.sections):
            if not section.paragraphs:
                # A heading with nothing under it stays as a paragraph (its words are not lost).
                index = part.sections.index(section)
                part.sections.remove(section)
                target = part.sections[index - 1].paragraphs if index else part.paragraphs
                target.append(Para(section.title, section.line))
                doc.remarks.append(f"line {section.line}: heading {section.title!r} has no text under it: kept as a paragraph")
    if not any(p.kind == "salutation" for p in doc.preamble):
        doc.remarks.append("no salutation (各位代表：) was found: everything before the first part is in the preamble")
    _text_end(doc)
    _note_warnings(doc)
    if doc.unplaced and doc.parts:
        last = doc.parts[-1]
        (last.sections[-1].paragraphs if last.sections else last.paragraphs).extend(doc.unplaced)


def _note_warnings(doc: Document) -> None:
    """What `gaobu check` will report about the notes: the source lacks a note, or a note's marker."""
    circled = any(not n.marker.startswith("[") for n in doc.notes)
    used = {m for p in doc.preamble + body_paragraphs(doc) for m in MARKER.findall(p.text) if circled or m.startswith("[")}
    markers = [n.marker for n in doc.notes]
    for marker in sorted(used - set(markers)):
        doc.warnings.append(f"the text refers to note {marker}, which the source does not have: add it to `notes:`")
    for marker in dict.fromkeys(m for m in markers if m not in used or markers.count(m) > 1):
        doc.warnings.append(f"note {marker} is not referred to by the text, or twice in the notes: check it")


def _text_end(doc: Document) -> None:
    last = last_paragraph(doc)
    if last is None or re.search(rf"[{TERMINATORS}…”’」）](?:{MARKER.pattern})*$", last.text):
        return  # a note's marker may follow the final stop
    if doc.unplaced:
        # Only the last paragraph may carry the mark, and the unplaced lines come after it.
        doc.remarks.append(f"the text before the appendix stops mid-sentence, after {last.text[-20:]!r}")
    elif re.search(r"[，、；：]$", last.text) or not closing(doc):
        doc.text_ends_here = True  # the source breaks off (a preview, a truncated copy)
    else:
        doc.remarks.append("the closing paragraph has no final punctuation mark (kept as it is)")


def body_paragraphs(doc: Document) -> list[Para]:
    out = []
    for part in doc.parts:
        out += part.paragraphs
        for section in part.sections:
            out += section.paragraphs
    return out


def closing(doc: Document) -> Para | None:
    """The report's last paragraph when it closes the address ("各位代表！" opens it or stands before it)."""
    paragraphs = [p for p in body_paragraphs(doc) if p not in doc.unplaced]
    if not paragraphs:
        return None
    last = paragraphs[-1]
    before = paragraphs[-2] if len(paragraphs) > 1 else None
    return last if last.text.startswith("各位代表") or (before and before.kind == "address") else None


def last_paragraph(doc: Document) -> Para | None:
    if not doc.parts:
        return doc.preamble[-1] if doc.preamble else None
    last = doc.parts[-1]
    if last.sections:
        return last.sections[-1].paragraphs[-1]
    return last.paragraphs[-1] if last.paragraphs else None
