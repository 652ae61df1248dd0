"""Notes (markers in the text, notes at the foot of the page) and emphasis (the source's bold, as data).

The check that every marker has its note and every note its marker, in both
languages, with file, line and column; the rendering (escaped, linked both
ways, stable ids); and the footnotes in a real Chromium on the Chinese and the
English pages of a real build.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, copy_project, with_site
from gaobu_build.cli import main as gaobu
from gaobu_build.checks.project import checked_project
from gaobu_build.render.markdown import normalize_space
from gaobu_build.render.pages import ReportInput, render_report
from gaobu_build.source.findings import DataError
from gaobu_build.source.model import Report
from pagecheck import markup, parse, to_html

NOTED = """\
year: 2024
title: {zh: 注释示例报告, en: A report with notes}
preamble:
  - id: salutation
    zh: 各位代表：
    en: 'Fellow Deputies:'
parts:
  - id: review-2023
    title: {zh: 2023年工作回顾, en: Review of the work in 2023}
    paragraphs:
      - id: drivers
        zh: “三大动力”[6]持续增强，投资增长5%。
        en: The “three drivers”[6] grew stronger, and investment grew by 5%.
        emphasis:
          - zh: “三大动力”[6]持续增强，
            en: The “three drivers”[6] grew stronger,
  - id: plan-2024
    title: {zh: 2024年工作安排, en: Work for 2024}
    paragraphs:
      - id: drivers-again
        zh: 继续做强“三大动力”[6]。
        en: We will make the “three drivers”[6] stronger still.
notes:
  - id: note-6
    marker: '[6]'
    zh: “三大动力”：指投资、消费、出口。
    en: 'The “three drivers”: investment, consumption and exports.'
"""


def project_with(tmp_path: Path, text: str, slug: str = "noted") -> Path:
    folder = tmp_path / "project" / "data" / slug
    folder.mkdir(parents=True)
    (folder / "report.yaml").write_text(text, encoding="utf-8")
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "project" / "mkdocs.yml")
    return with_site(tmp_path / "project")


def errors(root: Path) -> list[str]:
    with pytest.raises(DataError) as failed:
        checked_project(root)
    return [f.format() for f in failed.value.findings if f.severity == "error"]


def at(text: str, needle: str, occurrence: int = 1) -> str:
    """`line:column` of the n-th `needle` in `text` (1-based), found independently of the code under test."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return f"{line}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}"


# --- the check -------------------------------------------------------------------------------

def test_a_report_whose_markers_and_notes_match_has_no_error(tmp_path):
    loaded = checked_project(project_with(tmp_path, NOTED))
    assert [f.code for f in loaded.findings] == ["no-translation-record"]


def test_a_marker_without_its_note_is_an_error_at_the_marker(tmp_path, capsys):
    text = NOTED.replace("投资增长5%。", "投资增长5%[7]。")
    root = project_with(tmp_path, text)
    assert errors(root) == [
        f"data/noted/report.yaml:{at(text, '[7]')}: error: Paragraph 'drivers' refers to note [7], which the report does not have "
        "[note-missing]\n  hint: Add the note under `notes:` (marker: '[7]'), or remove the marker.",
        # The English has no [7] to point at: the finding is at the start of the English text.
        f"data/noted/report.yaml:{at(text, 'The “three drivers”[6] grew stronger, and')}: error: The English of paragraph 'drivers' has note marker [7] 0 time(s), the Chinese 1 [note-marker-mismatch]\n"
        "  hint: Put each marker where the English says what it notes, as often as the Chinese does."]
    # The command line says the same, with a non-zero exit.
    assert gaobu(["-f", str(root / "mkdocs.yml"), "check"]) == 1
    assert f"data/noted/report.yaml:{at(text, '[7]')}: error: Paragraph 'drivers' refers to note [7]" in capsys.readouterr().out


def test_a_note_nothing_refers_to_and_an_english_text_without_the_marker_are_errors(tmp_path):
    text = NOTED.replace("We will make the “three drivers”[6] stronger still.", "We will make the “three drivers” stronger still.")
    text = text.replace("继续做强“三大动力”[6]。", "继续做强“三大动力”。")
    text = text.replace("“三大动力”[6]持续增强，投资", "“三大动力”持续增强，投资").replace("zh: “三大动力”[6]持续增强，\n", "zh: “三大动力”持续增强，\n")
    root = project_with(tmp_path, text)
    marker_field = at(text, "'[6]'")
    assert errors(root) == [
        f"data/noted/report.yaml:{at(text, '[6]')}: error: The English of "
        "paragraph 'drivers' has note marker [6] 1 time(s), the Chinese 0 [note-marker-mismatch]\n"
        "  hint: Put each marker where the English says what it notes, as often as the Chinese does.",
        f"data/noted/report.yaml:{marker_field}: error: Note 'note-6' ([6]) is not referred to: no paragraph has the marker [6] "
        "[note-unused]\n  hint: Put the marker in the paragraph the note explains, or remove the note."]


