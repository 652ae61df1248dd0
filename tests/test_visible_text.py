"""What a reader sees is text: no Markdown or HTML source shows on any page of the built site."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from ruamel.yaml import YAML

from conftest import ROOT

# Markup that leaked instead of being applied: attr_list (`{: …}`, `{#…}`), emphasis (`**`, `__`), links
# (`](`), admonitions (`!!!`), table rules (`| ---`), code (a backtick), a tag (`<span`, `</a>`), an entity
# escaped twice (`&lt;`, `&#93;`), and a Markdown backslash escape (`\(`, `\.`).
SOURCE = re.compile(r"\{:|\{#|\*\*|__|\]\(|!!!|\|\s*---|`|<[a-zA-Z/!]|&[a-zA-Z]+;|&#\d|\\[\\`*_{}\[\]()#+\-.!|>]")
HIDDEN = {"script", "style", "template"}
# One page of each kind, in each language: what the test must have seen, so that a page kind cannot drop out.
KINDS = {
    "home": "index.html", "cover": "2024/index.html", "part": "2024/review-2023/index.html",
    "figures": "2024/figures/index.html", "parallel": "2024/parallel/index.html", "print": "2024/print/index.html",
    "glossary": "glossary/index.html", "about": "about/index.html", "404": "404.html",
}


class _BodyText(HTMLParser):
    """The text of <body>, outside script, style and template: what the page shows (or reads out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_body, self.hidden, self.parts = False, 0, []

    def handle_starttag(self, tag, attrs):
        self.in_body |= tag == "body"
        self.hidden += tag in HIDDEN

    def handle_endtag(self, tag):
        self.hidden -= tag in HIDDEN

    def handle_data(self, data):
        if self.in_body and not self.hidden:
            self.parts.append(data)


def body_text(page: Path) -> str:
    parser = _BodyText()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return "".join(parser.parts)


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield " ".join(value.split())


def data_with_markup() -> list[str]:
    """Texts of the data that themselves contain such characters: those are allowed to show, as typed."""
    texts = []
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        texts.extend(_strings(YAML(typ="safe").load(path.read_text(encoding="utf-8"))))
    return [text for text in texts if SOURCE.search(text)]


def test_no_markdown_or_html_source_shows_on_any_page(built_site):
    pages = sorted(p for p in built_site.rglob("*.html") if "pagefind" not in p.parts)
    shown = {p.relative_to(built_site).as_posix() for p in pages}
    for prefix in ("", "en/"):
        assert {prefix + path for path in KINDS.values()} <= shown, "a page kind is missing from the build"
    allowed = data_with_markup()
    leaks = []
    for page in pages:
        text = " ".join(body_text(page).split())
        for data in allowed:
            text = text.replace(data, "")
        leaks.extend(f"{page.relative_to(built_site)}: …{text[max(0, m.start() - 30):m.end() + 30]}…"
                     for m in SOURCE.finditer(text))
    assert leaks == []


def test_the_check_sees_markup_that_leaks(tmp_path):
    """The pattern catches what leaked before: an attr_list after a link, a Markdown escape in raw HTML."""
    page = tmp_path / "page.html"
    page.write_text('<html><body><p><a href="x">report.json</a>{: #downloads .gaobu-downloads }</p>'
                    "<figure><figcaption>Growth \\(%\\)</figcaption></figure>"
                    "<script>if (a &lt; b) {: x }</script></body></html>", encoding="utf-8")
    assert [m.group(0) for m in SOURCE.finditer(body_text(page))] == ["{:", "\\(", "\\)"]
