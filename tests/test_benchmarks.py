"""The benchmark is not run by the tests (it is slow); its modules import and its tables format."""

from __future__ import annotations

from decimal import Decimal

from benchmarks import corpus, run, search_recall, stages  # noqa: F401  (imports are the check)
from benchmarks.table import format_tables, targets
from gaobu_build.source.quantities import PERCENT, POINTS, Figure, compare

MB = 1024 * 1024


STAGES = ["import our modules", "load and validate", "render Markdown (zh+en)", "MkDocs build zh", "MkDocs build en",
          "search index (Pagefind)", "PDF editions (Chromium)"]


def _build(cpus: list[float], wall: float, load: float = 2.0) -> dict:
    """A measured build: each stage's CPU as given (wall: twice that), the whole as their sum."""
    return {"stages": [{"stage": n, "wall": 2 * c, "cpu": c, "rss": 60 * MB} for n, c in zip(STAGES, cpus)],
            "whole": {"wall": wall, "cpu": sum(cpus), "rss": 70 * MB}, "pages": 12, "walls": [wall, wall + 1],
            "loads": [load, load + 1]}


def _plain(cpu: float) -> dict:
    return {"whole": {"wall": cpu, "cpu": cpu}, "walls": [cpu], "loads": [2.0]}


SAMPLE = {
    "big": "archive ×10", "runs": 3, "load": {"start": 1.5, "end": 2.5}, "pdfs": True,
    "sites": {
        # Gaobu: cold without PDFs 0.2+0.1+0.6+0.4+0.1+0.2 = 1.6 s = 2.00× plain 0.8 s; warm 0.9 s = 1.12×.
        "Gaobu 2024": {"cold": _build([0.2, 0.1, 0.6, 0.4, 0.1, 0.2, 1.5], 4.0),
                       "warm": _build([0.2, 0.1, 0.0, 0.4, 0.1, 0.1, 0.05], 1.5),
                       "plain": _plain(0.8), "plain_nosearch": _plain(0.7), "reports": 1},
        # The archive: cold 5.0 s without PDFs = 1.25× plain 4.0 s; warm 5.4 s (PDFs copied) = 1.35×.
        "archive ×10": {"cold": _build([0.2, 0.5, 1.0, 1.5, 1.5, 0.3, 7.0], 20.0),
                        "warm": _build([0.2, 0.4, 0.1, 1.5, 1.5, 1.5, 0.2], 6.0),
                        "plain": _plain(4.0), "plain_nosearch": _plain(3.5), "reports": 10},
    },
    "scaling": {"wall": 4.96, "cpu": 3.5, "plain": 3.3, "reports": 10},
    "index": {"archive ×10": {"zh-hans": 590_643, "en": 402_637}},
    "weight": {"Gaobu 2024 zh/": {"page": "2024/review-2023/", "query": "创新", "open_total": 116_838, "open_index": 0,
                                 "search_index": 15_155, "search_code": 61_440,
                                 "open": {"HTML": 7_782, "CSS": 32_768, "JS": 74_445, "other": 1_843}}},
    "preview": {"Gaobu 2024": {"page": "en/2024/review-2023/", "latencies": [0.6, 0.44, 0.56, 0.64, 0.5],
                               "rebuilds": [0.2, 0.1, 0.3, 0.25, 0.15], "load": 3.0},
                # The second edit took a full rebuild: the server logged no page-only rebuild for it.
                "archive ×10": {"page": "en/2024/review-2023/", "latencies": [0.9, 1.2, 0.8], "rebuilds": [0.5, 0.4],
                                "load": 4.0}},
}


