"""Rendered pages as a reader gets them: HTML from the site's own Markdown set-up, its text and its markup.

Shared by the bad-input corpus and the text-is-text tests, so that both judge
"no markup was injected" the same way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

import markdown
from ruamel.yaml import YAML

from conftest import ROOT
from gaobu_build.source.model import Report
from gaobu_build.render.pages import ReportInput, render_site
from gaobu_build.source.site import SITE_FILE, SiteIdentity

# The site's identity as data/site.yaml has it, for rendering pages without reading the whole project.
SITE = SiteIdentity.model_validate(YAML(typ="safe").load((ROOT / "data" / SITE_FILE).read_text(encoding="utf-8")))

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


def markdown_setup() -> tuple[list[str], dict]:
    """The extensions and their settings exactly as mkdocs.yml has them, so the tests cannot drift from the site."""
    yaml = YAML(typ="safe")
    yaml.constructor.add_constructor("!ENV", lambda loader, node: None)  # MkDocs' environment tag: not needed here
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, str):
            names.append(entry)
        else:
            (name, settings), = entry.items()
            names.append(name)
            configs[name] = settings or {}
    return names, configs


_NAMES, _CONFIGS = markdown_setup()


def to_html(md_text: str) -> str:
    """As MkDocs renders a page: its YAML front matter (the print edition's) is data, not text, and is taken off first."""
    from mkdocs.utils.meta import get_data

    body, _ = get_data(md_text)
    return markdown.markdown(body, extensions=_NAMES, extension_configs=_CONFIGS)


@dataclass
class Node:
    tag: str
    attrs: dict
    children: list = field(default_factory=list)  # Node or str

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self.stack[-1].children.append(data)

    # Anything but elements and text in the output is itself an injection.
    def handle_comment(self, data):
        self.stack[-1].children.append(Node("#comment", {"data": data}))

    def handle_pi(self, data):
        self.stack[-1].children.append(Node("#pi", {"data": data}))

    def handle_decl(self, decl):
        self.stack[-1].children.append(Node("#decl", {"data": decl}))


def parse(html_text: str) -> Node:
    builder = _Builder()
    builder.feed(html_text)
    builder.close()
    return builder.root


# What the site wraps around Chinese words inside English text (WCAG 3.1.2): a mark of the text's language,
# which the text itself decides, not markup the text adds.
LANGUAGE_MARK = ("span", (("lang", "zh-Hans"),))


def markup(root: Node) -> Counter:
    """Every element with all its attributes: what text must never add to or change (language marks aside)."""
    found = Counter((n.tag, tuple(sorted(n.attrs.items()))) for n in root.walk())
    found.pop(LANGUAGE_MARK, None)
    return found


def pages_html(report: Report, slug: str = "2024") -> dict[tuple[str, str], Node]:
    """Each generated page of both languages, as parsed HTML, keyed by (lang, path)."""
    return {(lang, page.path): parse(to_html(page.markdown))
            for lang in ("zh", "en") for page in render_site([ReportInput(slug, report)], lang, SITE)}


def replace_text(report: Report, old: str, new: str) -> Report:
    """The same report with `old` replaced in every text field (ids and flags untouched)."""
    def swap(value, key=""):
        if isinstance(value, dict):
            return {k: swap(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        if isinstance(value, str) and key in ("zh", "en"):
            return value.replace(old, new)
        return value
    return Report.model_validate(swap(report.model_dump()))
