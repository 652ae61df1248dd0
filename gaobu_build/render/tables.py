"""Every table in a box of its own: a Python-Markdown extension (not MkDocs).

A table of figures is wider than a phone, or than a page read at 200% zoom or
in the largest text size. The page itself must never scroll sideways (WCAG
1.4.10 Reflow), so the table scrolls inside its own box instead: a region
named after the heading above it, reachable by Tab so that the arrow keys
scroll it (WCAG 2.1.1), its header row and first column kept in view by the
site's CSS (`.gaobu-table` in theme/assets/gaobu.css). The box is in the HTML
as built, not added by a script, so nothing moves when the page has loaded.
"""

from __future__ import annotations

import copy
import html
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.extensions.toc import render_inner_html, strip_tags
from markdown.treeprocessors import Treeprocessor

from ..ui import UI

CLASS = "gaobu-table"
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _TableRegions(Treeprocessor):
    def __init__(self, md, lang: str):
        super().__init__(md)
        self.fallback = UI[lang]["table_region"]

    def run(self, root):
        self._heading = None
        self._wrap(root)

    def _wrap(self, parent) -> None:
        for index, child in enumerate(list(parent)):
            if not isinstance(child.tag, str):
                continue
            if child.tag in _HEADINGS:
                self._heading = self._plain_text(child)
            elif child.tag == "table":
                box = etree.Element("div", {"class": CLASS, "role": "region", "tabindex": "0",
                                            "aria-label": self._heading or self.fallback})
                box.tail, child.tail = child.tail, None
                parent.remove(child)
                box.append(child)
                parent.insert(index, box)
            elif child.get("class", "").split().count(CLASS) == 0:
                self._wrap(child)

    def _plain_text(self, heading) -> str:
        """The heading as a reader sees it: its inline HTML (a `lang` span) reduced to text, as the toc does."""
        return html.unescape(strip_tags(render_inner_html(copy.deepcopy(heading), self.md)))


class TableRegionExtension(Extension):
    def __init__(self, lang: str):
        self.lang = lang
        super().__init__()

    def extendMarkdown(self, md):
        # After attr_list (8), before the toc (5) adds each heading's ¶ link, whose name is not the heading's.
        md.treeprocessors.register(_TableRegions(md, self.lang), "gaobu_table_regions", 6)
