"""Every generated page of one language: home, each report's cover, parts and figures, the glossary."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .charts import growth_chart, ranking_chart, series_chart
from .downloads import FILES
from ..memo import DiskCache
from ..urls import download_path
from ..source.glossary import Glossary
from ..source.indicators import GROUPS, Indicator, format_change, format_rank, format_value
from ..source.model import LANGUAGES, SOURCE_LANGUAGE, Report
from ..source.numbering import number_report
from ..source.site import SiteIdentity
from .qr import part_codes
from .markdown import RenderedPage, Renderer, Safe, escape_fragment, html_title, normalize_space, paragraph_pages
from ..ui import UI

GLOSSARY_PAGE = "glossary.md"
FIGURES_PAGE = "figures.md"
PARALLEL_PAGE = "parallel.md"
PRINT_PAGE = "print.md"


@dataclass(frozen=True)
class ReportInput:
    """One report and what goes with it."""

    slug: str
    report: Report
    stale: frozenset[str] = frozenset()  # paragraphs whose English may be out of date
    indicators: list[Indicator] = field(default_factory=list)
    # Indicators that other reports state too, by id: [(period, indicator)], oldest first.
    series: dict[str, list[tuple[str, Indicator]]] = field(default_factory=dict)


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


def english_share(report: Report) -> int | None:
    """The percentage (rounded down) of a report's units that have English; None when all have."""
    units = list(report.units())
    translated = sum(text.text("en") is not None for _, text, _ in units)
    return None if translated == len(units) else 100 * translated // len(units)


def partial_note(report: Report, lang: str) -> Safe | None:
    """What a partly translated report says at the top of its English cover and its side-by-side view.

    The side-by-side view of the Chinese site (which the bilingual PDF is printed from) says it in both languages.
    """
    percent = english_share(report)
    if percent is None:
        return None
    note = escape_fragment(normalize_space(UI[lang]["partial_translation"].format(percent=percent)))
    if lang == SOURCE_LANGUAGE:
        english = escape_fragment(normalize_space(UI["en"]["partial_translation"].format(percent=percent)))
        note = Safe(f'{note} <span lang="{UI["en"]["html_lang"]}">{english}</span>')
    return note


def _renderer(item: ReportInput, lang: str, glossary: Glossary | None) -> Renderer:
    r = Renderer(lang, glossary, item.stale, _by_paragraph(item.indicators))
    r.numbers = number_report(item.report)
    r.notes = {note.marker: note for note in item.report.notes}
    return r


def render_report(item: ReportInput, lang: str, glossary: Glossary | None = None, pdfs: list | None = None,
                  charts: DiskCache | None = None, qr_base: str | None = None) -> list[RenderedPage]:
    """The cover, each part, the figures, the parallel view, and the print edition of one report.

    `pdfs` lists (label, file name) of the PDF editions the build makes, linked from the cover;
    `charts` keeps the figures' charts between builds; `qr_base` is site_url when the build makes
    the QR codes, which the print edition and the parallel view show for each part.
    """
    r = _renderer(item, lang, glossary)
    report, slug = item.report, item.slug
    anchors = paragraph_pages(report)
    cover = dict(report=report, anchors=anchors, key_rows=key_rows(item, lang), has_figures=bool(item.indicators),
                 pdfs=pdfs or [], partial_note=partial_note(report, lang) if lang != SOURCE_LANGUAGE else None)
    # The parallel view's source file, beside the cover and the parts: MkDocs turns the link into the page's URL.
    r.pair_href = PARALLEL_PAGE
    extra = lang != SOURCE_LANGUAGE  # English pages sit one folder deeper, under /en/
    pages = [r.page("report.md.j2", f"{slug}/index.md", report.title, to_root="../" * (1 + extra), **cover)]
    for part in report.parts:
        pages.append(r.page("part.md.j2", f"{slug}/{part.id}.md", part.title, report=report, part=part))
    if item.indicators:
        pages.append(render_figures(item, lang, r, anchors, charts))
    pages.append(render_parallel(item, lang, glossary, qr_base))
    r.pair_href = ""  # the print edition has no parallel links in its margins
    # Not in the navigation, so its title comes from its front matter, marked up like a navigation entry.
    shown, untranslated = r.pick(report.title)
    title = Safe(json.dumps(html_title(shown, untranslated, lang), ensure_ascii=False))
    pages.append(r.page("print.md.j2", f"{slug}/{PRINT_PAGE}", report.title, to_root="../" * (2 + extra),
                        page_title=title, part_qr=_part_qr(slug, (lang,), qr_base, lang), **cover))
    return pages


