"""What `mkdocs build` prints: a clean build says what it did and nothing a user must read past; a real
warning stands out."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import copy_project, edit_file
from gaobu_build.checks.project import checked_project
from gaobu_build.site import pdf


def mkdocs_build(project: Path) -> list[str]:
    """The lines `mkdocs build` prints (stdout and stderr), with the project's path and the timings made constant."""
    # As `make` runs it: NO_MKDOCS_2_WARNING silences Material's notice about its own future (see the Makefile).
    # The repository's mkdocs.yml takes site_url from GAOBU_SITE_URL: unset, as in a clone.
    env = {**{k: v for k, v in os.environ.items() if k != "GAOBU_SITE_URL"}, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    assert done.returncode == 0, done.stdout
    text = done.stdout.replace(str(project), "PROJECT")
    return [re.sub(r"built in [0-9.]+ seconds", "built in N seconds", line) for line in text.splitlines()]


def findings_as_logged(project: Path) -> list[str]:
    """The data's findings as the build logs them (notes as INFO, the rest as WARNING), hint lines included."""
    lines = []
    for finding in checked_project(project).findings:
        level = "INFO   " if finding.severity == "note" else "WARNING"
        lines.extend(f"{level} -  {finding.format()}".splitlines())
    return lines


# Said once, because without the published address a QR code would lead nowhere once printed.
NO_QR_CODES = "INFO    -  gaobu: no site_url: the QR codes are not made (set site_url in mkdocs.yml, or GAOBU_SITE_URL)"


def build_lines() -> list[str]:
    """What a build of the one landed report says about itself: that it makes no QR codes (no site_url),
    where it builds each language, its PDF editions (printed afresh in a new copy, or why not), how long it took."""
    return [NO_QR_CODES] + _build_lines()


def _build_lines() -> list[str]:
    lines = [
        "INFO    -  Cleaning site directory",
        "INFO    -  Building documentation to directory: PROJECT/.site.building",
        "INFO    -  Building documentation to directory: PROJECT/.site.building/en",
        "INFO    -  Documentation built in N seconds",
        "INFO    -  Documentation built in N seconds",
    ]
    if pdf.available():
        return lines[:4] + ["INFO    -  gaobu: PDF editions: 3 printed, 0 unchanged (from .cache/gaobu/pdf/)"] + lines[4:]
    return [f"INFO    -  gaobu: no Chromium at {pdf.CHROMIUM}: the PDF editions are not made (pdf: auto; install "
            "Debian's chromium, or set pdf: false)"] + lines


def test_a_clean_build_prints_its_summary_and_nothing_else(tmp_path):
    project = copy_project(tmp_path / "project")
    printed = mkdocs_build(project)
    findings = findings_as_logged(project)
    assert not any(line.startswith("WARNING") for line in findings), "the repository's data has warnings"
    assert printed == findings + build_lines()


def test_a_real_warning_stands_out(tmp_path):
    project = copy_project(tmp_path / "project")
    edit_file(project, "data/2024/report.yaml", "    en: 'Fellow Deputies and comrades:'\n", "")
    printed = mkdocs_build(project)
    warnings = [line for line in printed if line.startswith("WARNING")]
    assert warnings == ["WARNING -  data/2024/report.yaml:19:5: warning: 'salutation' has no English translation [untranslated]"]
    assert printed == findings_as_logged(project) + build_lines()
