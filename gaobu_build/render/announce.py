"""Links ready to paste into an announcement: every part, section and
paragraph of every report (or of those asked for), with its citation, its
title and its absolute URL in each language (`gaobu links`)."""

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


def _within(report) -> dict[str, list[str]]:
    """Each part, section and paragraph id → the ids it stands for: itself and what it contains, in reading order."""
    within: dict[str, list[str]] = {p.id: [p.id] for p in report.preamble}
    for part in report.parts:
        section_ids = [[s.id] + [p.id for p in s.paragraphs] for s in part.sections]
        within[part.id] = [part.id] + [p.id for p in part.paragraphs] + [i for ids in section_ids for i in ids]
        within.update({p.id: [p.id] for p in part.paragraphs})
        for section, ids in zip(part.sections, section_ids):
            within[section.id] = ids
            within.update({p.id: [p.id] for p in section.paragraphs})
    return within


class UnknownId(ValueError):
    pass


def select_items(project, items: list[dict], reports: list[str], ids: list[str]) -> list[dict]:
    """The items of `reports` (all when empty) and, when `ids` are given, of those parts, sections or paragraphs only,
    with what they contain (and no report item). Raises UnknownId for an id in none of the reports."""
    chosen = [s for s in project.reports if not reports or s.slug in reports]
    if not ids:
        return [it for it in items if not reports or it["report"] in reports]
    wanted: dict[str, set[str]] = {}
    for ident in ids:
        holders = [s for s in chosen if ident in _within(s.report)]
        if not holders:
            where = f"report {', '.join(reports)}" if reports else "any report"
            raise UnknownId(f"no part, section or paragraph '{ident}' in {where}")
        for source in holders:
            wanted.setdefault(source.slug, set()).update(_within(source.report)[ident])
    return [it for it in items if it["kind"] != "report" and it["id"] in wanted.get(it["report"], ())]


def _link_text(text: str) -> str:
    return _LINK_TEXT.sub(r"\\\1", text)


def _links(item: dict, languages: tuple[str, ...]) -> str:
    return " · ".join(f"[{_link_text(item['title'][lang])}]({item['url'][lang]})" for lang in languages)


def format_markdown(items: list[dict], languages: tuple[str, ...], headings: dict[str, dict]) -> str:
    """Under a heading per report (its title, linked: `headings` holds each report's item), so that the
    `§ 1` of one report is not taken for another's."""
    blocks: dict[str, list[str]] = {}
    for it in items:
        lines = blocks.setdefault(it["report"], [])
        if it["kind"] != "report":  # the report is the heading
            lines.append(f"- {it['citation'] + ' ' if it['citation'] else ''}{_links(it, languages)}")
    return "\n".join(f"## {_links(headings[slug], languages)}\n\n" + "\n".join(lines) + "\n"
                     for slug, lines in blocks.items())


def format_csv(items: list[dict], languages: tuple[str, ...], headings: dict[str, dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["report", "kind", "citation", "id", "lang", "title", "url"])
    for it in items:
        for lang in languages:
            writer.writerow([it["report"], it["kind"], it["citation"], it["id"], lang, it["title"][lang], it["url"][lang]])
    return out.getvalue()


def format_json(items: list[dict], languages: tuple[str, ...], headings: dict[str, dict]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"md": format_markdown, "csv": format_csv, "json": format_json}
