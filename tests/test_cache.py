"""What a build keeps between runs (.cache/gaobu/): it saves work, never changes a byte of the site,
and can be deleted at any time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import copy_project, edit_file
from gaobu_build.plugin import build_site
from gaobu_build.site import pdf


def _snapshot(site: Path) -> dict:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture
def printed(monkeypatch):
    """The PDFs Chromium really prints, build after build."""
    jobs: list[list[str]] = []
    original = pdf._print

    def spy(site_dir, todo, site_url):
        jobs.append(sorted(Path(job.out).name for job in todo))
        return original(site_dir, todo, site_url)

    monkeypatch.setattr(pdf, "_print", spy)
    return jobs


def test_pdfs_are_printed_once_and_the_cache_never_changes_a_byte(tmp_path, printed):
    if not pdf.available():
        pytest.skip("no Chromium: no PDF editions")  # conftest's browser fixture fails in CI instead
    project = copy_project(tmp_path / "project")
    config = str(project / "mkdocs.yml")
    build_site(config)
    cold = _snapshot(project / "site")
    assert printed == [["gaobu-2024-en.pdf", "gaobu-2024-zh-en.pdf", "gaobu-2024-zh.pdf"]]
    assert len(list((project / ".cache/gaobu/pdf").glob("*.pdf"))) == 3

    build_site(config)  # warm: nothing changed, nothing printed
    assert printed[1:] == []
    assert _snapshot(project / "site") == cold

    # An English edit changes the English and the side-by-side editions only.
    edit_file(project, "data/2024/report.yaml", "Third, innovation capacity", "Third, our innovation capacity")
    build_site(config)
    assert printed[1:] == [["gaobu-2024-en.pdf", "gaobu-2024-zh-en.pdf"]]
    warm = _snapshot(project / "site")

    shutil.rmtree(project / ".cache")  # deleting the cache is always safe: a cold build gives the same bytes
    build_site(config)
    assert printed[2:] == [["gaobu-2024-en.pdf", "gaobu-2024-zh-en.pdf", "gaobu-2024-zh.pdf"]]
    assert _snapshot(project / "site") == warm
