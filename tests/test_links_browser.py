"""Links that never break, in a real Chromium, with the site under a sub-path.

The site is built with site_url http://127.0.0.1:PORT/gaobu/ and served only
there (like a GitHub Pages project site). A crawler of our own, driven by
Playwright, follows every link of every page of both languages and checks
each target (status 200, inside the sub-path) and each #anchor (an element
with that id on the target page). Redirects are followed in the browser.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import subprocess
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

import shutil

from conftest import SubPathServer, build_under_sub_path, copy_project
from test_browser import search
from test_links import REGISTRY, declare, edit, rename_section
from qrdecode import decode, decode_svgs

pytestmark = pytest.mark.browser

REFERENCES = """() => [...document.querySelectorAll('a[href], link[href], script[src], img[src], iframe[src], source[src]')]
    .map(e => [e.tagName.toLowerCase(), e.getAttribute('rel') || '', e.href || e.src])"""
DATA_LINK = re.compile(r'https?://[^\s",]+')
IDS = "() => [...document.querySelectorAll('[id], a[name]')].map(e => e.id || e.getAttribute('name'))"


def crawl(page, base: str, seeds: list[str]) -> dict:
    """Every page reachable from `seeds`; what is broken, and how much was checked."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    ids: dict[str, set] = {}
    status: dict[str, int] = {}
    queue, links, broken, external = list(seeds), [], [], set()
    while queue:
        url = queue.pop(0)
        if url in ids:
            continue
        response = page.goto(url)
        ids[url] = set(page.evaluate(IDS))
        if response is None or response.status != 200:
            broken.append(f"{url}: HTTP {response and response.status}")
            continue
        assert page.url.split("#")[0] == url, f"{url} redirected to {page.url}"
        refs = [(url, ref) for _, _, ref in page.evaluate(REFERENCES)]
        while refs:
            source, ref = refs.pop(0)
            links.append((source, ref))
            target = ref.split("#")[0]
            if not target.startswith(origin + "/"):
                external.add(ref)
                continue
            if not target.startswith(base):
                broken.append(f"{source}: {ref} is outside the sub-path {base}")
                continue
            if target not in status:
                answer = page.request.get(target)
                status[target] = answer.status
                if answer.status != 200:
                    broken.append(f"{source}: {ref}: HTTP {answer.status}")
                elif "text/html" in answer.headers.get("content-type", ""):
                    queue.append(target)
                elif target.endswith((".csv", ".json")):  # the downloads link each figure to its paragraph
                    refs += [(target, found) for found in DATA_LINK.findall(answer.text())]
    broken_anchors = []
    for source, ref in links:
        target, _, anchor = ref.partition("#")
        if anchor and target in ids and unquote(anchor) not in ids[target]:
            broken_anchors.append(f"{source}: {ref}")
        elif anchor and target.startswith(base) and target not in ids:
            broken_anchors.append(f"{source}: {ref} (page never loaded)")
    return {"pages": sorted(ids), "links": len(links), "link_list": links, "anchored": sum("#" in r and r.split("#")[1] != "" for _, r in links),
            "targets": len(status), "broken": broken, "broken_anchors": broken_anchors, "external": sorted(external)}


@pytest.fixture(scope="module")
def sub_path_project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("subpath"))
    server = build_under_sub_path(project)
    yield project, server.base
    server.close()


@pytest.fixture(scope="module")
def sub_path_site(sub_path_project):
    return sub_path_project[1]


# The first sentence of ¶ 1.5 with characters that look like markup, placeholders and replacement patterns:
# a citation must copy them as the text they are.
MARKUP_ZH = "三是<b>创新</b>能力$&逐步提升{url}。"
MARKUP_EN = "Third, <img src=x onerror=alert(document.cookie)> innovation $' capacity {title} steadily improved."


