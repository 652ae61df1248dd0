"""`mkdocs serve` rebuilds what an edit changed and nothing else, and what it serves then is exactly what a full
rebuild serves."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
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


class Serving:
    """`mkdocs serve` of a project on 127.0.0.1, from a temporary folder the test can look in."""

    def __init__(self, project: Path, tmp_path: Path):
        temp = tmp_path / "serve-tmp"
        temp.mkdir()
        port = _free_port()
        self.base = f"http://127.0.0.1:{port}/"
        self.server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temp)})
        self.temp = temp
        self.log = ""

    def site(self, page: str) -> Path:
        assert _wait_for(lambda: _get(self.base + page)), "mkdocs serve did not serve the page"
        (site,) = self.temp.glob("mkdocs_*")
        return site

    def stop(self) -> str:
        self.server.terminate()
        _, self.log = self.server.communicate(timeout=30)
        assert "Traceback" not in self.log, self.log
        return self.log


def test_an_edit_under_serve_rebuilds_only_the_pages_it_changed(tmp_path):
    project = copy_project(tmp_path / "project")
    add_report(project)
    serving = Serving(project, tmp_path)
    try:
        page = serving.base + "en/2023/review-2022/"
        site = serving.site("en/2023/review-2022/")
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
        log = serving.stop()
    assert "gaobu: rebuilt 5 page(s) that the edit changed in " in log
    assert "first" not in log  # no browser had a page open


@pytest.mark.browser
def test_the_page_open_in_the_browser_is_rebuilt_and_reloaded_first(tmp_path, page):
    project = copy_project(tmp_path / "project")
    add_report(project)
    serving = Serving(project, tmp_path)
    try:
        site = serving.site("en/2023/review-2022/")
        before = _settled(site)
        # The print edition, after the part page in the order MkDocs has them, is the one open.
        with page.expect_request(lambda request: "/livereload/" in request.url):  # its live-reload script asks
            page.goto(serving.base + "en/2023/print/")
        with page.expect_navigation(timeout=90_000):  # the reload
            edit_file(project, "data/2023/report.yaml", "Innovation capacity rose;", "Innovation capacity rose further;")
        assert "rose further" in page.inner_text("article")
        after = _settled(site)
    finally:
        log = serving.stop()
    written = sorted((after[path], path) for path in CHANGED_BY_THE_EDIT if path.endswith(".html"))
    assert [path for _, path in written][0] == "en/2023/print/index.html"
    assert all(after[path] != before[path] for _, path in written)
    # The browsers were told to reload before the rest was rebuilt.
    assert log.index("gaobu: reloading /en/2023/print/ first") < log.index("gaobu: rebuilt 5 page(s)")


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


def test_the_open_pages_reload_before_the_rest_is_rebuilt_and_a_page_served_meanwhile_again_after(tmp_path):
    """With MkDocs' real live-reload server: a builder that publishes the open pages, then waits."""
    import re
    import threading
    import urllib.request

    from mkdocs.livereload import LiveReloadServer

    from gaobu_build.plugin.preview import ViewedPages

    site = tmp_path / "site"
    for page in ("open", "other"):
        (site / page).mkdir(parents=True)
        (site / page / "index.html").write_text(f"<html><body>{page}</body></html>", encoding="utf-8")
    (tmp_path / "data").mkdir()
    published, release = threading.Event(), threading.Event()

    def builder():  # as Preview rebuilds: the open page, publish, the rest, settle
        viewed.publish()
        published.set()
        assert release.wait(60)
        viewed.settle({"/other/"})

    port = _free_port()
    server = LiveReloadServer(builder=builder, host="127.0.0.1", port=port, root=str(site))
    viewed = ViewedPages(server)
    server.watch(str(tmp_path / "data"))
    threading.Thread(target=server.serve, daemon=True).start()
    base = f"http://127.0.0.1:{port}"

    def poll(epoch: int) -> int:
        """What the live-reload script of the open page asks, and the epoch the server answers."""
        request = urllib.request.Request(f"{base}/livereload/{epoch}/1", headers={"Referer": f"{base}/open/"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return int(response.read())

    try:
        epoch = int(re.search(r"livereload\((\d+), \d+\)", _wait_for(lambda: _get(f"{base}/open/"), 10))[1])
        answers = []
        polling = threading.Thread(target=lambda: answers.append(poll(epoch)))
        polling.start()
        assert _wait_for(lambda: viewed.paths() == {"/open/"}, 10), viewed.paths()
        (tmp_path / "data" / "report.yaml").write_text("edited", encoding="utf-8")
        assert published.wait(30), "no rebuild"
        polling.join(30)
        assert answers and answers[0] > epoch, "the open page was not told to reload before the builder returned"
        assert not release.is_set()
        assert _get(f"{base}/other/").startswith("<html><body>other<script>")  # served before it is rebuilt
        release.set()
        assert poll(answers[0]) > answers[0], "the page served meanwhile was not reloaded again"
    finally:
        release.set()
        server.shutdown()
