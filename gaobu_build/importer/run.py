"""`gaobu import`: the steps in order, the summary an editor checks, and the one-line errors."""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..source.model import Report
from .furniture import remove_furniture
from .headings import normalise
from .ids import REVIEW, assign_ids, period
from .indicator_format import to_indicators
from .propose import propose
from .punctuation import restore_punctuation
from .read import SourceError, read_source
from .segment import Repair, Split, segment
from .structure import Document, build
from .text import strip_marks
from .summary import sentence_counts, summary
from .write import GLOSSARY_FILE, INDICATORS_FILE, REPORT_FILE, dump, glossary_data, report_data, write_folder


@dataclass
class Imported:
    doc: Document
    year: int
    report: dict
    glossary: dict
    indicators: list[dict]
    removed: list[tuple[int, str]] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    splits: list[Split] = field(default_factory=list)
    run_together: list[int] = field(default_factory=list)
    sentences_in: Counter = field(default_factory=Counter)
    sentences_out: Counter = field(default_factory=Counter)

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
    """Read, clean and recognise one report; raise SourceError when it cannot be used."""
    source = read_source(path)
    kept, removed = remove_furniture(source.blocks)
    for block in kept:
        block.text = restore_punctuation(block.text)
    cut = segment(kept)
    doc = build(cut.units, source.meta)
    doc.remarks[:0] = source.meta.get("notes", [])
    missing = _missing(doc, kept)
    if missing:
        raise SourceError(f"this is not a work report: missing {'; '.join(missing)}",
                          "Import the report's own text: its title, the address to the deputies, its parts.",
                          "no-structure")
    year = year or _year(doc)
    if year is None:
        raise SourceError("the report's year is not stated in its title, date or part headings",
                          "Pass --year YYYY.", "no-year")
    if not doc.title:
        doc.title = f"{year}年政府工作报告"
        doc.remarks.append(f"no title line was found: the title is {doc.title!r}")
    assign_ids(doc, year)
    report = report_data(doc, year, source.meta.get("source"))
    try:
        Report.model_validate(report)
    except ValidationError as exc:  # a bug of the importer, not of the input
        raise SourceError(f"the imported report does not fit the schema ({exc.error_count()} problem(s))",
                          "Please report this with the input file.", "invalid-output") from exc
    return Imported(doc, year, report, glossary_data(doc, source.meta.get("source")), propose(doc), removed,
                    cut.repairs, cut.splits, cut.run_together, *sentence_counts(doc, report))


def _missing(doc: Document, kept) -> list[str]:
    """What the text lacks, when it is not a report: none of the genre's markers, or no text past its opening."""
    text = "".join(strip_marks(b.text) for b in kept)
    missing = [what for what, present in (
        ("a title ending in 报告", bool(doc.title) or "报告" in text),
        ("the address 各位代表", "各位代表" in text),
        ("a part heading such as '一、2023年工作回顾'", bool(doc.parts) and not doc.one_part),
    ) if not present]
    if not doc.parts:
        return missing + ["any text after the opening"]
    return missing if len(missing) == 3 else []


def _year(doc: Document) -> int | None:
    for text in (doc.title, doc.meeting):
        found = re.search(r"(\d{4})年", normalise(text))
        if found:
            return int(found.group(1))
    for part in doc.parts:
        when = period(part.title, None)
        if when and when.isdigit():
            return int(when) + 1 if REVIEW.search(part.title) else int(when)
    return None


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
