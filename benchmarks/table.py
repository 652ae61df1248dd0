"""The benchmark's tables, as Markdown, from the measured numbers (a pure function, tested on samples)."""

from __future__ import annotations

MB = 1024 * 1024


def _kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def _stage_rows(name: str, build: dict) -> list[str]:
    rows = [f"| {name} | {s['stage']} | {s['wall']:.2f} | {s['cpu']:.2f} | {s['rss'] / MB:.0f} |" for s in build["stages"]]
    whole = build["whole"]
    rest = {k: whole[k] - sum(s[k] for s in build["stages"]) for k in ("wall", "cpu")}
    rows.append(f"| {name} | other (MkDocs start-up and shutdown, swapping the new site in) | {rest['wall']:.2f} | {rest['cpu']:.2f} | |")
    rows.append(f"| {name} | **whole build** | **{whole['wall']:.2f}** | **{whole['cpu']:.2f}** | **{whole['rss'] / MB:.0f}** |")
    return rows


def format_tables(r: dict) -> str:
    """`r`: {"sites": {name: {"build", "plain", "plain_nosearch", "runs", "reports", "chars"}}, "weight", "index", "preview"}."""
    out = ["| site | stage | wall s | CPU s | peak RSS MB |", "| --- | --- | ---: | ---: | ---: |"]
    for name, site in r["sites"].items():
        out += _stage_rows(name, site["build"])
        out.append(f"| {name} | PDF | – | – | – |")
    out += ["", "| site | reports | pages built | per page ms | whole s | plain `mkdocs build` s (with its search / none) | whole ÷ plain |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, site in r["sites"].items():
        whole, plain, bare = site["build"]["whole"]["wall"], site["plain"]["whole"]["wall"], site["plain_nosearch"]["whole"]["wall"]
        pages = site["build"]["pages"]
        out.append(f"| {name} | {site['reports']} | {pages} | {1000 * whole / pages:.0f} | {whole:.2f} "
                   f"| {plain:.2f} / {bare:.2f} | {whole / plain:.2f}× / {whole / bare:.2f}× |")
    if "scaling" in r:
        s = r["scaling"]
        out += ["", f"10-report ÷ 1-report whole build (wall): **{s['wall']:.2f}×** (CPU: {s['cpu']:.2f}×; "
                    f"plain MkDocs: {s['plain']:.2f}×)"]
    if r.get("index"):
        out += ["", "| site | language | search index (all chunks, bytes on disk = gzip) |", "| --- | --- | ---: |"]
        for name, langs in r["index"].items():
            out += [f"| {name} | {lang} | {_kb(size)} |" for lang, size in langs.items()]
    if r.get("weight"):
        out += ["", "| site | page | HTML | CSS | JS | fonts | search runtime (wasm) | **total (gzip)** | index on open | index for one search |",
                "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for name, w in r["weight"].items():
            o = w["open"]
            runtime = o.get("search runtime (wasm)", 0)
            out.append(f"| {name} | `/{w['page']}` | {_kb(o.get('HTML', 0))} | {_kb(o.get('CSS', 0))} | {_kb(o.get('JS', 0))} "
                       f"| {_kb(o.get('fonts', 0))} | {_kb(runtime)} | **{_kb(w['open_total'])}** | {_kb(w['open_index'])} "
                       f"| {_kb(w['search_index'])} (query `{w['query']}`) |")
    if r.get("preview"):
        out += ["", "| live preview (`mkdocs serve`): one paragraph's YAML saved → its rebuilt page served | page | edits | median s | min s | max s |",
                "| --- | --- | ---: | ---: | ---: | ---: |"]
        for name, p in r["preview"].items():
            lat = sorted(p["latencies"])
            out.append(f"| {name} | `/{p['page']}` | {len(lat)} | **{lat[len(lat) // 2]:.2f}** | {lat[0]:.2f} | {lat[-1]:.2f} |")
    return "\n".join(out)
