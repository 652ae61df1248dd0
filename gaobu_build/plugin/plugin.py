"""The thin MkDocs layer: MkDocs' events, and the build of both languages.

One `mkdocs build` or `mkdocs serve` builds the whole bilingual site. MkDocs
builds the Chinese site (at the site root); when it has finished, this plugin
builds English into `en/` from its own configuration (loaded again from
mkdocs.yml, with the same command, `--dirty` and serve address), then indexes
both for search, prints the PDFs and, for `build` and `gh-deploy`, swaps the
finished site into place. The English build is handed its language and the
session explicitly (`_join`), whichever plugin instance MkDocs gives it.
"""

from __future__ import annotations

import html
import json
import re
import logging
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.commands.build import log as build_log
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import DuplicateFilter
from markupsafe import Markup

from ..site import pdf, redirects, search
from ..site.footer import footer_items
from ..site.theme import THEME_DIR, palette_css
from ..render import qr, share
from ..source.findings import ERROR, NOTE, DataError, Finding
from ..checks.project import checked_project
from ..source.loader import DATA_DIR
from ..source.model import LANGUAGES, SOURCE_LANGUAGE
from ..render.permalinks import PermalinkExtension
from ..render.tables import TableRegionExtension
from ..render.heading_ids import HeadingIdExtension, heading_line
from ..render.markdown import CompiledTemplates, escape_attr
from ..site.caches import BuildCaches
from ..site.layout import (download_files, generated_pages, handwritten_pages, lang_attribute, nav_for, nav_paths,
                           page_alternates,
                           report_labels, report_of)
from ..urls import absolute, language_prefix, page_url, to_site_root
from ..files import CACHE_DIR, cache_dir
from ..ui import UI
from .config import GaobuConfig
from .preview import Preview, watch_often
from .session import Session

log = logging.getLogger("mkdocs.plugins.gaobu")

PLUGIN_NAME = "gaobu"  # as in mkdocs.yml and the entry point

TEMPLATES = Path(__file__).parent.parent / "render" / "templates"
REQUIRED_EXTENSIONS = ("attr_list", "tables", "admonition", "toc", "md_in_html")


@dataclass
class LanguageBuild:
    """What one language's build needs to know; one per MkDocs config."""

    lang: str
    config: object
    project: object = None
    pages: list = field(default_factory=list)
    urls: dict = field(default_factory=dict)
    site_root_url: str | None = None
    site_path: str = "/"
    session: Session | None = None
    redirects: redirects.RedirectPlan = field(default_factory=redirects.RedirectPlan)
    descriptions: dict = field(default_factory=dict)
    pdf_jobs: list = field(default_factory=list)
    report_labels: dict = field(default_factory=dict)  # slug → the label of its pages' search results
    # MkDocs' objects of the last build, for the live preview to rebuild single pages with (preview.py).
    nav_spec: list = field(default_factory=list)
    files: object = None
    nav: object = None
    env: object = None
    heading_ids: HeadingIdExtension = field(default_factory=HeadingIdExtension)


