"""`gaobu new`: another office's site, made from the installed package alone.

The end-to-end test builds a wheel from a copy of the sources, installs it into a fresh virtual
environment, and from a folder outside the repository runs `gaobu new`, `gaobu import` and
`mkdocs build`: a second site, with its own name and footer, and nothing of the Gaobu site.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import ROOT, SHARED, shared_file
from gaobu_build.cli import main as gaobu
from gaobu_build.source.findings import DataError
from gaobu_build.source.loader import read_project

NAME_ZH, NAME_EN = "东莞市政府工作报告", "Dongguan Municipal Government Work Report"
PUBLISHER_ZH, PUBLISHER_EN = "东莞市人民政府", "Dongguan Municipal People's Government"
NEW = ["--name-zh", NAME_ZH, "--name-en", NAME_EN, "--publisher-zh", PUBLISHER_ZH, "--publisher-en", PUBLISHER_EN]
SKELETON = [".github/workflows/pages.yml", ".gitignore", "README.md", "data/site.yaml", "docs/en/.gitkeep",
            "docs/zh/.gitkeep", "mkdocs.yml", "requirements.txt"]
DONGGUAN = SHARED / "fixtures" / "reports" / "dongguan-city-2024.md"


def files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_new_writes_a_site_that_needs_only_a_report(tmp_path, capsys):
    assert gaobu(["new", str(tmp_path / "site"), *NEW]) == 0
    site = tmp_path / "site"
    assert files_in(site) == SKELETON
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"Next: cd {site}, then `gaobu import REPORT.docx --out data/2024` and `mkdocs serve` (see README.md).")
    identity = YAML(typ="safe").load((site / "data" / "site.yaml").read_text(encoding="utf-8"))
    assert identity["name"] == {"zh": NAME_ZH, "en": NAME_EN}
    assert identity["publisher"] == {"zh": PUBLISHER_ZH, "en": PUBLISHER_EN}
    assert identity["short_name"] == "dongguan"
    # data/site.yaml passes the checks; what is missing is a report, and the error says how to import one.
    with pytest.raises(DataError) as caught:
        read_project(site)
    assert [f.format() for f in caught.value.findings] == [
        "data:1:1: error: No report found: expected data/<year>/report.yaml [no-report]\n"
        "  hint: Import one: `gaobu import REPORT.docx --out data/2024` (or .md, .txt), or write data/2024/report.yaml."]
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    assert "plugins:\n  - gaobu\n" in config and "\ncustom_dir" not in config and "  custom_dir:" not in config and f'site_name: "{NAME_ZH}"' in config
    readme = (site / "README.md").read_text(encoding="utf-8")
    assert "gaobu import REPORT.docx --out data/2024\nmkdocs serve\n" in readme
    assert "gaobu build" in (site / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert "gaobu-build==" in (site / "requirements.txt").read_text(encoding="utf-8")


def test_new_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "notes.txt").write_text("an office's own file\n", encoding="utf-8")
    assert gaobu(["new", str(site), *NEW]) == 1
    assert capsys.readouterr().err == (
        f"{site}: error: the folder is not empty. "
        "Choose a new or empty folder: gaobu new never overwrites a site. [folder-not-empty]\n")
    assert files_in(site) == ["notes.txt"]


def test_new_fills_an_empty_folder(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    assert gaobu(["new", str(site), "--name-zh", "某镇政府工作报告", "--name-en", "某镇 reports"]) == 0
    assert files_in(site) == SKELETON
    identity = YAML(typ="safe").load((site / "data" / "site.yaml").read_text(encoding="utf-8"))
    assert "publisher" not in identity and identity["short_name"] == "report"  # no ASCII word to name files by


@pytest.mark.parametrize("args, message", [
    (["--name-zh", " ", "--name-en", "A"], "gaobu new: error: --name-zh: Expected text but received an empty string\n"),
    (["--name-zh", "甲", "--name-en", "A", "--publisher-zh", "乙"],
     "gaobu new: error: --publisher-zh and --publisher-en go together: give the publisher in both languages\n"),
    (["--name-zh", "甲", "--name-en", "A", "--short-name", "A B"],
     "gaobu new: error: --short-name: Expected an id of lowercase ASCII letters, digits and single hyphens, "
     "at most 64 characters, but received: 'A B'\n"),
])
def test_new_refuses_bad_names_and_writes_nothing(tmp_path, capsys, args, message):
    assert gaobu(["new", str(tmp_path / "site"), *args]) == 2
    assert capsys.readouterr().err == message
    assert not (tmp_path / "site").exists()


# -- a second site, from the installed wheel, outside the repository ---------------------------------------

def _run(args: list, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin/ folder of a fresh virtual environment holding only the wheel and its dependencies."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # a copy, so that building the wheel writes nothing into the repository
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "gaobu_build", source / "gaobu_build", ignore=shutil.ignore_patterns("__pycache__"))
    _run([sys.executable, "-m", "pip", "wheel", source, "--no-deps", "--quiet", "-w", work / "dist"], work)
    wheel = next((work / "dist").glob("gaobu_build-*.whl"))
    _run([sys.executable, "-m", "venv", work / "venv"], work)
    _run([work / "venv" / "bin" / "python", "-m", "pip", "install", "--quiet", wheel], work)
    return work / "venv" / "bin"


def _clean_env(bin_dir: Path) -> dict:
    """This test's environment less what would let the repository's code in."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "GAOBU_SITE_URL")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def _gaobu_identity_words() -> list[str]:
    """The Gaobu site's own words: its name, home title, introduction and publisher in both languages."""
    data = YAML(typ="safe").load((ROOT / "data" / "site.yaml").read_text(encoding="utf-8"))
    return [data[key][lang] for key in ("name", "home_title", "intro", "publisher") for lang in ("zh", "en")]


