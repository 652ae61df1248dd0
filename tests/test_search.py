"""The indexing view that Pagefind indexes (gaobu_build/site/search.py): Chinese text one
character at a time, markup untouched, other pages as they are. The search itself is
tested in a real browser (test_browser.py)."""

from __future__ import annotations

import json

from gaobu_build.site.search import WORD_JOINER, build_index, indexing_view

ZH = '<!doctype html>\n<html lang="zh-Hans" class="no-js"><head><title>标题</title></head><body>{}</body></html>'


def test_each_letter_and_digit_of_chinese_text_is_a_term_of_its_own():
    page = ZH.format('<p id="p1">签约共建医联体，增长13.1%</p>')
    assert '<p id="p1"> 签 约 共 建 医 联 体， 增 长 1 3. 1%</p>' in indexing_view(page)


def test_spaces_of_the_text_become_word_joiners_standing_alone():
    view = indexing_view(ZH.format("<td>Gaobu Town</td>\n<td>高埗镇</td>"))
    assert f"<td> G a o b u {WORD_JOINER}  T o w n</td> {WORD_JOINER} <td> 高 埗 镇</td>" in view


def test_markup_scripts_and_entities_stay_as_they_are():
    page = ZH.format('<abbr class="gaobu-term" title="英文：GDP &gt; 1。" data-x=\'a>b\'>生产&amp;总值&#8203;</abbr>'
                     '<script>var s = "中文";</script><style>p::before { content: "中" }</style><!-- 注释 -->')
    view = indexing_view(page)
    assert '<abbr class="gaobu-term" title="英文：GDP &gt; 1。" data-x=\'a>b\'> 生 产&amp; 总 值&#8203;</abbr>' in view
    assert '<script>var s = "中文";</script><style>p::before { content: "中" }</style><!-- 注释 -->' in view
    assert '<html lang="zh-Hans" class="no-js"><head><title> 标 题</title></head>' in view


def test_pages_in_other_languages_are_indexed_as_they_are():
    page = '<!doctype html>\n<html lang="en"><body><p>Fellow Deputies: 高新技术企业 grew 10.6%</p></body></html>'
    assert indexing_view(page) == page


def test_indexing_leaves_the_served_pages_as_they_are(tmp_path):
    page = ZH.format('<main data-pagefind-body><h1 id="t">医联体</h1><p>签约共建医联体。</p></main>')
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    build_index(tmp_path)
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == page
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["zh-hans"]
    assert entry["languages"]["zh-hans"]["page_count"] == 1
