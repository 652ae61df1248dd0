"""Many reports in one site: adding a report folder is all it takes, and changes no published URL.

The second report is a small hand-written fixture (tests/fixtures/archive/2023), copied into a
copy of the project: data/ itself only holds real reports.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import _QuietHandler, copy_project
from pagecheck import Node, parse
from gaobu_build.source.loader import read_project
from gaobu_build.plugin import build_site
from gaobu_build.site.layout import report_labels, report_of
from test_browser import TIMEOUT, open_page, search

FIXTURE = Path(__file__).parent / "fixtures" / "archive" / "2023"
_ID = re.compile(r'\bid="([^"]+)"')
_PARAGRAPH_ID = re.compile(r'<p class="gaobu-p[^"]*" id="([a-z0-9-]+)"')
_META = re.compile(r'<div data-pagefind-body(?: data-pagefind-meta="([^"]*)")?>')


def add_report(project: Path) -> None:
    shutil.copytree(FIXTURE, project / "data" / FIXTURE.name)


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[dict, Path]:
    """The pages of the one-report site, then the same project built again with a second report added."""
    project = copy_project(tmp_path_factory.mktemp("archive"))
    build_site(str(project / "mkdocs.yml"))
    before = pages(project / "site")
    add_report(project)
    build_site(str(project / "mkdocs.yml"))
    return before, project / "site"


def test_adding_a_report_folder_keeps_every_url_and_every_id(archive):
    before, site = archive
    after = pages(site)
    assert sorted(set(before) - set(after)) == []
    for path, html in before.items():
        # Pages of the 2024 report keep exactly their paragraphs; every page keeps every id it had.
        assert set(_ID.findall(html)) <= set(_ID.findall(after[path])), path
        assert _PARAGRAPH_ID.findall(html) == _PARAGRAPH_ID.findall(after[path]), path
    new = sorted(set(after) - set(before))
    assert new == sorted(prefix + page for prefix in ("", "en/")
                         for page in ("2023/index.html", "2023/review-2022/index.html", "2023/plan-2023/index.html",
                                      "2023/figures/index.html", "2023/parallel/index.html", "2023/print/index.html"))


# The home page's key figures, written out: (label, value, change, link) of each row. 2024's come
# from the indicators marked `key`, 2023's (the fixture has no indicators) from its `key_figures`.
KEY_ROWS = {
    ("2024", "zh"): [
        ("地区生产总值", "180.42亿元", "下降0.5%", "2024/review-2023/#economic-performance"),
        ("固定资产投资总额", "41.14亿元", "增长40.6%，增速全市第2", "2024/review-2023/#economic-performance"),
        ("规上工业增加值", "93.57亿元", "下降2.6%，增速全市第13", "2024/review-2023/#economic-performance"),
        ("社会消费品零售总额", "54.57亿元", "增长4.2%，增速全市第15", "2024/review-2023/#economic-performance"),
        ("高新技术企业", "167家", "增长10.6%", "2024/review-2023/#innovation"),
        ("水质达标率", "93.4%", "", "2024/review-2023/#village-environment"),
    ],
    ("2024", "en"): [
        ("GDP", "18.042 billion yuan", "down 0.5%", "2024/review-2023/#economic-performance"),
        ("Total fixed asset investment", "4.114 billion yuan", "up 40.6%, growth 2nd in the city",
         "2024/review-2023/#economic-performance"),
        ("Value added of industrial enterprises above designated size", "9.357 billion yuan",
         "down 2.6%, growth 13th in the city", "2024/review-2023/#economic-performance"),
        ("Total retail sales of consumer goods", "5.457 billion yuan", "up 4.2%, growth 15th in the city",
         "2024/review-2023/#economic-performance"),
        ("High-tech enterprises", "167 enterprises", "up 10.6%", "2024/review-2023/#innovation"),
        ("Water quality compliance rate", "93.4%", "", "2024/review-2023/#village-environment"),
    ],
    ("2023", "zh"): [("高新技术企业", "151家", "", "2023/review-2022/#archive-innovation")],
    ("2023", "en"): [("High-tech enterprises", "151 enterprises", "", "2023/review-2022/#archive-innovation")],
}


def key_figure_rows(home: str, slug: str) -> list[tuple[str, str, str, str]]:
    """The rows of the key figures table that follows the heading #key-figures-<slug>, as a reader sees them."""
    nodes = list(parse(home).walk())
    heading = next(i for i, n in enumerate(nodes) if n.attrs.get("id") == f"key-figures-{slug}")
    table = next(n for n in nodes[heading:] if n.tag == "table")
    rows = []
    for tr in (n for n in table.walk() if n.tag == "tr"):
        cells = [n for n in tr.children if isinstance(n, Node) and n.tag == "td"]
        if cells:
            link = next(n for n in cells[3].walk() if n.tag == "a")
            rows.append((cells[0].text(), cells[1].text(), cells[2].text(), link.attrs["href"]))
    return rows


