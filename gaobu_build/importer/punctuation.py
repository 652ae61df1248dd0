"""Restoring Chinese punctuation that web copies flatten to ASCII.

Copies of a report taken from web pages often carry half-width `, : ; ( ) ? !`
and stray spaces between numbers and Chinese characters. Only marks that touch
Chinese text change, so times (10:00), thousands (1,700), URLs and Latin text
stay as they are.
"""

from __future__ import annotations

import re

from .text import MARKS, is_cjk

FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}


def _neighbour(chars: list[str], i: int, step: int) -> str:
    i += step
    while 0 <= i < len(chars) and (chars[i] == " " or chars[i] in MARKS):
        i += step
    return chars[i] if 0 <= i < len(chars) else ""


def _paired_brackets(chars: list[str]) -> dict[int, int]:
    pairs, stack = {}, []
    for i, ch in enumerate(chars):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            pairs[stack.pop()] = i
    return pairs


def restore_punctuation(text: str) -> str:
    chars = list(text)
    for opening, closing in _paired_brackets(chars).items():
        # A pair changes as a pair, so that （AQI） never becomes （AQI).
        inside = chars[opening + 1:closing]
        if is_cjk(_neighbour(chars, opening, -1)) or is_cjk(_neighbour(chars, closing, 1)) or any(map(is_cjk, inside)):
            chars[opening], chars[closing] = "（", "）"
    for i, ch in enumerate(chars):
        if ch not in FULL_WIDTH or ch in "()":
            continue
        before, after = _neighbour(chars, i, -1), _neighbour(chars, i, 1)
        if before.isascii() and before.isdigit() and after.isascii() and after.isdigit():
            continue
        if is_cjk(before) or is_cjk(after):
            chars[i] = FULL_WIDTH[ch]
    for i, ch in enumerate(chars):
        if ch in "()" and (is_cjk(_neighbour(chars, i, -1)) or is_cjk(_neighbour(chars, i, 1))):
            chars[i] = FULL_WIDTH[ch]
    return _tidy_spaces("".join(chars))


_ALNUM = r"[A-Za-z0-9%]"
_HAN = r"[\u3400-\u9fff\uf900-\ufaff]"
_SPACES = [
    # Spaces a copy puts between a number or Latin word and a Chinese character (12 宗, NO2 等).
    (re.compile(rf"(?<={_ALNUM}) +(?=[{MARKS}]?{_HAN})"), ""),
    (re.compile(rf"(?<={_HAN}) +(?=[{MARKS}]?{_ALNUM})"), ""),
    # Spaces around Chinese punctuation that does not end a sentence.
    (re.compile(r" +(?=[，、；：。！？（）])"), ""),
    (re.compile(r"(?<=[，、；（]) +"), ""),
]


def _tidy_spaces(text: str) -> str:
    for pattern, replacement in _SPACES:
        text = pattern.sub(replacement, text)
    return text
