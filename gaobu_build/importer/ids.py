"""Stable ASCII ids for parts, sections, paragraphs and notes (the scheme is documented in data/README.md).

Ids come from what a heading means where the genre has a usual name for it
(a year's review, a year's plan, the targets, a five-year review or plan, the
government's own work) and otherwise from the report's numbering and positions,
never from a translation, so they need no pinyin and the same text always gets
the same ids: importing the same report again gives the same ids.
"""

from __future__ import annotations

import re

from ..checks.project import RESERVED_IDS
from ..source.model import ID_MAX
from .appendix import Note
from .headings import normalise
from .structure import Document, Para, closing

_DIGITS = {ch: str(i) for i, ch in enumerate("〇一二三四五六七八九")} | {"零": "0"}
_CHINESE_YEAR = re.compile("[〇零一二三四五六七八九]{4}(?=年)")
# "过去五年", "本届", "“十四五”" (not "十五年": fifteen years).
_FIVE_YEARS = re.compile(r"(?<![十一二三四六七八九])五年|届|十[一二三四五六七八九]?五”")
REVIEW = re.compile("回顾|总结|成就|回眸")
GOVERNMENT = re.compile("政府自身建设|自身建设|满意政府|政府建设")
PLAN = re.compile("任务|安排|建议|重点工作|主要工作|措施|工作部署")
TARGETS = re.compile("要求|目标|取向|设想|构想|指导思想|部署")


class _Ids:
    def __init__(self):
        self.taken = set(RESERVED_IDS)

    def claim(self, wanted: str) -> str:
        wanted = wanted[:ID_MAX].strip("-")
        ident, n = wanted, 1
        while ident in self.taken:
            n += 1
            suffix = f"-{n}"
            ident = wanted[: ID_MAX - len(suffix)].strip("-") + suffix
        self.taken.add(ident)
        return ident


def period(title: str, year: int | None) -> str | None:
    """The period a heading speaks of: its year ('2023'), 'five-years', or this or last year of the report."""
    text = _CHINESE_YEAR.sub(lambda m: "".join(_DIGITS[ch] for ch in m.group(0)), normalise(title))
    found = re.search(r"(?<!\d)(1[89]\d\d|20\d\d)(?=年)", text)
    if found:
        return found.group(1)
    if _FIVE_YEARS.search(text):
        return "five-years"
    if year and re.search("今年|本年", text):
        return str(year)
    if year and re.search("去年|上年|过去一年", text):
        return str(year - 1)
    return None


def part_name(title: str, year: int | None) -> str | None:
    """What the genre calls a part with this heading: review-2023, plan-2024, targets-2024, government, …"""
    when = period(title, year)
    if REVIEW.search(title):
        return f"review-{when}" if when else "review"
    if GOVERNMENT.search(title):
        return "government"
    for kind, pattern in (("plan", PLAN), ("targets", TARGETS)):
        if pattern.search(title) and when:
            return f"{kind}-{when}"
    if when and when.isdigit() and year and "工作" in title:
        # "2022年工作": the work of the year before the report is reviewed, the report's own year is planned.
        return f"review-{when}" if int(when) < year else f"plan-{when}"
    return None


def assign_ids(doc: Document, year: int | None = None) -> None:
    ids = _Ids()
    _paragraph_ids(ids, "preamble", doc.preamble)
    last = closing(doc)
    if last is not None:
        last.id = ids.claim("closing")
    for position, part in enumerate(doc.parts, 1):  # parts first: "government" is the part's before a section's
        name = None if part.derived else part_name(part.title, year)
        part.id = ids.claim(name or ("text" if part.derived else f"part-{part.number or position}"))
    for part in doc.parts:
        _paragraph_ids(ids, part.id, part.paragraphs)
        for index, section in enumerate(part.sections, 1):
            wanted = f"{part.id}-{section.number or index}"
            section.id = ids.claim("government" if GOVERNMENT.search(section.title) and "government" not in ids.taken
                                   else wanted)
            _paragraph_ids(ids, section.id, section.paragraphs)
    _note_ids(ids, doc.notes)


def _paragraph_ids(ids: _Ids, container: str, paragraphs: list[Para]) -> None:
    for position, para in enumerate(paragraphs, 1):
        if para.id:
            continue  # the closing paragraph
        if para.kind in ("label", "speaker", "salutation", "opening", "targets"):
            para.id = ids.claim(para.kind)
        elif para.kind == "lead":
            para.id = ids.claim(f"{container}-lead")
        elif para.kind == "item":
            para.id = ids.claim(f"{container}-item-{para.number}")
        else:
            para.id = ids.claim(f"{container}-p{position}")


def _note_ids(ids: _Ids, notes: list[Note]) -> None:
    for note in notes:
        digits = re.sub(r"\D", "", note.marker)
        number = digits or str(ord(note.marker) - 0x245F)  # ① is 1
        note.id = ids.claim(f"note-{number}")
