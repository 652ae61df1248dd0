"""Reading comfort in a real Chromium: the header's text size and contrast control, remembered across pages and
visits, honouring the system's contrast and motion preferences; every page kind reflowing at 320 px and at 200%
zoom at every text size; axe-core in every mode; print untouched.

Fixtures (built_site, site_url, browser) come from conftest.py.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect
from conftest import fail_on_serious_axe_violations

from gaobu_build.checks.site import contrast_ratio
from gaobu_build.site.theme import high_contrast, palette_css
from gaobu_build.source.site import Palette
from gaobu_build.ui import UI

KINDS = ["", "2024/", "2024/review-2023/", "2024/figures/", "2024/parallel/", "2024/print/", "glossary/", "about/",
         "404.html"]  # home, cover, part (with its notes), figures, side by side, print edition, glossary, about, 404
ALL_PAGES = [prefix + kind for prefix in ("", "en/") for kind in KINDS]
STEPS = {"100": 1.0, "115": 1.15, "130": 1.3, "150": 1.5}
KEY = "gaobu-reading"
PART = "2024/review-2023/"
TEXT = ".md-typeset .gaobu-p"  # a paragraph of the report
BODY_SIZE = 16  # px: Material's .8rem at its 125% root, below 100em
TIMEOUT = 10_000
# Material's breakpoints (45em, 60em, 76.25em, 100em; 16 px each), the site's own (30em; 91em at 130% and 150%), and
# either side of each.
WIDTHS = [320, 479, 480, 719, 720, 959, 960, 1219, 1220, 1455, 1456, 1599, 1600]


def lang_of(path: str) -> str:
    return "en" if path.startswith("en/") else "zh"


def context(browser, *, settings=None, width=1280, height=900, **options):
    """A fresh browser profile; `settings` are stored before any page of the site runs (a returning reader)."""
    ctx = browser.new_context(viewport={"width": width, "height": height}, **options)
    if settings is not None:
        ctx.add_init_script(f"localStorage.setItem({json.dumps(KEY)}, {json.dumps(json.dumps(settings))})")
    return ctx


def open_page(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and (response.ok or url.endswith("404.html")), url
    page.wait_for_load_state("networkidle")


def style(page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"e => getComputedStyle(e).getPropertyValue({json.dumps(prop)})")


def px(value: str) -> float:
    return float(value.removesuffix("px"))


def rgb(value: str) -> str:
    """A computed colour as #rrggbb (opaque colours only)."""
    r, g, b, *alpha = (float(x) for x in re.findall(r"[\d.]+", value))
    assert not alpha or alpha[0] == 1, f"{value} is not opaque"
    return "#" + "".join(f"{round(c):02x}" for c in (r, g, b))


def stored(page):
    return page.evaluate(f"localStorage.getItem({json.dumps(KEY)})")


def open_panel(page, lang: str):
    trigger = page.get_by_role("button", name=UI[lang]["reading"], exact=True)
    if trigger.get_attribute("aria-expanded") != "true":
        trigger.click()
    expect(page.locator("#gaobu-reading-panel")).to_be_visible()
    return trigger


def choose(page, lang: str, name: str) -> None:
    open_panel(page, lang)
    page.locator("#gaobu-reading-panel").get_by_role("button", name=name, exact=True).click()
    settled(page)


def settled(page) -> None:
    """Colours are read once Material's transitions (links fade to their new colour) have ended."""
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')", timeout=TIMEOUT)


def pressed(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        "#gaobu-reading-panel button[aria-pressed]",
        "bs => Object.fromEntries(bs.map(b => [b.textContent.trim(), b.getAttribute('aria-pressed')]))")


# 0. The high-contrast colours ---------------------------------------------------------------------------------

