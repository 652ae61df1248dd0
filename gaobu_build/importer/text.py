"""Character classes and sentence splitting shared by the importer's steps."""

from __future__ import annotations

import re

# Bold spans survive clean-up as private-use marks, so that splitting can see
# where a bold lead phrase starts after the Markdown or Word markup is gone.
BOLD_ON = "\ue000"
BOLD_OFF = "\ue001"
MARKS = BOLD_ON + BOLD_OFF

NUMERALS = "一二三四五六七八九十"
TERMINATORS = "。！？"
CLOSERS = "”’」』）"


def is_cjk(ch: str) -> bool:
    """A Chinese character or full-width punctuation: what Chinese text is made of."""
    if not ch:
        return False
    code = ord(ch)
    return (0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x3000 <= code <= 0x303F
            or 0xFF00 <= code <= 0xFFEF or 0x2014 <= code <= 0x201D or code == 0x2026)


def strip_marks(text: str) -> str:
    return text.translate({ord(m): None for m in MARKS})


_SENTENCE = re.compile(rf"[^{TERMINATORS}]*(?:[{TERMINATORS}]+[{CLOSERS}]*|$)")


def sentences(text: str) -> list[str]:
    """The sentences of a text: each ends at 。！？ (with any closing quote), the last wherever the text ends."""
    found = [s.strip() for s in _SENTENCE.findall(text)]
    return [s for s in found if s]


def chinese_number(numeral: str) -> int | None:
    """一 … 九十九 as an int, for ordinals such as 十二、 or （三）."""
    if not numeral or any(ch not in NUMERALS for ch in numeral):
        return None
    if numeral == "十":
        return 10
    if "十" in numeral:
        tens, _, units = numeral.partition("十")
        value = (NUMERALS.index(tens) + 1 if tens else 1) * 10
        return value + (NUMERALS.index(units) + 1 if units else 0) if len(units) <= 1 else None
    return NUMERALS.index(numeral) + 1 if len(numeral) == 1 else None


def bold_spans(text: str) -> tuple[str, list[tuple[str, int]]]:
    """The text without bold marks, and each bold phrase with where it starts in it (blank spans dropped)."""
    plain, spans, start, bold = [], [], 0, False
    for ch in text + BOLD_OFF:
        if ch == BOLD_ON:
            bold, start = True, len(plain)
        elif ch == BOLD_OFF:
            phrase = "".join(plain[start:]) if bold else ""
            if phrase.strip():
                lead = len(phrase) - len(phrase.lstrip())
                spans.append((phrase.strip(), start + lead))
            bold = False
        else:
            plain.append(ch)
    joined = "".join(plain)
    offset = len(joined) - len(joined.lstrip())
    return joined.strip(), [(phrase, at - offset) for phrase, at in spans]


def plain_and_emphasis(text: str) -> tuple[str, list[str]]:
    """The text without bold marks, and its bold phrases in order."""
    plain, spans = bold_spans(text)
    return plain, [phrase for phrase, _ in spans]


def is_whole_bold(text: str) -> bool:
    """Every visible character of the line is bold."""
    inside, bold = [], False
    for ch in text:
        if ch == BOLD_ON:
            bold = True
        elif ch == BOLD_OFF:
            bold = False
        elif not bold and not ch.isspace():
            return False
        else:
            inside.append(ch)
    return bool("".join(inside).strip())