def test_the_archive_home_lists_every_report_newest_first_in_both_languages(archive):
    _, site = archive
    project = read_project(site.parent)
    assert [source.slug for source in project.reports] == ["2024", "2023"]
    for prefix, lang, year_word in (("", "zh", "年份："), ("en/", "en", "Year:")):
        home = (site / prefix / "index.html").read_text(encoding="utf-8")
        positions = []
        for source in project.reports:
            report = source.report
            heading = re.search(rf'<h2 id="report-{source.slug}">.*?</h2>', home, re.S)
            assert heading and report.title.text(lang) in heading.group(0)
            positions.append(heading.start())
            section = home[heading.end():].split('<h2 id="report-', 1)[0]
            assert f"<strong>{year_word}</strong> {report.year}" in section
            assert report.meeting.text(lang) in section
            assert key_figure_rows(home, source.slug) == KEY_ROWS[(source.slug, lang)], (source.slug, lang)
        assert positions == sorted(positions)


def test_every_report_page_is_labelled_for_search_and_other_pages_are_not(archive):
    _, site = archive
    for path, html in pages(site).items():
        lang = "en" if path.startswith("en/") else "zh"
        slug = path.removeprefix("en/").split("/")[0]
        found = _META.findall(html)
        if path.endswith(("404.html", "/print/index.html", "/parallel/index.html")):
            assert found == [], path  # the print edition and the parallel view repeat their report's pages: not searched
            continue
        assert len(found) == 1, path
        (meta,) = found
        if slug in ("2023", "2024"):
            title = read_project(site.parent).reports[slug == "2023"].report.title.text(lang)
            assert meta == f"report:{title}", path
        else:
            assert meta == "", path
        assert "data-pagefind-filter" not in html, path  # a filter's index is written in a different order each run


def test_report_labels_tell_reports_with_the_same_title_apart():
    project = read_project(Path(__file__).resolve().parent.parent)
    source = project.reports[0]
    twin = type(source)(**{**source.__dict__, "slug": "2024-revised"})
    project.reports.append(twin)
    labels = report_labels(project, "en")
    title = source.report.title.en
    assert labels == {"2024": f"{title} (2024)", "2024-revised": f"{title} (2024-revised)"}
    assert report_of("2024-revised/review-2023/", labels) == labels["2024-revised"]
    assert report_of("2024/", labels) == labels["2024"]
    assert report_of("about/", labels) is None and report_of("", labels) is None


@pytest.fixture(scope="module")
def archive_url(archive):
    _, site = archive
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
@pytest.mark.parametrize("prefix, query", [("", "创新能力"), ("en/", "innovation capacity")])
def test_search_covers_the_archive_and_labels_each_result_with_its_report(page, archive, archive_url, prefix, query):
    project = read_project(archive[1].parent)
    open_page(page, archive_url, prefix + "2024/")
    links = search(page, query)
    # The paragraph in each report, under its section's heading (both reports name it #manufacturing).
    assert {f"/{prefix}2023/review-2022/#manufacturing", f"/{prefix}2024/review-2023/#manufacturing"} <= set(links), links
    results = page.locator("pagefind-modal li.pf-result")
    labels = {}
    for i in range(results.count()):
        result = results.nth(i)
        href = result.locator("a.pf-result-link").get_attribute("href")
        label = result.locator(".gaobu-result-report")
        slug = href.removeprefix("/en").split("/")[1]
        if slug in ("2023", "2024"):
            expect(label).to_be_visible(timeout=TIMEOUT)
            labels[slug] = label.inner_text()
        else:
            assert label.count() == 0, href
    lang = "en" if prefix else "zh"
    assert labels == {source.slug: source.report.title.text(lang) for source in project.reports}


def test_an_indicator_in_several_reports_is_shown_across_the_years(archive):
    """high-tech-enterprises is in the 2023 test report (151, for 2022) and the 2024 report (167, for 2023)."""
    _, site = archive
    for slug in ("2023", "2024"):
        for prefix, cells in (("", "<td>151家</td>\n<td>167家</td>"), ("en/", "<td>151 enterprises</td>\n<td>167 enterprises</td>")):
            page = (site / prefix / slug / "figures/index.html").read_text(encoding="utf-8")
            table = page.split('id="across-years"', 1)[1].split("</table>", 1)[0]
            assert "<th>2022</th>\n<th>2023</th>" in table and cells in table, (prefix, slug)
            assert 'href="#high-tech-enterprises"' in table
            assert 'aria-labelledby="chart-series-title chart-series-desc"' in page
    rows = (site / "2023/data/indicators.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("report,year,id,") and rows[1].startswith("2023,2023,high-tech-enterprises,")