@pytest.mark.parametrize("colour", ["#c62828", "#b71c1c", "#1565c0", "#2e7d32", "#ab47bc", "#767676", "#e65100"])
def test_each_palette_colour_is_darkened_to_seven_to_one_keeping_its_hue(colour):
    darker = high_contrast(colour)
    assert 7.3 > contrast_ratio(darker, "#ffffff") >= 7 > contrast_ratio(colour, "#ffffff")  # no darker than needed
    # The same hue: each channel scaled by the same factor.
    channels = [int(c[i:i + 2], 16) for c in (colour, darker) for i in (1, 3, 5)]
    factors = {round(after / before, 2) for before, after in zip(channels[:3], channels[3:]) if before > 40}
    assert max(factors) - min(factors) <= 0.02, (colour, darker)


def test_a_colour_that_has_seven_to_one_already_is_kept():
    assert high_contrast("#1a1a1a") == "#1a1a1a"
    assert high_contrast("#595959") == "#595959"  # 7.00:1


def test_the_high_contrast_scheme_is_for_screens_only_and_follows_the_palette():
    css = palette_css(Palette(primary="#1565c0", accent="#2e7d32"))
    base, scheme = css.split("@media screen {", 1)
    assert base.startswith(":root > * {--md-primary-fg-color: #1565c0;")
    assert scheme.startswith(':root[data-gaobu-contrast="more"] > * {--md-primary-fg-color: #1258a7;')
    assert scheme.endswith("}}")
    colours = dict(re.findall(r"(--[\w-]+): (#[0-9a-f]{3,8});", scheme))
    for name in ("--md-primary-fg-color", "--md-accent-fg-color", "--md-typeset-a-color", "--md-typeset-color",
                 "--md-default-fg-color", "--md-default-fg-color--light", "--md-default-fg-color--lighter",
                 "--pf-text-muted"):
        value = colours[name] if len(colours[name]) == 7 else "#" + "".join(c * 2 for c in colours[name][1:])
        assert contrast_ratio(value, "#ffffff") >= 7, name


# 1. The control ------------------------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("lang, prefix", [("zh", ""), ("en", "en/")])
def test_the_control_is_labelled_in_the_pages_language(browser, site_url, lang, prefix):
    ui = UI[lang]
    with context(browser) as ctx:
        page = ctx.new_page()
        open_page(page, site_url + prefix + PART)
        # Named by its visible text (WCAG 2.5.3): the label shown is the button's whole name.
        trigger = page.get_by_role("button", name=ui["reading"], exact=True)
        expect(trigger).to_have_text(ui["reading"])
        expect(trigger).to_have_attribute("aria-expanded", "false")
        expect(page.locator("#gaobu-reading-panel")).to_be_hidden()
        trigger.click()
        expect(trigger).to_have_attribute("aria-expanded", "true")
        panel = page.locator("#gaobu-reading-panel")
        expect(panel).to_be_visible()
        group = panel.get_by_role("group", name=ui["reading_text_size"], exact=True)
        expect(group.get_by_role("button")).to_have_text(["100%", "115%", "130%", "150%"])
        for name in ("100%", "115%", "130%", "150%", ui["reading_contrast"], ui["reading_reset"]):
            expect(panel.get_by_role("button", name=name, exact=True)).to_have_text(name)
        expect(panel.locator(".gaobu-reading__heading")).to_have_text(ui["reading_text_size"])
        expect(panel.locator(".gaobu-reading__note")).to_have_text(ui["reading_saved"])
        assert pressed(page) == {"100%": "true", "115%": "false", "130%": "false", "150%": "false",
                                 ui["reading_contrast"]: "false"}
        # On a phone the icon stands alone, and the button keeps its name.
        page.set_viewport_size({"width": 320, "height": 640})
        expect(page.get_by_role("button", name=ui["reading"], exact=True)).to_be_visible()
        assert page.eval_on_selector(".gaobu-reading__label", "e => e.getBoundingClientRect().width") <= 1


# 2. Text size ------------------------------------------------------------------------------------------------------

