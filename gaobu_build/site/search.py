"""Full-text search with Pagefind: one index per `<html lang>`, loaded in chunks.

Chosen by measurement over Material's lunr search: Pagefind's extended build
segments Chinese, so a reader finds 技术 inside 高新技术企业, while lunr+jieba
only matches from the start of a segmented word; and it keeps each language's
index apart, so nobody gets results in the other language.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .. import files
from ..memo import DiskCache, code_digest, digest


class SearchIndexError(RuntimeError):
    pass


def _pagefind() -> list[str]:
    """Pagefind's extended binary itself: `python -m pagefind` would start a Python only to hand
    over to it (0.05 s of a 0.25 s run on the Gaobu site). Without that package, Pagefind finds
    its own binary, and `build_index` says if it is the wrong one."""
    try:
        from pagefind_bin_extended import get_executable
        return [str(get_executable())]
    except (ImportError, OSError):
        return [sys.executable, "-m", "pagefind"]


def build_index(site_dir: Path, output: Path | None = None) -> None:
    """Index every page that marks its text with `data-pagefind-body`, into `output` (default: `site_dir/pagefind`)."""
    output = Path(output) if output is not None else Path(site_dir) / "pagefind"
    command = [
        *_pagefind(),
        "--site", str(site_dir),
        "--output-path", str(output),
        "--exclude-selectors", ".headerlink",
        "--quiet",
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index {site_dir}:\n{result.stdout}{result.stderr}")
    index = output / "pagefind-entry.json"
    if not index.is_file():
        raise SearchIndexError(f"Pagefind wrote no index to {index.parent}; is the package 'pagefind[extended]' installed?")
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
