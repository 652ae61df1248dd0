"""Links that never break, in a real Chromium, with the site under a sub-path.

The site is built with site_url http://127.0.0.1:PORT/gaobu/ and served only
there (like a GitHub Pages project site). A crawler of our own, driven by
Playwright, follows every link of every page of both languages and checks
each target (status 200, inside the sub-path) and each #anchor (an element
with that id on the target page). Redirects are followed in the browser.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

import shutil

from conftest import SubPathServer, build_under_sub_path, copy_project
from test_browser import search
from test_links import REGISTRY, declare, edit, rename_section

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


def _moved(project):
    """`manufacturing` renamed to `industry`, and a published page `plans-2024` merged into review-2023."""
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
    ("", "复制第 1.5 段的链接", "innovation", "链接已复制："),
    ("en/", "Copy the link to paragraph 1.5", "innovation", "Link copied: "),
    ("", "复制本节的链接（§ 1.1）", "manufacturing", "链接已复制："),
    ("en/", "Copy the link to this section (§ 1.3)", "wellbeing", "Link copied: "),
])
def test_permalinks_copy_the_published_address(clipboard_page, sub_path_site, prefix, name, anchor, toast):
    page = clipboard_page
    # Read at another address of the same page: the copy must still be the published one (site_url).
    page.goto(sub_path_site + prefix + "2024/review-2023/index.html")
    link = page.get_by_role("link", name=name, exact=True)
    _activate_from_keyboard(page, link)
    published = sub_path_site + prefix + "2024/review-2023/#" + anchor
    expect(page.locator(".gaobu-toast")).to_have_text(toast + published)
    assert page.evaluate("() => navigator.clipboard.readText()") == published
    expect(page).to_have_url(sub_path_site + prefix + "2024/review-2023/index.html#" + anchor)


def test_without_site_url_permalinks_copy_the_address_being_read(clipboard_page, site_url):
    page = clipboard_page
    page.goto(site_url + "2024/")
    page.get_by_role("link", name="复制第 0.2 段的链接", exact=True).click()
    expect(page.locator(".gaobu-toast")).to_have_text("链接已复制：" + site_url + "2024/#opening")
    assert page.evaluate("() => navigator.clipboard.readText()") == site_url + "2024/#opening"
