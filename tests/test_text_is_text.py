"""Text is text: whatever an editor types in any field shows on the page as typed, and adds no markup.

The pages are rendered by gaobu_build.render.markdown and converted by Python-Markdown
with the extensions and settings read from mkdocs.yml, as MkDocs does. For
each field, a page with arbitrary text in it must have exactly the elements,
attributes and links of the same page with a plain placeholder there, and
the element that holds the field must show the text itself.
"""

from __future__ import annotations

import copy
import functools
import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gaobu_build.source.model import MASK_RE
from gaobu_build.source.model import TEXT_MAX, UNPRINTABLE_RE, Report
from gaobu_build.render.pages import ReportInput, render_site
from gaobu_build.render.markdown import normalize_space
from pagecheck import SITE, Node, markup, parse, to_html

PLACEHOLDER = "placeholder"
# Sized for a test run of about 20 s; raise it to hunt (e.g. GAOBU_HYPOTHESIS_EXAMPLES=2000).
EXAMPLES = int(os.environ.get("GAOBU_HYPOTHESIS_EXAMPLES", "40"))

BASE = {
    "year": 2024,
    "title": {"zh": "报告", "en": "Report"},
    "meeting": {"zh": "会议", "en": "Meeting"},
    "source": {"zh": "来源", "en": "Source"},
    "key_figures": [{"label": {"zh": "指标", "en": "Figure"}, "value": {"zh": "一个", "en": "one"},
                     "change": {"zh": "增长", "en": "up"}, "paragraph": "first"}],
    "preamble": [{"id": "opening", "zh": "开篇。", "en": "Opening."}],
    "parts": [{
        "id": "review",
        "title": {"zh": "回顾", "en": "Review"},
        "paragraphs": [{"id": "first", "zh": "第一段。⑳", "en": "First.⑳"}],
        "sections": [{"id": "industry", "title": {"zh": "工业", "en": "Industry"},
                      "paragraphs": [{"id": "second", "zh": "第二段。", "en": "Second."}]}],
    }],
    "notes": [{"id": "note-20", "marker": "⑳", "zh": "注释。", "en": "A note."}],
}


def by_id(ident):
    return lambda root: next(n for n in root.walk() if n.attrs.get("id") == ident)


def link_to(href):
    return lambda root: next(n for n in root.walk() if n.tag == "a" and n.attrs.get("href") == href)


def with_class(name):
    return lambda root: next(n for n in root.walk() if name in n.attrs.get("class", "").split())


def figure_cell(column):
    return lambda root: [n for n in next(n for n in root.walk() if n.tag == "tbody").walk() if n.tag == "td"][column]


def after(ident):
    """The element that follows the one with this id (the text under a heading)."""
    def find(root):
        nodes = [n for n in root.walk()]
        start = nodes.index(by_id(ident)(root))
        return next(n for n in nodes[start + 1:] if n.tag == "p" and not n.attrs.get("id"))
    return find


# field: (where it is in the data, language, [(page, element holding it, text before it, text after it)])
# Headings end with the permalink "¶" (toc's permalink: true).
FIELDS = {
    "report title": (("title", "zh"), "zh", [("2024/index.md", by_id("top"), "", "¶"),
                                             ("index.md", by_id("report-2024"), "", "¶")]),
    "meeting": (("meeting", "en"), "en", [("2024/index.md", with_class("gaobu-meeting"), "Meeting: ", "")]),
    "source": (("source", "zh"), "zh", [("2024/index.md", after("about-source"), "", "")]),
    "part title": (("parts", 0, "title", "en"), "en", [("2024/review.md", by_id("review"), "", "¶"),
                                                       ("2024/index.md", link_to("review.md"), "", ""),
                                                       ("index.md", link_to("2024/review.md"), "", "")]),
    "section title": (("parts", 0, "sections", 0, "title", "zh"), "zh", [
        ("2024/review.md", by_id("industry"), "", "¶"), ("2024/index.md", link_to("review.md#industry"), "", "")]),
    "preamble paragraph en": (("preamble", 0, "en"), "en", [("2024/index.md", by_id("opening"), "", "")]),
    "paragraph zh": (("parts", 0, "paragraphs", 0, "zh"), "zh", [("2024/review.md", by_id("first"), "", "")]),
    "paragraph en": (("parts", 0, "sections", 0, "paragraphs", 0, "en"), "en", [("2024/review.md", by_id("second"), "", "")]),
    "key figure label": (("key_figures", 0, "label", "zh"), "zh", [("2024/index.md", figure_cell(0), "", ""),
                                                                   ("index.md", figure_cell(0), "", "")]),
    "key figure value": (("key_figures", 0, "value", "en"), "en", [("2024/index.md", figure_cell(1), "", "")]),
    "key figure change": (("key_figures", 0, "change", "zh"), "zh", [("2024/index.md", figure_cell(2), "", "")]),
    # A note shows at the foot of the page that has its marker: the marker (back to the text), the note, ↩.
    "note zh": (("notes", 0, "zh"), "zh", [("2024/review.md", by_id("note-20"), "⑳ ", " ↩\ufe0e")]),
    "note en": (("notes", 0, "en"), "en", [("2024/review.md", by_id("note-20"), "⑳ ", " ↩\ufe0e")]),
}


