"""`mkdocs serve` that rebuilds only what an edit changed.

MkDocs rebuilds the whole site after every save, and so the time an editor
waits grows with the archive although one edit changes one report. After a
full build this keeps each language's MkDocs objects (files, navigation,
templates). When a save changed only report files (`data/<slug>/*.yaml`) and
left the navigation, every page's address and the redirects as they were, the
reports are read, checked and rendered again (unchanged reports come from
memory: `gaobu_build.memo`), and MkDocs renders and writes the pages whose
Markdown or description changed, nothing else. Any other change (a
hand-written page, the theme, mkdocs.yml, the glossary, the link registry, a
page added or removed, a title) runs MkDocs' full rebuild as before. The search
index is made again in the background: search may lag the page by a moment.

The pages open in a browser are rebuilt first, and the browsers reload as soon
as they are written, while the rest is still being rebuilt: MkDocs' live-reload
script asks the server from each open page, which names it (`ViewedPages`).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.structure.files import InclusionLevel

from .. import files
from ..checks.project import checked_project
from ..render import qr, share
from ..site import redirects, search
from ..site.layout import download_files, generated_pages, handwritten_pages, nav_for, report_labels
from ..source.findings import NOTE, DataError
from ..source.loader import DATA_DIR
from ..urls import language_prefix, page_url

log = logging.getLogger("mkdocs.plugins.gaobu")

# The report files an incremental rebuild can take: anything else is a full rebuild.
REPORT_FILE_RE = re.compile(rf"{DATA_DIR}/[a-z0-9-]+/(report|translations|indicators)\.yaml")


class ViewedPages:
    """The pages open in a browser, and publishing a rebuild to them before it is finished.

    MkDocs' live-reload script in each open page asks the server for a newer
    version of the site (`/livereload/<epoch>/<id>`), a request the server holds
    until a rebuild is published, and whose Referer is the page. The server keeps
    this in private attributes (`_serve_request`, `_epoch_cond`, `_visible_epoch`,
    `_wanted_epoch` of mkdocs.livereload.LiveReloadServer): where they are
    missing, nothing is published early, and the pages are still rebuilt first.
    """

    def __init__(self, server=None):
        self.server = server
        self._lock = threading.Lock()
        self._polling: Counter[str] = Counter()  # page path → its open live-reload requests
        self._served_early: set[str] | None = None  # pages served since an early publish, while it lasts
        serve = getattr(server, "_serve_request", None)
        if callable(serve) and all(hasattr(server, a) for a in ("_epoch_cond", "_visible_epoch", "_wanted_epoch")):
            server._serve_request = self._tracking(serve)
        else:
            self.server = None

    def _tracking(self, serve):
        def serve_request(environ, start_response):
            path, referer = environ.get("PATH_INFO", ""), environ.get("HTTP_REFERER")
            if not path.startswith("/livereload/"):
                with self._lock:
                    if self._served_early is not None:
                        self._served_early.add(path)
                return serve(environ, start_response)
            viewed = urlsplit(referer).path if referer else None
            with self._lock:
                self._polling[viewed] += 1
            try:
                return serve(environ, start_response)
            finally:
                with self._lock:
                    self._polling[viewed] -= 1
                    if not self._polling[viewed]:
                        del self._polling[viewed]
        return serve_request

    def paths(self) -> set[str]:
        """The paths (from the host root) of the pages open in a browser now."""
        with self._lock:
            return {path for path in self._polling if path}

    def publish(self) -> None:
        """Let the browsers reload now, before the builder returns."""
        server = self.server
        if server is None:
            return
        with self._lock:
            self._served_early = set()
        with server._epoch_cond:
            server._visible_epoch = server._wanted_epoch
            server._epoch_cond.notify_all()

    def settle(self, rebuilt_later: set[str]) -> None:
        """After the rest is written: a page of it served meanwhile was the old one, so every browser reloads again."""
        server = self.server
        with self._lock:
            served, self._served_early = self._served_early, None
        if server is None or served is None or not served & rebuilt_later:
            return
        with server._epoch_cond:
            # One millisecond on, in MkDocs' own count (and below the next rebuild's); it publishes this
            # epoch when the builder returns.
            server._wanted_epoch += 1


class Preview:
    def __init__(self, plugin, full_builder, root: Path, watched: list[Path], server=None):
        self.plugin = plugin
        self.full_builder = full_builder
        self.root = root
        self.watched = watched
        self.viewed = ViewedPages(server)
        self.snapshot = self._scan()
        self._indexing: threading.Thread | None = None

    def _scan(self) -> dict[str, tuple[int, int]]:
        """Size and modification time of every watched file, by its path from the project root (or absolute)."""
        seen = {}
        for top in self.watched:
            paths = [top] if top.is_file() else (p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
            for path in paths:
                stat = path.stat()
                name = path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else path.as_posix()
                seen[name] = (stat.st_size, stat.st_mtime_ns)
        return seen

    def rebuild(self) -> None:
        """What `mkdocs serve` calls after a save (in place of its own builder)."""
        now = self._scan()
        changed = {path for path in self.snapshot.keys() | now.keys() if self.snapshot.get(path) != now.get(path)}
        self._wait_for_search()
        if changed and all(REPORT_FILE_RE.fullmatch(path) for path in changed) and self._rebuild_pages():
            self.snapshot = now
            return
        self.full_builder()
        self.snapshot = now

    def _wait_for_search(self) -> None:
        if self._indexing is not None:
            self._indexing.join()
            self._indexing = None

    def _rebuild_pages(self) -> bool:
        """Rebuild the pages the edit changed; False when it takes a full rebuild."""
        started = time.perf_counter()
        primary = self.plugin.primary
        session = primary.session if primary else None
        if session is None or not session.languages or session.command != "serve":
            return False  # `serve --clean` asks for full builds (and stages them: its pages' paths are not the served ones)
        try:
            project = checked_project(self.root)
        except DataError:
            return False  # the full build reports the errors, and keeps the last good site served
        if [s.slug for s in project.reports] != [s.slug for s in primary.project.reports]:
            return False
        plans = {}
        for lang, state in session.languages.items():
            pages = generated_pages(project, lang, pdfs={}, qr_base=primary.site_root_url)
            if [p.path for p in pages] != [p.path for p in state.pages]:
                return False
            handwritten = handwritten_pages(self.root / "docs", lang)
            registry = project.registry.model if project.registry else None
            if (nav_for(project, pages, handwritten, lang) != state.nav_spec
                    or report_labels(project, lang) != state.report_labels
                    or redirects.plan(project, registry, lang) != state.redirects):
                return False
            descriptions = share.page_descriptions(project, lang)
            old = {p.path: p.markdown for p in state.pages}
            changed = [p for p in pages if p.markdown != old[p.path]
                       or descriptions.get(page_url(p.path)) != state.descriptions.get(page_url(p.path))]
            plans[lang] = (pages, descriptions, changed)
        for finding in project.findings:
            (log.info if finding.severity == NOTE else log.warning)(finding.format())
        viewed = self.viewed.paths()
        first, rest = [], []
        for lang, state in session.languages.items():
            pages, descriptions, changed = plans[lang]
            state.project, state.pages, state.descriptions = project, pages, descriptions
            doc_files = state.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
            for page in changed:
                served = state.site_path + language_prefix(lang) + page_url(page.path)
                (first if served in viewed else rest).append((served, state, doc_files, page))
        for served, state, doc_files, page in first:
            _build_page_again(state, doc_files, page)
        site_dir = Path(primary.config.site_dir)
        made = download_files(project, primary.site_root_url or "/")
        if primary.site_root_url:  # a new paragraph's QR codes
            made.update(qr.site_files(project, primary.site_root_url, session.caches.qr))
        for path, data in made.items():
            target = site_dir / path
            if not target.is_file() or target.read_bytes() != data:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        if first and rest:
            self.viewed.publish()
            log.info("gaobu: reloading " + ", ".join(served for served, *_ in first) + " first")
        for served, state, doc_files, page in rest:
            _build_page_again(state, doc_files, page)
        if first and rest:
            self.viewed.settle({served for served, *_ in rest})
        rebuilt = len(first) + len(rest)
        log.info(f"gaobu: rebuilt {rebuilt} page(s) that the edit changed in {time.perf_counter() - started:.2f} s; "
                 "search index following")
        if self.plugin.config.search:
            self._indexing = threading.Thread(target=_index, args=(site_dir,), name="gaobu-search", daemon=True)
            self._indexing.start()
        return True


def _build_page_again(state, doc_files, page) -> None:
    """MkDocs' own steps for one page whose Markdown changed: read, convert, render and write it."""
    file = state.files.get_file_from_path(page.path)
    file.content_string = page.markdown
    _populate_page(file.page, state.config, state.files)
    _build_page(file.page, state.config, doc_files, state.nav, state.env)


