"""Figures as data: indicators checked against the text, formatted per language, charted, downloadable."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from conftest import REQUIRE_BROWSER, ROOT, copy_project, edit_file
from fontTools.ttLib import TTFont
from pagecheck import Node, parse, to_html

from gaobu_build.render.charts import FONT, FONT_FAMILY, growth_chart, ranking_chart
from gaobu_build.cli import main as gaobu
from gaobu_build.render.downloads import downloads
from gaobu_build.source.indicators import Indicator, format_change, format_rank, format_value
from gaobu_build.source.loader import read_project
from gaobu_build.render.markdown import paragraph_pages
from gaobu_build.site.layout import generated_pages

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def landed():
    source = read_project(ROOT).reports[0]
    return source, source.indicators.model.indicators


def indicator(**fields) -> Indicator:
    return Indicator.model_validate({"id": "x", "name": {"zh": "指标", "en": "Indicator"}, "period": 2023,
                                     "group": "economy", "paragraph": "p", **fields})


# -- formatting: one stored value, each language's way ----------------------------------------

@pytest.mark.parametrize("fields, zh, en", [
    ({"value": 18042000000, "unit": "yuan"}, "180.42亿元", "18.042 billion yuan"),
    ({"value": 970000000, "unit": "yuan"}, "9.7亿元", "970 million yuan"),
    ({"value": 20000000, "unit": "yuan", "qualifier": "over"}, "2000多万元", "over 20 million yuan"),
    ({"value": 21000, "unit": {"zh": "平方米", "en": "square meters"}}, "2.1万平方米", "21,000 square meters"),
    ({"value": 430000, "unit": {"zh": "人次", "en": "person-times"}, "qualifier": "nearly"}, "近43万人次", "nearly 430,000 person-times"),
    ({"value": 7139, "unit": {"zh": "人次", "en": "person-times"}, "qualifier": "over"}, "超7139人次", "over 7,139 person-times"),
    ({"value": 93.4, "unit": "percent"}, "93.4%", "93.4%"),
    ({"value": 167, "unit": {"zh": "家", "en": "enterprises"}}, "167家", "167 enterprises"),
])
def test_values_are_formatted_per_language_from_one_number(fields, zh, en):
    ind = indicator(**fields)
    assert (format_value(ind, "zh"), format_value(ind, "en")) == (zh, en)


def test_changes_and_ranks():
    ind = indicator(change={"value": -0.5, "kind": "percent"}, rank={"position": 2, "scope": {"zh": "全市", "en": "in the city"}})
    assert (format_change(ind, "zh"), format_change(ind, "en")) == ("下降0.5%", "down 0.5%")
    assert (format_rank(ind, "zh"), format_rank(ind, "en")) == ("增速全市第2", "growth 2nd in the city")
    points = indicator(change={"value": 0.8, "kind": "points"})
    assert (format_change(points, "zh"), format_change(points, "en")) == ("提高0.8个百分点", "up 0.8 percentage points")
    assert [format_rank(indicator(rank={"position": n, "scope": {"zh": "全市", "en": "in the city"}, "of": "level"}), "en")
            for n in (1, 3, 11, 12, 13, 21, 22)] == [f"{o} in the city" for o in ("1st", "3rd", "11th", "12th", "13th", "21st", "22nd")]


# -- the check: each indicator in its paragraph, each figure an indicator -------------------------

def check(project, capsys):
    code = gaobu(["-f", str(project / "mkdocs.yml"), "check"])
    out = capsys.readouterr().out
    return code, [line for line in out.splitlines() if line.startswith("data/") and ": note: " not in line]


def test_every_figure_of_the_landed_text_is_an_indicator(landed, capsys):
    source, indicators = landed
    assert len(indicators) == 50
    code, lines = check(ROOT, capsys)
    assert (code, lines) == (0, [])


def test_a_wrong_indicator_value_names_both_texts(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    edit_file(project, "data/2024/indicators.yaml", "value: 18042000000", "value: 18142000000")
    code, lines = check(project, capsys)
    assert code == 1
    assert lines == [
        "data/2024/indicators.yaml:9:12: error: Indicator 'gdp': its value “181.42亿元” / “18.142 billion yuan” is not "
        "stated in the Chinese text of paragraph 'economic-performance' [indicator-not-in-text]",
        "data/2024/indicators.yaml:9:12: error: Indicator 'gdp': its value “181.42亿元” / “18.142 billion yuan” is not "
        "stated in the English text of paragraph 'economic-performance' [indicator-not-in-text]",
        "data/2024/report.yaml:45:17: warning: Paragraph 'economic-performance' states 180.42亿, which no indicator records "
        "[figure-not-indicator]",
    ]


def test_a_figure_without_indicator_and_a_stale_exception_are_warnings(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    edit_file(project, "data/2024/indicators.yaml", "    figure: '1310'\n", "    figure: '1311'\n")
    code, lines = check(project, capsys)
    assert code == 0
    assert lines == [  # by file, then line
        "data/2024/indicators.yaml:381:13: warning: '1311' is listed as not a figure of paragraph 'review-overview', "
        "which does not state it [stale-not-figure]",
        "data/2024/report.yaml:33:13: warning: Paragraph 'review-overview' states 1310, which no indicator records [figure-not-indicator]",
    ]


def test_indicator_ids_are_unique_and_not_the_pages_own(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    edit_file(project, "data/2024/indicators.yaml", "  - id: gdp-decline-narrowed\n", "  - id: gdp\n")
    edit_file(project, "data/2024/indicators.yaml", "  - id: retail-sales\n", "  - id: downloads\n")
    code, lines = check(project, capsys)
    assert code == 1
    assert [line for line in lines if ": error: " in line] == [
        "data/2024/indicators.yaml:16:9: error: Duplicate indicator id 'gdp' (first used by indicator 1) [duplicate-id]",
        "data/2024/indicators.yaml:54:9: error: The id 'downloads' is reserved for the figures page's own use [reserved-id]",
        "data/links.yaml:36:13: error: Published link /2024/figures/#gdp-decline-narrowed (also "
        "/en/2024/figures/#gdp-decline-narrowed) is lost: no indicator 'gdp-decline-narrowed' in "
        "data/2024/indicators.yaml [lost-link]",
        "data/links.yaml:41:13: error: Published link /2024/figures/#retail-sales (also /en/2024/figures/#retail-sales) "
        "is lost: no indicator 'retail-sales' in data/2024/indicators.yaml [lost-link]",
    ]


# -- pages, downloads and charts carry the same numbers ----------------------------------------

# Written out, not computed: a fault in the formatting must show here. One indicator of each kind:
# yuan in 亿 / billion and 亿 / million, a count, a percentage, 多 / over, 超 / over, 近 / nearly, a measure
# without its English unit, a change in points, a fall, a rank.
# id: {lang: (name, value, change, rank, period)} as the figures page shows them.
FIGURE_ROWS = {
    "gdp": {"zh": ("地区生产总值", "180.42亿元", "下降0.5%", "", "2023"),
            "en": ("GDP", "18.042 billion yuan", "down 0.5%", "", "2023")},
    "gdp-decline-narrowed": {"zh": ("地区生产总值降幅比前三季度收窄", "", "提高0.8个百分点", "", "2023"),
                             "en": ("Narrowing of the GDP decline compared with the first three quarters", "",
                                    "up 0.8 percentage points", "", "2023")},
    "fixed-asset-investment": {"zh": ("固定资产投资总额", "41.14亿元", "增长40.6%", "增速全市第2", "2023"),
                               "en": ("Total fixed asset investment", "4.114 billion yuan", "up 40.6%",
                                      "growth 2nd in the city", "2023")},
    "industrial-investment": {"zh": ("工业投资", "", "", "增速全市第1", "2023"),
                              "en": ("Industrial investment", "", "", "growth 1st in the city", "2023")},
    "major-projects-investment": {"zh": ("市重大项目完成投资", "9.7亿元", "增长20.7%", "", "2023"),
                                  "en": ("Investment in projects on the municipal list of major projects",
                                         "970 million yuan", "up 20.7%", "", "2023")},
    "high-tech-enterprises": {"zh": ("高新技术企业", "167家", "增长10.6%", "", "2023"),
                              "en": ("High-tech enterprises", "167 enterprises", "up 10.6%", "", "2023")},
    "water-quality-compliance": {"zh": ("水质达标率", "93.4%", "", "", "2023"),
                                 "en": ("Water quality compliance rate", "93.4%", "", "", "2023")},
    "green-space-improved": {"zh": ("绿地整治", "2.1万平方米", "", "", "2023"),
                             "en": ("Green space improved", "21,000 square meters", "", "", "2023")},
    "land-consolidated": {"zh": ("完成土地整备", "400多亩", "", "", "2023"),
                          "en": ("Land consolidation completed", "over 400 mu", "", "", "2023")},
    "lucun-income-increase": {"zh": ("芦村村升级改造老旧厂房增收", "330多万元", "", "", "2023"),
                              "en": ("Lucun Village's income increase from upgrading old factory buildings",
                                     "over 3.3 million yuan", "", "", "2023")},
    "double-hundred-services": {"zh": ("双百工程服务群众", "超7139人次", "", "", "2023"),
                                "en": ("Services provided by the Double Hundred Project", "over 7,139 times", "", "", "2023")},
    "cultural-events-participation": {"zh": ("文化活动参与人数", "近43万人次", "", "", "2023"),
                                      "en": ("Total attendance at cultural events", "nearly 430,000", "", "", "2023")},
    "zero-dividend-groups": {"zh": ("零分红村组", "3个", "", "", "2023"),
                             "en": ("Villages and villager groups paying zero dividends", "3", "", "", "2023")},
    "collective-debt-ratio": {"zh": ("村组两级负债率", "", "下降3.1%", "", "2023"),
                              "en": ("Debt ratio of villages and villager groups", "", "down 3.1%", "", "2023")},
    "critical-care-beds": {"zh": ("重症病床", "", "增长100%", "", "2023"),
                           "en": ("Critical care beds", "", "up 100%", "", "2023")},
}
# The growth chart's labels, bottom bar first, and the ranking chart's, in both languages.
GROWTH_LABELS = ["+100%", "-3.1%", "+11.7%", "+7.1%", "+41.3%", "+28%", "+20.8%", "+34.4%", "+10.6%", "+20.7%",
                 "+4.2%", "-2.6%", "+40.6%", "-0.5%"]
RANK_LABELS = {"zh": ["第15", "第13", "第1", "第1", "第2"], "en": ["15th", "13th", "1st", "1st", "2nd"]}


def figure_table_rows(markdown_text: str) -> dict[str, tuple[str, ...]]:
    """Each indicator's row of a figures page, as the reader sees it: id -> the cells' text (less the link)."""
    rows = {}
    for tr in (n for n in parse(to_html(markdown_text)).walk() if n.tag == "tr"):
        cells = [n for n in tr.children if isinstance(n, Node) and n.tag == "td"]
        anchor = next((n.attrs["id"] for n in cells[0].walk() if n.tag == "span" and "id" in n.attrs), None) if cells else None
        if anchor:
            rows[anchor] = tuple(cell.text() for cell in cells[:-1])
    return rows


def test_values_round_trip_to_table_csv_json_and_chart(landed):
    source, indicators = landed
    files = downloads(source.slug, source.report, indicators, paragraph_pages(source.report), "https://example.org/gaobu/")
    pages = {lang: {p.path: p.markdown for p in generated_pages(read_project(ROOT), lang)} for lang in ("zh", "en")}
    raw = files["indicators.csv"]
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    data = json.loads(files["indicators.json"])
    jsonschema.validate(data, json.loads(files["indicators.schema.json"]))
    assert [r["id"] for r in rows] == [i["id"] for i in data["indicators"]] == [i.id for i in indicators]
    tables = {lang: figure_table_rows(pages[lang]["2024/figures.md"]) for lang in ("zh", "en")}
    assert list(tables["zh"]) == list(tables["en"]) == [i.id for i in indicators]
    for ident, expected in FIGURE_ROWS.items():
        for lang in ("zh", "en"):
            assert tables[lang][ident] == expected[lang], (ident, lang)
    for ind, row, item in zip(indicators, rows, data["indicators"]):
        if ind.value is not None:
            assert Decimal(row["value"]) == ind.value == Decimal(str(item["value"]))
        if ind.change is not None:
            assert Decimal(row["change"]) == ind.change.value == Decimal(str(item["change"]))
        if ind.rank is not None:
            assert int(row["rank"]) == ind.rank.position
        for lang in ("zh", "en"):
            # The download says what the page says: value, change and rank, joined as in the text.
            _, value, change, rank, _ = tables[lang][ind.id]
            assert item[f"text_{lang}"] == ("，" if lang == "zh" else ", ").join(x for x in (value, change, rank) if x)
    gdp = next(item for item in data["indicators"] if item["id"] == "gdp")
    assert (gdp["text_zh"], gdp["text_en"]) == ("180.42亿元，下降0.5%", "18.042 billion yuan, down 0.5%")
    for lang in ("zh", "en"):
        growth = [t.text for t in ET.fromstring(growth_chart(indicators, lang, "g", "t").svg).iter(f"{SVG}text")]
        ranking = [t.text for t in ET.fromstring(ranking_chart(indicators, lang, "r", "t").svg).iter(f"{SVG}text")]
        assert growth[-len(GROWTH_LABELS):] == GROWTH_LABELS, lang
        assert ranking[-len(RANK_LABELS[lang]):] == RANK_LABELS[lang], lang
    assert rows[0]["name_zh"] == "地区生产总值" and rows[0]["paragraph_url_en"] == "https://example.org/gaobu/en/2024/review-2023/#economic-performance"
    report = json.loads(files["report.json"])
    assert report["report"] == "2024" and report["parts"][0]["id"] == "review-2023"


@pytest.mark.parametrize("lang, label", [("zh", "高新技术企业"), ("en", "High-tech enterprises")])
def test_charts_are_valid_svg_with_their_labels_as_text(landed, lang, label):
    _, indicators = landed
    for chart in (growth_chart(indicators, lang, "c1", "标题"), ranking_chart(indicators, lang, "c2", "标题")):
        root = ET.fromstring(chart.svg)
        assert root.tag == f"{SVG}svg" and root.get("role") == "img"
        assert root.find(f"{SVG}title").text == "标题" and root.find(f"{SVG}desc").text
        texts = [t.text for t in root.iter(f"{SVG}text")]
        assert texts and all("font-family: inherit" in t.get("style") for t in root.iter(f"{SVG}text"))
        assert all(e.get("id").startswith(chart.id + "-") for e in root.iter() if e.get("id"))
    texts = [t.text for t in ET.fromstring(growth_chart(indicators, lang, "c", "t").svg).iter(f"{SVG}text")]
    assert label in texts


def test_chart_text_from_the_data_stays_text():
    hostile = indicator(name={"zh": "<script>alert(1)</script> $x^2$", "en": "a & b"}, change={"value": 5, "kind": "percent"})
    svg = growth_chart([hostile], "zh", "c", "<b>t</b>").svg
    root = ET.fromstring(svg)
    assert "<script>alert(1)</script> $x^2$" in [t.text for t in root.iter(f"{SVG}text")]
    assert root.find(f"{SVG}title").text == "<b>t</b>"
    assert "<script>" not in svg


def test_paragraphs_and_figures_link_both_ways(built_site):
    for prefix in ("", "en/"):
        figures = (built_site / prefix / "2024/figures/index.html").read_text(encoding="utf-8")
        part = (built_site / prefix / "2024/review-2023/index.html").read_text(encoding="utf-8")
        assert '<span id="gdp"></span>' in figures
        assert 'href="../review-2023/#economic-performance"' in figures
        assert 'href="../figures/#gdp"' in part
        assert "<svg role=\"img\"" in figures
        assert figures.count('download>') == 4
    for name in ("indicators.csv", "indicators.json", "indicators.schema.json", "report.json"):
        assert (built_site / "2024/data" / name).is_file()


def test_key_figures_beside_indicators_are_reported_as_ignored(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    edit_file(project, "data/2024/report.yaml", "preamble:\n", "key_figures:\n  - label: {zh: 地区生产总值, en: GDP}\n"
         "    value: {zh: 180.42亿元, en: 18.042 billion yuan}\n    paragraph: economic-performance\npreamble:\n")
    code, lines = check(project, capsys)
    assert code == 0
    assert [line for line in lines if "[unconfirmed]" not in line] == ["data/2024/report.yaml:18:1: warning: `key_figures` is not shown: with indicators, the key figures "
                     "are the indicators marked `key: true` [key-figures-ignored]"]


# -- charts: the same bytes whatever fonts the machine has -------------------------------------

def _font_cache(directory: Path, hide_system_fonts: bool) -> set[str]:
    """Make matplotlib's font cache in `directory`, as its first run on a machine would; the fonts it lists."""
    env = {**os.environ, "MPLCONFIGDIR": str(directory)}
    env.pop("MPL_IGNORE_SYSTEM_FONTS", None)
    if hide_system_fonts:  # as on a machine where fonts-noto-cjk came after matplotlib's first run
        env["MPL_IGNORE_SYSTEM_FONTS"] = "1"
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env, check=True)
    (cache,) = directory.glob("fontlist-*.json")
    return {entry["name"] for entry in json.loads(cache.read_text(encoding="utf-8"))["ttflist"]}


