"""The benchmark's tables, as Markdown, from the measured numbers (pure functions, tested on samples)."""

from __future__ import annotations

from statistics import median

MB = 1024 * 1024
PDF_STAGE = "PDF editions (Chromium)"
# Our stages that a plain `mkdocs build` does not have (its own search is in its time).
OURS = ("import our modules", "load and validate", "render Markdown (zh+en)", "search index (Pagefind)")
PREVIEW_LIMITS = {"Gaobu 2024": 0.5, "archive": 1.0}  # seconds, median
COLD_LIMIT, WARM_LIMIT = 1.5, 1.3  # whole build without PDFs ÷ plain; warm big archive ÷ plain (CPU)


def _kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def _stage(build: dict, name: str) -> dict:
    return next((s for s in build["stages"] if s["stage"] == name), {"wall": 0.0, "cpu": 0.0, "rss": 0})


def without_pdf(build: dict) -> float:
    """CPU of the whole build less the PDF editions': a plain `mkdocs build` makes no PDF."""
    return build["whole"]["cpu"] - _stage(build, PDF_STAGE)["cpu"]


def _load(run: dict) -> str:
    loads = run.get("loads") or [run.get("load", 0.0)]
    return f"{median(loads):.1f}"


def _stage_rows(name: str, cold: dict, warm: dict) -> list[str]:
    rows = []
    for s in cold["stages"]:
        w = _stage(warm, s["stage"])
        rows.append(f"| {name} | {s['stage']} | {s['wall']:.2f} | {s['cpu']:.2f} | {w['wall']:.2f} | {w['cpu']:.2f} "
                    f"| {s['rss'] / MB:.0f} |")
    c, w = cold["whole"], warm["whole"]
    rows.append(f"| {name} | **whole build** | **{c['wall']:.2f}** | **{c['cpu']:.2f}** | **{w['wall']:.2f}** "
                f"| **{w['cpu']:.2f}** | **{c['rss'] / MB:.0f}** |")
    return rows


def _where(build: dict, plain: dict) -> str:
    """Where a build's CPU goes beyond plain MkDocs: MkDocs' own part beside plain's, then our stages, largest first."""
    mkdocs = sum(_stage(build, f"MkDocs build {lang}")["cpu"] for lang in ("zh", "en"))
    ours = sorted(((_stage(build, n)["cpu"], n) for n in OURS), key=lambda stage: (-stage[0], stage[1]))
    return (f"MkDocs {mkdocs:.2f} s (plain {plain['whole']['cpu']:.2f} s); "
            + ", ".join(f"{n.split(' (')[0]} {cpu:.2f} s" for cpu, n in ours))


def _rebuilds(p: dict) -> str:
    """The rebuilds themselves, as the server logged them; an edit without a line took MkDocs' full rebuild."""
    done = p.get("rebuilds", [])
    full = len(p["latencies"]) - len(done)
    text = f"rebuild {median(done):.2f} s (median of {len(done)})" if done else "no page-only rebuild"
    return text + (f", {full} full rebuild(s)" if full > 0 else "")


def targets(r: dict) -> list[dict]:
    """Each target with its measured figure and whether it was met (None: not measured)."""
    rows = []
    for name, p in r.get("preview", {}).items():
        limit = PREVIEW_LIMITS["Gaobu 2024" if name == "Gaobu 2024" else "archive"]
        lat = sorted(p["latencies"])
        mid = median(lat)
        rows.append({"target": f"live preview, {name}: median ≤ {limit:.1f} s", "measured": f"{mid:.2f} s "
                     f"(min {lat[0]:.2f}, max {lat[-1]:.2f}; load {p.get('load', 0.0):.1f})", "met": mid <= limit,
                     "why": f"{_rebuilds(p)}; the rest is noticing the save (data/ is looked at every 0.1 s) "
                            "and MkDocs' wait of 0.1 s for it to settle"})
    for name, site in r["sites"].items():
        plain = site["plain"]["whole"]["cpu"]
        cold, warm = without_pdf(site["cold"]) / plain, without_pdf(site["warm"]) / plain
        rows.append({"target": f"{name}: whole build without PDFs ≤ {COLD_LIMIT}× plain (CPU), cold",
                     "measured": f"{cold:.2f}× cold, {warm:.2f}× warm (load {_load(site['cold'])})",
                     "met": cold <= COLD_LIMIT, "why": _where(site["cold"], site["plain"])})
    big = r.get("big")
    if big in r["sites"]:
        site = r["sites"][big]
        warm = site["warm"]["whole"]["cpu"] / site["plain"]["whole"]["cpu"]
        rows.append({"target": f"{big}: warm whole build ≤ {WARM_LIMIT}× plain (CPU)",
                     "measured": f"{warm:.2f}× (load {_load(site['warm'])})", "met": warm <= WARM_LIMIT,
                     "why": _where(site["warm"], site["plain"])})
    return rows


