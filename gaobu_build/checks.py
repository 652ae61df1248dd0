"""Checks across a whole report, after each file has passed the schema."""

from __future__ import annotations

import re

from . import links
from .findings import ERROR, WARNING, Finding

# The source prints words it withholds as runs of "X"; both languages keep them.
MASK_RE = re.compile(r"X{3,}")
# Anchors and page names the generated pages use themselves.
RESERVED_IDS = frozenset({"top", "contents", "key-figures", "about-source", "index"})


def check_project(project) -> list[Finding]:
    findings: list[Finding] = []
    for source in project.reports:
        findings.extend(check_ids(source))
        findings.extend(check_key_figures(source))
        findings.extend(check_text_end(source))
        findings.extend(check_translations(source))
    findings.extend(links.check_registry(project))
    return findings


def _id_locations(report):
    for pi, part in enumerate(report.parts):
        yield part.id, ("parts", pi, "id")
        for si, section in enumerate(part.sections):
            yield section.id, ("parts", pi, "sections", si, "id")
    for paragraph, loc in report.all_paragraphs():
        yield paragraph.id, loc + ("id",)


def check_ids(source) -> list[Finding]:
    """Ids are anchors and page paths: one report may use each only once."""
    seen: dict[str, tuple] = {}
    findings = []
    for ident, loc in _id_locations(source.report):
        if ident in RESERVED_IDS:
            findings.append(source.finding(
                loc, ERROR, "reserved-id", f"The id '{ident}' is reserved for the site's own use",
                f"Choose another id; these are taken: {', '.join(sorted(RESERVED_IDS))}.", unit=ident))
        elif ident in seen:
            first_line, _ = source.where(seen[ident])
            findings.append(source.finding(
                loc, ERROR, "duplicate-id", f"Duplicate id '{ident}' (first used on line {first_line})",
                "Every part, section and paragraph of a report needs its own id: rename this one.", unit=ident))
        else:
            seen[ident] = loc
    return findings


def check_key_figures(source) -> list[Finding]:
    paragraphs = {p.id: p for p, _ in source.report.all_paragraphs()}
    findings = []
    for i, fig in enumerate(source.report.key_figures):
        loc = ("key_figures", i)
        target = paragraphs.get(fig.paragraph)
        if target is None:
            findings.append(source.finding(
                loc + ("paragraph",), ERROR, "unknown-paragraph",
                f"Key figure '{fig.label.zh}' points to paragraph '{fig.paragraph}', which does not exist",
                "Use the id of the paragraph that states this figure."))
            continue
        for lang in ("zh", "en"):
            value, text = fig.value.text(lang), target.text(lang)
            if value and text and value not in text:
                findings.append(source.finding(
                    loc + ("value", lang), ERROR, "figure-not-in-paragraph",
                    f"Key figure {value!r} does not appear in the {lang} text of paragraph '{fig.paragraph}'",
                    "Write the figure exactly as the paragraph states it, or point to the right paragraph."))
    return findings


def check_text_end(source) -> list[Finding]:
    paragraphs = list(source.report.all_paragraphs())
    findings = []
    for index, (paragraph, loc) in enumerate(paragraphs):
        if paragraph.text_ends_here and index != len(paragraphs) - 1:
            findings.append(source.finding(
                loc + ("text_ends_here",), ERROR, "text-ends-early",
                f"Paragraph '{paragraph.id}' is marked as where the text ends, but paragraphs follow it",
                "Only the last paragraph of a report can be marked `text_ends_here: true`.", unit=paragraph.id))
    return findings


def check_translations(source) -> list[Finding]:
    findings = []
    for unit, text, loc in source.report.units():
        if text.text("en") is None:
            findings.append(source.finding(
                loc, WARNING, "untranslated", f"'{unit}' has no English translation",
                "Add `en:` below `zh:`; until then the English site shows the Chinese text, marked as not yet translated.",
                unit=unit))
            continue
        zh_masks, en_masks = MASK_RE.findall(text.zh), MASK_RE.findall(text.en)
        if zh_masks != en_masks:
            findings.append(source.finding(
                loc + ("en",), ERROR, "mask-mismatch",
                f"'{unit}' has masked words {zh_masks} in Chinese but {en_masks} in English",
                "Keep each mask (XXX) of the source exactly as it is, in both languages.", unit=unit))
    return findings
