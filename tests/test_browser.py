"""The built site in a real Chromium: search, the language switch, hreflang
alternates, no outside requests, accessibility (axe-core), the masked words.

Fixtures (built_site, site_url, browser, page) come from conftest.py.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from conftest import fail_on_serious_axe_violations

from gaobu_build.ui import UI

pytestmark = pytest.mark.browser

TIMEOUT = 10_000  # ms: generous for a loaded CI machine, only spent when something is wrong
KINDS = ["", "2024/", "2024/review-2023/", "glossary/", "about/", "404.html"]  # home, cover, part, glossary, about, 404
ALL_PAGES = [prefix + kind for prefix in ("", "en/") for kind in KINDS]
PART = "2024/review-2023/"
SWITCH = "a[data-gaobu-lang-switch]"


def html_lang(path: str) -> str:
    return "en" if path.startswith("en/") else "zh-Hans"


def open_page(page, site_url: str, path: str) -> None:
    response = page.goto(site_url + path)
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
    expect(page.locator("html")).to_have_attribute("lang", html_lang(path))


def _type_query(page, query: str) -> None:
    """Open the Pagefind modal (once) as a reader does, with the header's search button, and type the query.

    The button loads Pagefind's component UI the first time (assets/search/open.js)."""
    box = page.locator("pagefind-modal input.pf-input")
    if not box.is_visible():
        page.locator("button.gaobu-search-button").click()
    expect(box).to_be_visible(timeout=TIMEOUT)
    box.fill(query)  # fires `input`, which is what Pagefind listens to (also for CJK)


def search_finds_nothing(page, query: str) -> bool:
    """Search, and wait for Pagefind to say that nothing was found (the summary names the query, no result card)."""
    _type_query(page, query)
    try:
        page.wait_for_function(
            """q => {
                const modal = document.querySelector('pagefind-modal');
                const summary = modal.querySelector('.pf-summary');
                if (!summary || !summary.textContent.includes(q)) return false;
                if (modal.querySelector('.pf-results[aria-busy="true"]')) return false;
                return modal.querySelectorAll('.pf-result').length === 0;
            }""",
            arg=query,
            timeout=TIMEOUT,
        )
    except PlaywrightTimeout:
        found = page.locator("pagefind-modal pagefind-results a").evaluate_all("as => as.map(a => a.href)")
        summary = page.locator("pagefind-modal .pf-summary").all_text_contents()
        pytest.fail(f"searching {page.url} for {query!r} should find nothing but found {found}; Pagefind says: {summary}",
                    pytrace=False)
    return True


def search(page, query: str) -> list[str]:
    """Open the Pagefind modal, search, and return the paths (with #fragment) of every result link.

    Fails the test when the search finds nothing: no caller can mistake an empty answer for success.
    """
    _type_query(page, query)
    # Done when the summary names this query, there is a result, and every result card has loaded its link.
    try:
        page.wait_for_function(
            """q => {
                const modal = document.querySelector('pagefind-modal');
                const summary = modal.querySelector('.pf-summary');
                if (!summary || !summary.textContent.includes(q)) return false;
                if (modal.querySelector('.pf-results[aria-busy="true"]')) return false;
                const results = [...modal.querySelectorAll('.pf-result')];
                return results.length > 0 && results.every(li => li.querySelector('a.pf-result-link'));
            }""",
            arg=query,
            timeout=TIMEOUT,
        )
    except PlaywrightTimeout:
        summary = page.locator("pagefind-modal .pf-summary").all_text_contents()
        pytest.fail(f"searching {page.url} for {query!r} found nothing in {TIMEOUT} ms; Pagefind says: {summary}", pytrace=False)
    hrefs = page.locator("pagefind-modal pagefind-results a").evaluate_all("as => as.map(a => a.href)")
    parts = [urlsplit(href) for href in hrefs]
    links = [u.path + (f"#{u.fragment}" if u.fragment else "") for u in parts]
    assert links, f"searching {page.url} for {query!r}: result cards without links"
    return links


