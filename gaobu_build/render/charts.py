"""Charts of the indicators as inline SVG, made at build time with matplotlib.

Text stays text (`svg.fonttype: none`): labels are drawn by the reader's own
fonts, can be selected and found with the browser's search, and Chinese needs
no embedded font. The SVG carries a title and a description for screen
readers; the table beside it is the accessible alternative. Output is made
deterministic (fixed hash salt, no date, matplotlib's own defaults whatever a
machine's matplotlibrc says, text measured with the font that ships in
`fonts/`) and every id is prefixed, so that two charts on one page never share
an id.
"""

from __future__ import annotations

import functools
import html
import io
import json
import logging
import re
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

from ..memo import DiskCache, code_digest, digest
from ..source.indicators import Indicator, ordinal

# Only for measuring text while laying out; the page's own fonts draw it (`font-family: inherit`).
# Where labels go, and so the SVG's bytes, follow from the measured widths: the
# font ships with the package (a subset of Noto Sans CJK SC: every character of
# GB 2312, Latin-1 and punctuation; see fonts/make_chart_font.py) and is
# registered by its path, never looked up among the machine's fonts, whose
# list matplotlib caches once, whenever it first runs.
FONT = Path(__file__).parent / "fonts" / "GaobuChartSans-Regular.otf"
FONT_FAMILY = "Gaobu Chart Sans"
RED, GREY = "#c62828", "#757575"


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    svg: str  # inline SVG markup, safe to place in a page


def _register_font() -> None:
    """Make FONT, by its path, the one font of FONT_FAMILY, in matplotlib's font list as it is now.

    Checked for each chart: matplotlib replaces its font list when it finds its cache stale.
    The family name is the project's own; should a copy of the font be installed on the
    machine too, only the file beside this module answers to it.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    if [entry.fname for entry in manager.ttflist if entry.name == FONT_FAMILY] != [str(FONT)]:
        manager.ttflist = [entry for entry in manager.ttflist if entry.name != FONT_FAMILY]
        manager.addfont(FONT)


def _settings():
    """matplotlib's defaults plus the charts' own, whatever a machine's matplotlibrc says.

    Only its Figure API is used, without pyplot: no backend to choose, and no
    global list of open figures to close (a figure is freed with its last reference).
    """
    import matplotlib

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    _register_font()
    matplotlib.rcdefaults()  # a machine's matplotlibrc changes nothing
    matplotlib.rcParams.update({
        "svg.fonttype": "none", "svg.hashsalt": "gaobu", "font.family": [FONT_FAMILY],
        "font.size": 10, "text.parse_math": False,  # an editor's "$" is a dollar sign, not TeX
        "axes.spines.top": False, "axes.spines.right": False,
    })


def _figure(rows: int):
    from matplotlib.figure import Figure

    _settings()
    fig = Figure(figsize=(7.2, 0.42 * rows + 0.9))
    return fig, fig.subplots()


def _svg(fig, chart_id: str, title: str, description: str) -> str:
    out = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a character beyond the font's is measured as a box: the reader's fonts draw it
        fig.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    svg = out.getvalue()
    svg = svg[svg.index("<svg"):]
    # Prefix ids and their references, so that charts on one page stay distinct.
    svg = re.sub(r'id="([^"]+)"', rf'id="{chart_id}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{chart_id}-\1)", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', rf'xlink:href="#{chart_id}-\1"', svg)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"font-family: [^;\"]+", "font-family: inherit", svg)
    svg = svg.replace("<svg", f'<svg role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="gaobu-chart-svg"', 1)
    labels = f'<title id="{chart_id}-title">{html.escape(title)}</title><desc id="{chart_id}-desc">{html.escape(description)}</desc>'
    svg = re.sub(r"(<svg[^>]*>)", lambda m: m.group(1) + labels, svg, count=1)
    # Markdown ends a raw HTML block at a blank line.
    return "\n".join(line for line in svg.splitlines() if line.strip())


def growth_chart(indicators, lang: str, chart_id: str, title: str, cache: DiskCache | None = None) -> Chart | None:
    indicators = tuple(indicators)
    return _kept(cache, ("growth", [i.model_dump_json() for i in indicators], lang, chart_id, title),
                 lambda: _growth_chart(indicators, lang, chart_id, title))


def ranking_chart(indicators, lang: str, chart_id: str, title: str, cache: DiskCache | None = None) -> Chart | None:
    indicators = tuple(indicators)
    return _kept(cache, ("ranking", [i.model_dump_json() for i in indicators], lang, chart_id, title),
                 lambda: _ranking_chart(indicators, lang, chart_id, title))


def series_chart(series, lang: str, chart_id: str, title: str, formatter, cache: DiskCache | None = None) -> Chart | None:
    series = tuple((ind, tuple(points)) for ind, points in series)
    data = [(ind.model_dump_json(), [(period, point.model_dump_json()) for period, point in points]) for ind, points in series]
    return _kept(cache, ("series", data, lang, chart_id, title, f"{formatter.__module__}.{formatter.__qualname__}"),
                 lambda: _series_chart(series, lang, chart_id, title, formatter))


def _kept(cache: DiskCache | None, data: tuple, draw) -> Chart | None:
    """A chart from the disk cache (`.cache/gaobu/charts/`), drawn only when its data, the code that
    draws it, the font or matplotlib changed: a build with nothing new never imports matplotlib."""
    if cache is None:
        return draw()
    key = digest(json.dumps(data, ensure_ascii=False), _drawing_code())
    return cache.get(key, draw, lambda chart: json.dumps(chart and asdict(chart), ensure_ascii=False).encode("utf-8"),
                     lambda raw: (lambda d: Chart(**d) if d is not None else None)(json.loads(raw)))


@functools.lru_cache(maxsize=1)
def _drawing_code() -> str:
    # The chart code, the indicators' model and formatting (labels), the font that measures the
    # text, and matplotlib (with numpy, which computes the layout).
    return digest(code_digest(__name__, "gaobu_build.source", "matplotlib", "numpy"), FONT.read_bytes())


# Drawing a chart costs a tenth of a second; under `mkdocs serve` every edit
# rebuilds the site, and the indicators (frozen, hence hashable) rarely change.
@functools.lru_cache(maxsize=64)
def _growth_chart(indicators: tuple[Indicator, ...], lang: str, chart_id: str, title: str) -> Chart | None:
    """Horizontal bars: each indicator's change in percent, falls in grey."""
    rows = [i for i in indicators if i.change is not None and i.change.kind == "percent"]
    if not rows:
        return None
    rows = list(reversed(rows))  # matplotlib draws the first bar at the bottom
    fig, ax = _figure(len(rows))
    values = [float(i.change.value) for i in rows]
    labels = [i.name.text(lang) or i.name.zh for i in rows]
    bars = ax.barh(range(len(rows)), values, color=[RED if v >= 0 else GREY for v in values])
    ax.set_yticks(range(len(rows)), labels)
    ax.axvline(0, color="#424242", linewidth=0.8)
    ax.bar_label(bars, labels=[f"{v:+g}%" for v in values], padding=3, fontsize=9)
    ax.set_xlabel("增速（%）" if lang == "zh" else "Change (%)")
    ax.margins(x=0.15)
    description = ("；".join(f"{label}{v:+g}%" for label, v in zip(reversed(labels), reversed(values))) if lang == "zh"
                   else "; ".join(f"{label}: {v:+g}%" for label, v in zip(reversed(labels), reversed(values))))
    return Chart(chart_id, title, description, _svg(fig, chart_id, title, description))


