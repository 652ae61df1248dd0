"""`gaobu translate`: export to translators' tools, import what comes back through the gate, memory and terms.

Round trips edit the exports as a CAT tool or a spreadsheet would (lxml, openpyxl), never with string
replacement, and the exports are read back with a reader other than the writer (translate-toolkit).
The exact words of every message a translator or editor sees are asserted.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from pathlib import Path

import pytest
from conftest import copy_project, edit_file
from lxml import etree
from openpyxl import load_workbook

from gaobu_build.cli import main as gaobu
from gaobu_build.source.translations import fingerprint

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
REPORT = "data/2024/report.yaml"
# Left untranslated in the project the tests translate: a part title, the meeting line and a paragraph.
REMOVED = {
    "review-2023.title": "      en: Review of the Work in 2023\n",
    "report.meeting": "  en: Gaobu Town People's Congress (the session and date of the meeting are not shown in the available text)\n",
    "salutation": "    en: 'Fellow Deputies and comrades:'\n",
}


@pytest.fixture
def project(tmp_path):
    root = copy_project(tmp_path / "project")
    for line in REMOVED.values():
        edit_file(root, REPORT, line, "")
    return root


def run(project, *args, capsys) -> tuple[int, str, str]:
    code = gaobu(["-f", str(project / "mkdocs.yml"), "translate", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def data_bytes(project) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted((project / "data").rglob("*")) if p.is_file()}


def changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def xliff_tree(path: Path):
    return etree.parse(str(path))


def trans_unit(tree, ident: str):
    return tree.find(f".//x:trans-unit[@id='{ident}']", NS)


def set_target(tree, ident: str, text: str, state: str = "translated") -> None:
    target = trans_unit(tree, ident).find("x:target", NS)
    target.text = text
    target.set("state", state)


# -- export ------------------------------------------------------------------------

def test_export_xliff_lists_the_units_to_translate_and_parses_in_translate_toolkit(project, tmp_path, capsys):
    from translate.storage import xliff

    out = tmp_path / "2024.xlf"
    code, stdout, _ = run(project, "export", "--report", "2024", "--format", "xliff", "--out", str(out), capsys=capsys)
    # By default, the units not yet confirmed: the three without English.
    assert (code, stdout) == (0, f"{out}: 3 unit(s) of 2024 to translate (3 new)\n")
    code, stdout, _ = run(project, "export", "--report", "2024", "--format", "xliff", "--out", str(out), "--units", "all",
                          capsys=capsys)
    assert (code, stdout) == (0, f"{out}: 23 unit(s) of 2024 to translate (20 final, 3 new)\n")
    store = xliff.xlifffile.parsestring(out.read_bytes())
    units = {u.getid().split("\x04")[-1].rsplit("ID", 1)[-1]: u for u in store.units if not u.isheader()}
    assert store.getsourcelanguage() == "zh-CN" and store.gettargetlanguage() == "en"
    tree = xliff_tree(out)
    innovation = trans_unit(tree, "innovation")
    assert innovation.find("x:source", NS).text.startswith("三是创新能力逐步提升。")
    assert innovation.find("x:source", NS).get(XML_LANG) == "zh-CN"
    assert innovation.find("x:target", NS).get(XML_LANG) == "en"
    assert [n.text for n in innovation.findall("x:note", NS)][:2] == [
        "Place: § 1 2023年工作回顾 › § 1.1 稳经济、促转型，制造业根基不断筑牢 › ¶ 1.5",
        "Glossary terms (use these renderings): 高新技术企业 → high-tech enterprises; 专精特新企业 → specialized and "
        "sophisticated SMEs that produce novel and unique products; 数字化转型 → digital transformation; "
        "规模以上工业企业 → industrial enterprises above designated size",
    ]
    figures = innovation.findall("x:note", NS)[2].text
    assert figures.startswith("Figures that must appear in the English, by value: 167; 10.6%; 43; 34.4%")
    fp = innovation.find("x:context-group/x:context[@context-type='x-gaobu-fingerprint']", NS).text
    assert fp == fingerprint(next(u for u in units.values() if u.source.startswith("三是创新能力")).source)
    assert trans_unit(tree, "salutation").find("x:target", NS).get("state") == "new"
    # The structure: a group per part and section.
    group = innovation.getparent()
    assert (group.get("id"), group.getparent().get("id")) == ("section:manufacturing", "part:review-2023")


def test_export_states_follow_the_records(project, tmp_path, capsys):
    out = tmp_path / "all.xlf"
    edit_file(project, REPORT, "高新技术企业增至167家", "高新技术企业增至167家（含新认定）")
    assert run(project, "export", "--out", str(out), "--units", "all", capsys=capsys)[0] == 0
    tree = xliff_tree(out)
    states = {tu.get("id"): tu.find("x:target", NS).get("state") for tu in tree.iterfind(".//x:trans-unit", NS)}
    assert states["salutation"] == "new"
    assert states["innovation"] == "needs-review-translation"
    assert states["opening"] == "final"
    code, stdout, _ = run(project, "export", "--out", str(out), "--units", "stale", capsys=capsys)
    assert stdout == f"{out}: 1 unit(s) of 2024 to translate (1 needs-review-translation)\n"


# -- round trips -----------------------------------------------------------------------

def test_xliff_round_trip_writes_exactly_the_changed_english_and_the_site_builds(project, tmp_path, capsys):
    out = tmp_path / "2024.xlf"
    assert run(project, "export", "--report", "2024", "--out", str(out), capsys=capsys)[0] == 0
    tree = xliff_tree(out)
    set_target(tree, "salutation", "Fellow Deputies and comrades:", state="final")  # signed off by a reviewer
    set_target(tree, "review-2023.title", "Review of the Work in 2023")
    set_target(tree, "report.meeting", "Gaobu Town People's Congress (session and date not given in the text)")
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    before = data_bytes(project)
    code, stdout, _ = run(project, "import", str(out), capsys=capsys)
    assert code == 0, stdout
    assert stdout == (
        "data/2024/report.yaml: 3 English text(s) written: report.meeting, review-2023.title, salutation\n"
        f"data/2024/report.yaml: 1 unit(s) confirmed (signed off in {out}): salutation\n"
        "data/2024/report.yaml: awaiting review: report.meeting, review-2023.title (confirm with `gaobu check --accept "
        "UNIT` after review, or import them again marked final)\n")
    after = data_bytes(project)
    assert changed_lines(before[REPORT], after[REPORT]) == [
        "+  en: Gaobu Town People's Congress (session and date not given in the text)",
        "+    en: 'Fellow Deputies and comrades:'",
        "+      en: Review of the Work in 2023",
    ]
    # The salutation keeps its confirmation (signed off, and the gate passes); the other two lose the old
    # records they had, which were for English no longer there: they await review.
    assert changed_lines(before["data/2024/translations.yaml"], after["data/2024/translations.yaml"]) == [
        "-report.meeting: 01a9e8ab957a", "-review-2023.title: 675b8eea4ac3"]
    assert {k for k in before if before[k] != after[k]} == {REPORT, "data/2024/translations.yaml"}
    from gaobu_build.plugin import build_site

    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - gaobu\n", "  - gaobu:\n      pdf: false\n      search: false\n"))
    build_site(str(config))
    cover = (project / "site/en/2024/index.html").read_text(encoding="utf-8")
    # (The page's stylesheet names the class: no element has it.)
    assert "</abbr> and comrades:</p>" in cover and not re.search(r'class="[^"]*\bgaobu-untranslated', cover)


def test_xlsx_round_trip(project, tmp_path, capsys):
    out = tmp_path / "2024.xlsx"
    code, stdout, _ = run(project, "export", "--format", "xlsx", "--out", str(out), capsys=capsys)
    assert code == 0
    book = load_workbook(out)
    sheet = book["2024"]
    assert [c.value for c in sheet[1]] == ["id", "¶", "中文", "English", "status", "terms", "figures", "masks", "fingerprint"]
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    row = rows["salutation"]
    assert sheet.protection.sheet is True
    assert sheet.cell(row, 3).protection.locked is True and sheet.cell(row, 4).protection.locked is False
    assert sheet.column_dimensions["D"].width == 80 and sheet.cell(row, 4).alignment.wrap_text
    assert sheet.cell(row, 2).value == "¶ 0.1" and sheet.cell(row, 5).value == "new"
    sheet.cell(row, 4).value = "Fellow Deputies and comrades:"
    sheet.cell(rows["review-2023.title"], 4).value = "Review of the Work in 2023"
    book.save(out)
    before = data_bytes(project)
    code, stdout, _ = run(project, "import", str(out), capsys=capsys)
    assert code == 0, stdout
    assert changed_lines(before[REPORT], data_bytes(project)[REPORT]) == [
        "+    en: 'Fellow Deputies and comrades:'",
        "+      en: Review of the Work in 2023",
    ]


def test_a_wrong_figure_is_reported_at_its_trans_unit_line_and_in_the_yaml(project, tmp_path, capsys):
    out = tmp_path / "2024.xlf"
    run(project, "export", "--out", str(out), "--units", "all", capsys=capsys)
    tree = xliff_tree(out)
    tu = trans_unit(tree, "economic-performance")
    target = tu.find("x:target", NS).text
    set_target(tree, "economic-performance", target.replace("up 40.6%", "up 46%"), state="final")
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    line = xliff_tree(out).find(".//x:trans-unit[@id='economic-performance']", NS).sourceline
    code, stdout, _ = run(project, "import", str(out), capsys=capsys)
    assert code == 1
    assert stdout.splitlines()[:2] == [
        f"{out}:{line}: error: 'economic-performance': the Chinese figure “40.6%” has no equal in the English text "
        "(closest there: “46%”) [figure-mismatch]",
        "  at data/2024/report.yaml:43:17",
    ]
    assert "data/2024/report.yaml: not confirmed, the gate found an error: economic-performance" in stdout
    assert "economic-performance" not in (project / "data/2024/translations.yaml").read_text(encoding="utf-8")


def test_a_wrong_figure_in_a_spreadsheet_is_reported_at_its_cell(project, tmp_path, capsys):
    out = tmp_path / "2024.xlsx"
    run(project, "export", "--out", str(out), "--units", "all", capsys=capsys)
    book = load_workbook(out)
    sheet = book["2024"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "economic-performance")
    sheet.cell(row, 4).value = sheet.cell(row, 4).value.replace("up 40.6%", "up 46%")
    book.save(out)
    before = data_bytes(project)
    code, stdout, _ = run(project, "import", str(out), "--dry-run", capsys=capsys)
    assert code == 1
    assert data_bytes(project) == before
    assert stdout.splitlines()[0] == (f"{out}!2024!D{row}: error: 'economic-performance': the Chinese figure “40.6%” "
                                      "has no equal in the English text (closest there: “46%”) [figure-mismatch]")
    assert stdout.splitlines()[-1] == "--dry-run: nothing was written."


def test_a_unit_whose_chinese_changed_after_the_export_is_refused(project, tmp_path, capsys):
    out = tmp_path / "2024.xlf"
    run(project, "export", "--out", str(out), capsys=capsys)
    tree = xliff_tree(out)
    set_target(tree, "salutation", "Fellow Deputies and comrades:")
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    edit_file(project, REPORT, "各位代表、同志们：", "各位代表、同志们、朋友们：")
    # The meeting line changed too, but the file brings no English for it: nothing to refuse.
    edit_file(project, REPORT, "高埗镇人民代表大会（", "高埗镇第十八届人民代表大会（")
    before = data_bytes(project)
    line = xliff_tree(out).find(".//x:trans-unit[@id='salutation']", NS).sourceline
    yaml_line = before[REPORT].decode().splitlines().index("    zh: 各位代表、同志们、朋友们：") + 1
    code, stdout, _ = run(project, "import", str(out), capsys=capsys)
    assert code == 1
    old, new = fingerprint("各位代表、同志们："), fingerprint("各位代表、同志们、朋友们：")
    assert stdout == (
        f"{out}:{line}: error: The Chinese of 'salutation' changed after the export (exported {old}, now {new}): "
        f"its English was not imported (data/2024/report.yaml:{yaml_line}:9) [changed-source]\n"
        "  hint: Export the unit again (`gaobu translate export --report 2024`) and have the new Chinese translated.\n"
        "Refused 1 unit(s) whose Chinese changed after the export.\n")
    assert data_bytes(project) == before


@pytest.mark.parametrize("content, message", [
    (b"<xliff><file>", ":1:14: error: Not well-formed XML: Premature end of data in tag file line 1, line 1, column 14 [not-xml]"),
    (b"<?xml version='1.0'?>\n<html/>", ":2: error: Expected an XLIFF 1.2 file (<xliff xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">) "
                                         "but received: <html> [wrong-root]"),
    (b"<xliff xmlns='urn:oasis:names:tc:xliff:document:2.0' version='2.0'/>",
     ":1: error: XLIFF 2.0 is not read here: save or export the file as XLIFF 1.2 [wrong-root]"),
    # An external entity would read a file of this machine into the report: never resolved, refused.
    (b"<?xml version='1.0'?>\n<!DOCTYPE xliff [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"
     b"<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2' version='1.2'><file original='data/2024/report.yaml' "
     b"source-language='zh-CN' target-language='en' datatype='plaintext'><body><trans-unit id='salutation'>"
     b"<source>x</source><target>&x;</target></trans-unit></body></file></xliff>",
     ":1:1: error: The file has a DOCTYPE declaration, which XLIFF 1.2 does not use [doctype]"),
])
def test_a_malformed_file_changes_nothing_and_says_why(project, tmp_path, capsys, content, message):
    out = tmp_path / "bad.xlf"
    out.write_bytes(content)
    before = data_bytes(project)
    code, stdout, _ = run(project, "import", str(out), capsys=capsys)
    assert code == 1
    assert stdout.splitlines()[0] == f"{out}{message}"
    assert stdout.splitlines()[-1] == f"Nothing was imported: {out} cannot be used as it is."
    assert data_bytes(project) == before


def test_unknown_duplicated_and_wrong_language_units_refuse_the_whole_file(project, tmp_path, capsys):
    out = tmp_path / "2024.xlf"
    run(project, "export", "--out", str(out), "--units", "all", capsys=capsys)
    tree = xliff_tree(out)
    set_target(tree, "salutation", "Fellow Deputies and comrades:")  # good, but the file is refused whole
    trans_unit(tree, "opening").set("id", "no-such-paragraph")
    copy = etree.fromstring(etree.tostring(trans_unit(tree, "innovation")))
    trans_unit(tree, "innovation").addnext(copy)
    trans_unit(tree, "manufacturing-lead").find("x:target", NS).set(XML_LANG, "zh-CN")
    set_target(tree, "urban-rural-lead", "一年来，我们提品质")
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    dup = [tu.sourceline for tu in xliff_tree(out).iterfind(".//x:trans-unit[@id='innovation']", NS)]
    target_line = lambda i: trans_unit(xliff_tree(out), i).find("x:target", NS).sourceline  # noqa: E731
    before = data_bytes(project)
    code, stdout, _ = run(project, "import", str(out), capsys=capsys)
    assert code == 1
    assert [line for line in stdout.splitlines() if not line.startswith("  hint")] == [
        f"{out}:{target_line('manufacturing-lead')}: error: The target of 'manufacturing-lead' is in 'zh-CN', not English [wrong-language]",
        f"{out}:{dup[1]}: error: Duplicate trans-unit id 'innovation' (first on line {dup[0]}) [duplicate-id]",
        f"{out}:{target_line('urban-rural-lead')}: error: The target of 'urban-rural-lead' is not English: '一年来，我们提品质' [wrong-language]",
        f"Nothing was imported: {out} cannot be used as it is.",
    ]
    # With those put right, the unknown id still refuses the file.
    tree = xliff_tree(out)
    copy = tree.findall(".//x:trans-unit[@id='innovation']", NS)[-1]
    copy.getparent().remove(copy)
    trans_unit(tree, "manufacturing-lead").find("x:target", NS).set(XML_LANG, "en")
    set_target(tree, "urban-rural-lead", "")
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    line = trans_unit(xliff_tree(out), "no-such-paragraph").sourceline
    code, stdout, _ = run(project, "import", str(out), capsys=capsys)
    assert stdout.splitlines()[0] == f"{out}:{line}: error: No unit 'no-such-paragraph' in data/2024/report.yaml [unknown-unit]"
    assert data_bytes(project) == before


def test_data_with_errors_is_neither_exported_nor_imported_into(project, tmp_path, capsys):
    edit_file(project, REPORT, "year: 2024\n", "year: [2024\n")
    code, _, err = run(project, "export", "--out", str(tmp_path / "a.xlf"), capsys=capsys)
    assert code == 1 and err.endswith("Nothing was exported: correct the data first.\n")
    assert err.startswith("data/2024/report.yaml:")
    assert not (tmp_path / "a.xlf").exists()


def test_usage_errors_are_named(project, tmp_path, capsys):
    assert run(project, "import", str(tmp_path / "x.po"), capsys=capsys)[2] == (
        f"gaobu translate import: error: cannot import {tmp_path / 'x.po'}: expected an XLIFF file (.xlf, .xliff) "
        "or a spreadsheet (.xlsx)\n")
    assert run(project, "import", str(tmp_path / "missing.xlf"), capsys=capsys)[2] == (
        f"gaobu translate import: error: cannot read {tmp_path / 'missing.xlf'}: No such file or directory\n")
    code, _, err = run(project, "export", "--report", "2023", "--out", str(tmp_path / "a.xlf"), capsys=capsys)
    assert (code, err) == (2, "gaobu translate export: error: no report '2023' in data/ (the reports are: 2024)\n")
    code, _, err = run(project, "export", "--out", str(tmp_path / "a.doc"), capsys=capsys)
    assert err == (f"gaobu translate export: error: cannot tell the format of {tmp_path / 'a.doc'}: pass --format xliff "
                   "or --format xlsx (or name the file .xlf or .xlsx)\n")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    code, stdout, _ = run(project, "import", str(bad), capsys=capsys)
    assert stdout.splitlines()[0] == (f"{bad}: error: Not an .xlsx workbook (BadZipFile: File is not a zip file) [not-xlsx]")


# -- memory and terms ------------------------------------------------------------------

def test_memory_holds_every_confirmed_unit_and_parses_in_translate_toolkit(project, tmp_path, capsys):
    from translate.storage import tmx

    out = tmp_path / "memory.tmx"
    code, stdout, _ = run(project, "memory", "--out", str(out), capsys=capsys)
    assert (code, stdout) == (0, f"{out}: 20 confirmed unit(s) of 1 report(s)\n")
    store = tmx.tmxfile.parsestring(out.read_bytes())
    assert len(store.units) == 20
    first = store.units[0]
    assert (first.source, first.target) == ("2024年高埗镇政府工作报告", "Report on the Work of the Government of Gaobu Town (2024)")
    root = etree.fromstring(out.read_bytes())
    tu = root.find(".//tu[@tuid='2024/innovation']")
    assert [(p.get("type"), p.text) for p in tu.findall("prop")] == [("x-report", "2024"), ("x-unit", "innovation")]
    assert root.get("version") == "1.4" and root.find("header").get("srclang") == "zh-CN"
    assert root.find(".//tu[@tuid='2024/salutation']") is None  # untranslated: not in the memory


def test_terms_as_tbx_and_csv(project, tmp_path, capsys):
    from translate.storage import tbx

    out = tmp_path / "glossary.tbx"
    code, stdout, _ = run(project, "terms", "--out", str(out), capsys=capsys)
    assert (code, stdout) == (0, f"{out}: 32 term(s)\n")
    store = tbx.tbxfile.parsestring(out.read_bytes())
    assert ("固定资产投资", "fixed asset investment") in {(u.source, u.target) for u in store.units}
    entry = next(e for e in etree.fromstring(out.read_bytes()).iter("termEntry") if e.findtext("langSet/tig/term") == "固定资产投资")
    assert [t.text for t in entry.iterfind("langSet/tig/term")] == ["固定资产投资", "固投", "fixed asset investment"]
    assert entry.findtext("admin[@type='source']") == "https://en.ndrc.gov.cn/news/pressreleases/202108/t20210827_1294880.html"
    with_definition = next(e for e in etree.fromstring(out.read_bytes()).iter("termEntry") if e.find(".//descrip") is not None)
    assert with_definition.find(".//descrip").get("type") == "definition"
    out = tmp_path / "glossary.csv"
    assert run(project, "terms", "--out", str(out), "--format", "csv", capsys=capsys)[0] == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 32
    assert rows[3] == {"zh": "固定资产投资", "en": "fixed asset investment", "variants": "固投", "definition_zh": "",
                       "definition_en": "", "source": "https://en.ndrc.gov.cn/news/pressreleases/202108/t20210827_1294880.html",
                       "authority": "A"}


@pytest.mark.parametrize("english", [
    "plain words", "Deputies: a colon", "it's \"quoted\" # not a comment", "- a dash first", "{braces}, [brackets]",
    "  spaces around  ", "yes", "1.5", "two\nlines", "XXX masks kept", "中文 mixed with English",
])
def test_every_english_text_of_the_report_can_be_written_in_place(english):
    """Each unit of the landed report, block or flow style, with English present or not: only its `en` lines change."""
    from ruamel.yaml import YAML

    from conftest import ROOT
    from gaobu_build.source.model import Report
    from gaobu_build.translate.yamledit import set_english

    raw = (ROOT / REPORT).read_bytes()
    report = Report.model_validate(YAML(typ="safe").load(raw))
    # Half the units lose their English first, so that both replacing and adding are exercised.
    units = list(report.units())
    stripped = raw.decode()
    for i, (_, text, _) in enumerate(units):
        if i % 2 and text.en:
            line = next(ln for ln in stripped.splitlines(keepends=True) if ln.strip() in (f"en: {text.en}", f"en: '{text.en}'"))
            stripped = stripped.replace(line, "", 1)
    edited = set_english(stripped.encode(), {loc: english for _, _, loc in units})
    after = Report.model_validate(YAML(typ="safe").load(edited))
    assert [(t.zh, t.en) for _, t, _ in after.units()] == [(t.zh, english) for _, t, _ in units]
    changed = changed_lines(stripped.encode(), edited)
    assert all(re.match(r"[+-]\s*en: ", line) for line in changed), changed


def test_windows_line_ends_are_kept():
    from gaobu_build.translate.yamledit import set_english

    raw = b"parts:\r\n  - id: p\r\n    zh: \xe6\x96\x87\r\n  - id: q\r\n    zh: \xe6\x96\x87\r\n    en: old\r\n"
    assert set_english(raw, {("parts", 0): "P", ("parts", 1): "Q"}) == (
        b"parts:\r\n  - id: p\r\n    zh: \xe6\x96\x87\r\n    en: P\r\n  - id: q\r\n    zh: \xe6\x96\x87\r\n    en: Q\r\n")


def test_flow_mappings_comments_and_empty_values_are_kept_as_written():
    from gaobu_build.translate.yamledit import set_english

    raw = ("# a comment\n"
           "title: {zh: 标题}  # kept\n"
           "meeting: {zh: 会议, en: old}\n"
           "parts:\n"
           "  - id: p\n"
           "    zh: >-\n"
           "      折叠的\n"
           "      文本\n"
           "    en: old  # a comment after\n"
           "  - id: q\n"
           "    zh: 文本 # note\n"
           "  - id: r\n"
           "    zh: 文本\n"
           "    en:\n"
           "  - id: s\n"
           "    zh: 文本\n"
           "    en: ''\n").encode()
    edits = {("title",): "Title: one", ("meeting",): "Meeting", ("parts", 0): "P's", ("parts", 1): "Q", ("parts", 2): "R",
             ("parts", 3): "#S"}
    assert set_english(raw, edits).decode() == (
        "# a comment\n"
        "title: {zh: 标题, en: 'Title: one'}  # kept\n"
        "meeting: {zh: 会议, en: Meeting}\n"
        "parts:\n"
        "  - id: p\n"
        "    zh: >-\n"
        "      折叠的\n"
        "      文本\n"
        "    en: P's  # a comment after\n"
        "  - id: q\n"
        "    zh: 文本 # note\n"
        "    en: Q\n"
        "  - id: r\n"
        "    zh: 文本\n"
        "    en: R\n"
        "  - id: s\n"
        "    zh: 文本\n"
        "    en: '#S'\n")


@pytest.mark.parametrize("name", ["a.xlf", "a.xlsx"])
def test_the_same_units_export_the_same_bytes(project, tmp_path, capsys, name):
    import time

    first, second = tmp_path / "1" / name, tmp_path / "2" / name
    for out in (first, second):
        time.sleep(2.1 if out is second else 0)  # past the 2-second step of zip dates and any clock second
        out.parent.mkdir()
        assert run(project, "export", "--out", str(out), "--units", "all", capsys=capsys)[0] == 0
    assert first.read_bytes() == second.read_bytes()


def test_the_spreadsheet_reads_as_plain_office_open_xml(project, tmp_path, capsys):
    """Read without openpyxl (which wrote it): the zip's sheet XML, its shared strings and its protection."""
    import zipfile

    out = tmp_path / "2024.xlsx"
    run(project, "export", "--out", str(out), "--units", "all", capsys=capsys)
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(out) as book:
        workbook = etree.fromstring(book.read("xl/workbook.xml"))
        sheet = etree.fromstring(book.read("xl/worksheets/sheet1.xml"))
        shared = etree.fromstring(book.read("xl/sharedStrings.xml")) if "xl/sharedStrings.xml" in book.namelist() else None
    assert [s.get("name") for s in workbook.iter(f"{main}sheet")] == ["2024"]
    strings = ["".join(si.itertext()) for si in shared.iter(f"{main}si")] if shared is not None else []

    def value(cell):
        if cell.get("t") == "s":
            return strings[int(cell.findtext(f"{main}v"))]
        return "".join(cell.itertext())

    rows = [[value(c) for c in row.iter(f"{main}c")] for row in sheet.iter(f"{main}row")]
    assert rows[0] == ["id", "¶", "中文", "English", "status", "terms", "figures", "masks", "fingerprint"]
    salutation = next(r for r in rows if r[0] == "salutation")
    assert salutation[:5] == ["salutation", "¶ 0.1", "各位代表、同志们：", "", "new"]
    assert sheet.find(f"{main}sheetProtection").get("sheet") == "1"
    assert [c.get("hidden") for c in sheet.iter(f"{main}col") if c.get("min") == "9"] == ["1"]


def test_each_import_is_checked_afresh(project, tmp_path, capsys):
    """The gate keeps results by the report's content (memo.py): a second import in the same process must not
    reuse what the first found."""
    out = tmp_path / "2024.xlf"
    run(project, "export", "--out", str(out), "--units", "all", capsys=capsys)
    clean = xliff_tree(out)
    set_target(clean, "salutation", "Fellow Deputies and comrades:")
    clean.write(str(out), xml_declaration=True, encoding="UTF-8")
    assert run(project, "import", str(out), "--dry-run", capsys=capsys)[0] == 0
    wrong = xliff_tree(out)
    set_target(wrong, "economic-performance",
               trans_unit(wrong, "economic-performance").find("x:target", NS).text.replace("up 40.6%", "up 46%"))
    wrong.write(str(out), xml_declaration=True, encoding="UTF-8")
    code, stdout, _ = run(project, "import", str(out), "--dry-run", capsys=capsys)
    assert code == 1 and "[figure-mismatch]" in stdout
