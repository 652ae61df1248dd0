"""Text is text: whatever an editor types in any field shows on the page as typed, and adds no markup.

The pages are rendered by gaobu_build.render and converted by MkDocs itself,
with each language's configuration as the gaobu plugin leaves it (mkdocs.yml's
Markdown extensions and settings plus the plugin's permalinks; see
pagecheck.py). The report has a glossary term (explained on hover in the
paragraphs that use it, listed on the glossary page) and indicators (the
figures page, its charts, the key figures, the figures under a paragraph).
For each field, a site with arbitrary text in it must have exactly the
elements, attributes and links of the same site with a plain placeholder
there, and the elements that hold the field must show the text itself.
"""

from __future__ import annotations

import copy
import functools
import os
import re
from collections import Counter
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from gaobu_build.render.markdown import normalize_space
from gaobu_build.render.pages import ReportInput, render_site
from gaobu_build.source.glossary import Glossary
from gaobu_build.source.indicators import Indicator
from gaobu_build.source.model import MASK_RE, TEXT_MAX, UNPRINTABLE_RE, Report
from gaobu_build.ui import UI
from pagecheck import SITE, Node, markup, parse, render_pages

# Sized for a test run of about a minute; raise it to hunt (e.g. GAOBU_HYPOTHESIS_EXAMPLES=2000).
EXAMPLES = int(os.environ.get("GAOBU_HYPOTHESIS_EXAMPLES", "15"))
# Fields drawn in the charts cost a matplotlib drawing per example: fewer of them.
CHART_EXAMPLES = max(1, EXAMPLES // 3)

REPORT = {
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
        # The glossary's term, in both languages, and its variant.
        "paragraphs": [{"id": "first", "zh": "第一段，高新技术企业。⑳", "en": "First, high-tech enterprises.⑳"}],
        "sections": [{"id": "industry", "title": {"zh": "工业", "en": "Industry"},
                      "paragraphs": [{"id": "second", "zh": "第二段，高企。", "en": "Second."}]}],
    }],
    "notes": [{"id": "note-20", "marker": "⑳", "zh": "注释。", "en": "A note."}],
}
GLOSSARY = {"terms": [{"zh": "高新技术企业", "en": "high-tech enterprises", "variants": ["高企"],
                       "definition": {"zh": "经认定的企业。", "en": "Certified enterprises."},
                       "note": {"zh": "说明。", "en": "A note."}}]}
# `output` is charted (a change in percent, a rank); `firms` is not, so that its fields draw no chart.
INDICATORS = [
    {"id": "output", "name": {"zh": "产值", "en": "Output"}, "value": 180, "unit": "yuan", "period": 2023,
     "change": {"value": 5, "kind": "percent"}, "rank": {"position": 2, "scope": {"zh": "全市", "en": "in the city"}},
     "group": "economy", "paragraph": "first", "key": True},
    {"id": "firms", "name": {"zh": "企业", "en": "Firms"}, "value": 30, "unit": {"zh": "家", "en": "firms"},
     "period": "2023", "group": "industry", "paragraph": "second", "key": True},
]

# The arbitrary texts of one example, and the placeholders the same site has instead (none is part of another).
PLACEHOLDERS = {"t": "placeholdert", "a": "placeholdera", "b": "placeholderb"}


# --- where a text shows --------------------------------------------------------------------

def by_id(ident):
    return lambda root: next(n for n in root.walk() if n.attrs.get("id") == ident)


def link_to(href):
    return lambda root: next(n for n in root.walk() if n.tag == "a" and n.attrs.get("href") == href)


def with_class(name):
    return lambda root: next(n for n in root.walk() if name in n.attrs.get("class", "").split())


def _cells(tr: Node) -> list[Node]:
    return [n for n in tr.children if isinstance(n, Node) and n.tag == "td"]


def table_cell(row: int, column: int):
    """A cell of the page's first table (the key figures, or the glossary)."""
    return lambda root: _cells([n for n in next(n for n in root.walk() if n.tag == "tbody").walk() if n.tag == "tr"][row])[column]