def test_the_tables_show_every_measured_figure():
    text = format_tables(SAMPLE)
    assert text.startswith("Load average (1 min): 1.5 at the start, 2.5 at the end; 3 run(s) per build.")
    assert "| Gaobu 2024 | render Markdown (zh+en) | 1.20 | 0.60 | 0.00 | 0.00 | 60 |" in text
    assert "| Gaobu 2024 | **whole build** | **4.00** | **3.10** | **1.50** | **0.95** | **70** |" in text
    assert ("| Gaobu 2024 | 1 | 12 | 4.00 (4.00), 3.10 | 1.50 (1.50), 0.95 | 0.80 (0.80), 0.80 | 0.70 "
            "| 3.88×, **2.00×**, 1.19×, **1.12×** | 2.5 |") in text
    assert "| archive ×10 | 10 | 12 | 20.00 (20.00), 12.00 | 6.00 (6.00), 5.40 | 4.00 (4.00), 4.00 | 3.50 " in text
    assert "10-report ÷ 1-report cold build: wall median 4.96×, wall min 4.96×, CPU **3.50×** (plain MkDocs, CPU: 3.30×)" in text
    assert "| archive ×10 | zh-hans | 576.8 KB |" in text
    assert "| 1.8 KB | **114.1 KB** | 0.0 KB | 60.0 KB | 14.8 KB (query `创新`) |" in text
    assert ("| Gaobu 2024 | `/en/2024/review-2023/` | 5 | **0.56** | 0.44 | 0.64 | rebuild 0.20 s (median of 5) "
            "| 3.0 |") in text
    assert "| 0.80 | 1.20 | rebuild 0.45 s (median of 2), 1 full rebuild(s) | 4.0 |" in text


def test_each_target_is_met_or_missed_by_its_own_figure():
    rows = {t["target"]: t for t in targets(SAMPLE)}
    assert [(t, r["met"]) for t, r in rows.items()] == [
        ("live preview, Gaobu 2024: median ≤ 0.5 s", False),  # 0.56 s
        ("live preview, archive ×10: median ≤ 1.0 s", True),  # 0.9 s
        ("Gaobu 2024: whole build without PDFs ≤ 1.5× plain (CPU), cold", False),  # 2.00×
        ("archive ×10: whole build without PDFs ≤ 1.5× plain (CPU), cold", True),  # 1.25×
        ("archive ×10: warm whole build ≤ 1.3× plain (CPU)", False),  # 1.35×, the copied PDFs included
    ]
    assert rows["live preview, Gaobu 2024: median ≤ 0.5 s"]["measured"] == "0.56 s (min 0.44, max 0.64; load 3.0)"
    assert rows["Gaobu 2024: whole build without PDFs ≤ 1.5× plain (CPU), cold"]["measured"] == "2.00× cold, 1.12× warm (load 2.5)"
    assert rows["Gaobu 2024: whole build without PDFs ≤ 1.5× plain (CPU), cold"]["why"] == (
        "MkDocs 0.50 s (plain 0.80 s); render Markdown 0.60 s, import our modules 0.20 s, search index 0.20 s, "
        "load and validate 0.10 s")
    assert rows["archive ×10: warm whole build ≤ 1.3× plain (CPU)"]["measured"] == "1.35× (load 2.5)"
    assert "| archive ×10: warm whole build ≤ 1.3× plain (CPU) | 1.35× (load 2.5) | **missed** |" in format_tables(SAMPLE)


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


# make bench-lighthouse ---------------------------------------------------------------------------

def _lighthouse_page(performance: int, fcp: float, cls: float, bytes_: int, failed=()) -> dict:
    return {"performance": performance, "fcp": fcp, "lcp": fcp + 0.1, "cls": cls, "tbt": 0.05, "bytes": bytes_,
            "requests": 8, "render_blocking": [], "accessibility_failed": list(failed), "scores": [performance]}


LIGHTHOUSE_SAMPLE = {
    "runs": 1, "load": {"start": 0.4, "end": 1.6}, "cpus": 2, "lighthouse": "12.8.2", "chromium": "156.0.8078.114",
    "rows": [
        {"kind": "part page", "lang": "zh", "page": "2024/review-2023/", "load": 0.9,
         "ours": _lighthouse_page(99, 1.21, 0.0, 80_896), "plain": _lighthouse_page(98, 1.24, 0.0, 83_968)},
        {"kind": "part page", "lang": "en", "page": "en/2024/review-2023/", "load": 1.2,
         "ours": _lighthouse_page(94, 1.46, 0.051, 81_920, ["label-content-name-mismatch"]),
         "plain": _lighthouse_page(97, 1.3, 0.0, 82_944)},
    ],
}