def page_path(link: str) -> str:
    return link.split("#")[0]


# 1-3. Search ------------------------------------------------------------------

# Pagefind's results are pages and, under each, the headings (with ids) the words are found under.
@pytest.mark.parametrize(
    "query, expected",
    [
        ("高新技术企业", "/2024/review-2023/#manufacturing"),  # ¶ 1.5, under § 1.1
        ("百千万工程", "/2024/review-2023/#review-2023"),  # first in the review's overview, under the part's heading
        ("固定资产投资", "/2024/review-2023/#manufacturing"),
        ("技术", "/2024/review-2023/#manufacturing"),  # the middle of 高新技术企业, 技术改造
        ("总值", "/2024/#key-figures"),  # the end of 地区生产总值, a key figure on the cover
    ],
)
def test_chinese_search_finds_chinese_pages_only(page, site_url, query, expected):
    open_page(page, site_url, "2024/")
    links = search(page, query)
    assert expected in links, links
    assert page_path(expected) in links, links  # the page itself, with the heading under it
    assert all(not link.startswith("/en/") for link in links), f"English results for {query}: {links}"


REVIEW = "/" + PART
# Pieces of the Chinese text that Pagefind's own segmentation missed (it cut them one way
# when indexing and the browser another way when searching), each with every page whose
# indexed text holds it: found, and nothing else (gaobu_build/site/search.py, assets/search/pagefind.js).
HELD = {
    "医联体": {REVIEW, "/glossary/"},  # 签约共建医联体
    "稳中有进": {REVIEW},  # 一是经济运行稳中有进
    "中有进": {REVIEW},
    "联体": {REVIEW, "/glossary/"},
    "镇政府": {"/", "/2024/", REVIEW},
    "位列": {REVIEW},
    "们稳经济": {REVIEW},
    "马可波": {REVIEW},
    "表予以审": {"/2024/"},  # the preamble, on the cover
    "139人": {"/2024/figures/", REVIEW},
    "00多亩": {"/2024/figures/", REVIEW},
    "府工作": {"/", "/2024/", "/about/", "/glossary/"},
    "加值": {"/", "/2024/", "/2024/figures/", REVIEW, "/glossary/"},
}


@pytest.mark.parametrize("query", list(HELD))
def test_a_piece_of_the_chinese_text_finds_exactly_the_pages_that_hold_it(page, site_url, query):
    open_page(page, site_url, "2024/")
    links = search(page, query)
    assert links, f"no result for {query}"
    assert {page_path(link) for link in links} == HELD[query]


def test_a_chinese_result_shows_the_text_as_written_and_marks_the_query(page, site_url):
    open_page(page, site_url, "2024/")
    search(page, "医联体")
    result = page.locator("pagefind-modal li.pf-result", has=page.locator(f'a.pf-result-link[href$="{REVIEW}"]'))
    expect(result.locator(".pf-result-title")).to_have_text("2023年工作回顾")
    expect(result.locator(".pf-result-excerpt")).to_contain_text("高埗医院与市第八人民医院签约共建医联体；完成")
    assert result.locator(".pf-result-excerpt mark").all_inner_texts() == ["医联体"]
    expect(result.locator(".pf-heading-link")).to_have_text("补短板、强弱项，民生福祉持续增进")


def test_a_chinese_query_is_a_phrase_and_otherwise_its_words(page, site_url):
    open_page(page, site_url, "2024/")
    assert search_finds_nothing(page, "体联医")  # every character is on the page, not in this order
    page.locator("pagefind-modal input.pf-input").fill("")
    # Not in the text as typed: its words 经济 and 发展 are, each as a phrase.
    assert REVIEW in {page_path(link) for link in search(page, "经济发展")}
    page.locator("pagefind-modal input.pf-input").fill("")
    assert {page_path(link) for link in search(page, "医联体 稳中有进")} == {REVIEW}  # each run between spaces


