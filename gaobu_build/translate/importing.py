"""`gaobu translate import`: a translator's file back into report.yaml, through the quality gate.

Nothing is written unless the whole file can be read and every unit in it is
known (a malformed file changes nothing). A unit whose Chinese changed after
the export is refused and named; the others are written. Each English text is
written in place (`yamledit`), the gate runs on the report as it will be, and
its findings are shown at the unit's place in the imported file as well as in
report.yaml. A unit is confirmed (its fingerprint recorded) only when the file
says it is final or signed off and the gate finds no error in it; an English
text that changed without that loses its old confirmation.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.project import check_project
from ..source.findings import ERROR, NOTE, Finding
from ..memo import digest
from ..source.indicators import INDICATORS_FILE
from ..source.loader import parse_report
from ..source.translations import TranslationState, fingerprint
from .. import files
from .storage import Problem, Returned
from .yamledit import set_english

# Said once in the summary rather than once per unit: every imported text is unconfirmed until reviewed.
QUIET_CODES = frozenset({"unconfirmed", "no-translation-record"})


@dataclass
class ReportImport:
    """What one report gets from the file."""

    source: object  # the ReportSource as read
    edits: dict[tuple, str] = field(default_factory=dict)  # location → new English
    written: list[str] = field(default_factory=list)  # unit ids whose English changes
    signed_off: list[str] = field(default_factory=list)
    positions: dict[str, str] = field(default_factory=dict)  # unit id → where it is in the file
    confirmed: list[str] = field(default_factory=list)
    unconfirmed: list[str] = field(default_factory=list)  # signed off in the file, but the gate found an error
    new_raw: bytes = b""
    new_state: TranslationState | None = None


@dataclass
class Outcome:
    reports: list[ReportImport]
    refused: list[Problem]
    findings: list[tuple[str, Finding]]  # (position in the file, finding)


def unknown_units(project, returned: list[Returned]) -> list[Problem]:
    """Units of the file that the project does not have: the file is not for this data."""
    sources = {s.slug: s for s in project.reports}
    problems = []
    for r in returned:
        source = sources.get(r.report)
        if source is None:
            problems.append(Problem(r.position, f"No report '{r.report}' in data/ (the file names data/{r.report}/report.yaml)",
                                    "unknown-report", "Import the file into the project it was exported from."))
        elif r.id not in {u for u, _, _ in source.report.units()}:
            problems.append(Problem(r.position, f"No unit '{r.id}' in {source.display_path}", "unknown-unit",
                                    "Keep the ids as exported; a unit removed from the report since cannot come back."))
    return problems


def plan(project, returned: list[Returned]) -> Outcome:
    """What importing `returned` would do, nothing written yet."""
    sources = {s.slug: s for s in project.reports}
    imports: dict[str, ReportImport] = {}
    refused = []
    for r in returned:
        source = sources[r.report]
        item = imports.setdefault(r.report, ReportImport(source))
        text, loc = next((t, l) for u, t, l in source.report.units() if u == r.id)
        target = (r.target or "").strip()
        if not target:
            continue  # no English in the file: nothing to write, nothing to confirm
        now = fingerprint(text.zh)
        exported = r.fingerprint or fingerprint(r.source)
        line, col = source.where(loc + ("zh",))
        if exported != now:
            refused.append(Problem(
                r.position, f"The Chinese of '{r.id}' changed after the export (exported {exported}, now {now}): "
                            f"its English was not imported ({source.display_path}:{line}:{col})", "changed-source",
                f"Export the unit again (`gaobu translate export --report {r.report}`) and have the new Chinese translated."))
            continue
        item.positions[r.id] = r.position
        if target != (text.text("en") or "").strip():
            item.edits[loc] = target
            item.written.append(r.id)
        if r.signed_off:
            item.signed_off.append(r.id)
    reports = [i for i in imports.values() if i.written or i.signed_off]
    for item in reports:
        _prepare(item)
    return Outcome(reports, refused, _gate(project, reports))


def _prepare(item: ReportImport) -> None:
    source = item.source
    item.new_raw = set_english(source.path.read_bytes(), item.edits)
    state = TranslationState(source.translations.path, dict(source.translations.recorded))
    for unit in item.written:
        state.recorded.pop(unit, None)  # new English: no longer what was confirmed
    item.new_state = state


def _as_written(project, reports: list[ReportImport]):
    """The project as it will be once `reports` are written."""
    replaced = {}
    for item in reports:
        old = item.source
        new, problems = parse_report(old.path, old.display_path, old.slug, item.new_raw)
        if new is None or any(p.severity == ERROR for p in problems):
            raise RuntimeError(f"the English written into {old.display_path} does not read back: "
                               + "; ".join(p.format() for p in problems))
        _verify(old.report, new.report, item.edits)
        # The checks keep their results by this key (memo.py): it must name the report as it will be.
        indicators = old.path.parent / INDICATORS_FILE
        key = digest(item.new_raw, "".join(f"{u}: {f}\n" for u, f in sorted(item.new_state.recorded.items())),
                     indicators.read_bytes() if indicators.is_file() else b"")
        replaced[old.slug] = dataclasses.replace(new, translations=item.new_state, indicators=old.indicators, digest=key)
    return dataclasses.replace(project, reports=[replaced.get(s.slug, s) for s in project.reports], findings=[])


def _verify(before, after, edits: dict[tuple, str]) -> None:
    """Every unit reads back as meant: the Chinese as it was, the English as the file says or as it was."""
    new = {u: t for u, t, _ in after.units()}
    for unit, text, loc in before.units():
        expected = edits.get(loc, text.en)
        if new[unit].zh != text.zh or (new[unit].en or None) != (expected or None):
            raise RuntimeError(f"writing the English of '{unit}' would change more than its English")


def _gate(project, reports: list[ReportImport]) -> list[tuple[str, Finding]]:
    """Run the whole gate on the project as it will be; confirm what may be; the findings of the touched units."""
    if not reports:
        return []
    after = _as_written(project, reports)
    findings = check_project(after)
    for item in reports:
        shown = item.source.display_path
        errors = {f.unit for f in findings if f.severity == ERROR and f.path == shown}
        for unit in item.signed_off:
            if unit in errors:
                item.unconfirmed.append(unit)
                continue
            zh = next(t.zh for u, t, _ in item.source.report.units() if u == unit)
            if item.new_state.recorded.get(unit) != fingerprint(zh):
                item.new_state.recorded[unit] = fingerprint(zh)
                item.confirmed.append(unit)
    findings = check_project(_as_written(project, reports))  # again: confirmed units are no longer unconfirmed
    shown_units = {(i.source.display_path, u): i.positions[u] for i in reports for u in i.positions}
    for item in reports:  # an indicator its paragraph's new English no longer states is that unit's finding too
        indicators = item.source.indicators
        for ind in indicators.model.indicators if indicators else []:
            if ind.paragraph in item.positions:
                shown_units[(indicators.display_path, ind.id)] = item.positions[ind.paragraph]
    out = [(shown_units[(f.path, f.unit)], f) for f in findings
           if (f.path, f.unit) in shown_units and f.severity != NOTE and f.code not in QUIET_CODES]
    reports_yaml = {i.source.display_path for i in reports}
    # In the file's order; for each unit, the findings in its own text before those of its indicators.
    return sorted(out, key=lambda pf: (_order(pf[0]), pf[1].path not in reports_yaml, pf[1].sort_key()))


def _order(position: str) -> tuple:
    tail = position.rsplit(":", 1)[-1] if ":" in position else position.rsplit("!", 1)[-1]
    digits = "".join(c for c in tail if c.isdigit())
    return (position.rsplit(tail, 1)[0], int(digits or 0), tail)


def write(outcome: Outcome) -> None:
    for item in outcome.reports:
        if item.new_state.recorded != item.source.translations.recorded:
            item.new_state.write(item.source.report)
        if item.edits:
            files.write_bytes(item.source.path, item.new_raw)


def format_finding(position: str, finding: Finding) -> str:
    lines = [f"{position}: {finding.severity}: {finding.message} [{finding.code}]",
             f"  at {finding.path}:{finding.line}:{finding.column}"]
    if finding.hint:
        lines.append(f"  hint: {finding.hint}")
    return "\n".join(lines)
