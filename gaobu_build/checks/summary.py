"""What `gaobu check` sums up: coverage per report and language, and counts of each problem."""

from __future__ import annotations

from ..source.findings import ERROR, WARNING
from ..source.translations import coverage

# Codes counted separately in the summary, under the names editors know them by.
COUNTED = {
    "figure_mismatches": ("figure-mismatch",),
    "term_warnings": ("term", "term-form"),
    "typography_warnings": ("half-width-punctuation", "doubled-punctuation"),
    "masked_texts": ("masked-text",),
}


def quality_summary(project, findings) -> dict | None:
    if project is None:
        return None
    reports = []
    for source in project.reports:
        statuses = source.translations.statuses(source.report)
        reports.append({"report": source.slug, "coverage": [c.as_dict() for c in coverage(statuses)]})
    counts = {name: sum(f.code in codes for f in findings) for name, codes in COUNTED.items()}
    return {"reports": reports, **counts}


def coverage_table(summary: dict) -> str:
    header = ("Report", "Language", "Units", "Confirmed", "Unconfirmed", "Stale", "Missing", "Coverage")
    rows = [header]
    for report in summary["reports"]:
        for c in report["coverage"]:
            rows.append((report["report"], c["language"], str(c["units"]), str(c["confirmed"]), str(c["unconfirmed"]),
                         str(c["stale"]), str(c["missing"]), f"{c['percent']:.1f}%"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
             for row in rows]
    lines.append("")
    lines.append("Figure mismatches: {figure_mismatches}   Term warnings: {term_warnings}   "
                 "Typography warnings: {typography_warnings}   Masked texts: {masked_texts}".format(**summary))
    return "\n".join(lines)


# Findings that accepting answers (or that say there is nothing to accept): they never stop it.
RESOLVED_BY_ACCEPTING = frozenset({"stale", "unconfirmed", "no-translation-record", "untranslated"})


def unit_findings(source, findings) -> dict[str, list]:
    """Per unit of a report, the errors and warnings the gate found in it (its paragraph's indicators included)."""
    paragraph_of = {}
    if source.indicators:
        paragraph_of = {i.id: i.paragraph for i in source.indicators.model.indicators}
        indicators_path = source.indicators.display_path
    out: dict[str, list] = {}
    for f in findings:
        if f.severity not in (ERROR, WARNING) or f.code in RESOLVED_BY_ACCEPTING:
            continue
        if f.path == source.display_path and f.unit:
            out.setdefault(f.unit, []).append(f)
        elif paragraph_of and f.path == indicators_path and f.unit in paragraph_of:
            out.setdefault(paragraph_of[f.unit], []).append(f)
    # The unit's own text first, then what its indicators say of it.
    return {u: sorted(fs, key=lambda f: (f.path != source.display_path, f.sort_key())) for u, fs in out.items()}


def _named(f) -> str:
    return f"{f.severity}: {f.message} [{f.code}] ({f.path}:{f.line}:{f.column})"


def accept_translations(project, units: set[str], accept_all: bool, findings=()) -> tuple[list[str], int]:
    """Record the current Chinese fingerprints; returns what was done, one line each, and how many units were refused.

    A unit is named by its id, or as `REPORT/UNIT` when several reports have it.
    A unit with an error (a wrong figure, a mask changed) is refused, and the
    error named; one with warnings is accepted, and the warnings named.
    """
    wanted: dict[str, set[str] | None] = {s.slug: (None if accept_all else set()) for s in project.reports}
    for name in units:
        slug, _, unit = name.rpartition("/")
        holders = [s for s in project.reports if (not slug or s.slug == slug)
                   and any(u == unit for u, _, _ in s.report.units())]
        if not holders:
            raise ValueError(f"no unit '{name}' in the reports (a paragraph id, or PART.title for a part's or section's title)")
        if len(holders) > 1:
            raise ValueError(f"'{unit}' is in several reports ({', '.join(s.slug for s in holders)}): write it as REPORT/{unit}")
        if wanted[holders[0].slug] is not None:
            wanted[holders[0].slug].add(unit)
    lines, refused_count = [], 0
    for source in project.reports:
        state = source.translations
        chosen = wanted[source.slug]
        if chosen is not None and not chosen:
            continue
        shown = f"data/{source.slug}/{state.path.name}"
        problems = unit_findings(source, findings)
        candidates = {u for u, t, _ in source.report.units() if t.text("en") and (chosen is None or u in chosen)}
        refused = [u for u, _, _ in source.report.units() if u in candidates
                   and any(f.severity == ERROR for f in problems.get(u, []))]
        for unit in refused:
            refused_count += 1
            errors = [f for f in problems[unit] if f.severity == ERROR]
            lines.append(f"{shown}: refused {unit}: " + "; ".join(_named(f) for f in errors))
        accepted = state.accept(source.report, candidates - set(refused))
        dropped = state.prune(source.report) if accept_all else []
        if accepted or dropped or (not state.path.exists() and not refused):
            state.write(source.report)
        for unit in accepted:
            warnings = problems.get(unit, [])
            lines.append(f"{shown}: accepted {unit}" + (", with warning(s): " + "; ".join(_named(f) for f in warnings) if warnings else ""))
        lines.extend(f"{shown}: dropped {unit} (no longer in the report)" for unit in dropped)
        if not accepted and not dropped and not refused:
            lines.append(f"{shown}: nothing to accept")
    return lines, refused_count
