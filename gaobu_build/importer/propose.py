"""Proposing indicators: the figures a paragraph states, for an editor to confirm.

Each proposal names the paragraph (by id) and, in the report's own words, the
label (what is measured), the value with its unit, the change stated right
after it and any rank ("增速排全市第2"). They are proposals: indicator_format.py
writes them in the format of indicators.yaml for an editor to complete.
"""

from __future__ import annotations

import re

from .structure import Document

UNITS = ("万亿元", "亿元", "万元", "元", "个百分点", "%", "万平方米", "平方米", "万亩", "亩", "公里", "万人次",
         "人次", "万人", "万户", "人", "名", "户", "家", "个", "宗", "项", "条", "间", "台", "所", "场", "座", "套",
         "张", "辆", "吨", "亿斤", "万吨", "岁", "天", "倍")
_NUMBER = r"\d+(?:\.\d+)?(?:多|余)?"
VALUE = re.compile(rf"({_NUMBER})({'|'.join(re.escape(u) for u in UNITS)})")
CHANGE = re.compile(rf"^(?:同比|比上年|较上年)?(负增长|增长|下降|提高|降低|减少|增加|上升|回落|收窄)({_NUMBER}(?:%|个百分点|倍))")
RANK = re.compile(r"(?:排|位列|位居|居|列)(?:全[市省国区县镇]|[^，；。]{0,6})第\d+")
# Words between a label and its figure ("高新技术企业增至167家"): not part of the label.
_LINKS = re.compile(r"(?:增至|增加到|增长到|提高到|提升到|提升至|提高至|降至|下降到|达到|达|突破|超过|超|为|是|共|总计|累计|完成|实现|近|约|高达|分别)+$")


_CHANGE_AT_END = re.compile(r"(?:负增长|增长|下降|提高|降低|减少|增加|上升|回落|收窄)$")


def _until_next_figure(clauses: list[str]) -> list[str]:
    """The clauses that still speak of the figure before them: up to the next figure of its own."""
    kept = []
    for clause in clauses:
        if VALUE.search(clause) and not CHANGE.match(clause):
            break
        kept.append(clause)
    return kept


def _label(text: str) -> str:
    text = re.sub(r"^(?:其中|全年|全镇|全市|全省|全国|\d{4}年)?[，、]?", "", text.strip("，、；：和及与"))
    return _LINKS.sub("", text).strip("，、；：和及与")


def propose(doc: Document) -> list[dict]:
    proposals = []
    for para in _paragraphs(doc):
        for statement in re.split(r"[；。！？]", para.text):
            clauses = re.split(r"[，：]", statement)
            for i, clause in enumerate(clauses):
                if CHANGE.match(clause):
                    continue
                last = 0
                for value in VALUE.finditer(clause):
                    label = _label(clause[last:value.start()])
                    last = value.end()
                    if not label or label.isdigit():
                        continue
                    verb = _CHANGE_AT_END.search(label)
                    if verb:
                        # "总资产增长7.1%": a change with no level stated.
                        label = _label(label[:verb.start()])
                        if label:
                            proposals.append(_flag({"paragraph": para.id, "label": label,
                                                    "change": verb.group(0) + value.group(0)}, para))
                        continue
                    item = {"paragraph": para.id, "label": label, "value": value.group(0), "unit": value.group(2)}
                    following = _until_next_figure(clauses[i + 1:i + 3])
                    change = next((CHANGE.match(c).group(0) for c in following[:1] if CHANGE.match(c)), None)
                    rank = next((m.group(0) for c in [clause[value.end():]] + following if (m := RANK.search(c))), None)
                    if change:
                        item["change"] = change
                    if rank:
                        item["rank"] = rank
                    proposals.append(_flag(item, para))
    return proposals


def _flag(item: dict, para) -> dict:
    if para.kind == "targets":
        item["target"] = True  # a goal for the coming year (主要预期目标), not a result
    return item


def _paragraphs(doc: Document):
    yield from doc.preamble
    for part in doc.parts:
        yield from part.paragraphs
        for section in part.sections:
            yield from section.paragraphs
