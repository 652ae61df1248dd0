"""From the model to Markdown: a pure function, through the Jinja2 templates.

Nothing an editor types can become markup. Every value that reaches a
template's output must have passed through a filter that escapes it for its
context (`md` for Markdown text, `attr` for HTML attribute values); any other
string raises `UnescapedValue`, so a template that forgets to escape fails
at once instead of publishing an editor's `<script>`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined

from .checks import MASK_RE
from .model import SOURCE_LANGUAGE, Bilingual, Report
from .strings import UI


class Safe(str):
    """A string already escaped for the place it is written to."""


class UnescapedValue(TypeError):
    pass


# Python-Markdown's escapable characters with the site's extensions
# (`Markdown.ESCAPED_CHARS`); a backslash before any other character would
# show. `<` and `&` become entities instead, and so does `]`: the pattern of
# reference definitions ignores backslashes, so a link text from a template
# (`- [text](url)`) starting with `\]:` became a definition and vanished.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[()>#+\-.!|])")
_SPACE = re.compile(r"\s+")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])")


def normalize_space(text: str) -> str:
    """One line of text: YAML line breaks inside Chinese leave no space behind."""
    return _CJK_GAP.sub("", _SPACE.sub(" ", text).strip())


def escape_markdown(text: str) -> Safe:
    text = html.escape(normalize_space(text), quote=False)
    return Safe(_MD_SPECIAL.sub(r"\\\1", text).replace("]", "&#93;"))


def escape_attr(text: str) -> Safe:
    return Safe(html.escape(normalize_space(str(text)), quote=True))


def _finalize(value):
    if isinstance(value, (Safe, int)) and not isinstance(value, bool):
        return value
    raise UnescapedValue(f"template output {value!r} was not escaped: pass it through `md` or `attr`")


@dataclass(frozen=True)
class RenderedPage:
    path: str  # relative to the language's docs root, e.g. "2024/review-2023.md"
    title: str
    markdown: str


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("gaobu_build", "templates"),
        # Markdown's `{#id}` would open a Jinja2 comment.
        comment_start_string="{##",
        comment_end_string="##}",
        undefined=StrictUndefined,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["attr"] = escape_attr
    env.filters["id"] = lambda ident: Safe(ident)  # ids are validated ASCII
    return env


class Renderer:
    def __init__(self, lang: str):
        self.lang = lang
        self.ui = {k: Safe(v) for k, v in UI[lang].items()}
        self.env = environment()
        self.env.filters["md"] = self.text
        self.env.globals.update(ui=self.ui, lang=lang, paragraph=self.paragraph, has_masks=self.has_masks)

    # -- text ---------------------------------------------------------------
    def pick(self, value: Bilingual | None) -> tuple[str, bool]:
        """The text in this language, or the source text flagged as untranslated."""
        if value is None:
            return "", False
        text = value.text(self.lang)
        if text is None:
            return value.zh, self.lang != SOURCE_LANGUAGE
        return text, False

    def text(self, value) -> Safe:
        raw = self.pick(value)[0] if isinstance(value, Bilingual) or value is None else str(value)
        escaped = escape_markdown(raw)
        tip = escape_attr(UI[self.lang]["masked_tip"])
        return Safe(MASK_RE.sub(
            lambda m: f'<span class="gaobu-masked" title="{tip}">{m.group(0)}'
                      f'<span class="gaobu-sr" data-pagefind-ignore>（{tip}）</span></span>',
            escaped))

    def has_masks(self, *texts) -> bool:
        return any(MASK_RE.search(self.pick(t)[0]) for t in texts if t is not None)

    def paragraph(self, p) -> Safe:
        return Safe(self.env.get_template("paragraph.md.j2").render(p=p, untranslated=self.pick(p)[1]))

    # -- pages ----------------------------------------------------------------
    def page(self, template: str, path: str, title, **context) -> RenderedPage:
        markdown = self.env.get_template(template).render(**context)
        return RenderedPage(path, self.pick(title)[0] if isinstance(title, Bilingual) else title, markdown)


def paragraph_pages(report: Report) -> dict[str, str]:
    """Which page (cover or part id) holds each paragraph and section."""
    where = {p.id: "" for p in report.preamble}
    for part in report.parts:
        where[part.id] = part.id
        for p in part.paragraphs:
            where[p.id] = part.id
        for section in part.sections:
            where[section.id] = part.id
            for p in section.paragraphs:
                where[p.id] = part.id
    return where


def render_report(report: Report, slug: str, lang: str) -> list[RenderedPage]:
    r = Renderer(lang)
    pages = [r.page("report.md.j2", f"{slug}/index.md", report.title, report=report, anchors=paragraph_pages(report))]
    for part in report.parts:
        pages.append(r.page("part.md.j2", f"{slug}/{part.id}.md", part.title, report=report, part=part))
    return pages


def render_home(reports: list[tuple[str, Report]], lang: str) -> RenderedPage:
    r = Renderer(lang)
    items = [(slug, report, paragraph_pages(report)) for slug, report in reports]
    return r.page("home.md.j2", "index.md", UI[lang]["home_title"], reports=items)


def render_site(reports: list[tuple[str, Report]], lang: str) -> list[RenderedPage]:
    """Every generated page of one language, home first, in reading order."""
    pages = [render_home(reports, lang)]
    for slug, report in reports:
        pages.extend(render_report(report, slug, lang))
    return pages
