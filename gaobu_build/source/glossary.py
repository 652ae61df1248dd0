"""The glossary: each policy term's one English rendering, and where it is found in text.

The same matching serves the terminology check (a Chinese unit that uses a
term must use its rendering in English) and the hover explanations on the
pages, so what the check accepts is exactly what readers see explained.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StrictStr
from pydantic_core import PydanticCustomError

from ..memo import Memo
from .model import Strict, Text

GLOSSARY_FILE = "glossary.yaml"
AUTHORITIES = ("A", "B", "C", "none")
# A government's own English (A) or state media (B): the only sources the glossary page links.
# C (reposts, aggregators, weak local English) is a lead for editors, never a citation.
CITABLE = ("A", "B")


def check_url(value: str) -> str:
    # The source becomes a link on the glossary page: only plain web addresses.
    if not re.fullmatch(r"https?://[^\s<>\"'`()\[\]{}|\\^]+", value):
        raise PydanticCustomError(
            "gaobu_bad_url", "Expected a web address starting with http:// or https:// but received: {value}",
            {"value": repr(value)})
    return value


Url = Annotated[StrictStr, AfterValidator(check_url)]


class Definition(Strict):
    zh: Text | None = None
    en: Text | None = None


class Term(Strict):
    zh: Text
    en: Text
    variants: list[Text] = []
    definition: Definition | None = None
    source: Url | None = None  # where the rendering is used: linked on the glossary page, so A or B only
    authority: Literal[AUTHORITIES] = "none"
    leads: list[Url] = []  # pages that use the rendering but cannot be cited (authority C): never published
    note: Definition | None = None  # shown beside the source, e.g. why the rendering is the site's own

    def chinese_forms(self) -> list[str]:
        return [self.zh, *self.variants]

    @property
    def cited(self) -> str | None:
        """The source the glossary page links: only an official or state-media one."""
        return self.source if self.authority in CITABLE else None


class Glossary(Strict):
    terms: list[Term] = Field(default_factory=list)


# -- finding terms in text --------------------------------------------------------------

_QUOTES = re.compile(r"[\"'“”‘’«»]")


def _word_pattern(word: str) -> str:
    """One English word, allowing the usual inflections (enterprise/enterprises, policy/policies)."""
    w = word.lower()
    if len(w) > 3 and w.endswith("ies"):
        return re.escape(w[:-3]) + r"(?:y|ies)"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    if len(w) > 2 and w.endswith("y") and w[-2] not in "aeiou":
        return re.escape(w[:-1]) + r"(?:y|ies|ied)"
    if not w[-1:].isalpha():
        return re.escape(w)
    return re.escape(w) + r"(?:s|es|d|ed|ing)?"


@functools.lru_cache(maxsize=None)
def english_pattern(rendering: str) -> re.Pattern:
    """Case-insensitive, quotes ignored, a hyphen or a space between words, inflections allowed."""
    words = [w for w in re.split(r"[\s\-]+", _QUOTES.sub("", rendering)) if w]
    body = r"[\s\-]+".join(_word_pattern(w) for w in words)
    return re.compile(r"(?<![\w])" + body + r"(?![\w])", re.IGNORECASE)


def _needle(rendering: str) -> str:
    """Letters every match of `english_pattern(rendering)` contains: its first word less any inflected ending."""
    words = [w for w in re.split(r"[\s\-]+", _QUOTES.sub("", rendering)) if w]
    first = words[0].lower() if words else ""
    return first[: max(1, len(first) - 3)]


def _matches(pattern: re.Pattern, plain: str, lowered: str, needle: str):
    """(start, end) of what `pattern.finditer(plain)` finds, trying the pattern only where its needle starts a word.

    Every match starts a word with the needle, so this finds the same; the case-insensitive
    pattern, which cannot skip ahead to a literal, is what was slow over a long paragraph.
    Where lowering the text changed its length, positions would not line up: the pattern scans.
    """
    if len(lowered) != len(plain):
        yield from (m.span() for m in pattern.finditer(plain))
        return
    at = lowered.find(needle)
    while at != -1:
        before = plain[at - 1] if at else ""
        m = None if before.isalnum() or before == "_" else pattern.match(plain, at)  # the pattern's (?<![\w])
        if m:
            yield m.span()
        at = lowered.find(needle, m.end() if m else at + 1)


# By id(glossary); each entry holds its glossary, so that no other object has that id meanwhile.
_FINDERS = Memo(size=4)


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    term: Term


class TermFinder:
    def __init__(self, glossary: Glossary | None):
        self.terms = glossary.terms if glossary else []
        self._en = [(term, english_pattern(term.en), _needle(term.en)) for term in self.terms]
        self._zh = [(term, [form for form in term.chinese_forms() if form]) for term in self.terms]
        # The same paragraph is looked at by the checks, its page, the print edition and both
        # parallel views: what was found in a text is kept (for this glossary, this finder's).
        self._found = Memo(size=16384)

    def _claim(self, candidates: list[Match]) -> list[Match]:
        """Longest first, no overlaps: 非遗工坊 is one term, not also 非遗."""
        taken: list[Match] = []
        for m in sorted(candidates, key=lambda m: (-(m.end - m.start), m.start)):
            if all(m.end <= t.start or m.start >= t.end for t in taken):
                taken.append(m)
        return sorted(taken, key=lambda m: m.start)

    def in_chinese(self, text: str) -> list[Match]:
        return list(self._found.get(("zh", text), lambda: self._in_chinese(text)))

    def in_english(self, text: str) -> list[Match]:
        return list(self._found.get(("en", text), lambda: self._in_english(text)))

    def _in_chinese(self, text: str) -> list[Match]:
        candidates = []
        for term, forms in self._zh:
            for form in forms:
                # Each occurrence, left to right, none overlapping the one before (as re.finditer would).
                start = text.find(form)
                while start != -1:
                    candidates.append(Match(start, start + len(form), term))
                    start = text.find(form, start + len(form))
        return self._claim(candidates)

    def _in_english(self, text: str) -> list[Match]:
        # Quotes are ignored by the patterns, so they are blanked out of the text
        # at the same positions rather than removed, keeping offsets valid.
        plain = _QUOTES.sub(" ", text)
        lowered = plain.lower()
        candidates = []
        for term, pattern, needle in self._en:
            if needle not in lowered:
                continue  # cheaper than the pattern, which would find nothing: most terms are absent
            for start, end in _matches(pattern, plain, lowered, needle):
                # A quote opened before the match and closed inside it belongs to the term.
                if start and _QUOTES.match(text, start - 1) and len(_QUOTES.findall(text, start, end)) % 2:
                    start -= 1
                candidates.append(Match(start, end, term))
        return self._claim(candidates)

    @classmethod
    def of(cls, glossary: Glossary | None) -> TermFinder:
        """The finder of `glossary` (one per glossary object: renderers and checks share what it found)."""
        return _FINDERS.get(id(glossary), lambda: (glossary, cls(glossary)))[1]

    def find(self, text: str, lang: str) -> list[Match]:
        return self.in_chinese(text) if lang == "zh" else self.in_english(text)

    def missing_renderings(self, zh: str, en: str) -> list[Term]:
        """Terms the Chinese uses whose glossary rendering the English lacks."""
        used = {id(m.term): m.term for m in self.in_chinese(zh)}
        plain = _QUOTES.sub(" ", en)
        return [term for term in used.values() if not english_pattern(term.en).search(plain)]

    def unmatched_renderings(self, zh: str, en: str) -> list[Term]:
        """Terms the English renders whose Chinese uses none of the term's forms (often an undeclared short form)."""
        found = {id(m.term): m.term for m in self.in_english(en)}
        return [term for term in found.values() if not any(form in zh for form in term.chinese_forms())]
