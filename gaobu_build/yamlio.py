"""YAML with a line and column for every node, and every duplicate key found, not just the first.

The lowest layer of reading `data/`: it knows files and findings, nothing of
the report, so every module that reads a data file can use it.
"""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError

from .findings import ERROR, Finding


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


def parse_yaml(path: Path, shown: str) -> tuple[object, list[Finding]]:
    """Parse one YAML file; the tree is None when it cannot be parsed at all."""
    yaml = _yaml()
    try:
        text = path.read_text(encoding="utf-8")
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
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
