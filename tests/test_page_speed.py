"""Pages as quick as plain Material, in a real Chromium: search's UI is fetched when the reader first
opens search, not with every page; nothing moves after the first paint; the search button says what
it shows (WCAG 2.5.3). Lighthouse's own figures are in `make bench-lighthouse` (benchmarks/README.md).

Fixtures (built_site, site_url, browser, page) come from conftest.py.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from gaobu_build.ui import UI
from test_browser import PART, SWITCH, TIMEOUT, html_lang, open_page, search

pytestmark = pytest.mark.browser

BUTTON = "button.gaobu-search-button"
BOX = "pagefind-modal input.pf-input"
# Every kind of page, in both languages (the site has no page of notes: a part's notes are at its foot).
KINDS = ["", "2024/", PART, "2024/figures/", "glossary/", "2024/parallel/", "2024/print/", "about/", "404.html"]
ALL_PAGES = [prefix + kind for prefix in ("", "en/") for kind in KINDS]
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1350, "height": 940}}
# The query each language's search is tried with, and a result it must give.
QUERIES = {"": ("医联体", "/2024/review-2023/#wellbeing"), "en/": ("innovation", "/en/2024/review-2023/#manufacturing")}


def search_requests(urls: list[str]) -> list[str]:
    """What belongs to search: Pagefind's component UI, its engine and index (pagefind/), the Chinese pages' engine."""
    paths = [urlsplit(url).path for url in urls]
    return [path for path in paths if "/pagefind/" in path or path.endswith("/assets/search/pagefind.js")]


def component_ui(urls: list[str]) -> list[str]:
    return sorted({path.rsplit("/", 1)[1] for path in search_requests(urls) if "pagefind-component-ui" in path})


def browse(page) -> None:
    """What a reader does before searching, if ever: scroll, follow the contents, hover and focus things, click text."""
    for _ in range(4):
        page.mouse.wheel(0, 700)
        page.wait_for_timeout(50)
    page.keyboard.press("End")
    page.keyboard.press("Home")
    page.locator(".md-sidebar--secondary a[href='#manufacturing']").first.click()
    page.locator("abbr.gaobu-term").first.hover()
    page.locator("h1").first.click(position={"x": 5, "y": 5})
    page.locator(BUTTON).hover()  # hovering or focusing the button fetches nothing yet
    page.locator(BUTTON).focus()
    page.keyboard.press("Tab")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("start", ["", "en/"])
def test_nothing_of_search_is_fetched_until_the_reader_opens_it(page, site_url, start):
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    other = "en/" if start == "" else ""
    open_page(page, site_url, start + PART)
    page.wait_for_load_state("networkidle")
    browse(page)
    page.locator(SWITCH).click()  # the same page in the other language, as a reader gets there
    expect(page.locator("html")).to_have_attribute("lang", html_lang(other + PART))
    page.wait_for_load_state("networkidle")
    browse(page)
    assert any(url.endswith("/assets/search/open.js") for url in urls), "the search button's script was never loaded"
    assert search_requests(urls) == [], f"fetched before search was opened: {search_requests(urls)}"

    before = len(urls)
    query, expected = QUERIES[other]
    assert expected in search(page, query)  # opens search with the button, as a reader does
    opened = urls[before:]
    assert component_ui(opened) == ["pagefind-component-ui.css", "pagefind-component-ui.js"]
    assert any(path.endswith(".pf_index") for path in search_requests(opened)), "the search index was never loaded"
    if other == "":  # Chinese pages search through their own module
        assert any(path.endswith("/assets/search/pagefind.js") for path in search_requests(opened))


@pytest.mark.parametrize("how", ["click", "Enter", "Space", "Control+k", "/", "s"])
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_search_opens_from_its_button_and_shortcuts_with_the_focus_in_its_box(page, site_url, prefix, how):
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    open_page(page, site_url, prefix + PART)
    page.wait_for_load_state("networkidle")
    button, box = page.locator(BUTTON), page.locator(BOX)

    def open_search():
        if how == "click":
            button.click()
        elif how in ("Enter", "Space"):
            button.focus()
            page.keyboard.press(how)
        else:
            page.keyboard.press(how)

    open_search()
    expect(box).to_be_focused(timeout=TIMEOUT)
    expect(box).to_have_value("")  # the shortcut's letter is not typed into the box
    expect(button).to_have_attribute("aria-expanded", "true")
    query, expected = QUERIES[prefix]
    page.keyboard.type(query)
    expect(page.locator(f'pagefind-modal a[href="{expected}"]').first).to_be_visible(timeout=TIMEOUT)
    page.keyboard.press("Escape")
    expect(page.locator("pagefind-modal dialog")).to_be_hidden()
    expect(button).to_be_focused()  # back where the reader was, as Pagefind's own button does
    expect(button).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Tab")  # away from the button: the shortcuts work from anywhere but a text box
    open_search()
    expect(box).to_be_focused(timeout=TIMEOUT)
    assert component_ui(urls) == ["pagefind-component-ui.css", "pagefind-component-ui.js"]
    assert len(search_requests([u for u in urls if "pagefind-component-ui" in u])) == 2, "the UI was fetched twice"


def test_the_shortcut_letters_stay_letters_in_a_text_box(page, site_url):
    open_page(page, site_url, PART)
    page.locator(BUTTON).click()
    box = page.locator(BOX)
    expect(box).to_be_focused(timeout=TIMEOUT)
    page.keyboard.type("s/")
    expect(box).to_have_value("s/")


# What the first paint waits for ----------------------------------------------------------------------

@pytest.mark.parametrize("path", ALL_PAGES)
def test_the_first_paint_waits_for_materials_css_and_js_only(built_site, path):
    """Plain Material's page waits for its stylesheet and its script; ours for no more (Lighthouse's
    render-blocking resources): our stylesheet is in the page, as written, our scripts are deferred, Material's
    palette stylesheet is left out."""
    from pagecheck import parse

    from gaobu_build.site.theme import THEME_DIR

    file = built_site / (path if path.endswith(".html") else path + "index.html")
    html = file.read_text(encoding="utf-8")
    stylesheet = (THEME_DIR / "assets" / "gaobu.css").read_text(encoding="utf-8")
    assert "<style>" + stylesheet.removesuffix("\n") + "</style>" in html  # (Jinja drops a file's last newline)
    elements = list(parse(html).walk())
    stylesheets = [e.attrs["href"].rsplit("/", 1)[1] for e in elements if e.tag == "link"
                   and e.attrs.get("rel") == "stylesheet" and e.attrs.get("media", "all") in ("all", "screen")]
    blocking = [e.attrs["src"].rsplit("/", 1)[1] for e in elements if e.tag == "script" and "src" in e.attrs
                and not {"defer", "async"} & set(e.attrs) and e.attrs.get("type") != "module"]
    assert [name.split(".")[0] for name in stylesheets] == ["main"], stylesheets
    assert [name.split(".")[0] for name in blocking] == ["bundle"], blocking


# Nothing moves after the first paint ---------------------------------------------------------------

# Every layout shift from the start (buffered), with what moved. All of them count: the test gives no
# input, and Chromium flags the shifts just after a page's first paint under device emulation as "recent
# input" (Lighthouse counts those too: chromium issue 1302667).
LAYOUT_SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) {
    window.__shifts.push({value: e.value, moved: (e.sources || []).map(s =>
      s.node ? (s.node.nodeName + (s.node.className ? '.' + String(s.node.className).trim().replace(/\\s+/g, '.') : '')) : '?')});
  }
}).observe({type: 'layout-shift', buffered: true});
"""