def figure_cell(ident: str, column: int):
    """A cell of an indicator's row on the figures page."""
    def find(root):
        return next(_cells(tr)[column] for tr in root.walk()
                    if tr.tag == "tr" and any(n.attrs.get("id") == ident for n in tr.walk()))
    return find


def after(ident):
    """The element that follows the one with this id (the text under a heading)."""
    def find(root):
        nodes = [n for n in root.walk()]
        start = nodes.index(by_id(ident)(root))
        return next(n for n in nodes[start + 1:] if n.tag == "p" and not n.attrs.get("id"))
    return find


def chart(ident):
    """A chart's SVG, whose text is the text of its <text>, <title> and <desc> elements."""
    return lambda root: next(n for n in root.walk() if n.tag == "svg" and n.attrs.get("aria-labelledby", "").startswith(ident + "-"))


def exactly(before: str = "", after_text: str = ""):
    """The element shows the text, normalised, between fixed words (a paragraph's number, a heading's §)."""
    return lambda value: before + normalize_space(value) + after_text


def within(before: str = "", after_text: str = ""):
    """The element shows the text as part of a phrase the site writes (a value and its unit, a rank and its scope)."""
    return lambda value: normalize_space(before + value + after_text)


@dataclass(frozen=True)
class Field:
    lang: str
    edits: dict  # where in the data (file, then keys) -> what is there, from the texts ("{a}{t}{b}")
    holders: list  # (page, element, loc of the text it shows, expected text from that text)
    charts: list = field(default_factory=list)  # (chart, loc of a text it draws)
    # The indicators the report has. Without any, its key figures are its own `key_figures`; without
    # `output`, there is no chart to draw again for each example.
    indicators: tuple = ("output", "firms")

    @property
    def names(self) -> list[str]:
        return [name for name in PLACEHOLDERS if any("{" + name + "}" in template for template in self.edits.values())]


R, G, I = "report", "glossary", "indicators"
PARA1 = (R, "parts", 0, "paragraphs", 0)
PARA2 = (R, "parts", 0, "sections", 0, "paragraphs", 0)
TERM = (G, "terms", 0)
OUTPUT, FIRMS = (I, 0), (I, 1)
KEY_ZH = UI["zh"]["authority_none"] + UI["zh"]["note_sep"]
KEY_EN = UI["en"]["authority_none"] + UI["en"]["note_sep"]


def text_field(lang: str, loc: tuple, *holders, indicators: tuple = ("output", "firms")) -> Field:
    """One field holding one text."""
    return Field(lang, {loc: "{t}"}, [(page, find, loc, expect) for page, find, expect in holders], indicators=indicators)


