"""Checks of a report's notes and emphasis: every marker has its note, every note its marker, in both languages.

A marker is `[N]` in any text; a circled number (①) is a marker only in a
report whose notes use circled markers (elsewhere it numbers a list). Each
finding points at the marker itself (line and column of the YAML file), so an
editor lands on it.
"""

from __future__ import annotations

from ..source.findings import ERROR, Finding
from ..source.model import MARKER_RE, find_phrases

_CIRCLED = range(0x2460, 0x2474)


def _markers(text: str, circled: bool) -> list[str]:
    return [m.group(0) for m in MARKER_RE.finditer(text or "") if circled or ord(m.group(0)[0]) not in _CIRCLED]


def check_notes(source) -> list[Finding]:
    report = source.report
    notes = {}
    findings = []
    for i, note in enumerate(report.notes):
        if note.marker in notes:
            findings.append(source.finding(
                ("notes", i, "marker"), ERROR, "duplicate-note",
                f"Two notes have the marker {note.marker} ('{notes[note.marker].id}' and '{note.id}')",
                "Give each note its own marker, as the text refers to it.", unit=note.id))
        notes.setdefault(note.marker, note)
    circled = any(ord(marker[0]) in _CIRCLED for marker in notes)
    used = set()
    for paragraph, loc in report.all_paragraphs():
        zh = _markers(paragraph.zh, circled)
        used.update(zh)
        for marker in dict.fromkeys(zh):
            if marker not in notes:
                findings.append(_at_marker(source, loc + ("zh",), marker, ERROR, "note-missing",
                                           f"Paragraph '{paragraph.id}' refers to note {marker}, which the report does not have",
                                           f"Add the note under `notes:` (marker: '{marker}'), or remove the marker.",
                                           paragraph.id))
        en = paragraph.text("en")
        if en is None:
            continue  # not yet translated: the English page shows the Chinese, markers and all
        mine = _markers(en, circled)
        for marker in dict.fromkeys(zh + mine):
            if zh.count(marker) != mine.count(marker):
                where = loc + ("en",)
                message = (f"The English of paragraph '{paragraph.id}' has note marker {marker} "
                           f"{mine.count(marker)} time(s), the Chinese {zh.count(marker)}")
                findings.append(_at_marker(source, where, marker if marker in mine else "", ERROR, "note-marker-mismatch",
                                           message, "Put each marker where the English says what it notes, as often as "
                                           "the Chinese does.", paragraph.id))
    for i, note in enumerate(report.notes):
        if note.marker not in used:
            findings.append(source.finding(
                ("notes", i, "marker"), ERROR, "note-unused",
                f"Note '{note.id}' ({note.marker}) is not referred to: no paragraph has the marker {note.marker}",
                "Put the marker in the paragraph the note explains, or remove the note.", unit=note.id))
    return findings


def check_emphasis(source) -> list[Finding]:
    """Every emphasised phrase is in its text (each after the one before), in each language that has it."""
    findings = []
    items = list(source.report.all_paragraphs()) + [(n, ("notes", i)) for i, n in enumerate(source.report.notes)]
    for item, loc in items:
        for lang in ("zh", "en"):
            text = item.text(lang)
            phrases = [(i, e.text(lang)) for i, e in enumerate(item.emphasis) if e.text(lang)]
            if text is None:
                continue
            for (i, phrase), span in zip(phrases, find_phrases(text, [p for _, p in phrases])):
                if span is None:
                    findings.append(source.finding(
                        loc + ("emphasis", i, lang), ERROR, "emphasis-not-in-text",
                        f"The emphasised phrase {phrase!r} is not in the {lang} text of '{item.id}' "
                        "(after the phrase before it)", "Write the phrase exactly as the text has it, in the text's order.",
                        unit=item.id))
    return findings


def _at_marker(source, loc: tuple, marker: str, severity: str, code: str, message: str, hint: str, unit: str) -> Finding:
    """A finding at the marker in the YAML file (at the text's start when the marker cannot be found there)."""
    line, col = source.where(loc)
    try:
        lines = source.path.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    if marker:
        for number in range(line - 1, min(len(lines), line + 40)):
            start = col - 1 if number == line - 1 else 0
            found = lines[number].find(marker, start)
            if found >= 0:
                line, col = number + 1, found + 1
                break
            if number > line - 1 and lines[number].lstrip().startswith(("- ", "en:", "zh:", "id:", "emphasis:")):
                break  # the next field: the marker is not written out in this text
    return Finding(source.display_path, line, col, severity, code, message, hint, unit)
