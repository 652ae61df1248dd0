"""`gaobu translate export|import|memory|terms`: what the command line calls, and what it prints.

Exit codes: 0 done, 1 the data or the file has errors (nothing or only part
imported, as printed), 2 a usage error (unknown report, format or file).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from ..source.findings import ERROR, DataError, format_text
from ..source.loader import read_project
from .. import files
from . import importing
from .storage import XLIFF_EXTENSIONS, XLSX_EXTENSIONS, FileProblems
from .tbx import term_csv, termbase
from .tmx import memory
from .units import FINAL, project_units
from .xliff import XliffFile
from .xlsx import XlsxFile

FORMATS = {"xliff": XliffFile, "xlsx": XlsxFile}
EXTENSIONS = {**{e: "xliff" for e in XLIFF_EXTENSIONS}, **{e: "xlsx" for e in XLSX_EXTENSIONS}}


class UsageError(Exception):
    pass


def _say(command: str, message: str) -> None:
    print(f"gaobu translate {command}: error: {message}", file=sys.stderr)


def _project(root: Path, undone: str):
    """The project as read, or None after saying why nothing was `undone` ("exported", "imported")."""
    try:
        return read_project(root)
    except DataError as exc:
        print(format_text(exc.findings), file=sys.stderr)
        print(f"Nothing was {undone}: correct the data first.", file=sys.stderr)
        return None


def _write(out: Path, data: bytes) -> None:
    if out.parent and not out.parent.is_dir():
        raise UsageError(f"no folder {out.parent} to write {out.name} into")
    files.write_bytes(out, data)


def export(root: Path, out: str, fmt: str | None, reports: list[str] | None, selection: str) -> int:
    path = Path(out)
    fmt = fmt or EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        _say("export", f"cannot tell the format of {out}: pass --format xliff or --format xlsx (or name the file .xlf or .xlsx)")
        return 2
    project = _project(root, "exported")
    if project is None:
        return 1
    slugs = [s.slug for s in project.reports]
    unknown = [r for r in reports or [] if r not in slugs]
    if unknown:
        _say("export", f"no report '{unknown[0]}' in data/ (the reports are: {', '.join(slugs)})")
        return 2
    units = project_units(project, reports, selection)
    if not units:
        print(f"Nothing to export: no {selection if selection != 'todo' else 'untranslated, stale or unconfirmed'} unit "
              f"in {', '.join(reports or slugs)} (pass --units all to export every unit). {out} was not written.")
        return 0
    paths = {s.slug: s.display_path for s in project.reports}
    try:
        _write(path, FORMATS[fmt]().write(units, paths))
    except UsageError as exc:
        _say("export", str(exc))
        return 2
    states = Counter(u.state for u in units)
    by_report = ", ".join(dict.fromkeys(u.report for u in units))
    print(f"{out}: {len(units)} unit(s) of {by_report} to translate ("
          + ", ".join(f"{n} {state}" for state, n in sorted(states.items())) + ")")
    return 0


def import_file(root: Path, file: str, dry_run: bool) -> int:
    path = Path(file)
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        _say("import", f"cannot import {file}: expected an XLIFF file (.xlf, .xliff) or a spreadsheet (.xlsx)")
        return 2
    try:
        data = path.read_bytes()
    except OSError as exc:
        _say("import", f"cannot read {file}: {exc.strerror}")
        return 2
    project = _project(root, "imported")
    if project is None:
        return 1
    try:
        returned = FORMATS[fmt]().read(file, data)
        problems = importing.unknown_units(project, returned)
        if problems:
            raise FileProblems(problems)
    except FileProblems as exc:
        print("\n".join(p.format() for p in exc.problems))
        print(f"Nothing was imported: {file} cannot be used as it is.")
        return 1
    outcome = importing.plan(project, returned)
    for problem in outcome.refused:
        print(problem.format())
    for position, finding in outcome.findings:
        print(importing.format_finding(position, finding))
    if not dry_run:
        importing.write(outcome)
    for line in _summary(file, outcome, dry_run):
        print(line)
    failed = outcome.refused or any(f.severity == ERROR for _, f in outcome.findings)
    return 1 if failed else 0


def _summary(file: str, outcome, dry_run: bool) -> list[str]:
    lines = []
    written, confirmed = ("would be written", "would be confirmed") if dry_run else ("written", "confirmed")
    for item in outcome.reports:
        shown = item.source.display_path
        if item.written:
            lines.append(f"{shown}: {len(item.written)} English text(s) {written}: {', '.join(item.written)}")
        if item.confirmed:
            lines.append(f"{shown}: {len(item.confirmed)} unit(s) {confirmed} (signed off in {file}): {', '.join(item.confirmed)}")
        if item.unconfirmed:
            lines.append(f"{shown}: not confirmed, the gate found an error: {', '.join(item.unconfirmed)}")
        waiting = [u for u in item.written if u not in item.confirmed and u not in item.unconfirmed]
        if waiting:
            lines.append(f"{shown}: awaiting review: {', '.join(waiting)} (confirm with `gaobu check --accept UNIT` "
                         "after review, or import them again marked final)")
    if outcome.refused:
        lines.append(f"Refused {len(outcome.refused)} unit(s) whose Chinese changed after the export.")
    if not outcome.reports and not outcome.refused:
        lines.append(f"{file}: nothing to import (every English text in it is already in the data).")
    if dry_run:
        lines.append("--dry-run: nothing was written.")
    return lines


def translation_memory(root: Path, out: str) -> int:
    project = _project(root, "exported")
    if project is None:
        return 1
    units = [u for u in project_units(project, None, "all") if u.state == FINAL]
    try:
        _write(Path(out), memory(units))
    except UsageError as exc:
        _say("memory", str(exc))
        return 2
    print(f"{out}: {len(units)} confirmed unit(s) of {len(project.reports)} report(s)")
    return 0


def terms(root: Path, out: str, fmt: str | None) -> int:
    fmt = fmt or {".tbx": "tbx", ".csv": "csv"}.get(Path(out).suffix.lower(), "tbx")
    project = _project(root, "exported")
    if project is None:
        return 1
    glossary = project.glossary.glossary if project.glossary else None
    try:
        _write(Path(out), termbase(glossary) if fmt == "tbx" else term_csv(glossary))
    except UsageError as exc:
        _say("terms", str(exc))
        return 2
    print(f"{out}: {len(glossary.terms) if glossary else 0} term(s)")
    return 0
