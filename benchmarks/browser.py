"""What a reader downloads, measured in headless Chromium, in gzip bytes as GitHub Pages serves them."""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]  # as tests/conftest.py
INDEX_SUFFIXES = (".pf_meta", ".pf_index", ".pf_fragment")


def gzip_size(data: bytes) -> int:
    """Pagefind's index files are gzip already; a host sends the smaller of the two."""
    return min(len(data), len(gzip.compress(data, 6, mtime=0)))


def index_files(site: Path) -> dict[str, list[Path]]:
    """Each language's search index: its metadata, word index chunks and page fragments."""
    out: dict[str, list[Path]] = {}
    for path in sorted((site / "pagefind").rglob("*")):
        if path.suffix in INDEX_SUFFIXES:
            lang = path.name.removeprefix("pagefind.").split("_")[0]
            out.setdefault(lang, []).append(path)
    return out


def index_bytes(site: Path) -> dict[str, int]:
    return {lang: sum(p.stat().st_size for p in files) for lang, files in index_files(site).items()}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def served(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _file(site: Path, url: str) -> Path:
    path = unquote(urlsplit(url).path).lstrip("/")
    target = site / path
    return target / "index.html" if path == "" or path.endswith("/") else target


def _kind(path: Path) -> str:
    if path.suffix in INDEX_SUFFIXES:
        return "search index"
    return {".html": "HTML", ".css": "CSS", ".js": "JS", ".woff2": "fonts", ".woff": "fonts", ".ttf": "fonts",
            ".pagefind": "search runtime (wasm)"}.get(path.suffix, "other")


def page_weight(site: Path, page_path: str, query: str) -> dict:
    """Bytes to open `page_path` (by kind), then what opening search and one search for `query` add: the search's
    code (Pagefind's component UI, engine and wasm, fetched when search is first opened) and the index's chunks."""
    from playwright.sync_api import sync_playwright

    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        urls: list[str] = []
        page.on("response", lambda r: urls.append(r.url) if r.ok else None)
        page.goto(base + page_path)
        page.wait_for_load_state("networkidle")
        opened = list(urls)
        page.locator("button.gaobu-search-button").click()  # fetches Pagefind's component UI, then opens it
        page.locator("pagefind-modal input.pf-input").fill(query)
        page.wait_for_selector("pagefind-modal a.pf-result-link", timeout=30_000)
        page.wait_for_load_state("networkidle")
        searched = urls[len(opened):]
        browser.close()

    def weigh(found: list[str]) -> dict[str, int]:
        kinds: dict[str, int] = {}
        for url in dict.fromkeys(found):  # each file once: the browser caches
            path = _file(site, url)
            if path.is_file():
                kinds[_kind(path)] = kinds.get(_kind(path), 0) + gzip_size(path.read_bytes())
        return kinds

    open_kinds = weigh(opened)
    search_kinds = weigh(searched)
    return {"open": open_kinds, "open_total": sum(v for k, v in open_kinds.items() if k != "search index"),
            "open_index": open_kinds.get("search index", 0), "search": search_kinds,
            "search_index": search_kinds.get("search index", 0),
            # Pagefind's component UI, its engine and wasm, fetched once, when the reader first opens search.
            "search_code": sum(v for k, v in search_kinds.items() if k != "search index")}