# Headings end with their permalink: "¶", or the part's or section's number ("§ 1", "§ 1.1").
# Paragraphs start with their number and the link to the parallel view ("1.1⇄").
FIELDS = {
    "report title": text_field("zh", (R, "title", "zh"), ("2024/index.md", by_id("top"), exactly(after_text="¶")),
                               ("index.md", by_id("report-2024"), exactly(after_text="¶"))),
    "meeting": text_field("en", (R, "meeting", "en"), ("2024/index.md", with_class("gaobu-meeting"), exactly("Meeting: "))),
    "source": text_field("zh", (R, "source", "zh"), ("2024/index.md", after("about-source"), exactly())),
    "part title": text_field("en", (R, "parts", 0, "title", "en"), ("2024/review.md", by_id("review"), exactly(after_text="§ 1")),
                             ("2024/index.md", link_to("review/"), exactly()), ("index.md", link_to("2024/review/"), exactly())),
    "section title": text_field("zh", (R, "parts", 0, "sections", 0, "title", "zh"),
                                ("2024/review.md", by_id("industry"), exactly(after_text="§ 1.1")),
                                ("2024/index.md", link_to("review/#industry"), exactly())),
    "preamble paragraph en": text_field("en", (R, "preamble", 0, "en"), ("2024/index.md", by_id("opening"), exactly("0.1⇄"))),
    "paragraph zh": text_field("zh", PARA1 + ("zh",), ("2024/review.md", by_id("first"), exactly("1.1⇄"))),
    "paragraph en": text_field("en", PARA2 + ("en",), ("2024/review.md", by_id("second"), exactly("1.2⇄"))),
    # Without indicators, the key figures are the report's own `key_figures`.
    "key figure label": text_field("zh", (R, "key_figures", 0, "label", "zh"), ("2024/index.md", table_cell(0, 0), exactly()),
                                   ("index.md", table_cell(0, 0), exactly()), indicators=()),
    "key figure value": text_field("en", (R, "key_figures", 0, "value", "en"), ("2024/index.md", table_cell(0, 1), exactly()),
                                   indicators=()),
    "key figure change": text_field("zh", (R, "key_figures", 0, "change", "zh"), ("2024/index.md", table_cell(0, 2), exactly()),
                                    indicators=()),
    # A note shows at the foot of the page that has its marker: the marker (back to the text), the note, ↩.
    "note zh": text_field("zh", (R, "notes", 0, "zh"), ("2024/review.md", by_id("note-20"), exactly("⑳ ", " ↩\ufe0e"))),
    "note en": text_field("en", (R, "notes", 0, "en"), ("2024/review.md", by_id("note-20"), exactly("⑳ ", " ↩\ufe0e"))),
    # The glossary: a term inside paragraph text, its rendering in the other language, its definition
    # and note (on the glossary page, and in the hover text of each paragraph that uses the term).
    "term zh, in a paragraph": Field("zh", {TERM + ("zh",): "{t}", PARA1 + ("zh",): "{a}{t}{b}"}, [
        ("2024/review.md", by_id("first"), PARA1 + ("zh",), exactly("1.1⇄")),
        ("glossary.md", table_cell(0, 0), TERM + ("zh",), exactly())]),
    # (In the other language's paragraphs too, so that the placeholder's site explains the term in both.)
    "term zh, on the English site": Field("en", {TERM + ("zh",): "{t}", PARA1 + ("zh",): "第一段，{t}。"}, [
        ("glossary.md", table_cell(0, 1), TERM + ("zh",), exactly())]),
    "term variant, in a paragraph": Field("zh", {TERM + ("variants", 0): "{t}", PARA2 + ("zh",): "{a}{t}{b}"}, [
        ("2024/review.md", by_id("second"), PARA2 + ("zh",), exactly("1.2⇄"))]),
    "term en, in a paragraph": Field("en", {TERM + ("en",): "{t}", PARA1 + ("en",): "{a} {t} {b}"}, [
        ("2024/review.md", by_id("first"), PARA1 + ("en",), exactly("1.1⇄")),
        ("glossary.md", table_cell(0, 0), TERM + ("en",), exactly())]),
    "term en, on the Chinese site": Field("zh", {TERM + ("en",): "{t}", PARA1 + ("en",): "First, {t}."}, [
        ("glossary.md", table_cell(0, 1), TERM + ("en",), exactly())]),
    "definition zh": text_field("zh", TERM + ("definition", "zh"), ("glossary.md", table_cell(0, 2), exactly())),
    "definition en": text_field("en", TERM + ("definition", "en"), ("glossary.md", table_cell(0, 2), exactly())),
    "glossary note zh": text_field("zh", TERM + ("note", "zh"), ("glossary.md", table_cell(0, 3), exactly(KEY_ZH))),
    "glossary note en": text_field("en", TERM + ("note", "en"), ("glossary.md", table_cell(0, 3), exactly(KEY_EN))),
    # Indicators: the figures page, the key figures of the cover and the home page, the figures under a paragraph.
    "unit zh": text_field("zh", FIRMS + ("unit", "zh"), ("2024/figures.md", figure_cell("firms", 1), within("30")),
                          ("2024/index.md", table_cell(0, 1), within("30")), ("index.md", table_cell(0, 1), within("30")),
                          indicators=("firms",)),
    "unit en": text_field("en", FIRMS + ("unit", "en"), ("2024/figures.md", figure_cell("firms", 1), within("30 ")),
                          ("2024/index.md", table_cell(0, 1), within("30 ")), indicators=("firms",)),
    "period": text_field("en", FIRMS + ("period",), ("2024/figures.md", figure_cell("firms", 4), exactly()),
                         indicators=("firms",)),
}
# Fields the charts draw too.
CHARTED = {
    "indicator name zh": Field("zh", {OUTPUT + ("name", "zh"): "{t}"}, [
        ("2024/figures.md", figure_cell("output", 0), OUTPUT + ("name", "zh"), exactly()),
        ("2024/index.md", table_cell(0, 0), OUTPUT + ("name", "zh"), exactly()),
        ("index.md", table_cell(0, 0), OUTPUT + ("name", "zh"), exactly()),
        ("2024/review.md", link_to("../figures/#output"), OUTPUT + ("name", "zh"), exactly())],
        charts=[("chart-growth", OUTPUT + ("name", "zh")), ("chart-ranking", OUTPUT + ("name", "zh"))]),
    "indicator name en": Field("en", {OUTPUT + ("name", "en"): "{t}"}, [
        ("2024/figures.md", figure_cell("output", 0), OUTPUT + ("name", "en"), exactly()),
        ("2024/index.md", table_cell(0, 0), OUTPUT + ("name", "en"), exactly()),
        ("2024/review.md", link_to("../figures/#output"), OUTPUT + ("name", "en"), exactly())],
        charts=[("chart-growth", OUTPUT + ("name", "en")), ("chart-ranking", OUTPUT + ("name", "en"))]),
    "rank scope zh": Field("zh", {OUTPUT + ("rank", "scope", "zh"): "{t}"}, [
        ("2024/figures.md", figure_cell("output", 3), OUTPUT + ("rank", "scope", "zh"), within("增速", "第2")),
        ("2024/index.md", table_cell(0, 2), OUTPUT + ("rank", "scope", "zh"), within("增长5%，增速", "第2"))],
        charts=[("chart-ranking", OUTPUT + ("rank", "scope", "zh"))]),
    "rank scope en": Field("en", {OUTPUT + ("rank", "scope", "en"): "{t}"}, [
        ("2024/figures.md", figure_cell("output", 3), OUTPUT + ("rank", "scope", "en"), within("growth 2nd ")),
        ("2024/index.md", table_cell(0, 2), OUTPUT + ("rank", "scope", "en"), within("up 5%, growth 2nd "))],
        charts=[("chart-ranking", OUTPUT + ("rank", "scope", "en"))]),
}
ALL_FIELDS = {**FIELDS, **CHARTED}


