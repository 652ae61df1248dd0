"""The report's appendix: its glossary (名词注解 / 名词解释) and its notes (注释, with numbered markers).

- A glossary line "term：definition" (also numbered, "1.两快两射：…") is a
  proposed glossary entry; the quotes around a whole term and the number are
  dropped, being typography of the list.
- A note line starts with its marker: `[1] “term”：definition` (the marker and
  the term possibly bold: `**[1] “term”：**…`, `**[6]** **“term”**：…`) or ①.
  It becomes a note of the report, its marker kept apart and its text whole:
  the marker stays where it is in the paragraph that refers to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .segment import GLOSSARY, Unit
from .text import BOLD_OFF, BOLD_ON, plain_and_emphasis, strip_marks

NOTES_HEADING = re.compile(r"(?:注释|注解|注)[：:]?")
# A marker: [1] … [999], or a circled number ① … ⑳ (as the model's MARKER_RE).
MARKER = re.compile(r"\[\d{1,3}\]|[\u2460-\u2473]")
NOTE_LINE = re.compile(rf"^[{BOLD_ON}{BOLD_OFF}\s]*({MARKER.pattern})[{BOLD_OFF}]?\s*")
_NUMBER = re.compile(r"^\d{1,3}[.、．]\s*")


@dataclass
class Term:
    zh: str
    definition: str
    line: int
    raw: str  # the line as the source prints it


@dataclass
class Note:
    marker: str
    text: str  # without the marker
    line: int
    emphasis: list[str] = field(default_factory=list)
    id: str = ""


def is_appendix_heading(unit: Unit) -> str | None:
    """'glossary' or 'notes' for the heading of an appendix, else None."""
    plain = strip_marks(unit.text).strip()
    if GLOSSARY.fullmatch(plain):
        return "glossary"
    if NOTES_HEADING.fullmatch(plain):
        return "notes"
    return None


def note_line(unit: Unit) -> Note | None:
    match = NOTE_LINE.match(unit.text)
    if not match:
        return None
    # The marker's own bold marks go with it; the rest keeps its bold as emphasis.
    rest = unit.text[match.end():]
    if unit.text[:match.start(1)].count(BOLD_ON) > unit.text[:match.end()].count(BOLD_OFF):
        rest = BOLD_ON + rest  # "**[1] “term”：**…": the bold goes on after the marker
    text, emphasis = plain_and_emphasis(rest)
    return Note(match.group(1), text, unit.line, emphasis) if text else None


def glossary_line(unit: Unit) -> Term | None:
    raw = strip_marks(unit.text).strip()
    term, sep, definition = _NUMBER.sub("", raw).partition("：")
    if not (sep and term and len(term) <= 40 and definition):
        return None
    if len(term) > 2 and term[0] == "“" and term[-1] == "”" and "“" not in term[1:-1]:
        term = term[1:-1]  # the term is a lookup key; its quotes are typography
    return Term(term, definition, unit.line, raw)
