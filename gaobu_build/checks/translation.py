"""Checks of the translation: coverage, staleness, masks, figures, terms, and Chinese typography."""

from __future__ import annotations

import re

from ..source.quantities import compare
from ..source.findings import ERROR, NOTE, WARNING
from ..source.glossary import TermFinder
from ..source.model import MASK_RE
from ..source.translations import MISSING, STALE, UNCONFIRMED, fingerprint


_CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"
HALF_WIDTH_RE = re.compile(rf"(?<={_CJK})\s*([,:;()?!])\s*(?={_CJK})")
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
# 。。 and ，， are typing slips; …… and —— are single marks written twice.
DOUBLED_RE = re.compile(r"([，。、；：！？])(?:\s*[，。、；：！？])+")


def check_translation(source, glossary) -> list:
    finder = TermFinder.of(glossary.glossary if glossary else None)
    state = source.translations
    findings = []
    recorded = state.path.exists()
    if not recorded and any(text.text("en") for _, text, _ in source.report.units()):
        # One reminder for a report nobody has yet confirmed, rather than one per unit.
        findings.append(source.finding(
            (), WARNING, "no-translation-record",
            f"No record of which Chinese text each English unit translates ({state.path.parent.name}/{state.path.name} is missing)",
            "After checking the English against the Chinese, run `gaobu check --accept-all` to start tracking stale translations."))
    for unit, text, loc in source.report.units():
        findings.extend(check_typography(source, unit, text.zh, loc + ("zh",)))
        findings.extend(note_masks(source, unit, text.zh, loc))
        en = text.text("en")
        status = state.status(unit, text.zh, en)
        if status == MISSING:
            # An imported report writes `en: ''` for each text: then the place to type is that line.
            written = source.has(loc + ("en",))
            findings.append(source.finding(
                loc + ("en",) if written else loc, WARNING, "untranslated", f"'{unit}' has no English translation",
                ("Write the English after `en:`" if written else "Add `en:` below `zh:`")
                + "; until then the English site shows the Chinese text, marked as not yet translated.",
                unit=unit))
            continue
        if status == STALE:
            findings.append(source.finding(
                loc + ("en",), WARNING, "stale", f"The Chinese of '{unit}' changed after it was translated",
                f"Update the English, then run `gaobu check --accept {unit}` (or set `{unit}: {fingerprint(text.zh)}` "
                f"in {state.path.parent.name}/{state.path.name}).", unit=unit))
        elif status == UNCONFIRMED and recorded:
            findings.append(source.finding(
                loc + ("en",), WARNING, "unconfirmed",
                f"The English of '{unit}' has no record of the Chinese it translates",
                f"Once the English is checked against the Chinese, run `gaobu check --accept {unit}`.", unit=unit))
        findings.extend(check_masks(source, unit, text.zh, en, loc))
        findings.extend(check_figures(source, unit, text.zh, en, loc))
        findings.extend(check_terms(source, finder, f"'{unit}'", text.zh, en, loc + ("en",), unit))
    if source.indicators is not None:
        findings.extend(check_indicator_terms(source.indicators, finder))
    return findings


def check_indicator_terms(data, finder: TermFinder) -> list:
    """Indicator names and rank scopes: the figures page and the downloads show them.

    A unit ({zh: 个, en: pocket parks}) is a measure word beside what is counted, not a translation: not checked.
    """
    findings = []
    for i, ind in enumerate(data.model.indicators):
        fields = [("name", "The name", ind.name.zh, ind.name.text("en"))]
        if ind.rank is not None:
            fields.append(("rank", "The rank scope", ind.rank.scope.zh, ind.rank.scope.en))
        for key, what, zh, en in fields:
            loc = ("indicators", i, key) + (("scope",) if key == "rank" else ()) + ("en",)
            findings.extend(check_terms(data, finder, f"{what} of indicator '{ind.id}'", zh, en, loc, ind.id))
    return findings


