"""Full-text search with Pagefind: one index per `<html lang>`, loaded in chunks.

Chosen by measurement over Material's lunr search: Pagefind keeps each language's
index apart, so nobody gets results in the other language, and a search loads only
the chunks of the index it needs.

Chinese is indexed one character at a time. Pagefind's extended build segments
Chinese into words when indexing (jieba-like) while the browser segments the query
with `Intl.Segmenter`; where the two cut a phrase differently a query finds nothing
(Pagefind issue #1237; measured here: 1.0% of the words of the text and 3.6% of its
2-4 character pieces found no page, 医联体 and 稳中有进 among them). So Pagefind's
standard build, which splits text at spaces only, indexes an *indexing view* of each
Chinese page, written to a temporary folder: the same HTML with a space before every
letter and digit of its text, so that each is a term of its own (punctuation stays
with the character before it, so 13.1 is three terms in a row), and every space of
the text written as a WORD JOINER standing alone, which keeps a phrase from running
across it and tells the search box where the text has a space. The search box of
Chinese pages (gaobu_build/theme/assets/search/pagefind.js) looks a query up as a phrase of
single characters and shows excerpts as the text is written. The served pages are
not changed; pages in other languages are indexed as they are.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .. import files
from ..memo import DiskCache, code_digest, digest

BODY = "data-pagefind-body"  # on the pages Pagefind indexes (gaobu_build/theme/main.html)
WORD_JOINER = "\u2060"  # a space of the text, in the indexing view; the search box shows a space
_CHINESE_PAGE = re.compile(r"<html\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*\blang=[\"']?zh", re.IGNORECASE)
# Markup is left alone: comments, scripts, styles and tags (whose quoted attributes may hold a ">").
_MARKUP = re.compile(r"(<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>)",
                     re.DOTALL | re.IGNORECASE)
_ENTITY = re.compile(r"(&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")
_LETTERS_OR_DIGITS = re.compile(r"[^\W_]+")  # a run of them: each then gets its space (per run, not per letter: faster)
_SPACES = re.compile(r"\s+")


class SearchIndexError(RuntimeError):
    pass


def _pagefind() -> list[str]:
    """Pagefind's standard binary itself: `python -m pagefind` would start a Python only to hand
    over to it. Without the `pagefind_bin` package, Pagefind finds its own binary, and
    `build_index` says if there is none."""
    try:
        from pagefind_bin import get_executable
        return [str(get_executable())]
    except (ImportError, OSError):
        return [sys.executable, "-m", "pagefind"]


def _characters(text: str) -> str:
    """One text node of a Chinese page, each letter and digit a term of its own (entities stay whole)."""
    parts = _ENTITY.split(text)
    return "".join(part if i % 2 else _LETTERS_OR_DIGITS.sub(_spaced, _SPACES.sub(f" {WORD_JOINER} ", part))
                   for i, part in enumerate(parts))


def _spaced(run: re.Match) -> str:
    """A space before each letter and digit of a run of them."""
    return " " + " ".join(run.group())


def indexing_view(html: str) -> str:
    """What Pagefind indexes of a page: a Chinese page's text one character at a time, any other page as it is."""
    if not _CHINESE_PAGE.search(html):
        return html
    parts = _MARKUP.split(html)
    return "".join(part if i % 2 else _characters(part) for i, part in enumerate(parts))


def write_indexing_view(site_dir: Path, view_dir: Path) -> None:
    """The pages Pagefind indexes, in their indexing view.

    When any page marks its text with `data-pagefind-body`, Pagefind leaves every page without
    it out of the index: those (the print edition and the parallel view, each as long as the
    report or twice that) are not written, so neither this nor Pagefind reads them for nothing.
    """
    pages = [(page, page.read_text(encoding="utf-8")) for page in sorted(site_dir.rglob("*.html"))]
    if any(BODY in html for _, html in pages):
        pages = [(page, html) for page, html in pages if BODY in html]
    for page, html in pages:
        target = view_dir / page.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(indexing_view(html), encoding="utf-8")


def build_index(site_dir: Path, output: Path | None = None) -> None:
    """Index every page that marks its text with `data-pagefind-body`, into `output` (default: `site_dir/pagefind`)."""
    output = Path(output) if output is not None else Path(site_dir) / "pagefind"
    with tempfile.TemporaryDirectory(prefix="gaobu-search-") as temp:
        view_dir = Path(temp)
        write_indexing_view(Path(site_dir), view_dir)
        command = [
            *_pagefind(),
            "--site", str(view_dir),
            "--output-path", str(output.resolve()),
            "--exclude-selectors", ".headerlink",
            "--quiet",
        ]
        result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index {site_dir}:\n{result.stdout}{result.stderr}")
    index = output / "pagefind-entry.json"
    if not index.is_file():
        raise SearchIndexError(f"Pagefind wrote no index to {index.parent}; is the package 'pagefind[bin]' installed?")
    # Pagefind lists the languages in no fixed order; the same data must build the same bytes.
    entry = json.loads(index.read_text(encoding="utf-8"))
    index.write_text(json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def cached_index(site_dir: Path, cache: DiskCache) -> bool:
    """`build_index(site_dir)`, or its output copied from `cache` when these same pages were
    indexed before (Pagefind's own start-up is a fixed 0.2 s); True when Pagefind ran."""
    site_dir = Path(site_dir)
    key = _index_key(site_dir)
    cache.used.add(key)
    kept, target = cache.path(key), site_dir / "pagefind"
    if (kept / "pagefind-entry.json").is_file():
        shutil.rmtree(target, ignore_errors=True)
        try:
            shutil.copytree(kept, target)
            os.utime(kept)  # recently used: kept by DiskCache.prune
            cache.hits += 1
            return False
        except OSError:  # pruned meanwhile by another build: indexed again
            shutil.rmtree(target, ignore_errors=True)
    cache.misses += 1
    build_index(site_dir)
    try:
        shutil.rmtree(kept, ignore_errors=True)
        files.copy_dir(target, kept)
    except OSError:
        pass  # a cache that cannot be written only costs time
    return True


def _index_key(site_dir: Path) -> str:
    """Everything Pagefind reads: every HTML page (path and bytes), its options (this package's
    site code), its version, and any Pagefind configuration in the working folder or environment."""
    parts: list[bytes | str] = [code_digest("gaobu_build.site"), _pagefind_identity()]
    for name in ("pagefind.json", "pagefind.toml", "pagefind.yml", "pagefind.yaml"):
        parts += [name, Path(name).read_bytes() if Path(name).is_file() else b""]
    parts += sorted(f"{k}={v}" for k, v in os.environ.items() if k.startswith("PAGEFIND_"))
    output = site_dir / "pagefind"
    for top, dirs, names in os.walk(site_dir):
        dirs[:] = sorted(d for d in dirs if Path(top, d) != output)
        for name in sorted(names):
            if name.endswith(".html"):
                path = Path(top, name)
                parts += [path.relative_to(site_dir).as_posix(), path.read_bytes()]
    return digest(*parts)


@functools.lru_cache(maxsize=1)
def _pagefind_identity() -> str:
    """The binary by its size and the installed Pagefind packages by name and version (the same on every machine)."""
    command = _pagefind()
    binary = Path(command[0]) if len(command) == 1 else None
    size = binary.stat().st_size if binary is not None and binary.is_file() else 0
    installed = sorted(p.name for folder in sys.path if Path(folder).is_dir()
                       for p in Path(folder).glob("pagefind*.dist-info"))
    return repr((command[-1] if binary is None else binary.name, size, installed))