@pytest.mark.browser
def test_each_text_size_enlarges_the_text_and_is_remembered_on_the_next_page_and_visit(browser, site_url):
    with context(browser) as ctx:
        page = ctx.new_page()
        open_page(page, site_url + PART)
        assert px(style(page, TEXT, "font-size")) == BODY_SIZE
        assert px(style(page, TEXT, "line-height")) == pytest.approx(1.6 * BODY_SIZE)
        assert stored(page) is None
        for step, factor in STEPS.items():
            choose(page, "zh", f"{step}%")
            assert px(style(page, TEXT, "font-size")) == pytest.approx(BODY_SIZE * factor), step
            # Chinese lines further apart as the text grows.
            assert px(style(page, TEXT, "line-height")) >= (1.8 if factor > 1 else 1.6) * BODY_SIZE * factor - 0.01
            assert pressed(page)[f"{step}%"] == "true"
            assert list(pressed(page).values()).count("true") == 1
        assert json.loads(stored(page)) == {"text": "150"}
        # The next page, in either language, and a later visit (a new tab of the same browser) keep it.
        for path in ("glossary/", "en/2024/figures/", "404.html"):
            open_page(page, site_url + path)
            assert px(style(page, ".md-typeset", "font-size")) == 1.5 * BODY_SIZE, path
            assert pressed(page)["150%"] == "true", path
        later = ctx.new_page()
        open_page(later, site_url + PART)
        assert px(style(later, TEXT, "font-size")) == 1.5 * BODY_SIZE
        # Back to 100%: nothing is kept.
        choose(later, "zh", "100%")
        assert px(style(later, TEXT, "font-size")) == BODY_SIZE
        assert stored(later) is None
        later.reload()
        assert px(style(later, TEXT, "font-size")) == BODY_SIZE


@pytest.mark.browser
def test_a_chinese_line_holds_34_to_40_characters_at_every_size_from_960_px(browser, site_url):
    measure = """p => { const s = getComputedStyle(p);
      return (p.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)) / parseFloat(s.fontSize); }"""
    with context(browser) as ctx:
        page = ctx.new_page()
        open_page(page, site_url + PART)
        measures = {}
        for width in (960, 978, 1024, 1219, 1220, 1280, 1455, 1456, 1599, 1600, 1920, 2560):
            page.set_viewport_size({"width": width, "height": 900})
            for step in STEPS:
                set_step(page, step)
                measures[f"{width} px, {step}%"] = round(page.eval_on_selector(TEXT, measure), 2)
    assert {where: m for where, m in measures.items() if not 34 <= m <= 40.05} == {}, measures


@pytest.mark.browser
def test_a_saved_setting_is_on_the_page_before_its_first_paint(browser, site_url):
    """The head's script sets it before <body> exists, alone: with the control's script blocked."""
    with context(browser, settings={"text": "150", "contrast": "more"}) as ctx:
        ctx.add_init_script("""
            new MutationObserver((changes, observer) => {
              if (document.body) {
                const root = document.documentElement;
                window.atBody = [root.getAttribute("data-gaobu-text"), root.getAttribute("data-gaobu-contrast")];
                observer.disconnect();
              }
            }).observe(document, {childList: true, subtree: true});""")
        ctx.route("**/assets/reading.js", lambda route: route.abort())
        page = ctx.new_page()
        open_page(page, site_url + PART)
        assert page.evaluate("window.atBody") == ["150", "more"]
        assert px(style(page, TEXT, "font-size")) == 1.5 * BODY_SIZE
        assert rgb(style(page, TEXT, "color")) == "#000000"


def test_the_head_script_is_tiny(built_site):
    html = (built_site / "2024" / "review-2023" / "index.html").read_text(encoding="utf-8")
    inline = [s for s in re.findall(r"<script>(.*?)</script>", html, re.S) if KEY in s]
    assert len(inline) == 1 and len(inline[0].encode()) <= 400, inline
    assert html.index(inline[0]) < html.index("<body")


# 3. High contrast ---------------------------------------------------------------------------------------------------