class GaobuPlugin(BasePlugin[GaobuConfig]):
    # Per-build state lives in a LanguageBuild keyed by the config it belongs to, and what both
    # languages share in their Session: nothing depends on MkDocs giving the English build this
    # same instance (it does today, for plugins with startup events, but that is not a promise).
    def __init__(self):
        self.command: str | None = None
        self.dirty = False
        self.builds: dict[int, LanguageBuild] = {}
        self.primary: LanguageBuild | None = None
        self.session: Session | None = None  # the run this instance's latest build belongs to
        self._joining: dict[int, tuple[Session, str]] = {}  # id(config) → the session and language it builds
        # MkDocs compiles the theme's templates again for every build: for the second language
        # and on every `mkdocs serve` rebuild (compiling was a third of a one-report build in cProfile;
        # see benchmarks/README.md). Compiled once, they are shared, and kept in .cache/gaobu/templates/
        # for the next build.
        self.theme_templates = CompiledTemplates()

    # -- configuration -----------------------------------------------------------
    def on_startup(self, *, command, dirty):
        self.command, self.dirty = command, dirty

    def _join(self, config, session: Session, lang: str) -> None:
        """Make `config`'s build the `lang` build of `session` (called on the instance MkDocs will use for it)."""
        self._joining[id(config)] = (session, lang)
        self.command, self.dirty = session.command, session.dirty

    def on_config(self, config):
        session, lang = self._joining.pop(id(config), (None, SOURCE_LANGUAGE))
        state = LanguageBuild(lang, config)
        root = Path(config.config_file_path).resolve().parent
        if session is None:  # MkDocs' own build: the first language, which starts the session
            session = self.session = Session(self.command, self.dirty, config.strict)
            session.caches = BuildCaches.under(root)
            self.theme_templates.folder = cache_dir(root) / "templates"
            session.theme_templates = self.theme_templates  # the English build uses them too
            session.serve_url = config.site_url if self.command == "serve" else None  # `serve` set it to its address
            try:
                state.project = checked_project(root, session.caches.checks)
            except DataError as exc:
                raise PluginError(f"The report data has errors:\n{exc}") from None
            for finding in state.project.findings:
                # Notes never fail a build, not even with --strict, which counts warnings.
                (log.info if finding.severity == NOTE else log.warning)(finding.format())
            self.builds, self.primary = {}, state
            state.site_root_url = config.site_url or None
            if not state.site_root_url:  # QR codes: once a build (--- sharing ---)
                log.info("gaobu: no site_url: the QR codes are not made (set site_url in mkdocs.yml, or GAOBU_SITE_URL)")
            state.pdf_jobs = self._pdf_jobs(state.project)
            if self.command in ("build", "gh-deploy"):  # `serve --clean` too: its temporary folder is swapped like site/
                session.stage(config)
        else:
            self.session, self.primary = session, session.primary
            state.project = self.primary.project
            state.site_root_url = self.primary.site_root_url
            # Without a site_url MkDocs links the 404 page from "/"; the English one must use "/en/".
            config.site_url = (state.site_root_url or "/") + language_prefix(lang)
        state.session = session
        session.primary = self.primary
        session.languages[lang] = state
        self.builds[id(config)] = state
        self._check_config(config)

        config.theme["language"] = UI[lang]["html_lang"]
        config.theme["font"] = False  # no Google Fonts: blocked in mainland China, and they leak visits
        # The colours are data/site.yaml's (set in main.html): Material's own palette must not add its own.
        config.theme["palette"] = {"scheme": "default", "primary": "custom", "accent": "custom"}
        self._add_theme(config)
        # The editors' text, escaped once: Markup, because Material writes the name both as it is and through `| e`.
        config.site_name = Markup(html.escape(state.project.identity.name.text(lang), quote=True))
        docs_root = root / "docs"
        config.docs_dir = str(docs_root / lang)
        if lang != SOURCE_LANGUAGE:
            state.pdf_jobs = self.primary.pdf_jobs
        pdfs = {}
        for slug, label, job in state.pdf_jobs:
            pdfs.setdefault(slug, []).append((label, job.out))
        state.pages = generated_pages(state.project, lang, pdfs=pdfs, cache=session.caches, qr_base=state.site_root_url)
        state.report_labels = report_labels(state.project, lang)
        handwritten = {other: handwritten_pages(docs_root, other) for other in LANGUAGES}
        state.urls = {other: {page_url(p.path) for p in state.pages} | {page_url(path) for path, _ in handwritten[other]}
                      for other in LANGUAGES}
        config.nav = state.nav_spec = nav_for(state.project, state.pages, handwritten[lang], lang)
        # Truthy but not a list: Material then includes partials/alternate.html
        # (our per-page language switcher) without emitting its own site-wide links.
        config.extra["alternate"] = True
        state.site_path = urlsplit(state.site_root_url or "/").path
        config.watch.extend(str(p) for p in (root / DATA_DIR, docs_root, TEMPLATES, THEME_DIR) if p.exists())
        self._links_config(state, config, root)
        return config

    def _links_config(self, state: LanguageBuild, config, root: Path) -> None:
        # Our Markdown extensions, once each: the numbers' links, the heading ids, and each table in a scrolling box
        # of its own, so that no page scrolls sideways (render/tables.py).
        ours = (PermalinkExtension, HeadingIdExtension, TableRegionExtension)
        config.markdown_extensions[:] = [e for e in config.markdown_extensions if not isinstance(e, ours)]
        config.markdown_extensions.extend([PermalinkExtension(state.lang), state.heading_ids, TableRegionExtension(state.lang)])
        # Material's title of the page's table of contents, which would read 目录 / "Table of contents"
        # above the cover's own 目录 / "Contents" heading.
        config.mdx_configs.setdefault("toc", {})["title"] = UI[state.lang]["toc_title"]
        state.redirects = redirects.plan(state.project, state.project.registry.model if state.project.registry else None, state.lang)
        state.descriptions = share.page_descriptions(state.project, state.lang)

    @staticmethod
    def _add_theme(config) -> None:
        """The package's templates, CSS and JS, right after the site's own `custom_dir` (which still wins)."""
        dirs = config.theme.dirs
        if str(THEME_DIR) not in dirs:
            dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))

    def _check_config(self, config):
        names = {ext if isinstance(ext, str) else next(iter(ext)) for ext in config.markdown_extensions}
        missing = [ext for ext in REQUIRED_EXTENSIONS if ext not in names]
        if missing:
            raise ConfigurationError(f"gaobu: Expected markdown_extensions to include {', '.join(missing)} but received: {', '.join(sorted(names)) or 'none'}")
        if not config.use_directory_urls:
            raise ConfigurationError("gaobu: Expected use_directory_urls: true but received: false (published URLs are directories)")
        if config.theme.name != "material":
            raise ConfigurationError(f"gaobu: Expected theme name 'material' but received: {config.theme.name!r}")

    # -- content -------------------------------------------------------------------
    def on_files(self, files, config):
        state = self.builds[id(config)]
        in_nav = nav_paths(config.nav)
        for page in state.pages:
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(f"docs/{state.lang}/{page.path} has the path of a generated page: rename or remove it")
            # A page kept out of the navigation on purpose (the print edition) is said to be, so MkDocs does not list it.
            inclusion = InclusionLevel.UNDEFINED if page.path in in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.path, content=page.markdown, inclusion=inclusion))
        if state.lang == SOURCE_LANGUAGE:  # downloads are language-neutral: one copy, under the site root
            for path, data in download_files(state.project, state.site_root_url or "/").items():
                files.append(File.generated(config, path, content=data))
            if state.site_root_url:  # the QR codes of every language (--- sharing ---)
                for path, data in qr.site_files(state.project, state.site_root_url, state.session.caches.qr).items():
                    files.append(File.generated(config, path, content=data))
        state.files = files
        return files

    def on_nav(self, nav, config, files):
        self.builds[id(config)].nav = nav
        return nav

    def _context(self, state: LanguageBuild, url: str | None) -> dict:
        if url is None:  # pages with no source (404) are served at any address: links from the site root
            to_root = state.site_path
            alternates = page_alternates(state.lang, "", lambda *_: False, state.site_root_url, site_root=to_root)
        else:
            to_root = to_site_root(state.lang, url)
            alternates = page_alternates(state.lang, url, lambda other, u: u in state.urls[other], state.site_root_url)
        return {
            "lang": state.lang,
            "ui": UI[state.lang],
            "back_home": {lang: UI[lang]["back_home"] for lang in LANGUAGES},
            "alternates": alternates,
            "pagefind_bundle": (to_root or "./") + "pagefind/",
            "pagefind_base": state.site_path,
            "search": self.config.search,
            "footer": footer_items(state.project.identity, state.lang),
            "palette_css": palette_css(state.project.identity.palette),
            # Labels each search result with its report (data-pagefind-meta/-filter in main.html).
            "report": report_of(url, state.report_labels) if url else None,
            **self._sharing(state, url),
        }

    def _sharing(self, state: LanguageBuild, url: str | None) -> dict:
        page_url = state.site_root_url + language_prefix(state.lang) + url if state.site_root_url and url is not None else None
        script = {"url": page_url, "moves": state.redirects.moves.get(url or "", {}) if url is not None else {},
                  "copied": UI[state.lang]["link_copied"],
                  # The number menus (--- sharing ---)
                  "share": share.share_script(state.project, state.lang, url, state.site_root_url) if url is not None else None}
        return {
            "page_url": page_url,
            "description": state.descriptions.get(url, state.descriptions[""]),
            "locale": UI[state.lang]["locale"],
            "locale_alternates": [UI[lang]["locale"] for lang in LANGUAGES if lang != state.lang],
            "links_json": json.dumps(script, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c"),
        }

    def on_page_content(self, html_text, page, config, files):
        state = self.builds[id(config)]
        numbered, state.heading_ids.numbered[:] = list(state.heading_ids.numbered), []
        if numbered:
            raise PluginError("\n".join(self._heading_id_problem(state, page, h) for h in numbered))
        return html_text

    def _heading_id_problem(self, state: LanguageBuild, page, heading) -> str:
        """A heading whose id Python-Markdown numbered (`_1`): such an id moves when a heading is added."""
        line = heading_line(page.file.content_string, heading)
        marks = "#" * heading.level
        if any(p.path == page.file.src_uri for p in state.pages):
            return Finding(f"{state.lang}/{page.file.src_uri} (generated)", line, 1, ERROR, "heading-id",
                           f"The heading '{heading.text}' has no id from the data, only the numbered '{heading.id}'",
                           "Give it an id in its template (gaobu_build/render/templates/): `{: #ID }` from the data.").format()
        return Finding(f"docs/{state.lang}/{page.file.src_uri}", line, 1, ERROR, "heading-id",
                       f"The heading '{heading.text}' has no id of its own: the one made from its text, "
                       f"'{heading.id}', changes when a heading is added above it",
                       f"Write an id after the heading, e.g. `{marks} {heading.text} {{#an-id}}`: lowercase ASCII words "
                       "joined by hyphens, the same on the page in each language.").format()

    def on_env(self, env, config, files):
        self.builds[id(config)].env = env
        env.bytecode_cache = self.builds[id(config)].session.theme_templates
        lang = self.builds[id(config)].lang
        env.filters["gaobu_lang"] = lambda text: lang_attribute(str(text), lang)
        env.globals["gaobu"] = self._context(self.builds[id(config)], None)
        return env

    def on_page_context(self, context, page, config, nav):
        context["gaobu"] = self._context(self.builds[id(config)], page.url)
        # Page titles reach MkDocs already escaped for HTML text (site.nav_for), and marked up when shown in
        # Chinese on an English page: drop the markup and undo the escaping before escaping for an attribute.
        plain = html.unescape(re.sub(r"<[^>]*>", "", page.title or config.site_name))
        context["gaobu"]["title"] = escape_attr(plain)
        context["gaobu"]["title_lang"] = lang_attribute(plain, self.builds[id(config)].lang)
        page.meta.setdefault("description", context["gaobu"]["description"])
        return context

    def on_serve(self, server, config, builder):
        """Rebuild only what an edit changed (see preview.py); MkDocs' builder for everything else."""
        root = Path(config.config_file_path).resolve().parent
        watched = [Path(p).resolve() for p in (config.config_file_path, config.docs_dir, *config.watch)]
        server.builder = Preview(self, builder, root, watched, server).rebuild
        watch_often(server, root / DATA_DIR)
        return server

    # -- the other language, search, and the swap ------------------------------------
    def on_post_build(self, config):
        state = self.builds[id(config)]
        self._write_redirects(state, Path(config.site_dir))
        # MkDocs writes one sitemap per language and without alternates: the plugin writes one for both.
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (Path(config.site_dir) / name).unlink(missing_ok=True)
        if state.lang != SOURCE_LANGUAGE:
            return
        site_dir = Path(config.site_dir)
        session = state.session
        for lang in LANGUAGES:
            if lang != state.lang:
                child = load_config(config.config_file_path, site_dir=str(site_dir / language_prefix(lang)), strict=config.strict)
                child.plugins[PLUGIN_NAME]._join(child, session, lang)
                serve_url = session.serve_url + language_prefix(lang) if session.serve_url else None
                build(child, serve_url=serve_url, dirty=session.dirty)
        if state.site_root_url:  # a sitemap lists absolute URLs only
            (site_dir / "sitemap.xml").write_text(share.sitemap_xml(state.site_root_url, state.urls), encoding="utf-8")
        if self.config.search:
            try:
                search.cached_index(site_dir, session.caches.search)
            except search.SearchIndexError as exc:
                raise PluginError(str(exc)) from None
        if state.pdf_jobs:
            try:
                jobs = [job for _, _, job in state.pdf_jobs]
                printed = pdf.make_pdfs(site_dir, jobs, state.site_root_url, session.caches.pdf.folder)
                session.caches.pdf.keep = 2 * len(jobs)
                log.info(f"gaobu: PDF editions: {printed} printed, {len(jobs) - printed} unchanged (from {CACHE_DIR}/pdf/)")
            except pdf.PdfError as exc:
                raise PluginError(str(exc)) from None
        session.caches.prune()
        session.publish()

    def _pdf_jobs(self, project) -> list:
        """(slug, label, job) of every PDF this build makes: none under `serve`, or without Chromium in `auto`."""
        wanted = self.config.pdf
        if wanted is False or self.command not in ("build", "gh-deploy"):
            return []
        if not pdf.available():
            if wanted is True:
                raise PluginError(f"gaobu: pdf: true needs Chromium at {pdf.CHROMIUM} and the playwright package "
                                  "(make test installs both; or set pdf: auto)")
            # `auto` promises a site without PDFs here, not a failure: info, so that --strict does not count it.
            log.info(f"gaobu: no Chromium at {pdf.CHROMIUM}: the PDF editions are not made (pdf: auto; install Debian's chromium, or set pdf: false)")
            return []
        prefix = project.identity.short_name
        return [(s.slug, label, job) for s in project.reports for label, job in pdf.jobs_for(s.slug, prefix)]

    def _write_redirects(self, state: LanguageBuild, site_dir: Path) -> None:
        for page in state.redirects.pages:
            target = site_dir / page.path
            if target.exists():
                raise PluginError(f"gaobu: the redirect from /{language_prefix(state.lang)}{page.url} would replace a page the site builds there")
            canonical = state.site_root_url + language_prefix(state.lang) + page.target_url if state.site_root_url else None
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(redirects.redirect_html(page, state.lang, canonical), encoding="utf-8")

    def on_build_error(self, *, error):
        self._joining.clear()
        if self.session is not None:
            self.session.discard()

    def on_shutdown(self):
        if self.session is not None:
            self.session.discard()  # a build interrupted between its start and its end


def build_site(config_file: str | None = None, strict: bool = False, site_dir: str | None = None) -> None:
    """`mkdocs build`, from Python: raises Abort (with MkDocs' message) on failure."""
    overrides = {"strict": strict}
    if site_dir:
        overrides["site_dir"] = site_dir
    config = load_config(config_file, **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    # As `mkdocs build` does: the English build would repeat the Chinese one's lines ("Cleaning site directory").
    once = DuplicateFilter()
    build_log.addFilter(once)
    try:
        build(config)
    finally:
        build_log.removeFilter(once)
        config.plugins.on_shutdown()


def configured_site_url(config_file: str | None = None) -> str | None:
    return load_config(config_file).site_url or None


# What a failed `build_site` raises: MkDocs has already logged why.
BuildFailed = (Abort, ConfigurationError)

__all__ = ["GaobuPlugin", "build_site", "configured_site_url", "Abort", "BuildFailed"]
