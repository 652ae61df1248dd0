"""pydantic's validation errors in the words of this project: one finding each, with line and column."""

from __future__ import annotations

import difflib
import types
import typing

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import TaggedScalar

from .findings import ERROR, Finding
from .model import ID_EXAMPLE, Report
from .yamlio import describe as _describe
from .yamlio import locate


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


def _bare(annotation):
    """The type behind Optional[...] and Annotated[...]."""
    while typing.get_origin(annotation) in (typing.Union, types.UnionType, typing.Annotated):
        annotation = next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    return annotation


def _model_at(loc: tuple, root=Report):
    """The model whose fields are at `loc` (through lists, and mappings of ids such as the registry's)."""
    annotation = root
    for step in loc:
        annotation = _bare(annotation)
        origin = typing.get_origin(annotation)
        if origin in (dict, list):
            annotation = typing.get_args(annotation)[-1]
            continue
        if isinstance(step, int):
            continue
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)) or step not in annotation.model_fields:
            return None
        annotation = annotation.model_fields[step].annotation
    return _unwrap(_bare(annotation))


def _field_list(model) -> str:
    return ", ".join(model.model_fields) if model else ""


def from_pydantic(exc: ValidationError, tree, shown: str, root=Report) -> list[Finding]:
    findings = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        kind = err["type"]
        is_key = loc[-1:] == ("[key]",)  # a mapping's key, not its value, is wrong
        loc = loc[:-1] if is_key else loc
        name = loc[-1] if loc else ""
        value = err.get("input")
        line, col = locate(tree, loc, key=is_key or kind in ("extra_forbidden", "invalid_key"))
        code, message, hint = "invalid", err["msg"], ""
        if kind == "missing":
            model = _model_at(loc[:-1], root)
            code, message = "missing-field", f"Missing required field '{name}'"
            hint = f"Add `{name}:` here; this entry takes: {_field_list(model)}."
            if name == "zh":
                hint = "Chinese is the source and English its translation: add `zh:` with the Chinese text, or remove the English that has none."
        elif kind == "extra_forbidden":
            model = _model_at(loc[:-1], root)
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
        elif kind == "dict_type":
            code, message = "wrong-type", f"Expected a mapping but received: {_describe(value)}"
            hint = "Write `key: value` lines, indented below."
        elif kind in ("model_type", "model_attributes_type"):
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
        elif kind == "value_error" and "Expected a number" in err["msg"]:
            code, message = "wrong-type", f"Expected a number but received: {_describe(value)}"
            hint = "Write the number without quotes or units, in base units (yuan, not 亿元)."
        elif kind == "greater_than_equal":
            code, message = "bad-value", f"Expected a number of at least {err['ctx']['ge']} but received: {_describe(value)}"
            hint = "Ranks start at 1."
        elif kind == "literal_error":
            code, message = "bad-value", f"Expected {err['ctx']['expected']} but received: {_describe(value)}"
            hint = "Use one of the listed values."
        elif kind == "gaobu_empty_text":
            code, message = "empty-text", err["msg"]
            hint = "Write the text, or remove the field."
        elif kind == "gaobu_text_too_long":
            code, message = "text-too-long", err["msg"]
            hint = "Split it into shorter paragraphs, each with its own id."
        elif kind == "gaobu_control_character":
            code, message = "control-character", err["msg"]
            hint = "Delete it: it is invisible (often pasted from another program), and only tabs and line breaks are allowed."
        elif kind in FORMATS:
            code, hint = FORMATS[kind]
            message = err["msg"]
        findings.append(Finding(shown, line, col, ERROR, code, message, hint))
    return findings


# The formats of data/site.yaml: the error's kind → (code, hint).
FORMATS = {
    "gaobu_bad_colour": ("bad-colour", "Write the colour as # and six hexadecimal digits, e.g. \"#c62828\" (in quotes: YAML reads # as a comment)."),
    "gaobu_bad_icp": ("bad-filing-number", "Copy the ICP filing number exactly as the filing system issued it, or remove the field until there is one."),
    "gaobu_bad_public_security": ("bad-filing-number", "Copy the public-security filing number exactly as issued (the digits become the link to its record), or remove the field."),
    "gaobu_bad_site_code": ("bad-site-code", "Copy the identifier exactly as the government-website system issued it, or remove the field."),
    "gaobu_bad_email": ("bad-email", "Write one address, without a name or mailto:, e.g. office@example.gov.cn."),
    "gaobu_bad_phone": ("bad-phone", "Write the number as readers dial it, e.g. 0123-12345678, without words."),
}
