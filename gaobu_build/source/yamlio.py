"""YAML with a line and column for every node, and every duplicate key found, not just the first.

The lowest layer of reading `data/`: it knows files and findings, nothing of
the report, so every module that reads a data file can use it.
"""

from __future__ import annotations

import codecs
import datetime
import os
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.reader import ReaderError

from . import libyaml
from .findings import ERROR, Finding
from .model import describe_char


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


def has_key(tree, loc: tuple) -> bool:
    """Whether the mapping at `loc[:-1]` has the key `loc[-1]` (written, even if empty: `en: ''`)."""
    node = tree
    for step in loc[:-1]:
        if isinstance(node, CommentedMap) and step in node:
            node = node[step]
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            return False
    return isinstance(node, CommentedMap) and loc[-1] in node


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


def parse_yaml(path: Path, shown: str, raw: bytes | None = None) -> tuple[object, list[Finding]]:
    """Parse one YAML file (or `raw`, its bytes if already read); the tree is None when it cannot be parsed at all."""
    try:
        raw = path.read_bytes() if raw is None else raw
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
    try:
        return _fast_tree(text), []
    except libyaml.NotHere:
        pass  # ruamel.yaml reads it, and says what is wrong
    yaml = _yaml()
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


def _fast_tree(text: str):
    """The tree `_yaml().load(text)` gives, from libyaml's nodes; NotHere unless the file is clean."""
    node = libyaml.compose(text)
    if node is None:
        return None
    constructor = _yaml().constructor
    constructor.duplicates = []
    try:
        tree = constructor.construct_document(node)
    except Exception:
        raise libyaml.NotHere from None
    if constructor.duplicates:
        raise libyaml.NotHere
    return tree


def describe(value) -> str:
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

