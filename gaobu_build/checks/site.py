"""The site's colours against WCAG 2.1 AA: every colour of data/site.yaml's palette carries text.

White text sits on the primary colour (the header), links are written in it on the white page,
and the accent colours links and buttons under the pointer: each pair needs a contrast of at
least 4.5:1 (success criterion 1.4.3, normal text).
"""

from __future__ import annotations

import math

from ..source.findings import ERROR, Finding

AA_NORMAL_TEXT = 4.5
WHITE = "#ffffff"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(one: str, other: str) -> float:
    lighter, darker = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def shown_ratio(ratio: float) -> str:
    """Rounded down, so that 4.49:1 never reads as the 4.5:1 it misses."""
    return f"{math.floor(ratio * 100) / 100:.2f}:1"


USES = {
    "primary": "white text on it (the header) and links in it on the white page",
    "accent": "links and buttons in it on the white page, under the pointer or focus",
}


def check_palette(site) -> list[Finding]:
    """`site` is the DataFile of data/site.yaml."""
    findings = []
    palette = site.model.palette
    for name, use in USES.items():
        colour = getattr(palette, name)
        ratio = contrast_ratio(colour, WHITE)
        if ratio < AA_NORMAL_TEXT:
            findings.append(site.finding(
                ("palette", name), ERROR, "low-contrast",
                f"Expected the {name} colour to have a contrast of at least {AA_NORMAL_TEXT}:1 against white (WCAG AA) "
                f"but received: {colour}, {shown_ratio(ratio)}",
                f"The site shows {use}: choose a darker colour, e.g. #c62828 (5.62:1) or #1565c0 (5.74:1)."))
    return findings
