"""Writing English into report.yaml without touching anything else of the file.

ruamel's round trip (load, change, dump) keeps comments and order but may
re-wrap long lines, re-indent lists and re-quote strings it did not change, so
the diff would show lines nobody edited. Here ruamel composes the file only to
learn where each `en:` value starts and ends, and ruamel's emitter writes each
new value; the bytes between are the file's own. The result is read back and
compared with what was meant before anything is written (`apply_english`).
"""

from __future__ import annotations

import codecs
import io

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode


class EditError(ValueError):
    pass


def _scalar(text: str, flow: bool) -> str:
    """`text` as ruamel writes a YAML scalar: quoted only when it must be, never folded."""
    yaml = YAML()
    yaml.width = 1 << 20
    yaml.allow_unicode = True
    out = io.StringIO()
    if flow:
        yaml.default_flow_style = True
        yaml.dump([text], out)
        return out.getvalue().strip()[1:-1]
    yaml.dump({"en": text}, out)
    return out.getvalue().strip()[len("en: "):]


def _find(node, loc: tuple):
    for step in loc:
        if isinstance(node, MappingNode):
            node = next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == step), None)
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            node = None
        if node is None:
            raise EditError(f"no text at {'.'.join(map(str, loc))}")
    if not isinstance(node, MappingNode):
        raise EditError(f"the text at {'.'.join(map(str, loc))} is not a mapping with zh and en")
    return node


def _replacement(text: str, node: MappingNode, new: str) -> tuple[int, int, str]:
    """(start, end, new text) that set `en` of the mapping `node` to `new`."""
    pairs = {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}
    flow = bool(node.flow_style)
    value = _scalar(new, flow)
    if "en" in pairs:
        key, old = pairs["en"]
        colon = text.index(":", key.end_mark.index)
        tag = str(getattr(old.tag, "value", old.tag))
        if isinstance(old, ScalarNode) and old.value == "" and tag.endswith(":null"):  # `en:` with nothing after it
            return colon + 1, colon + 1, " " + value
        gap = text[colon + 1:old.start_mark.index]
        if "\n" in gap and not gap.strip():  # the value starts on the next line
            return colon + 1, old.end_mark.index, " " + value
        return old.start_mark.index, old.end_mark.index, value
    zh_key, zh_value = pairs["zh"]
    if flow:  # {zh: …}: add `, en: …` after the zh value
        return zh_value.end_mark.index, zh_value.end_mark.index, f", en: {value}"
    indent = " " * zh_key.start_mark.column
    newline = "\r\n" if "\r\n" in text else "\n"  # the file's own line ends
    end = zh_value.end_mark.index
    if end and text[end - 1] == "\n":  # a block scalar ends at the start of the next line
        return end, end, f"{indent}en: {value}{newline}"
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_end - 1:line_end] == "\r":
        line_end -= 1
    return line_end, line_end, f"{newline}{indent}en: {value}"


def set_english(raw: bytes, edits: dict[tuple, str]) -> bytes:
    """`raw` (a report.yaml) with the English at each location (as in Report.units) replaced."""
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    text = raw[len(bom):].decode("utf-8")
    root = YAML().compose(text)
    changes = sorted((_replacement(text, _find(root, loc), new) for loc, new in edits.items()), reverse=True)
    for start, end, new in changes:
        text = text[:start] + new + text[end:]
    return bom + text.encode("utf-8")