def test_the_lighthouse_table_shows_both_sites_and_judges_each_page_by_its_own_figures():
    from benchmarks.lighthouse import format_table, verdict

    text = format_table(LIGHTHOUSE_SAMPLE)
    assert text.startswith("Lighthouse 12.8.2, mobile, default throttling; Chromium 156.0.8078.114; 1 run(s) per page, "
                           "the median shown; load average (1 min) 0.4 at the start, 1.6 at the end, 2 CPUs.")
    assert ("| part page | `/2024/review-2023/` | **99** | 1.2 s | 1.3 s | 0.000 | 50 ms | 79 KB "
            "| **98** | 1.2 s | 1.3 s | 0.000 | 50 ms | 82 KB | 0.9 | met |") in text
    assert "| 1.2 | missed: performance 94 < 95; CLS 0.051 ≥ 0.05; FCP 1.5 s > plain 1.3 s |" in text
    assert text.endswith("Accessibility audits our pages fail (Lighthouse's axe): `label-content-name-mismatch` on part page (en).")
    assert verdict(LIGHTHOUSE_SAMPLE["rows"][0]) == (True, "")


def test_lighthouse_figures_are_read_from_its_report():
    from benchmarks.lighthouse import figures

    audits = {
        "first-contentful-paint": {"numericValue": 1234.0}, "largest-contentful-paint": {"numericValue": 1500.0},
        "cumulative-layout-shift": {"numericValue": 0.136}, "total-blocking-time": {"numericValue": 60.0},
        "total-byte-weight": {"numericValue": 80_000}, "network-requests": {"details": {"items": [{}, {}, {}]}},
        "render-blocking-resources": {"details": {"items": [{"url": "http://127.0.0.1:8000/assets/gaobu.css"}]}},
        "label-content-name-mismatch": {"score": 0, "scoreDisplayMode": "binary"},
        "color-contrast": {"score": 1, "scoreDisplayMode": "binary"},
        "image-alt": {"score": None, "scoreDisplayMode": "notApplicable"},
    }
    report = {"audits": audits, "categories": {
        "performance": {"score": 0.76},
        "accessibility": {"auditRefs": [{"id": "label-content-name-mismatch"}, {"id": "color-contrast"}, {"id": "image-alt"}]}}}
    assert figures(report) == {"performance": 76, "fcp": 1.234, "lcp": 1.5, "cls": 0.136, "tbt": 0.06, "bytes": 80_000,
                               "requests": 3, "render_blocking": ["assets/gaobu.css"],
                               "accessibility_failed": ["label-content-name-mismatch"]}


def test_the_lighthouse_server_is_a_static_host_like_github_pages(tmp_path):
    """gzip for text (not for Pagefind's index, gzip already), folders to index.html, 404.html with status 404."""
    import gzip
    import urllib.error
    import urllib.parse
    import urllib.request

    from benchmarks.lighthouse import served

    site = tmp_path / "site"
    (site / "about").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (site / "about" / "index.html").write_text("<p>关于</p>" * 50, encoding="utf-8")
    (site / "404.html").write_text("<p>not here</p>", encoding="utf-8")
    (site / "x.pf_index").write_bytes(b"\x1f\x8b already gzip")

    def get(url, gzip_ok=True):
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    with served({"a": site}) as bases:
        status, headers, body = get(bases["a"] + "about/")
        assert status == 200 and headers["Content-Encoding"] == "gzip" and headers["Content-Type"] == "text/html"
        assert gzip.decompress(body).decode("utf-8") == "<p>关于</p>" * 50
        assert get(bases["a"] + "about/", gzip_ok=False)[2].decode("utf-8") == "<p>关于</p>" * 50
        status, headers, body = get(bases["a"] + "x.pf_index")
        assert status == 200 and "Content-Encoding" not in headers and body == b"\x1f\x8b already gzip"
        status, _, body = get(bases["a"] + "nowhere/")
        assert status == 404 and gzip.decompress(body) == b"<p>not here</p>"
        # Never a file outside the site (sent as written: a browser would have resolved the "..").
        import http.client
        connection = http.client.HTTPConnection(*urllib.parse.urlsplit(bases["a"]).netloc.split(":"))
        connection.request("GET", "/../secret.txt")
        answer = connection.getresponse()
        assert answer.status == 404 and b"secret" not in answer.read()
        connection.close()
        status, _, body = get(bases["a"] + "about")  # a folder without its slash: redirected, as a static host does
        assert status == 200 and gzip.decompress(body).decode("utf-8") == "<p>关于</p>" * 50
