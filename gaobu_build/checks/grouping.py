"""Findings for a reader of `gaobu check`: errors first, only the reports and severities asked for, and what
repeats within a part (its untranslated texts…) as one line.

A group is itself a Finding, at the position of its first member, so that it
prints as `path:line:col: severity: message [code]` like any other, and an
editor's jump-to-line still lands on the first text to fix.
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath

from ..source.findings import ERROR, NOTE, WARNING, Finding
from ..source.loader import DATA_DIR

SEVERITIES = (ERROR, WARNING, NOTE)  # worst first
COVER = "cover"  # a report's texts outside its parts (title, meeting, source, key figures, preamble): its cover page

# Codes that repeat unit after unit: the message of their group line ({where}: {what} …), and its hint.
GROUPED = {
    "untranslated": ("{what} untranslated",
                     "Write the English of each (`{verbose}` lists them); until then the English site shows "
                     "the Chinese text, marked as not yet translated."),
    "unconfirmed": ("{what} have no record of the Chinese they translate",
                    "Once the English is checked against the Chinese, run `gaobu check --accept UNIT` for each "
                    "(`{verbose}` lists them), or `gaobu check --accept-all`."),
    "stale": ("the Chinese of {what} changed after translation",
              "Update the English, then run `gaobu check --accept UNIT` for each (`{verbose}` lists them, "
              "with the fingerprint to record)."),
}
_KINDS = (("paragraph", "paragraphs"), ("title", "titles"), ("other text", "other texts"), ("indicator name", "indicator names"))


def report_of(finding: Finding) -> str:
    """The report folder a finding is about ('' for the site's own files: the glossary, hand-written pages)."""
    if finding.report:
        return finding.report
    parts = PurePosixPath(finding.path).parts
    return parts[1] if len(parts) == 3 and parts[0] == DATA_DIR else ""


def select(findings: list[Finding], reports: list[str] | None = None, severity: str | None = None) -> list[Finding]:
    """The findings of `reports` (and of no report in particular), of `severity` or worse, worst first."""
    worst = SEVERITIES.index(severity) if severity else len(SEVERITIES) - 1
    chosen = [f for f in findings
              if (not reports or report_of(f) in ("", *reports)) and SEVERITIES.index(f.severity) <= worst]
    # Stable: findings at one position keep the order of the checks that made them.
    return sorted(chosen, key=lambda f: (SEVERITIES.index(f.severity), f.path, f.line, f.column))


def _places(project) -> dict[str, dict[str, tuple[str, str]]]:
    """Per file that holds translatable texts: unit → (where it is: a part's id or the cover, what kind of text)."""
    places: dict[str, dict[str, tuple[str, str]]] = {}
    for source in project.reports:
        paragraphs = {p.id for p, _ in source.report.all_paragraphs()}
        units = {}
        for unit, _, loc in source.report.units():
            where = source.report.parts[loc[1]].id if loc[0] == "parts" else COVER
            kind = "paragraph" if unit in paragraphs else "title" if unit.endswith(".title") else "other text"
            units[unit] = (where, kind)
        places[source.display_path] = units
        if source.indicators is not None:
            places[source.indicators.display_path] = {i.id: ("", "indicator name")
                                                      for i in source.indicators.model.indicators}
    return places


def _counted(kinds: Counter) -> str:
    """`25 paragraphs, 7 titles and 1 other text`."""
    words = [f"{kinds[one]} {one if kinds[one] == 1 else many}" for one, many in _KINDS if kinds[one]]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def grouped(project, findings: list[Finding]) -> list[Finding]:
    """`findings` (in order) with each run of a GROUPED code within one part (or one file) as one finding."""
    if project is None:
        return list(findings)
    places = _places(project)
    members: dict[tuple, list[Finding]] = {}
    for f in findings:
        place = places.get(f.path, {}).get(f.unit)
        if f.code in GROUPED and place is not None:
            members.setdefault((f.path, f.severity, f.code, place[0]), []).append(f)
    out, done = [], set()
    for f in findings:
        place = places.get(f.path, {}).get(f.unit)
        key = (f.path, f.severity, f.code, place[0]) if f.code in GROUPED and place is not None else None
        group = members.get(key, [f])
        if len(group) < 2:
            out.append(f)
        elif key not in done:
            done.add(key)
            message, hint = GROUPED[f.code]
            what = _counted(Counter(places[f.path][g.unit][1] for g in group))
            where = f"{key[3]}: " if key[3] else ""
            verbose = f"gaobu check --report {report_of(f)} --verbose"
            out.append(Finding(f.path, f.line, f.column, f.severity, f.code, where + message.format(what=what),
                               hint.format(verbose=verbose), report=f.report))
    return out


def format_lines(findings: list[Finding]) -> str:
    """Each finding on its line; a hint once, after the last of the findings in a row that share it."""
    lines = []
    for i, f in enumerate(findings):
        lines.append(f"{f.path}:{f.line}:{f.column}: {f.severity}: {f.message} [{f.code}]")
        following = findings[i + 1] if i + 1 < len(findings) else None
        if f.hint and (following is None or following.hint != f.hint):
            lines.append(f"  hint: {f.hint}")
    return "\n".join(lines)


def counts_line(findings: list[Finding], severity: str | None = None) -> str:
    """`0 error(s), 217 warning(s), 1 note(s)`, and what `--severity` keeps out of sight."""
    counts = {sev: sum(f.severity == sev for f in findings) for sev in SEVERITIES}
    line = f"{counts[ERROR]} error(s), {counts[WARNING]} warning(s), {counts[NOTE]} note(s)"
    hidden = [f"{sev}s" for sev in SEVERITIES[SEVERITIES.index(severity) + 1:] if counts[sev]] if severity else []
    if hidden:
        line += f" ({' and '.join(hidden)} not shown: --severity {severity})"
    return line
