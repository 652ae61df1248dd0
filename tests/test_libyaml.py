"""libyaml stands in for ruamel.yaml's parser only where it gives the same tree, positions included, and
leaves everything else to ruamel.yaml (whose messages the bad-input tests check)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from gaobu_build.source import libyaml, yamlio

ROOT = Path(__file__).resolve().parent.parent
DATA_FILES = sorted((ROOT / "data").rglob("*.yaml")) + sorted((ROOT / "tests").rglob("*.yaml"))

# Scalars that YAML 1.1 (libyaml's) and 1.2 (ruamel.yaml's) read differently, anchors, merge
# keys, block scalars, nulls, flow collections, Windows line ends, Chinese text.
TRICKY = """\
year: 2024
octal: 010
octal12: 0o10
underscored: 1_000
sexagesimal: 1:20
yes_word: yes
On: off
tilde: ~
float: 1.5e3
inf: .inf
date: 2024-03-01
stamp: 2024-03-01 10:00:00
quoted: '2024'
double: "a\\tb \\u00e9"
base: &base {a: 1, b: [x, y]}
merged:
  <<: *base
  c: 3
again: *base
literal: |
  第一行
  second line
folded: >-
  folded
  text 高埗
nested:
  - - 1
    - 2
  - {k: v}
"""


def _same(fast, slow, path=()):
    assert type(fast) is type(slow), path
    assert fast == slow, path
    if isinstance(slow, (CommentedMap, CommentedSeq)):
        assert (fast.lc.line, fast.lc.col) == (slow.lc.line, slow.lc.col), path
        assert fast.lc.data == slow.lc.data, path
    if isinstance(slow, dict):
        assert list(fast) == list(slow), path
        for key in slow:
            _same(fast[key], slow[key], path + (key,))
    elif isinstance(slow, list):
        for i, (a, b) in enumerate(zip(fast, slow)):
            _same(a, b, path + (i,))


def _slow(text: str):
    yaml = yamlio._yaml()
    yaml.constructor.duplicates = []
    return yaml.load(text)


@pytest.mark.parametrize("text", [TRICKY, TRICKY.replace("\n", "\r\n"), "", "# only a comment\n", "- a\n- b\n"],
                         ids=["tricky", "crlf", "empty", "comment", "list"])
def test_the_same_tree_as_ruamel(text):
    _same(yamlio._fast_tree(text), _slow(text))


def test_yaml_1_2_as_ruamel_reads_it():
    tree = yamlio._fast_tree(TRICKY)
    assert tree["yes_word"] == "yes" and tree["On"] == "off" and tree["sexagesimal"] == "1:20"
    assert tree["octal12"] == 8 and tree["tilde"] is None and tree["date"] == datetime.date(2024, 3, 1)
    assert tree["merged"]["b"] == ["x", "y"] and tree["merged"].lc.value("c") == (17, 5)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_data_file_the_same_or_left_to_ruamel(path):
    text = path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    try:
        fast = yamlio._fast_tree(text)
    except libyaml.NotHere:
        return  # ruamel.yaml reads it (tests/test_bad_inputs.py checks what it says)
    _same(fast, _slow(text))


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",  # duplicate key: ruamel.yaml's constructor lists every one
    "year: !!int abc\n",  # explicit tag
    "a: !custom x\n",
    "%YAML 1.1\n---\na: yes\n",  # a directive changes how scalars read
    "a: [1, 2\n",  # syntax error
    "a: 1\n---\nb: 2\n",  # a second document
    "a: b\x07c\n",  # a control character
    "a: b\u2028c\n",  # a YAML 1.1 line break
    "a: 1\rb: 2\n",  # a lone carriage return
    "a:\nb: 2\n",  # an empty value
    "a:\n\t- b\n",  # a tab
])
def test_anything_unusual_is_left_to_ruamel(text):
    with pytest.raises(libyaml.NotHere):
        yamlio._fast_tree(text)


def test_the_landed_data_takes_the_fast_way():
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        assert yamlio._fast_tree(path.read_text(encoding="utf-8")) is not None, path