# --- the site with the texts in place --------------------------------------------------------

def data_with(spec: Field, texts: dict[str, str]) -> dict:
    data = {R: copy.deepcopy(REPORT), G: copy.deepcopy(GLOSSARY), I: copy.deepcopy(INDICATORS)}
    for loc, template in spec.edits.items():
        target = data
        for step in loc[:-1]:
            target = target[step]
        target[loc[-1]] = template.format(**texts)
    return data


def value_at(data: dict, loc: tuple) -> str:
    for step in loc:
        data = data[step]
    return data


def site(spec: Field, data: dict) -> dict[str, Node]:
    report = Report.model_validate(data[R])
    indicators = [Indicator.model_validate(i) for i in data[I] if i["id"] in spec.indicators]
    pages = render_site([ReportInput("2024", report, indicators=indicators)], spec.lang, SITE, Glossary.model_validate(data[G]))
    return {path: parse(html) for path, html in render_pages({p.path: p.markdown for p in pages}, spec.lang).items()}


_SPACES = re.compile(r"\s+")


def _is_term(node: Node) -> bool:
    return node.tag == "abbr" and "gaobu-term" in node.attrs.get("class", "").split()


def page_markup(root: Node, swaps: dict[str, str] | None = None) -> tuple[Counter, set]:
    """The page's elements with their attributes, but:

    - a chart's SVG counts as the attribute names each of its tags has, and no more: its coordinates
      follow the text's length, and a text of several lines is drawn as several <text> elements;
    - the glossary's hover explanations are set apart: where a term is found depends on the text
      around it, so an arbitrary text may use the term more or less often than the placeholder.
    `swaps` puts texts in place of placeholders in the hover texts (which quote the term and its definition,
    with their spaces normalised as a whole: they are compared without spaces).
    """
    elements, terms, svg = Counter(), set(), {}

    def hover(v):
        for placeholder, text in (swaps or {}).items():
            v = v.replace(placeholder, text) if v else v
        return _SPACES.sub("", v) if v else v

    def walk(node: Node, in_svg: bool):
        if in_svg or node.tag == "svg":
            svg.setdefault(node.tag, set()).update(node.attrs)
        elif _is_term(node):
            terms.add(tuple(sorted((k, hover(v)) for k, v in node.attrs.items())))
        elif node.tag == "span" and node.attrs == {"lang": "zh-Hans"}:
            pass  # Chinese within English text, marked as Chinese (WCAG 3.1.2): as many as the text has runs of it
        else:
            elements[(node.tag, tuple(sorted(node.attrs.items())))] += 1
        for child in node.children:
            if isinstance(child, Node):
                walk(child, in_svg or node.tag == "svg")

    walk(root, False)
    elements.update({("svg:" + tag, tuple(sorted(names))): 1 for tag, names in svg.items()})
    return elements, terms


