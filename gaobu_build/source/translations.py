"""Which English units are current, stale or missing, and the record that says so.

Each report folder keeps `translations.yaml`: for every English unit, a
fingerprint of the Chinese text it was translated from. When the Chinese
changes, its fingerprint no longer matches and that unit alone is stale until
a translator confirms the English (`gaobu check --accept UNIT`, or by writing
the new fingerprint, which the stale finding prints, into the file).

The fingerprint ignores how YAML wraps the lines, so reflowing the Chinese
does not make its translation stale; any change of a character does.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .. import files
from .model import Report

STATE_FILE = "translations.yaml"
TRANSLATED, MISSING, STALE, UNCONFIRMED = "translated", "missing", "stale", "unconfirmed"
HEADER = (
    "# Written by `gaobu check --accept`: for each English unit, the fingerprint of\n"
    "# the Chinese text it was translated from. See data/README.md.\n"
)


def fingerprint(text: str) -> str:
    canonical = "".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


@dataclass
class TranslationState:
    """The recorded fingerprints of one report (unit id → fingerprint)."""

    path: Path
    recorded: dict[str, str] = field(default_factory=dict)

    def status(self, unit: str, zh: str, en: str | None) -> str:
        if en is None:
            return MISSING
        recorded = self.recorded.get(unit)
        if recorded is None:
            return UNCONFIRMED
        return TRANSLATED if recorded == fingerprint(zh) else STALE

    def statuses(self, report: Report) -> dict[str, str]:
        return {unit: self.status(unit, text.zh, text.text("en")) for unit, text, _ in report.units()}

    def accept(self, report: Report, units: set[str] | None) -> list[str]:
        """Record the current Chinese fingerprint for `units` (all translated ones if None)."""
        accepted = []
        for unit, text, _ in report.units():
            if text.text("en") is None or (units is not None and unit not in units):
                continue
            new = fingerprint(text.zh)
            if self.recorded.get(unit) != new:
                self.recorded[unit] = new
                accepted.append(unit)
        return accepted

    def prune(self, report: Report) -> list[str]:
        known = {unit for unit, _, _ in report.units()}
        gone = sorted(set(self.recorded) - known)
        for unit in gone:
            del self.recorded[unit]
        return gone

    def write(self, report: Report) -> None:
        """Rewrite the file in the report's reading order, atomically."""
        order = list(dict.fromkeys(unit for unit, _, _ in report.units() if unit in self.recorded))
        body = "".join(f"{unit}: {self.recorded[unit]}\n" for unit in order)
        files.write_text(self.path, HEADER + body)


@dataclass(frozen=True)
class Coverage:
    """One language of one report: its units by status."""

    lang: str
    units: int
    confirmed: int  # English recorded as rendering the current Chinese
    unconfirmed: int  # English that nobody has yet confirmed (fresh translations)
    stale: int  # English confirmed for a Chinese text that has changed since
    missing: int

    @property
    def translated(self) -> int:
        """Units whose English renders the current Chinese as far as anyone knows: confirmed or not yet."""
        return self.confirmed + self.unconfirmed

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.units if self.units else 100.0

    def as_dict(self) -> dict:
        return {"language": self.lang, "units": self.units, "translated": self.translated, "confirmed": self.confirmed,
                "unconfirmed": self.unconfirmed, "missing": self.missing, "stale": self.stale,
                "percent": round(self.percent, 1)}


def coverage(statuses: dict[str, str]) -> list[Coverage]:
    """The source language is complete by definition; English is what is counted.

    Coverage counts the English that renders the current Chinese, confirmed or
    awaiting confirmation; stale English (confirmed for an older Chinese) and
    missing English do not count.
    """
    n = len(statuses)
    count = {status: sum(s == status for s in statuses.values()) for status in (TRANSLATED, UNCONFIRMED, STALE, MISSING)}
    return [Coverage("zh", n, n, 0, 0, 0),
            Coverage("en", n, count[TRANSLATED], count[UNCONFIRMED], count[STALE], count[MISSING])]
