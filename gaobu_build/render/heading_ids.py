"""Every heading keeps the id it was given: a Python-Markdown extension (not MkDocs) that finds the ones that were not.

Python-Markdown's toc makes an id from a heading's text when none was
written. From Chinese text it makes `_1`, `_2`… (the text has no ASCII
letters to keep), and a repeated heading gets `…_1`: ids that change when a
heading is added above, so links to them break. Generated pages take every id
from the data; a hand-written page must write its own (`# 标题 {#id}`). This
extension records the headings whose id toc had to number, for the build to
refuse them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
NUMBERED_ID = re.compile(r"_\d+$")  # what toc makes of a heading without ASCII letters, or of a repeated one
_STASHED = re.compile("\x02[^\x03]*\x03")  # Python-Markdown's placeholders for raw HTML


@dataclass(frozen=True)
class NumberedHeading:
    text: str
    level: int
    id: str
    occurrence: int  # 0 for the page's first heading of this text, 1 for the second…


def _text(el) -> str:
    return " ".join(_STASHED.sub("", "".join(el.itertext())).split())


class _MarkUnnamed(Treeprocessor):
    """Notes each heading that has no id yet, with its text (before toc adds its ¶ link)."""

    def __init__(self, md, unnamed: dict):
        super().__init__(md)
        self.unnamed = unnamed

    def run(self, root):
        self.unnamed.clear()
        seen: dict[str, int] = {}
        for el in root.iter():
            if el.tag in _HEADINGS:
                text = _text(el)
                if "id" not in el.attrib:
                    self.unnamed[el] = (text, seen.get(text, 0))
                seen[text] = seen.get(text, 0) + 1


class _CollectNumbered(Treeprocessor):
    def __init__(self, md, unnamed: dict, found: list[NumberedHeading]):
        super().__init__(md)
        self.unnamed, self.found = unnamed, found

    def run(self, root):
        for el, (text, occurrence) in self.unnamed.items():
            ident = el.get("id", "")
            if NUMBERED_ID.search(ident):
                self.found.append(NumberedHeading(text, int(el.tag[1]), ident, occurrence))
        self.unnamed.clear()


class HeadingIdExtension(Extension):
    """`numbered` holds the headings of the pages converted since it was last emptied."""

    def __init__(self):
        self.numbered: list[NumberedHeading] = []
        super().__init__()

    def extendMarkdown(self, md):
        unnamed: dict = {}
        # attr_list (priority 8) sets the ids written in the page; toc (5) makes up the others.
        md.treeprocessors.register(_MarkUnnamed(md, unnamed), "gaobu_mark_unnamed_headings", 6)
        md.treeprocessors.register(_CollectNumbered(md, unnamed, self.numbered), "gaobu_numbered_heading_ids", 4.5)


def heading_line(source: str, heading: NumberedHeading) -> int:
    """The line of a Markdown source where `heading` is written (1 when it cannot be found)."""
    lines = source.splitlines()
    written = [n for n, line in enumerate(lines, start=1) if line.lstrip().startswith("#") and heading.text in line]
    written = written or [n for n, line in enumerate(lines, start=1) if heading.text in line]  # a Setext heading
    return written[min(heading.occurrence, len(written) - 1)] if written else 1
