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
# Worth knowing, never a failure, not even with --strict.
NOTE = "note"


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
    # The report folder a finding in a file of the whole site (data/links.yaml) is about; a finding in
    # data/<folder>/ is about that folder's report anyway.
    report: str = ""

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

    def __init__(self, findings: list[Finding], project=None):
        self.findings = sorted(findings, key=Finding.sort_key)
        # Set when every file was read and only the checks across them failed,
        # so that `gaobu check` can still sum up coverage.
        self.project = project
        super().__init__("\n".join(f.format() for f in self.findings))


def format_text(findings: list[Finding]) -> str:
    return "\n".join(f.format() for f in findings)


def format_json(findings: list[Finding], summary: dict | None = None) -> str:
    """An object: `findings` (file, line, column, severity, code, message, hint, unit) and the `summary`."""
    items = [{"file": f.path, "line": f.line, "column": f.column, "severity": f.severity, "code": f.code,
              "message": f.message, "hint": f.hint, "unit": f.unit or None} for f in findings]
    return json.dumps({"findings": items, "summary": summary}, ensure_ascii=False, indent=2)


def format_github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands, one annotation per finding."""
    lines = []
    for f in findings:
        text = f"{f.message} [{f.code}]" + (f" Hint: {f.hint}" if f.hint else "")
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        level = {"error": "error", "warning": "warning"}.get(f.severity, "notice")
        lines.append(f"::{level} file={f.path},line={f.line},col={f.column}::{text}")
    return "\n".join(lines)