@pytest.mark.parametrize("device", ["phone", "desktop"])
@pytest.mark.parametrize("path", ALL_PAGES)
def test_nothing_shifts_after_the_first_paint(browser, site_url, path, device):
    context = browser.new_context(**(PHONE if device == "phone" else DESKTOP))
    try:
        page = context.new_page()
        page.add_init_script(LAYOUT_SHIFTS)
        open_page(page, site_url, path)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)  # anything a script adds late
        shifts = page.evaluate("window.__shifts")
    finally:
        context.close()
    total = sum(shift["value"] for shift in shifts)
    assert total < 0.05, f"/{path} on a {device}: cumulative layout shift {total:.3f}: {shifts}"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_search_button_looks_like_pagefinds_own_and_stays_put(page, site_url, prefix):
    """The button is drawn by the page; once Pagefind's UI is loaded, Pagefind's own button beside it looks the same."""
    open_page(page, site_url, prefix + PART)
    button = page.locator(BUTTON)
    expect(button).to_have_text(f"{UI['zh' if not prefix else 'en']['search']} Ctrl K", use_inner_text=True)
    looks = """e => { const c = getComputedStyle(e), r = e.getBoundingClientRect();
        return [r.width, r.height, c.color, c.backgroundColor, c.borderTopColor, c.borderTopWidth, c.borderRadius,
                c.fontSize, c.fontFamily, c.paddingLeft, c.columnGap]; }"""
    before = button.evaluate(looks)
    box_before = button.bounding_box()
    button.click()
    expect(page.locator(BOX)).to_be_focused(timeout=TIMEOUT)
    page.keyboard.press("Escape")
    page.mouse.move(5, 600)  # no longer hovered (its border eases back in 0.15 s)
    page.wait_for_timeout(400)
    assert button.evaluate(looks) == before, "Pagefind's stylesheet changed the button"
    assert button.bounding_box() == box_before
    # Pagefind's own button, with the same words, in the same place of the header.
    page.evaluate("""text => {
        const trigger = document.createElement('pagefind-modal-trigger');
        trigger.setAttribute('placeholder', text);
        document.querySelector('.gaobu-search').append(trigger);
    }""", UI["zh" if not prefix else "en"]["search"])
    theirs = page.locator("pagefind-modal-trigger button.pf-trigger-btn")
    expect(theirs).to_be_visible()
    assert theirs.evaluate(looks) == before
    for part, their_part in ((".gaobu-search-icon", ".pf-trigger-icon"), (".gaobu-search-keys kbd", ".pf-trigger-key")):
        mine = page.locator(f"{BUTTON} {part}").first.evaluate(looks)
        assert theirs.locator(their_part).first.evaluate(looks) == mine, part
    # Pagefind's colour variables (which a page may set, e.g. for more contrast) colour both alike.
    page.evaluate("document.body.style.setProperty('--pf-border', 'rgb(1, 2, 3)'); "
                  "document.body.style.setProperty('--pf-text-muted', 'rgb(4, 5, 6)')")
    page.wait_for_timeout(200)
    assert theirs.evaluate(looks) == button.evaluate(looks)
    assert button.evaluate(looks)[2:5] == ["rgb(4, 5, 6)", "rgb(255, 255, 255)", "rgb(1, 2, 3)"]


# WCAG 2.5.3: label in name -------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_search_buttons_name_holds_its_visible_text(page, site_url, prefix):
    """Its accessible name is its visible text, shortcut included, before and after Pagefind's UI is loaded; and
    Lighthouse's `label-content-name-mismatch` (an axe rule that axe leaves off by default) finds nothing."""
    from axe_playwright_python.sync_playwright import Axe

    open_page(page, site_url, prefix + PART)
    button = page.locator(BUTTON)
    name = f"{UI['zh' if not prefix else 'en']['search']} Ctrl K"
    options = {"runOnly": {"type": "rule", "values": ["label-content-name-mismatch"]}}
    for moment in ("before search is opened", "after"):
        result = Axe().run(page, context={"include": [[".gaobu-search"]]}, options=options).response
        assert result["violations"] == [], f"{moment}: {result['violations']}"
        expect(button).to_have_text(name, use_inner_text=True)
        expect(page.get_by_role("button", name=name, exact=True)).to_have_count(1)
        button.click()
        expect(page.locator(BOX)).to_be_focused(timeout=TIMEOUT)
        page.keyboard.press("Escape")
