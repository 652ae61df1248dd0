"""The shape of the bilingual site: languages, their URLs and the navigation.

No MkDocs here: the plugin asks this module what to build and where.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from ..source.loader import Project
from ..source.model import LANGUAGES, SOURCE_LANGUAGE
from ..memo import Memo, code_digest, digest
from .caches import BuildCaches
from ..render.pages import FIGURES_PAGE, GLOSSARY_PAGE, PARALLEL_PAGE, ReportInput, render_report, render_site
from ..render.downloads import downloads
from ..urls import download_path, language_prefix, to_site_root
from ..render.markdown import RenderedPage, html_title, paragraph_pages
from ..ui import UI
from ..source.translations import STALE, UNCONFIRMED


@dataclass(frozen=True)
class Alternate:
    lang: str
    hreflang: str
    name: str
    href: str  # relative to the current page
    absolute: str | None  # from site_url, when one is set
    current: bool


def page_alternates(lang: str, url: str, exists_in, site_root_url: str | None, site_root: str | None = None) -> list[Alternate]:
    """The same page in every language, `url` being relative to `lang`'s root.

    `exists_in(other_lang, url)` says whether that language has the page; when
    it has not, the link goes to that language's home instead. `site_root`
    replaces the relative way up (for pages served at any address, like 404).
    """
    up = to_site_root(lang, url) if site_root is None else site_root
    alternates = []
    for other in LANGUAGES:
        target = url if other == lang or exists_in(other, url) else ""
        path = language_prefix(other) + target
        href = (up + path) or "./"
        absolute = site_root_url + path if site_root_url else None
        alternates.append(Alternate(other, UI[other]["html_lang"], UI[other]["language_name"], href, absolute, other == lang))
    return alternates


def nav_for(project: Project, pages: list[RenderedPage], handwritten: list[tuple[str, str]], lang: str) -> list:
    """MkDocs `nav`: home, each report (cover, then its parts), then hand-written pages."""
    # MkDocs and Material write nav and page titles into HTML as they are, and
    # escape them (again) where they put them in attributes: only <, > and &.
    titles = {page.path: _nav_title(page, lang) for page in pages}
    nav: list = [{UI[lang]["home"]: "index.md"}]
    for source in project.reports:
        slug = source.slug
        children: list = [{UI[lang]["cover"]: f"{slug}/index.md"}]
        for part in source.report.parts:
            path = f"{slug}/{part.id}.md"
            children.append({titles[path]: path})
        for extra in (FIGURES_PAGE, PARALLEL_PAGE):  # the print edition stays out of the navigation
            if f"{slug}/{extra}" in titles:
                children.append({titles[f"{slug}/{extra}"]: f"{slug}/{extra}"})
        nav.append({titles[f"{slug}/index.md"]: children})
    if GLOSSARY_PAGE in titles:
        nav.append({titles[GLOSSARY_PAGE]: GLOSSARY_PAGE})
    for path, title in handwritten:
        nav.append({title: path})
    return nav


def nav_paths(nav: list) -> set[str]:
    """Every page path a `nav` (as nav_for makes it) lists."""
    paths = set()
    for entry in nav:
        for value in entry.values() if isinstance(entry, dict) else [entry]:
            paths |= nav_paths(value) if isinstance(value, list) else {value}
    return paths


def _nav_title(page: RenderedPage, lang: str) -> str:
    return html_title(page.title, page.untranslated_title, lang)


HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def lang_attribute(text: str, lang: str) -> str:
    """` lang="zh-Hans"` for a text with Chinese in it on a page of another language (a heading in the table of contents)."""
    if lang == SOURCE_LANGUAGE or not HAN_RE.search(text or ""):
        return ""
    return f' lang="{UI[SOURCE_LANGUAGE]["html_lang"]}"'


def report_labels(project: Project, lang: str) -> dict[str, str]:
    """Per report folder, the words that tell a search result which report it comes from.

    The report's title, which already names its year; the folder's own name when
    two reports share a title, so that no two reports give the same label.
    """
    titles = [source.report.title.text(lang) or source.report.title.zh for source in project.reports]
    return {source.slug: title if titles.count(title) == 1 else f"{title} ({source.slug})"
            for source, title in zip(project.reports, titles)}


def report_of(url: str, labels: dict[str, str]) -> str | None:
    """The label of the report a page belongs to (`url` relative to its language's root), if any."""
    first = url.split("/", 1)[0]
    return labels.get(first) if "/" in url else None


def stale_paragraphs(project: Project) -> dict[str, frozenset[str]]:
    """Per report, the paragraphs whose English readers should be warned about."""
    out = {}
    for source in project.reports:
        statuses = source.translations.statuses(source.report)
        paragraph_ids = {p.id for p, _ in source.report.all_paragraphs()}
        out[source.slug] = frozenset(u for u, s in statuses.items() if s in (STALE, UNCONFIRMED) and u in paragraph_ids)
    return out


def indicator_series(project: Project) -> dict[str, list]:
    """Indicators stated by two or more reports (same id): [(period, indicator)] by period, oldest first."""
    by_id: dict[str, list] = {}
    for source in project.reports:
        for ind in source.indicators.model.indicators if source.indicators else []:
            by_id.setdefault(ind.id, []).append((str(ind.period), ind))
    return {ident: sorted(points, key=lambda p: p[0]) for ident, points in by_id.items() if len(points) >= 2}


def report_inputs(project: Project) -> list[ReportInput]:
    stale = stale_paragraphs(project)
    series = indicator_series(project)
    return [ReportInput(s.slug, s.report, stale[s.slug], s.indicators.model.indicators if s.indicators else [], series)
            for s in project.reports]


_REPORT_PAGES = Memo(size=128)


def generated_pages(project: Project, lang: str, pdfs: dict[str, list] | None = None,
                    cache: BuildCaches | None = None, qr_base: str | None = None) -> list[RenderedPage]:
    """`pdfs`: per report, the (label, site path) of the PDF editions this build makes; `qr_base`: site_url,
    when the build makes the QR codes (which the print edition and the parallel view show).

    A report's pages come from memory (`mkdocs serve`), else from `cache` (the last builds'),
    else they are rendered.
    """
    glossary = project.glossary.glossary if project.glossary else None
    sources = {source.slug: source for source in project.reports}

    def report_pages(item: ReportInput, lang: str, glossary, editions) -> list[RenderedPage]:
        # A report's pages depend on its files, the glossary, its editions and the other years of its indicators.
        series = [(i, [(period, point.model_dump_json()) for period, point in item.series[i]])
                  for i in sorted({ind.id for ind in item.indicators} & set(item.series))]
        key = (lang, item.slug, sources[item.slug].digest, project.glossary_digest, repr(editions), repr(series), qr_base)

        def render() -> list[RenderedPage]:
            return render_report(item, lang, glossary, editions, cache.charts if cache else None, qr_base)

        def kept() -> list[RenderedPage]:
            if cache is None:
                return render()
            # On disk, the code that renders is part of the key (and the charts' libraries: the figures page has them).
            code = code_digest("gaobu_build", "jinja2", "markupsafe", "pydantic", "matplotlib", "numpy")
            return cache.pages.get(digest(repr(key), code), render, _dump_pages, _load_pages)

        return _REPORT_PAGES.get(key, kept)

    return render_site(report_inputs(project), lang, project.identity, glossary=glossary, pdfs=pdfs, report_pages=report_pages)


def _dump_pages(pages: list[RenderedPage]) -> bytes:
    return json.dumps([asdict(page) for page in pages], ensure_ascii=False).encode("utf-8")


def _load_pages(raw: bytes) -> list[RenderedPage]:
    return [RenderedPage(**page) for page in json.loads(raw)]


def handwritten_pages(docs_root: Path, lang: str) -> list[tuple[str, str]]:
    """(path, title) of each Markdown page an editor wrote in `docs/<lang>/`; title from its first `# ` line."""
    folder = docs_root / lang
    pages = []
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        rel = path.relative_to(folder).as_posix()
        title = next((line[2:].split("{")[0].strip() for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# ")), rel)
        pages.append((rel, title))
    return pages


def download_files(project: Project, site_root_url: str) -> dict[str, bytes]:
    """Site path → bytes of every download (`<slug>/data/…`), for reports that have indicators; links from `site_root_url`."""
    files = {}
    for source in project.reports:
        if source.indicators is None:
            continue
        made = downloads(source.slug, source.report, source.indicators.model.indicators, paragraph_pages(source.report), site_root_url)
        files.update({download_path(source.slug, name): data for name, data in made.items()})
    return files
