"""XLIFF 1.2: the file every CAT tool reads (Trados, memoQ, Phrase, Crowdin, Weblate, OmegaT…).

Written and read with lxml; never by string formatting. One `<file>` per
report (`original="data/2024/report.yaml"`), a `<group>` per part and section,
one `<trans-unit>` per unit whose id is the unit's id in `gaobu check`. What
the gate will check travels with each unit as notes (terms, figures, masks),
and the fingerprint of the Chinese it was exported for as a context, so that an
import can tell when the Chinese changed meanwhile.
"""

from __future__ import annotations

import re

from lxml import etree

from .storage import SOURCE_LANG, TARGET_LANG, FileProblems, Problem, Returned, language_is_english, looks_chinese
from .units import SIGNED_OFF, Unit

NS = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FINGERPRINT, NUMBER = "x-gaobu-fingerprint", "x-gaobu-number"
ORIGINAL_RE = re.compile(r"data/([a-z0-9]+(?:-[a-z0-9]+)*)/report\.yaml")
INSTRUCTIONS = (
    "Translate each <source> into English in its <target>. Keep the figures (by value: 180.42亿 may be "
    "18.042 billion), the glossary terms and the masks (XXX) that each unit's notes list: the import checks them. "
    "Set state=\"final\" (or signed-off) only on units a reviewer has signed off."
)


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _sub(parent, tag: str, text: str | None = None, **attrs):
    element = etree.SubElement(parent, _q(tag), {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def unit_notes(unit: Unit) -> list[str]:
    """What a translator needs beside the text; the spreadsheet shows the same in its columns."""
    notes = []
    if unit.context:
        notes.append(f"Place: {unit.context}")
    if unit.terms:
        notes.append("Glossary terms (use these renderings): " + "; ".join(f"{t.zh} → {t.en}" for t in unit.terms))
    if unit.figures:
        notes.append("Figures that must appear in the English, by value: " + "; ".join(unit.figures))
    if unit.masks:
        notes.append("Masks to keep exactly as they are: " + ", ".join(unit.masks))
    return notes


class XliffFile:
    """XLIFF 1.2 storage."""

    def write(self, units: list[Unit], yaml_paths: dict[str, str]) -> bytes:
        root = etree.Element(_q("xliff"), {"version": "1.2"}, nsmap={None: NS})
        for slug in dict.fromkeys(u.report for u in units):
            file = _sub(root, "file", original=yaml_paths[slug], source_language=SOURCE_LANG,
                        target_language=TARGET_LANG, datatype="plaintext")
            header = _sub(file, "header")
            _sub(header, "tool", tool_id="gaobu", tool_name="gaobu_build")
            _sub(header, "note", INSTRUCTIONS)
            body = _sub(file, "body")
            self._body(body, [u for u in units if u.report == slug])
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def _body(self, body, units: list[Unit]) -> None:
        groups: dict[str, object] = {}

        def group(parent, place, kind):
            if place.id not in groups:
                g = _sub(parent, "group", id=f"{kind}:{place.id}", resname=place.id, restype=f"x-gaobu-{kind}")
                _sub(_sub(g, "context-group", name="place", purpose="information"), "context",
                     f"{place.number} {place.title}", context_type="elementtitle")
                groups[place.id] = g
            return groups[place.id]

        for unit in units:
            parent = body
            if unit.part:
                parent = group(body, unit.part, "part")
                if unit.section:
                    parent = group(parent, unit.section, "section")
            self._trans_unit(parent, unit)

    def _trans_unit(self, parent, unit: Unit) -> None:
        tu = _sub(parent, "trans-unit", id=unit.id, resname=unit.id)
        _sub(tu, "source", unit.zh).set(XML_LANG, SOURCE_LANG)
        target = _sub(tu, "target", unit.en or "", state=unit.state)
        target.set(XML_LANG, TARGET_LANG)
        context = _sub(tu, "context-group", name="gaobu", purpose="information")
        _sub(context, "context", unit.fingerprint, context_type=FINGERPRINT)
        if unit.number:
            _sub(context, "context", unit.number, context_type=NUMBER)
        for note in unit_notes(unit):
            _sub(tu, "note", note, from_="gaobu", annotates="source")

    # -- reading ------------------------------------------------------------------
    def read(self, name: str, data: bytes) -> list[Returned]:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            line, col = exc.position if exc.position else (1, 1)
            raise FileProblems([Problem(f"{name}:{line}:{max(col, 1)}", f"Not well-formed XML: {exc.msg}", "not-xml",
                                        "Send back the file as the translation tool saves it (XLIFF 1.2), not edited by hand.")]) from None
        if root.getroottree().docinfo.doctype:
            # XLIFF 1.2 has a schema, not a DTD; a DOCTYPE could only declare entities, which are never read.
            raise FileProblems([Problem(f"{name}:1:1", "The file has a DOCTYPE declaration, which XLIFF 1.2 does not use",
                                        "doctype", "Send back the file as the translation tool saves it (XLIFF 1.2).")])
        if root.tag != _q("xliff"):
            raise FileProblems([_wrong_root(name, root)])
        problems: list[Problem] = []
        returned: list[Returned] = []
        for file in root.iter(_q("file")):
            returned.extend(self._file(name, file, problems))
        if not root.findall(_q("file")):
            problems.append(Problem(f"{name}:{root.sourceline}", "The XLIFF file has no <file> element", "no-units",
                                    "Export again with `gaobu translate export`."))
        if problems:
            raise FileProblems(problems)
        return returned

    def _file(self, name: str, file, problems: list[Problem]) -> list[Returned]:
        where = f"{name}:{file.sourceline}"
        original = file.get("original", "")
        match = ORIGINAL_RE.fullmatch(original)
        if not match:
            problems.append(Problem(where, f"Expected original=\"data/<report>/report.yaml\" on <file> but received: {original!r}",
                                    "unknown-file", "Keep the file's `original` attribute as `gaobu translate export` wrote it."))
            return []
        if not language_is_english(file.get("target-language")):
            problems.append(Problem(where, f"Expected target-language=\"en\" but received: {file.get('target-language')!r}",
                                    "wrong-language", "This project translates Chinese into English: export a file for English."))
        slug, seen, out = match.group(1), {}, []
        for tu in file.iter(_q("trans-unit")):
            ident = tu.get("id", "")
            position = f"{name}:{tu.sourceline}"
            if ident in seen:
                problems.append(Problem(position, f"Duplicate trans-unit id '{ident}' (first on line {seen[ident]})",
                                        "duplicate-id", "Each unit may come back once: remove the copy."))
                continue
            seen[ident] = tu.sourceline
            source = tu.find(_q("source"))
            target = tu.find(_q("target"))
            text = "".join(target.itertext()) if target is not None else None
            source_text = "".join(source.itertext()) if source is not None else ""
            if target is not None and not language_is_english(target.get(XML_LANG)):
                problems.append(Problem(f"{name}:{target.sourceline}",
                                        f"The target of '{ident}' is in {target.get(XML_LANG)!r}, not English",
                                        "wrong-language", "Targets must be English (xml:lang=\"en\")."))
                continue
            if text and _same_text(text, source_text):
                text = None  # a tool that copies the source into empty targets: still untranslated
            elif text and looks_chinese(text):
                problems.append(Problem(f"{name}:{target.sourceline}", f"The target of '{ident}' is not English: {_short(text)!r}",
                                        "wrong-language", "Write the English translation in the target, or leave it empty."))
                continue
            state = target.get("state") if target is not None else None
            # A tool that marks sign-off with approved="yes" alone (no state) is believed too.
            signed_off = state in SIGNED_OFF or (state is None and tu.get("approved") == "yes")
            fp = tu.find(f"{_q('context-group')}/{_q('context')}[@context-type='{FINGERPRINT}']")
            out.append(Returned(slug, ident, source_text, text, signed_off, fp.text.strip() if fp is not None and fp.text else None,
                                position))
        return out


def _same_text(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


def _short(text: str) -> str:
    return text if len(text) <= 30 else text[:30] + "…"


def _wrong_root(name: str, root) -> Problem:
    tag = etree.QName(root)
    if tag.namespace == XLIFF2_NS:
        return Problem(f"{name}:{root.sourceline}", "XLIFF 2.0 is not read here: save or export the file as XLIFF 1.2",
                       "wrong-root", "Every CAT tool can write XLIFF 1.2; `gaobu translate export` writes it.")
    shown = f"<{tag.localname}>" + (f" in {tag.namespace}" if tag.namespace else "")
    return Problem(f"{name}:{root.sourceline}", f"Expected an XLIFF 1.2 file (<xliff xmlns=\"{NS}\">) but received: {shown}",
                   "wrong-root", "Import the XLIFF or .xlsx file that `gaobu translate export` wrote, as the translator returned it.")
