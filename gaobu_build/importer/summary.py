"""What `gaobu import` tells the editor: the structure found, every heuristic that fired, the sentences in and out.

The sentences in are those of the text the structure was read from (after the
title block, page furniture removed, punctuation restored); the sentences out
are those of the written report (titles a heading did not give, such as a
theme section's, aside). Both are counted as multisets: equal counts of equal
sentences mean that every sentence was kept exactly once.
"""

from __future__ import annotations

import re
from collections import Counter

from .appendix import is_appendix_heading, note_line
from .structure import Document, last_paragraph
from .text import sentences, strip_marks
from .write import GLOSSARY_FILE, INDICATORS_FILE, REPORT_FILE

_SPACE = re.compile(r"\s+")


def _sentences(texts) -> Counter:
    return Counter(_SPACE.sub("", s) for text in texts for s in sentences(text))


def sentence_counts(doc: Document, report: dict) -> tuple[Counter, Counter]:
    """(sentences in, sentences out)."""
    glossary_lines = {t.line for t in doc.glossary}
    inputs = [strip_marks(u.text) for u in doc.body_units]
    inputs += [strip_marks(u.text) for u in doc.appendix_units
               if not is_appendix_heading(u) and (note_line(u) or u.line not in glossary_lines)]
    outputs = [p["zh"] for p in report.get("preamble", []) if p["id"] not in _title_block_ids(doc)]
    for part, data in zip(doc.parts, report["parts"]):
        if not part.derived:
            outputs.append(data["title"]["zh"])
        outputs += [p["zh"] for p in data.get("paragraphs", [])]
        for section, entry in zip(part.sections, data.get("sections", [])):
            if not section.derived:
                outputs.append(entry["title"]["zh"])
            outputs += [p["zh"] for p in entry["paragraphs"]]
    outputs += [f"{n['marker']} {n['zh']}" for n in report.get("notes", [])]
    return _sentences(inputs), _sentences(outputs)


def _title_block_ids(doc: Document) -> set[str]:
    return {p.id for p in doc.preamble if p.kind in ("label", "speaker")}


def summary(result, source: str, out: str) -> str:
    doc = result.doc
    sections = sum(len(p.sections) for p in doc.parts)
    paragraphs = len(doc.preamble) + sum(len(p.paragraphs) + sum(len(s.paragraphs) for s in p.sections) for p in doc.parts)
    lines = [f"Imported {source} into {out}", f"  parts: {len(doc.parts)}"]
    for part in doc.parts:
        count = len(part.paragraphs) + sum(len(s.paragraphs) for s in part.sections)
        lines.append(f"    {part.id}: {part.title} ({len(part.sections)} section(s), {count} paragraph(s))")
    lines += [f"  sections: {sections}",
              f"  paragraphs: {paragraphs} ({len(doc.preamble)} before the first part)",
              f"  notes: {len(doc.notes)}",
              f"  glossary entries: {len(doc.glossary)}",
              f"  proposed figures: {len(result.indicators)}",
              f"  sentences: {sum(result.sentences_in.values())} in, {sum(result.sentences_out.values())} out"]
    if result.sentences_in != result.sentences_out:
        lost = list((result.sentences_in - result.sentences_out).elements())
        added = list((result.sentences_out - result.sentences_in).elements())
        lines.append(f"Warning: the sentences in and out differ (please report this with the input): "
                     f"lost {lost[:3]}, added {added[:3]}")
    lines += [f"Warning: {warning}" for warning in doc.warnings]
    lines += _heuristics(result)
    if result.removed:
        lines.append(f"Removed {len(result.removed)} line(s) of page furniture (check that none is report text):")
        lines += [f"  line {n}: {text}" for n, text in result.removed]
    if doc.unplaced:
        lines.append(f"Could not place {len(doc.unplaced)} line(s) of the appendix; they are the last paragraphs of the report (check them):")
        lines += [f"  line {p.line}: {p.text}" for p in doc.unplaced]
    lines += [f"Note: {remark}" for remark in doc.remarks]
    if doc.text_ends_here:
        lines.append(f"The text stops mid-sentence: paragraph '{last_paragraph(doc).id}' is marked text_ends_here.")
    lines.append(f"Wrote {out}/{REPORT_FILE}, {out}/{INDICATORS_FILE}, {out}/{GLOSSARY_FILE}.")
    lines.append("Next: translate every `en: ''`, confirm the proposed figures and glossary entries, then run `gaobu check`.")
    return "\n".join(lines)


def _heuristics(result) -> list[str]:
    """Every rule that changed or guessed something, line by line, for the editor to check."""
    fired = [f"  line {n}: the text had lost its line breaks: cut where a heading, the address, a lead or an item starts"
             for n in result.run_together]
    fired += [f"  line {r.line}: added a lost full stop after a lead: {r.before}。" for r in result.repairs]
    fired += [f"  line {s.line}: a heading ran into its text: heading {s.heading!r}, text from {s.rest!r}…" for s in result.splits]
    return ([f"Heuristics ({len(fired)}; check them):"] + fired) if fired else []
