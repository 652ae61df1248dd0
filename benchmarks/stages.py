"""One measured build, run in a fresh process so that its peak memory is its own.

`python -m benchmarks.stages gaobu PROJECT SITE_DIR [--no-pdf]` builds PROJECT through the real
pipeline (`build_site`, as `mkdocs build` does) with timers wrapped around the plugin's steps,
using and filling PROJECT/.cache/gaobu/ as a build does (the caller decides whether it is
there: a cold build deletes it first, a warm one keeps the last build's);
`python -m benchmarks.stages plain PROJECT SITE_DIR` renders PROJECT's Markdown first (not
timed) and then times a plain `mkdocs build` of it per language: the same Material theme,
Markdown extensions and nav, without our plugin and overrides, with MkDocs' default search
plugin (`plain-nosearch`: no plugin at all). Each prints JSON.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _now() -> dict:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall": time.perf_counter(), "cpu": own.ru_utime + own.ru_stime, "child_cpu": kids.ru_utime + kids.ru_stime,
            "rss": own.ru_maxrss * 1024, "child_rss": kids.ru_maxrss * 1024}


class Recorder:
    """Wall time, CPU time (ours and our children's) and the high-water RSS mark of each step."""

    def __init__(self):
        self.steps: list[dict] = []

    def wrap(self, name: str, func, label=None):
        def timed(*args, **kwargs):
            step = label(*args, **kwargs) if label else name  # named when it starts: builds nest
            start = _now()
            try:
                return func(*args, **kwargs)
            finally:
                end = _now()
                self.steps.append({"name": step,
                                   **{k: end[k] - start[k] for k in ("wall", "cpu", "child_cpu")},
                                   "start": start["wall"], "rss": end["rss"], "child_rss": end["child_rss"]})
        return timed

    def total(self, prefix: str) -> dict:
        chosen = [s for s in self.steps if s["name"].startswith(prefix)]
        return {k: sum(s[k] for s in chosen) for k in ("wall", "cpu", "child_cpu")} | {
            "rss": max((s["rss"] for s in chosen), default=0)}


def _stage(name, wall, cpu, rss) -> dict:
    return {"stage": name, "wall": wall, "cpu": cpu, "rss": rss}


def run_gaobu(project: Path, site_dir: Path, pdfs: bool = True) -> dict:
    begin = _now()
    from gaobu_build.plugin import plugin  # our import cost is part of the build
    from gaobu_build.site import pdf, search

    if not pdfs:  # as on a machine without Chromium (pdf: auto)
        pdf.available = lambda: False

    imported = _now()
    rec = Recorder()
    calls = {"config": 0, "build": 0}

    def nth(kind):
        def label(*args, **kwargs):
            calls[kind] += 1
            return f"{kind} {'zh' if calls[kind] == 1 else 'en'}"
        return label

    # MkDocs' own work per language: loading its config (our load and render run inside) and the build.
    plugin.load_config = rec.wrap("config", plugin.load_config, label=nth("config"))
    plugin.build = rec.wrap("build", plugin.build, label=nth("build"))
    plugin.checked_project = rec.wrap("load", plugin.checked_project)
    plugin.generated_pages = rec.wrap("render", plugin.generated_pages, label=lambda project, lang, **_: f"render {lang}")
    search.cached_index = rec.wrap("search", search.cached_index)
    pdf.make_pdfs = rec.wrap("pdf", pdf.make_pdfs)
    plugin.build_site(str(project / "mkdocs.yml"), site_dir=str(site_dir))
    end = _now()

    t = {name: rec.total(name) for name in ("load", "search", "pdf", "render zh", "render en", "config zh", "config en", "build zh", "build en")}

    def mkdocs(lang, key):
        own = t[f"config {lang}"][key] - t[f"render {lang}"][key] + t[f"build {lang}"][key]
        if lang == "zh":  # the Chinese build holds the English one and the search step
            own -= t["load"][key] + t["config en"][key] + t["build en"][key] + t["search"][key] + t["pdf"][key]
        return own

    whole = {k: end[k] - begin[k] for k in ("wall", "cpu", "child_cpu")}
    en_start = min(s["start"] for s in rec.steps if s["name"] == "config en")
    rss_before_en = max(s["rss"] for s in rec.steps if s["start"] < en_start)
    stages = [
        _stage("import our modules", imported["wall"] - begin["wall"], imported["cpu"] - begin["cpu"], imported["rss"]),
        _stage("load and validate", t["load"]["wall"], t["load"]["cpu"], t["load"]["rss"]),
        _stage("render Markdown (zh+en)", t["render zh"]["wall"] + t["render en"]["wall"],
               t["render zh"]["cpu"] + t["render en"]["cpu"], max(t["render zh"]["rss"], t["render en"]["rss"])),
        _stage("MkDocs build zh", mkdocs("zh", "wall"), mkdocs("zh", "cpu"), rss_before_en),
        _stage("MkDocs build en", mkdocs("en", "wall"), mkdocs("en", "cpu"), t["build en"]["rss"]),
        _stage("search index (Pagefind)", t["search"]["wall"], t["search"]["cpu"] + t["search"]["child_cpu"],
               max(s["child_rss"] for s in rec.steps if s["name"] == "search")),
        # Chromium is a child process: its CPU time is counted once it has exited, with the step.
        _stage("PDF editions (Chromium)", t["pdf"]["wall"], t["pdf"]["cpu"] + t["pdf"]["child_cpu"],
               max((s["child_rss"] for s in rec.steps if s["name"] == "pdf"), default=0)),
    ]
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))
    return {"stages": stages, "whole": {"wall": whole["wall"], "cpu": whole["cpu"] + whole["child_cpu"],
                                        "rss": max(end["rss"], end["child_rss"])}, "pages": len(pages),
            "matplotlib": "matplotlib" in sys.modules}