def _part_qr(slug: str, languages: tuple[str, ...], qr_base: str | None, lang: str):
    """What a page beside the parts (print edition, parallel view: two folders below the language's root)
    shows for a part: its QR codes and addresses in `languages`; None without QR codes."""
    if not qr_base:
        return None
    to_root = "../" * (2 + (lang != SOURCE_LANGUAGE))
    return lambda part_id: part_codes(slug, part_id, languages, qr_base, to_root, lang)


def render_parallel(item: ReportInput, lang: str, glossary: Glossary | None = None,
                    qr_base: str | None = None) -> RenderedPage:
    """One page in `lang`'s site, each paragraph's Chinese beside its English (and each part's QR codes,
    to its page in each language, with `qr_base`)."""
    page = _renderer(item, lang, glossary)
    zh, en = _renderer(item, "zh", glossary), _renderer(item, "en", glossary)
    zh.ref_suffix, en.ref_suffix = "-zh", "-en"  # both languages' markers on one page

    def notes_here():
        order = list(zh.refs) + [n for n in en.refs if n not in zh.refs]
        return sorted((n for n in item.report.notes if n.id in order), key=lambda n: order.index(n.id))

    def title_in(title):
        return Safe(f'<span lang="zh-Hans">{zh.text(title)}</span> <span class="gaobu-pair-sep">·</span> '
                    f'<span lang="en">{en.text(title)}</span>')

    return page.page("parallel.md.j2", f"{item.slug}/{PARALLEL_PAGE}", UI[lang]["parallel_title"], report=item.report,
                     partial_note=partial_note(item.report, lang),
                     zh=zh.prose, en=en.prose, title_in=title_in, untranslated_en=lambda p: en.pick(p)[1],
                     part_qr=_part_qr(item.slug, LANGUAGES, qr_base, lang),
                     pair_notes=notes_here, zh_note=zh.note_line, en_note=en.note_line)


def render_figures(item: ReportInput, lang: str, r: Renderer, anchors: dict[str, str],
                   cache: DiskCache | None = None) -> RenderedPage:
    ui = UI[lang]
    groups = [(g, r.ui[f"group_{g}"], [i for i in item.indicators if i.group == g]) for g in GROUPS]
    charts = [c for c in (growth_chart(item.indicators, lang, "chart-growth", ui["chart_growth"], cache),
                          ranking_chart(item.indicators, lang, "chart-ranking", ui["chart_ranking"], cache)) if c]
    series = [(i, item.series[i.id]) for i in item.indicators if i.id in item.series]
    periods = sorted({period for _, points in series for period, _ in points})
    series_rows = [(i, [format_value(dict(points)[p], lang) if p in dict(points) else "" for p in periods]) for i, points in series]
    series_chart_ = series_chart(series, lang, "chart-series", ui["chart_series"], format_value, cache) if series else None
    # Downloads live once, under the Chinese site's tree; the page (/<slug>/figures/ or
    # /en/<slug>/figures/) goes up to the site root in raw HTML, which MkDocs leaves alone.
    up = "../" * (2 + (lang != SOURCE_LANGUAGE))
    downloads = [(name, up + download_path(item.slug, name)) for name in FILES]
    rows = {i.id: (format_value(i, lang), format_change(i, lang), format_rank(i, lang)) for i in item.indicators}
    return r.page("figures.md.j2", f"{item.slug}/{FIGURES_PAGE}", ui["figures_title"], report=item.report,
                  groups=[g for g in groups if g[2]], charts=charts, downloads=downloads, rows=rows, anchors=anchors,
                  periods=[str(p) for p in periods], series_rows=series_rows, series_chart=series_chart_)


def render_home(items: list[ReportInput], lang: str, site: SiteIdentity) -> RenderedPage:
    r = Renderer(lang)
    entries = [(i.slug, i.report, paragraph_pages(i.report), key_rows(i, lang)) for i in items]
    return r.page("home.md.j2", "index.md", site.title(lang), reports=entries, heading=site.title(lang),
                  intro=site.intro.text(lang) if site.intro else None)


def render_glossary(glossary: Glossary, lang: str) -> RenderedPage:
    r = Renderer(lang)
    return r.page("glossary.md.j2", GLOSSARY_PAGE, UI[lang]["glossary"], terms=glossary.terms)


def render_site(items: list[ReportInput], lang: str, site: SiteIdentity, glossary: Glossary | None = None,
                pdfs: dict[str, list] | None = None, report_pages=render_report) -> list[RenderedPage]:
    """Every generated page of one language, home first, in reading order.

    `pdfs` maps a report's slug to the (label, file name) of its PDF editions, when the build makes them;
    `report_pages` renders one report (`render_report`, or a caller's cache of it).
    """
    pages = [render_home(items, lang, site)]
    for item in items:
        pages.extend(report_pages(item, lang, glossary, (pdfs or {}).get(item.slug)))
    if glossary and glossary.terms:
        pages.append(render_glossary(glossary, lang))
    return pages
