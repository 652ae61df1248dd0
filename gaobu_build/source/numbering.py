"""Citation numbers ("§ 1.2", "¶ 1.5"): the same in both languages.

Numbers come from the structure of the report, never from its text, so a
citation means the same paragraph in Chinese and in English (as the Hong
Kong Policy Address numbers its paragraphs). They are for citing one
edition; the ids, not the numbers, are the permanent links.

- the opening paragraphs (preamble) are ¶ 0.1, ¶ 0.2, …
- part k is § k; its sections are § k.1, § k.2, …
- the paragraphs of part k are ¶ k.1, ¶ k.2, … counted through the whole
  part: its own paragraphs first, then each section's, without restarting.
"""

from __future__ import annotations

from dataclasses import dataclass

PART, SECTION, PARAGRAPH = "part", "section", "paragraph"
_SIGN = {PART: "§", SECTION: "§", PARAGRAPH: "¶"}


@dataclass(frozen=True)
class Number:
    kind: str  # PART, SECTION or PARAGRAPH
    number: str  # "1", "1.2"

    @property
    def citation(self) -> str:
        return f"{_SIGN[self.kind]} {self.number}"


def number_report(report) -> dict[str, Number]:
    """Every part, section and paragraph id of a report, with its number."""
    numbers = {p.id: Number(PARAGRAPH, f"0.{i}") for i, p in enumerate(report.preamble, 1)}
    for k, part in enumerate(report.parts, 1):
        numbers[part.id] = Number(PART, str(k))
        paragraphs = list(part.paragraphs)
        for s, section in enumerate(part.sections, 1):
            numbers[section.id] = Number(SECTION, f"{k}.{s}")
            paragraphs.extend(section.paragraphs)
        for i, p in enumerate(paragraphs, 1):
            numbers[p.id] = Number(PARAGRAPH, f"{k}.{i}")
    return numbers
