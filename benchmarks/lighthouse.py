"""`make bench-lighthouse`: Lighthouse on one page of each kind, in both languages, our site beside plain Material.

Builds the Gaobu site (a copy of the repository's data/ and docs/, without PDFs) and a plain Material
build of the very same Markdown (benchmarks/stages.py `plain`: the same theme settings, Markdown
extensions and nav, without our plugin and theme), under build/bench/lighthouse/; serves both from
one local server on 127.0.0.1 (one port each, the same code), which compresses text with gzip as
GitHub Pages does; and runs Lighthouse (npm `lighthouse`, pinned in benchmarks/package.json) with
Debian's Chromium on each page: mobile, default (simulated) throttling. Each page is measured
`--runs` times and the run with the median performance score is shown. Lighthouse's scores depend
on the CPU's load (its simulated phone is 4× slower than the observed CPU): the 1-minute load
average is read before and after each page and shown beside it. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from statistics import median
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench" / "lighthouse"
LIGHTHOUSE = Path(__file__).resolve().parent / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run"]
# One page of each kind. The site has no page of notes (a part's notes are at its foot). A static host
# serves 404.html for every missing address, with status 404, which Lighthouse refuses to measure: the
# same page is measured at its own address.
KINDS = [("home", ""), ("report cover", "2024/"), ("part page", "2024/review-2023/"), ("figures", "2024/figures/"),
         ("glossary", "glossary/"), ("parallel view", "2024/parallel/"), ("print edition", "2024/print/"),
         ("about", "about/"), ("404", "404.html")]
LANGS = [("zh", ""), ("en", "en/")]
SITES = ("ours", "plain")
PERFORMANCE_TARGET, CLS_TARGET = 95, 0.05
# What GitHub Pages compresses; Pagefind's index files are gzip already and go as they are.
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map", ".mjs"}


_GZIPPED: dict[tuple[str, int], bytes] = {}  # (path, mtime) -> its gzip


def compressed(path: Path) -> bytes:
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _GZIPPED:
        _GZIPPED[key] = gzip.compress(path.read_bytes(), 6, mtime=0)
    return _GZIPPED[key]


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static host like GitHub Pages: gzip for text, index.html for folders, 404.html (status 404) for the rest."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self._answer(body=True)

    def do_HEAD(self):
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        root = Path(self.directory)
        path = unquote(urlsplit(self.path).path)
        target = root / path.lstrip("/")
        if target.is_dir() and not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if target.is_dir():
            target = target / "index.html"
        status = 200
        if not target.is_file() or root.resolve() not in target.resolve().parents:
            status, target = 404, root / "404.html"
        encoded = target.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        data = compressed(target) if encoded else target.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(target)))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if body:
            self.wfile.write(data)


@contextmanager
def served(sites: dict[str, Path]):
    """Each site on a port of its own on 127.0.0.1, all by the same server code: {name: base URL}.

    Every file is compressed before the first request, so that no site's first visit pays for it: Lighthouse
    takes the server's response time it sees into its simulation.
    """
    for site in sites.values():
        for path in Path(site).rglob("*"):
            if path.suffix in COMPRESSED and path.is_file():
                compressed(path)
    servers = {name: http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
               for name, site in sites.items()}
    for server in servers.values():
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield {name: f"http://127.0.0.1:{server.server_address[1]}/" for name, server in servers.items()}
    finally:
        for server in servers.values():
            server.shutdown()
            server.server_close()


def load_average() -> float:
    return os.getloadavg()[0]


def build(project: Path) -> tuple[Path, Path]:
    """Our site (without PDFs: a page never loads them) and plain Material's, from a fresh copy of the project."""
    from .run import copy_gaobu

    copy_gaobu(project)
    ours, plain = project / "site", project / "plain" / "site"
    for kind, site, options in (("gaobu", ours, ["--no-pdf"]), ("plain", plain, [])):
        result = subprocess.run([sys.executable, "-m", "benchmarks.stages", kind, str(project), str(site), *options],
                                cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        if result.returncode != 0:
            raise SystemExit(f"the {kind} build of {project} failed:\n{result.stderr}")
    return ours, plain


def run_lighthouse(url: str, output: Path) -> dict:
    """One Lighthouse run (mobile, simulated throttling: its defaults), its report saved as JSON."""
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
               "--only-categories=performance,accessibility", f"--chrome-flags={' '.join(CHROME_FLAGS)}"]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    if result.returncode != 0 or not output.is_file():
        raise RuntimeError(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return figures(json.loads(output.read_text(encoding="utf-8")))


def figures(report: dict) -> dict:
    """What the table shows of one Lighthouse report."""
    audits = report["audits"]
    accessibility = report["categories"]["accessibility"]["auditRefs"]
    failed = sorted(ref["id"] for ref in accessibility
                    if audits[ref["id"]].get("score") == 0 and audits[ref["id"]].get("scoreDisplayMode") == "binary")
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"] / 1000,
        "bytes": audits["total-byte-weight"]["numericValue"],
        "requests": len(audits["network-requests"]["details"]["items"]),
        "render_blocking": [item["url"].split("/", 3)[-1] for item in
                            audits["render-blocking-resources"].get("details", {}).get("items", [])],
        "accessibility_failed": failed,
    }


