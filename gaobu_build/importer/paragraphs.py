"""A paragraph of the source: its text without bold marks, its bold phrases as emphasis, and what kind it is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..source.model import find_phrases
from .segment import SALUTATION
from .text import NUMERALS, bold_spans, chinese_number
from .titleblock import OPENING

ITEM = re.compile(rf"([{NUMERALS}]+)是")


@dataclass
class Para:
    text: str
    line: int
    kind: str = "plain"  # plain, lead, item, targets, address, salutation, opening, speaker, label
    number: int = 0  # the n of an "n是" item
    emphasis: list[str] = field(default_factory=list)
    id: str = ""



def make_para(text: str, line: int, remarks: list[str], preamble: bool = False) -> Para:
    """The paragraph of a unit's text (with its bold marks); what cannot be kept exactly goes to `remarks`."""
    plain, spans = bold_spans(text)
    para = Para(plain, line, emphasis=_exact_emphasis(plain, spans, line, remarks))
    item = ITEM.match(plain)
    if SALUTATION.fullmatch(plain):
        para.kind = "salutation" if preamble else "address"
    elif preamble and OPENING.match(plain):
        para.kind = "opening"
    elif not preamble and item and chinese_number(item.group(1)):
        para.kind, para.number = "item", chinese_number(item.group(1))
    elif not preamble and "主要预期目标" in plain:
        para.kind = "targets"
    return para


def _exact_emphasis(text: str, spans: list[tuple[str, int]], line: int, remarks: list[str]) -> list[str]:
    """The bold phrases that the site finds where the source has them (each after the one before)."""
    kept: list[str] = []
    for phrase, at in spans:
        found = find_phrases(text, kept + [phrase])[-1]
        if found is not None and found[0] == at:
            kept.append(phrase)
        else:
            remarks.append(f"line {line}: the bold {phrase!r} also occurs earlier in its paragraph: kept as plain text")
    return kept
