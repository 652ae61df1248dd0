"""Rendering: the model becomes Markdown, and editors' text stays text."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import markdown
import pytest

from gaobu_build.source.loader import read_project
from gaobu_build.source.model import Paragraph, Report
from gaobu_build.render.pages import ReportInput, render_site
from gaobu_build.render.markdown import Renderer, UnescapedValue, environment
from gaobu_build.site.layout import generated_pages, report_inputs
from pagecheck import SITE

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = Path(__file__).parent / "expected" / "markdown"
EXTENSIONS = ["attr_list", "tables", "admonition", "toc"]

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![img](http://evil.example/x.png)",
    "<http://evil.example>",
    "*emphasis* and __strong__ and `code`",
    "# not a heading",
    "1. not a list",
    "- not a list",
    "> not a quote",
    "text {: onclick=alert(1) }",
    "&lt;b&gt; stays as typed &amp;",
    "a | table | row",
    "!!! warning \"not an admonition\"",
    "back\\slash and trailing\\",
    "高新技术企业增至167家（增长10.6%）：“一是”",
]


def to_html(md_text: str) -> str:
    return markdown.markdown(md_text, extensions=EXTENSIONS)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("text", HOSTILE)
def test_editor_text_renders_as_the_same_text_and_no_markup(text, lang):
    out = to_html(Renderer(lang).text(text))  # the templates' `md` filter
    assert out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1
    inner = out[len("<p>"):-len("</p>")]
    if lang == "en":  # Chinese quoted in English text is marked as Chinese (WCAG 3.1.2): that markup, and no other
        inner = re.sub(r'<span lang="zh-Hans">([^<]*)</span>', r"\1", inner)
    assert "<" not in inner.replace("&lt;", "")  # no element at all, only text
    assert html.unescape(inner) == text


def test_paragraph_carries_its_id_and_escaped_text():
    r = Renderer("en")
    p = Paragraph(id="innovation", zh="中文", en="<b>Bold</b> claim")
    out = to_html(r.paragraph(p))
    assert out == '<p class="gaobu-p" id="innovation">&lt;b&gt;Bold&lt;/b&gt; claim</p>'


def test_untranslated_paragraph_shows_the_chinese_marked_as_such():
    out = to_html(Renderer("en").paragraph(Paragraph(id="first", zh="第一段。")))
    assert out == (
        '<p class="gaobu-untranslated-note">This paragraph is not yet translated; the Chinese original is shown.</p>\n'
        '<p class="gaobu-p gaobu-untranslated" id="first" lang="zh-Hans">第一段。</p>'
    )


def test_masks_are_kept_and_marked_in_both_languages():
    p = Paragraph(id="p", zh="贯彻XXX精神", en="the XXX principles")
    zh, en = to_html(Renderer("zh").paragraph(p)), to_html(Renderer("en").paragraph(p))
    assert '<span class="gaobu-masked" title="原文此处被遮蔽">XXX<span class="gaobu-sr" data-pagefind-ignore>（原文此处被遮蔽）</span></span>' in zh
    assert '<span class="gaobu-masked" title="masked in the source">XXX<span class="gaobu-sr" data-pagefind-ignore>（masked in the source）</span></span>' in en


def test_text_end_is_told_to_readers():
    p = Paragraph(id="last", zh="非遗案例获省十大优秀非遗工坊建设案例，", en="cases,", text_ends_here=True)
    out = to_html(Renderer("zh").paragraph(p))
    assert '<p class="admonition-title">现有文本至此结束</p>' in out
    assert "本站所据的公开预览在上一段中途截止" in out


def test_a_template_that_forgets_to_escape_fails():
    template = environment().from_string("{{ value }}")
    with pytest.raises(UnescapedValue, match="was not escaped"):
        template.render(value="<script>")


def test_rendering_is_pure_and_deterministic():
    project = read_project(ROOT)
    reports = report_inputs(project)
    assert render_site(reports, "zh", SITE) == render_site(reports, "zh", SITE)


def _rendered(lang: str) -> dict[str, str]:
    return {page.path: page.markdown for page in generated_pages(read_project(ROOT), lang)}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rendered_markdown_matches_the_committed_copy(lang):
    """A change to templates or data shows up here as a diff to review.

    After an intended change: GAOBU_UPDATE_EXPECTED=1 python -m pytest tests/test_render.py
    """
    rendered = _rendered(lang)
    folder = EXPECTED / lang
    if os.environ.get("GAOBU_UPDATE_EXPECTED") == "1":
        for path, text in rendered.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8")
    committed = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in folder.rglob("*.md")}
    assert rendered == committed


def test_every_paragraph_gets_the_same_anchor_in_both_languages():
    zh, en = _rendered("zh"), _rendered("en")
    anchor = re.compile(r"^\{: #([a-z0-9-]+) \.gaobu-p\b", re.M)  # a paragraph's attributes
    assert zh.keys() == en.keys()
    for path in zh:
        assert anchor.findall(zh[path]) == anchor.findall(en[path]), path
    report: Report = read_project(ROOT).reports[0].report
    all_ids = [p.id for p, _ in report.all_paragraphs()]
    # Each paragraph once among the reading pages; the parallel view and the print edition repeat them all.
    reading = [path for path in sorted(zh) if not path.endswith(("/parallel.md", "/print.md"))]
    assert sorted(i for path in reading for i in anchor.findall(zh[path])) == sorted(all_ids)
    for edition in ("2024/parallel.md", "2024/print.md"):
        assert sorted(set(anchor.findall(zh[edition])) & set(all_ids)) == sorted(all_ids), edition


def test_the_core_does_not_import_mkdocs():
    """Material is in maintenance: loading, checking and rendering must be able to move to another generator."""
    import subprocess
    import sys

    code = ("import sys, gaobu_build.source.loader, gaobu_build.checks.project, gaobu_build.render.markdown, gaobu_build.site.layout, "
            "gaobu_build.site.search, gaobu_build.files, gaobu_build.cli, gaobu_build.source.registry, gaobu_build.site.redirects, "
            "gaobu_build.render.share, gaobu_build.render.announce, gaobu_build.source.numbering, gaobu_build.render.permalinks; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_permalink_controls_are_links_named_in_the_page_language():
    from gaobu_build.render.permalinks import PermalinkExtension

    report = read_project(ROOT).reports[0].report
    # Each name starts with the number the link shows (WCAG 2.5.3, label in name), then says what it opens.
    for lang, part_name, section_name, paragraph_name in (
        ("zh", "§ 1：分享本部分", "§ 1.1：分享本节", "1.3：分享本段"),
        ("en", "§ 1: share this part", "§ 1.1: share this section", "1.3: share this paragraph"),
    ):
        page = next(p for p in render_site([ReportInput("2024", report)], lang, SITE) if p.path == "2024/review-2023.md")
        out = markdown.markdown(page.markdown, extensions=EXTENSIONS + [PermalinkExtension(lang)],
                                extension_configs={"toc": {"permalink": True}})
        assert (f'<a aria-label="{part_name}" class="headerlink gaobu-share" href="#review-2023" '
                f'title="{part_name}">§ 1</a></h1>') in out
        assert ('<h2 id="manufacturing">' in out and
                f'<a aria-label="{section_name}" class="headerlink gaobu-share" href="#manufacturing" title="{section_name}">§ 1.1</a></h2>' in out)
        assert re.search(rf'<p class="gaobu-p" id="economic-performance"><a aria-label="{re.escape(paragraph_name)}" '
                         rf'class="gaobu-permalink" data-pagefind-ignore="all" href="#economic-performance" '
                         rf'title="{re.escape(paragraph_name)}">1\.3</a><a [^>]*class="gaobu-pair-link"[^>]*>⇄</a>(一是|First)', out), lang
        assert "data-gaobu-n" not in out
        assert out.count('class="headerlink gaobu-share"') == 4, out  # one per heading: the part and its three sections