def _moved(project):
    """`manufacturing` renamed to `industry`, and a published page `plans-2024` merged into review-2023."""
    edit(project, "data/2024/report.yaml", "zh: 三是创新能力逐步提升。", f"zh: {MARKUP_ZH}")  # a plain scalar still
    edit(project, "data/2024/report.yaml", "            en: 'Third, innovation capacity steadily improved.",
         "            en: '" + MARKUP_EN.replace("'", "''"))
    rename_section(project)
    edit(project, REGISTRY, "        review-2023:\n",
         "        plans-2024:\n          - plans-2024\n          - plan-priorities\n        review-2023:\n", count=2)
    declare(project, "      manufacturing: industry\n      plans-2024: review-2023\n      plan-priorities: wellbeing\n")


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory):
    server = build_under_sub_path(copy_project(tmp_path_factory.mktemp("moved-subpath")), _moved)
    yield server.base
    server.close()


def _seeds(base: str) -> list[str]:
    return [base + prefix + path for prefix in ("", "en/") for path in ("", "404.html")]


@pytest.mark.parametrize("which", ["sub_path_site", "moved_site"])
def test_crawl_both_languages_under_a_sub_path_finds_nothing_broken(page, request, which):
    base = request.getfixturevalue(which)
    result = crawl(page, base, _seeds(base))
    print(f"\n{which}: {len(result['pages'])} pages, {result['links']} links ({result['anchored']} with #anchors), "
          f"{result['targets']} distinct targets, {len(result['broken'])} broken, "
          f"{len(result['broken_anchors'])} broken anchors, external: {result['external']}")
    assert result["broken"] == []
    assert result["broken_anchors"] == []
    expected = {base + prefix + path for prefix in ("", "en/")
                for path in ("", "404.html", "2024/", "2024/review-2023/", "2024/figures/", "2024/parallel/", "2024/print/", "glossary/", "about/")}
    assert expected <= set(result["pages"]), sorted(expected - set(result["pages"]))
    assert result["anchored"] > 50
    from_data = {ref for source, ref in result["link_list"] if source.endswith((".csv", ".json"))}
    assert base + "en/2024/review-2023/#economic-performance" in from_data and base + "2024/review-2023/#innovation" in from_data
    # The sitemap names the same pages, each reachable.
    sitemap = page.request.get(base + "sitemap.xml")
    assert sitemap.status == 200
    listed = set(re.findall(r"<loc>(.*?)</loc>", sitemap.text()))
    assert listed == expected - {base + "404.html", base + "en/404.html"}


def test_the_crawler_finds_broken_links_anchors_and_links_out_of_the_sub_path(page, sub_path_project, tmp_path):
    """Guards the crawl above: the same site with three planted faults."""
    site = tmp_path / "site"
    shutil.copytree(sub_path_project[0] / "site", site)
    about = site / "en" / "about" / "index.html"
    text = about.read_text(encoding="utf-8")
    planted = '<a href="/en/2024/">rooted</a><a href="../nowhere/">missing</a><a href="../2024/review-2023/#nowhere">anchor</a>'
    about.write_text(text.replace("</article>", planted + "</article>", 1), encoding="utf-8")
    server = SubPathServer(site)
    try:
        result = crawl(page, server.base, [server.base + "en/about/"])
    finally:
        server.close()
    origin = server.base.removesuffix("/gaobu/")
    source = server.base + "en/about/"
    assert result["broken"] == [f"{source}: {origin}/en/2024/ is outside the sub-path {server.base}",
                                f"{source}: {server.base}en/nowhere/: HTTP 404"]
    assert result["broken_anchors"] == [f"{source}: {server.base}en/2024/review-2023/#nowhere"]


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_search_works_under_the_sub_path(page, sub_path_site, prefix):
    page.goto(sub_path_site + prefix + "2024/")
    links = search(page, "investment" if prefix else "技术")
    sub = urlsplit(sub_path_site).path
    assert sub + prefix + "2024/review-2023/#manufacturing" in links, links
    assert all(link.startswith(sub + prefix) and (prefix or not link.startswith(sub + "en/")) for link in links), links
    for link in links:
        assert page.request.get(urlsplit(sub_path_site)._replace(path=link.split("#")[0]).geturl()).status == 200