def data_with(texts: dict) -> dict:
    data = copy.deepcopy(BASE)
    for loc, text in texts.items():
        target = data
        for step in loc[:-1]:
            target = target[step]
        target[loc[-1]] = text
    return data


def report_with(loc: tuple, text: str) -> Report:
    return Report.model_validate(data_with({loc: text}))


def pages(loc: tuple, lang: str, text: str) -> dict[str, Node]:
    return {page.path: parse(to_html(page.markdown)) for page in render_site([ReportInput("2024", report_with(loc, text))], lang, SITE)}


@functools.cache
def placeholder_markup(field: str) -> dict:
    loc, lang, _ = FIELDS[field]
    return {path: markup(root) for path, root in pages(loc, lang, PLACEHOLDER).items()}


def assert_text_is_text(field: str, text: str):
    loc, lang, holders = FIELDS[field]
    rendered = pages(loc, lang, text)
    assert {path: markup(root) for path, root in rendered.items()} == placeholder_markup(field)
    shown = normalize_space(text)
    for path, find, before, after_text in holders:
        assert find(rendered[path]).text() == before + shown + after_text, (path, text)


# --- what an editor can type ------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</p><p>", "<!-- -->", "<?php ?>", "<!DOCTYPE x>",
    "[x](javascript:alert(1))", "![i](x.png)", "<http://evil.example>", "http://evil.example", "[x]: http://e.example",
    "{: #top onclick=alert(1) }", "{: .x }", "*", "**", "_", "__", "`", "``", "#", "## ", "|", "| --- |", "-", "- ",
    "+ ", "1. ", "> ", "!!! note", "===", "---", "***", "\\", "\\*", "&", "&amp;", "&lt;", "&#60;", "&#x3C;", "&copy;",
    "<", ">", "[", "]", "]:", "(", ")", "{", "}", ":", "!", ".", "~~", "^", "$", "@", "%", "'", '"', "    ", "\t", "\n",
    "  \n", "\u3000", "\u00a0", "\u200b", "\u202e", "中文", "高新技术企业", "（）", "“”", "XX", "¶",
]
_CHARS = st.characters(blacklist_categories=("Cc", "Cs"))
editor_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(_CHARS, max_size=6)), min_size=1, max_size=10).map("".join)


def acceptable(text: str) -> bool:
    """What the loader lets through: printable, not blank, within the limit; masks are marked on purpose, so none."""
    shown = normalize_space(text)
    return (bool(shown) and len(text) <= TEXT_MAX and not UNPRINTABLE_RE.search(text) and not MASK_RE.search(shown)
            and "⑳" not in text)  # the note's marker links to the note, on purpose


@pytest.mark.parametrize("field", FIELDS)
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(text=editor_text.filter(acceptable))
@example(text="<script>alert(1)</script> [x](javascript:alert(1)) {: onclick=alert(1) }")
@example(text="# | * _ ` \\ > - + 1. !!! ---")
@example(text="]: javascript:alert(1)")  # was a reference definition in the contents list: the title vanished
def test_any_text_in_any_field_shows_as_typed_and_adds_no_markup(field, text):
    assert_text_is_text(field, text)


def test_the_check_fails_when_text_is_not_escaped(monkeypatch):
    """Were the escaping to fail, the property above would notice."""
    import gaobu_build.render.markdown as render

    monkeypatch.setattr(render, "escape_fragment", lambda text: render.Safe(text))
    for field in ("paragraph zh", "part title", "key figure label", "note en"):
        with pytest.raises(AssertionError):
            assert_text_is_text(field, "<b>bold</b>")


# --- the same through a real MkDocs build ---------------------------------------------------

