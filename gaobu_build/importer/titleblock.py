"""The title block: the lines before "各位代表：" (or before the first heading, where a copy has no salutation).

Title (a line ending in 报告), the meeting ("——2024年1月31日在…会议上", with
any dash, or starting with the date, also over two lines; stored without the
dash), the speaker ("某市人民政府市长 某某某", "**贾志杰**") and any other line
(a label such as "市十七届人大四次会议文件（三）").
"""

from __future__ import annotations

import re

from .headings import classify
from .segment import SALUTATION, Unit
from .text import TERMINATORS, strip_marks

DASHES = "—─―-"
MEETING_END = re.compile(r".*?(?:会议上|大会上|会上)")
DATE = re.compile(r"(?:\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日")
TITLE_BLOCK_MAX = 12  # lines; a title block is a handful of lines
OPENING = re.compile(r"(?:现在，)?我(?:代表|受)")


def title_block_end(units: list[Unit]) -> int:
    """How many units at the start are the title block (0 when the text starts at once)."""
    for index, unit in enumerate(units[:TITLE_BLOCK_MAX + 1]):
        plain = strip_marks(unit.text).strip()
        heading = classify(unit)
        if SALUTATION.fullmatch(plain) or any(ch in plain for ch in TERMINATORS):
            return index
        if heading and (heading.form in ("cn", "paren") or (heading.form == "md" and not plain.endswith("报告"))):
            return index
    return 0


def read_title_block(doc, units: list[Unit], meta: dict, para) -> None:
    """Fill doc.title, doc.meeting and the preamble's speaker and label paragraphs (`para` makes a paragraph)."""
    meeting_open = False
    for unit in units:
        text = strip_marks(unit.text).strip().strip("*").strip()
        head, dash, tail = _partition_dash(text)
        if meeting_open or dash or DATE.match(text):
            if head.strip() and not meeting_open:
                doc.title = doc.title or head.strip()
            tail = doc.meeting + text if meeting_open else (tail if dash else text)
            meeting = MEETING_END.match(tail)
            doc.meeting = meeting.group(0) if meeting else tail
            meeting_open = not meeting
            speaker = tail[meeting.end():].strip() if meeting else ""
            if speaker:
                doc.preamble.append(para(speaker, unit.line, "speaker"))
        elif not doc.title and text.endswith("报告"):
            doc.title = text
        elif doc.meeting and len(text) <= 30 and not any(p.kind == "speaker" for p in doc.preamble):
            doc.preamble.append(para(text, unit.line, "speaker"))
        else:
            doc.preamble.append(para(text, unit.line, "label"))
    if meta.get("title") and doc.title in meta["title"]:
        doc.title = meta["title"]  # front matter names the report in full ("2024年某市政府工作报告")


def _partition_dash(text: str) -> tuple[str, str, str]:
    """'政府工作报告——2024年…' → ('政府工作报告', '——', '2024年…'); a dash must be doubled or lead the line."""
    match = re.search(rf"[{DASHES}]{{2}}|^[{DASHES}]", text)
    if not match:
        return text, "", ""
    end = match.end()
    while end < len(text) and text[end] in DASHES:
        end += 1
    return text[:match.start()], text[match.start():end], text[end:]
