"""The benchmark is not run by the tests (it is slow); its modules import and its tables format."""

from __future__ import annotations

from decimal import Decimal

from benchmarks import corpus, run, search_recall, stages  # noqa: F401  (imports are the check)
from benchmarks.table import format_tables
from gaobu_build.source.quantities import PERCENT, POINTS, Figure, compare

MB = 1024 * 1024


def _build(wall: float) -> dict:
    names = ["load and validate", "render Markdown (zh+en)", "MkDocs build zh", "MkDocs build en", "search index (Pagefind)"]
    return {"stages": [{"stage": n, "wall": wall / 5, "cpu": wall / 6, "rss": 60 * MB} for n in names],
            "whole": {"wall": wall, "cpu": wall * 0.9, "rss": 70 * MB}, "pages": 12}


def test_the_tables_show_every_measured_figure():
    sample = {
        "sites": {name: {"build": _build(wall), "plain": {"whole": {"wall": wall / 2, "cpu": wall / 3}},
                         "plain_nosearch": {"whole": {"wall": wall / 4, "cpu": wall / 4}},
                         "reports": reports} for name, wall, reports in (("Gaobu 2024", 1.0, 1), ("archive ×10", 6.0, 10))},
        "scaling": {"wall": 4.96, "cpu": 3.5, "plain": 3.3},
        "index": {"archive ×10": {"zh-hans": 590_643, "en": 402_637}},
        "weight": {"Gaobu 2024 zh/": {"page": "2024/review-2023/", "query": "创新", "open_total": 116_838, "open_index": 0,
                                     "search_index": 15_155, "open": {"HTML": 7_782, "CSS": 32_768, "JS": 74_445, "other": 1_843}}},
        "preview": {"Gaobu 2024": {"page": "en/2024/review-2023/", "latencies": [1.6, 1.44, 1.56, 1.64, 1.5]}},
    }
    text = format_tables(sample)
    assert "| Gaobu 2024 | **whole build** | **1.00** | **0.90** | **70** |" in text
    assert "| Gaobu 2024 | 1 | 12 | 83 | 1.00 (1.00), 0.90 | 0.50 (0.50), 0.33 | 2.00×, 2.00×, **2.70×** | 0.25, 0.25 | 3.60× |" in text
    assert "| archive ×10 | 10 | 12 | 500 | 6.00 (6.00), 5.40 | 3.00 (3.00), 2.00 | 2.00×, 2.00×, **2.70×** | 1.50, 1.50 | 3.60× |" in text
    assert "wall median 4.96×, wall min 4.96×, CPU **3.50×** (plain MkDocs, CPU: 3.30×)" in text
    assert "| archive ×10 | zh-hans | 576.8 KB |" in text
    assert "| 1.8 KB | **114.1 KB** | 0.0 KB | 14.8 KB (query `创新`) |" in text
    assert "| Gaobu 2024 | `/en/2024/review-2023/` | 5 | **1.56** | 1.44 | 1.64 |" in text


def test_benchmark_filler_states_the_same_figures_as_the_chinese():
    zh = "地区生产总值180.42亿元，增长5.5%，提高1.2个百分点，新增2.1万平方米，一千一百余场。"
    en = corpus.filler(zh, "seed", 3.0, corpus.TermFinder(None))
    assert en.startswith(corpus.MARK) and len(en) >= 3 * len(zh)
    assert compare(zh, en) == []
    assert corpus.english_figure(Figure("x", Decimal("5.5"), PERCENT, Decimal("0.05"))) == "5.5%"
    assert corpus.english_figure(Figure("x", Decimal("1.2"), POINTS, Decimal("0.05"))) == "1.2 percentage points"


def _page(path, body: str, lang: str = "zh-Hans") -> None:
    path.mkdir(parents=True, exist_ok=True)
    (path / "index.html").write_text(f'<html lang="{lang}"><body><div data-pagefind-body>{body}</div></body></html>',
                                     encoding="utf-8")


def test_the_search_benchmark_reads_the_text_a_reader_sees_on_the_reading_pages(tmp_path):
    number = '<a class="gaobu-permalink" data-pagefind-ignore="all" href="#a">1.1</a>'
    _page(tmp_path / "2024/review-2023", f'<h2 id="s">标题<a class="headerlink" href="#s">§</a></h2>'
                                         f'<p class="gaobu-p" id="a">{number}签约共建<br>医联体。</p>')
    _page(tmp_path / "2024/parallel", '<p class="gaobu-p gaobu-pair-zh" id="a">签约共建医联体。</p>')
    _page(tmp_path / "en/2024/review-2023", '<p class="gaobu-p" id="a">medical alliance</p>', lang="en")
    paragraphs, pages = search_recall.chinese_text(tmp_path)
    assert paragraphs == [("/2024/review-2023/", "a", "签约共建医联体。")]
    assert pages == {"/2024/parallel/": "签约共建医联体。", "/2024/review-2023/": "标题签约共建医联体。"}
    pieces = search_recall.sampled_pieces(paragraphs, 1000, seed=1)
    assert len(pieces) == 6 + 5 + 4 and {"签约", "联体", "签约共建", "建医联体"} <= set(pieces)  # every piece
    assert search_recall.sampled_pieces(paragraphs, 5, seed=1) == search_recall.sampled_pieces(paragraphs, 5, seed=1)
    assert len(search_recall.sampled_pieces(paragraphs, 5, seed=1)) == 5


def test_the_search_benchmark_table_shows_every_figure():
    line = {"queries": 578, "recall": 0.9844, "no_page": 0.0104, "pair_recall": 0.9848, "precision": 0.9619,
            "excerpt_shows_query": 0.9364, "parallel_results": 575, "ms_median": 0.31, "misses": ["联体", "稳中有进"]}
    text = search_recall.format_results({"paragraphs": 16, "characters": 1910, "seed": 2024, "every_piece": True,
                                         "words": line, "pieces": {**line, "queries": 3518, "misses": []},
                                         "index": {"en": 38_605, "zh-hans": 44_646}})
    assert "16 paragraphs, 1,910 characters; 2-4 character pieces: every piece" in text
    assert "| every jieba word | 578 | **98.44%** | 1.04% | 98.48% | 96.19% | 93.64% | 575 | 0.3 |" in text
    assert "| 2-4 character pieces | 3,518 | **98.44%** |" in text
    assert "| zh-hans | 43.6 KB |" in text
    assert "no page found for 2 words: 联体 稳中有进" in text