# One per field, so that a text found in the wrong place would be noticed.
# Payloads name no numbers (alert(six), not alert(6)): a figure in one language
# only would rightly stop the build at the figure check.
BUILD_TEXTS = {
    ("title", "zh"): "<script>alert('title')</script>报告",
    ("title", "en"): "Report </title><script>alert(two)</script> \" onclick=\"alert(two)",
    ("meeting", "zh"): "[会议](javascript:alert(three))",
    ("meeting", "en"): "<img src=x onerror=alert(four)>",
    ("source", "zh"): "来源 <!-- comment --> <style>*{}</style>",
    ("source", "en"): "![source](http://evil.example/x.png)",
    ("preamble", 0, "zh"): "# 开篇 {: #top onclick=alert(five) }",
    ("preamble", 0, "en"): "> Opening *quote* and `code`",
    ("parts", 0, "title", "zh"): "<b>回顾</b> {: .evil }",
    ("parts", 0, "title", "en"): "Review\" onmouseover=\"alert(six)",
    ("parts", 0, "paragraphs", 0, "zh"): "第一段 <a href='javascript:alert(seven)'>链接</a> &amp; <i>一个</i>",
    ("parts", 0, "paragraphs", 0, "en"): "First | a | b | <b>one</b> \\ and &lt;",
    ("parts", 0, "sections", 0, "title", "zh"): "| 工业 | --- |",
    ("parts", 0, "sections", 0, "title", "en"): "Industry <http://evil.example>",
    ("parts", 0, "sections", 0, "paragraphs", 0, "zh"): "!!! warning \"第二段\" [^1]",
    ("parts", 0, "sections", 0, "paragraphs", 0, "en"): "1. Second [^1] <svg onload=alert(eight)>",
    ("key_figures", 0, "label", "zh"): "<u>指标</u>",
    ("key_figures", 0, "label", "en"): "Figure | <i>x</i>",
    ("key_figures", 0, "value", "zh"): "<i>一个</i>",
    ("key_figures", 0, "value", "en"): "<b>one</b>",
    ("key_figures", 0, "change", "zh"): "*增长*",
    ("key_figures", 0, "change", "en"): "up ](javascript:alert(nine))",
}
BUILT_PAGES = ["index.html", "2024/index.html", "2024/review/index.html"]


def _build(tmp_path, name: str, texts: dict) -> dict[str, Node]:
    from ruamel.yaml import YAML

    from conftest import copy_project, only_this_report
    from gaobu_build.plugin import build_site

    root = only_this_report(copy_project(tmp_path / name))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - gaobu\n", "  - gaobu:\n      search: false\n      pdf: 'false'\n"), encoding="utf-8")
    data = data_with(texts)
    del data["notes"]  # the texts here replace the paragraph that refers to it (notes: tests/test_notes.py)
    with (root / "data" / "2024" / "report.yaml").open("w", encoding="utf-8") as out:
        YAML(typ="safe", pure=True).dump(data, out)
    build_site(str(config))
    return {prefix + page: parse((root / "site" / prefix / page).read_text(encoding="utf-8"))
            for prefix in ("", "en/") for page in BUILT_PAGES}


def _attributes_as_plain(counts, swaps: dict[str, str]):
    """The markup with the texts swapped inside attribute values (aria-label carries a title, safely escaped)."""
    def swap(value):
        for text, plain in swaps.items() if value else ():
            value = value.replace(text, plain)
        return value

    def description(tag, attrs) -> bool:
        # The sharing description is the first sentence of a text, not a whole one: its words differ, not its markup.
        return tag == "meta" and any(k in ("name", "property") and v.endswith("description") for k, v in attrs)

    return Counter({(tag, tuple((k, "<description>" if k == "content" and description(tag, attrs) else swap(v)) for k, v in attrs)): n
                    for (tag, attrs), n in counts.items()})


def test_a_real_mkdocs_build_shows_hostile_text_as_typed(tmp_path):
    hostile = _build(tmp_path, "hostile", BUILD_TEXTS)
    plain_texts = {loc: f"placeholder{i}" for i, loc in enumerate(BUILD_TEXTS)}
    for lang in ("zh", "en"):  # the loader requires the paragraph to state the key figure's value
        plain_texts[("parts", 0, "paragraphs", 0, lang)] += " " + plain_texts[("key_figures", 0, "value", lang)]
    plain = _build(tmp_path, "plain", plain_texts)
    swaps = {normalize_space(text): plain_texts[loc] for loc, text in BUILD_TEXTS.items()}
    for page, root in hostile.items():
        assert _attributes_as_plain(markup(root), swaps) == _attributes_as_plain(markup(plain[page]), {}), page
    for loc, text in BUILD_TEXTS.items():
        prefix = "" if loc[-1] == "zh" else "en/"
        articles = [n.text() for page in BUILT_PAGES for n in hostile[prefix + page].walk() if n.tag == "article"]
        assert any(normalize_space(text) in normalize_space(a) for a in articles), text

    # The navigation, which MkDocs and Material fill with page titles as HTML, shows them as typed too.
    navigation = " ".join(n.text() for n in hostile["en/2024/review/index.html"].walk()
                          if n.tag == "nav" and "md-nav--primary" in n.attrs.get("class", ""))
    for loc in (("title", "en"), ("parts", 0, "title", "en")):
        assert normalize_space(BUILD_TEXTS[loc]) in normalize_space(navigation)

    def title(page):
        return next(n for n in hostile[page].walk() if n.tag == "title").text()
    assert title("en/2024/review/index.html") == 'Review" onmouseover="alert(six) - Gaobu Town Government Work Report'
    assert title("2024/review/index.html") == "<b>回顾</b> {: .evil } - 高埗镇政府工作报告"