def _colours(page) -> dict[str, str]:
    return {
        "text": style(page, TEXT, "color"),
        "link": style(page, ".gaobu-paragraph-figures a", "color"),
        "header": style(page, ".md-header", "background-color"),
        "header text": style(page, ".md-header", "color"),
        "footer": style(page, ".md-footer-meta", "background-color"),
        "copyright": style(page, ".md-copyright", "color"),
    }


@pytest.mark.browser
def test_high_contrast_meets_seven_to_one_and_is_remembered_until_reset(browser, site_url):
    with context(browser) as ctx:
        page = ctx.new_page()
        open_page(page, site_url + PART)
        before = _colours(page)
        assert before["text"] == "rgba(0, 0, 0, 0.87)" and rgb(before["link"]) == "#c62828"
        choose(page, "zh", UI["zh"]["reading_contrast"])
        after = _colours(page)
        assert rgb(after["text"]) == "#000000"
        assert contrast_ratio(rgb(after["link"]), "#ffffff") >= 7
        assert contrast_ratio(rgb(after["header"]), rgb(after["header text"])) >= 7
        assert contrast_ratio(rgb(after["footer"]), rgb(after["copyright"])) >= 7
        assert "underline" in style(page, ".gaobu-paragraph-figures a", "text-decoration-line")
        assert pressed(page)[UI["zh"]["reading_contrast"]] == "true"
        assert json.loads(stored(page)) == {"contrast": "more"}
        open_page(page, site_url + "en/" + PART)
        assert _colours(page) == after
        assert pressed(page)[UI["en"]["reading_contrast"]] == "true"
        # Reset: the site's own colours again, and nothing kept.
        choose(page, "en", UI["en"]["reading_reset"])
        assert _colours(page) == before
        assert stored(page) is None
        assert pressed(page)[UI["en"]["reading_contrast"]] == "false"


@pytest.mark.browser
def test_the_systems_contrast_preference_is_the_default_until_the_reader_chooses(browser, site_url):
    with context(browser, contrast="more") as ctx:
        page = ctx.new_page()
        open_page(page, site_url + PART)
        assert page.get_attribute("html", "data-gaobu-contrast") == "more"
        assert rgb(style(page, TEXT, "color")) == "#000000"
        assert pressed(page)[UI["zh"]["reading_contrast"]] == "true"
        choose(page, "zh", UI["zh"]["reading_contrast"])  # the reader turns it off: that wins, on every page
        assert page.get_attribute("html", "data-gaobu-contrast") is None
        page.reload()
        assert page.get_attribute("html", "data-gaobu-contrast") is None
        assert json.loads(stored(page)) == {"contrast": "normal"}
        choose(page, "zh", UI["zh"]["reading_reset"])  # back to following the system
        assert page.get_attribute("html", "data-gaobu-contrast") == "more"


# 4. Keyboard, storage refused, motion -------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 320])
def test_the_control_works_from_the_keyboard_alone(browser, site_url, width):
    with context(browser, width=width, height=700) as ctx:
        page = ctx.new_page()
        open_page(page, site_url + "en/" + PART)
        trigger = page.locator(".gaobu-reading__trigger")
        for _ in range(40):  # Tab reaches it
            page.keyboard.press("Tab")
            if trigger.evaluate("e => e === document.activeElement"):
                break
        else:
            pytest.fail("Tab never reached the reading settings button")
        page.keyboard.press("Enter")
        expect(trigger).to_have_attribute("aria-expanded", "true")
        focused = lambda: page.evaluate("document.activeElement.textContent.trim()")  # noqa: E731
        page.keyboard.press("Tab")
        assert focused() == "100%"
        for _ in range(3):
            page.keyboard.press("Tab")
        assert focused() == "150%"
        page.keyboard.press("Space")
        assert px(style(page, TEXT, "font-size")) == 1.5 * BODY_SIZE
        page.keyboard.press("Tab")
        assert focused() == "High contrast"
        page.keyboard.press("Enter")
        assert page.get_attribute("html", "data-gaobu-contrast") == "more"
        page.keyboard.press("Escape")  # closes, and focus returns to the button
        expect(page.locator("#gaobu-reading-panel")).to_be_hidden()
        expect(trigger).to_be_focused()
        expect(trigger).to_have_attribute("aria-expanded", "false")
        page.keyboard.press("Space")
        expect(page.locator("#gaobu-reading-panel")).to_be_visible()
        for _ in range(6):  # through 100%…150%, High contrast and Reset, then out: the panel closes behind
            page.keyboard.press("Tab")
        assert focused() == "Reset"
        page.keyboard.press("Enter")
        assert px(style(page, TEXT, "font-size")) == BODY_SIZE
        page.keyboard.press("Tab")
        expect(page.locator("#gaobu-reading-panel")).to_be_hidden()