@functools.lru_cache(maxsize=64)
def _ranking_chart(indicators: tuple[Indicator, ...], lang: str, chart_id: str, title: str) -> Chart | None:
    """Bars as long as the rank is good: first place is the longest bar."""
    rows = [i for i in indicators if i.rank is not None]
    if not rows:
        return None
    rows = list(reversed(rows))
    worst = max(i.rank.position for i in rows)
    fig, ax = _figure(len(rows))
    labels = [i.name.text(lang) or i.name.zh for i in rows]
    lengths = [worst + 1 - i.rank.position for i in rows]
    bars = ax.barh(range(len(rows)), lengths, color=RED)
    ax.set_yticks(range(len(rows)), labels)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    names = [f"第{i.rank.position}" if lang == "zh" else ordinal(i.rank.position) for i in rows]
    ax.bar_label(bars, labels=names, padding=3, fontsize=9)
    ax.margins(x=0.15)
    scopes = [i.rank.scope.zh if lang == "zh" else i.rank.scope.en for i in rows]
    description = ("；".join(f"{label}：{scope}{name}" for label, scope, name in zip(reversed(labels), reversed(scopes), reversed(names)))
                   if lang == "zh" else
                   "; ".join(f"{label}: {name} {scope}" for label, scope, name in zip(reversed(labels), reversed(scopes), reversed(names))))
    return Chart(chart_id, title, description, _svg(fig, chart_id, title, description))


@functools.lru_cache(maxsize=64)
def _series_chart(series: tuple, lang: str, chart_id: str, title: str, formatter) -> Chart | None:
    """One small panel per indicator that several reports state: its value in each period."""
    rows = [(ind, [(period, i) for period, i in points if i.value is not None]) for ind, points in series]
    rows = [(ind, points) for ind, points in rows if len(points) >= 2]
    if not rows:
        return None
    from matplotlib.figure import Figure

    _settings()
    height = sum(0.42 * len(points) + 0.7 for _, points in rows)
    fig = Figure(figsize=(7.2, height))
    axes = fig.subplots(len(rows), 1, squeeze=False, gridspec_kw={"height_ratios": [len(points) for _, points in rows]})
    lines = []
    for ax, (ind, points) in zip(axes[:, 0], rows):
        name = ind.name.text(lang) or ind.name.zh
        values = [float(i.value) for _, i in points]
        bars = ax.barh(range(len(points)), values, color=RED)
        ax.set_yticks(range(len(points)), [period for period, _ in points])
        ax.set_xticks([])
        ax.spines["bottom"].set_visible(False)
        ax.set_title(name, loc="left", fontsize=10)
        shown = [formatter(i, lang) for _, i in points]
        ax.bar_label(bars, labels=shown, padding=3, fontsize=9)
        ax.margins(x=0.25)
        ax.invert_yaxis()  # earliest period first
        lines.append(("；" if lang == "zh" else "; ").join(f"{p} {v}" for (p, _), v in zip(points, shown)))
    fig.tight_layout()
    description = ("。" if lang == "zh" else ". ").join(
        f"{ind.name.text(lang) or ind.name.zh}{'：' if lang == 'zh' else ': '}{line}" for (ind, _), line in zip(rows, lines))
    return Chart(chart_id, title, description, _svg(fig, chart_id, title, description))
