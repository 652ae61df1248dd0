"""Every table in a scrolling box of its own (render/tables.py): named after the heading above it, reachable by Tab.

The browser tests (tests/test_reading.py) show the box scrolling inside the page; these show what the HTML is.
"""

from __future__ import annotations

import markdown
import pytest

from gaobu_build.render.tables import TableRegionExtension

EXTENSIONS = ["attr_list", "tables", "md_in_html", "toc"]
TABLE = "| 指标 | 数值 |\n| --- | --- |\n| 地区生产总值 | 180.42亿元 |\n"


def to_html(text: str, lang: str = "zh") -> str:
    return markdown.markdown(text, extensions=EXTENSIONS + [TableRegionExtension(lang)],
                             extension_configs={"toc": {"permalink": True}})


def test_a_table_is_wrapped_in_a_focusable_region_named_after_its_heading():
    out = to_html("## 经济运行 {: #economy }\n\n" + TABLE)
    assert ('<h2 id="economy">经济运行<a class="headerlink" href="#economy" title="Permanent link">&para;</a></h2>\n'
            '<div aria-label="经济运行" class="gaobu-table" role="region" tabindex="0"><table>') in out
    assert out.rstrip().endswith("</table></div>")
    assert out.count("<table>") == out.count('class="gaobu-table"') == 1


def test_each_table_is_named_after_the_nearest_heading_before_it():
    out = to_html("# Figures {: #top }\n\nIntro.\n\n" + TABLE + "\n## Economy {: #economy }\n\n" + TABLE
                  + "\nText between.\n\n" + TABLE, lang="en")
    assert [part.split('"')[0] for part in out.split('<div aria-label="')[1:]] == ["Figures", "Economy", "Economy"]


def test_the_name_is_the_headings_text_without_its_markup():
    # A heading shown in Chinese on an English page is marked up (lang, "not yet translated"); the name is its text.
    out = to_html('## <span lang="zh-Hans" class="gaobu-untranslated-text">经济 &amp; 运行</span> {: #economy }\n\n'
                  + TABLE, lang="en")
    assert '<div aria-label="经济 &amp; 运行" class="gaobu-table" role="region" tabindex="0">' in out


@pytest.mark.parametrize("lang, name", [("zh", "表格"), ("en", "Table")])
def test_a_table_with_no_heading_before_it_is_named_a_table_in_the_pages_language(lang, name):
    assert f'<div aria-label="{name}" class="gaobu-table" role="region" tabindex="0"><table>' in to_html(TABLE, lang)


def test_a_table_inside_a_block_is_wrapped_where_it_stands():
    out = to_html('## 术语 {: #terms }\n\n<div class="gaobu-glossary" markdown>\n\n' + TABLE + "\n</div>\n")
    assert '<div class="gaobu-glossary">\n<div aria-label="术语" class="gaobu-table" role="region" tabindex="0"><table>' in out
    assert "</table></div>\n</div>" in out


def test_the_same_text_gives_the_same_html():
    text = "## 经济运行 {: #economy }\n\n" + TABLE + "\n" + TABLE
    assert to_html(text) == to_html(text)