def write_plain(project: Path, dest: Path, with_search: bool) -> list[Path]:
    """The Markdown our pipeline feeds MkDocs, as a plain MkDocs project per language.

    `with_search`: MkDocs' default plugins (its built-in search, which Material styles), as a
    plain `mkdocs build` has them; otherwise no plugin at all.
    """
    import shutil

    import yaml

    from gaobu_build.source.loader import read_project
    from gaobu_build.source.model import LANGUAGES
    from gaobu_build.site.layout import generated_pages, handwritten_pages, nav_for

    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml reads site_url from the environment (`!ENV`); the plain build needs none.
    _Loader.add_constructor("!ENV", lambda loader, node: None)
    base = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    data = read_project(project)
    configs = []
    if dest.exists():
        shutil.rmtree(dest)
    for lang in LANGUAGES:
        docs = dest / "docs" / lang
        pages = generated_pages(data, lang)
        for page in pages:
            (docs / page.path).parent.mkdir(parents=True, exist_ok=True)
            (docs / page.path).write_text(page.markdown, encoding="utf-8")
        handwritten = handwritten_pages(project / "docs", lang)
        for path, _ in handwritten:
            shutil.copy2(project / "docs" / lang / path, docs / path)
        theme = {k: v for k, v in base["theme"].items() if k != "custom_dir"}
        theme["language"] = "zh" if lang == "zh" else "en"
        config = {**base, "site_name": data.identity.name.text(lang), "docs_dir": f"docs/{lang}", "theme": theme,
                  "watch": [], "nav": nav_for(data, pages, handwritten, lang)}
        if with_search:
            del config["plugins"]
        else:
            config["plugins"] = []
        path = dest / f"mkdocs-{lang}.yml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
        configs.append(path)
    return configs


def run_plain(project: Path, site_dir: Path, with_search: bool = True) -> dict:
    configs = write_plain(project, site_dir.parent / "plain-project", with_search)
    begin = _now()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    stages = []
    for config_file in configs:
        lang = config_file.stem.split("-")[1]
        start = _now()
        out = site_dir if lang == "zh" else site_dir / "en"
        build(load_config(str(config_file), site_dir=str(out)))
        end = _now()
        stages.append(_stage(f"plain MkDocs build {lang}", end["wall"] - start["wall"], end["cpu"] - start["cpu"], end["rss"]))
    end = _now()
    return {"stages": stages, "whole": {"wall": end["wall"] - begin["wall"], "cpu": end["cpu"] - begin["cpu"], "rss": end["rss"]},
            "pages": sum(1 for _ in site_dir.rglob("*.html"))}


if __name__ == "__main__":
    kind, project, site = sys.argv[1], Path(sys.argv[2]).resolve(), Path(sys.argv[3]).resolve()
    import logging
    logging.disable(logging.WARNING)  # the builds' own messages are not the benchmark's output
    if kind == "gaobu":
        result = run_gaobu(project, site, pdfs="--no-pdf" not in sys.argv[4:])
    else:
        result = run_plain(project, site, with_search=kind == "plain")
    print(json.dumps(result))