def measure(bases: dict[str, str], kinds, langs, runs: int, out: Path) -> list[dict]:
    """Each page `runs` times on each site, the sites taking turns (which goes first alternates), so that
    neither is measured always just after Chromium starts or while the other work on the machine changes."""
    rows = []
    for kind, path in kinds:
        for lang, prefix in langs:
            row = {"kind": kind, "lang": lang, "page": prefix + path}
            loads = [load_average()]
            done: dict[str, list] = {site: [] for site in SITES}
            for n in range(runs):
                for site in (SITES if (len(rows) + n) % 2 == 0 else SITES[::-1]):
                    report = out / "reports" / f"{site}-{lang}-{kind.replace(' ', '-')}-{n + 1}.json"
                    report.parent.mkdir(parents=True, exist_ok=True)
                    done[site].append(run_lighthouse(bases[site] + prefix + path, report))
            for site in SITES:
                ranked = sorted(done[site], key=lambda f: f["performance"])
                row[site] = {**ranked[len(ranked) // 2], "scores": [f["performance"] for f in done[site]]}
            loads.append(load_average())
            row["load"] = sum(loads) / len(loads)
            print(f"[load {row['load']:.1f}] {kind} ({lang}): ours {row['ours']['performance']}, "
                  f"plain {row['plain']['performance']}", file=sys.stderr, flush=True)
            rows.append(row)
    return rows


def verdict(row: dict) -> tuple[bool, str]:
    """Whether a page meets the targets: performance ≥ 95, CLS < 0.05, first paint no later than plain Material's."""
    ours, plain = row["ours"], row["plain"]
    missed = []
    if ours["performance"] < PERFORMANCE_TARGET:
        missed.append(f"performance {ours['performance']} < {PERFORMANCE_TARGET}")
    if ours["cls"] >= CLS_TARGET:
        missed.append(f"CLS {ours['cls']:.3f} ≥ {CLS_TARGET}")
    if round(ours["fcp"], 1) > round(plain["fcp"], 1):
        missed.append(f"FCP {ours['fcp']:.1f} s > plain {plain['fcp']:.1f} s")
    return not missed, "; ".join(missed)


def format_table(result: dict) -> str:
    def kb(n: float) -> str:
        return f"{n / 1024:,.0f} KB"

    def scores(f: dict) -> str:
        return f"**{f['performance']}**" + (f" ({min(f['scores'])}–{max(f['scores'])})" if len(f["scores"]) > 1 else "")

    out = [f"Lighthouse {result['lighthouse']}, mobile, default throttling; Chromium {result['chromium']}; "
           f"{result['runs']} run(s) per page, the median shown; load average (1 min) {result['load']['start']:.1f} "
           f"at the start, {result['load']['end']:.1f} at the end, {result['cpus']} CPUs.",
           "",
           "| page | | ours: performance | FCP | LCP | CLS | TBT | bytes up front | plain Material: performance | FCP "
           "| LCP | CLS | TBT | bytes up front | load | targets |",
           "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for row in result["rows"]:
        cells = []
        for site in SITES:
            f = row[site]
            cells += [scores(f), f"{f['fcp']:.1f} s", f"{f['lcp']:.1f} s", f"{f['cls']:.3f}", f"{f['tbt'] * 1000:.0f} ms",
                      kb(f["bytes"])]
        met, why = verdict(row)
        out.append(f"| {row['kind']} | `/{row['page']}` | " + " | ".join(cells)
                   + f" | {row['load']:.1f} | {'met' if met else 'missed: ' + why} |")
    failed = {(row["kind"], row["lang"]): row["ours"]["accessibility_failed"] for row in result["rows"]}
    found = sorted({audit for audits in failed.values() for audit in audits})
    out += ["", "Accessibility audits our pages fail (Lighthouse's axe): "
            + ("none." if not found else "; ".join(
                f"`{audit}` on " + ", ".join(f"{kind} ({lang})" for (kind, lang), audits in failed.items() if audit in audits)
                for audit in found) + ".")]
    return "\n".join(out)


def _version(command: list[str]) -> str:
    """The first word with a digit of what `PROGRAM --version` prints: "Chromium 156.0.8078.114 built on…" -> 156.0.8078.114."""
    try:
        printed = subprocess.run(command, capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return "?"
    return next((word for word in printed.split() if any(c.isdigit() for c in word)), "?")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lighthouse", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and site, the median shown (default 3)")
    parser.add_argument("--kind", action="append", choices=[k for k, _ in KINDS], help="only this kind of page (repeatable)")
    parser.add_argument("--lang", action="append", choices=[lang for lang, _ in LANGS], help="only this language (repeatable)")
    parser.add_argument("--ours", type=Path, help="measure this build of our site instead of building one (e.g. of an older commit)")
    parser.add_argument("--plain", type=Path, help="measure this plain Material build instead of building one")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where builds, reports and the table go (default {OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        print(f"error: {LIGHTHOUSE} is missing: run `make bench-lighthouse` (npm ci in benchmarks/)", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).is_file():
        print(f"error: {CHROMIUM} is missing: install Debian's chromium (make system-packages)", file=sys.stderr)
        return 2
    out = args.out.resolve()
    if (out / "reports").exists():
        shutil.rmtree(out / "reports")
    result = {"runs": args.runs, "load": {"start": load_average()}, "cpus": os.cpu_count(),
              "lighthouse": _version([str(LIGHTHOUSE), "--version"]), "chromium": _version([CHROMIUM, "--version"])}
    ours, plain = args.ours, args.plain
    if ours is None or plain is None:
        print(f"[load {load_average():.1f}] building our site and plain Material's", file=sys.stderr, flush=True)
        built = build(out / "project")
        ours, plain = ours or built[0], plain or built[1]
    kinds = [k for k in KINDS if not args.kind or k[0] in args.kind]
    langs = [lang for lang in LANGS if not args.lang or lang[0] in args.lang]
    with served({"ours": ours.resolve(), "plain": plain.resolve()}) as bases:
        result["rows"] = measure(bases, kinds, langs, args.runs, out)
    result["load"]["end"] = load_average()
    (out / "results.json").write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    table = format_table(result)
    (out / "table.md").write_text(table + "\n", encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
