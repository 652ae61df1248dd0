"""The units a translator sees: each translatable text with what the gate will ask of its English.

A unit here is the same as in `gaobu check` (its id, e.g. `review-overview`,
`review-2023.title`), together with its place in the report (part, section,
¶ number), its state in the project's records and the fingerprint of the
Chinese it is offered for, and the three things the gate checks that a
translator can see in advance: glossary terms, figures and masks.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..source.glossary import TermFinder
from ..source.model import MASK_RE
from ..source.numbering import number_report
from ..source.quantities import NUMBER, PERCENT, chinese_figures
from ..source.translations import MISSING, STALE, TRANSLATED, UNCONFIRMED, fingerprint

# The project's statuses as XLIFF 1.2 target states (also the spreadsheet's status column).
NEW, NEEDS_REVIEW, TRANSLATED_STATE, FINAL = "new", "needs-review-translation", "translated", "final"
STATE_OF = {MISSING: NEW, STALE: NEEDS_REVIEW, UNCONFIRMED: TRANSLATED_STATE, TRANSLATED: FINAL}
# States that say a reviewer signed the English off: only these may confirm a unit on import.
SIGNED_OFF = frozenset({FINAL, "signed-off"})
# Which units `--units` selects; the default is everything not yet confirmed.
SELECTIONS = {
    "todo": frozenset({NEW, NEEDS_REVIEW, TRANSLATED_STATE}),
    "missing": frozenset({NEW}),
    "stale": frozenset({NEEDS_REVIEW}),
    "all": frozenset({NEW, NEEDS_REVIEW, TRANSLATED_STATE, FINAL}),
}


@dataclass(frozen=True)
class Place:
    """A part or section a unit sits in: its id, citation number and Chinese title."""

    id: str
    number: str  # "§ 1", "§ 1.2"
    title: str


@dataclass(frozen=True)
class Term:
    zh: str
    en: str


@dataclass(frozen=True)
class Unit:
    report: str  # the report folder, e.g. "2024"
    id: str
    zh: str
    en: str | None
    state: str  # NEW, NEEDS_REVIEW, TRANSLATED_STATE or FINAL
    fingerprint: str  # of the Chinese this unit is offered for
    number: str  # "¶ 1.5", "§ 1.2" or ""
    part: Place | None
    section: Place | None
    terms: tuple[Term, ...]
    figures: tuple[str, ...]  # "180.42亿 = 18.042 billion"
    masks: tuple[str, ...]
    loc: tuple  # where its text is in report.yaml

    @property
    def context(self) -> str:
        """Where the unit sits, for a translator: "§ 1 2023年工作回顾 › § 1.1 稳经济… › ¶ 1.3"."""
        steps = [f"{p.number} {p.title}" for p in (self.part, self.section) if p]
        if self.number and self.number not in {p.number for p in (self.part, self.section) if p}:
            steps.append(self.number)
        return " › ".join(steps)


def english_value(figure) -> str:
    """A figure's value as English writes it, so a translator need not convert 亿 and 万."""
    value, kind = figure.value, figure.kind
    if kind == PERCENT:
        return f"{_plain(value)}%"
    if kind != NUMBER:
        return f"{_plain(value)} percentage points"
    for scale, word in ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")):
        if abs(value) >= scale:
            return f"{_plain(value / scale)} {word}"
    return f"{value.normalize():,f}" if value == value.to_integral() else _plain(value)


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _figure_note(figure) -> str:
    """"180.42亿 = 18.042 billion": the English value beside a figure whose Chinese way of writing differs."""
    if figure.kind == NUMBER and not any(scale in figure.text for scale in ("万", "亿", "千")):
        return figure.text
    if figure.kind == PERCENT:
        return figure.text
    return f"{figure.text} = {english_value(figure)}"


def report_units(source, glossary=None) -> list[Unit]:
    """Every unit of one report (a ReportSource), in reading order."""
    report, state = source.report, source.translations
    finder = TermFinder(glossary)
    numbers = number_report(report)
    places = _places(report, numbers)
    units = []
    for unit_id, text, loc in report.units():
        en = text.text("en")
        owner = unit_id[: -len(".title")] if unit_id.endswith(".title") else unit_id
        part, section = places.get(owner, (None, None))
        number = numbers[owner].citation if owner in numbers else ""
        terms = tuple(dict.fromkeys(Term(m.term.zh, m.term.en) for m in finder.in_chinese(text.zh)))
        figures = tuple(dict.fromkeys(_figure_note(f) for f in chinese_figures(text.zh) if not f.weak))
        units.append(Unit(source.slug, unit_id, text.zh, en, STATE_OF[state.status(unit_id, text.zh, en)],
                          fingerprint(text.zh), number, part, section, terms, figures,
                          tuple(MASK_RE.findall(text.zh)), loc))
    return units


def _places(report, numbers) -> dict[str, tuple[Place | None, Place | None]]:
    """For each part, section and paragraph id: the part and the section it belongs to."""
    out: dict[str, tuple[Place | None, Place | None]] = {}
    for part in report.parts:
        p = Place(part.id, numbers[part.id].citation, part.title.zh)
        out[part.id] = (p, None)
        for para in part.paragraphs:
            out[para.id] = (p, None)
        for section in part.sections:
            s = Place(section.id, numbers[section.id].citation, section.title.zh)
            out[section.id] = (p, s)
            for para in section.paragraphs:
                out[para.id] = (p, s)
    return out


def project_units(project, reports: list[str] | None = None, selection: str = "todo") -> list[Unit]:
    """The selected units of the chosen reports (all when None), newest report first."""
    glossary = project.glossary.glossary if project.glossary else None
    wanted = SELECTIONS[selection]
    return [u for source in project.reports if reports is None or source.slug in reports
            for u in report_units(source, glossary) if u.state in wanted]
