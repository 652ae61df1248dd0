"""Recall of the Chinese search: does every piece of the text find the pages that hold it?

    python -m benchmarks.search_recall              # builds the Gaobu site under build/bench/search/
    python -m benchmarks.search_recall --archive 10 # an archive of 10 benchmark reports instead
    python -m benchmarks.search_recall --site DIR   # measures a site built already (e.g. from another commit)

The text is every report paragraph of the built Chinese pages, as a reader sees it
(`p.gaobu-p`, without what the index ignores); the parallel view's copies are left out,
so a paragraph is held by its reading page. The queries are every jieba word of that
text and its 2-4 character pieces (letters and digits only: what a reader types), all
of them or a seeded sample. Each query runs in headless Chromium through the module the site's search
box loads (`<pagefind-config bundle-path>` + `pagefind.js`), so the figures are those of
the search a reader uses. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import time
from html.parser import HTMLParser
from pathlib import Path

from .browser import CHROMIUM, CHROMIUM_ARGS, index_bytes, served

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
TYPED = re.compile(r"[^\W_]+")  # letters and digits: what a reader types as a query
BATCH = 100  # queries per round trip to the browser


class _PageText(HTMLParser):
    """The report paragraphs of one page and its whole indexed text, without what Pagefind ignores."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.indexed = False
        self.paragraphs: list[tuple[str, str]] = []  # (id, text)
        self.body: list[str] = []
        self._stack: list[tuple[str, bool, bool, str | None]] = []  # (tag, in body, ignored, paragraph id)
        self._paragraph: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        if tag in VOID:
            return
        in_body, ignored, _ = self._stack[-1][1:] if self._stack else (False, False, None)
        if "data-pagefind-body" in a:
            in_body, self.indexed = True, True
        ignored = ignored or "data-pagefind-ignore" in a or "headerlink" in (a.get("class") or "").split()
        classes = (a.get("class") or "").split()
        pid = a.get("id") if tag == "p" and "gaobu-p" in classes and "gaobu-pair-zh" not in classes else None
        if pid:
            self._paragraph = []
        self._stack.append((tag, in_body, ignored, pid))

    def handle_endtag(self, tag):
        while self._stack:
            top, _, _, pid = self._stack.pop()
            if pid and self._paragraph is not None:
                self.paragraphs.append((pid, "".join(self._paragraph)))
                self._paragraph = None
            if top == tag:
                break

    def handle_data(self, data):
        if not self._stack or not self._stack[-1][1] or self._stack[-1][2]:
            return
        self.body.append(data)
        if self._paragraph is not None:
            self._paragraph.append(data)


def chinese_text(site: Path) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """(page URL, paragraph id, text) of every report paragraph, and each indexed Chinese page's text."""
    paragraphs, pages = [], {}
    for path in sorted(site.rglob("index.html")):
        if "pagefind" in path.relative_to(site).parts:
            continue
        parser = _PageText()
        parser.feed(path.read_text(encoding="utf-8"))
        if not parser.lang.startswith("zh") or not parser.indexed:
            continue
        url = "/" + "".join(part + "/" for part in path.parent.relative_to(site).parts)
        pages[url] = re.sub(r"\s+", "", "".join(parser.body))
        paragraphs += [(url, pid, text) for pid, text in parser.paragraphs]
    return paragraphs, pages


def jieba_words(paragraphs) -> list[str]:
    try:
        import jieba
    except ImportError:
        raise SystemExit("the search benchmark needs jieba: .venv/bin/pip install -e '.[bench]' (make bench-search does)")

    jieba.setLogLevel(60)  # its dictionary-loading chatter
    words = {w for _, _, text in paragraphs for w in jieba.lcut(text) if TYPED.search(w) and w.strip() == w}
    return sorted(words)