def test_an_emphasised_phrase_must_be_in_its_text(tmp_path):
    text = NOTED.replace("            en: The “three drivers”[6] grew stronger,\n", "            en: The drivers grew,\n")
    root = project_with(tmp_path, text)
    assert errors(root) == [
        f"data/noted/report.yaml:{at(text, 'The drivers grew,')}: error: The emphasised phrase 'The drivers grew,' is not in the en "
        "text of 'drivers' (after the phrase before it) [emphasis-not-in-text]\n"
        "  hint: Write the phrase exactly as the text has it, in the text's order."]


# --- the pages -------------------------------------------------------------------------------

def pages(lang: str) -> dict:
    from ruamel.yaml import YAML

    report = Report.model_validate(YAML(typ="safe").load(NOTED))
    return {p.path: p.markdown for p in render_report(ReportInput("noted", report), lang)}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_page_links_its_markers_to_its_notes_and_back(lang):
    rendered = pages(lang)
    for page in ("noted/review-2023.md", "noted/plan-2024.md"):
        root = parse(to_html(rendered[page]))
        refs = [n for n in root.walk() if n.tag == "sup"]
        assert [(n.attrs, [(a.attrs, a.text()) for a in n.walk() if a.tag == "a"]) for n in refs] == [
            ({"class": "gaobu-note-ref"}, [({"id": "note-6-ref", "href": "#note-6", "aria-label": "注释[6]" if lang == "zh" else "Note [6]"},
                                            "[6]")])]
        note = next(n for n in root.walk() if n.attrs.get("id") == "note-6")
        assert [(a.attrs["href"], a.text()) for a in note.walk() if a.tag == "a"] == [("#note-6-ref", "[6]"), ("#note-6-ref", "↩\ufe0e")]
    # The print edition has the whole report on one page: one list of notes, each marker its own anchor.
    html = to_html(rendered["noted/print.md"])
    assert html.count('id="note-6"') == 1 and 'id="note-6-ref"' in html and 'id="note-6-ref-2"' in html
    note = next(n for n in parse(html).walk() if n.attrs.get("id") == "note-6")
    assert [a.attrs["href"] for a in note.walk() if a.tag == "a"] == ["#note-6-ref", "#note-6-ref", "#note-6-ref-2"]


def test_the_parallel_view_pairs_each_note_and_links_both_languages_markers():
    html = to_html(pages("zh")["noted/parallel.md"])
    assert html.count('href="#note-6"') == 4  # a marker in each language, in each of two paragraphs
    assert 'id="note-6-ref-zh"' in html and 'id="note-6-ref-en-2"' in html
    root = parse(html)
    zh = next(n for n in root.walk() if n.attrs.get("id") == "note-6")
    assert zh.text().startswith("[6] “三大动力”：指投资、消费、出口。")


_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="[]⑳\u2460"), min_size=1, max_size=12)


@settings(max_examples=30, deadline=None)
@given(phrase=_TEXT.filter(lambda t: t.strip() and t == t.strip() and " " not in t and "\u3000" not in t))
def test_an_emphasised_phrase_is_bold_text_and_nothing_else(phrase):
    """Whatever the phrase, the page shows it in <strong>, as typed, and adds no other markup than the <strong>."""
    from ruamel.yaml import YAML

    def page(text: str, emphasis: str | None):
        data = YAML(typ="safe").load(NOTED)
        paragraph = data["parts"][0]["paragraphs"][0]
        paragraph["zh"] = f"开头{text}结尾。"
        paragraph["emphasis"] = [{"zh": emphasis}] if emphasis else []
        rendered = render_report(ReportInput("noted", Report.model_validate(data)), "zh")
        return parse(to_html(next(p.markdown for p in rendered if p.path == "noted/review-2023.md")))

    bold, plain = page(phrase, phrase), page("placeholder", None)
    strong = [n for n in bold.walk() if n.tag == "strong"]
    assert [n.text() for n in strong] == [normalize_space(phrase)]  # shown as typed, spaces as every text's
    counts = markup(bold)
    counts[("strong", ())] -= 1
    assert +counts == markup(plain)


# --- in a real browser -----------------------------------------------------------------------

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def noted_site(tmp_path_factory):
    from gaobu_build.plugin import build_site

    root = copy_project(tmp_path_factory.mktemp("noted"))
    (root / "data" / "noted").mkdir()
    (root / "data" / "noted" / "report.yaml").write_text(NOTED, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - gaobu\n", "  - gaobu:\n      search: false\n      pdf: 'false'\n"),
                      encoding="utf-8")
    build_site(str(config))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_footnotes_work_both_ways_in_a_real_browser(page, noted_site, prefix):
    """The `page` fixture skips (or fails, where the browser is required) before anything is built."""
    from playwright.sync_api import expect

    page.goto(noted_site + prefix + "noted/review-2023/")
    marker = page.locator("sup.gaobu-note-ref a").first
    expect(marker).to_have_text("[6]")
    marker.click()
    assert page.url.endswith("#note-6")
    note = page.locator("#note-6")
    expect(note).to_be_in_viewport()
    expect(note).to_contain_text("“三大动力”：指投资、消费、出口。" if not prefix else "The “three drivers”: investment, consumption and exports.")
    note.locator("a.gaobu-note-back").click()
    assert page.url.endswith("#note-6-ref")
    expect(page.locator("#note-6-ref")).to_be_in_viewport()