def _is_text(node) -> bool:
    """Text, or text marked as Chinese (a term's English may quote Chinese) and nothing else."""
    return isinstance(node, str) or (node.tag == "span" and node.attrs == {"lang": "zh-Hans"}
                                     and all(isinstance(c, str) for c in node.children))


@functools.cache
def placeholder_site(name: str) -> dict[str, Node]:
    spec = ALL_FIELDS[name]
    return site(spec, data_with(spec, PLACEHOLDERS))


def assert_text_is_text(name: str, texts: dict[str, str]):
    spec = ALL_FIELDS[name]
    data = data_with(spec, texts)
    rendered = site(spec, data)
    plain = placeholder_site(name)
    assert rendered.keys() == plain.keys()
    swaps = {PLACEHOLDERS[key]: text for key, text in texts.items()}
    explained = set().union(*(page_markup(root, swaps)[1] for root in plain.values()))
    for path, root in rendered.items():
        elements, terms = page_markup(root)
        assert elements == page_markup(plain[path])[0], (path, texts)
        # Each use of the term is explained as the placeholder's is, around nothing but text.
        assert terms <= explained, (path, texts)
        assert all(_is_text(c) for n in root.walk() if _is_term(n) for c in n.children), (path, texts)
    for path, find, loc, expect in spec.holders:
        assert find(rendered[path]).text() == expect(value_at(data, loc)), (path, loc, texts)
    for ident, loc in spec.charts:
        drawn = [n.text() for n in chart(ident)(rendered["2024/figures.md"]).walk() if n.tag in ("text", "title", "desc")]
        assert normalize_space(value_at(data, loc)) in normalize_space(" ".join(drawn)), (ident, loc, texts)


# --- what an editor can type ------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</p><p>", "<!-- -->", "<?php ?>", "<!DOCTYPE x>",
    "[x](javascript:alert(1))", "![i](x.png)", "<http://evil.example>", "http://evil.example", "[x]: http://e.example",
    "{: #top onclick=alert(1) }", "{: .x }", "*", "**", "_", "__", "`", "``", "```", "~~~", "#", "## ", "|", "| --- |",
    "-", "- ", "+ ", "1. ", "> ", "!!! note", "===", "---", "***", "\\", "\\*", "&", "&amp;", "&lt;", "&#60;", "&#x3C;",
    "&copy;", "<", ">", "[", "]", "]:", "(", ")", "{", "}", ":", "!", ".", "~~", "^", "$", "@", "%", "'", '"', "    ",
    "\t", "\n", "  \n", "\u3000", "\u00a0", "\u200b", "\u202e", "中文", "高新技术企业", "高企", "high-tech enterprises",
    "（）", "“”", "XX", "¶", "§", "⇄", "title: x\n", "</svg>", "</text>", "]]>", "<![CDATA[",
]
_CHARS = st.characters(blacklist_categories=("Cc", "Cs"))
editor_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(_CHARS, max_size=6)), min_size=1, max_size=10).map("".join)