def sampled_pieces(paragraphs, count: int, seed: int) -> list[str]:
    """`count` distinct pieces of 2-4 letters or digits, each from a random place in the text
    (every piece, if the text has no more than `count`)."""
    rng = random.Random(seed)
    runs = [run for _, _, text in paragraphs for run in TYPED.findall(text) if len(run) >= 2]
    weights = [len(run) - 1 for run in runs]
    possible = {run[i:i + n] for run in runs for n in (2, 3, 4) for i in range(len(run) - n + 1)}
    if len(possible) <= count:
        return sorted(possible)
    pieces: set[str] = set()
    while len(pieces) < count:
        run = rng.choices(runs, weights)[0]
        n = rng.choice((2, 3, 4))
        if len(run) < n:
            continue
        start = rng.randrange(len(run) - n + 1)
        pieces.add(run[start:start + n])
    return sorted(pieces)


# Runs in the page. A result's page is learnt from its data() once (data() lays out excerpts,
# which costs time on big pages); excerpts are read only where the query should be found.
_SEARCH = """
async ({queries}) => {
    if (!window.__gaobuSearch) {
        const config = document.querySelector('pagefind-config');
        const bundle = config.getAttribute('bundle-path');
        const module = await import(bundle + 'pagefind.js');
        window.__gaobuSearch = module.createInstance({baseUrl: config.getAttribute('base-url') || '/'});
        window.__gaobuPages = new Map();
    }
    const pages = window.__gaobuPages;
    const out = [];
    for (const [q, holders] of queries) {
        const start = performance.now();
        const response = await window.__gaobuSearch.search(q);
        const ms = performance.now() - start;
        const results = [];
        for (const result of response.results) {
            let data = null;
            if (!pages.has(result.id)) {
                data = await result.data();
                pages.set(result.id, new URL(data.url, location.href).pathname);
            }
            const url = pages.get(result.id);
            let excerpts = [];
            if (holders.includes(url)) {
                data = data || await result.data();
                excerpts = [data.plain_excerpt || '', ...(data.sub_results || []).map(s => s.plain_excerpt || '')];
            }
            results.push({url, excerpts});
        }
        out.push({q, ms, results});
    }
    return out;
}
"""


def run_queries(site: Path, queries: dict[str, set[str]]) -> dict[str, dict]:
    """Each query's results (page URL, and excerpts where it is one of the query's `queries[q]` pages)."""
    from playwright.sync_api import sync_playwright

    answers = {}
    items = [[q, sorted(holders)] for q, holders in sorted(queries.items())]
    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base)
        for i in range(0, len(items), BATCH):
            for answer in page.evaluate(_SEARCH, {"queries": items[i:i + BATCH]}):
                answers[answer["q"]] = answer
        browser.close()
    return answers


def holding_pages(queries, paragraphs) -> dict[str, set[str]]:
    """The pages whose report paragraphs hold each query."""
    return {q: {url for url, _, text in paragraphs if q in text} for q in queries}


def score(queries: list[str], answers: dict[str, dict], paragraphs, pages: dict[str, str]) -> dict:
    """Recall (the pages holding a query are among its results), precision, doubles, excerpts."""
    holders = holding_pages(queries, paragraphs)
    found_all = missed_all = pairs = pairs_found = returned = relevant = parallel = shown = 0
    misses, stray = [], []
    for q in queries:
        results = answers[q]["results"]
        urls = [r["url"] for r in results]
        hits = holders[q] & set(urls)
        pairs += len(holders[q])
        pairs_found += len(hits)
        found_all += hits == holders[q]
        if not hits:
            missed_all += 1
            misses.append(q)
        returned += len(urls)
        held = [q.lower() in pages.get(url, "").lower() for url in urls]  # Pagefind ignores case
        relevant += sum(held)
        stray += [f"{q} {url}" for url, h in zip(urls, held) if not h]
        parallel += sum(url.endswith("/parallel/") for url in urls)
        shown += sum(any(q in e.replace("\u200b", "") for e in r["excerpts"]) for r in results if r["url"] in hits)
    n = len(queries)
    return {"queries": n, "recall": found_all / n, "no_page": missed_all / n, "misses": misses, "stray": stray,
            "pair_recall": pairs_found / pairs, "precision": relevant / returned if returned else 1.0,
            "parallel_results": parallel, "excerpt_shows_query": shown / pairs_found if pairs_found else 0.0,
            "ms_median": statistics.median(answers[q]["ms"] for q in queries)}


