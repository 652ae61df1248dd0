"""Reading `data/`: YAML with a line and column for every node, then the model.

Everything is read and checked before anything is written, and every problem
of every file is collected before one `DataError` is raised.
"""

from __future__ import annotations

import codecs
import datetime
import difflib
import os
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.reader import ReaderError

from .checks import check_project
from .findings import ERROR, DataError, Finding
from .model import ID_EXAMPLE, ID_RE, Report, describe_char

DATA_DIR = "data"
REPORT_FILE = "report.yaml"
# Report folders become the first segment of URLs; these names are taken.
RESERVED_SLUGS = frozenset({"en", "zh", "assets", "pagefind", "search", "404", "sitemap", "stylesheets", "javascripts"})


class _Constructor(RoundTripConstructor):
    """Records every duplicate key instead of stopping at the first."""

    def check_mapping_key(self, node, key_node, mapping, key, value) -> bool:
        if key in mapping:
            first = mapping.lc.key(key) if hasattr(mapping, "lc") else None
            self.duplicates.append((key, key_node.start_mark, first))
            return False
        return True

    def construct_non_recursive_object(self, node, tag=None):
        try:
            return super().construct_non_recursive_object(node, tag)
        except (ValueError, TypeError, OverflowError) as exc:
            # An explicit tag on a value that is not one (`!!int abc`,
            # `!!timestamp 2024-13-45`) fails in Python, without a position.
            raise ConstructorError(None, None, f"cannot read {node.value!r} as {_short_tag(node.tag)}: {exc}", node.start_mark) from None


def _short_tag(tag) -> str:
    text = getattr(tag, "value", None) or str(tag)
    return text.replace("tag:yaml.org,2002:", "!!")


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

    def where(self, loc: tuple, key: bool = False) -> tuple[int, int]:
        return locate(self.tree, loc, key=key)

    def finding(self, loc: tuple, severity: str, code: str, message: str, hint: str = "", unit: str = "", key: bool = False) -> Finding:
        line, col = self.where(loc, key=key)
        return Finding(self.display_path, line, col, severity, code, message, hint, unit)