def _render(directory: Path, out: Path) -> dict[str, bytes]:
    """Every generated page, rendered in a fresh process whose matplotlib uses the cache and matplotlibrc in `directory`."""
    env = {**os.environ, "MPLCONFIGDIR": str(directory)}
    env.pop("MPL_IGNORE_SYSTEM_FONTS", None)
    subprocess.run([sys.executable, "-m", "gaobu_build.cli", "render", "--out", str(out), "--lang", "both"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    return {str(path.relative_to(out)): path.read_bytes() for path in sorted(out.rglob("*.md"))}


@pytest.fixture(scope="module")
def rendered_with_cjk(tmp_path_factory):
    """The pages, rendered where matplotlib's font cache lists the machine's CJK font (fonts-noto-cjk)."""
    directory = tmp_path_factory.mktemp("cache-with-cjk")
    if "Noto Sans CJK SC" not in _font_cache(directory, hide_system_fonts=False):
        message = "fonts-noto-cjk is not installed (make test installs it): no CJK font on this machine to hide"
        if REQUIRE_BROWSER:
            pytest.fail(message)
        pytest.skip(message)
    return _render(directory, tmp_path_factory.mktemp("out-with-cjk"))


def _differing(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    assert first.keys() == second.keys()
    assert b"<svg" in first["zh/2024/figures.md"] and b"<svg" in first["en/2024/figures.md"]
    return [name for name in first if first[name] != second[name]]


def test_charts_are_the_same_bytes_whatever_fonts_matplotlib_found(tmp_path, rendered_with_cjk):
    without_cjk = _font_cache(tmp_path / "cache", hide_system_fonts=True)
    assert not any("CJK" in name for name in without_cjk), sorted(without_cjk)
    assert _differing(_render(tmp_path / "cache", tmp_path / "out"), rendered_with_cjk) == []


def test_charts_are_the_same_bytes_whatever_a_matplotlibrc_says(tmp_path, rendered_with_cjk):
    (tmp_path / "config").mkdir()
    (tmp_path / "config/matplotlibrc").write_text("font.family: serif\nfont.size: 14\nsvg.fonttype: path\n"
                                                  "axes.spines.left: False\n", encoding="utf-8")
    assert _differing(_render(tmp_path / "config", tmp_path / "out"), rendered_with_cjk) == []


def test_the_chart_font_has_every_character_the_charts_draw(landed):
    """Else a character is measured as a box (the same on every machine, but not its true width)."""
    _, indicators = landed
    drawn = set()
    for lang in ("zh", "en"):
        for chart in (growth_chart(indicators, lang, "c1", "t"), ranking_chart(indicators, lang, "c2", "t")):
            drawn |= {char for t in ET.fromstring(chart.svg).iter(f"{SVG}text") for char in t.text or ""}
    cmap = TTFont(FONT)["cmap"].getBestCmap()
    assert {"高", "第", "H", "%", "+"} <= drawn  # Chinese and Latin, letters and signs
    assert sorted(char for char in drawn if ord(char) not in cmap) == []
    assert TTFont(FONT)["name"].getDebugName(1) == FONT_FAMILY
