"""Permalink controls in the HTML: a Python-Markdown extension (not MkDocs).

The templates mark each part heading, section heading and paragraph with
its citation number (`data-gaobu-n`); this turns the mark into a real link
to the element's #id, showing the number. Its name, in the page's language,
starts with the number it shows (WCAG 2.5.3, label in name) and says what
else it does: the site's script (theme/assets/gaobu.js) opens a small menu
there to copy the address, copy it with a citation, or show its QR code.
Without JavaScript it is still a plain permanent link.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..source.numbering import PARAGRAPH, PART, SECTION, Number
from ..ui import UI

MARK = "data-gaobu-n"
PAIR = "data-gaobu-pair"
SHARE = "gaobu-share"  # the class of a numbered heading's link, which opens the menu (a paragraph's: gaobu-permalink)
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _kind(tag: str, number: str) -> str | None:
    """A paragraph, or a heading: a part (§ 1, an h1 on its page, an h2 side by side) or a section (§ 1.2)."""
    if tag == "p":
        return PARAGRAPH
    if tag in _HEADINGS:
        return PART if "." not in number else SECTION
    return None


class _Permalinks(Treeprocessor):
    def __init__(self, md, lang: str):
        super().__init__(md)
        self.ui = UI[lang]

    def run(self, root):
        for el in list(root.iter()):
            number = el.attrib.pop(MARK, None)
            pair = el.attrib.pop(PAIR, None)
            ident = el.get("id")
            if number is None and ident is not None and el.tag in _HEADINGS:
                self._name_heading_link(el, self.ui["link_heading"])  # the site's own headings (contents, …)
            kind = _kind(el.tag, number) if number is not None else None
            if kind is None or ident is None:
                continue
            n = Number(kind, number)
            label = self.ui[f"link_{kind}"].format(n=n.number if kind == PARAGRAPH else n.citation)
            if kind == PARAGRAPH:
                link = etree.Element("a", {"class": "gaobu-permalink", "href": f"#{ident}", "aria-label": label,
                                           "title": label, "data-pagefind-ignore": "all"})
                link.text, link.tail, el.text = n.number, el.text, None
                el.insert(0, link)
                if pair:  # the same paragraph in the parallel view, both languages side by side
                    name = self.ui["link_pair"].format(n=n.number)
                    side = etree.Element("a", {"class": "gaobu-pair-link", "href": f"{pair}#{ident}", "aria-label": name,
                                               "title": name, "data-pagefind-ignore": "all"})
                    side.text, side.tail, link.tail = "⇄", link.tail, None
                    el.insert(1, side)
            else:
                # Material's ¶ (toc `permalink`), named and numbered; made here when the toc adds none.
                link = self._name_heading_link(el, label)
                if link is None:  # (an Element without children is false: no `or` here)
                    link = etree.SubElement(el, "a", {"class": "headerlink", "href": f"#{ident}", "aria-label": label, "title": label})
                link.set("class", f"headerlink {SHARE}")
                link.text = n.citation

    @staticmethod
    def _name_heading_link(heading, label: str):
        link = next((a for a in heading if a.tag == "a" and "headerlink" in a.get("class", "").split()), None)
        if link is not None:
            link.set("aria-label", label)
            link.set("title", label)
        return link


class PermalinkExtension(Extension):
    def __init__(self, lang: str):
        self.lang = lang
        super().__init__()

    def extendMarkdown(self, md):
        # After the toc (priority 5), which adds the headings' ¶ links.
        md.treeprocessors.register(_Permalinks(md, self.lang), "gaobu_permalinks", 4)