def acceptable(text: str) -> bool:
    """What the loader lets through: printable, not blank, within the limit; masks are marked on purpose, so none."""
    shown = normalize_space(text)
    return (bool(shown) and len(text) <= TEXT_MAX and not UNPRINTABLE_RE.search(text) and not MASK_RE.search(shown)
            and "⑳" not in text)  # the note's marker links to the note, on purpose


def check(name: str, draw) -> None:
    spec = ALL_FIELDS[name]
    texts = {key: draw(editor_text.filter(acceptable), label=key) for key in spec.names}
    # Put together ("{a}{t}{b}"), the texts must still be what the loader accepts.
    assume(all(acceptable(template.format(**texts)) for template in spec.edits.values()))
    assert_text_is_text(name, texts)


_SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])


@pytest.mark.parametrize("name", FIELDS)
@settings(max_examples=EXAMPLES, **_SETTINGS)
@given(draw=st.data())
def test_any_text_in_any_field_shows_as_typed_and_adds_no_markup(name, draw):
    check(name, draw.draw)


@pytest.mark.parametrize("name", CHARTED)
@settings(max_examples=CHART_EXAMPLES, **_SETTINGS)
@given(draw=st.data())
def test_any_text_in_a_charted_field_shows_as_typed_and_adds_no_markup(name, draw):
    check(name, draw.draw)


# Texts that once got through, or would if the escaping slipped, tried in every field.
KNOWN = [
    "<script>alert(1)</script> [x](javascript:alert(1)) {: onclick=alert(1) }",
    "# | * _ ` \\ > - + 1. !!! ---",
    "]: javascript:alert(1)",  # was a reference definition in the contents list: the title vanished
    "title: x",  # MkDocs reads `key: value` lines at the top of a page as its metadata
]


@pytest.mark.parametrize("name", ALL_FIELDS)
@pytest.mark.parametrize("text", KNOWN)
def test_known_hostile_texts_in_every_field(name, text):
    assert_text_is_text(name, {key: text for key in ALL_FIELDS[name].names})


def test_the_check_fails_when_text_is_not_escaped(monkeypatch):
    """Were the escaping to fail, the property above would notice."""
    import gaobu_build.render.markdown as render

    monkeypatch.setattr(render, "escape_fragment", lambda text: render.Safe(text))
    for name in ("paragraph zh", "part title", "key figure label", "note en", "term en, in a paragraph", "definition zh",
                 "unit en"):
        with pytest.raises(AssertionError):
            assert_text_is_text(name, {key: "<b>bold</b>" for key in ALL_FIELDS[name].names})


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


def report_data_with(texts: dict) -> dict:
    data = copy.deepcopy(REPORT)
    for loc, text in texts.items():
        target = data
        for step in loc[:-1]:
            target = target[step]
        target[loc[-1]] = text
    return data


def _build(tmp_path, name: str, texts: dict) -> dict[str, Node]:
    from ruamel.yaml import YAML

    from conftest import copy_project, only_this_report
    from gaobu_build.plugin import build_site

    root = only_this_report(copy_project(tmp_path / name))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - gaobu\n", "  - gaobu:\n      search: false\n      pdf: 'false'\n"), encoding="utf-8")
    with (root / "data" / "2024" / "report.yaml").open("w", encoding="utf-8") as out:
        data = report_data_with(texts)
        del data["notes"]  # the texts here replace the paragraph that refers to it (notes: tests/test_notes.py)
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