def test_a_second_site_is_made_from_the_installed_package_alone(installed, tmp_path):
    report = shared_file(DONGGUAN)
    env = _clean_env(installed)
    where = _run([installed / "python", "-c", "import gaobu_build.site.theme as t; print(t.THEME_DIR)"], tmp_path, env)
    assert Path(where.stdout.strip()).is_relative_to(installed.parent), where.stdout

    _run([installed / "gaobu", "new", "dongguan", *NEW], tmp_path, env)
    site = tmp_path / "dongguan"
    with (site / "data" / "site.yaml").open("a", encoding="utf-8") as extra:
        extra.write("icp_filing: 某ICP备12345678号-1\n")
    config = site / "mkdocs.yml"  # the PDF editions are another test's: this one looks at the pages
    config.write_text(config.read_text(encoding="utf-8").replace("  - gaobu\n", "  - gaobu:\n      pdf: false\n"), encoding="utf-8")
    _run([installed / "gaobu", "import", report, "--out", "data/2024"], site, env)
    _run([installed / "mkdocs", "build"], site, env)

    built = site / "site"
    pages = sorted(built.rglob("*.html"))
    assert (built / "index.html").is_file() and (built / "en" / "index.html").is_file()
    assert (built / "pagefind" / "pagefind-entry.json").is_file()
    gaobu_words = _gaobu_identity_words()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        english = page.is_relative_to(built / "en")
        name, publisher = (NAME_EN, PUBLISHER_EN) if english else (NAME_ZH, PUBLISHER_ZH)
        assert f'<html lang="{"en" if english else "zh-Hans"}"' in text, page
        title = html.unescape(re.search(r"<title(?: lang=\"zh-Hans\")?>(.*?)</title>", text).group(1))  # Chinese for want of English is marked as such
        assert title == name or title.endswith(f" - {name}"), (page, title)
        footer = html.unescape(re.search(r'<ul class="gaobu-footer__items".*?</ul>', text, re.S).group(0))
        assert ("Published by: " if english else "主办单位：") + publisher in footer, page
        assert '<a href="https://beian.miit.gov.cn/" rel="noopener"' in footer, page
        # The report mentions the town, but the site says nothing of the Gaobu site's own.
        assert [w for w in gaobu_words if html.escape(w) in text or w in text] == [], page
        assert str(ROOT) not in text, page
    home = (built / "en" / "index.html").read_text(encoding="utf-8")
    assert f'<h1 id="top">{NAME_EN}<a ' in home
    assert "Government work reports in Chinese and English." in home
