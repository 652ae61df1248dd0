"""Figures in Chinese and English text, compared by value rather than by digits.

"180.42亿元" and "18.042 billion yuan" state the same figure; a literal
digit comparison (what translation tools do) calls them different and lets
"41.14亿" against "4.14 billion" through. Here each figure becomes a value
and a kind (a plain number, a percentage, or percentage points), with the
half-unit of the last digit written as its precision, so that English may
round ("18.04 billion") but not change a figure.

Some figures are *weak*: single Chinese numerals (二 in 第二, 一 in 一期) and
English number words and month names ("second", "ten", "October"). They are
too common in ordinary words to demand an equal ("一是" = "First,"), so a weak
figure never needs a partner, but it can be the partner of a strong one
("第二" matches "2nd", "10月" matches "October").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from .model import MARKER_RE

NUMBER, PERCENT, POINTS = "number", "percent", "points"


@dataclass(frozen=True)
class Figure:
    text: str  # as written, for messages
    value: Decimal
    kind: str
    precision: Decimal  # half a unit of the last digit written
    weak: bool = False

    def matches(self, other: Figure) -> bool:
        if self.kind != other.kind:
            return False
        return abs(self.value - other.value) <= max(self.precision, other.precision)


ZH_SCALE = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, "千": Decimal(10) ** 3}
_EN_SCALE = {"trillion": Decimal(10) ** 12, "billion": Decimal(10) ** 9, "million": Decimal(10) ** 6, "thousand": Decimal(10) ** 3}

# A number glued to Latin letters is part of a name (PM2.5, NO2, COVID-19, 5G), not a figure.
_NAME_BEFORE = r"(?<![A-Za-z])(?<![A-Za-z]-)"
_DIGITS = r"\d+(?:,\d{3})*(?:\.\d+)?"

_ZH_ARABIC = re.compile(
    _NAME_BEFORE + r"(?<![\d.])(?P<num>" + _DIGITS + r")(?![\d.]*[A-Za-z])"
    r"(?:多|余)?\s*(?P<scale>万亿|亿|万|千)?(?:多|余)?\s*(?P<unit>%|个百分点|百分点)?")
_EN_ARABIC = re.compile(
    _NAME_BEFORE + r"(?<![\d.])(?P<num>" + _DIGITS + r")(?:st|nd|rd|th)?(?![\d.]*[A-Za-z])"
    r"(?:\s*-?\s*(?P<scale>trillion|billion|million|thousand)\b)?"
    r"(?:\s*(?P<unit>%|per ?cent\b|percentage points?\b))?", re.IGNORECASE)

_ZH_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNIT = {"十": 10, "百": 100, "千": 1000}
_ZH_NUMERAL = re.compile(r"[〇零一二两三四五六七八九十百千万亿]+")
# Words made of numerals that are not figures: 十分 "very", 万一 "in case".
_ZH_NOT_FIGURES = re.compile(r"十分|十足|万一|一一|千万|万万")

_EN_WORDS = {
    word: n for n, words in enumerate([
        (), ("one", "first"), ("two", "second"), ("three", "third"), ("four", "fourth"), ("five", "fifth"),
        ("six", "sixth"), ("seven", "seventh"), ("eight", "eighth"), ("nine", "ninth"), ("ten", "tenth"),
        ("eleven", "eleventh"), ("twelve", "twelfth"), ("january",), ("february",), ("march",), ("april",),
        ("may",), ("june",), ("july",), ("august",), ("september",), ("october",), ("november",), ("december",),
    ]) for word in words
}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_EN_WORD = re.compile(r"\b(" + "|".join(sorted({*_EN_WORDS, *_MONTHS}, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def _decimal(digits: str) -> tuple[Decimal, Decimal]:
    """The value and half a unit of its last written digit."""
    digits = digits.replace(",", "")
    places = len(digits.split(".")[1]) if "." in digits else 0
    return Decimal(digits), Decimal(5) * Decimal(10) ** -(places + 1)


def _kind(unit: str | None) -> str:
    if not unit:
        return NUMBER
    return POINTS if "点" in unit or "point" in unit.lower() else PERCENT


def parse_chinese_numeral(text: str) -> int | None:
    """一千一百 → 1100, 十 → 10, 三万五千 → 35000; None when not a well-formed numeral."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _ZH_DIGIT:
            if digit:
                return None  # "一二": two digits in a row is not a numeral
            digit = _ZH_DIGIT[ch]
        elif ch in _ZH_UNIT:
            section += (1 if digit is None else digit) * _ZH_UNIT[ch]
            digit = None
        elif ch in ("万", "亿"):
            section += digit or 0
            total = (total + section) * (10_000 if ch == "万" else 100_000_000)
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def _chinese_numerals(text: str):
    text = _ZH_NOT_FIGURES.sub(lambda m: "　" * len(m.group(0)), text)
    for match in _ZH_NUMERAL.finditer(text):
        word = match.group(0)
        # 百千万 (a project's name) and the like start with a unit, not a digit.
        if word[0] in "百千万亿":
            continue
        value = parse_chinese_numeral(word)
        if value is None:
            continue
        weak = not any(ch in word for ch in "十百千万亿")
        after = text[match.end():match.end() + 1]
        kind = PERCENT if after in ("%",) else NUMBER
        yield Figure(word, Decimal(value), kind, Decimal("0.5"), weak=weak)


