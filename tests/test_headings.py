"""Headings: each page's table of contents says what it is and lists no heading twice; every heading has an id
of its own, which a build refuses to make up."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from conftest import copy_project


class _Headings(HTMLParser):
    """The page's tables of contents (Material's secondary navs: the sidebar's, and a copy in the main navigation
    for small screens), each as its title and entries, and the headings of its content."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tocs: list[tuple[str, list[str]]] = []
        self.headings = []
        self._nav_depth = 0  # inside the secondary nav: how many <nav> deep
        self._capture: list | None = None  # the text being collected, and where it goes
        self._in_article = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "nav" and (self._nav_depth or "md-nav--secondary" in classes):
            if not self._nav_depth:
                self.tocs.append(("", []))
            self._nav_depth += 1
        if tag == "article":
            self._in_article = True
        if self._nav_depth and tag == "label" and "md-nav__title" in classes:
            self._capture = ["title"]
        elif self._nav_depth and tag == "a" and "md-nav__link" in classes:
            self._capture = ["toc"]
        elif self._in_article and re.fullmatch(r"h[1-6]", tag):
            self._capture = ["heading", tag, attrs.get("id")]
        elif tag == "a" and self._capture and self._capture[0] == "heading" and "headerlink" in classes:
            self._capture.append("skip")  # the ¶ (or § 1.2) after a heading is not its text

    def handle_endtag(self, tag):
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1
        if tag == "article":
            self._in_article = False
        if not self._capture:
            return
        kind = self._capture[0]
        if tag == "a" and self._capture[-1] == "skip":
            self._capture.pop()
        elif (kind == "title" and tag == "label") or (kind == "toc" and tag == "a"):
            text = " ".join("".join(self._capture[1:]).split())
            if kind == "title":
                self.tocs[-1] = (text, self.tocs[-1][1])
            else:
                self.tocs[-1][1].append(text)
            self._capture = None
        elif kind == "heading" and tag == self._capture[1]:
            self.headings.append((tag, self._capture[2], " ".join("".join(self._capture[3:]).split())))
            self._capture = None

    def handle_data(self, data):
        if self._capture and self._capture[-1] != "skip":
            self._capture.append(data)


def headings_of(page: Path) -> _Headings:
    parser = _Headings()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _pages(site: Path):
    for page in sorted(site.rglob("*.html")):
        if "pagefind" not in page.parts and page.name != "404.html" and "http-equiv=\"refresh\"" not in page.read_text(encoding="utf-8"):
            yield ("en" if page.relative_to(site).parts[0] == "en" else "zh"), page


def test_each_table_of_contents_is_titled_for_the_page_and_no_entry_repeats_its_title(built_site):
    seen = 0
    for lang, page in _pages(built_site):
        for title, entries in headings_of(page).tocs:
            seen += bool(entries)
            assert title == ({"zh": "本页内容", "en": "On this page"}[lang] if entries else ""), page
            assert title not in entries, page
    assert seen >= 12
    # The sidebar's (the last).
    tocs = {path: headings_of(built_site / path).tocs[-1]
            for path in ("2024/index.html", "en/2024/index.html", "index.html", "en/index.html")}
    assert tocs == {
        "2024/index.html": ("本页内容", ["目录", "主要数据", "关于本文本"]),
        "en/2024/index.html": ("On this page", ["Contents", "Key figures", "About this text"]),
        "index.html": ("本页内容", ["2024年高埗镇政府工作报告", "目录", "主要数据"]),
        "en/index.html": ("On this page", ["Report on the Work of the Government of Gaobu Town (2024)", "Contents", "Key figures"]),
    }


def test_every_heading_has_an_id_of_its_own_the_same_in_both_languages(built_site):
    ids = {}
    for lang, page in _pages(built_site):
        headings = headings_of(page).headings
        assert headings, page
        for tag, ident, text in headings:
            assert ident and not re.search(r"_\d+$", ident), (page, tag, text, ident)
        ids[page.relative_to(built_site).as_posix().removeprefix("en/"), lang] = [ident for _, ident, _ in headings]
    assert ids["about/index.html", "zh"] == ids["about/index.html", "en"] == ["about-this-site"]
    for path, lang in ids:
        assert ids[path, "zh"] == ids[path, "en"], path


def test_a_heading_without_an_id_fails_the_build_naming_it(tmp_path):
    project = copy_project(tmp_path / "project")
    about = project / "docs" / "zh" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n## 联系我们\n\n电话。\n\n## Contact {#contact}\n\n## 联系我们\n",
                     encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)
    assert result.returncode == 1
    hint = ("  hint: Write an id after the heading, e.g. `## 联系我们 {#an-id}`: lowercase ASCII words joined by hyphens, "
            "the same on the page in each language.")
    problem = [
        "ERROR   -  docs/zh/about.md:10:1: error: The heading '联系我们' has no id of its own: the one made from its text, "
        "'_1', changes when a heading is added above it [heading-id]",
        hint,
        "docs/zh/about.md:16:1: error: The heading '联系我们' has no id of its own: the one made from its text, "
        "'_2', changes when a heading is added above it [heading-id]",
        hint,
    ]
    lines = result.stderr.splitlines()
    start = lines.index(problem[0])
    assert lines[start:start + 4] == problem
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()
