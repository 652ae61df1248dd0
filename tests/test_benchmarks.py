"""The benchmark is not run by the tests (it is slow); its modules import and its tables format."""

from __future__ import annotations

from decimal import Decimal

from benchmarks import corpus, run, stages  # noqa: F401  (imports are the check)
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
