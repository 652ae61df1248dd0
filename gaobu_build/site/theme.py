"""The theme the package carries (templates, CSS and JS over Material), and the site's colours in it.

A site needs no `overrides/` of its own: the plugin puts THEME_DIR among the theme's folders
after the site's `custom_dir`, so that a site's own overrides still win.
"""

from __future__ import annotations

from pathlib import Path

from ..source.site import Palette

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"


def _darker(colour: str, by: float = 0.15) -> str:
    """Toward black: a darker colour keeps (and raises) its contrast with white text."""
    channels = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * (1 - by)):02x}" for c in channels)


def palette_css(palette: Palette) -> str:
    """Material's colour variables for the site's palette (validated #rrggbb values: nothing else gets in).

    The light and dark variants are the colour itself and a darker one, never lighter: Material puts white
    text on them too, and a lighter colour could miss the contrast that data/site.yaml's check ensures.
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
    return ":root > * {" + " ".join(f"{name}: {value};" for name, value in variables.items()) + "}"