def format_tables(r: dict) -> str:
    """`r`: {"sites": {name: {"cold", "warm", "plain", "plain_nosearch", "runs", "reports"}}, "big", "scaling",
    "index", "weight", "preview", "load"} as benchmarks/run.py writes it."""
    out = []
    if "load" in r:
        out += [f"Load average (1 min): {r['load'].get('start', 0.0):.1f} at the start, {r['load'].get('end', 0.0):.1f} "
                f"at the end; {r.get('runs', 1)} run(s) per build{'; --quick' if r.get('quick') else ''}"
                f"{'' if r.get('pdfs', True) else '; no PDFs'}.", ""]
    out += ["| site | stage | cold wall s | cold CPU s | warm wall s | warm CPU s | peak RSS MB (cold) |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, site in r["sites"].items():
        out += _stage_rows(name, site["cold"], site["warm"])
    out += ["", "| site | reports | pages | cold s: wall median (min), CPU | warm s: wall median (min), CPU "
                "| plain `mkdocs build` s: wall median (min), CPU | plain without search: CPU "
                "| **÷ plain, CPU**: cold, cold without PDFs, warm, warm without PDFs | load |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, site in r["sites"].items():
        cold, warm, plain = site["cold"], site["warm"], site["plain"]
        c, w, p = cold["whole"], warm["whole"], plain["whole"]

        def wall(run):
            return f"{run['whole']['wall']:.2f} ({min(run.get('walls', [run['whole']['wall']])):.2f})"

        out.append(f"| {name} | {site['reports']} | {cold['pages']} | {wall(cold)}, {c['cpu']:.2f} | {wall(warm)}, {w['cpu']:.2f} "
                   f"| {wall(plain)}, {p['cpu']:.2f} | {site['plain_nosearch']['whole']['cpu']:.2f} "
                   f"| {c['cpu'] / p['cpu']:.2f}×, **{without_pdf(cold) / p['cpu']:.2f}×**, {w['cpu'] / p['cpu']:.2f}×, "
                   f"**{without_pdf(warm) / p['cpu']:.2f}×** | {_load(cold)} |")
    if "scaling" in r:
        s = r["scaling"]
        out += ["", f"{s.get('reports', 10)}-report ÷ 1-report cold build: wall median {s['wall']:.2f}×, "
                    f"wall min {s.get('wall_min', s['wall']):.2f}×, CPU **{s['cpu']:.2f}×** (plain MkDocs, CPU: {s['plain']:.2f}×)"]
    if r.get("index"):
        out += ["", "| site | language | search index (all chunks, bytes on disk = gzip) |", "| --- | --- | ---: |"]
        for name, langs in r["index"].items():
            out += [f"| {name} | {lang} | {_kb(size)} |" for lang, size in langs.items()]
    if r.get("weight"):
        out += ["", "| site | page | HTML | CSS | JS | fonts | search runtime (wasm) | other | **total (gzip)** | index on open "
                    "| search code on first opening search | index for one search |",
                "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for name, w in r["weight"].items():
            o = w["open"]
            runtime = o.get("search runtime (wasm)", 0)
            out.append(f"| {name} | `/{w['page']}` | {_kb(o.get('HTML', 0))} | {_kb(o.get('CSS', 0))} | {_kb(o.get('JS', 0))} "
                       f"| {_kb(o.get('fonts', 0))} | {_kb(runtime)} | {_kb(o.get('other', 0))} | **{_kb(w['open_total'])}** | {_kb(w['open_index'])} "
                       f"| {_kb(w.get('search_code', 0))} | {_kb(w['search_index'])} (query `{w['query']}`) |")
    if r.get("preview"):
        out += ["", "| live preview (`mkdocs serve`): one paragraph's YAML saved → its rebuilt page served | page | edits "
                    "| median s | min s | max s | of which the rebuild | load |",
                "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |"]
        for name, p in r["preview"].items():
            lat = sorted(p["latencies"])
            out.append(f"| {name} | `/{p['page']}` | {len(lat)} | **{median(lat):.2f}** | {lat[0]:.2f} | {lat[-1]:.2f} "
                       f"| {_rebuilds(p)} | {p.get('load', 0.0):.1f} |")
    rows = targets(r)
    if rows:
        out += ["", "| target | measured | | where the time goes |", "| --- | --- | --- | --- |"]
        out += [f"| {t['target']} | {t['measured']} | **{'met' if t['met'] else 'missed'}** | {t['why']} |" for t in rows]
    return "\n".join(out)
