"""Reading `data/`: YAML with a line and column for every node, then the model.

Everything is read and checked before anything is written, and every problem
of every file is collected before one `DataError` is raised.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError

from .checks import check_project
from .findings import ERROR, WARNING, DataError, Finding
from .glossary import GLOSSARY_FILE, Glossary
from .model import ID_EXAMPLE, ID_RE, Report
from .translations import STATE_FILE, TranslationState

DATA_DIR = "data"
REPORT_FILE = "report.yaml"
# Report folders become the first segment of URLs; these names are taken.
RESERVED_SLUGS = frozenset({"en", "zh", "assets", "pagefind", "search", "404", "sitemap", "stylesheets", "javascripts", "glossary"})
FINGERPRINT_RE = re.compile(r"[0-9a-f]{12}")


class _Constructor(RoundTripConstructor):
    """Records every duplicate key instead of stopping at the first."""

    def check_mapping_key(self, node, key_node, mapping, key, value) -> bool:
        if key in mapping:
            first = mapping.lc.key(key) if hasattr(mapping, "lc") else None
            self.duplicates.append((key, key_node.start_mark, first))
            return False
        return True


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    return yaml


@dataclass
class ReportSource:
    """One report as read from disk: the model, and where each part of it was written."""

    slug: str
    path: Path
    display_path: str
    report: Report
    tree: CommentedMap
    translations: TranslationState | None = None

    def where(self, loc: tuple, key: bool = False) -> tuple[int, int]:
        return locate(self.tree, loc, key=key)

    def finding(self, loc: tuple, severity: str, code: str, message: str, hint: str = "", unit: str = "", key: bool = False) -> Finding:
        line, col = self.where(loc, key=key)
        return Finding(self.display_path, line, col, severity, code, message, hint, unit)


@dataclass
class GlossarySource:
    display_path: str
    glossary: Glossary
    tree: CommentedMap

    def finding(self, loc: tuple, severity: str, code: str, message: str, hint: str = "") -> Finding:
        line, col = locate(self.tree, loc)
        return Finding(self.display_path, line, col, severity, code, message, hint)


@dataclass
class Project:
    root: Path
    reports: list[ReportSource]
    findings: list[Finding] = field(default_factory=list)
    glossary: GlossarySource | None = None


def locate(tree, loc: tuple, key: bool = False) -> tuple[int, int]:
    """1-based line and column of the node at `loc`, or of its nearest ancestor."""
    node, line, col = tree, 0, 0
    if hasattr(tree, "lc"):
        line, col = tree.lc.line, tree.lc.col
    for i, step in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, CommentedMap) and step in node:
            line, col = node.lc.key(step) if (key and last) else node.lc.value(step)
            node = node[step]
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and 0 <= step < len(node):
            line, col = node.lc.item(step)
            node = node[step]
        else:
            break
    return line + 1, col + 1


def display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def parse_yaml(path: Path, shown: str, raw: bytes | None = None) -> tuple[object, list[Finding]]:
    """Parse one YAML file (or `raw`, its bytes if already read); the tree is None when it cannot be parsed at all."""
    yaml = _yaml()
    try:
        text = (path.read_bytes() if raw is None else raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Finding(shown, 1, 1, ERROR, "not-utf8", f"The file is not UTF-8 text ({exc.reason} at byte {exc.start})", "Save the file as UTF-8.")]
    yaml.constructor.duplicates = []
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Finding(shown, line, col, ERROR, "yaml-syntax", f"YAML syntax error: {problem}",
                              "Check the indentation and quoting on this line and the one before it.")]
    findings = []
    for dup_key, mark, first in yaml.constructor.duplicates:
        where = f" (first set on line {first[0] + 1})" if first else ""
        findings.append(Finding(shown, mark.line + 1, mark.column + 1, ERROR, "duplicate-key",
                                f"Duplicate key '{dup_key}'{where}",
                                "Keep one of them: YAML would silently use only one value."))
    return tree, findings


def load_project(root: Path) -> Project:
    """Read every report under `root/data`; raise DataError on any error."""
    root = Path(root)
    data = root / DATA_DIR
    findings: list[Finding] = []
    reports: list[ReportSource] = []
    folders = sorted(p for p in data.iterdir() if p.is_dir()) if data.is_dir() else []
    for folder in folders:
        path = folder / REPORT_FILE
        if not path.is_file():
            continue
        shown = display_path(path, root)
        slug = folder.name
        if not ID_RE.fullmatch(slug) or slug in RESERVED_SLUGS:
            findings.append(Finding(shown, 1, 1, ERROR, "bad-folder",
                                    f"Expected a report folder named like '2024' (lowercase ASCII letters, digits and hyphens, not {', '.join(sorted(RESERVED_SLUGS))}) but received: {slug!r}",
                                    "The folder name is the report's URL path: rename the folder."))
            continue
        source, problems = load_report(path, shown, slug)
        findings.extend(problems)
        if source is not None:
            source.translations, problems = load_translations(folder / STATE_FILE, display_path(folder / STATE_FILE, root), source.report)
            findings.extend(problems)
            reports.append(source)
    glossary, problems = load_glossary(data / GLOSSARY_FILE, display_path(data / GLOSSARY_FILE, root))
    findings.extend(problems)
    if not reports and not findings:
        findings.append(Finding(display_path(data, root), 1, 1, ERROR, "no-report",
                                f"No report found: expected {DATA_DIR}/<year>/{REPORT_FILE}",
                                "Create a folder per report under data/, each with a report.yaml."))
    project = Project(root, sorted(reports, key=lambda r: r.report.year, reverse=True), findings, glossary)
    if any(f.severity == ERROR for f in findings):
        raise DataError(findings)
    project.findings.extend(check_project(project))
    if any(f.severity == ERROR for f in project.findings):
        raise DataError(project.findings, project)
    return project


# `mkdocs serve` reloads every report after each edit. Parsing is most of that work (ruamel's
# round-trip parser is pure Python, about 0.1 s per 17,000-character report), and the same bytes
# always give the same tree and model, so each file's last result is kept, keyed by its bytes.
_PARSED: dict[tuple[str, str, str], tuple[bytes, tuple]] = {}


def load_report(path: Path, shown: str, slug: str) -> tuple[ReportSource | None, list[Finding]]:
    raw = path.read_bytes()
    key = (str(path.resolve()), shown, slug)
    cached = _PARSED.get(key)
    if cached is None or cached[0] != raw:
        cached = _PARSED[key] = (raw, _parse_report(path, shown, slug, raw))
    source, findings = cached[1]
    # A fresh ReportSource: the caller attaches this load's translation state to it.
    return (ReportSource(**{**source.__dict__}) if source else None), list(findings)


def _parse_report(path: Path, shown: str, slug: str, raw: bytes) -> tuple[ReportSource | None, list[Finding]]:
    tree, findings = parse_yaml(path, shown, raw)
    if tree is None and findings:
        return None, findings
    if not isinstance(tree, CommentedMap):
        findings.append(Finding(shown, 1, 1, ERROR, "wrong-type",
                                f"Expected a mapping of report fields but received: {_describe(tree)}",
                                "Start the file with `year:`, `title:` and `parts:` (see data/README.md)."))
        return None, findings
    try:
        report = Report.model_validate(tree)
    except ValidationError as exc:
        findings.extend(_from_pydantic(exc, tree, shown))
        return None, findings
    if findings:
        return None, findings
    return ReportSource(slug, path, shown, report, tree), findings


def load_glossary(path: Path, shown: str) -> tuple[GlossarySource | None, list[Finding]]:
    """The glossary is optional: without it there are no term checks or explanations."""
    if not path.is_file():
        return None, []
    tree, findings = parse_yaml(path, shown)
    if findings:
        return None, findings
    if not isinstance(tree, CommentedMap):
        return None, [Finding(shown, 1, 1, ERROR, "wrong-type",
                              f"Expected a mapping with `terms:` but received: {_describe(tree)}",
                              "Start the file with `terms:` and list one term per item (see data/README.md).")]
    try:
        glossary = Glossary.model_validate(tree)
    except ValidationError as exc:
        return None, _from_pydantic(exc, tree, shown, Glossary)
    return GlossarySource(shown, glossary, tree), []


def load_translations(path: Path, shown: str, report: Report) -> tuple[TranslationState, list[Finding]]:
    """Fingerprints of the Chinese each English unit renders; a missing file records none."""
    state = TranslationState(path)
    if not path.is_file():
        return state, []
    tree, findings = parse_yaml(path, shown)
    if findings:
        return state, findings
    if tree is None:
        return state, []
    if not isinstance(tree, CommentedMap):
        return state, [Finding(shown, 1, 1, ERROR, "wrong-type",
                               f"Expected a mapping of unit ids to fingerprints but received: {_describe(tree)}",
                               "Delete the file and run `gaobu check --accept-all` to write it again.")]
    known = {unit for unit, _, _ in report.units()}
    for unit, value in tree.items():
        line, col = tree.lc.value(unit)
        if not isinstance(value, str) or not FINGERPRINT_RE.fullmatch(value):
            findings.append(Finding(shown, line + 1, col + 1, ERROR, "bad-fingerprint",
                                    f"Expected a fingerprint of 12 hexadecimal digits but received: {_describe(value)}",
                                    f"Run `gaobu check --accept {unit}` to record the right one."))
        elif unit not in known:
            line, col = tree.lc.key(unit)
            findings.append(Finding(shown, line + 1, col + 1, WARNING, "unknown-unit",
                                    f"Fingerprint recorded for '{unit}', which is not in the report",
                                    "Remove the line, or run `gaobu check --accept-all`, which drops it."))
        else:
            state.recorded[str(unit)] = value
    return state, findings


# --- pydantic errors in the words of this project -------------------------------

def _describe(value) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, int):
        return f"{value} (a number)"
    if isinstance(value, float):
        return f"{value} (a number)"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:40] + "…"
        return repr(short)
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _unwrap(annotation):
    """The model class behind Optional[...] and list[...], if any."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _unwrap(arg)
            if found is not None:
                return found
        return None
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _model_at(loc: tuple, root=Report):
    model = root
    for step in loc:
        if isinstance(step, int):
            continue
        if model is None or step not in model.model_fields:
            return None
        model = _unwrap(model.model_fields[step].annotation)
    return model