@pytest.mark.parametrize(
    "path, query, expected",
    [
        ("2024/", "第八人民医院", [REVIEW, REVIEW + "#wellbeing"]),
        ("en/2024/", "Eighth People's Hospital", ["/en" + REVIEW, "/en" + REVIEW + "#wellbeing"]),
    ],
)
def test_a_paragraph_is_found_once_on_its_reading_page(page, site_url, path, query, expected):
    """Not again on the parallel view (中英对照) nor in the print edition: they are not indexed."""
    open_page(page, site_url, path)
    assert sorted(search(page, query)) == sorted(expected)  # each page once, with the section that holds it


@pytest.mark.parametrize(
    "query, expected",
    [
        ("enterprise", "/en/2024/review-2023/#manufacturing"),  # the text only says "enterprises": found by stemming
        ("investment", "/en/2024/review-2023/#manufacturing"),
        ("kindergartens", "/en/2024/review-2023/#wellbeing"),  # the text only says "Kindergarten"
    ],
)
def test_english_search_finds_english_pages_only(page, site_url, query, expected):
    open_page(page, site_url, "en/2024/")
    links = search(page, query)
    assert expected in links and page_path(expected) in links, links
    assert all(link.startswith("/en/") for link in links), f"non-English results for {query}: {links}"


# The glossary lists each term in both languages: the one page of a language's site that a query in
# the other language finds (so an empty answer cannot pass for "no crossing").
@pytest.mark.parametrize("path, query, expected", [
    ("en/2024/", "高新技术企业", {"/en/glossary/", "/en/glossary/#top"}),
    ("2024/", "enterprises", {"/glossary/", "/glossary/#top"}),
])
def test_search_never_crosses_languages(page, site_url, path, query, expected):
    open_page(page, site_url, path)
    links = search(page, query)
    assert expected <= set(links), links
    if path.startswith("en/"):
        assert all(link.startswith("/en/") for link in links), links
    else:
        assert all(not link.startswith("/en/") for link in links), links


def test_search_in_own_language_still_works_after_a_foreign_query(page, site_url):
    """A search in the site's language after one in the other finds the report, not the glossary alone."""
    open_page(page, site_url, "en/2024/")
    # The English glossary lists each term's Chinese, so that is the one English page a Chinese query finds.
    assert {page_path(link) for link in search(page, "高新技术企业")} == {"/en/glossary/"}
    page.locator("pagefind-modal input.pf-input").fill("")
    assert "/en/2024/review-2023/#manufacturing" in search(page, "innovation")


# 4. Language switch -------------------------------------------------------------

@pytest.mark.parametrize(
    "zh, en",
    [(PART + "#innovation", "en/" + PART + "#innovation"), ("about/", "en/about/"), ("", "en/")],
)
def test_language_switch_keeps_page_and_fragment(page, site_url, zh, en):
    open_page(page, site_url, zh)
    switch = page.locator(SWITCH)
    expect(switch).to_have_text("English")
    switch.click()
    expect(page).to_have_url(site_url + en)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    if "#" in en:
        expect(page.locator("#" + en.split("#")[1])).to_be_in_viewport()
    switch = page.locator(SWITCH)
    expect(switch).to_have_text("中文")
    switch.click()
    expect(page).to_have_url(site_url + zh)
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    if "#" in zh:
        expect(page.locator("#" + zh.split("#")[1])).to_be_in_viewport()


def test_language_switch_works_from_the_keyboard(page, site_url):
    open_page(page, site_url, "en/about/")
    for _ in range(30):  # Tab through the page until the switch has focus
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches('{SWITCH}')"):
            break
    else:
        pytest.fail("the language switch is not reachable with Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_url + "about/")
    # With a fragment, Enter (which fires `click`) keeps it too.
    open_page(page, site_url, "en/" + PART + "#village-environment")
    page.locator(SWITCH).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_url + PART + "#village-environment")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")


# 5. hreflang alternates ------------------------------------------------------------

