"""The benchmark's tables, as Markdown, from the measured numbers (a pure function, tested on samples)."""

from __future__ import annotations

MB = 1024 * 1024


def _kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def _stage_rows(name: str, build: dict) -> list[str]:
    rows = [f"| {name} | {s['stage']} | {s['wall']:.2f} | {s['cpu']:.2f} | {s['rss'] / MB:.0f} |" for s in build["stages"]]
    whole = build["whole"]
    rows.append(f"| {name} | **whole build** | **{whole['wall']:.2f}** | **{whole['cpu']:.2f}** | **{whole['rss'] / MB:.0f}** |")
    return rows


def _pdf_cpu(build: dict) -> float:
    """The PDF stage's CPU time: a plain `mkdocs build` makes no PDF, so the fair comparison leaves it out."""
    return sum(s["cpu"] for s in build["stages"] if s["stage"].startswith("PDF"))


def format_tables(r: dict) -> str:
    """`r`: {"sites": {name: {"build", "plain", "plain_nosearch", "runs", "reports", "chars"}}, "weight", "index", "preview"}."""
    out = ["| site | stage | wall s | CPU s | peak RSS MB |", "| --- | --- | ---: | ---: | ---: |"]
    for name, site in r["sites"].items():
        out += _stage_rows(name, site["build"])
    out += ["", "| site | reports | pages built | per page ms | whole build s: wall median (min), CPU "
                "| plain `mkdocs build` s: wall median (min), CPU | **whole ÷ plain**: wall median, wall min, CPU "
                "| plain without search: wall, CPU | whole ÷ plain without search: CPU | **whole without PDF ÷ plain**: CPU |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, site in r["sites"].items():
        ours, plain, bare = site["build"], site["plain"], site["plain_nosearch"]
        w, p, b = ours["whole"], plain["whole"], bare["whole"]
        w_min, p_min = min(ours.get("walls", [w["wall"]])), min(plain.get("walls", [p["wall"]]))
        pages = ours["pages"]
        out.append(f"| {name} | {site['reports']} | {pages} | {1000 * w['wall'] / pages:.0f} "
                   f"| {w['wall']:.2f} ({w_min:.2f}), {w['cpu']:.2f} | {p['wall']:.2f} ({p_min:.2f}), {p['cpu']:.2f} "
                   f"| {w['wall'] / p['wall']:.2f}×, {w_min / p_min:.2f}×, **{w['cpu'] / p['cpu']:.2f}×** "
                   f"| {b['wall']:.2f}, {b['cpu']:.2f} | {w['cpu'] / b['cpu']:.2f}× "
                   f"| **{(w['cpu'] - _pdf_cpu(ours)) / p['cpu']:.2f}×** |")
    if "scaling" in r:
        s = r["scaling"]
        out += ["", f"10-report ÷ 1-report whole build: wall median {s['wall']:.2f}×, wall min {s.get('wall_min', s['wall']):.2f}×, "
                    f"CPU **{s['cpu']:.2f}×** (plain MkDocs, CPU: {s['plain']:.2f}×)"]
    if r.get("index"):
        out += ["", "| site | language | search index (all chunks, bytes on disk = gzip) |", "| --- | --- | ---: |"]
        for name, langs in r["index"].items():
            out += [f"| {name} | {lang} | {_kb(size)} |" for lang, size in langs.items()]
    if r.get("weight"):
        out += ["", "| site | page | HTML | CSS | JS | fonts | search runtime (wasm) | other | **total (gzip)** | index on open | index for one search |",
                "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for name, w in r["weight"].items():
            o = w["open"]
            runtime = o.get("search runtime (wasm)", 0)
            out.append(f"| {name} | `/{w['page']}` | {_kb(o.get('HTML', 0))} | {_kb(o.get('CSS', 0))} | {_kb(o.get('JS', 0))} "
                       f"| {_kb(o.get('fonts', 0))} | {_kb(runtime)} | {_kb(o.get('other', 0))} | **{_kb(w['open_total'])}** | {_kb(w['open_index'])} "
                       f"| {_kb(w['search_index'])} (query `{w['query']}`) |")
    if r.get("preview"):
        out += ["", "| live preview (`mkdocs serve`): one paragraph's YAML saved → its rebuilt page served | page | edits | median s | min s | max s |",
                "| --- | --- | ---: | ---: | ---: | ---: |"]
        for name, p in r["preview"].items():
            lat = sorted(p["latencies"])
            out.append(f"| {name} | `/{p['page']}` | {len(lat)} | **{lat[len(lat) // 2]:.2f}** | {lat[0]:.2f} | {lat[-1]:.2f} |")
    return "\n".join(out)