# MkDocs' watcher looks for changes every 0.5 s: on average a quarter of a second before an edit is
# even noticed, half of the half second the live preview of a report aims for. The few files of
# data/ are looked at every 0.1 s (stat calls only); the rest, the theme's thousands of files
# with --watch-theme included, as MkDocs does.
DATA_POLL_SECONDS = 0.1


def watch_often(server, folder: Path) -> None:
    """Have MkDocs' server watch `folder` every DATA_POLL_SECONDS (unchanged if its watcher has no interval to set)."""
    observer = getattr(server, "observer", None)
    default = getattr(observer, "_timeout", None)  # watchdog's polling interval for the watches scheduled next
    if not folder.is_dir() or not isinstance(default, (int, float)) or isinstance(default, bool):
        return
    observer._timeout = min(default, DATA_POLL_SECONDS)
    try:
        server.watch(str(folder))  # mkdocs.yml's `watch: [data]` then counts as the same watch
    finally:
        observer._timeout = default


def _index(site_dir: Path) -> None:
    """A new index beside the served one, then swapped in: a search meanwhile uses the old one whole."""
    target = site_dir / "pagefind"
    fresh = files.staging_dir(target)
    try:
        search.build_index(site_dir, output=fresh)
        files.replace_dir(fresh, target)
    except search.SearchIndexError as exc:
        files.discard(fresh)
        log.warning(str(exc))
