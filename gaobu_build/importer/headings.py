"""What a unit is, judged from its shape alone: a heading of some form, a theme opener, or text.

The genre writes headings in a few forms, never with a fixed wording:

- `md`: a Markdown `#` line or a Word heading style (its level is kept);
- `cn`: "一、…" (a numbered heading; the title is the line up to its first full
  stop, the rest of the line is text);
- `paren`: "（一）…", the same one level down;
- `arabic`: "1.…" / "1、…", a stand-alone line only (with text after it, it is an item);
- `title`: an unnumbered heading: a whole-line bold phrase, or a short stand-alone
  line with no punctuation ("2022年工作", "2023年总体要求", "本届政府工作回顾").

Which form makes the parts and which the sections is decided per report by
structure.py (the first form used in the body is the part level), not here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .segment import SALUTATION, Unit
from .text import BOLD_ON, MARKS, NUMERALS, TERMINATORS, chinese_number, is_whole_bold, sentences, strip_marks

HEADING_MAX = 80  # a heading (up to its first full stop) is at most this long; a longer "一、…" line is text
TITLE_MAX = 50  # a whole-line bold title
SHORT_LINE_MAX = 30  # a plain stand-alone title line
CN = re.compile(rf"([{NUMERALS}]+)[、．]\s*")
PAREN = re.compile(rf"[（(]([{NUMERALS}]+)[）)]\s*")
ARABIC = re.compile(r"(\d{1,2})(?:[、．]|\.(?!\d))\s*")
# "过去一年，我们……", "一年来，我们……", "五年来，我们……", "这五年，我们……": a theme of a review.
THEME = re.compile(rf"(?:过去的?|这|近|刚刚过去的)?[{NUMERALS}两几]+年(?:来|中|里|间|以来)?，我们")
_NO_TITLE_END = TERMINATORS + "；：，、:;,"


@dataclass
class Heading:
    form: str  # md, cn, paren, arabic, title
    title: str  # without bold marks
    rest: str = ""  # the text after the heading on the same line (with its bold marks)
    number: int = 0  # of a numbered form
    level: int = 0  # of an `md` heading

    @property
    def key(self) -> tuple[str, int]:
        return (self.form, self.level)


def normalise(text: str) -> str:
    """Full-width digits and letters as ASCII (２００１ → 2001), for matching only: the text is never changed."""
    return unicodedata.normalize("NFKC", text)


def classify(unit: Unit) -> Heading | None:
    """The heading this unit is, or None for text."""
    plain = strip_marks(unit.text).strip()
    if not plain or SALUTATION.fullmatch(plain):
        return None
    if unit.heading:
        return Heading("md", plain, number=_number(plain), level=unit.heading)
    for form, pattern in (("cn", CN), ("paren", PAREN), ("arabic", ARABIC)):
        match = pattern.match(plain)
        if match:
            return _numbered(form, plain, unit.text, chinese_number(match.group(1)) or _int(match.group(1)))
    if is_whole_bold(unit.text) and len(plain) <= TITLE_MAX and _title_shaped(plain):
        return Heading("title", plain)
    if len(plain) <= SHORT_LINE_MAX and _title_shaped(plain):
        return Heading("title", plain)
    return None


def _numbered(form: str, plain: str, text: str, number: int) -> Heading | None:
    title = sentences(plain)[0]
    rest = plain[len(title):].strip()
    if len(title) > HEADING_MAX or (form == "arabic" and (rest or title[-1] in TERMINATORS)):
        return None
    return Heading(form, title, _rest_with_marks(text, title) if rest else "", number)


def _rest_with_marks(text: str, title: str) -> str:
    """The text after the title, with the bold marks it has (a bold phrase cut in two stays bold)."""
    seen, bold = 0, False
    for i, ch in enumerate(text):
        if ch in MARKS:
            bold = ch == BOLD_ON
            continue
        if seen == len(title):
            return ((BOLD_ON if bold else "") + text[i:]).strip()
        seen += 1
    return ""


def _title_shaped(plain: str) -> bool:
    """No sentence in it, words in it; not a dash (a meeting line), the address, or an aside in brackets ("（鼓掌）")."""
    return (plain[-1] not in _NO_TITLE_END and not any(ch in plain for ch in TERMINATORS)
            and any("\u3400" <= ch <= "\u9fff" for ch in plain) and not plain.startswith(("——", "─", "―", "各位代表"))
            and not (plain[0] in "（(〔[【" and plain[-1] in "）)〕]】"))


def theme(text: str) -> str | None:
    """The opener of a theme paragraph ("过去一年，我们"), or None."""
    match = THEME.match(strip_marks(text).strip())
    return match.group(0) if match else None


def _number(plain: str) -> int:
    match = CN.match(plain) or PAREN.match(plain)
    return (chinese_number(match.group(1)) or 0) if match else 0


def _int(digits: str) -> int:
    return int(normalise(digits)) if normalise(digits).isdigit() else 0