@pytest.mark.parametrize("path", ALL_PAGES)
def test_hreflang_alternates_resolve_to_the_counterparts(page, site_url, path):
    open_page(page, site_url, path)
    links = page.locator("link[hreflang]").evaluate_all(
        "ls => ls.map(l => [l.getAttribute('hreflang'), l.href, l.getAttribute('rel')])"
    )
    alternates = {lang: href for lang, href, _ in links}
    assert sorted(alternates) == ["en", "x-default", "zh-Hans"], links
    assert len(links) == 3, links
    assert all("alternate" in rel.split() for _, _, rel in links), links
    kind = "" if path.endswith("404.html") else path.removeprefix("en/")  # 404 pages point at the homes
    expected = {"zh-Hans": site_url + kind, "en": site_url + "en/" + kind, "x-default": site_url + kind}
    assert alternates == expected
    for lang, href in alternates.items():
        response = page.request.get(href)
        assert response.status == 200, f"{lang}: {href} -> {response.status}"
        html = response.text()
        want = "en" if lang == "en" else "zh-Hans"
        assert re.search(rf'<html lang="{want}"', html), f"{href} is not the {want} page"


# 6. Everything comes from the site itself -----------------------------------------

@pytest.mark.parametrize("path", ALL_PAGES)
def test_no_request_leaves_the_site_and_nothing_fails(page, site_url, path):
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))
    requests, failures, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failures.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and failures.append(f"{r.url}: HTTP {r.status}"))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_page(page, site_url, path)
    page.wait_for_load_state("networkidle")
    expected = "/en/2024/review-2023/#manufacturing" if path.startswith("en/") else "/2024/review-2023/#manufacturing"
    assert expected in search(page, "investment" if path.startswith("en/") else "技术")
    page.wait_for_load_state("networkidle")
    assert any("/pagefind/" in url and "pf_index" in url for url in requests), "the search index was never loaded"
    outside = [url for url in requests if not (url + "/").startswith(origin + "/") and not url.startswith("data:")]
    assert not outside, f"requests that leave {origin}: {outside}"
    # Only the 404 page itself may answer 404 (static hosts serve it with that status).
    failures = [f for f in failures if not (path.endswith("404.html") and f.startswith(site_url + path + ":"))]
    assert not failures, failures
    assert not errors, errors


# 7. Accessibility -----------------------------------------------------------------

@pytest.mark.parametrize("path", ALL_PAGES)
def test_no_serious_accessibility_violations(page, site_url, path):
    from axe_playwright_python.sync_playwright import Axe

    open_page(page, site_url, path)
    page.wait_for_load_state("networkidle")
    fail_on_serious_axe_violations(Axe().run(page).response["violations"], f"/{path}")


# 8. Masked words and the end of the available text --------------------------------

@pytest.mark.parametrize("prefix, lang", [("", "zh"), ("en/", "en")])
def test_masked_words_and_text_ends_notice(page, site_url, prefix, lang):
    open_page(page, site_url, prefix + PART)
    masked = page.locator(".gaobu-masked")
    expect(masked.first).to_be_visible()
    expect(masked.first).to_have_attribute("title", UI[lang]["masked_tip"])
    # What shows is the mask itself; the explanation inside is for screen readers only.
    shown = masked.evaluate_all(
        "els => els.map(e => [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join(''))"
    )
    assert shown[0] == "XXX", shown
    assert set(shown) <= {"XXX", "XXXXXX"}, shown
    box = masked.first.bounding_box()
    assert box and box["width"] > 5, "the mask takes no room on screen"
    hint = masked.first.locator(".gaobu-sr")
    expect(hint).to_have_text(re.compile(re.escape(UI[lang]["masked_tip"])))
    hint_box = hint.bounding_box()
    assert hint_box and hint_box["width"] <= 1 and hint_box["height"] <= 1, hint_box
    notice = page.locator("#culture-sports ~ .admonition")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(UI[lang]["text_ends_title"])
    expect(notice).to_contain_text(UI[lang]["text_ends_body"])
    # It closes the text: nothing of the report follows it.
    assert page.locator("#culture-sports ~ p.gaobu-p").count() == 0
