"""The report as data: what editors write in `data/`, and nothing else.

pydantic is used (rather than MkDocs-style config classes) because the model
must not depend on MkDocs, and because it reports every problem of a file at
once with the exact location of each (`loc`), which the loader turns into
line and column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr
from pydantic_core import PydanticCustomError

LANGUAGES = ("zh", "en")
SOURCE_LANGUAGE = "zh"

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_MAX = 64
ID_EXAMPLE = "review-2023"
# The source prints words it withholds as runs of "X"; both languages keep them.
# A quoted “XXX” is text about the masks, not a mask.
MASK_RE = re.compile(r"(?<![“\"‘X])X{3,}(?![”\"X])")
# A note's marker, as the text prints it where it refers to the note: [1] … [999], or ① … ⑳.
MARKER_RE = re.compile(r"\[\d{1,3}\]|[\u2460-\u2473]")
# Far above any real paragraph (the longest has about 1,200 characters), low
# enough that a pasted document or a runaway file is caught, not published.
TEXT_MAX = 20_000


def check_id(value: str) -> str:
    if not ID_RE.fullmatch(value) or len(value) > ID_MAX:
        raise PydanticCustomError(
            "gaobu_bad_id",
            "Expected an id of lowercase ASCII letters, digits and single hyphens, "
            "at most {max} characters, but received: {value}",
            {"value": repr(value), "max": ID_MAX},
        )
    return value


def describe_char(ch: str) -> str:
    kind = {"Cc": "control character", "Cs": "lone surrogate"}.get(unicodedata.category(ch), "character")
    return f"the {kind} U+{ord(ch):04X}"


# Control characters but tab and line break, and lone surrogates. YAML refuses
# them typed raw, but its double-quoted escapes ("\a", "\x85", "\ud800") let
# them through; a surrogate cannot even be written to a page.
UNPRINTABLE_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def check_content(value: str) -> str:
    if len(value) > TEXT_MAX:
        raise PydanticCustomError(
            "gaobu_text_too_long",
            "Expected text of at most {max} characters but received: {length} characters",
            {"max": f"{TEXT_MAX:,}", "length": f"{len(value):,}"},
        )
    bad = UNPRINTABLE_RE.search(value)
    if bad:
        raise PydanticCustomError(
            "gaobu_control_character",
            "Expected printable text but received: {char} (character {position} of the text)",
            {"char": describe_char(bad.group()), "position": bad.start() + 1},
        )
    return value


def check_text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("gaobu_empty_text", "Expected text but received an empty string", {})
    return check_content(value)


def check_marker(value: str) -> str:
    if not MARKER_RE.fullmatch(value):
        raise PydanticCustomError(
            "gaobu_bad_marker", "Expected a note marker such as [1] or ① but received: {value}", {"value": repr(value)})
    return value


def find_phrases(text: str, phrases: list[str]) -> list[tuple[int, int] | None]:
    """Where each phrase is in `text`: the first place after the phrase before it (None when it is not there)."""
    spans: list[tuple[int, int] | None] = []
    start = 0
    for phrase in phrases:
        at = text.find(phrase, start) if phrase else -1
        spans.append((at, at + len(phrase)) if at >= 0 else None)
        if at >= 0:
            start = at + len(phrase)
    return spans


Id = Annotated[StrictStr, AfterValidator(check_id)]
Marker = Annotated[StrictStr, AfterValidator(check_marker)]
Text = Annotated[StrictStr, AfterValidator(check_text)]
# English may be empty while a translation is under way, but is otherwise held to the same rules.
Translation = Annotated[StrictStr, AfterValidator(check_content)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# A text that is a web address and nothing else (an imported report's `source`): the same in every language.
URL_ONLY_RE = re.compile(r"\s*https?://\S+\s*")


class Bilingual(Strict):
    """A piece of text in the source language and, once translated, in English."""

    zh: Text
    en: Translation | None = None

    def text(self, lang: str) -> str | None:
        value = getattr(self, lang)
        if (value is None or not value.strip()) and self.neutral:
            return self.zh.strip()
        return value if value and value.strip() else None

    @property
    def neutral(self) -> bool:
        """Nothing to translate: a web address alone reads the same in English."""
        return bool(URL_ONLY_RE.fullmatch(self.zh))


class Emphasised(Bilingual):
    """A text with phrases that the source prints in bold (lead phrases), in each language.

    Each phrase is looked for in the text after the one before it; the text
    stays plain text, and the site shows the phrase in bold.
    """

    emphasis: list[Bilingual] = []

    def phrases(self, lang: str) -> list[str]:
        """The emphasised phrases of the text shown in `lang` (an untranslated text shows the Chinese ones)."""
        if lang != SOURCE_LANGUAGE and self.text(lang) is None:
            lang = SOURCE_LANGUAGE
        return [e.text(lang) for e in self.emphasis if e.text(lang)]


class Paragraph(Emphasised):
    id: Id
    # The source stops inside this paragraph; readers are told so.
    text_ends_here: StrictBool = False


class Note(Emphasised):
    """A note of the report: the paragraphs that refer to it carry its marker in their text."""

    id: Id
    marker: Marker


class Section(Strict):
    id: Id
    title: Bilingual
    paragraphs: list[Paragraph] = Field(min_length=1)


class Part(Strict):
    id: Id
    title: Bilingual
    paragraphs: list[Paragraph] = []
    sections: list[Section] = []


class KeyFigure(Strict):
    label: Bilingual
    value: Bilingual
    change: Bilingual | None = None
    paragraph: Id


class Report(Strict):
    year: StrictInt
    title: Bilingual
    meeting: Bilingual | None = None
    source: Bilingual | None = None
    key_figures: list[KeyFigure] = []
    preamble: list[Paragraph] = []
    parts: list[Part] = Field(min_length=1)
    notes: list[Note] = []

    def all_paragraphs(self) -> Iterator[tuple[Paragraph, tuple]]:
        """Every paragraph in reading order, with its location in the data."""
        for i, p in enumerate(self.preamble):
            yield p, ("preamble", i)
        for pi, part in enumerate(self.parts):
            for i, p in enumerate(part.paragraphs):
                yield p, ("parts", pi, "paragraphs", i)
            for si, section in enumerate(part.sections):
                for i, p in enumerate(section.paragraphs):
                    yield p, ("parts", pi, "sections", si, "paragraphs", i)

    def units(self) -> Iterator[tuple[str, Bilingual, tuple]]:
        """Every translatable piece of text: (unit id, text, location)."""
        # Ids contain no dots, so "report.title" cannot clash with a paragraph's id.
        yield "report.title", self.title, ("title",)
        if self.meeting:
            yield "report.meeting", self.meeting, ("meeting",)
        if self.source and not self.source.neutral:
            yield "report.source", self.source, ("source",)
        for i, fig in enumerate(self.key_figures):
            for name in ("label", "value", "change"):
                text = getattr(fig, name)
                if text is not None:
                    yield f"key-figures.{i + 1}.{name}", text, ("key_figures", i, name)
        for pi, part in enumerate(self.parts):
            yield f"{part.id}.title", part.title, ("parts", pi, "title")
            for si, section in enumerate(part.sections):
                yield f"{section.id}.title", section.title, ("parts", pi, "sections", si, "title")
        for paragraph, loc in self.all_paragraphs():
            yield paragraph.id, paragraph, loc
        for i, note in enumerate(self.notes):
            yield note.id, note, ("notes", i)
