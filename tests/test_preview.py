"""`mkdocs serve` rebuilds what an edit changed and nothing else, and what it serves then is exactly what a full
rebuild serves."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import copy_project, edit_file
from test_archive import add_report
from test_orchestration import _free_port, _get, _wait_for

# What an edit of the first English paragraph of the 2023 report changes: its part page and print edition in
# English, the side-by-side view in both languages (it shows both), the English cover (whose description is
# that paragraph's first sentence) and the report's data download. Nothing of 2024, no home page.
CHANGED_BY_THE_EDIT = {"en/2023/review-2022/index.html", "en/2023/print/index.html", "en/2023/parallel/index.html",
                       "2023/parallel/index.html", "en/2023/index.html", "2023/data/report.json"}


def _stamps(site: Path) -> dict[str, int]:
    """Each file's modification time (read again if a rebuild removes files while they are listed)."""
    while True:
        try:
            return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
        except FileNotFoundError:
            time.sleep(0.1)


def _contents(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _settled(site: Path, seconds: float = 3.0) -> dict[str, int]:
    """The site's files once nothing has been written for `seconds` (the search index follows the pages)."""
    stamps, since = _stamps(site), time.monotonic()
    while time.monotonic() - since < seconds:
        time.sleep(0.5)
        now = _stamps(site)
        if now != stamps:
            stamps, since = now, time.monotonic()
    return stamps


def test_an_edit_under_serve_rebuilds_only_the_pages_it_changed(tmp_path):
    project = copy_project(tmp_path / "project")
    add_report(project)
    temp = tmp_path / "serve-tmp"  # MkDocs serves from a temporary folder: this one, so that the test can look in
    temp.mkdir()
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temp)})
    try:
        page = base + "en/2023/review-2022/"
        assert _wait_for(lambda: _get(page)), "mkdocs serve did not serve the page"
        (site,) = temp.glob("mkdocs_*")
        before = _settled(site)

        edit_file(project, "data/2023/report.yaml", "Innovation capacity rose;", "Innovation capacity rose further;")
        assert _wait_for(lambda: "rose further" in (_get(page) or "")), "the edit was not rebuilt"
        after = _settled(site)
        pages = {path for path in before if not path.startswith("pagefind/")}
        assert {path for path in after if not path.startswith("pagefind/")} == pages
        assert {path for path in pages if after[path] != before[path]} == CHANGED_BY_THE_EDIT
        index = {path: stamp for path, stamp in after.items() if path.startswith("pagefind/")}
        assert index != {path: stamp for path, stamp in before.items() if path.startswith("pagefind/")}, \
            "the search index was not made again"
        incremental = _contents(site)

        # A change MkDocs must rebuild everything for (mkdocs.yml) gives the very same site.
        (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
        assert _wait_for(lambda: _stamps(site).get("2024/index.html") != after["2024/index.html"]), "no full rebuild"
        _settled(site)
        full = _contents(site)
        assert full.keys() == incremental.keys()
        assert [path for path in full if full[path] != incremental[path]] == []
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert "Traceback" not in err, err
    assert "gaobu: rebuilt 5 page(s) that the edit changed in " in err


def test_report_files_are_looked_at_five_times_as_often_as_mkdocs_looks(tmp_path):
    from mkdocs.livereload import LiveReloadServer

    from gaobu_build.plugin.preview import watch_often

    (tmp_path / "data").mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        server.watch(str(tmp_path / "docs"))
        watch_often(server, tmp_path / "data")
        server.watch(str(tmp_path / "data"))  # as `mkdocs serve` does for mkdocs.yml's `watch:` after on_serve
        intervals = {Path(e.watch.path).name: e.timeout for e in server.observer.emitters}
        assert intervals == {"docs": 0.5, "data": 0.1}
        assert server.observer.timeout == 0.5  # anything watched later: as MkDocs has it
    finally:
        server.server_close()