REFUSING_STORAGE = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() { throw new DOMException("The user denied access to storage", "SecurityError"); },
});"""


@pytest.mark.browser
def test_a_browser_that_refuses_storage_still_gets_the_page_and_the_control(browser, site_url):
    with context(browser) as ctx:
        ctx.add_init_script(REFUSING_STORAGE)
        page = ctx.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        open_page(page, site_url + PART)
        assert px(style(page, TEXT, "font-size")) == BODY_SIZE
        choose(page, "zh", "130%")  # works on this page…
        assert px(style(page, TEXT, "font-size")) == pytest.approx(1.3 * BODY_SIZE)
        choose(page, "zh", UI["zh"]["reading_contrast"])
        assert rgb(style(page, TEXT, "color")) == "#000000"
        open_page(page, site_url + "glossary/")  # …and cannot be kept
        assert px(style(page, ".md-typeset", "font-size")) == BODY_SIZE
        assert errors == []


@pytest.mark.browser
@pytest.mark.parametrize("value", ["{not json", "[1, 2]", '"150"', "null", "7",
                                   '{"text": "999", "contrast": "<b>more</b>"}', '{"text": "150<script>"}'])
def test_anything_else_in_storage_reads_as_no_choice(browser, site_url, value):
    with context(browser) as ctx:
        ctx.add_init_script(f"localStorage.setItem({json.dumps(KEY)}, {json.dumps(value)})")
        page = ctx.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        open_page(page, site_url + PART)
        assert page.evaluate("[...document.documentElement.attributes].map(a => a.name).filter(n => n.startsWith('data-gaobu'))") == []
        assert px(style(page, TEXT, "font-size")) == BODY_SIZE
        assert errors == []


@pytest.mark.browser
@pytest.mark.parametrize("path", [PART, "en/2024/figures/"])
def test_reduced_motion_stops_every_transition_and_animation(browser, site_url, path):
    moving = """() => [...document.querySelectorAll('*')].flatMap(e => {
        const s = getComputedStyle(e);
        const long = v => v.split(',').some(t => parseFloat(t) > 0);
        return long(s.transitionDuration) || (s.animationName !== 'none' && long(s.animationDuration))
          ? [e.tagName.toLowerCase() + '.' + e.className] : [];
      })"""
    for motion in ("no-preference", "reduce"):
        with context(browser, reduced_motion=motion, settings={"text": "150", "contrast": "more"}) as ctx:
            page = ctx.new_page()
            open_page(page, site_url + path)
            open_panel(page, lang_of(path))
            found = page.evaluate(moving)
            if motion == "reduce":
                assert found == []
                assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
            else:  # the test sees motion where there is some: Material's header buttons fade
                assert any("md-header__button" in f for f in found), found


# 5. Reflow: no page scrolls sideways ---------------------------------------------------------------------------------

OVERFLOW = """() => {
  const width = window.innerWidth;
  const clipped = e => {  // inside a box that scrolls or clips sideways (a table's box), not the page
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const out = [...document.body.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > width + 0.5 && getComputedStyle(e).position !== 'fixed' && !clipped(e);
  }).slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + String(e.className) + ' ends at ' + Math.round(e.getBoundingClientRect().right));
  return {scrollWidth: document.documentElement.scrollWidth, width, out};
}"""


def set_step(page, step: str) -> None:
    page.evaluate("""s => s === '100' ? document.documentElement.removeAttribute('data-gaobu-text')
                                      : document.documentElement.setAttribute('data-gaobu-text', s)""", step)


def assert_no_sideways_scroll(page, where: str) -> None:
    found = page.evaluate(OVERFLOW)
    assert found["scrollWidth"] <= found["width"] and not found["out"], f"{where}: {found}"


@pytest.mark.browser
@pytest.mark.parametrize("path", ALL_PAGES)
def test_no_page_scrolls_sideways_at_320_px_200_percent_zoom_or_any_breakpoint(browser, site_url, path):
    # A phone (320 CSS px) and every width across the site's and Material's breakpoints, at every text size.
    with context(browser, width=320, height=640) as ctx:
        page = ctx.new_page()
        open_page(page, site_url + path)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 640})
            for step in STEPS:
                set_step(page, step)
                assert_no_sideways_scroll(page, f"/{path} at {width} px, {step}%")
        # The panel open on a phone, at the largest size, in high contrast.
        page.set_viewport_size({"width": 320, "height": 640})
        choose(page, lang_of(path), "150%")
        choose(page, lang_of(path), UI[lang_of(path)]["reading_contrast"])
        assert_no_sideways_scroll(page, f"/{path} at 320 px with the panel open")
    # 200% zoom of a 1280 × 900 window: 640 × 450 CSS px, two device pixels to each.
    with context(browser, width=640, height=450, device_scale_factor=2) as ctx:
        page = ctx.new_page()
        open_page(page, site_url + path)
        assert page.evaluate("devicePixelRatio") == 2
        for step in STEPS:
            set_step(page, step)
            assert_no_sideways_scroll(page, f"/{path} at 200% zoom, {step}%")


@pytest.mark.browser
@pytest.mark.parametrize("prefix, names", [("", ["经济运行", "产业发展"]), ("en/", ["Economy", "Industry"])])
def test_a_table_of_figures_scrolls_in_its_own_box_with_its_header_in_view(browser, site_url, prefix, names):
    with context(browser, width=320, height=640, settings={"text": "150"}) as ctx:
        page = ctx.new_page()
        open_page(page, site_url + prefix + "2024/figures/")
        boxes = page.locator(".gaobu-table")
        assert page.locator("table").count() == boxes.count() == page.locator(".gaobu-table table").count() > 2
        expect(boxes.first).to_have_attribute("role", "region")
        expect(boxes.first).to_have_attribute("tabindex", "0")
        assert [boxes.nth(i).get_attribute("aria-label") for i in range(2)] == names
        expect(page.get_by_role("region", name=names[0], exact=True)).to_have_count(1)
        box = boxes.first
        box.scroll_into_view_if_needed()
        sizes = box.evaluate("b => [b.scrollWidth, b.clientWidth, b.scrollHeight, b.clientHeight]")
        assert sizes[0] > sizes[1] and sizes[2] > sizes[3], f"the table fits its box: {sizes}"
        assert_no_sideways_scroll(page, "figures at 320 px, 150%")
        # The arrow keys scroll the box once Tab has reached it.
        box.focus()
        for _ in range(4):
            page.keyboard.press("ArrowRight")
        # Keyboard scrolling is animated (smoothly, unless motion is reduced): wait for it, up to 5 s.
        page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle(), timeout=5000)
        # Scrolled down inside its box, the header row stays at the top of the box.
        box.evaluate("b => { b.scrollTop = 200; }")
        assert box.evaluate("""b => Math.abs(b.querySelector('thead th').getBoundingClientRect().top
                                              - b.getBoundingClientRect().top)""") <= 1.5
        # Where there is room (30em and wider), the first column stays as the rest scrolls sideways.
        page.set_viewport_size({"width": 480, "height": 640})
        box.evaluate("b => { b.scrollLeft = 150; }")
        assert box.evaluate("b => b.scrollLeft") > 0
        assert box.evaluate("""b => Math.abs(b.querySelector('tbody td').getBoundingClientRect().left
                                              - b.getBoundingClientRect().left)""") <= 1.5


LONG = ("https://www.example.gov.cn/zwgk/ghjh/2024/a-very-long-address-without-a-single-space/index.html "
        "Antidisestablishmentarianismincomprehensibilitiesly 123456789012345678901234567890.123456789")


@pytest.mark.browser
@pytest.mark.parametrize("path", [PART, "en/" + PART, "2024/parallel/", "en/glossary/", "en/about/"])
def test_long_words_addresses_and_numbers_wrap(browser, site_url, path):
    with context(browser, width=320, height=640, settings={"text": "150"}) as ctx:
        page = ctx.new_page()
        open_page(page, site_url + path)
        placed = page.evaluate("""text => {
          const where = ['.md-typeset h1', '.md-typeset p', '.gaobu-pair-en', '.md-copyright', '.md-typeset li'];
          let n = 0;
          for (const selector of where) {
            const e = document.querySelector(selector);
            if (e) { e.append(' ' + text); n++; }
          }
          return n;
        }""", LONG)
        assert placed >= 3
        assert_no_sideways_scroll(page, f"/{path} with long words at 320 px, 150%")


# 6. Print stays as it is -----------------------------------------------------------------------------------------------

PRINTED = """() => [...document.querySelectorAll('.md-content *, .md-header, .md-footer')].slice(0, 400).map(e => {
  const s = getComputedStyle(e);
  return [e.tagName, s.display, s.fontSize, s.lineHeight, s.color, s.backgroundColor, s.textDecorationLine,
          s.maxWidth, s.paddingLeft].join(' ');
})"""


@pytest.mark.browser
@pytest.mark.parametrize("path", ["2024/print/", "en/2024/print/", PART, "2024/figures/", "en/2024/parallel/"])
def test_print_is_the_same_at_every_setting(browser, site_url, path):
    printed = {}
    for name, settings in (("default", None), ("largest, high contrast", {"text": "150", "contrast": "more"})):
        with context(browser, settings=settings) as ctx:
            page = ctx.new_page()
            open_page(page, site_url + path)
            page.emulate_media(media="print")
            settled(page)
            printed[name] = page.evaluate(PRINTED)
    assert printed["default"] == printed["largest, high contrast"]


# 7. axe-core in every mode ---------------------------------------------------------------------------------------------

MODES = {
    "default": None,
    "high contrast": {"contrast": "more"},
    "largest text": {"text": "150"},
    "largest text, high contrast": {"text": "150", "contrast": "more"},
}


@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", ALL_PAGES)
def test_axe_finds_nothing_serious_in_any_mode(browser, site_url, path, mode):
    from axe_playwright_python.sync_playwright import Axe

    settings = MODES[mode]
    high = bool(settings and settings.get("contrast"))
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    if high:  # the high-contrast scheme promises 7:1 (WCAG 1.4.6, AAA)
        options["rules"] = {"color-contrast-enhanced": {"enabled": True}}
    with context(browser, settings=settings) as ctx:
        page = ctx.new_page()
        open_page(page, site_url + path)
        if high:
            assert page.get_attribute("html", "data-gaobu-contrast") == "more"
        response = Axe().run(page, options=options).response
    ran = {rule["id"] for kind in ("passes", "violations", "incomplete") for rule in response[kind]}
    assert "color-contrast" in ran and ("color-contrast-enhanced" in ran) == high, sorted(ran)
    fail_on_serious_axe_violations(response["violations"], f"/{path} ({mode})")
