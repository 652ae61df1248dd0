"""From the model to Markdown: a pure function, through the Jinja2 templates.

Nothing an editor types can become markup. Every value that reaches a
template's output must have passed through a filter that escapes it for its
context (`md` for Markdown text, `html` for text inside raw HTML blocks,
`attr` for HTML attribute values); any other string raises `UnescapedValue`,
so a template that forgets to escape fails at once instead of publishing an
editor's `<script>`.
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined

from .. import files
from ..memo import digest

from ..source.glossary import Glossary, TermFinder
from ..source.model import MARKER_RE, MASK_RE, SOURCE_LANGUAGE, Bilingual, Emphasised, Note, Report, find_phrases
from ..ui import UI


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
# A run of Chinese characters with the CJK punctuation inside or after it.
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]*")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])")


def normalize_space(text: str) -> str:
    """One line of text: YAML line breaks inside Chinese leave no space behind."""
    return _CJK_GAP.sub("", _SPACE.sub(" ", text).strip())


def escape_fragment(text: str) -> Safe:
    """Escape a piece of already normalised text, keeping its edge spaces."""
    return Safe(_MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).replace("]", "&#93;"))


def escape_attr(text: str) -> Safe:
    return Safe(html.escape(normalize_space(str(text)), quote=True))


def escape_html(text: str) -> Safe:
    """Text inside a raw HTML block (a chart's <figcaption>), where Markdown is not processed: a Markdown
    escape (`\\(`) would show there, so only HTML's characters are escaped."""
    return Safe(html.escape(normalize_space(str(text)), quote=False))


# In an attribute written inside Markdown text, Python-Markdown still reads code spans, backslash
# escapes and links: those inline patterns run before raw HTML is set apart. A definition's
# `[x](onmouseover=…)` became an <a> whose quotes closed the attribute. Their characters (HTML's
# are escaped already) are written as character references, which Markdown leaves alone.
_ATTR_IN_MARKDOWN = str.maketrans({c: f"&#{ord(c)};" for c in "`\\[]"})


def escape_attr_in_markdown(text: str) -> Safe:
    """An attribute value inside Markdown text (the hover text of a glossary term in a paragraph)."""
    return Safe(escape_attr(text).translate(_ATTR_IN_MARKDOWN))


def escape_url(url: str) -> Safe:
    """A link target from the data: only http(s), which the schema has already required."""
    if not url.startswith(("http://", "https://")):
        raise UnescapedValue(f"refusing to link to {url!r}: not an http(s) address")
    return escape_attr(url)


def chart_markup(chart) -> Safe:
    """A chart's SVG: made by charts.py, whose text matplotlib escapes as XML."""
    from .charts import Chart

    if not isinstance(chart, Chart):
        raise UnescapedValue(f"{chart!r} is not a Chart")
    return Safe(chart.svg)


def html_title(title: str, untranslated: bool, lang: str) -> str:
    """A page title as MkDocs and Material write it into HTML text (escaped, never escaped again there).

    A title shown in Chinese for want of English is marked as such, and as Chinese (WCAG 3.1.2), wherever
    Material shows it: the navigation, the header, the print edition's header.
    """
    text = html.escape(normalize_space(title), quote=False)
    if not untranslated:
        return text
    tip = html.escape(UI[lang]["untranslated_short"], quote=True)
    return f'<span class="gaobu-untranslated-text" lang="{UI[SOURCE_LANGUAGE]["html_lang"]}" title="{tip}">{text}</span>'


def _finalize(value):
    if isinstance(value, (Safe, int)) and not isinstance(value, bool):
        return value
    raise UnescapedValue(f"template output {value!r} was not escaped: pass it through `md` or `attr`")


@dataclass(frozen=True)
class RenderedPage:
    path: str  # relative to the language's docs root, e.g. "2024/review-2023.md"
    title: str
    markdown: str
    untranslated_title: bool = False  # the title is shown in Chinese on a page of another language


class CompiledTemplates(BytecodeCache):
    """Compiled Jinja2 templates kept in memory, for Environments of the same settings to share,
    and in `folder` (if set) for the next build.

    Each Renderer has its own Environment (its filters know its language); they share compiled
    templates. A template whose source changed is compiled again (Jinja2 checks a checksum).
    On disk, each is kept under the Jinja2 and Python versions and the environment's settings,
    which all change the code a template compiles to.
    """

    def __init__(self, folder: Path | None = None):
        self.store: dict[str, bytes] = {}
        self.folder = folder

    def _path(self, bucket) -> Path:
        env = bucket.environment
        settings = repr((jinja2.__version__, sys.version, sorted(env.extensions), env.block_start_string,
                         env.block_end_string, env.variable_start_string, env.variable_end_string,
                         env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
                         env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
                         env.keep_trailing_newline, env.optimized, env.is_async,
                         _name(env.autoescape), _name(env.finalize), _name(env.undefined)))
        return self.folder / f"{digest(settings, bucket.key)}.bc"  # type: ignore[operator]

    def load_bytecode(self, bucket):
        if bucket.key not in self.store and self.folder is not None:
            try:
                self.store[bucket.key] = self._path(bucket).read_bytes()
            except OSError:
                return
        if bucket.key in self.store:
            try:
                bucket.bytecode_from_string(self.store[bucket.key])  # from another version: compiled again
            except Exception:  # damaged: compiled again
                bucket.reset()

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()
        if self.folder is not None:
            try:
                files.write_bytes(self._path(bucket), self.store[bucket.key])
            except OSError:
                pass  # a cache that cannot be written only costs time


def _name(value) -> str:
    """A setting's name that is the same in every process (a function's, not its address)."""
    return f"{value.__module__}.{value.__qualname__}" if callable(value) else repr(value)


_COMPILED = CompiledTemplates()


def environment() -> Environment:
    env = Environment(
        bytecode_cache=_COMPILED,
        loader=PackageLoader("gaobu_build.render", "templates"),
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
    env.filters["html"] = escape_html
    env.filters["id"] = lambda ident: Safe(ident)  # ids are validated ASCII
    return env


class Renderer:
    """Renders one language. `stale` holds the ids of paragraphs whose English may be out of date."""

    def __init__(self, lang: str, glossary: Glossary | None = None, stale: frozenset[str] = frozenset(),
                 figures: dict[str, list] | None = None):
        self.lang = lang
        # Paragraph id → the indicators it states, each linked from under the paragraph.
        self.figures = figures or {}
        self.ui = {k: Safe(v) for k, v in UI[lang].items()}
        self.finder = TermFinder.of(glossary)
        self.stale = stale if lang != SOURCE_LANGUAGE else frozenset()
        self.env = environment()
        self.env.filters["md"] = self.text
        self.env.filters["prose"] = self.prose
        self.env.filters["zh"] = self.chinese
        self.env.filters["url"] = escape_url
        self.env.filters["chart"] = chart_markup
        self.env.globals.update(ui=self.ui, lang=lang, paragraph=self.paragraph, has_masks=self.has_masks)
        self.numbers = {}  # citation numbers of the report being rendered
        self.pair_href = ""  # from the page being rendered to the report's parallel view (its .md file)
        self.env.globals["numbered"] = self.numbered
        # Notes: the report's notes by marker, and the markers rendered on the current page (note id → anchor ids).
        self.notes: dict[str, Note] = {}
        self.refs: dict[str, list[str]] = {}
        self.ref_suffix = ""  # "-zh"/"-en" where both languages share a page (the parallel view)
        self.env.globals.update(notes_here=self.notes_here, note_line=self.note_line,
                                untranslated_note=lambda n: self.pick(n)[1])

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
        raw, untranslated = self.pick(value) if isinstance(value, Bilingual) or value is None else (str(value), False)
        inline = self._inline(normalize_space(raw), in_english=not untranslated and self.lang != SOURCE_LANGUAGE)
        return self.untranslated_span(inline) if untranslated else inline

    def untranslated_span(self, inline: Safe) -> Safe:
        """Chinese shown for want of English: marked as such, and as Chinese (WCAG 3.1.2)."""
        tip = escape_attr(UI[self.lang]["untranslated_short"])
        return Safe(f'<span class="gaobu-untranslated-text" lang="{UI[SOURCE_LANGUAGE]["html_lang"]}" title="{tip}">{inline}</span>')

    def chinese(self, text: str) -> Safe:
        """Chinese that a page of another language shows on purpose (a glossary term): marked as Chinese."""
        inline = self._inline(normalize_space(text))
        if self.lang == SOURCE_LANGUAGE:
            return inline
        return Safe(f'<span lang="{UI[SOURCE_LANGUAGE]["html_lang"]}">{inline}</span>')

    def _inline(self, raw: str, in_english: bool = False) -> Safe:
        escaped = escape_fragment(raw)
        if in_english:
            # Chinese words quoted in English text (“town centers (圩镇)”) are marked as Chinese (WCAG 3.1.2).
            # Markdown escaping touches ASCII only, so the runs are the same after it.
            escaped = _HAN_RUN.sub(lambda m: f'<span lang="{UI[SOURCE_LANGUAGE]["html_lang"]}">{m.group(0)}</span>', escaped)
        tip = escape_attr(UI[self.lang]["masked_tip"])
        return Safe(MASK_RE.sub(
            lambda m: f'<span class="gaobu-masked" title="{tip}">{m.group(0)}'
                      f'<span class="gaobu-sr" data-pagefind-ignore>（{tip}）</span></span>',
            escaped))

    def prose(self, value: Bilingual) -> Safe:
        """Paragraph text: its emphasised phrases in bold, its note markers linked to their notes, and the
        first use of each glossary term explained on hover. Everything in it is the data's text, escaped."""
        raw, untranslated = self.pick(value)
        raw = normalize_space(raw)
        lang = SOURCE_LANGUAGE if untranslated else self.lang
        phrases = [normalize_space(p) for p in value.phrases(lang)] if isinstance(value, Emphasised) else []
        bold = [span for span in find_phrases(raw, phrases) if span]
        bounds = {i for span in bold for i in span}
        pieces: list[tuple[int, int, str]] = []  # (start, end, markup), never across a bold phrase's edge

        def free(start: int, end: int) -> bool:
            return not any(start < b < end for b in bounds) and all(end <= a or start >= b for a, b, _ in pieces)

        for match in MARKER_RE.finditer(raw):
            note = self.notes.get(match.group(0))
            if note and free(match.start(), match.end()):
                pieces.append((match.start(), match.end(), self._marker(note, match.group(0))))
        explained = set()
        for match in self.finder.find(raw, lang):
            if id(match.term) in explained or not free(match.start, match.end):
                continue
            explained.add(id(match.term))
            tip = escape_attr_in_markdown(self.term_tip(match.term))
            pieces.append((match.start, match.end,
                           f'<abbr class="gaobu-term" title="{tip}">'
                           f'{self._inline(raw[match.start:match.end], in_english=lang != SOURCE_LANGUAGE)}</abbr>'))
        return self._assemble(raw, sorted(pieces), bold, in_english=lang != SOURCE_LANGUAGE)

    def _assemble(self, raw: str, pieces: list[tuple[int, int, str]], bold: list[tuple[int, int]],
                  in_english: bool = False) -> Safe:
        starts, ends = {a for a, _ in bold}, {b for _, b in bold}
        cuts = sorted({len(raw)} | starts | ends | {i for a, b, _ in pieces for i in (a, b)})
        markup = {a: (b, html) for a, b, html in pieces}
        out, pos = [], 0
        while pos < len(raw):
            if pos in ends:
                out.append("</strong>")
            if pos in starts:
                out.append("<strong>")
            if pos in markup:
                pos, html = markup[pos]
                out.append(html)
                continue
            cut = next(c for c in cuts if c > pos)
            out.append(self._inline(raw[pos:cut], in_english=in_english))
            pos = cut
        if len(raw) in ends:
            out.append("</strong>")
        return Safe("".join(out))

    def _marker(self, note: Note, marker: str) -> str:
        """A note's marker in the text: a link to the note, and the anchor the note links back to."""
        refs = self.refs.setdefault(note.id, [])
        ref = f"{note.id}-ref{self.ref_suffix}" + (f"-{len(refs) + 1}" if refs else "")
        refs.append(ref)
        label = escape_attr(UI[self.lang]["note_ref"].format(marker=marker))
        return (f'<sup class="gaobu-note-ref"><a id="{ref}" href="#{note.id}" aria-label="{label}">'
                f'{self._inline(marker)}</a></sup>')

    def notes_here(self) -> list[Note]:
        """The notes whose markers this page has shown so far, in the order of their first marker."""
        order = list(self.refs)
        return sorted((n for n in self.notes.values() if n.id in self.refs), key=lambda n: order.index(n.id))

    def note_line(self, note: Note) -> Safe:
        """A note at the foot of the page: its marker (back to the first reference), its text, more ways back."""
        refs = self.refs.get(note.id, [])
        back = escape_attr(UI[self.lang]["note_back"])
        head = (f'<a class="gaobu-note-marker" href="#{refs[0]}" title="{back}">{self._inline(note.marker)}</a> '
                if refs else f"{self._inline(note.marker)} ")
        more = "".join(f' <a class="gaobu-note-back" href="#{ref}" title="{back}">↩&#xFE0E;</a>' for ref in refs)
        return Safe(head + self.prose(note) + more)

    def term_tip(self, term) -> str:
        definition = term.definition.en if term.definition and self.lang == "en" else (
            term.definition.zh if term.definition else None)
        other = term.zh if self.lang == "en" else term.en
        return UI[self.lang]["term_tip"].format(other=other) + (f" {definition}" if definition else "")

    def numbered(self, ident: str) -> Safe:
        """The attributes that mark an element's citation number and its parallel view (see permalinks.py)."""
        number = self.numbers.get(ident)
        if not number:
            return Safe("")
        pair = f' data-gaobu-pair="{escape_attr(self.pair_href)}"' if self.pair_href and number.kind == "paragraph" else ""
        return Safe(f' data-gaobu-n="{number.number}"{pair}')

    def has_masks(self, *texts) -> bool:
        return any(MASK_RE.search(self.pick(t)[0]) for t in texts if t is not None)

    def paragraph(self, p) -> Safe:
        untranslated = self.pick(p)[1]
        stale = p.id in self.stale and not untranslated
        return Safe(self.env.get_template("paragraph.md.j2").render(
            p=p, untranslated=untranslated, stale=stale, figures=self.figures.get(p.id, [])))

    # -- pages ----------------------------------------------------------------
    def page(self, template: str, path: str, title, **context) -> RenderedPage:
        self.refs = {}  # each page has its own markers and notes
        markdown = self.env.get_template(template).render(**context)
        if isinstance(title, Bilingual):
            shown, untranslated = self.pick(title)
            return RenderedPage(path, shown, markdown, untranslated)
        return RenderedPage(path, title, markdown)


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
