"""Chinese on the English site is always marked as Chinese (WCAG 3.1.2, language of parts).

A real build of a partly translated report (a section title, a part title, the
meeting line, a paragraph and a key figure left in Chinese): every text of every
English page that contains Chinese characters must sit inside an element with
lang="zh-Hans", and what is shown untranslated must say so. A partial English
edition says how much is translated on its cover, and so do the print edition
and the side-by-side view that the English and bilingual PDFs are printed from.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import copy_project, edit_file
from pagecheck import SITE

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# What the partly translated report leaves in Chinese: (file, English line removed).
UNTRANSLATED = (
    "  en: Report on the Work of the Government of Gaobu Town (2024)\n",
    "  en: Gaobu Town People's Congress (the session and date of the meeting are not shown in the available text)\n",
    "      en: Review of the Work in 2023\n",
    "          en: 'Stabilizing the economy and promoting transformation: the foundation of manufacturing was steadily consolidated'\n",
    "    en: 'Fellow Deputies and comrades:'\n",
)


class ChineseOutsideLang(HTMLParser):
    """Every text node with Han characters whose nearest lang (element or ancestor) is not Chinese."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.skipping = 0
        self.offending: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        lang = dict(attrs).get("lang")
        self.stack.append((tag, lang))
        if tag in ("script", "style", "template", "svg"):
            self.skipping += 1

    def handle_endtag(self, tag):
        while self.stack:
            name, _ = self.stack.pop()
            if name in ("script", "style", "template", "svg"):
                self.skipping -= 1
            if name == tag:
                break

    def handle_data(self, data):
        if self.skipping or not HAN.search(data):
            return
        lang = next((lang for _, lang in reversed(self.stack) if lang), None)
        if not (lang or "").startswith("zh"):
            self.offending.append(f"{data.strip()[:40]!r} in <{self.stack[-1][0] if self.stack else '?'}> (lang {lang!r})")


@pytest.fixture(scope="module")
def partial_site(tmp_path_factory) -> Path:
    from gaobu_build.plugin import build_site

    project = copy_project(tmp_path_factory.mktemp("partial"))
    for line in UNTRANSLATED:
        edit_file(project, "data/2024/report.yaml", line, "")
    # A key figure whose indicator has no English name yet.
    edit_file(project, "data/2024/indicators.yaml", "name: {zh: 地区生产总值, en: GDP}", "name: {zh: 地区生产总值}")
    build_site(str(project / "mkdocs.yml"))  # with the PDF editions, where Chromium is installed
    return project / "site"


def english_pages(site: Path) -> list[Path]:
    return sorted(p for p in (site / "en").rglob("*.html"))


def test_every_chinese_text_on_an_english_page_is_marked_zh_hans(partial_site):
    pages = english_pages(partial_site)
    kinds = {p.relative_to(partial_site / "en").as_posix() for p in pages}
    # Every kind of page: home, cover, part, figures, side by side, print, glossary, hand-written, 404.
    assert {"index.html", "2024/index.html", "2024/review-2023/index.html", "2024/figures/index.html",
            "2024/parallel/index.html", "2024/print/index.html", "glossary/index.html", "about/index.html", "404.html"} <= kinds
    problems = {}
    for page in pages:
        scan = ChineseOutsideLang()
        scan.feed(page.read_text(encoding="utf-8"))
        if scan.offending:
            problems[page.relative_to(partial_site).as_posix()] = scan.offending
    assert problems == {}


