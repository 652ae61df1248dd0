"""Shared fixtures: a real build of the site, served on 127.0.0.1, and a real Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("GAOBU_CHROMIUM", "/usr/bin/chromium"))
# CI sets this, so that a machine without Chromium fails instead of skipping.
REQUIRE_BROWSER = os.environ.get("GAOBU_REQUIRE_BROWSER") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


SHARED = ROOT.parent / "shared"
# .ci/run sets this: there the shared material must be present, and a test that needs it fails without it.
REQUIRE_SHARED = os.environ.get("GAOBU_REQUIRE_SHARED") == "1"


def shared_file(path: Path) -> Path:
    """A file of the shared material beside the project (../shared), or a skip saying why (a failure in CI)."""
    if not path.exists():
        if REQUIRE_SHARED:
            pytest.fail(f"{path} is missing, and GAOBU_REQUIRE_SHARED=1 says it must be there")
        pytest.skip(f"{path} is not here (the shared material sits beside the project in CI)")
    return path


def copy_project(dest: Path) -> Path:
    """A private copy of the site's sources, to edit or build without touching the repository."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "data", "docs"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        else:
            shutil.copy2(src, dest / name)
    return dest


def with_site(root: Path) -> Path:
    """Give a project made in a test the site's identity (data/site.yaml), which every site has beside its reports."""
    (root / "data").mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "data" / "site.yaml", root / "data" / "site.yaml")
    return root


def edit_file(root: Path, path: str, old: str, new: str, count: int = 1, exactly: bool = True) -> None:
    """Replace `old` in a copied project's file; `old` must be there `count` times (at least, unless `exactly`)."""
    file = root / path
    text = file.read_text(encoding="utf-8")
    found = text.count(old)
    assert found == count if exactly else found >= count, f"{old!r} is in {path} {found} time(s), expected {count}"
    file.write_text(text.replace(old, new, count), encoding="utf-8")


def only_this_report(root: Path) -> Path:
    """A copied project whose data/2024/report.yaml a test replaces: drop what describes the landed report.

    Its indicators, translation record and link registry name the landed
    report's ids; next to another report they would only add findings.
    """
    for name in ("data/2024/indicators.yaml", "data/2024/translations.yaml", "data/links.yaml"):
        (root / name).unlink(missing_ok=True)
    return root


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole bilingual site, built once per test session from a copy of the repository."""
    from gaobu_build.plugin import build_site

    project = copy_project(tmp_path_factory.mktemp("project"))
    build_site(str(project / "mkdocs.yml"))
    return project / "site"



def fail_on_serious_axe_violations(violations: list[dict], where: str) -> None:
    """Fail, naming each serious or critical axe-core violation and its first elements, if there is any."""
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    report = []
    for v in bad:
        report.append(f"{v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} elements] {v['helpUrl']}")
        for node in v["nodes"][:4]:
            detail = " ".join(c["message"] for c in node["any"] + node["all"] + node["none"])
            report.append(f"    {' '.join(node['target'])}: {detail}")
    if bad:
        pytest.fail(f"{len(bad)} serious/critical axe violations on {where}:\n" + "\n".join(report), pytrace=False)

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site, served on 127.0.0.1 only, for the session."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package (make test does)"
        if REQUIRE_BROWSER:
            pytest.fail(message)
        pytest.skip(message)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if REQUIRE_BROWSER:
            pytest.fail("the playwright package is not installed")
        pytest.skip("the playwright package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


class SubPathServer:
    """A built site served on 127.0.0.1 only under a sub-path, like a GitHub Pages project site
    (https://ORG.github.io/REPO/): anything outside the sub-path is a 404."""

    def __init__(self, directory: Path, sub_path: str = "/gaobu/"):
        sub = sub_path

        class Handler(_QuietHandler):
            def translate_path(self, path):
                local = path.split("?", 1)[0].split("#", 1)[0]
                if not local.startswith(sub):
                    return str(directory / ".outside-the-sub-path")
                return super().translate_path("/" + path[len(sub):])

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}{sub}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def build_under_sub_path(project: Path, prepare=None):
    """Serve `project/site` under a sub-path, then build it with that address as site_url.

    The server comes first: site_url must name its port."""
    server = SubPathServer(project / "site")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert 'site_url: !ENV [GAOBU_SITE_URL, ""]' in text
    config.write_text(text.replace('site_url: !ENV [GAOBU_SITE_URL, ""]', f"site_url: {server.base}"), encoding="utf-8")
    if prepare:
        prepare(project)
    from gaobu_build.plugin import build_site

    build_site(str(config))
    return server
