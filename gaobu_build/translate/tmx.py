"""TMX 1.4b: a translation memory of every confirmed unit of the archive, for a CAT tool to reuse.

Written with lxml. Only confirmed units (the English recorded as rendering the
current Chinese) go in: a memory of unreviewed text would spread its mistakes.
Each unit keeps its report and id as properties. No creation dates: the same
archive gives the same file.
"""

from __future__ import annotations

from lxml import etree

from .storage import SOURCE_LANG, TARGET_LANG
from .units import FINAL, Unit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def memory(units: list[Unit]) -> bytes:
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": "gaobu_build", "creationtoolversion": "1", "segtype": "paragraph", "o-tmf": "gaobu",
        "adminlang": "en", "srclang": SOURCE_LANG, "datatype": "plaintext"})
    body = etree.SubElement(root, "body")
    for unit in units:
        if unit.state != FINAL:
            continue
        tu = etree.SubElement(body, "tu", tuid=f"{unit.report}/{unit.id}")
        etree.SubElement(tu, "prop", type="x-report").text = unit.report
        etree.SubElement(tu, "prop", type="x-unit").text = unit.id
        for lang, text in ((SOURCE_LANG, unit.zh), (TARGET_LANG, unit.en)):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set(XML_LANG, lang)
            etree.SubElement(tuv, "seg").text = text
    doctype = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
    return etree.tostring(etree.ElementTree(root), xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=doctype)