def test_what_is_shown_in_chinese_says_it_is_not_yet_translated(partial_site):
    mark = '<span class="gaobu-untranslated-text" lang="zh-Hans" title="Not yet translated: the Chinese original is shown">'
    cover = (partial_site / "en/2024/index.html").read_text(encoding="utf-8")
    part = (partial_site / "en/2024/review-2023/index.html").read_text(encoding="utf-8")
    assert f"{mark}2024年高埗镇政府工作报告</span>" in cover  # the title, in the heading and in the navigation
    assert f"{mark}高埗镇人民代表大会（会议届次、日期未见于现有文本）</span>" in cover  # the meeting line
    assert f'<h1 id="review-2023">{mark}2023年工作回顾</span>' in part
    assert f"{mark}稳经济、促转型，制造业根基不断筑牢</span>" in part  # a section heading
    assert re.search(r'<span class="md-ellipsis">\s*' + re.escape(f"{mark}2023年工作回顾</span>"), part)  # the navigation
    figures = (partial_site / "en/2024/figures/index.html").read_text(encoding="utf-8")
    assert f"{mark}地区生产总值</span>" in figures  # an indicator without an English name
    # The paragraphs: the note before, and the Chinese marked as Chinese.
    assert 'class="gaobu-untranslated-note">This paragraph is not yet translated; the Chinese original is shown.</p>' in cover
    assert '<p class="gaobu-p gaobu-untranslated" id="salutation" lang="zh-Hans">' in cover


def test_a_partial_english_edition_says_how_much_is_translated(partial_site):
    # 18 of the report's 23 units have English: 78% (rounded down, never 100% while anything is missing).
    note = ("Partial translation, 78%: so far 78% of this report is translated into English; the rest is shown in "
            "Chinese, marked as not yet translated.")
    for page in ("en/2024/index.html", "en/2024/print/index.html", "en/2024/parallel/index.html"):
        html = (partial_site / page).read_text(encoding="utf-8")
        assert f'<p class="gaobu-partial-note">{note}</p>' in html, page
    # The bilingual PDF is printed from the Chinese site's side-by-side view: it says so in both languages.
    both = (partial_site / "2024/parallel/index.html").read_text(encoding="utf-8")
    assert ('<p class="gaobu-partial-note">英文译文尚不完整：本报告已译成英文 78%，其余部分以中文原文显示，并标明尚未翻译。 '
            f'<span lang="en">{note}</span></p>') in both
    assert 'class="gaobu-partial-note"' not in (partial_site / "2024/index.html").read_text(encoding="utf-8")
    # The print edition (the English PDF's source) says it on its first page: right under the title.
    printed = (partial_site / "en/2024/print/index.html").read_text(encoding="utf-8")
    assert printed.index("gaobu-partial-note") < printed.index('id="contents"')


def test_the_english_and_bilingual_pdfs_say_partial_translation_on_their_first_page(partial_site):
    from conftest import CHROMIUM, REQUIRE_BROWSER

    tool = shutil.which("pdftotext")
    if not CHROMIUM.exists() or tool is None:
        if REQUIRE_BROWSER:
            pytest.fail("Chromium and pdftotext are needed to print and read the PDF editions")
        pytest.skip("no Chromium or pdftotext here: the build made no PDF editions")
    for name in ("gaobu-2024-en.pdf", "gaobu-2024-zh-en.pdf"):
        first = subprocess.run([tool, "-f", "1", "-l", "1", "-enc", "UTF-8", str(partial_site / "2024/pdf" / name), "-"],
                               capture_output=True, text=True, check=True).stdout
        assert "Partial translation, 78%" in " ".join(first.split()), name
    first = subprocess.run([tool, "-f", "1", "-l", "1", "-enc", "UTF-8", str(partial_site / "2024/pdf/gaobu-2024-zh.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "Partial translation" not in first  # the Chinese edition is complete


def test_the_print_editions_title_is_escaped_for_its_front_matter():
    """The print edition's title goes into YAML front matter as HTML text: an editor's quotes and tags stay text."""
    from mkdocs.utils.meta import get_data

    from gaobu_build.render.pages import ReportInput, render_site
    from gaobu_build.source.model import Report

    title = 'A "quoted" <b>title</b>: #1 & more\\'
    report = Report.model_validate({"year": 2024, "title": {"zh": "标题", "en": title},
                                    "parts": [{"id": "part", "title": {"zh": "部分"}, "paragraphs": [{"id": "p", "zh": "文本"}]}]})
    pages = {p.path: p for p in render_site([ReportInput("2024", report)], "en", SITE)}
    assert get_data(pages["2024/print.md"].markdown)[1]["title"] == 'A "quoted" &lt;b&gt;title&lt;/b&gt;: #1 &amp; more\\'
    part = pages["2024/part.md"]
    assert (part.title, part.untranslated_title) == ("部分", True)