def _field_list(model) -> str:
    return ", ".join(model.model_fields) if model else ""


def _from_pydantic(exc: ValidationError, tree, shown: str, root=Report) -> list[Finding]:
    findings = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        kind = err["type"]
        name = loc[-1] if loc else ""
        value = err.get("input")
        line, col = locate(tree, loc, key=kind == "extra_forbidden")
        code, message, hint = "invalid", err["msg"], ""
        if kind == "missing":
            model = _model_at(loc[:-1], root)
            code, message = "missing-field", f"Missing required field '{name}'"
            hint = f"Add `{name}:` here; this entry takes: {_field_list(model)}."
        elif kind == "extra_forbidden":
            model = _model_at(loc[:-1], root)
            allowed = list(model.model_fields) if model else []
            close = difflib.get_close_matches(str(name), allowed, n=1)
            code = "unknown-field"
            message = f"Unknown field '{name}'" + (f" (did you mean '{close[0]}'?)" if close else "")
            hint = f"Expected one of: {', '.join(allowed)}."
        elif kind == "string_type":
            code, message = "wrong-type", f"Expected text but received: {_describe(value)}"
            hint = "Put the value in quotes if YAML reads it as a number, date or boolean."
        elif kind in ("int_type", "int_parsing", "int_from_float"):
            code, message = "wrong-type", f"Expected a whole number but received: {_describe(value)}"
            hint = "Write the number without quotes, e.g. `year: 2024`."
        elif kind in ("bool_type", "bool_parsing"):
            code, message = "wrong-type", f"Expected true or false but received: {_describe(value)}"
            hint = "Write `true` or `false` without quotes."
        elif kind == "list_type":
            code, message = "wrong-type", f"Expected a list but received: {_describe(value)}"
            hint = "Write each item on its own line starting with `- `."
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            code, message = "wrong-type", f"Expected a mapping of fields but received: {_describe(value)}"
            hint = "Write the fields on indented lines below, e.g. `zh: …` and `en: …`."
        elif kind == "too_short":
            code, message = "empty-list", f"Expected at least one item in '{name}' but received an empty list"
            hint = "Add an item, or remove the field if it is optional."
        elif kind == "gaobu_bad_id":
            code, message = "bad-id", err["msg"]
            hint = f"Ids are part of published URLs and never change: use lowercase ASCII words joined by hyphens, e.g. '{ID_EXAMPLE}'."
        elif kind == "gaobu_bad_url":
            code, message = "bad-url", err["msg"]
            hint = "Give the address of the page where the rendering is found, e.g. https://english.www.gov.cn/…"
        elif kind == "literal_error":
            code, message = "bad-value", f"Expected {err['ctx']['expected']} but received: {_describe(value)}"
            hint = "Use one of the listed values."
        elif kind == "gaobu_empty_text":
            code, message = "empty-text", err["msg"]
            hint = "Write the text, or remove the field."
        findings.append(Finding(shown, line, col, ERROR, code, message, hint))
    return findings
