"""`make bench`: build the Gaobu site and archives of benchmark reports, measure, print the tables.

Everything is written under build/bench/ (git-ignored). Builds run in fresh processes
(benchmarks/stages.py), several times each; the run with the median whole-build wall time
is reported. See benchmarks/README.md for what each figure means.
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


def copy_gaobu(dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "data", "docs"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    return dest


def measure(kind: str, project: Path, site: Path) -> dict:
    if site.exists():
        shutil.rmtree(site)
    result = subprocess.run([sys.executable, "-m", "benchmarks.stages", kind, str(project), str(site)],
                            cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        raise SystemExit(f"{kind} build of {project} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def median_run(kind: str, project: Path, site: Path, runs: int) -> dict:
    """The run with the median wall time, plus every run's whole wall and CPU time (the machine is shared)."""
    results = sorted((measure(kind, project, site) for _ in range(runs)), key=lambda r: r["whole"]["wall"])
    return {**results[len(results) // 2], "walls": [r["whole"]["wall"] for r in results],
            "cpus": sorted(r["whole"]["cpu"] for r in results)}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="builds per measurement (median reported)")
    parser.add_argument("--reports", type=int, default=10, help="reports in the big archive")
    parser.add_argument("--no-browser", action="store_true", help="skip the page-weight measurement")
    parser.add_argument("--no-preview", action="store_true", help="skip the live-preview measurement")
    parser.add_argument("--json", type=Path, default=OUT / "results.json", help="also write the numbers here")
    parser.add_argument("--table", type=Path, metavar="JSON", help="only print the tables of an earlier run's results")
    args = parser.parse_args(argv)
    if args.table:
        print(format_tables(json.loads(args.table.read_text(encoding="utf-8"))))
        return 0

    OUT.mkdir(parents=True, exist_ok=True)
    log("preparing: the Gaobu site and benchmark archives from ../shared/fixtures/reports/")
    projects = {"Gaobu 2024": copy_gaobu(OUT / "gaobu")}
    projects["archive ×1"] = corpus.make_archive(OUT / "archive-1", 1)
    projects[f"archive ×{args.reports}"] = corpus.make_archive(OUT / f"archive-{args.reports}", args.reports)

    results: dict = {"sites": {}}
    for name, project in projects.items():
        log(f"building {name} ({args.runs}× ours, {args.runs}× plain, {args.runs}× plain without search)")
        site = project / "site"
        chars = corpus.chinese_chars(project)
        results["sites"][name] = {
            "build": median_run("gaobu", project, site, args.runs),
            "plain": median_run("plain", project, project / "plain" / "site", args.runs),
            "plain_nosearch": median_run("plain-nosearch", project, project / "plain" / "site", args.runs),
            "reports": len(chars), "chars": chars, "runs": args.runs,
        }
    one, many = results["sites"]["archive ×1"], results["sites"][f"archive ×{args.reports}"]
    results["scaling"] = {k: many["build"]["whole"][k] / one["build"]["whole"][k] for k in ("wall", "cpu")}
    results["scaling"]["wall_min"] = min(many["build"]["walls"]) / min(one["build"]["walls"])
    results["scaling"]["plain"] = many["plain"]["whole"]["cpu"] / one["plain"]["whole"]["cpu"]
    results["index"] = {name: browser.index_bytes(project / "site") for name, project in projects.items()}

    if not args.no_browser:
        log("measuring page weight in headless Chromium")
        first_part = {"Gaobu 2024": "2024/review-2023/", f"archive ×{args.reports}": "2024/review-2023/"}
        results["weight"] = {}
        for name, page in first_part.items():
            for prefix, query in (("", "创新"), ("en/", "innovation")):
                w = browser.page_weight(projects[name] / "site", prefix + page, query)
                results["weight"][f"{name} {prefix or 'zh/'}"] = {**w, "page": prefix + page, "query": query}

    if not args.no_preview:
        results["preview"] = {}
        for name, source in (("Gaobu 2024", projects["Gaobu 2024"]), (f"archive ×{args.reports}", projects[f"archive ×{args.reports}"])):
            log(f"measuring live preview under mkdocs serve: {name}")
            project = OUT / "preview"
            if project.exists():
                shutil.rmtree(project)
            shutil.copytree(source, project, ignore=shutil.ignore_patterns("site", "plain"))
            report_file, page, anchor = preview.edit_target(project)
            try:
                latencies = preview.edit_latencies(project, report_file, page, anchor)
            except RuntimeError as exc:  # the other numbers are still worth printing
                log(f"live preview of {name} not measured: {exc}")
                continue
            results["preview"][name] = {"page": page, "latencies": latencies}

    args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    print(format_tables(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
