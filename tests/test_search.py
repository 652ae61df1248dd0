"""The indexing view that Pagefind indexes (gaobu_build/site/search.py): Chinese text one
character at a time, markup untouched, other pages as they are. The search itself is
tested in a real browser (test_browser.py)."""

from __future__ import annotations

import json

from gaobu_build.site import search
from gaobu_build.site.search import WORD_JOINER, build_index, indexing_view, write_indexing_view

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


def _index_files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_pages_pagefind_leaves_out_are_not_read_and_the_index_is_the_same(tmp_path, monkeypatch):
    """The print edition and the parallel view carry no data-pagefind-body: Pagefind drops them, so they are not
    written to the indexing view at all, and the index is byte for byte the one Pagefind makes reading them."""
    indexed = ZH.format('<main data-pagefind-body><h1 id="t">医联体</h1><p>签约共建医联体。</p></main>')
    unindexed = ZH.format('<main><h1 id="p">打印版</h1><p>签约共建医联体。稳中有进。</p></main>')
    site = tmp_path / "site"
    (site / "print").mkdir(parents=True)
    (site / "index.html").write_text(indexed, encoding="utf-8")
    (site / "print" / "index.html").write_text(unindexed, encoding="utf-8")
    view = tmp_path / "view"
    write_indexing_view(site, view)
    assert sorted(p.relative_to(view).as_posix() for p in view.rglob("*.html")) == ["index.html"]

    build_index(site, tmp_path / "without")

    def every_page(site_dir, view_dir):  # the view as it was: every page, Pagefind choosing
        for page in site_dir.rglob("*.html"):
            (view_dir / page.relative_to(site_dir)).parent.mkdir(parents=True, exist_ok=True)
            (view_dir / page.relative_to(site_dir)).write_text(indexing_view(page.read_text(encoding="utf-8")), encoding="utf-8")

    with monkeypatch.context() as patched:
        patched.setattr(search, "write_indexing_view", every_page)
        build_index(site, tmp_path / "with")
    assert _index_files(tmp_path / "without") == _index_files(tmp_path / "with")

    # Without data-pagefind-body anywhere, Pagefind indexes every page: every page is written.
    (site / "index.html").write_text(unindexed.replace("打印版", "首页"), encoding="utf-8")
    write_indexing_view(site, tmp_path / "view-all")
    assert sorted(p.relative_to(tmp_path / "view-all").as_posix() for p in (tmp_path / "view-all").rglob("*.html")) == [
        "index.html", "print/index.html"]
