"""Links ready to paste into an announcement: every part, section and
paragraph of every report, with its citation, its title and its absolute URL
in each language (`gaobu links`)."""

from __future__ import annotations

import csv
import io
import json
import re

from ..urls import COVER, Place, absolute, place_url, places
from ..source.numbering import number_report
from .markdown import normalize_space
from .share import first_sentence

TITLE_MAX = 80  # a paragraph's "title" is its first sentence, cut to this many characters
# Only what would end the link text or turn into markup is escaped: the text is for pasting, and for reading.
_LINK_TEXT = re.compile(r"([\\\[\]*_`<])")


def _title(value, lang: str, is_paragraph: bool) -> str:
    text = normalize_space(value.text(lang) or value.zh)
    if is_paragraph:
        text = first_sentence(text) or text
        text = text if len(text) <= TITLE_MAX else text[: TITLE_MAX - 1].rstrip() + "…"
    return text


def link_items(project, languages: tuple[str, ...], base_url: str) -> list[dict]:
    """One item per report, part, section and paragraph, in reading order."""
    items = []
    for source in project.reports:
        report, slug = source.report, source.slug
        numbers, where = number_report(report), places(report)
        texts = {p.id: p for p, _ in report.all_paragraphs()}
        for part in report.parts:
            texts[part.id] = part.title
            for section in part.sections:
                texts[section.id] = section.title

        def item(kind, citation, ident, value, place, is_paragraph=False):
            items.append({
                "report": slug, "kind": kind, "citation": citation, "id": ident,
                "title": {lang: _title(value, lang, is_paragraph) for lang in languages},
                "url": {lang: absolute(base_url, lang, place_url(slug, place)) for lang in languages},
            })

        item("report", "", slug, report.title, Place(COVER, None))
        for ident, place in where.items():  # reading order
            number = numbers[ident]
            item(number.kind, number.citation, ident, texts[ident], place, number.kind == "paragraph")
    return items


def _link_text(text: str) -> str:
    return _LINK_TEXT.sub(r"\\\1", text)


def format_markdown(items: list[dict], languages: tuple[str, ...]) -> str:
    lines = []
    for it in items:
        links = " · ".join(f"[{_link_text(it['title'][lang])}]({it['url'][lang]})" for lang in languages)
        lines.append(f"- {it['citation'] + ' ' if it['citation'] else ''}{links}")
    return "\n".join(lines) + "\n"


def format_csv(items: list[dict], languages: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["report", "kind", "citation", "id", "lang", "title", "url"])
    for it in items:
        for lang in languages:
            writer.writerow([it["report"], it["kind"], it["citation"], it["id"], lang, it["title"][lang], it["url"][lang]])
    return out.getvalue()


def format_json(items: list[dict], languages: tuple[str, ...]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"md": format_markdown, "csv": format_csv, "json": format_json}
