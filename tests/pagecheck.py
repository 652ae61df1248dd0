"""Rendered pages as a reader gets them: HTML from the site's own Markdown pipeline, its text and its markup.

Shared by the bad-input corpus and the text-is-text tests, so that both judge
"no markup was injected" the same way. The Markdown is converted by MkDocs
itself (`Page.render`), with the configuration each language's build has once
the gaobu plugin has configured it: mkdocs.yml's extensions and their
settings, plus the plugin's own (the permalinks). Nothing is copied from
mkdocs.yml or the plugin, so the tests cannot drift from the site.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ruamel.yaml import YAML

from conftest import ROOT
from gaobu_build.source.model import SOURCE_LANGUAGE, Report
from gaobu_build.render.pages import ReportInput, render_site
from gaobu_build.source.site import SITE_FILE, SiteIdentity

# The site's identity as data/site.yaml has it, for rendering pages without reading the whole project.
SITE = SiteIdentity.model_validate(YAML(typ="safe").load((ROOT / "data" / SITE_FILE).read_text(encoding="utf-8")))

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


@functools.cache
def site_config(lang: str):
    """`lang`'s MkDocs configuration as the build has it after the gaobu plugin's `on_config`.

    The first language is configured as `mkdocs build` configures it; each other one
    as the plugin configures the build it starts for that language. No command is
    given, so nothing is staged and no PDF is planned.
    """
    from mkdocs.config import load_config

    primary = load_config(str(ROOT / "mkdocs.yml"))
    primary = primary.plugins.on_config(primary)
    if lang == SOURCE_LANGUAGE:
        return primary
    child = load_config(str(ROOT / "mkdocs.yml"))
    child.plugins["gaobu"]._join(child, primary.plugins["gaobu"].primary.session, lang)
    return child.plugins.on_config(child)


def render_pages(pages: dict[str, str], lang: str) -> dict[str, str]:
    """Each page's HTML (path -> Markdown in, path -> HTML out), converted by MkDocs as in `lang`'s build."""
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    config = site_config(lang)
    files = Files([File.generated(config, path, content=text) for path, text in pages.items()])
    out = {}
    for file in files:
        page = Page(None, file, config)
        page.read_source(config)
        page.render(config, files)
        out[file.src_uri] = page.content
    return out


def to_html(md_text: str, lang: str = SOURCE_LANGUAGE) -> str:
    """One page of Markdown as `lang`'s build converts it."""
    return render_pages({"index.md": md_text}, lang)["index.md"]


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
    return {(lang, path): parse(html)
            for lang in ("zh", "en")
            for path, html in render_pages({p.path: p.markdown for p in render_site([ReportInput(slug, report)], lang, SITE)}, lang).items()}


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