def chinese_figures(text: str) -> list[Figure]:
    text = unicodedata.normalize("NFKC", MARKER_RE.sub(" ", text))  # a note's marker ([6], ①) is not a figure
    figures = []
    for m in _ZH_ARABIC.finditer(text):
        value, precision = _decimal(m.group("num"))
        scale = ZH_SCALE.get(m.group("scale") or "", Decimal(1))
        figures.append(Figure(m.group(0).strip(), value * scale, _kind(m.group("unit")), precision * scale))
    figures.extend(_chinese_numerals(text))
    return figures


def english_figures(text: str) -> list[Figure]:
    text = MARKER_RE.sub(" ", text)
    text = unicodedata.normalize("NFKC", text)
    figures = []
    for m in _EN_ARABIC.finditer(text):
        value, precision = _decimal(m.group("num"))
        scale = _EN_SCALE.get((m.group("scale") or "").lower(), Decimal(1))
        figures.append(Figure(m.group(0).strip(), value * scale, _kind(m.group("unit")), precision * scale))
    for m in _EN_WORD.finditer(text):
        word = m.group(1).lower()
        if word == "may" and m.group(1) == "may":
            continue  # the verb, not the month
        value = _MONTHS.index(word) + 1 if word in _MONTHS else _EN_WORDS[word]
        figures.append(Figure(m.group(1), Decimal(value), NUMBER, Decimal("0.5"), weak=True))
    return figures


@dataclass(frozen=True)
class Mismatch:
    lang: str  # the language the unmatched figure is written in
    figure: Figure
    closest: Figure | None


def _closest(figure: Figure, others: list[Figure]) -> Figure | None:
    same_kind = [o for o in others if o.kind == figure.kind and not o.weak] or [o for o in others if not o.weak]
    return min(same_kind, key=lambda o: abs(o.value - figure.value), default=None)


def compare(zh: str, en: str) -> list[Mismatch]:
    """Every strong figure of either text that has no equal in the other."""
    zh_figures, en_figures = chinese_figures(zh), english_figures(en)
    mismatches = []
    for lang, mine, theirs in (("zh", zh_figures, en_figures), ("en", en_figures, zh_figures)):
        seen = set()
        for figure in mine:
            if figure.weak or (figure.value, figure.kind) in seen:
                continue
            seen.add((figure.value, figure.kind))
            if not any(figure.matches(other) for other in theirs):
                mismatches.append(Mismatch(lang, figure, _closest(figure, theirs)))
    return mismatches
