"""Findings: every problem in the data, as data.

A finding names the file, line and column it is about, so that an editor can
jump straight to it. Everything that checks the data produces findings; only
the command line and the MkDocs plugin decide how to show them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    severity: str
    code: str
    message: str
    hint: str = ""
    unit: str = ""

    def format(self) -> str:
        """`path:line:col: severity: message [code]`, then the hint indented."""
        head = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.code}]"
        return f"{head}\n  hint: {self.hint}" if self.hint else head

    def as_dict(self) -> dict:
        return asdict(self)

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)


class DataError(Exception):
    """Raised when the data cannot be used; carries every finding at once."""

    def __init__(self, findings: list[Finding]):
        self.findings = sorted(findings, key=Finding.sort_key)
        super().__init__("\n".join(f.format() for f in self.findings))


def format_text(findings: list[Finding]) -> str:
    return "\n".join(f.format() for f in findings)


def format_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)


def format_github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands, one annotation per finding."""
    lines = []
    for f in findings:
        text = f"{f.message} [{f.code}]" + (f" Hint: {f.hint}" if f.hint else "")
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        lines.append(f"::{f.severity} file={f.path},line={f.line},col={f.column}::{text}")
    return "\n".join(lines)
