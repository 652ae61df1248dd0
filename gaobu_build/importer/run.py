"""`gaobu import`: the steps in order, the summary an editor checks, and the one-line errors."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..source.model import Report
from .propose import propose
from .indicator_format import to_indicators
from .furniture import remove_furniture
from .ids import assign_ids
from .punctuation import restore_punctuation
from .read import SourceError, read_source
from .segment import Repair, segment
from .structure import Document, build, last_paragraph
from .write import dump, glossary_data, report_data, write_folder

REPORT_FILE = "report.yaml"
INDICATORS_FILE = "indicators.proposed.yaml"
GLOSSARY_FILE = "glossary.proposed.yaml"


@dataclass
class Imported:
    doc: Document
    year: int
    report: dict
    glossary: dict
    indicators: list[dict]
    removed: list[tuple[int, str]] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)

    def files(self, source_name: str) -> dict[str, str]:
        about = f"{self.doc.title}: imported by `gaobu import` from {source_name}."
        return {
            REPORT_FILE: dump(self.report, about + "\n\nChinese as the source gives it (page furniture removed, full-width punctuation\n"
                              "restored). Every `en: ''` is still to be translated; until then the English site\n"
                              "shows the Chinese text, marked as not yet translated. See data/README.md."),
            INDICATORS_FILE: dump({"indicators": to_indicators(self.indicators, self.year)}, about + "\n\nFigures the importer found, in the format of indicators.yaml, for an editor to\n"
                                  "confirm: copy the right ones into indicators.yaml, give each an id, its English\n"
                                  "name, a group and the English scope of a rank; `gaobu check` then verifies them\n"
                                  "against the text (see data/README.md, \"Indicators\")."),
            GLOSSARY_FILE: dump(self.glossary, about + "\n\nThe source's 名词注解 / 名词解释 as glossary entries: translate them and merge\n"
                                "them into data/glossary.yaml."),
        }


def import_report(path: Path, year: int | None = None) -> Imported:
    # `indicators` keeps the proposals as the text prints them; the file holds them as indicators.
    """Read, clean and recognise one report; raise SourceError when it cannot be used."""
    source = read_source(path)
    kept, removed = remove_furniture(source.blocks)
    for block in kept:
        block.text = restore_punctuation(block.text)
    units, repairs = segment(kept)
    doc = build(units, source.meta)
    doc.notes[:0] = source.meta.get("notes", [])
    if not doc.parts:
        text = "".join(b.text for b in kept)
        missing = [what for what, present in (
            ("a title ending in 报告", bool(doc.title) or "报告" in text),
            ("the address 各位代表", "各位代表" in text),
            ("a part heading such as '2023年工作回顾' or '2024年工作安排'", False),
        ) if not present]
        raise SourceError(f"this is not a work report: missing {'; '.join(missing)}",
                          "Put each part's heading on a line of its own, then import again.", "no-structure")
    year = year or _year(doc)
    if year is None:
        raise SourceError("the report's year is not stated in its title, date or part headings",
                          "Pass --year YYYY.", "no-year")
    if not doc.title:
        doc.title = f"{year}年政府工作报告"
        doc.notes.append(f"no title line was found: the title is {doc.title!r}")
    assign_ids(doc)
    report = report_data(doc, year, source.meta.get("source"))
    try:
        Report.model_validate(report)
    except ValidationError as exc:  # a bug of the importer, not of the input
        raise SourceError(f"the imported report does not fit the schema ({exc.error_count()} problem(s))",
                          "Please report this with the input file.", "invalid-output") from exc
    return Imported(doc, year, report, glossary_data(doc, source.meta.get("source")), propose(doc), removed, repairs)


def _year(doc: Document) -> int | None:
    for text in (doc.title, doc.meeting):
        found = re.search(r"(\d{4})年", text)
        if found:
            return int(found.group(1))
    for part in doc.parts:
        if part.year:
            return part.year + 1 if part.kind == "review" else part.year
    return None


def summary(result: Imported, source: str, out: str) -> str:
    doc = result.doc
    sections = sum(len(p.sections) for p in doc.parts)
    paragraphs = len(doc.preamble) + sum(len(p.paragraphs) + sum(len(s.paragraphs) for s in p.sections) for p in doc.parts)
    lines = [f"Imported {source} into {out}",
             f"  parts: {len(doc.parts)} ({', '.join(p.id for p in doc.parts)})",
             f"  sections: {sections}",
             f"  paragraphs: {paragraphs}",
             f"  glossary entries: {len(doc.glossary)}",
             f"  proposed figures: {len(result.indicators)}"]
    if result.removed:
        lines.append(f"Removed {len(result.removed)} line(s) of page furniture (check that none is report text):")
        lines += [f"  line {n}: {text}" for n, text in result.removed]
    if result.repairs:
        lines.append(f"Added {len(result.repairs)} lost full stop(s) after a lead (check them):")
        lines += [f"  line {r.line}: {r.before}。" for r in result.repairs]
    if doc.unplaced:
        lines.append(f"Could not place {len(doc.unplaced)} line(s) of the glossary; they are the last paragraphs of the report (check them):")
        lines += [f"  line {p.line}: {p.text}" for p in doc.unplaced]
    lines += [f"Note: {note}" for note in doc.notes]
    if doc.text_ends_here:
        lines.append(f"The text stops mid-sentence: paragraph '{last_paragraph(doc).id}' is marked text_ends_here.")
    lines.append(f"Wrote {out}/{REPORT_FILE}, {out}/{INDICATORS_FILE}, {out}/{GLOSSARY_FILE}.")
    lines.append("Next: translate every `en: ''`, confirm the proposed figures and glossary entries, then run `gaobu check`.")
    return "\n".join(lines)


def _fail(path, message: str, hint: str, code: str) -> int:
    print(f"{path}: error: {message}. {hint} [{code}]", file=sys.stderr)
    return 1


def run(source: str, out: str, force: bool = False, year: int | None = None) -> int:
    """The command: exit 0 when the folder was written, 1 (with one line on stderr) when nothing was."""
    try:
        result = import_report(Path(source), year)
    except SourceError as exc:
        return _fail(source, exc.message, exc.hint, exc.code)
    target = Path(out)
    if target.exists() and not target.is_dir():
        return _fail(out, "a file is in the way of the report folder", "Choose another --out.", "out-not-folder")
    if target.exists() and not force:
        return _fail(out, "the report folder already exists", "Pass --force to replace it, or choose another --out.", "out-exists")
    try:
        write_folder(target, result.files(Path(source).name), force)
    except OSError as exc:
        return _fail(out, f"cannot write the report folder ({exc.strerror or exc})", "Check the folder's permissions.", "unwritable")
    print(summary(result, source, out))
    return 0
