"""Removing the page furniture that document-sharing and news sites wrap around a report.

Each rule matches a whole line that only a web page would print (download
notices, customer-service numbers, "展开>>", QQ and WeChat lines, "回到顶部"),
never a phrase inside the report's own sentences, and every removed line is
reported with its line number so that an editor can check that none of it was
report text.
"""

from __future__ import annotations

import re

from .read import Block
from .text import strip_marks

_RULES = [re.compile(p) for p in (
    r"^免费预览已结束",
    r"^还剩.{0,6}页(可免费阅读|未读)",
    r"继续阅读$",
    r"\.(docx?|pdf|wps|txt)\s*(简介|预览)?\s*[:：]?$",
    r"^(展开|收起|阅读全文)\s*(>>|<<|》》|《《)?$",
    r"^下载声明\s*[:：]?$",
    r"^\d+[、.]\s*本(文档|站)",
    r"(侵权举报|客服|咨询|投诉)电话",
    r"电话支持时间",
    r"^(客服|在线客服)\s*(QQ|qq|电话|微信)?\s*[:：]?\s*[\d\-\s]*$",
    r"^(QQ|qq|微信|电话)\s*[:：]\s*[\w\-]*$",
    r"^[\d\-\s]{5,}$",
    r"^微信(小程序|公众号|扫一扫)$",
    r"^扫码.{0,10}下载",
    r"账号登录",
    r"^(回到顶部|返回顶部|TOP|分享到.{0,20})$",
    r"^第\s*\d+\s*页\s*(/|共)\s*\d+\s*页?$",
    r"^<!--.*-->$",  # a comment of the Markdown copy (e.g. a photo caption the page left out)
)]


def is_furniture(text: str) -> bool:
    line = strip_marks(text).strip()
    return any(rule.search(line) for rule in _RULES)


def remove_furniture(blocks: list[Block]) -> tuple[list[Block], list[tuple[int, str]]]:
    """The blocks without furniture, and each removed line as (line number, text)."""
    kept, removed = [], []
    for block in blocks:
        if is_furniture(block.text):
            removed.append((block.line, strip_marks(block.text)))
        else:
            kept.append(block)
    return kept, removed
