"""Indicators against the text: each one stated by its paragraph, and each figure of the text an indicator."""

from __future__ import annotations

from ..source.quantities import chinese_figures, english_figures
from ..source.findings import ERROR, WARNING
from ..source.indicators import GROUPS, format_change, format_rank, format_value

# Anchors the figures page makes itself: its top, the downloads, a heading per group.
RESERVED_ON_FIGURES_PAGE = frozenset({"top", "downloads", "across-years", *GROUPS})


def _shown(ind, part: str) -> str:
    formatter = {"value": format_value, "change": format_change, "rank": format_rank}[part]
    return f"“{formatter(ind, 'zh')}” / “{formatter(ind, 'en')}”"



def check_indicators(source) -> list:
    data = source.indicators
    if data is None:
        return []
    report = source.report
    paragraphs = {p.id: p for p, _ in report.all_paragraphs()}
    findings, seen = [], {}
    if report.key_figures:
        findings.append(source.finding(
            ("key_figures",), WARNING, "key-figures-ignored",
            "`key_figures` is not shown: with indicators, the key figures are the indicators marked `key: true`",
            f"Remove `key_figures` and mark the key indicators in {data.display_path} with `key: true`.", key=True))
    for i, ind in enumerate(data.model.indicators):
        loc = ("indicators", i)
        if ind.id in seen:
            findings.append(data.finding(loc + ("id",), ERROR, "duplicate-id",
                                         f"Duplicate indicator id '{ind.id}' (first used by indicator {seen[ind.id] + 1})",
                                         "Each indicator needs its own id: it is the anchor of its row and its key in the downloads."))
            continue
        seen[ind.id] = i
        if ind.id in RESERVED_ON_FIGURES_PAGE or ind.id.startswith("chart-"):
            findings.append(data.finding(loc + ("id",), ERROR, "reserved-id",
                                         f"The id '{ind.id}' is reserved for the figures page's own use",
                                         f"Choose another id; these are taken: {', '.join(sorted(RESERVED_ON_FIGURES_PAGE))}, chart-…"))
        if not ind.figures():
            findings.append(data.finding(loc, ERROR, "empty-indicator", f"Indicator '{ind.id}' states no figure",
                                         "Give it a `value`, a `change` or a `rank`."))
        if ind.name.text("en") is None:
            written = data.has(loc + ("name", "en"))
            findings.append(data.finding(loc + ("name", "en") if written else loc + ("name",), WARNING, "untranslated",
                                         f"Indicator '{ind.id}' has no English name",
                                         ("Write its English name after `en:`" if written else "Add `en:` to its name")
                                         + "; until then the English figures page shows the Chinese.",
                                         unit=ind.id))
        paragraph = paragraphs.get(ind.paragraph)
        if paragraph is None:
            findings.append(data.finding(loc + ("paragraph",), ERROR, "unknown-paragraph",
                                         f"Indicator '{ind.id}' points to paragraph '{ind.paragraph}', which does not exist",
                                         "Use the id of the paragraph that states this figure."))
            continue
        texts = {"zh": chinese_figures(paragraph.zh)}
        if paragraph.text("en"):
            texts["en"] = english_figures(paragraph.en)
        for part, figure in ind.figures():
            for lang, found in texts.items():
                if not any(figure.matches(f) for f in found):
                    findings.append(data.finding(
                        loc + (part,), ERROR, "indicator-not-in-text",
                        f"Indicator '{ind.id}': its {part} {_shown(ind, part)} is not stated in the "
                        f"{'Chinese' if lang == 'zh' else 'English'} text of paragraph '{ind.paragraph}'",
                        "Indicators store values in base units (18042000000 for 180.42亿元, 93.4 for 93.4%); "
                        "correct the number or point to the paragraph that states it.", unit=ind.id))
    findings.extend(_uncovered(source, paragraphs))
    return findings


def _uncovered(source, paragraphs) -> list:
    """Figures of the Chinese text that no indicator states and that are not declared as not figures."""
    data = source.indicators
    stated: dict[str, list] = {}
    for ind in data.model.indicators:
        stated.setdefault(ind.paragraph, []).extend(f for _, f in ind.figures())
    ignored = {(n.paragraph, n.figure) for n in data.model.not_figures}
    years = {source.report.year, source.report.year - 1}
    findings = []
    for paragraph, loc in source.report.all_paragraphs():
        pid = paragraph.id
        for figure in chinese_figures(paragraph.zh):
            if figure.weak or (pid, figure.text) in ignored:
                continue
            if figure.kind == "number" and figure.value in years:
                continue  # the report's own years are dates, not figures
            if not any(figure.matches(s) for s in stated.get(pid, [])):
                findings.append(source.finding(
                    loc + ("zh",), WARNING, "figure-not-indicator",
                    f"Paragraph '{pid}' states {figure.text}, which no indicator records",
                    f"Add an indicator for it (paragraph: {pid}), or list it under `not_figures:` with the reason.",
                    unit=pid))
    for i, item in enumerate(data.model.not_figures):
        paragraph = paragraphs.get(item.paragraph)
        if paragraph is None or not any(f.text == item.figure for f in chinese_figures(paragraph.zh)):
            findings.append(data.finding(
                ("not_figures", i, "figure"), WARNING, "stale-not-figure",
                f"'{item.figure}' is listed as not a figure of paragraph '{item.paragraph}', which does not state it",
                "Remove the entry, or correct the paragraph id or the figure as the Chinese text writes it."))
    return findings
