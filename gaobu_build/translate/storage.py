"""What every file format shares: the units that come back, and the problems of a file that cannot be used.

Each format is one class with `write(units) -> bytes` and `read(name, data) ->
list[Returned]` (like translate-toolkit's storage classes); the commands pick
the class by the file's extension and know nothing else of the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")

XLIFF_EXTENSIONS = (".xlf", ".xliff")
XLSX_EXTENSIONS = (".xlsx",)
# BCP 47 tags written into the files: the source is Simplified Chinese of mainland China.
SOURCE_LANG, TARGET_LANG = "zh-CN", "en"


@dataclass(frozen=True)
class Returned:
    """One unit as a translator's file brings it back."""

    report: str  # the report folder the file says the unit belongs to
    id: str
    source: str  # the Chinese in the file
    target: str | None  # None or "" when the file has no English for it
    signed_off: bool  # the file says a reviewer signed the English off (final / signed-off)
    fingerprint: str | None  # of the Chinese at export, when the file kept it
    position: str  # where it is in the file: "out.xlf:57" or "out.xlsx!2024!D12"


@dataclass(frozen=True)
class Problem:
    position: str  # "out.xlf:12:5", "out.xlsx!2024!A7" or "out.xlf"
    message: str
    code: str
    hint: str = ""

    def format(self) -> str:
        head = f"{self.position}: error: {self.message} [{self.code}]"
        return f"{head}\n  hint: {self.hint}" if self.hint else head


class FileProblems(Exception):
    """The file cannot be used at all: nothing of it is imported."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


def looks_chinese(text: str) -> bool:
    """More Han characters than Latin letters: not an English target, whatever the file says."""
    return len(_HAN.findall(text)) > len(_LATIN.findall(text))


def language_is_english(tag: str | None) -> bool:
    return tag is None or tag.lower() == "en" or tag.lower().startswith("en-")
