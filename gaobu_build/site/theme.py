"""The theme the package carries (templates, CSS and JS over Material), and the site's colours in it.

A site needs no `overrides/` of its own: the plugin puts THEME_DIR among the theme's folders
after the site's `custom_dir`, so that a site's own overrides still win.
"""

from __future__ import annotations

from pathlib import Path

from ..checks.site import WHITE, contrast_ratio
from ..source.site import Palette

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"


def _darker(colour: str, by: float = 0.15) -> str:
    """Toward black: a darker colour keeps (and raises) its contrast with white text."""
    channels = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * (1 - by)):02x}" for c in channels)


def palette_css(palette: Palette) -> str:
    """Material's colour variables for the site's palette (validated #rrggbb values: nothing else gets in).

    The light and dark variants are the colour itself and a darker one, never lighter: Material puts white
    text on them too, and a lighter colour could miss the contrast that data/site.yaml's check ensures. Then the
    high-contrast variant of the same palette, which a reader may choose (high_contrast_css).
    """
    primary, accent = palette.primary.lower(), palette.accent.lower()
    variables = {
        "--md-primary-fg-color": primary,
        "--md-primary-fg-color--light": primary,
        "--md-primary-fg-color--dark": _darker(primary),
        "--md-primary-bg-color": "#fff",
        "--md-primary-bg-color--light": "#ffffffb3",
        "--md-accent-fg-color": accent,
        "--md-accent-fg-color--transparent": accent + "1a",
        "--md-accent-bg-color": "#fff",
        "--md-accent-bg-color--light": "#ffffffb3",
    }
    return ":root > * {" + " ".join(f"{name}: {value};" for name, value in variables.items()) + "}" + high_contrast_css(palette)


AAA_NORMAL_TEXT = 7.0  # WCAG 1.4.6 (Contrast, Enhanced)


def high_contrast(colour: str, ratio: float = AAA_NORMAL_TEXT) -> str:
    """The colour itself if it has `ratio` against white, else the first colour toward black that has it."""
    by = 0.0
    darker = colour
    while contrast_ratio(darker, WHITE) < ratio:
        by += 0.01
        darker = _darker(colour, by)
    return darker


def high_contrast_css(palette: Palette) -> str:
    """The high-contrast scheme a reader can choose (data-gaobu-contrast="more" on <html>; partials/reading.html).

    Text in black, links and the header in the site's colours darkened to 7:1 against white (WCAG AAA), borders
    at 7:1 too, the footer white on black, the search box as black as the text. On screens only: print and the
    PDFs keep the site's own colours.
    """
    primary, accent = high_contrast(palette.primary.lower()), high_contrast(palette.accent.lower())
    variables = {
        "--md-primary-fg-color": primary,
        "--md-primary-fg-color--light": primary,
        "--md-primary-fg-color--dark": _darker(primary),
        "--md-accent-fg-color": accent,
        "--md-accent-fg-color--transparent": accent + "1a",
        "--md-default-fg-color": "#000",
        "--md-default-fg-color--light": "#000",
        "--md-default-fg-color--lighter": "#575757",
        "--md-default-fg-color--lightest": "#0000001a",
        "--md-default-bg-color": "#fff",
        "--md-typeset-color": "#000",
        "--md-typeset-a-color": primary,
        "--md-typeset-table-color": "#575757",
        "--md-footer-fg-color": "#fff",
        "--md-footer-fg-color--light": "#fff",
        "--md-footer-fg-color--lighter": "#fff",
        "--md-footer-bg-color": "#000",
        "--md-footer-bg-color--dark": "#000",
        # The search box and its results (Pagefind's component UI, which has variables of its own).
        "--pf-text": "#000",
        "--pf-text-secondary": "#000",
        "--pf-text-muted": "#000",
        "--pf-mark": "#000",
        "--pf-border": "#575757",
        "--pf-border-focus": "#000",
        "--pf-outline-focus": accent,
    }
    body = " ".join(f"{name}: {value};" for name, value in variables.items())
    return '@media screen {:root[data-gaobu-contrast="more"] > * {' + body + "}}"
