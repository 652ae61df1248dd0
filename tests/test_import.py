"""`gaobu import` on small, made-up inputs: each step, the written files, the messages, the failures."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import with_site
from gaobu_build.cli import main as gaobu
from gaobu_build.importer import import_report
from gaobu_build.importer.furniture import is_furniture
from gaobu_build.importer.punctuation import restore_punctuation
from gaobu_build.importer.read import Block
from gaobu_build.importer.segment import segment
from gaobu_build.importer.text import sentences
from gaobu_build.checks.project import checked_project

ROOT = Path(__file__).resolve().parent.parent

# A small report in the genre's shape, as a web page would leave it: furniture, ASCII punctuation.
SMALL = """\
免费预览已结束 ,请下载后查看全文
2025年某镇政府工作报告
——2025年1月10日在某镇第十届人民代表大会第五次会议上
某镇镇长 张三
各位代表:
现在,我代表镇人民政府,向大会报告政府工作,请予审议。
2024年工作回顾
2024年,全镇上下团结奋斗。
一年来,我们稳增长、促转型,经济实力不断增强。一是经济稳中有进。全镇地区生产总值100.5亿元,增长3.2%,增速排全市第3。二是创新能力提升。高新技术企业增至50家。
一年来,我们惠民生、补短板,群众生活持续改善。新增学位900个。
展开>>
2025年工作安排
今年全镇经济社会发展的主要预期目标是:地区生产总值增长5%。
一、坚持产业立镇,推动制造业提质
加快传统产业转型。
二、坚持民生为本,办好民生实事
提升教育质量(含学前教育)。
各位代表!
使命重在担当,实干铸就辉煌!
名词解释:
百千万工程:指广东百县千镇万村高质量发展工程。
“消薄”:指消除集体经济薄弱村。
客服QQ:
2505027264
回到顶部
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_import(capsys, source: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    code = gaobu(["-f", str(ROOT / "mkdocs.yml"), "import", str(source), "--out", str(out), *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- the steps -------------------------------------------------------------------

def test_furniture_lines_are_recognised_and_report_lines_are_not():
    for line in ("免费预览已结束 ,请下载后查看全文", "还剩-页可免费阅读, 继续阅读", "2024年高埗镇政府工作报告.docx简介:",
                 "展开>>", "下载声明:", "1、本文档共11页,其中可免费阅读10页,下载后可查看全部内容。",
                 "文档侵权举报电话:18182295159 (电话支持时间:10:00-19:00)。", "扫码快捷下载 | 账号登录下载",
                 "客服", "客服QQ:", "2505027264", "客服电话:", "微信小程序", "微信公众号", "回到顶部"):
        assert is_furniture(line), line
    for line in ("二是教卫事业强基创优。", "开通12345热线客服专席，完善微信公众号服务。", "回顾过去一年，成绩来之不易。",
                 "各位代表：", "2023年工作回顾"):
        assert not is_furniture(line), line


@pytest.mark.parametrize(("given", "expected"), [
    ("各位代表、同志们: 现在,我代表", "各位代表、同志们： 现在，我代表"),
    ("负增长0.5%,降幅收窄", "负增长0.5%，降幅收窄"),
    ("优良天数比例(AQI)达标率、NO2 等", "优良天数比例（AQI）达标率、NO2等"),
    ("落地12 宗;完成?是!", "落地12宗；完成？是！"),
    ("时间:10:00-19:00,共1,700亩", "时间：10:00-19:00，共1,700亩"),
    ("见 https://www.dg.gov.cn/a?b=1 (英文)", "见https://www.dg.gov.cn/a?b=1（英文）"),
    ("Hello, world (again): yes!", "Hello, world (again): yes!"),
    ("东莞市人民政府市长 吕成蹊", "东莞市人民政府市长 吕成蹊"),
])
def test_half_width_punctuation_between_chinese_becomes_full_width(given, expected):
    assert restore_punctuation(given) == expected


def test_run_together_text_is_split_at_the_markers_and_never_inside_a_sentence():
    text = restore_punctuation(
        "2024年某镇政府工作报告各位代表、同志们: 现在,我代表镇人民政府报告工作。 2023年工作回顾2023年是开局之年。 "
        "一年来,我们稳经济、促转型,根基不断筑牢。一是经济稳中有进。二是活力迸发。"
        "一年来,我们提品质、深融合,工程开局起势以头号力度实施工程,重点推进5大方面,推动融合。一是空间拓展。"
        "一年来,我们补短板、强弱项,福祉持续增进。一是保障落实。")
    cut = segment([Block(text, 4)])
    units, repairs = cut.units, cut.repairs
    assert cut.run_together == [4]
    assert [u.text for u in units] == [
        "2024年某镇政府工作报告", "各位代表、同志们：", "现在，我代表镇人民政府报告工作。", "2023年工作回顾", "2023年是开局之年。",
        "一年来，我们稳经济、促转型，根基不断筑牢。", "一是经济稳中有进。", "二是活力迸发。",
        "一年来，我们提品质、深融合，工程开局起势。", "以头号力度实施工程，重点推进5大方面，推动融合。", "一是空间拓展。",
        "一年来，我们补短板、强弱项，福祉持续增进。", "一是保障落实。"]
    assert [(r.line, r.before) for r in repairs] == [(4, "一年来，我们提品质、深融合，工程开局起势")]


def test_a_lead_with_more_clauses_is_left_alone_when_the_text_kept_its_line_breaks():
    cut = segment([Block("一年来，我们深入学习贯彻精神，按照决策部署，主要做了以下工作。", 1),
                   Block("一年来，我们稳经济、促转型，根基不断筑牢。一是经济稳中有进。二是活力迸发。", 2)])
    assert (cut.repairs, cut.run_together) == ([], [])
    assert len(cut.units) == 2  # a line is a paragraph: its "一是" items stay in it


def test_bold_lead_phrases_stay_in_their_paragraph_as_emphasis(tmp_path):
    source = write(tmp_path, "r.md", textwrap.dedent("""\
        各位代表：
        2023年工作回顾
        一年来，我们稳增长。全市**170万户市场主体**自强不息。**围绕发展大产业，**构建基金体系。**围绕打造大平台，**规划产业园。
        """))
    part = import_report(source, 2024).report["parts"][0]
    assert part["paragraphs"] == [{
        "id": "review-2023-p1", "zh": "一年来，我们稳增长。全市170万户市场主体自强不息。围绕发展大产业，构建基金体系。围绕打造大平台，规划产业园。",
        "en": "", "emphasis": [{"zh": "170万户市场主体", "en": ""}, {"zh": "围绕发展大产业，", "en": ""},
                               {"zh": "围绕打造大平台，", "en": ""}]}]


def test_a_bold_phrase_that_the_site_would_find_earlier_is_not_emphasised_and_the_summary_says_so(tmp_path):
    source = write(tmp_path, "r.md", "各位代表：\n2023年工作回顾\n我们推动发展。**发展**是第一要务。\n")
    result = import_report(source, 2024)
    assert "emphasis" not in result.report["parts"][0]["paragraphs"][0]
    assert result.doc.remarks[0] == "line 3: the bold '发展' also occurs earlier in its paragraph: kept as plain text"


def test_sentences_end_at_chinese_terminators_with_their_closing_quotes():
    assert sentences("他说：“好。”然后走了！还有，") == ["他说：“好。”", "然后走了！", "还有，"]


# --- the whole import --------------------------------------------------------------

def test_a_small_report_imports_into_the_schema_with_every_part_in_place(tmp_path):
    result = import_report(write(tmp_path, "small.txt", SMALL))
    report = result.report
    assert report["year"] == 2025
    assert report["title"] == {"zh": "2025年某镇政府工作报告", "en": ""}
    assert report["meeting"] == {"zh": "2025年1月10日在某镇第十届人民代表大会第五次会议上", "en": ""}
    assert [(p["id"], p["zh"]) for p in report["preamble"]] == [
        ("speaker", "某镇镇长 张三"), ("salutation", "各位代表："), ("opening", "现在，我代表镇人民政府，向大会报告政府工作，请予审议。")]
    review, plan = report["parts"]
    assert (review["id"], review["title"]["zh"]) == ("review-2024", "2024年工作回顾")
    assert [p["id"] for p in review["paragraphs"]] == ["review-2024-p1"]
    assert [(s["id"], s["title"]["zh"]) for s in review["sections"]] == [
        ("review-2024-1", "稳增长、促转型，经济实力不断增强"), ("review-2024-2", "惠民生、补短板，群众生活持续改善")]
    # A line of the source is one paragraph: the lead and its "一是" items stay together.
    assert review["sections"][0]["paragraphs"] == [{"id": "review-2024-1-lead", "en": "", "zh": (
        "一年来，我们稳增长、促转型，经济实力不断增强。一是经济稳中有进。全镇地区生产总值100.5亿元，增长3.2%，增速排全市第3。"
        "二是创新能力提升。高新技术企业增至50家。")}]
    assert (plan["id"], [p["id"] for p in plan["paragraphs"]]) == ("plan-2025", ["targets"])
    assert [(s["id"], s["title"]["zh"]) for s in plan["sections"]] == [
        ("plan-2025-1", "一、坚持产业立镇，推动制造业提质"), ("plan-2025-2", "二、坚持民生为本，办好民生实事")]
    # "各位代表！" is a paragraph, never a heading; the last paragraph closes the report.
    assert [(p["id"], p["zh"]) for p in plan["sections"][1]["paragraphs"]] == [
        ("plan-2025-2-p1", "提升教育质量（含学前教育）。"), ("plan-2025-2-p2", "各位代表！"), ("closing", "使命重在担当，实干铸就辉煌！")]
    assert result.glossary == {"terms": [
        {"zh": "百千万工程", "en": "", "definition": {"zh": "指广东百县千镇万村高质量发展工程。", "en": ""}, "authority": "none"},
        {"zh": "消薄", "en": "", "definition": {"zh": "指消除集体经济薄弱村。", "en": ""}, "authority": "none"}]}
    assert result.indicators[:2] == [
        {"paragraph": "review-2024-1-lead", "label": "地区生产总值", "value": "100.5亿元", "unit": "亿元",
         "change": "增长3.2%", "rank": "排全市第3"},
        {"paragraph": "review-2024-1-lead", "label": "高新技术企业", "value": "50家", "unit": "家"}]
    assert {"paragraph": "targets", "label": "地区生产总值", "change": "增长5%", "target": True} in result.indicators


def test_the_command_writes_a_folder_that_loads_and_prints_the_summary(tmp_path, capsys):
    source = write(tmp_path, "small.txt", SMALL)
    project = tmp_path / "project"
    out = project / "data" / "2025"
    code, stdout, stderr = run_import(capsys, source, out)
    assert (code, stderr) == (0, "")
    assert stdout == textwrap.dedent(f"""\
        Imported {source} into {out}
          parts: 2
            review-2024: 2024年工作回顾 (2 section(s), 3 paragraph(s))
            plan-2025: 2025年工作安排 (2 section(s), 5 paragraph(s))
          sections: 4
          paragraphs: 11 (3 before the first part)
          notes: 0
          glossary entries: 2
          proposed figures: 4
          sentences: 19 in, 19 out
        Removed 5 line(s) of page furniture (check that none is report text):
          line 1: 免费预览已结束 ,请下载后查看全文
          line 11: 展开>>
          line 23: 客服QQ:
          line 24: 2505027264
          line 25: 回到顶部
        Wrote {out}/report.yaml, {out}/indicators.proposed.yaml, {out}/glossary.proposed.yaml.
        Next: translate every `en: ''`, confirm the proposed figures and glossary entries, then run `gaobu check`.
        """)
    assert sorted(p.name for p in out.iterdir()) == ["glossary.proposed.yaml", "indicators.proposed.yaml", "report.yaml"]
    assert sorted(p.name for p in out.parent.iterdir()) == ["2025"]  # no staging folder left behind
    loaded = checked_project(with_site(project))
    assert [f.code for f in loaded.findings] == ["untranslated"] * len(loaded.findings)
    assert len(loaded.findings) == len(list(loaded.reports[0].report.units()))


def test_the_yaml_is_deterministic_readable_and_loads_back_exactly(tmp_path, capsys):
    source = write(tmp_path, "small.txt", SMALL)
    outputs = []
    for name in ("a", "b"):
        assert run_import(capsys, source, tmp_path / name)[0] == 0
        outputs.append({p.name: p.read_bytes() for p in (tmp_path / name).iterdir()})
    assert outputs[0] == outputs[1]
    text = outputs[0]["report.yaml"].decode("utf-8")
    assert "\\u" not in text and "各位代表：" in text  # Chinese unescaped
    assert "{" not in text  # block style only
    assert "      - id: review-2024-p1\n        zh: 2024年，全镇上下团结奋斗。\n        en: ''\n" in text
    assert YAML(typ="safe").load(text) == import_report(source).report


def test_the_text_ending_mid_sentence_is_marked(tmp_path):
    result = import_report(write(tmp_path, "cut.txt", "各位代表：\n2023年工作回顾\n一年来，我们稳增长。一是经济稳中有进，"), 2024)
    last = result.report["parts"][0]["paragraphs"][-1]
    assert last == {"id": "review-2023-p1", "text_ends_here": True, "zh": "一年来，我们稳增长。一是经济稳中有进，", "en": ""}


def test_word_headings_make_parts_and_sections_even_without_the_usual_words(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("各位代表：")
    document.add_heading("第一部分　回顾", level=1)
    document.add_paragraph("过去一年成绩显著。")
    document.add_heading("经济发展", level=2)
    paragraph = document.add_paragraph()
    paragraph.add_run("稳住基本盘。").bold = True
    paragraph.add_run("全年增长5%。")
    document.add_table(rows=1, cols=2).cell(0, 0).text = "指标"
    path = tmp_path / "r.docx"
    document.save(path)
    result = import_report(path, 2024)
    assert result.doc.remarks == ["the Word file has 1 table(s); they were not imported: copy what they say by hand",
                                  "no title line was found: the title is '2024年政府工作报告'"]
    part = result.report["parts"][0]
    assert (part["id"], part["title"]["zh"]) == ("review", "第一部分　回顾")
    assert [(s["id"], s["title"]["zh"], s["paragraphs"]) for s in part["sections"]] == [
        ("review-1", "经济发展", [{"id": "review-1-p1", "zh": "稳住基本盘。全年增长5%。", "en": "",
                                   "emphasis": [{"zh": "稳住基本盘。", "en": ""}]}])]


def test_an_existing_folder_is_kept_unless_forced(tmp_path, capsys):
    source = write(tmp_path, "small.txt", SMALL)
    out = tmp_path / "2025"
    out.mkdir()
    (out / "report.yaml").write_text("keep me", encoding="utf-8")
    code, stdout, stderr = run_import(capsys, source, out)
    assert (code, stdout) == (1, "")
    assert stderr == f"{out}: error: the report folder already exists. Pass --force to replace it, or choose another --out. [out-exists]\n"
    assert (out / "report.yaml").read_text(encoding="utf-8") == "keep me"
    assert run_import(capsys, source, out, "--force")[0] == 0
    assert (out / "report.yaml").read_text(encoding="utf-8").startswith("# 2025年某镇政府工作报告: imported by `gaobu import` from small.txt.")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025", "small.txt"]
    in_the_way = write(tmp_path, "2026", "a file")
    for extra in ((), ("--force",)):
        code, stdout, stderr = run_import(capsys, source, in_the_way, *extra)
        assert (code, stdout) == (1, "")
        assert stderr == f"{in_the_way}: error: a file is in the way of the report folder. Choose another --out. [out-not-folder]\n"
    assert in_the_way.read_text(encoding="utf-8") == "a file"


def _not_a_docx_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    return path


@pytest.mark.parametrize(("name", "make", "message"), [
    ("missing.txt", None, "no such file. Check the path. [no-such-file]"),
    ("folder.txt", lambda p: p.mkdir(), "cannot read it: it is a folder, not a file. Give the path of the report's file. [unreadable]"),
    ("report.pdf", lambda p: p.write_bytes(b"%PDF-1.4"),
     "cannot import a '.pdf' file. Save the report as .txt (UTF-8), .md or .docx and import that. [wrong-extension]"),
    ("empty.txt", lambda p: p.write_text(" \n\n", encoding="utf-8"),
     "the file holds no text. Import the file that holds the report's text. [empty]"),
    # GBK is read (see the test below): this one is read, but it is only the address.
    ("gbk.txt", lambda p: p.write_bytes("各位代表：".encode("gbk")),
     "this is not a work report: missing a title ending in 报告; a part heading such as '一、2023年工作回顾'; "
     "any text after the opening. Import the report's own text: its title, the address to the deputies, its parts. "
     "[no-structure]"),
    ("random.txt", lambda p: p.write_bytes(bytes([0xFF, 0xFE, 0x81, 0x30, 0x20, 0xC3])),
     "the file is neither UTF-8 nor GBK text (invalid start byte at byte 0). "
     "Save it as UTF-8 (in most editors: Save As, encoding UTF-8). [not-utf8]"),
    ("binary.txt", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
     "the file is binary data, not text. Import the report's text: a .txt or .md file, or the Word .docx itself. [binary]"),
    ("text.docx", lambda p: p.write_text("not a zip", encoding="utf-8"),
     "the file is not a Word .docx document (it is not a valid .docx package). "
     "Open it in Word or LibreOffice and save it as .docx, or import its text as .txt. [not-docx]"),
    ("zip.docx", _not_a_docx_zip,
     "the file is not a Word .docx document (it is not a valid .docx package). "
     "Open it in Word or LibreOffice and save it as .docx, or import its text as .txt. [not-docx]"),
    ("notes.txt", lambda p: p.write_text("今天天气很好。\n明天也许下雨。\n", encoding="utf-8"),
     "this is not a work report: missing a title ending in 报告; the address 各位代表; a part heading such as "
     "'一、2023年工作回顾'. Import the report's own text: its title, the address to the deputies, its parts. "
     "[no-structure]"),
])
def test_bad_inputs_get_one_line_exit_1_and_nothing_written(tmp_path, capsys, name, make, message):
    source = tmp_path / name
    if make:
        make(source)
    out = tmp_path / "out" / "2025"
    code, stdout, stderr = run_import(capsys, source, out)
    assert (code, stdout, stderr) == (1, "", f"{source}: error: {message}\n")
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_a_gbk_file_is_read_and_said_to_be(tmp_path, capsys):
    source = tmp_path / "gbk.txt"
    source.write_bytes("2024年某镇政府工作报告\n各位代表：\n2023年工作回顾\n经济增长百分之五。\n".encode("gbk"))
    code, stdout, stderr = run_import(capsys, source, tmp_path / "data" / "2024")
    assert code == 0, stderr
    assert "Note: the file is GB18030 (GBK), not UTF-8: it was read as GB18030 (GBK)\n" in stdout
    assert "经济增长百分之五。" in (tmp_path / "data" / "2024" / "report.yaml").read_text(encoding="utf-8")


def test_the_importer_does_not_load_mkdocs():
    code = ("import sys, gaobu_build.importer, gaobu_build.importer.read, gaobu_build.importer.structure; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_each_importer_module_stays_small():
    for module in (ROOT / "gaobu_build" / "importer").glob("*.py"):
        assert len(module.read_text(encoding="utf-8").splitlines()) < 300, module.name


def test_what_it_cannot_place_or_infer_is_said_in_the_summary(tmp_path, capsys):
    source = write(tmp_path, "odd.txt", textwrap.dedent("""\
        2024年某镇政府工作报告
        各位代表：
        2023年工作回顾
        一年来，我们稳增长。
        各位代表！
        名词解释：
        百千万工程：指广东百县千镇万村高质量发展工程。
        以上名词按出现顺序排列
        """))
    out = tmp_path / "2024"
    code, stdout, _ = run_import(capsys, source, out)
    assert code == 0
    assert stdout.splitlines()[9:12] == [
        "Could not place 1 line(s) of the appendix; they are the last paragraphs of the report (check them):",
        "  line 8: 以上名词按出现顺序排列",
        f"Wrote {out}/report.yaml, {out}/indicators.proposed.yaml, {out}/glossary.proposed.yaml.",
    ]
    part = load_project_dir(out)["parts"][0]
    assert [p["zh"] for p in part["paragraphs"]] == ["一年来，我们稳增长。", "各位代表！", "以上名词按出现顺序排列"]


def test_the_year_comes_from_the_text_or_from_the_command_line(tmp_path, capsys):
    import docx

    document = docx.Document()
    document.add_paragraph("各位代表：")
    document.add_heading("工作回顾", level=1)
    document.add_paragraph("成绩显著。")
    source = tmp_path / "r.docx"
    document.save(source)
    code, _, stderr = run_import(capsys, source, tmp_path / "out")
    assert (code, stderr) == (1, f"{source}: error: the report's year is not stated in its title, date or part headings. Pass --year YYYY. [no-year]\n")
    assert not (tmp_path / "out").exists()
    assert run_import(capsys, source, tmp_path / "out", "--year", "2026")[0] == 0
    report = load_project_dir(tmp_path / "out")
    assert (report["year"], report["title"]["zh"]) == (2026, "2026年政府工作报告")


def test_a_copy_without_salutation_keeps_its_opening_in_the_preamble(tmp_path):
    result = import_report(write(tmp_path, "r.txt", "某镇政府工作报告\n现在，我代表镇人民政府报告工作。\n2023年工作回顾\n成绩显著。\n"))
    assert [(p["id"], p["zh"]) for p in result.report["preamble"]] == [("opening", "现在，我代表镇人民政府报告工作。")]
    assert result.doc.remarks == ["no salutation (各位代表：) was found: everything before the first part is in the preamble"]


def load_project_dir(folder: Path) -> dict:
    return YAML(typ="safe").load((folder / "report.yaml").read_text(encoding="utf-8"))


# --- the genre's shapes, each on a small made-up report ------------------------------------

def shape(tmp_path, body: str, name: str = "r.md", year: int | None = 2023) -> dict:
    """Import a report made of a title, the salutation and `body`; its data."""
    text = "2023年某市政府工作报告\n各位代表：\n现在，我代表市人民政府，向大会报告工作。\n" + textwrap.dedent(body)
    return import_report(write(tmp_path, name, text), year).report


def outline(report: dict) -> list:
    """(part id, part title, [(section id, section title, [paragraph ids])], [the part's own paragraph ids])."""
    return [(p["id"], p["title"]["zh"], [(s["id"], s["title"]["zh"], [q["id"] for q in s["paragraphs"]])
                                          for s in p.get("sections", [])], [q["id"] for q in p.get("paragraphs", [])])
            for p in report["parts"]]


def test_numbered_parts_take_any_title_and_their_sections_are_the_parenthesised_numbers(tmp_path):
    report = shape(tmp_path, """\
        一、关于过去
        成绩来之不易。
        （一）稳住了大盘
        经济平稳。
        （二）办好了实事
        民生改善。
        二、关于将来
        任务艰巨。
        """, "r.txt")
    assert outline(report) == [
        ("part-1", "一、关于过去", [("part-1-1", "（一）稳住了大盘", ["part-1-1-p1"]), ("part-1-2", "（二）办好了实事", ["part-1-2-p1"])],
         ["part-1-p1"]),
        ("part-2", "二、关于将来", [], ["part-2-p1"])]


def test_markdown_headings_make_parts_and_deeper_ones_sections(tmp_path):
    report = shape(tmp_path, """\
        ## 回望来路
        成绩来之不易。
        ### 稳住大盘
        经济平稳。
        ## 展望未来
        任务艰巨。
        """)
    assert outline(report) == [("part-1", "回望来路", [("part-1-1", "稳住大盘", ["part-1-1-p1"])], ["part-1-p1"]),
                               ("part-2", "展望未来", [], ["part-2-p1"])]


def test_whole_line_bold_titles_make_parts_and_numbered_lines_under_them_sections(tmp_path):
    report = shape(tmp_path, """\
        **本届政府工作回顾**
        五年来成绩显著。
        **全面建成更高水平小康社会**
        一、加快转变发展方式，在建设新型工业城市上迈出新步伐。坚定不移推进新型工业化。
        二、着眼一体化新格局，在推进城乡统筹上取得新进展。着力推进城镇现代化。
        **致力建设人民满意政府**
        一、加强能力建设，打造创新政府。坚持把创新作为永恒主题。
        **主要目标任务是：**
        全面完成。
        """)
    assert outline(report) == [
        ("review-five-years", "本届政府工作回顾", [], ["review-five-years-p1"]),
        ("part-2", "全面建成更高水平小康社会",
         [("part-2-1", "一、加快转变发展方式，在建设新型工业城市上迈出新步伐。", ["part-2-1-p1"]),
          ("part-2-2", "二、着眼一体化新格局，在推进城乡统筹上取得新进展。", ["part-2-2-p1"])], []),
        # A bold line ending in a colon leads into what follows: it is text, not a heading.
        ("government", "致力建设人民满意政府",
         [("government-1", "一、加强能力建设，打造创新政府。", ["government-1-p1", "government-1-p2", "government-1-p3"])], [])]
    assert report["parts"][2]["sections"][0]["paragraphs"][1]["emphasis"] == [{"zh": "主要目标任务是：", "en": ""}]


def test_short_stand_alone_lines_head_the_parts_and_their_years_name_them(tmp_path):
    report = shape(tmp_path, """\
        2022年工作
        全市经济平稳增长。
        2023年总体要求
        以高质量发展为主题。
        2023年工作
        抓好以下工作。
        """)
    assert [(p["id"], p["title"]["zh"]) for p in report["parts"]] == [
        ("review-2022", "2022年工作"), ("targets-2023", "2023年总体要求"), ("plan-2023", "2023年工作")]


def test_a_five_year_review_has_three_or_four_parts(tmp_path):
    report = shape(tmp_path, """\
        一、过去五年工作回顾
        五年来，我们经受住了考验。
        二、今后五年的目标任务
        今后五年，要全面建设。
        三、2023年工作安排
        今年要抓好以下工作。
        四、全面加强政府自身建设
        坚持依法行政。
        """, "r.txt")
    assert [p["id"] for p in report["parts"]] == ["review-five-years", "plan-five-years", "plan-2023", "government"]


def test_the_long_titled_parts_of_older_reports_and_their_bold_title_block(tmp_path):
    source = write(tmp_path, "r.md", textwrap.dedent("""\
        **——1993年1月8日在甘肃省第八届人民代表大会第一次会议上**
        **贾志杰**
        各位代表：
        我代表省人民政府向大会作报告。
        **关于第七届政府的工作**
        第七届省人民政府工作的五年，是不平凡的五年。
        **一、改革开放促进了国民经济全面发展**
        初步统计，1992年全省国内生产总值增长。
        **二、各项社会事业协调发展**
        在国民经济全面发展的基础上，社会事业协调发展。
        **对第八届政府工作的建议**
        中国共产党第十四次全国代表大会提出了任务。
        **一九九三年的政府工作**
        一九九三年，是第八届政府的第一年。
        1、转换企业经营机制，转变政府职能。要认真贯彻条例。
        """))
    result = import_report(source)
    report = result.report
    assert (report["year"], report["meeting"]["zh"]) == (1993, "1993年1月8日在甘肃省第八届人民代表大会第一次会议上")
    assert [(p["id"], p["zh"]) for p in report["preamble"]] == [
        ("speaker", "贾志杰"), ("salutation", "各位代表："), ("opening", "我代表省人民政府向大会作报告。")]
    assert outline(report) == [
        ("part-1", "关于第七届政府的工作", [("part-1-1", "一、改革开放促进了国民经济全面发展", ["part-1-1-p1"]),
                                          ("part-1-2", "二、各项社会事业协调发展", ["part-1-2-p1"])], ["part-1-p1"]),
        ("plan-five-years", "对第八届政府工作的建议", [], ["plan-five-years-p1"]),
        # "1、…。…" with text after its first sentence is an item of the text, not a heading.
        ("plan-1993", "一九九三年的政府工作", [], ["plan-1993-p1", "plan-1993-p2"])]


def test_recurring_theme_openers_make_sections_and_a_lone_one_does_not(tmp_path):
    report = shape(tmp_path, """\
        2022年工作回顾
        过去一年，我们稳住了经济大盘。**坚持制造业当家，**工业增长5%。
        过去一年，我们办好了民生实事。新增学位900个。
        各位代表！过去一年成绩来之不易。
        2023年工作安排
        一年来，我们积累了经验，主要体会是：
        今年要抓好以下工作。
        """)
    assert outline(report) == [
        ("review-2022", "2022年工作回顾", [("review-2022-1", "稳住了经济大盘", ["review-2022-1-lead"]),
                                       ("review-2022-2", "办好了民生实事", ["review-2022-2-lead", "review-2022-2-p2"])], []),
        ("plan-2023", "2023年工作安排", [], ["plan-2023-p1", "plan-2023-p2"])]
    lead = report["parts"][0]["sections"][0]["paragraphs"][0]
    assert lead == {"id": "review-2022-1-lead", "zh": "过去一年，我们稳住了经济大盘。坚持制造业当家，工业增长5%。", "en": "",
                    "emphasis": [{"zh": "坚持制造业当家，", "en": ""}]}


def test_salutations_are_paragraphs_and_the_last_paragraph_closes_the_report(tmp_path):
    report = shape(tmp_path, """\
        2023年工作安排
        今年要抓好以下工作。
        各位代表！
        让我们团结奋斗！
        """)
    assert outline(report) == [("plan-2023", "2023年工作安排", [], ["plan-2023-p1", "plan-2023-p2", "closing"])]


def test_a_heading_run_into_its_text_is_split_and_the_summary_says_so(tmp_path, capsys):
    source = write(tmp_path, "r.md", "2012年某市政府工作报告\n各位代表：\n**一、过去五年工作回顾** 过去五年，是不平凡的五年。\n"
                                     "**二、2012年工作部署** 今年要抓好以下工作。\n")
    report = import_report(source).report
    assert outline(report) == [("review-five-years", "一、过去五年工作回顾", [], ["review-five-years-p1"]),
                               ("plan-2012", "二、2012年工作部署", [], ["plan-2012-p1"])]
    code, stdout, _ = run_import(capsys, source, tmp_path / "out")
    assert code == 0
    assert stdout.splitlines()[10:13] == [
        "Heuristics (2; check them):",
        "  line 3: a heading ran into its text: heading '一、过去五年工作回顾', text from '过去五年，是不平凡的五年。'…",
        "  line 4: a heading ran into its text: heading '二、2012年工作部署', text from '今年要抓好以下工作。'…"]


def test_a_report_without_any_part_heading_is_one_part_with_a_warning_and_it_checks(tmp_path, capsys):
    source = write(tmp_path, "flat.txt", "2023年某镇政府工作报告\n各位代表：\n现在，我代表镇人民政府报告工作。\n"
                                         "过去一年，经济平稳。\n（一）稳增长\n增长5%。\n（二）惠民生\n新增学位。\n")
    project = tmp_path / "project"
    code, stdout, _ = run_import(capsys, source, project / "data" / "2023")
    assert code == 0
    assert stdout.splitlines()[:11] == [
        f"Imported {source} into {project / 'data' / '2023'}",
        "  parts: 1",
        "    text: 2023年某镇政府工作报告 (2 section(s), 3 paragraph(s))",
        "  sections: 2",
        "  paragraphs: 5 (2 before the first part)",
        "  notes: 0",
        "  glossary entries: 0",
        "  proposed figures: 0",
        "  sentences: 7 in, 7 out",
        "Warning: no part heading was found: the whole text is one part, titled after the report (check it; "
        "if the report has parts, put each part's heading on a line of its own)",
        f"Wrote {project / 'data' / '2023'}/report.yaml, {project / 'data' / '2023'}/indicators.proposed.yaml, "
        f"{project / 'data' / '2023'}/glossary.proposed.yaml."]
    report = checked_project(with_site(project)).reports[0].report
    assert [(s.id, s.title.zh) for s in report.parts[0].sections] == [("text-1", "（一）稳增长"), ("text-2", "（二）惠民生")]


def test_importing_the_same_text_again_gives_the_same_ids(tmp_path):
    first = shape(tmp_path, "2022年工作回顾\n过去一年，我们稳住了大盘。\n过去一年，我们改善了民生。\n")
    again = shape(tmp_path, "2022年工作回顾\n过去一年，我们稳住了大盘。\n过去一年，我们改善了民生。\n", "again.md")
    assert first == again


# --- notes -----------------------------------------------------------------------------------

NOTED = """\
2024年某市政府工作报告
各位代表：
2023年工作回顾
“三大动力”[6]持续增强，“百千万工程”[1]开局起势。①
注释：
**[1] “百千万工程”：**指广东百县千镇万村高质量发展工程。
**[6]** **“三大动力”**：指投资、消费、出口。
①数据为初步统计。
名词解释：
消薄：指消除集体经济薄弱村。
"""


def test_numbered_notes_become_notes_of_the_report_with_every_character_kept(tmp_path):
    result = import_report(write(tmp_path, "noted.md", NOTED))
    report = result.report
    assert report["parts"][0]["paragraphs"] == [
        {"id": "review-2023-p1", "zh": "“三大动力”[6]持续增强，“百千万工程”[1]开局起势。①", "en": ""}]
    assert report["notes"] == [
        {"id": "note-1", "marker": "[1]", "zh": "“百千万工程”：指广东百县千镇万村高质量发展工程。", "en": "",
         "emphasis": [{"zh": "“百千万工程”：", "en": ""}]},
        {"id": "note-6", "marker": "[6]", "zh": "“三大动力”：指投资、消费、出口。", "en": "",
         "emphasis": [{"zh": "“三大动力”", "en": ""}]},
        {"id": "note-1-2", "marker": "①", "zh": "数据为初步统计。", "en": ""}]
    assert [t["zh"] for t in result.glossary["terms"]] == ["消薄"]  # 名词解释 stays a glossary proposal
    assert result.sentences_in == result.sentences_out
    project = tmp_path / "project"
    (project / "data" / "2024").mkdir(parents=True)
    (project / "data" / "2024" / "report.yaml").write_text(result.files("noted.md")["report.yaml"], encoding="utf-8")
    assert {f.code for f in checked_project(with_site(project)).findings} == {"untranslated"}


def test_markers_without_notes_and_notes_without_markers_are_warned_about(tmp_path):
    source = write(tmp_path, "r.md", "2024年某市政府工作报告\n各位代表：\n2023年工作回顾\n投资增长5%[3]。\n注释：\n[4] 说明。\n")
    assert import_report(source).doc.warnings == [
        "the text refers to note [3], which the source does not have: add it to `notes:`",
        "note [4] is not referred to by the text, or twice in the notes: check it"]
