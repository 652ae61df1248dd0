"""How one command builds both languages: the English build from its own configuration, every MkDocs
command (build, --strict, serve, serve --clean, serve --dirty, gh-deploy), and a failure at any step
after the site was staged leaving the previous site/ byte-identical."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import copy_project, edit_file
from gaobu_build.plugin import Abort, GaobuPlugin, build_site
from gaobu_build.site import pdf, search

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _snapshot(site: Path) -> dict:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


class _NoReuse(dict):
    """A plugin cache that keeps nothing: every configuration MkDocs loads gets a new plugin instance."""

    def __setitem__(self, key, value):
        pass


def test_the_english_build_does_not_need_mkdocs_to_reuse_the_plugin_instance(tmp_path, monkeypatch):
    from mkdocs.config.defaults import MkDocsConfig

    monkeypatch.setattr(dict(MkDocsConfig._schema)["plugins"], "plugin_cache", _NoReuse())
    instances = []
    original = GaobuPlugin.on_config

    def on_config(self, config):
        instances.append(id(self))
        return original(self, config)

    monkeypatch.setattr(GaobuPlugin, "on_config", on_config)
    project = copy_project(tmp_path / "project")
    edit_file(project, "mkdocs.yml", "  - gaobu\n", "  - gaobu:\n      pdf: false\n")
    build_site(str(project / "mkdocs.yml"))
    assert len(set(instances)) == 2  # one instance per language: nothing was shared by accident
    english = (project / "site/en/2024/review-2023/index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in english and 'id="innovation"' in english
    assert '<html lang="zh-Hans"' in (project / "site/2024/review-2023/index.html").read_text(encoding="utf-8")


# -- a failure after staging ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A project with a built site/, and that site's bytes."""
    project = copy_project(tmp_path_factory.mktemp("published"))
    build_site(str(project / "mkdocs.yml"))
    return project, _snapshot(project / "site")


def _english_page_collides(project: Path, monkeypatch) -> None:
    # An editor's docs/en/2024/index.md has the path of a generated page: found by the English build only.
    (project / "docs/en/2024").mkdir(parents=True)
    (project / "docs/en/2024/index.md").write_text("# Cover\n", encoding="utf-8")


def _pagefind_fails(project: Path, monkeypatch) -> None:
    shutil.rmtree(project / ".cache/gaobu/search", ignore_errors=True)  # else the same pages' index comes from the cache

    def fail(site_dir):
        raise search.SearchIndexError("Pagefind failed: out of memory")
    monkeypatch.setattr(search, "build_index", fail)


def _pdf_fails(project: Path, monkeypatch) -> None:
    def fail(site_dir, jobs, site_root_url, cache=None):
        raise pdf.PdfError("Chromium crashed while printing /2024/print/")
    monkeypatch.setattr(pdf, "make_pdfs", fail)


def _redirect_collides(project: Path, monkeypatch) -> None:
    # A published page `parallel` redirected to a part: its redirect page would replace /2024/parallel/.
    edit_file(project, "data/links.yaml", "    redirects: {}\n", "    redirects:\n      parallel: review-2023\n")
    edit_file(project, "data/links.yaml", "        review-2023:\n", "        parallel:\n          - parallel\n        review-2023:\n", count=2)


@pytest.mark.parametrize("fault, message", [
    (_english_page_collides, "docs/en/2024/index.md has the path of a generated page"),
    (_pagefind_fails, "Pagefind failed: out of memory"),
    (_pdf_fails, "Chromium crashed while printing /2024/print/"),
    (_redirect_collides, "the redirect from /2024/parallel/ would replace a page the site builds there"),
])
def test_a_failure_after_staging_leaves_the_previous_site_byte_identical(published, tmp_path, monkeypatch, caplog, fault, message):
    original, before = published
    project = tmp_path / "project"
    import shutil

    shutil.copytree(original, project, symlinks=True)
    fault(project, monkeypatch)
    with pytest.raises(Abort):
        build_site(str(project / "mkdocs.yml"))
    assert message in caplog.text
    assert _snapshot(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


# -- every command ---------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(predicate, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    return None


@pytest.mark.parametrize("mode", [[], ["--clean"], ["--dirty"]], ids=["serve", "serve-clean", "serve-dirty"])
def test_mkdocs_serve_serves_both_languages_and_rebuilds(tmp_path, mode):
    project = copy_project(tmp_path / "project")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", *mode, "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV, text=True)
    try:
        page = base + "en/2024/review-2023/"
        assert _wait_for(lambda: _get(page)), "mkdocs serve did not serve the English page"
        assert 'lang="zh-Hans"' in (_get(base) or ""), "mkdocs serve did not serve the Chinese home page"
        assert 'lang="en"' in (_get(base + "en/") or ""), "mkdocs serve did not serve the English home page"
        assert _get(base + "pagefind/pagefind-entry.json"), "no search index under mkdocs serve"
        edit_file(project, "data/2024/report.yaml", "Third, innovation capacity", "Third, LIVE-EDIT innovation capacity")
        assert _wait_for(lambda: "LIVE-EDIT" in (_get(page) or "")), "the edit was not rebuilt"
        assert not list(project.glob(".site*")) and not (project / "site").exists(), "serve wrote beside the project"
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert "Traceback" not in err, err


def test_strict_build_and_the_gaobu_command_print_each_finding_once(tmp_path):
    project = copy_project(tmp_path / "project")
    edit_file(project, "data/2024/report.yaml", "高新技术企业增至167家", "高新技术企业增至167家（含新认定）")
    for command in ([sys.executable, "-m", "mkdocs", "build"], [sys.executable, "-m", "gaobu_build.cli", "build"]):
        result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=ENV, timeout=300)
        assert result.returncode == 0, result.stderr
        assert result.stderr.count("The Chinese of 'innovation' changed after it was translated [stale]") == 1, result.stderr
