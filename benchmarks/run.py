"""`make bench`: build the Gaobu site and archives of benchmark reports, measure, print the tables.

Everything is written under build/bench/ (git-ignored). Builds run in fresh processes
(benchmarks/stages.py), several times each; the run with the median whole-build wall time
is reported. A cold build starts without .cache/gaobu/; a warm one is the next build with the
cache the last one left. `--quick` (under two minutes, for use while working) makes one run of
each, a smaller archive, no PDFs, three preview edits and no browser. See benchmarks/README.md
for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import browser, corpus, preview
from .table import format_tables

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench"
CACHE = ".cache"


def copy_gaobu(dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "data", "docs"):
        src = ROOT / name
        if src.exists():
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    return dest


def load_average() -> float:
    """The 1-minute load average: the machine is shared, and every figure is shown beside it."""
    return os.getloadavg()[0]


def measure(kind: str, project: Path, site: Path, *options: str) -> dict:
    if site.exists():
        shutil.rmtree(site)
    load = load_average()
    result = subprocess.run([sys.executable, "-m", "benchmarks.stages", kind, str(project), str(site), *options],
                            cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        raise SystemExit(f"{kind} build of {project} failed:\n{result.stderr}")
    return {**json.loads(result.stdout.strip().splitlines()[-1]), "load": (load + load_average()) / 2}


def median_run(runs: int, build) -> dict:
    """The run with the median wall time, plus every run's whole wall and CPU time and load average."""
    results = sorted((build() for _ in range(runs)), key=lambda r: r["whole"]["wall"])
    return {**results[len(results) // 2], "walls": [r["whole"]["wall"] for r in results],
            "cpus": sorted(r["whole"]["cpu"] for r in results), "loads": [r["load"] for r in results]}


def measure_site(project: Path, runs: int, pdfs: bool) -> dict:
    """Cold builds (no cache), warm builds (the cache of the build before), plain MkDocs with and without search."""
    site, plain_site = project / "site", project / "plain" / "site"
    options = () if pdfs else ("--no-pdf",)

    def cold():
        shutil.rmtree(project / CACHE, ignore_errors=True)
        return measure("gaobu", project, site, *options)

    return {
        "cold": median_run(runs, cold),  # leaves the cache of its last run
        "warm": median_run(runs, lambda: measure("gaobu", project, site, *options)),
        "plain": median_run(runs, lambda: measure("plain", project, plain_site)),
        "plain_nosearch": median_run(runs, lambda: measure("plain-nosearch", project, plain_site)),
    }


def log(message: str) -> None:
    print(f"[load {load_average():.1f}] {message}", file=sys.stderr, flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--runs", type=int, help="builds per measurement, median reported (default 3; --quick: 1)")
    parser.add_argument("--reports", type=int, help="reports in the big archive (default 10; --quick: 3)")
    parser.add_argument("--edits", type=int, help="live-preview edits per site (default 5; --quick: 3)")
    parser.add_argument("--quick", action="store_true", help="under two minutes: 1 run, 3 reports, no PDFs, no browser")
    parser.add_argument("--no-pdf", action="store_true", help="build without the PDF editions")
    parser.add_argument("--no-browser", action="store_true", help="skip the page-weight measurement")
    parser.add_argument("--no-preview", action="store_true", help="skip the live-preview measurement")
    parser.add_argument("--json", type=Path, help="also write the numbers here (default build/bench/results.json)")
    parser.add_argument("--table", type=Path, metavar="JSON", help="only print the tables of an earlier run's results")
    args = parser.parse_args(argv)
    if args.table:
        print(format_tables(json.loads(args.table.read_text(encoding="utf-8"))))
        return 0
    runs = args.runs or (1 if args.quick else 3)
    reports = args.reports or (3 if args.quick else 10)
    edits = args.edits or (3 if args.quick else 5)
    pdfs = not (args.no_pdf or args.quick)
    output = args.json or OUT / ("results-quick.json" if args.quick else "results.json")

    OUT.mkdir(parents=True, exist_ok=True)
    big = f"archive ×{reports}"
    results: dict = {"quick": args.quick, "runs": runs, "pdfs": pdfs, "big": big, "sites": {},
                     "load": {"start": load_average()}, "cpus": os.cpu_count()}
    log("preparing: the Gaobu site and benchmark archives from ../shared/fixtures/reports/")
    projects = {"Gaobu 2024": copy_gaobu(OUT / "gaobu")}
    projects["archive ×1"] = corpus.make_archive(OUT / "archive-1", 1)
    projects[big] = corpus.make_archive(OUT / f"archive-{reports}", reports)

    for name, project in projects.items():
        log(f"building {name} ({runs}× cold, {runs}× warm, {runs}× plain, {runs}× plain without search)")
        chars = corpus.chinese_chars(project)
        results["sites"][name] = {**measure_site(project, runs, pdfs), "reports": len(chars), "chars": chars, "runs": runs}
    one, many = results["sites"]["archive ×1"]["cold"], results["sites"][big]["cold"]
    results["scaling"] = {k: many["whole"][k] / one["whole"][k] for k in ("wall", "cpu")}
    results["scaling"]["wall_min"] = min(many["walls"]) / min(one["walls"])
    results["scaling"]["plain"] = results["sites"][big]["plain"]["whole"]["cpu"] / results["sites"]["archive ×1"]["plain"]["whole"]["cpu"]
    results["scaling"]["reports"] = reports
    results["index"] = {name: browser.index_bytes(project / "site") for name, project in projects.items()}

    if not (args.no_browser or args.quick):
        log("measuring page weight in headless Chromium")
        results["weight"] = {}
        for name in ("Gaobu 2024", big):
            for prefix, query in (("", "创新"), ("en/", "innovation")):
                page = prefix + "2024/review-2023/"
                w = browser.page_weight(projects[name] / "site", page, query)
                results["weight"][f"{name} {prefix or 'zh/'}"] = {**w, "page": page, "query": query}

    if not args.no_preview:
        results["preview"] = {}
        for name in ("Gaobu 2024", big):
            log(f"measuring live preview under mkdocs serve: {name}")
            project = OUT / "preview"
            if project.exists():
                shutil.rmtree(project)
            shutil.copytree(projects[name], project, ignore=shutil.ignore_patterns("site", "plain", CACHE))
            report_file, page, anchor = preview.edit_target(project)
            load = load_average()
            try:
                latencies, rebuilds = preview.edit_latencies(project, report_file, page, anchor, edits)
            except RuntimeError as exc:  # the other numbers are still worth printing
                log(f"live preview of {name} not measured: {exc}")
                continue
            results["preview"][name] = {"page": page, "latencies": latencies, "rebuilds": rebuilds,
                                        "load": (load + load_average()) / 2}

    results["load"]["end"] = load_average()
    output.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    print(format_tables(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