@pytest.mark.parametrize("prefix, html_lang", [("", "zh-Hans"), ("en/", "en")])
@pytest.mark.parametrize("old, new", [
    ("2024/review-2023/#manufacturing", "2024/review-2023/#industry"),  # anchor-level: renamed section
    ("2024/plans-2024/", "2024/review-2023/"),  # page-level
    ("2024/plans-2024/#plan-priorities", "2024/review-2023/#wellbeing"),  # page-level, carrying its anchor
])
def test_old_links_land_where_the_redirects_say(page, moved_site, prefix, html_lang, old, new):
    response = page.goto(moved_site + prefix + old)
    assert response is not None and response.ok
    expect(page).to_have_url(moved_site + prefix + new)
    expect(page.locator("html")).to_have_attribute("lang", html_lang)
    if "#" in new:
        expect(page.locator("#" + new.split("#")[1])).to_be_in_viewport()


def test_an_old_anchor_followed_within_the_page_moves_too(page, moved_site):
    page.goto(moved_site + "en/2024/review-2023/")
    page.evaluate("() => { location.hash = 'manufacturing'; }")
    expect(page).to_have_url(moved_site + "en/2024/review-2023/#industry")
    expect(page.locator("#industry")).to_be_in_viewport()


def test_a_page_level_redirect_works_without_javascript(browser, moved_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(moved_site + "en/2024/plans-2024/")
        expect(page).to_have_url(moved_site + "en/2024/review-2023/")
    finally:
        context.close()


# --- the permalink controls ----------------------------------------------------------------

@pytest.fixture
def clipboard_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()


def _activate_from_keyboard(page, link) -> None:
    expect(link).to_be_visible()
    assert link.evaluate("a => a.tabIndex === 0 && getComputedStyle(a).opacity === '1'")
    link.focus()
    page.keyboard.press("Enter")


@pytest.mark.parametrize("prefix, name, anchor, toast", [
    ("", "1.5：分享本段", "innovation", "链接已复制："),
    ("en/", "1.5: share this paragraph", "innovation", "Link copied: "),
    ("", "§ 1.1：分享本节", "manufacturing", "链接已复制："),
    ("en/", "§ 1.3: share this section", "wellbeing", "Link copied: "),
])
def test_permalinks_copy_the_published_address(clipboard_page, sub_path_site, prefix, name, anchor, toast):
    page = clipboard_page
    # Read at another address of the same page: the copy must still be the published one (site_url).
    page.goto(sub_path_site + prefix + "2024/review-2023/index.html")
    link = page.get_by_role("link", name=name, exact=True)
    _activate_from_keyboard(page, link)  # goes to the #anchor, and opens the number's menu
    copy_link = page.get_by_role("button", name="Copy link" if prefix else "复制链接", exact=True)
    expect(copy_link).to_be_focused()
    page.keyboard.press("Enter")
    published = sub_path_site + prefix + "2024/review-2023/#" + anchor
    expect(page.locator(".gaobu-toast")).to_have_text(toast + published)
    assert page.evaluate("() => navigator.clipboard.readText()") == published
    expect(page).to_have_url(sub_path_site + prefix + "2024/review-2023/index.html#" + anchor)
    expect(link).to_be_focused()  # the menu closed, and the reader is back at the number


def test_without_site_url_permalinks_copy_the_address_being_read(clipboard_page, site_url):
    page = clipboard_page
    page.goto(site_url + "2024/")
    page.get_by_role("link", name="0.2：分享本段", exact=True).click()
    page.get_by_role("button", name="复制链接", exact=True).click()
    expect(page.locator(".gaobu-toast")).to_have_text("链接已复制：" + site_url + "2024/#opening")
    assert page.evaluate("() => navigator.clipboard.readText()") == site_url + "2024/#opening"
    # Without site_url there are no QR codes to show: the menu does not offer one.
    page.get_by_role("link", name="0.2：分享本段", exact=True).click()
    expect(page.locator("#gaobu-share-menu button")).to_have_text(["复制链接", "复制引文及链接"])


# --- sharing: each number's menu, its citation and its QR code; the codes on the site and in the PDFs ---

def published(project) -> list[dict]:
    """What `gaobu links --format csv` prints for the project (whose site_url is the sub-path server's)."""
    from gaobu_build.cli import main as gaobu

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert gaobu(["-f", str(project / "mkdocs.yml"), "links", "--format", "csv"]) == 0
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_the_site_has_the_qr_code_of_every_address_gaobu_links_prints(page, sub_path_project, tmp_path):
    project, base = sub_path_project
    rows = published(project)
    assert rows and all(row["url"].startswith(base) for row in rows)
    folder = project / "site" / "qr"
    expected = {folder / row["lang"] / row["report"] / f"{row['id'] if row['kind'] != 'report' else 'index'}.svg": row["url"]
                for row in rows}
    assert sorted(folder.rglob("*.*")) == sorted(expected)
    decoded = decode_svgs(page, sorted(expected), tmp_path)
    assert {svg: codes for svg, codes in decoded.items()} == {svg: [url] for svg, url in expected.items()}
    assert max(svg.stat().st_size for svg in expected) < 4096  # small files, loaded one at a time


LAYOUT = """() => [...document.querySelectorAll('.md-main *')].map(e => {
    const r = e.getBoundingClientRect();
    return [r.left + scrollX, r.top + scrollY, r.width, r.height].map(Math.round).join(',');
})"""
WATCH_SHIFTS = """() => { window.gaobuShift = 0; new PerformanceObserver(list => {
    for (const entry of list.getEntries()) window.gaobuShift += entry.value; }).observe({type: 'layout-shift'}); }"""


def test_a_numbers_menu_overlays_the_page_and_returns_to_its_number(clipboard_page, sub_path_site):
    page = clipboard_page
    page.goto(sub_path_site + "2024/review-2023/#innovation")
    link = page.get_by_role("link", name="1.5：分享本段", exact=True)
    expect(link).to_have_attribute("aria-expanded", "false")
    before = page.evaluate(LAYOUT)
    page.evaluate(WATCH_SHIFTS)
    _activate_from_keyboard(page, link)
    menu = page.get_by_role("group", name="1.5：分享本段", exact=True)
    expect(menu).to_be_visible()
    expect(link).to_have_attribute("aria-expanded", "true")
    items = menu.get_by_role("button")
    expect(items).to_have_text(["复制链接", "复制引文及链接", "二维码"])
    expect(items.nth(0)).to_be_focused()
    for key, focused in (("ArrowDown", 1), ("ArrowDown", 2), ("ArrowDown", 0), ("ArrowUp", 2), ("Home", 0), ("End", 2)):
        page.keyboard.press(key)
        expect(items.nth(focused)).to_be_focused()
    # Laid over the page, under its number: nothing else moved.
    box, at = menu.bounding_box(), link.bounding_box()
    assert box["y"] >= at["y"] + at["height"] and box["x"] <= at["x"] + at["width"]
    assert page.evaluate(LAYOUT) == before
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(link).to_be_focused()
    expect(link).to_have_attribute("aria-expanded", "false")
    # Tab goes through the items and on to what follows the number; Shift+Tab from the first goes back to it.
    page.keyboard.press("Enter")
    expect(items.nth(0)).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(menu).to_be_hidden()
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(items.nth(0)).to_be_focused()
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(menu).to_be_hidden()
    expect(page.locator("#innovation .gaobu-pair-link")).to_be_focused()
    # A click elsewhere closes it too; the page never shifted.
    link.click()
    expect(menu).to_be_visible()
    page.mouse.click(5, 450)
    expect(menu).to_be_hidden()
    assert page.evaluate("window.gaobuShift") == 0
    assert page.evaluate(LAYOUT) == before


ZH_TITLE, EN_TITLE = "2024年高埗镇政府工作报告", "Report on the Work of the Government of Gaobu Town (2024)"


@pytest.mark.parametrize("prefix, path, name, citation", [
    ("", "2024/review-2023/", "1.5：分享本段",
     f"“三是创新能力逐步提升。”\n——《{ZH_TITLE}》¶ 1.5\nBASE2024/review-2023/#innovation"),
    ("en/", "2024/review-2023/", "1.5: share this paragraph",
     f"“Third, innovation capacity steadily improved.”\n— {EN_TITLE}, ¶ 1.5\nBASEen/2024/review-2023/#innovation"),
    ("", "2024/review-2023/", "§ 1.1：分享本节",
     f"“稳经济、促转型，制造业根基不断筑牢”\n——《{ZH_TITLE}》§ 1.1\nBASE2024/review-2023/#manufacturing"),
    ("en/", "2024/review-2023/", "§ 1: share this part",
     f"“Review of the Work in 2023”\n— {EN_TITLE}, § 1\nBASEen/2024/review-2023/"),
    # Read elsewhere, cited at its own page: side by side (the English of a Chinese-numbered pair), in print.
    ("en/", "2024/parallel/", "1.5: share this paragraph",
     f"“Third, innovation capacity steadily improved.”\n— {EN_TITLE}, ¶ 1.5\nBASEen/2024/review-2023/#innovation"),
    ("", "2024/parallel/", "§ 1：分享本部分",
     f"“2023年工作回顾”\n——《{ZH_TITLE}》§ 1\nBASE2024/review-2023/"),
    ("", "2024/print/", "0.2：分享本段",
     f"“现在，我代表镇人民政府，向大会报告政府工作，请各位代表予以审议，并请列席人员提出意见。”\n——《{ZH_TITLE}》¶ 0.2\nBASE2024/#opening"),
    ("en/", "2024/print/", "1.1: share this paragraph",
     f"“The year 2023 was the first year of fully implementing the guiding principles of the Party's XXX, and a year "
     f"of economic recovery and development after COVID-19 prevention and control moved into a new phase following "
     f"three years of the epidemic.”\n— {EN_TITLE}, ¶ 1.1\nBASEen/2024/review-2023/#review-overview"),
])
def test_copy_with_citation_gives_the_first_sentence_the_report_the_number_and_the_address(
        clipboard_page, sub_path_site, prefix, path, name, citation):
    page = clipboard_page
    page.goto(sub_path_site + prefix + path)
    page.get_by_role("link", name=name, exact=True).click()
    page.get_by_role("button", name="Copy with citation" if prefix else "复制引文及链接", exact=True).click()
    expected = citation.replace("BASE", sub_path_site)
    assert page.evaluate("() => navigator.clipboard.readText()") == expected
    words = "Citation copied: " if prefix else "引文已复制："
    assert page.evaluate("() => document.querySelector('.gaobu-toast').textContent") == words + expected


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_markup_in_the_text_is_copied_as_text(clipboard_page, moved_site, prefix):
    page = clipboard_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(moved_site + prefix + "2024/review-2023/")
    page.get_by_role("link", name="1.5: share this paragraph" if prefix else "1.5：分享本段", exact=True).click()
    page.get_by_role("button", name="Copy with citation" if prefix else "复制引文及链接", exact=True).click()
    url = moved_site + prefix + "2024/review-2023/#innovation"
    expected = (f"“{MARKUP_EN}”\n— {EN_TITLE}, ¶ 1.5\n{url}" if prefix else f"“{MARKUP_ZH}”\n——《{ZH_TITLE}》¶ 1.5\n{url}")
    assert page.evaluate("() => navigator.clipboard.readText()") == expected
    assert page.locator("#innovation img, #innovation b, .gaobu-toast *").count() == 0
    assert page.evaluate("() => document.querySelector('.gaobu-toast').textContent").endswith(expected)
    assert dialogs == []


@pytest.mark.parametrize("prefix, name, anchor, address", [
    ("", "1.5：分享本段", "innovation", "2024/review-2023/#innovation"),
    ("en/", "§ 1: share this part", "review-2023", "en/2024/review-2023/"),
    ("en/", "0.2: share this paragraph", "opening", "en/2024/#opening"),  # read in the print edition
])
def test_the_qr_code_is_loaded_only_when_asked_for_and_decodes_to_the_address(
        browser, sub_path_site, tmp_path, prefix, name, anchor, address):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=2)
    try:
        page = context.new_page()
        codes = []
        page.on("request", lambda request: "/qr/" in request.url and codes.append(request.url))
        in_print = anchor == "opening"
        page.goto(sub_path_site + prefix + ("2024/print/" if in_print else "2024/review-2023/"))
        page.wait_for_load_state("networkidle")
        lang = "en" if prefix else "zh"
        # A part's page loads no code; the print edition, the code it prints for each part.
        assert codes == ([f"{sub_path_site}qr/{lang}/2024/review-2023.svg"] if in_print else [])
        loaded = len(codes)
        page.evaluate(WATCH_SHIFTS)
        page.get_by_role("link", name=name, exact=True).click()
        show = page.get_by_role("button", name="QR code" if prefix else "二维码", exact=True)
        expect(show).to_have_attribute("aria-expanded", "false")
        assert len(codes) == loaded  # the menu alone loads no image
        show.click()
        expect(show).to_have_attribute("aria-expanded", "true")
        image = page.locator("#gaobu-share-qr img")
        expect(image).to_have_attribute("alt", "QR code: scan it with a phone to open the address below" if prefix
                                        else "二维码：用手机扫描，打开下方网址")
        page.wait_for_function("document.querySelector('#gaobu-share-qr img').naturalWidth > 0")
        assert codes[loaded:] == [f"{sub_path_site}qr/{lang}/2024/{anchor}.svg"]
        expect(page.locator(".gaobu-share-address")).to_have_text(sub_path_site + address)
        shot = tmp_path / "menu-code.png"
        image.screenshot(path=str(shot))
        assert decode(shot) == [sub_path_site + address]
        assert page.evaluate("window.gaobuShift") == 0
        # The open menu passes axe-core too (serious and critical findings, as in test_browser.py).
        from axe_playwright_python.sync_playwright import Axe

        violations = Axe().run(page, context={"include": [["#gaobu-share-menu"]]}).response["violations"]
        assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []
    finally:
        context.close()


@pytest.mark.parametrize("edition, languages", [("zh", ["zh"]), ("en", ["en"]), ("zh-en", ["zh", "en"])])
def test_each_pdf_edition_carries_the_qr_code_and_address_of_each_part(sub_path_project, tmp_path, edition, languages):
    project, base = sub_path_project
    pdf = project / "site" / "2024" / "pdf" / f"gaobu-2024-{edition}.pdf"
    assert pdf.is_file(), "the build made no PDF (is Chromium installed?)"
    pdftoppm = _poppler("pdftoppm")
    subprocess.run([pdftoppm, "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=300)
    found = [url for image in sorted(tmp_path.glob("page-*.png")) for url in decode(image)]
    parts = [row for row in published(project) if row["kind"] == "part"]
    assert sorted(found) == sorted(row["url"] for row in parts if row["lang"] in languages)
    text = subprocess.run([_poppler("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for row in parts:  # its address printed beneath, as text
        assert (row["url"] in re.sub(r"\s+", "", text)) == (row["lang"] in languages), row["url"]


def _poppler(name: str) -> str:
    from test_editions import _pdf_tool

    return _pdf_tool(name)
