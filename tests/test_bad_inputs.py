"""Bad input, case by case: the exact findings of `gaobu check`, never a traceback, never half a site.

Each file in tests/bad_inputs/ is a whole data/2024/report.yaml whose first
comment lines say what `gaobu check` must print (see the README there); the
cases that cannot be files (a 1 MB paragraph, symbolic links) are built below
in the same terms.

What is compared: every error line, exactly, as a set; warning lines only
when their code is named in the case's `# expect:` lines. Other checks add
warnings (untranslated text, stale translations, terminology, typography)
that a case about, say, a tab in the indentation must not have to list.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import copy_project, only_this_report
from gaobu_build.cli import main as gaobu
from gaobu_build.checks.project import checked_project
from gaobu_build.source.model import TEXT_MAX
from gaobu_build.render.markdown import normalize_space
from pagecheck import markup, pages_html, replace_text

CASES_DIR = Path(__file__).parent / "bad_inputs"
REPORT = Path("data/2024/report.yaml")
GAOBU_SCRIPT = Path(sys.executable).parent / "gaobu"
_FINDING = re.compile(r"^data/\S+:\d+:\d+: (error|warning): .* \[([a-z0-9-]+)\]$")

SYMLINK_HINT = "The site is built only from what is in data/: copy the file into data/ instead of linking to it."
LONG_HINT = "Split it into shorter paragraphs, each with its own id."


@dataclass
class Case:
    name: str
    body: bytes = b""
    expect: list[tuple[str, str | None]] = field(default_factory=list)  # (finding line, hint or None)
    shows: list[str] = field(default_factory=list)
    setup: object = None  # a function (project root) -> None, for the cases that are not a file

    @property
    def codes(self) -> set[str]:
        return {_FINDING.match(line).group(2) for line, _ in self.expect}


def read_case(path: Path) -> Case:
    raw = path.read_bytes()
    header = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    case = Case(path.stem, raw)
    for line in header.splitlines():
        if not line.startswith("#"):
            break
        if line.startswith("# expect: ") and line != "# expect: no errors":
            case.expect.append((line[len("# expect: "):], None))
        elif line.startswith("#   hint: "):
            case.expect[-1] = (case.expect[-1][0], line[len("#   hint: "):])
        elif line.startswith("# shows: "):
            case.shows.append(line[len("# shows: "):])
    assert case.expect or "# expect: no errors" in header, f"{path.name} states no expectation"
    return case


# --- the cases that cannot be files ---------------------------------------------------

BASE = (CASES_DIR / "18-bom-accepted.yaml").read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
BASE = "".join(line for line in BASE.splitlines(keepends=True) if not line.startswith("#"))


def _with_english(text: str) -> bytes:
    return BASE.replace("en: The first paragraph.", f"en: {text}").encode("utf-8")


def _link_report_outside(root: Path):
    (root / "outside.yaml").write_text(BASE, encoding="utf-8")
    (root / REPORT).unlink()
    (root / REPORT).symlink_to("../../outside.yaml")


def _link_folder_outside(root: Path):
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "report.yaml").write_text(BASE.replace("2024", "2025"), encoding="utf-8")
    (root / "data" / "2025").symlink_to("../elsewhere")


def _link_folder_without_report_outside(root: Path):
    # Not a report: nothing is read from it, so nothing to refuse.
    (root / "pictures").mkdir()
    (root / "data" / "pictures").symlink_to("../pictures")


def _link_inside(root: Path):
    (root / "data" / "shared").mkdir()
    (root / "data" / "shared" / "2025.yaml").write_text(BASE.replace("2024", "2025"), encoding="utf-8")
    (root / "data" / "2025").mkdir()
    (root / "data" / "2025" / "report.yaml").symlink_to("../shared/2025.yaml")


GENERATED = [
    Case("g1-one-megabyte-paragraph", _with_english("x" * 1024 * 1024), [(
        "data/2024/report.yaml:13:13: error: Expected text of at most 20,000 characters but received: "
        "1,048,576 characters [text-too-long]", LONG_HINT)]),
    Case("g2-paragraph-one-over-the-limit", _with_english("x" * (TEXT_MAX + 1)), [(
        "data/2024/report.yaml:13:13: error: Expected text of at most 20,000 characters but received: "
        "20,001 characters [text-too-long]", LONG_HINT)]),
    Case("g3-paragraph-at-the-limit", _with_english("x" * TEXT_MAX)),
    Case("g4-report-linked-outside-data", setup=_link_report_outside, expect=[(
        "data/2024/report.yaml:1:1: error: data/2024/report.yaml is a symbolic link to a file outside data/ "
        "(../../outside.yaml) [symlink-outside-data]", SYMLINK_HINT)]),
    Case("g5-report-folder-linked-outside-data", setup=_link_folder_outside, expect=[(
        "data/2025/report.yaml:1:1: error: data/2025 is a symbolic link to a folder outside data/ "
        "(../elsewhere) [symlink-outside-data]", SYMLINK_HINT)]),
    Case("g6-report-linked-inside-data", setup=_link_inside),
    Case("g7-folder-without-report-linked-outside-data", setup=_link_folder_without_report_outside),
]

CASES = [read_case(p) for p in sorted(CASES_DIR.glob("*.yaml"))] + GENERATED


# --- running them ---------------------------------------------------------------------

def make_project(tmp_path: Path, case: Case) -> Path:
    root = only_this_report(copy_project(tmp_path / "project"))
    if case.body:
        (root / REPORT).write_bytes(case.body)
    if case.setup:
        case.setup(root)
    return root


def findings_in(output: str) -> list[list]:
    """[code, finding line, hint, severity] for each finding printed by `gaobu check`.

    Findings in a row that share a hint print it once, after the last of them: a hint belongs to each
    finding since the previous hint."""
    found, since_hint = [], 0
    for line in output.splitlines():
        match = _FINDING.match(line)
        if match:
            found.append([match.group(2), line, None, match.group(1)])
        elif line.startswith("  hint: ") and found:
            for finding in found[since_hint:]:
                finding[2] = line[len("  hint: "):]
            since_hint = len(found)
    return found


def compared(case: Case, output: str) -> set[tuple[str, str | None]]:
    hinted = {line for line, hint in case.expect if hint is not None}
    return {(line, hint if line in hinted else None)
            for code, line, hint, severity in findings_in(output)
            if severity == "error" or code in case.codes}


def site_bytes(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def assert_shown_as_text(root: Path, shown: list[str]):
    """Each `shows` text is on a page as typed, and the pages have exactly the markup they have without it."""
    report = checked_project(root).reports[0].report
    pages = pages_html(report)
    for text in shown:
        plain = pages_html(replace_text(report, text, "placeholder"))
        assert plain.keys() == pages.keys()
        for key in pages:
            assert markup(pages[key]) == markup(plain[key]), f"{text!r} changed the markup of {key}"
        visible = [normalize_space(page.text()) for page in pages.values()]
        assert any(normalize_space(text) in v for v in visible), f"{text!r} is not shown on any page"


def test_the_corpus_is_large_enough_and_numbered():
    files = sorted(CASES_DIR.glob("*.yaml"))
    assert len(files) + len(GENERATED) >= 30
    assert all(re.fullmatch(r"\d\d-[a-z0-9-]+\.yaml", p.name) for p in files)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case, tmp_path, capsys):
    root = make_project(tmp_path, case)
    config = str(root / "mkdocs.yml")

    code = gaobu(["-f", config, "check"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert compared(case, out) == set(case.expect)
    assert code == (1 if case.expect else 0)

    if case.expect:
        # A failed build must leave the published site exactly as it was.
        site = root / "site"
        (site / "2024").mkdir(parents=True)
        (site / "index.html").write_text("<p>the previous site</p>", encoding="utf-8")
        (site / "2024" / "index.html").write_bytes(b"\x00previous bytes")
        before = site_bytes(site)
        assert gaobu(["-f", config, "build"]) == 1
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        assert "The site was not built; the previous site/ is unchanged." in err
        assert site_bytes(site) == before
        assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []
    if case.shows:
        assert_shown_as_text(root, case.shows)


def test_the_shows_check_catches_markup_that_gets_through(tmp_path, monkeypatch):
    """Without escaping, the corpus's script case must fail: the check above is not vacuous."""
    import gaobu_build.render.markdown as render

    case = next(c for c in CASES if c.name == "28-script-in-text")
    root = make_project(tmp_path, case)
    monkeypatch.setattr(render, "escape_fragment", lambda text: render.Safe(text))
    with pytest.raises(AssertionError, match="changed the markup"):
        assert_shown_as_text(root, case.shows)


SUBPROCESS_CASES = ["36-control-character-raw", "41-deep-nesting", "g4-report-linked-outside-data"]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_the_real_command_prints_findings_not_a_traceback(name, tmp_path):
    case = next(c for c in CASES if c.name == name)
    root = make_project(tmp_path, case)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([str(GAOBU_SCRIPT), "check"], cwd=root, capture_output=True, text=True, env=env, timeout=120)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    assert compared(case, result.stdout) == set(case.expect)


def test_mkdocs_build_on_bad_data_prints_no_traceback_and_keeps_the_site(tmp_path):
    case = next(c for c in CASES if c.name == "36-control-character-raw")
    root = make_project(tmp_path, case)
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>the previous site</p>", encoding="utf-8")
    before = site_bytes(site)
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([mkdocs, "build"], cwd=root, capture_output=True, text=True, env=env, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert case.expect[0][0] in output
    assert site_bytes(site) == before
