"""What `gaobu check` sums up: coverage per report and language, and counts of each problem."""

from __future__ import annotations

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
    header = ("Report", "Language", "Units", "Translated", "Missing", "Stale", "Coverage")
    rows = [header]
    for report in summary["reports"]:
        for c in report["coverage"]:
            rows.append((report["report"], c["language"], str(c["units"]), str(c["translated"]),
                         str(c["missing"]), str(c["stale"]), f"{c['percent']:.1f}%"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
             for row in rows]
    lines.append("")
    lines.append("Figure mismatches: {figure_mismatches}   Term warnings: {term_warnings}   "
                 "Typography warnings: {typography_warnings}   Masked texts: {masked_texts}".format(**summary))
    return "\n".join(lines)


def accept_translations(project, units: set[str], accept_all: bool) -> list[str]:
    """Record the current Chinese fingerprints; returns what was done, one line each.

    A unit is named by its id, or as `REPORT/UNIT` when several reports have it.
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
    lines = []
    for source in project.reports:
        state = source.translations
        chosen = wanted[source.slug]
        if chosen is not None and not chosen:
            continue
        accepted = state.accept(source.report, chosen)
        dropped = state.prune(source.report) if accept_all else []
        if accepted or dropped or not state.path.exists():
            state.write(source.report)
        shown = f"data/{source.slug}/{state.path.name}"
        lines.extend(f"{shown}: accepted {unit}" for unit in accepted)
        lines.extend(f"{shown}: dropped {unit} (no longer in the report)" for unit in dropped)
        if not accepted and not dropped:
            lines.append(f"{shown}: nothing to accept")
    return lines
