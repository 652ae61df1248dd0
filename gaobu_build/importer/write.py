"""Writing the imported report: YAML in the project's schema, deterministic and atomic.

Same input, same bytes: block style, Chinese unescaped, one line per text (no
folding, so every string loads back exactly as written, which `dump` checks),
no dates or absolute paths in the output. The folder is written beside its
target and renamed into place, so an interrupted import leaves nothing behind.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path

from ruamel.yaml import YAML

from .. import files
from .structure import Document, Para, last_paragraph

REPORT_FILE = "report.yaml"
INDICATORS_FILE = "indicators.proposed.yaml"
GLOSSARY_FILE = "glossary.proposed.yaml"
UNTRANSLATED = ""  # `en: ''` marks text still to be translated (data/README.md)


def _yaml() -> YAML:
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 1 << 20  # never fold: one text, one line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def dump(data, header: str) -> str:
    stream = io.StringIO()
    _yaml().dump(data, stream)
    text = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines()) + stream.getvalue()
    if YAML(typ="safe").load(text) != data:
        raise ValueError("the YAML written does not load back as the same data")
    return text


def _bilingual(zh: str) -> dict:
    return {"zh": zh, "en": UNTRANSLATED}


def _emphasis(phrases: list[str]) -> dict:
    return {"emphasis": [_bilingual(phrase) for phrase in phrases]} if phrases else {}


def _paragraph(para: Para, ends: bool = False) -> dict:
    data = {"id": para.id}
    if ends:
        data["text_ends_here"] = True
    return {**data, "zh": para.text, "en": UNTRANSLATED, **_emphasis(para.emphasis)}


def report_data(doc: Document, year: int, source: str | None) -> dict:
    last = last_paragraph(doc) if doc.text_ends_here else None
    para = lambda p: _paragraph(p, p is last)  # noqa: E731
    data: dict = {"year": year, "title": _bilingual(doc.title)}
    if doc.meeting:
        data["meeting"] = _bilingual(doc.meeting)
    if source:
        data["source"] = _bilingual(source)
    if doc.preamble:
        data["preamble"] = [para(p) for p in doc.preamble]
    data["parts"] = []
    for part in doc.parts:
        entry: dict = {"id": part.id, "title": _bilingual(part.title)}
        if part.paragraphs:
            entry["paragraphs"] = [para(p) for p in part.paragraphs]
        if part.sections:
            entry["sections"] = [{"id": s.id, "title": _bilingual(s.title), "paragraphs": [para(p) for p in s.paragraphs]}
                                 for s in part.sections]
        data["parts"].append(entry)
    if doc.notes:
        data["notes"] = [{"id": n.id, "marker": n.marker, "zh": n.text, "en": UNTRANSLATED, **_emphasis(n.emphasis)}
                         for n in doc.notes]
    return data


def glossary_data(doc: Document, source: str | None) -> dict:
    terms = []
    for term in doc.glossary:
        entry = {"zh": term.zh, "en": UNTRANSLATED, "definition": _bilingual(term.definition)}
        if source:
            entry["source"] = source
        entry["authority"] = "none"
        terms.append(entry)
    return {"terms": terms}


def write_folder(out: Path, texts: dict[str, str], force: bool) -> None:
    """Write `files` into a fresh folder beside `out`, then rename it to `out` (replacing it only with force)."""
    if out.exists() and not force:
        raise FileExistsError(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".importing", dir=out.parent))
    try:
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; a report folder is not
        for name, text in sorted(texts.items()):
            (staging / name).write_text(text, encoding="utf-8")
        files.replace_dir(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
