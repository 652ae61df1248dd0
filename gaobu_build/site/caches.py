"""What a build keeps in `.cache/gaobu/` for the next one: the PDFs (site/pdf.py) and the rest.

A report's findings, by its files and the glossary (checks/project.py); its rendered
pages, by what they are rendered from (site/layout.py); the charts, by their data
(render/charts.py); the search index, by every page it indexes (site/search.py); the
theme's compiled templates (plugin); the QR codes, by the addresses they encode (render/qr.py). Each entry is what computing it again would give,
byte for byte: deleting the folder is always safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..files import cache_dir
from ..memo import DiskCache


@dataclass
class BuildCaches:
    checks: DiskCache
    pages: DiskCache
    charts: DiskCache
    search: DiskCache
    pdf: DiskCache  # its folder only: site/pdf.py keys and writes the PDFs itself, and marks those it reuses
    qr: DiskCache  # each report's QR codes (render/qr.py), by the addresses they encode

    @classmethod
    def under(cls, root: Path) -> BuildCaches:
        folder = cache_dir(root)
        return cls(DiskCache(folder / "checks"), DiskCache(folder / "pages"), DiskCache(folder / "charts"),
                   DiskCache(folder / "search", suffix="", keep=2), DiskCache(folder / "pdf", suffix=".pdf", keep=0),
                   DiskCache(folder / "qr"))

    def prune(self) -> None:
        """Drop what neither this build nor a recent one used (see DiskCache.prune)."""
        for cache in (self.checks, self.pages, self.charts, self.search, self.qr):
            cache.prune()
        if self.pdf.keep:  # set by a build that made PDFs: twice their number
            self.pdf.prune()