def measure(site: Path, samples: int, seed: int) -> dict:
    paragraphs, pages = chinese_text(site)
    if not paragraphs:
        raise SystemExit(f"{site}: no Chinese report paragraph (p.gaobu-p) on an indexed page; is it a built Gaobu site?")
    words = jieba_words(paragraphs)
    pieces = sampled_pieces(paragraphs, samples, seed)
    every_piece = len(sampled_pieces(paragraphs, 10**9, seed)) == len(pieces)
    started = time.perf_counter()
    answers = run_queries(site, holding_pages(set(words) | set(pieces), paragraphs))
    return {"site": str(site), "paragraphs": len(paragraphs), "characters": sum(len(t) for _, _, t in paragraphs),
            "seed": seed, "every_piece": every_piece, "words": score(words, answers, paragraphs, pages),
            "pieces": score(pieces, answers, paragraphs, pages), "index": index_bytes(site),
            "seconds": time.perf_counter() - started}


def format_results(r: dict) -> str:
    def pct(x: float) -> str:
        return f"{100 * x:.2f}%"

    sample = "every piece" if r["every_piece"] else f"a sample, seed {r['seed']}"
    lines = [f"{r['paragraphs']} paragraphs, {r['characters']:,} characters; 2-4 character pieces: {sample}", "",
             "| queries | count | recall (every page holding it found) | find no page | page recall (query, page) "
             "| precision (results that hold it) | excerpt shows it | parallel-view results | median ms |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, label in (("words", "every jieba word"), ("pieces", "2-4 character pieces")):
        s = r[name]
        lines.append(f"| {label} | {s['queries']:,} | **{pct(s['recall'])}** | {pct(s['no_page'])} | {pct(s['pair_recall'])} "
                     f"| {pct(s['precision'])} | {pct(s['excerpt_shows_query'])} | {s['parallel_results']} "
                     f"| {s['ms_median']:.1f} |")
    lines += ["", "| language | search index (all chunks, bytes on disk = gzip) |", "| --- | ---: |"]
    lines += [f"| {lang} | {size / 1024:,.1f} KB |" for lang, size in sorted(r["index"].items())]
    for name in ("words", "pieces"):
        if r[name]["misses"]:
            lines.append(f"\nno page found for {len(r[name]['misses'])} {name}: " + " ".join(r[name]["misses"][:40]))
        if r[name].get("stray"):
            lines.append(f"\nresults that do not hold the query, {name}: " + ", ".join(r[name]["stray"][:20]))
    return "\n".join(lines)


def build(archive: int) -> Path:
    """The Gaobu site, or an archive of `archive` benchmark reports (benchmarks/corpus.py), built."""
    from gaobu_build.plugin import build_site

    if archive:
        from .corpus import make_archive
        project = make_archive(OUT / f"search-archive-{archive}", archive)
    else:
        from .run import copy_gaobu
        project = copy_gaobu(OUT / "search")
    build_site(str(project / "mkdocs.yml"))
    return project / "site"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search_recall", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site to measure (default: build the Gaobu site)")
    parser.add_argument("--archive", type=int, default=0, metavar="N",
                        help="build and measure an archive of N benchmark reports instead (needs ../shared/)")
    parser.add_argument("--samples", type=int, default=20000,
                        help="at most this many distinct 2-4 character pieces (default 20000; all, if the text has fewer)")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the sample (default 2024)")
    parser.add_argument("--json", type=Path, default=OUT / "search_recall.json", help="where to write the figures")
    args = parser.parse_args(argv)
    site = args.site or build(args.archive)
    if not (site / "pagefind").is_dir():
        raise SystemExit(f"{site}: no search index (pagefind/); build the site with search on")
    result = measure(site, args.samples, args.seed)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(format_results(result))


if __name__ == "__main__":
    main()
