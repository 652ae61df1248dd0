"""The YAML of a clean data file composed by libyaml (C), for ruamel.yaml's constructor to build.

ruamel.yaml's round-trip parser, which gives every node its line and column, is pure
Python: about 0.1 s per 17,000-character report, most of the time of reading a report
(measured with cProfile, see benchmarks/README.md). libyaml, through PyYAML, composes the
same nodes, with the same lines and columns, several times faster. Here they are turned
into ruamel.yaml's nodes, each tagged as ruamel.yaml would tag it (YAML 1.2), and
yamlio.py builds the tree from them with its own constructor, so the tree is the same.

Only a file that reads cleanly and simply takes this way: anything unusual (a syntax
error, a control character, an explicit tag, a `%` directive, line breaks other than
`\\n` and `\\r\\n`, an empty value, which libyaml places elsewhere) raises `NotHere`,
and ruamel.yaml reads the file, with its messages.
"""

from __future__ import annotations

import functools
import re

import yaml
from ruamel.yaml import nodes
from ruamel.yaml.reader import Reader
from ruamel.yaml.resolver import VersionedResolver

# Tags that no document can spell: libyaml's nodes carry them where the text has no tag.
_IMPLICIT = "tag:gaobu,implicit:"
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
# What ruamel.yaml reads differently or reports itself: its control characters, the line
# breaks of YAML 1.1 that 1.2 dropped, a lone carriage return, directives.
_UNUSUAL = re.compile(Reader.NON_PRINTABLE.pattern + r"|[\x85\u2028\u2029]|\r(?!\n)|^%", re.M)


class NotHere(Exception):
    """ruamel.yaml must read this text itself."""


class _Composer(yaml.CSafeLoader):
    """libyaml's composer, resolving nothing: every untagged node gets an `_IMPLICIT` tag."""

    yaml_implicit_resolvers: dict = {}
    DEFAULT_SCALAR_TAG = _IMPLICIT + "scalar"
    DEFAULT_SEQUENCE_TAG = _IMPLICIT + "seq"
    DEFAULT_MAPPING_TAG = _IMPLICIT + "map"


_RESOLVER = VersionedResolver(version=(1, 2))


def compose(text: str) -> nodes.Node | None:
    """ruamel.yaml's node tree of `text` (None for an empty document); NotHere when ruamel.yaml must read it."""
    if _UNUSUAL.search(text):
        raise NotHere
    composer = _Composer(text)
    try:
        node = composer.get_single_node()
    except Exception:  # a syntax error, a second document…: ruamel.yaml's message
        raise NotHere from None
    finally:
        composer.dispose()
    return _convert(node, {}) if node is not None else None


@functools.lru_cache(maxsize=4096)
def _plain_tag(value: str):
    """The tag ruamel.yaml gives a plain scalar (keys and ids come back again and again)."""
    return _RESOLVER.resolve(nodes.ScalarNode, value, (True, False))


def _convert(node, seen: dict) -> nodes.Node:
    """The same node in ruamel.yaml's classes; an alias stays one node shared by its uses.

    libyaml's marks are kept as they are: ruamel.yaml's constructor reads their line and column.
    """
    if id(node) in seen:
        return seen[id(node)]
    if not node.tag.startswith(_IMPLICIT):
        raise NotHere  # an explicit tag: ruamel.yaml's own handling and messages
    start, end = node.start_mark, node.end_mark
    if isinstance(node, yaml.ScalarNode):
        style = node.style or None  # libyaml's plain style is ''
        if style is None and node.value == "":
            raise NotHere  # an empty value: ruamel.yaml places it where the next token starts
        tag = _plain_tag(node.value) if style is None else _STR
        out = seen[id(node)] = nodes.ScalarNode(tag, node.value, start, end, style=style)
    elif isinstance(node, yaml.SequenceNode):
        out = seen[id(node)] = nodes.SequenceNode(_SEQ, [], start, end, flow_style=node.flow_style)
        out.value = [_convert(item, seen) for item in node.value]
    else:
        out = seen[id(node)] = nodes.MappingNode(_MAP, [], start, end, flow_style=node.flow_style)
        out.value = [(_convert(key, seen), _convert(value, seen)) for key, value in node.value]
    return out
