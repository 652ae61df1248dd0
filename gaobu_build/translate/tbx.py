"""The glossary for translators' term bases: TBX (TBX-Basic, ISO 30042 `martif`) or CSV.

TBX is written with lxml: one `termEntry` per glossary term, the Chinese and
its variants in a `zh-CN` langSet, the rendering in an `en` one, each with its
definition; the source and its authority as the entry's admin data. The CSV
is for spreadsheets and tools that import term lists as columns.
"""

from __future__ import annotations

import csv
import io

from lxml import etree

from .storage import SOURCE_LANG, TARGET_LANG

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
AUTHORITY = {"A": "a government's own English", "B": "state media", "C": "a repost or a weaker source",
             "none": "no official rendering found; the site's suggestion"}
CSV_COLUMNS = ("zh", "en", "variants", "definition_zh", "definition_en", "source", "authority")


def termbase(glossary) -> bytes:
    root = etree.Element("martif", type="TBX-Basic")
    root.set(XML_LANG, TARGET_LANG)
    header = etree.SubElement(root, "martifHeader")
    source_desc = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(source_desc, "p").text = "The glossary of the reports of this site (data/glossary.yaml)"
    etree.SubElement(etree.SubElement(header, "encodingDesc"), "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for index, term in enumerate(glossary.terms if glossary else [], 1):
        entry = etree.SubElement(body, "termEntry", id=f"term-{index}")
        if term.cited:  # only an official or state-media source is cited (data/README.md)
            etree.SubElement(entry, "admin", type="source").text = term.cited
        etree.SubElement(entry, "note").text = f"authority: {term.authority} ({AUTHORITY[term.authority]})"
        for lang in ("zh", "en"):
            note = getattr(term.note, lang) if term.note else None
            if note:
                etree.SubElement(entry, "note").text = note
        definition = term.definition
        for lang, forms, meaning in ((SOURCE_LANG, [term.zh, *term.variants], definition.zh if definition else None),
                                     (TARGET_LANG, [term.en], definition.en if definition else None)):
            lang_set = etree.SubElement(entry, "langSet")
            lang_set.set(XML_LANG, lang)
            if meaning:
                etree.SubElement(lang_set, "descrip", type="definition").text = meaning
            for position, form in enumerate(forms):
                tig = etree.SubElement(lang_set, "tig")
                etree.SubElement(tig, "term").text = form
                etree.SubElement(tig, "termNote", type="termType").text = "fullForm" if position == 0 else "variant"
    return etree.tostring(etree.ElementTree(root), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def term_csv(glossary) -> bytes:
    """UTF-8 with a byte order mark, so that Excel opens the Chinese correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for term in glossary.terms if glossary else []:
        d = term.definition
        writer.writerow((term.zh, term.en, "; ".join(term.variants), (d.zh if d else None) or "", (d.en if d else None) or "",
                         term.cited or "", term.authority))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