@dataclass
class Project:
    root: Path
    reports: list[ReportSource]
    findings: list[Finding] = field(default_factory=list)


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
    # The path as written first: a symbolic link is named, not where it leads.
    for shown, base in ((Path(os.path.abspath(path)), Path(os.path.abspath(root))), (path.resolve(), root.resolve())):
        try:
            return shown.relative_to(base).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _line_col(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _syntax_finding(shown: str, exc: MarkedYAMLError) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    hint = "Check the indentation and quoting on this line and the one before it."
    context = exc.context_mark if exc.problem and exc.context else None
    if context is not None and context.line != mark.line and ("quoted" in exc.context or "flow" in exc.context):
        # An unclosed quote or bracket is found at the end of the file; say where it opened.
        problem += f" ({exc.context.strip()} that starts on line {context.line + 1}, column {context.column + 1})"
        hint = f"Close the quote or bracket opened on line {context.line + 1}, or remove it."
    if "'\\t'" in problem:
        hint = "YAML does not allow tabs for indentation: indent with spaces."
    if isinstance(exc, ConstructorError) and problem.startswith("cannot read "):
        hint = "Remove the `!!` tag before the value: the report needs none."
    if "undefined alias" in problem:
        hint = "Text that starts with `*` or `&` must be in quotes, e.g. '*emphasis*'."
    if "another document" in problem:
        problem, hint = "found a second document (after `---`)", "A report file holds one document: remove the `---` line and what follows it."
    return Finding(shown, line, col, ERROR, "yaml-syntax", f"YAML syntax error: {problem}", hint)


def parse_yaml(path: Path, shown: str) -> tuple[object, list[Finding]]:
    """Parse one YAML file; the tree is None when it cannot be parsed at all."""
    yaml = _yaml()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Finding(shown, 1, 1, ERROR, "unreadable", f"The file could not be read: {exc.strerror}",
                              "Check that the file exists and that you may read it.")]
    # A byte order mark, as some Windows editors write, is accepted.
    bom = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        text = raw[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[bom:exc.start].decode("utf-8")
        line, col = _line_col(good, len(good))
        return None, [Finding(shown, line, col, ERROR, "not-utf8", f"The file is not UTF-8 text ({exc.reason} at byte {bom + exc.start})", "Save the file as UTF-8.")]
    yaml.constructor.duplicates = []
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as exc:
        return None, [_syntax_finding(shown, exc)]
    except ReaderError as exc:
        # Raised for a raw control character before any parsing, with only an offset.
        line, col = _line_col(text, exc.position)
        return None, [Finding(shown, line, col, ERROR, "control-character",
                              f"Expected printable text but received: {describe_char(chr(exc.character))}",
                              "Delete it: it is invisible (often pasted from another program), and only tabs and line breaks are allowed.")]
    except RecursionError:
        return None, [Finding(shown, 1, 1, ERROR, "yaml-syntax", "YAML syntax error: lists or mappings are nested too deeply to read",
                              "A report needs only a few levels of indentation: look for a run of unclosed `[` or `{`.")]
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
        shown = display_path(path, root)
        slug = folder.name
        # Checked before anything is read: a link could publish any file of the machine.
        outside = _link_outside(path, data, root) if os.path.lexists(path) else ""
        if outside:
            findings.append(Finding(shown, 1, 1, ERROR, "symlink-outside-data", outside,
                                    "The site is built only from what is in data/: copy the file into data/ instead of linking to it."))
            continue
        if not path.is_file():
            continue
        if not ID_RE.fullmatch(slug) or slug in RESERVED_SLUGS:
            findings.append(Finding(shown, 1, 1, ERROR, "bad-folder",
                                    f"Expected a report folder named like '2024' (lowercase ASCII letters, digits and hyphens, not {', '.join(sorted(RESERVED_SLUGS))}) but received: {slug!r}",
                                    "The folder name is the report's URL path: rename the folder."))
            continue
        source, problems = load_report(path, shown, slug)
        findings.extend(problems)
        if source is not None:
            reports.append(source)
    if not reports and not findings:
        findings.append(Finding(display_path(data, root), 1, 1, ERROR, "no-report",
                                f"No report found: expected {DATA_DIR}/<year>/{REPORT_FILE}",
                                "Create a folder per report under data/, each with a report.yaml."))
    project = Project(root, sorted(reports, key=lambda r: r.report.year, reverse=True), findings)
    if not any(f.severity == ERROR for f in findings):
        project.findings.extend(check_project(project))
    if any(f.severity == ERROR for f in project.findings):
        raise DataError(project.findings)
    return project


def _link_outside(path: Path, data: Path, root: Path) -> str:
    """Why `path` leads out of `data`, if a symbolic link makes it; '' when it stays inside."""
    real_data = os.path.realpath(data)
    if os.path.commonpath([os.path.realpath(path), real_data]) == real_data:
        return ""
    for link, kind in ((path.parent, "folder"), (path, "file")):
        if link.is_symlink():
            return f"{display_path(link, root)} is a symbolic link to a {kind} outside data/ ({os.readlink(link)})"
    return ""


def load_report(path: Path, shown: str, slug: str) -> tuple[ReportSource | None, list[Finding]]:
    tree, findings = parse_yaml(path, shown)
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
    if isinstance(value, datetime.date):
        return f"{value.isoformat()} (a date)"
    if isinstance(value, bytes):
        return "binary data (a !!binary value)"
    if isinstance(value, TaggedScalar):
        return f"{value.value!r} tagged {_short_tag(value.tag)}"
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


def _model_at(loc: tuple):
    model = Report
    for step in loc:
        if isinstance(step, int):
            continue
        if model is None or step not in model.model_fields:
            return None
        model = _unwrap(model.model_fields[step].annotation)
    return model


def _field_list(model) -> str:
    return ", ".join(model.model_fields) if model else ""


def _from_pydantic(exc: ValidationError, tree, shown: str) -> list[Finding]:
    findings = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        kind = err["type"]
        name = loc[-1] if loc else ""
        value = err.get("input")
        line, col = locate(tree, loc, key=kind in ("extra_forbidden", "invalid_key"))
        code, message, hint = "invalid", err["msg"], ""
        if kind == "missing":
            model = _model_at(loc[:-1])
            code, message = "missing-field", f"Missing required field '{name}'"
            hint = f"Add `{name}:` here; this entry takes: {_field_list(model)}."
            if name == "zh":
                hint = "Chinese is the source and English its translation: add `zh:` with the Chinese text, or remove the English that has none."
        elif kind == "extra_forbidden":
            model = _model_at(loc[:-1])
            allowed = list(model.model_fields) if model else []
            close = difflib.get_close_matches(str(name), allowed, n=1)
            code = "unknown-field"
            message = f"Unknown field '{name}'" + (f" (did you mean '{close[0]}'?)" if close else "")
            hint = f"Expected one of: {', '.join(allowed)}."
        elif kind == "invalid_key":
            code, message = "wrong-type", f"Expected a field name but received: {_describe(value)}"
            hint = "Field names are words such as `zh`, `en` or `id`, followed by a colon."
        elif kind == "string_type":
            code, message = "wrong-type", f"Expected text but received: {_describe(value)}"
            hint = "Put the value in quotes if YAML reads it as a number, date or boolean."
            if value is None:
                hint = "Write the text after the colon, in quotes if it starts with a character YAML reads as syntax, such as `#` or `*`."
            elif isinstance(value, TaggedScalar):
                hint = "Remove the tag (the word starting with `!`) before the value: the report needs none."
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
        elif kind == "gaobu_empty_text":
            code, message = "empty-text", err["msg"]
            hint = "Write the text, or remove the field."
        elif kind == "gaobu_text_too_long":
            code, message = "text-too-long", err["msg"]
            hint = "Split it into shorter paragraphs, each with its own id."
        elif kind == "gaobu_control_character":
            code, message = "control-character", err["msg"]
            hint = "Delete it: it is invisible (often pasted from another program), and only tabs and line breaks are allowed."
        findings.append(Finding(shown, line, col, ERROR, code, message, hint))
    return findings