def check_glossary_terms(glossary) -> list:
    """A definition or note that uses another term renders it like the report does (its own term aside)."""
    finder = TermFinder.of(glossary.glossary)
    findings = []
    for i, term in enumerate(glossary.glossary.terms):
        for key, what in (("definition", "The definition"), ("note", "The note")):
            text = getattr(term, key)
            if text is None or not text.zh:
                continue
            findings.extend(check_terms(glossary, finder, f"{what} of {term.zh}", text.zh, text.en,
                                        ("terms", i, key, "en"), skip=term))
    return findings


def check_masks(source, unit, zh, en, loc) -> list:
    zh_masks, en_masks = MASK_RE.findall(zh), MASK_RE.findall(en)
    if zh_masks == en_masks:
        return []
    return [source.finding(
        loc + ("en",), ERROR, "mask-mismatch",
        f"'{unit}' has masked words {zh_masks} in Chinese but {en_masks} in English",
        "Keep each mask (XXX) of the source exactly as it is, in both languages.", unit=unit)]


def note_masks(source, unit, zh, loc) -> list:
    masks = MASK_RE.findall(zh)
    if not masks:
        return []
    return [source.finding(
        loc + ("zh",), NOTE, "masked-text",
        f"'{unit}' contains {len(masks)} masked word(s) ({', '.join(masks)}): the text is incomplete here",
        "The source withholds these words; keep the masks unless the full text is published.", unit=unit)]


def check_figures(source, unit, zh, en, loc) -> list:
    findings = []
    named = set()
    for mismatch in compare(zh, en):
        figure, closest = mismatch.figure, mismatch.closest
        if mismatch.lang == "en" and figure.text in named:
            continue  # already reported as the closest of a Chinese figure
        if closest is not None:
            named.add(closest.text)
        here, there = ("Chinese", "English") if mismatch.lang == "zh" else ("English", "Chinese")
        near = f" (closest there: “{closest.text}”)" if closest else ""
        findings.append(source.finding(
            loc + ("en",), ERROR, "figure-mismatch",
            f"'{unit}': the {here} figure “{figure.text}” has no equal in the {there} text{near}",
            "Correct the figure: 万 = 10 thousand, 亿 = 100 million, 百分点 = percentage points; "
            "English may round only to the digits it writes (18.04 billion for 180.42亿).", unit=unit))
    return findings


def check_terms(source, finder: TermFinder, what: str, zh, en, loc, unit: str = "", skip=None) -> list:
    """`what` names the text (“'innovation'”, “The name of indicator 'gdp'”); `skip` a term a text may leave out."""
    if not zh or not en:
        return []  # nothing to compare: an untranslated text is reported as such
    findings = [source.finding(
        loc, WARNING, "term",
        f"{what} uses the term {term.zh} but its English lacks the glossary's rendering “{term.en}”",
        "Use the glossary's rendering (any case or inflection), or change the glossary entry in data/glossary.yaml.",
        unit=unit) for term in finder.missing_renderings(zh, en) if term is not skip]
    findings.extend(source.finding(
        loc, WARNING, "term-form",
        f"{what} uses “{term.en}”, the glossary's rendering of {term.zh}, but its Chinese has no form of that term",
        f"If the Chinese writes {term.zh} another way (a short form), add that form to the term's `variants:` in "
        "data/glossary.yaml; otherwise the English names a term the Chinese does not use.",
        unit=unit) for term in finder.unmatched_renderings(zh, en) if term is not skip)
    return findings


def check_typography(source, unit, zh, loc) -> list:
    findings = []
    for m in HALF_WIDTH_RE.finditer(zh):
        mark = m.group(1)
        findings.append(source.finding(
            loc, WARNING, "half-width-punctuation",
            f"'{unit}' has a half-width “{mark}” between Chinese characters: “{zh[max(0, m.start() - 4):m.end() + 4]}”",
            f"Write the full-width “{FULL_WIDTH[mark]}” in Chinese text.", unit=unit))
    for m in DOUBLED_RE.finditer(zh):
        findings.append(source.finding(
            loc, WARNING, "doubled-punctuation",
            f"'{unit}' has doubled punctuation “{m.group(0)}”: “{zh[max(0, m.start() - 4):m.end() + 4]}”",
            "Keep one mark.", unit=unit))
    return findings
