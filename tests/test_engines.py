"""The same site from either engine: MkDocs 1.6 and ProperDocs, its maintained continuation.

ProperDocs runs MkDocs plugins and themes as they are (it answers their `mkdocs.*` imports), so
`properdocs build -f mkdocs.yml` must give the bytes of `mkdocs build`. The one difference is the
`<meta name="generator">` tag, where each engine names itself and its version.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import copy_project, edit_file

BIN = Path(sys.executable).parent
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _build(engine: str, root: Path, site: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / engine), "build", "-q", "-f", "mkdocs.yml", "-d", site], cwd=root, env=env,
                          capture_output=True, text=True)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path):
    root = copy_project(tmp_path / "p")
    edit_file(root, "mkdocs.yml", "  - gaobu\n", "  - gaobu:\n      pdf: false\n")  # the PDFs are Chromium's, not the engine's
    # Material warns about MkDocs' future under `mkdocs` unless told not to; ProperDocs needs no such setting.
    env = {k: v for k, v in os.environ.items() if k not in ("NO_MKDOCS_2_WARNING", "GAOBU_SITE_URL")}
    env["GAOBU_SITE_URL"] = "https://example.gov.cn/reports/"
    properdocs = _build("properdocs", root, "site-properdocs", env)
    assert (properdocs.returncode, properdocs.stdout, properdocs.stderr) == (0, "", "")
    mkdocs = _build("mkdocs", root, "site-mkdocs", {**env, "NO_MKDOCS_2_WARNING": "1"})
    assert (mkdocs.returncode, mkdocs.stderr) == (0, "")

    one, other = _files(root / "site-mkdocs"), _files(root / "site-properdocs")
    assert sorted(one) == sorted(other)
    assert len(one) > 50 and "pagefind/pagefind-entry.json" in one and "en/2024/review-2023/index.html" in one
    differing = sorted(path for path in one if one[path] != other[path])
    # Only HTML pages differ, and only in the generator tag, which names the engine.
    assert differing and all(path.endswith(".html") for path in differing)
    assert [path for path in differing if GENERATOR.sub(b"", one[path]) != GENERATOR.sub(b"", other[path])] == []
    page = "en/2024/index.html"
    assert GENERATOR.search(one[page]).group().startswith(b'<meta name="generator" content="mkdocs-1.6')
    assert GENERATOR.search(other[page]).group().startswith(b'<meta name="generator" content="mkdocs-ProperDocs 1.')
