"""Every generated page of one language: home, each report's cover, parts and figures, the glossary."""

from __future__ import annotations

from dataclasses import dataclass, field

from .charts import growth_chart, ranking_chart
from .exports import DOWNLOADS_DIR, FILES
from .glossary import Glossary
from .indicators import GROUPS, Indicator, format_change, format_rank, format_value
from .model import SOURCE_LANGUAGE, Report
from .numbering import number_report
from .render import RenderedPage, Renderer, paragraph_pages
from .strings import UI

GLOSSARY_PAGE = "glossary.md"
FIGURES_PAGE = "figures.md"


@dataclass(frozen=True)
class ReportInput:
    """One report and what goes with it."""

    slug: str
    report: Report
    stale: frozenset[str] = frozenset()  # paragraphs whose English may be out of date
    indicators: list[Indicator] = field(default_factory=list)


@dataclass(frozen=True)
class KeyRow:
    label: object  # Bilingual or text
    value: object
    change: object
    paragraph: str


def key_rows(item: ReportInput, lang: str) -> list[KeyRow]:
    """Key figures: from the indicators marked `key` when the report has indicators, else from `key_figures`."""
    if item.indicators:
        return [KeyRow(i.name, format_value(i, lang),
                       ("，" if lang == "zh" else ", ").join(x for x in (format_change(i, lang), format_rank(i, lang)) if x),
                       i.paragraph) for i in item.indicators if i.key]
    return [KeyRow(f.label, f.value, f.change, f.paragraph) for f in item.report.key_figures]


def _by_paragraph(indicators: list[Indicator]) -> dict[str, list[Indicator]]:
    out: dict[str, list[Indicator]] = {}
    for ind in indicators:
        out.setdefault(ind.paragraph, []).append(ind)
    return out


def render_report(item: ReportInput, lang: str, glossary: Glossary | None = None) -> list[RenderedPage]:
    r = Renderer(lang, glossary, item.stale, _by_paragraph(item.indicators))
    report, slug = item.report, item.slug
    r.numbers = number_report(report)
    anchors = paragraph_pages(report)
    pages = [r.page("report.md.j2", f"{slug}/index.md", report.title, report=report, anchors=anchors,
                    key_rows=key_rows(item, lang), has_figures=bool(item.indicators))]
    for part in report.parts:
        pages.append(r.page("part.md.j2", f"{slug}/{part.id}.md", part.title, report=report, part=part))
    if item.indicators:
        pages.append(render_figures(item, lang, r, anchors))
    return pages


def render_figures(item: ReportInput, lang: str, r: Renderer, anchors: dict[str, str]) -> RenderedPage:
    ui = UI[lang]
    groups = [(g, r.ui[f"group_{g}"], [i for i in item.indicators if i.group == g]) for g in GROUPS]
    charts = [c for c in (growth_chart(item.indicators, lang, "chart-growth", ui["chart_growth"]),
                          ranking_chart(item.indicators, lang, "chart-ranking", ui["chart_ranking"])) if c]
    # Downloads live once, under the Chinese site's tree; the page (/<slug>/figures/ or
    # /en/<slug>/figures/) goes up to the site root in raw HTML, which MkDocs leaves alone.
    up = "../" * (2 + (lang != SOURCE_LANGUAGE))
    downloads = [(name, f"{up}{item.slug}/{DOWNLOADS_DIR}/{name}") for name in FILES]
    rows = {i.id: (format_value(i, lang), format_change(i, lang), format_rank(i, lang)) for i in item.indicators}
    return r.page("figures.md.j2", f"{item.slug}/{FIGURES_PAGE}", ui["figures_title"], report=item.report,
                  groups=[g for g in groups if g[2]], charts=charts, downloads=downloads, rows=rows, anchors=anchors)


def render_home(items: list[ReportInput], lang: str) -> RenderedPage:
    r = Renderer(lang)
    entries = [(i.slug, i.report, paragraph_pages(i.report), key_rows(i, lang)) for i in items]
    return r.page("home.md.j2", "index.md", UI[lang]["home_title"], reports=entries)


def render_glossary(glossary: Glossary, lang: str) -> RenderedPage:
    r = Renderer(lang)
    return r.page("glossary.md.j2", GLOSSARY_PAGE, UI[lang]["glossary"], terms=glossary.terms)


def render_site(items: list[ReportInput], lang: str, glossary: Glossary | None = None) -> list[RenderedPage]:
    """Every generated page of one language, home first, in reading order."""
    pages = [render_home(items, lang)]
    for item in items:
        pages.extend(render_report(item, lang, glossary))
    if glossary and glossary.terms:
        pages.append(render_glossary(glossary, lang))
    return pages
