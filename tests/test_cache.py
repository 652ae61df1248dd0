"""What a build keeps between runs (.cache/gaobu/): it saves work, never changes a byte of the site,
and can be deleted, or damaged, at any time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project, edit_file
from gaobu_build.site import pdf

ROOT = Path(__file__).resolve().parent.parent

# One build in a fresh process, as `mkdocs build` runs (the in-memory memos of `mkdocs serve` start
# empty), reporting what it really did: reports checked, PDFs printed, reports rendered, charts drawn, Pagefind runs,
# and whether it imported matplotlib at all.
BUILD = """
import json, sys
from pathlib import Path
from gaobu_build.plugin import build_site
from gaobu_build.checks import project
from gaobu_build.render import charts, qr
from gaobu_build.site import layout, pdf, search

did = {"checked": [], "printed": [], "rendered": [], "drawn": 0, "indexed": 0, "coded": 0}

def spy(module, name, note):
    original = getattr(module, name)
    def wrapper(*args, **kwargs):
        note(*args, **kwargs)
        return original(*args, **kwargs)
    setattr(module, name, wrapper)

spy(project, "check_report", lambda source, glossary: did["checked"].append(source.slug))
spy(pdf, "_print", lambda site_dir, todo, url: did["printed"].append(sorted(Path(j.out).name for j in todo)))
spy(layout, "render_report", lambda item, lang, *rest: did["rendered"].append(f"{item.slug} {lang}"))
spy(charts, "_svg", lambda *args: did.__setitem__("drawn", did["drawn"] + 1))
spy(search, "build_index", lambda *args, **kwargs: did.__setitem__("indexed", did["indexed"] + 1))
spy(qr, "make", lambda *args: did.__setitem__("coded", did["coded"] + 1))
build_site(sys.argv[1])
did["matplotlib"] = "matplotlib" in sys.modules
print(json.dumps(did))
"""


def _build(project: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", BUILD, str(project / "mkdocs.yml")], cwd=project, capture_output=True,
                            text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _snapshot(site: Path) -> dict:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _entries(project: Path) -> dict[str, int]:
    return {kind.name: len(list(kind.iterdir())) for kind in sorted((project / ".cache/gaobu").iterdir())}


ALL_PDFS = ["gaobu-2024-en.pdf", "gaobu-2024-zh-en.pdf", "gaobu-2024-zh.pdf"]


def test_a_warm_build_redoes_nothing_and_the_cache_never_changes_a_byte(tmp_path):
    if not pdf.available():
        pytest.skip("no Chromium: no PDF editions")  # conftest's browser fixture fails in CI instead
    project = copy_project(tmp_path / "project")
    cold = _build(project)
    assert cold == {"checked": ["2024"], "printed": [ALL_PDFS], "rendered": ["2024 zh", "2024 en"], "drawn": 4, "indexed": 1,
                    "coded": 0, "matplotlib": True}  # no site_url: no QR codes
    # The report's findings, its PDFs, each language's pages of it, its four charts, one search index, the theme's templates.
    entries = _entries(project)
    assert {k: v for k, v in entries.items() if k != "templates"} == {"checks": 1, "charts": 4, "pages": 2, "pdf": 3, "search": 1}
    assert entries["templates"] > 10
    site = _snapshot(project / "site")

    # Warm: nothing changed, nothing done again, not even importing matplotlib; the same bytes.
    assert _build(project) == {"checked": [], "printed": [], "rendered": [], "drawn": 0, "indexed": 0, "coded": 0,
                               "matplotlib": False}
    assert _snapshot(project / "site") == site

    # An English edit: the report checked and its pages rendered again, its charts (same figures) taken from the
    # cache, the English and the side-by-side PDFs printed again, the search index made again.
    edit_file(project, "data/2024/report.yaml", "Third, innovation capacity", "Third, our innovation capacity")
    edited = _build(project)
    assert edited == {"checked": ["2024"], "printed": [["gaobu-2024-en.pdf", "gaobu-2024-zh-en.pdf"]],
                      "rendered": ["2024 zh", "2024 en"], "drawn": 0, "indexed": 1, "coded": 0, "matplotlib": False}
    warm = _snapshot(project / "site")
    assert warm != site

    # A damaged cache costs time, never a wrong byte: each kind's entries cut short.
    cache = project / ".cache/gaobu"
    for kind in ("checks", "charts", "pages", "templates", "pdf"):
        for entry in (cache / kind).iterdir():
            entry.write_bytes(entry.read_bytes()[:100])
    for entry in (cache / "search").iterdir():
        (entry / "pagefind-entry.json").unlink()
    damaged = _build(project)
    assert damaged["checked"] == ["2024"] and damaged["rendered"] == ["2024 zh", "2024 en"]
    assert damaged["drawn"] == 4 and damaged["indexed"] == 1 and damaged["printed"] == [ALL_PDFS]
    assert _snapshot(project / "site") == warm

    # Deleting the cache is always safe: a cold build gives the same bytes.
    shutil.rmtree(project / ".cache")
    assert _build(project)["printed"] == [ALL_PDFS]
    assert _snapshot(project / "site") == warm


def test_with_site_url_the_qr_codes_are_kept_and_the_pdfs_that_print_them_follow_them(tmp_path):
    """The print edition and the PDFs show each part's QR code: the PDFs' key holds the codes' bytes."""
    if not pdf.available():
        pytest.skip("no Chromium: no PDF editions")
    from gaobu_build.checks.project import checked_project
    from gaobu_build.source.numbering import number_report

    project = copy_project(tmp_path / "project")
    setting = 'site_url: !ENV [GAOBU_SITE_URL, ""]'
    edit_file(project, "mkdocs.yml", setting, "site_url: https://example.org/gaobu/")
    codes = 2 * (1 + len(number_report(checked_project(project).reports[0].report)))  # the report and each id, twice
    cold = _build(project)
    assert (cold["coded"], cold["printed"]) == (codes, [ALL_PDFS])
    assert _entries(project)["qr"] == 1  # the report's codes
    site = _snapshot(project / "site")
    assert sum(name.startswith("qr/") for name in site) == codes

    # Warm: no code made, no PDF printed, the same bytes.
    warm = _build(project)
    assert (warm["coded"], warm["printed"]) == (0, [])
    assert _snapshot(project / "site") == site

    # A damaged entry: the codes are made again, the same bytes, so the PDFs are still those of the cache.
    for entry in (project / ".cache/gaobu/qr").iterdir():
        entry.write_bytes(entry.read_bytes()[:100])
    damaged = _build(project)
    assert (damaged["coded"], damaged["printed"]) == (codes, [])
    assert _snapshot(project / "site") == site

    # Another published address: every code made again, and every PDF, which prints them, printed again.
    edit_file(project, "mkdocs.yml", "site_url: https://example.org/gaobu/", "site_url: https://gov.example.cn/")
    moved = _build(project)
    assert (moved["coded"], moved["printed"]) == (codes, [ALL_PDFS])
    assert _entries(project)["qr"] == 2


def test_each_cache_folder_keeps_what_was_used_lately_and_no_more(tmp_path):
    from gaobu_build.memo import DiskCache

    def get(cache, key, computed):
        return cache.get(key, lambda: computed.append(key) or key, str.encode, bytes.decode)

    earlier = DiskCache(tmp_path)
    for i, key in enumerate("abcdefgh"):
        get(earlier, key, [])
        os.utime(earlier.path(key), ns=(i * 10**9, i * 10**9))  # last used in this order, "a" longest ago
    computed: list[str] = []
    build = DiskCache(tmp_path, keep=3)
    build.path("b").write_bytes(b"\xff")  # damaged: made again
    assert [get(build, key, computed) for key in ("a", "b", "z")] == ["a", "b", "z"]
    assert computed == ["b", "z"] and (build.hits, build.misses) == (1, 2)
    build.prune()
    # What this build used, and as many of the others (at least `keep`), the most recently used first.
    assert sorted(p.stem for p in tmp_path.iterdir()) == ["a", "b", "f", "g", "h", "z"]

    assert DiskCache(None).get("a", lambda: "fresh", str.encode, bytes.decode) == "fresh"  # no folder, nothing kept
