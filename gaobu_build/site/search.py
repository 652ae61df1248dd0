"""Full-text search with Pagefind: one index per `<html lang>`, loaded in chunks.

Chosen by measurement over Material's lunr search: Pagefind's extended build
segments Chinese, so a reader finds 技术 inside 高新技术企业, while lunr+jieba
only matches from the start of a segmented word; and it keeps each language's
index apart, so nobody gets results in the other language.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


class SearchIndexError(RuntimeError):
    pass


def _pagefind() -> list[str]:
    """Pagefind's extended binary itself: `python -m pagefind` would start a Python only to hand
    over to it (0.05 s of a 0.25 s run on a one-report site). Without that package, Pagefind finds
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
