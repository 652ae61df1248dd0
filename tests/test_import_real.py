"""`gaobu import` on real reports: the Gaobu preview, Dongguan's and the national 2024 reports, as .docx too, and a real build."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, shared_file, with_site
from gaobu_build.checks.project import checked_project
from gaobu_build.cli import main as gaobu
from gaobu_build.importer import import_report
from gaobu_build.importer.punctuation import restore_punctuation
from gaobu_build.importer.text import sentences
from gaobu_build.source.loader import read_project

SHARED = ROOT.parent / "shared"
PREVIEW = SHARED / "source" / "gaobu-2024-report-preview.txt"
DONGGUAN = SHARED / "fixtures" / "reports" / "dongguan-city-2024.md"
NATIONAL = SHARED / "fixtures" / "reports" / "national-2024-gwr-zh.txt"
# Kept in the repository (see tests/fixtures/reports/README.md): the source of the rule that a paragraph is a paragraph.
DONGGUAN_2025 = ROOT / "tests" / "fixtures" / "reports" / "dongguan-city-2025.md"
GENRE_DIR = SHARED / "fixtures" / "reports" / "genre"
# The genre's public test set; listed by name, so that a missing folder is a skip (or a CI failure), not an empty list.
GENRE = [GENRE_DIR / f"{name}.md" for name in (
    "主要城市-哈尔滨市-2009", "主要城市-大连市-2009", "主要城市-宁波市-2025", "主要城市-广州市-1993", "主要城市-成都市-2016",
    "主要城市-青岛市-1999", "其他地市-扬州市-2016", "其他地市-湖州市-2021", "其他地市-珠海市-2012", "其他地市-盐城市-2012",
    "国务院-1959", "国务院-1999", "国务院-2003", "国务院-2006", "国务院-2022", "国务院-2024", "省自治区-山西省-2023",
    "省自治区-浙江省-1983", "省自治区-湖北省-2006", "省自治区-湖南省-2002", "省自治区-甘肃省-1993", "省自治区-青海省-2015")]
TASK = re.compile(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）")


def shared(path: Path) -> Path:
    return shared_file(path)


THEME_OPENER = re.compile(r"(?:过去的?|这|近|刚刚过去的)?[一二三四五六七八九十两几]+年(?:来|中|里|间|以来)?，我们")


def _derived(section: dict) -> bool:
    """A theme section is titled with its first paragraph's words ("过去一年，我们<title>。"): they count once."""
    first = sentences(section["paragraphs"][0]["zh"])[0]
    opener = THEME_OPENER.match(first)
    return bool(opener) and first[opener.end():].rstrip("。！？") == section["title"]["zh"]


def _body_paragraphs(report: dict):
    for part in report["parts"]:
        yield from part.get("paragraphs", [])
        for section in part.get("sections", []):
            yield from section["paragraphs"]


def report_units(report: dict, titles_of_leads: bool = False) -> list[str]:
    """The report's Chinese texts in reading order, after the title block (a one-part report's made-up title aside)."""
    units = [p["zh"] for p in report.get("preamble", []) if p["id"] not in ("label", "speaker")]
    for part in report["parts"]:
        units += ([] if part["id"] == "text" else [part["title"]["zh"]]) + [p["zh"] for p in part.get("paragraphs", [])]
        for section in part.get("sections", []):
            if titles_of_leads or not _derived(section):
                units.append(section["title"]["zh"])
            units += [p["zh"] for p in section["paragraphs"]]
    return units


def all_sentences(texts: list[str]) -> list[str]:
    return [s for text in texts for s in sentences(text)]


def input_lines(path: Path) -> list[str]:
    """The input's lines from "各位代表：" on, Markdown bold and front matter gone (the title block is checked apart)."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    lines = [line.strip().replace("**", "") for line in text.splitlines() if line.strip()]
    return lines[next(i for i, line in enumerate(lines) if line.startswith("各位代表")):]


def check_every_sentence_once(path: Path, result) -> int:
    lines = input_lines(path)
    body, appendix = lines, []
    if "名词注解：" in lines:  # the appendix heading is consumed: its entries go to the glossary file
        cut = lines.index("名词注解：")
        body, appendix = lines[:cut], lines[cut + 1:]
    expected = all_sentences(body)
    assert all_sentences(report_units(result.report)) == expected
    # Glossary terms lose the quotes around them ("“百千万工程”" → 百千万工程); nothing else changes.
    terms = [f"{t['zh']}：{t['definition']['zh']}" for t in result.glossary["terms"]]
    assert terms == [re.sub(r"^“([^“”]+)”：", r"\1：", line) for line in appendix]
    return len(expected) + len(appendix)


# What the sentence count sets aside: the title block, page furniture, the appendix headings and glossary entries.
APPENDIX_HEADING = re.compile(r"(?:名词注解|名词解释|注释|注解|注)[：:]?")
GLOSSARY_HEADING = re.compile(r"名词(?:注解|解释)[：:]?")
_SPACE = re.compile(r"\s+")


def _normal(texts) -> Counter:
    """Sentences compared as the importer writes them: full-width punctuation between Chinese, no spaces."""
    return Counter(_SPACE.sub("", s) for text in texts for s in sentences(restore_punctuation(text)))


def _source_lines(path: Path, result) -> list[tuple[int, str]]:
    """(line number, text) of the source from the first line of its body on, markup and furniture gone."""
    first = result.doc.body_units[0].line
    removed = {n for n, _ in result.removed}
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = re.sub(r"^(?:>\s*)+|^#{1,6}\s+", "", line.strip())
        if number >= first and number not in removed and line:
            # A bold heading that ran into its text ("**一、回顾** 过去五年…") is two pieces.
            out += [(number, piece.replace("**", "").strip()) for piece in re.split(r"(?<=\*\*)\s+(?=\S)", line)]
    return out


def source_sentences(path: Path, result) -> Counter:
    texts, in_glossary = [], False
    for _, line in _source_lines(path, result):
        if APPENDIX_HEADING.fullmatch(line):
            in_glossary = bool(GLOSSARY_HEADING.fullmatch(line))
            continue
        if in_glossary and _entry(line):
            continue  # checked by assert_glossary_from_appendix
        texts.append(line)
    return _normal(texts)


def _entry(line: str) -> bool:
    term, sep, definition = re.sub(r"^\d{1,3}[.、．]\s*", "", line).partition("：")
    return bool(sep and term and definition and len(term) <= 40 and not re.match(r"\[\d+\]|[①-⑳]", line))


def report_sentences(result) -> Counter:
    report = result.report
    notes = [f"{n['marker']} {n['zh']}" for n in report.get("notes", [])]
    return _normal(report_units(report) + notes)


def assert_glossary_from_appendix(path: Path, result) -> None:
    """Each "term：definition" line of a glossary appendix is one entry, in order, the term's quotes and number aside."""
    lines, in_glossary = [], False
    for _, line in _source_lines(path, result):
        if APPENDIX_HEADING.fullmatch(line):
            in_glossary = bool(GLOSSARY_HEADING.fullmatch(line))
        elif in_glossary and _entry(line):
            lines.append(restore_punctuation(re.sub(r"^\d{1,3}[.、．]\s*", "", line)))
    entries = [(t["zh"], t["definition"]["zh"]) for t in result.glossary["terms"]]
    assert len(entries) == len(lines)
    for (term, definition), line in zip(entries, lines):
        assert line in (f"{term}：{definition}", f"“{term}”：{definition}"), line


def tasks(report: dict) -> list[str]:
    return [s["title"]["zh"] for part in report["parts"] for s in part.get("sections", []) if TASK.match(s["title"]["zh"])]


# --- the Gaobu preview: the same sentences as the landed data ------------------------------

def test_importing_the_preview_gives_the_landed_sentences_in_order():
    result = import_report(shared(PREVIEW))
    landed = read_project(ROOT).reports[0].report.model_dump()
    ours = all_sentences([result.report["title"]["zh"]] + report_units(result.report, titles_of_leads=True))
    theirs = all_sentences([landed["title"]["zh"]] + report_units(landed, titles_of_leads=True))
    assert len(theirs) == 44
    assert ours == theirs
    assert result.report["year"] == 2024
    part = result.report["parts"][0]
    assert [s["id"] for s in part["sections"]] == ["review-2023-1", "review-2023-2", "review-2023-3"]
    assert part["sections"][-1]["paragraphs"][-1]["text_ends_here"] is True
    assert [r.before for r in result.repairs] == ["一年来，我们提品质、深融合，百千万工程开局起势"]


def test_the_preview_loses_exactly_its_page_furniture():
    result = import_report(shared(PREVIEW))
    assert result.removed == [
        (1, "免费预览已结束 ,请下载后查看全文"), (2, "还剩-页可免费阅读, 继续阅读"), (3, "2024年高埗镇政府工作报告.docx简介:"),
        (5, "展开>>"), (6, "下载声明:"), (7, "1、本文档共11页,其中可免费阅读10页,下载后可查看全部内容。"),
        (8, "2、本文档内容版权归属内容提供方,所产生的收益全部归内容提供方所有。如果您对本文有版权争议,可选择认领,认领后既往收益都归您。"),
        (9, "3、本文档由用户上传,本站不保证内容质量和数量令您满意,可能有诸多瑕疵,付费之前,请先通过免费阅读内容等途径仔细辨别内容交易风险。 "
            "如存在严重文不对题之情形,可联系本站下载客服投诉处理。"),
        (10, "文档侵权举报电话:18182295159 (电话支持时间:10:00-19:00)。"), (11, "展开>>"), (12, "扫码快捷下载 | 账号登录下载"),
        (13, "客服"), (14, "客服QQ:"), (15, "2505027264"), (16, "客服电话:"), (17, "18182295159"), (18, "微信小程序"),
        (19, "微信公众号"), (20, "回到顶部")]


def test_the_preview_proposes_the_landed_key_figures():
    result = import_report(shared(PREVIEW))
    by_label = {(i["label"], i.get("value")): i for i in result.indicators}
    gdp = by_label[("地区生产总值", "180.42亿元")]
    assert (gdp["change"], gdp["paragraph"]) == ("负增长0.5%", "review-2023-1-item-1")
    assert by_label[("固定资产投资总额", "41.14亿元")]["rank"] == "排全市第2"
    assert by_label[("高新技术企业", "167家")]["change"] == "增长10.6%"
    assert by_label[("水质达标率", "93.4%")]["paragraph"] == "review-2023-2-item-2"
    assert {"规上工业增加值", "社消零"} <= {label for label, _ in by_label}


# --- real reports it has never been tuned on -----------------------------------------------

def test_dongguan_2024_imports_with_every_sentence_once():
    result = import_report(shared(DONGGUAN))
    report = result.report
    assert (report["year"], report["title"]["zh"]) == (2024, "2024年东莞市政府工作报告")
    assert report["meeting"]["zh"] == "2024年1月31日在东莞市第十七届人民代表大会第四次会议上"
    assert report["source"]["zh"] == "https://www.dg.gov.cn/gkmlpt/content/4/4152/post_4152327.html"
    assert [(p["id"], p["zh"]) for p in report["preamble"][:2]] == [
        ("label", "市十七届人大四次会议文件（三）"), ("speaker", "东莞市人民政府市长 吕成蹊")]
    assert [(p["id"], p["title"]["zh"]) for p in report["parts"]] == [("review-2023", "2023年工作回顾"), ("plan-2024", "2024年工作安排")]
    assert len(tasks(report)) == 9
    assert tasks(report)[-1] == "九、立足解决问题干成事，努力当好千万人民的服务员和攻坚克难的实干者"
    # Six "一年来，我们……" themes; the last is the government's own work.
    assert [s["id"] for s in report["parts"][0]["sections"]] == [f"review-2023-{n}" for n in range(1, 6)] + ["government"]
    assert [p["id"] for p in report["parts"][1]["paragraphs"]] == ["plan-2024-p1", "plan-2024-p2", "plan-2024-p3", "targets"]
    assert report["parts"][1]["sections"][-1]["paragraphs"][-1]["id"] == "closing"
    # "具体要把握好三个重点：**一是…**…**二是…**": one paragraph, its bold kept.
    three = report["parts"][1]["paragraphs"][2]
    assert three["zh"].startswith("具体要把握好三个重点：一是紧扣大湾区战略")
    assert [e["zh"][:2] for e in three["emphasis"]] == ["一是", "二是", "三是"]
    assert len(result.glossary["terms"]) == 22
    assert result.glossary["terms"][5]["zh"] == "百千万工程"
    assert check_every_sentence_once(DONGGUAN, result) == 321
    assert result.removed == [] and result.repairs == []


@pytest.mark.parametrize("path", [DONGGUAN, DONGGUAN_2025], ids=["2024", "2025"])
def test_dongguan_has_as_many_paragraphs_as_the_source(path):
    """A paragraph of the source is a paragraph of the data, so that ¶ numbers match the official text."""
    result = import_report(shared(path))
    lines = input_lines(path)
    body = lines[:lines.index("名词注解：")]
    headings = [line for line in body if re.fullmatch(r"\d{4}年工作(?:回顾|安排)|[一二三四五六七八九十]+、[^。]+", line)]
    report = result.report
    paragraphs = [p for p in report["preamble"] if p["id"] not in ("label", "speaker")] + list(_body_paragraphs(report))
    assert len(paragraphs) == len(body) - len(headings)
    assert [p["zh"] for p in paragraphs] == [line for line in body if line not in headings]
    for part in report["parts"]:
        titles = [s["title"]["zh"] for s in part.get("sections", [])]
        assert len(titles) == len(set(titles)), part["id"]
        assert not any(t.startswith("各位代表") for t in titles)


def test_dongguan_2025_reviews_five_themes_each_one_paragraph_with_its_bold_leads():
    report = import_report(DONGGUAN_2025).report
    review = report["parts"][0]
    assert (review["id"], [p["id"] for p in review["paragraphs"]]) == ("review-2024", ["review-2024-p1"])
    assert [(s["id"], s["title"]["zh"]) for s in review["sections"]] == [
        ("review-2024-1", "坚决担负起经济大市挑大梁的重任，推动经济稳中有进、进中提质"),
        ("review-2024-2", "因地制宜发展新质生产力，加快建设更具国际竞争力的现代化产业体系"),
        ("review-2024-3", "持续深化改革开放，有效增强发展内生动力"),
        ("review-2024-4", "扎实推进“百千万工程”，更好彰显城乡融合发展特色"),
        ("review-2024-5", "始终坚持民生为大，让千万市民获得感幸福感安全感更加充实")]
    first = review["sections"][0]["paragraphs"]
    assert [p["id"] for p in first] == ["review-2024-1-lead"]
    assert [e["zh"] for e in first[0]["emphasis"]] == [
        "坚持制造业当家不动摇，", "积极扩大有效益的投资，", "着力激发有潜能的消费，", "打好“五外联动”组合拳，"]
    # The addresses to the deputies are paragraphs of the last theme, never headings.
    assert [p["zh"][:5] for p in review["sections"][-1]["paragraphs"][1:]] == ["各位代表！"] * 3
    plan = report["parts"][1]
    assert (plan["id"], plan["paragraphs"][-1]["id"]) == ("plan-2025", "targets")
    assert plan["sections"][-1]["paragraphs"][-1]["id"] == "closing"
    again = import_report(DONGGUAN_2025).report
    assert again == report  # the same text gives the same ids and data


def test_the_national_2024_report_imports_with_every_sentence_once():
    result = import_report(shared(NATIONAL))
    report = result.report
    assert (report["year"], report["title"]["zh"]) == (2024, "政府工作报告")
    assert report["meeting"]["zh"] == "2024年3月5日在第十四届全国人民代表大会第二次会议上"
    assert report["preamble"][0] == {"id": "speaker", "zh": "国务院总理\u2002李强", "en": ""}
    assert [(p["id"], p["title"]["zh"]) for p in report["parts"]] == [
        ("review-2023", "一、2023年工作回顾"), ("targets-2024", "二、2024年经济社会发展总体要求和政策取向"),
        ("plan-2024", "三、2024年政府工作任务")]
    assert len(tasks(report)) == 10
    assert tasks(report)[0] == "（一）大力推进现代化产业体系建设，加快发展新质生产力。"
    assert report["parts"][2]["sections"][-1]["paragraphs"][-1]["id"] == "closing"
    assert [p["id"] for p in report["parts"][0]["paragraphs"][10:16]] == [f"review-2023-item-{n}" for n in range(1, 7)]
    assert "targets" in [p["id"] for p in report["parts"][1]["paragraphs"]]
    assert result.glossary["terms"] == []
    assert check_every_sentence_once(NATIONAL, result) == 508
    assert "text_ends_here" not in str(report)  # the closing lacks its "！" but the report is whole


# --- every report of the genre's public test set ------------------------------------------

@pytest.mark.parametrize("path", GENRE + [DONGGUAN, NATIONAL, DONGGUAN_2025], ids=lambda p: p.stem)
def test_every_report_imports_whole_and_checks(tmp_path, path):
    """Every sentence of the source is in the report exactly once (the title block and page furniture aside),
    the importer's own count says so, and `gaobu check` finds no error in the folder it writes."""
    result = import_report(shared(path))
    expected = source_sentences(path, result)
    assert report_sentences(result) == expected
    assert (result.sentences_in, result.sentences_out) == (expected, expected)
    assert_glossary_from_appendix(path, result)
    assert_checks(tmp_path, path, result)


def test_the_preview_that_lost_its_line_breaks_keeps_every_sentence_and_checks(tmp_path):
    """Cut at the genre's markers, one full stop restored (and said): what went in comes out."""
    result = import_report(shared(PREVIEW))
    assert result.run_together == [4]
    assert result.sentences_in == result.sentences_out
    assert sum(result.sentences_in.values()) == 40
    assert_checks(tmp_path, PREVIEW, result)


def assert_checks(tmp_path: Path, path: Path, result) -> None:
    project = tmp_path / "project"
    (project / "data" / "imported").mkdir(parents=True)
    (project / "data" / "imported" / "report.yaml").write_text(result.files(path.name)["report.yaml"], encoding="utf-8")
    loaded = checked_project(with_site(project))  # raises DataError on any error
    assert [f.format() for f in loaded.findings if f.severity == "error"] == []
    assert "untranslated" in {f.code for f in loaded.findings}


# --- the same reports as Word documents ----------------------------------------------------

def _docx_from(path: Path, out: Path) -> Path:
    """A .docx as an office would send it: heading styles for parts, tasks and the appendix, bold runs."""
    import docx

    text = path.read_text(encoding="utf-8")
    document = docx.Document()
    if text.startswith("---\n"):
        front, text = text[4:].split("\n---\n", 1)
        document.core_properties.title = re.search(r"^title: (.*)$", front, re.M).group(1)
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        if re.fullmatch(r"(?:[一二三]、)?\d{4}年.*|名词注解：", line) and "。" not in line:
            document.add_heading(line, level=1)
        elif re.match(r"[一二三四五六七八九]、", line) and "。" not in line:
            document.add_heading(line, level=2)
        else:
            paragraph = document.add_paragraph()
            for i, piece in enumerate(line.split("**")):
                if piece:
                    paragraph.add_run(piece).bold = bool(i % 2) or None
    document.save(out)
    return out


@pytest.mark.parametrize("path", [DONGGUAN, NATIONAL], ids=["dongguan", "national"])
def test_a_word_document_imports_like_its_text(tmp_path, path):
    from_text = import_report(shared(path))
    from_word = import_report(_docx_from(path, tmp_path / "report.docx"))
    # Word has no place for the front matter's source URL; everything else is the same.
    assert from_word.report == {k: v for k, v in from_text.report.items() if k != "source"}
    assert from_word.glossary["terms"] == [{k: v for k, v in t.items() if k != "source"} for t in from_text.glossary["terms"]]
    assert from_word.indicators == from_text.indicators


# --- into the site --------------------------------------------------------------------------

FLAT = """\
某镇2023年政府工作报告
各位代表：
现在，我代表镇人民政府，向大会报告工作，请予审议。
过去一年，我们稳住了经济大盘。地区生产总值增长5%。
过去一年，我们办好了民生实事。新增学位900个。
今年，我们将继续努力。
"""


def test_imported_reports_build_into_the_site_untranslated_in_english(tmp_path, capsys):
    """Dongguan's 2025 report, and a report with no part heading at all (one part), build with the landed one."""
    project = copy_project(tmp_path / "project")
    out, flat_out = project / "data" / "dongguan", project / "data" / "flat"
    assert gaobu(["-f", str(project / "mkdocs.yml"), "import", str(DONGGUAN_2025), "--out", str(out)]) == 0
    assert capsys.readouterr().out.startswith(
        f"Imported {DONGGUAN_2025} into {out}\n  parts: 2\n    review-2024: 2024年工作回顾 (5 section(s), 9 paragraph(s))\n"
        "    plan-2025: 2025年工作安排 (10 section(s), 46 paragraph(s))\n")
    flat = tmp_path / "flat.txt"
    flat.write_text(FLAT, encoding="utf-8")
    assert gaobu(["-f", str(project / "mkdocs.yml"), "import", str(flat), "--out", str(flat_out)]) == 0
    summary = capsys.readouterr().out.splitlines()
    assert summary[1:4] == ["  parts: 1", "    text: 某镇2023年政府工作报告 (2 section(s), 3 paragraph(s))", "  sections: 2"]
    assert ("Warning: no part heading was found: the whole text is one part, titled after the report (check it; "
            "if the report has parts, put each part's heading on a line of its own)") in summary
    result = subprocess.run([sys.executable, "-m", "gaobu_build.cli", "build", "-q"], cwd=project,
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    zh = (project / "site" / "dongguan" / "plan-2025" / "index.html").read_text(encoding="utf-8")
    en = (project / "site" / "en" / "dongguan" / "plan-2025" / "index.html").read_text(encoding="utf-8")
    assert 'id="closing"' in zh and 'id="targets"' in zh
    assert "This paragraph is not yet translated; the Chinese original is shown." in en
    assert "把握重大机遇、找准东莞定位" in en
    review = (project / "site" / "dongguan" / "review-2024" / "index.html").read_text(encoding="utf-8")
    assert "<strong>坚持制造业当家不动摇，</strong>实施新一轮“大技改”" in review  # the source's bold, as data
    text = (project / "site" / "flat" / "text" / "index.html").read_text(encoding="utf-8")
    assert 'id="text-1"' in text and "新增学位900个。" in text
    assert (project / "site" / "2024" / "review-2023" / "index.html").is_file()  # the landed report is still there


def test_the_proposed_figures_are_indicators_the_check_accepts_once_completed():
    """indicators.proposed.yaml is in the indicators format: with what only an editor can add, it validates,
    and every value, change and rank is one the figure check finds in its paragraph's Chinese."""
    from gaobu_build.source.quantities import chinese_figures
    from gaobu_build.importer.indicator_format import to_indicators
    from gaobu_build.source.indicators import Indicators

    result = import_report(shared(PREVIEW))
    entries = to_indicators(result.indicators, result.year)
    gdp = next(e for e in entries if e["name"]["zh"] == "地区生产总值")
    assert gdp == {"id": "review-2023-1-item-1-1", "name": {"zh": "地区生产总值", "en": ""}, "value": 18042000000,
                   "unit": "yuan", "period": 2023, "change": {"value": -0.5, "kind": "percent"}, "group": "",
                   "paragraph": "review-2023-1-item-1"}
    for entry in entries:  # what the editor adds
        entry["group"] = "economy"
        entry["name"]["en"] = "an English name"
        if "rank" in entry:
            entry["rank"]["scope"]["en"] = "in the city"
    indicators = Indicators.model_validate({"indicators": entries}).indicators
    paragraphs = {p["id"]: p["zh"] for p in _all_paragraphs(result.report)}
    for ind in indicators:
        found = chinese_figures(paragraphs[ind.paragraph])
        for part, figure in ind.figures():
            assert any(figure.matches(f) for f in found), (ind.id, part, figure)
    assert len(indicators) == len(result.indicators) >= 30


def _all_paragraphs(report: dict):
    yield from report.get("preamble", [])
    for part in report["parts"]:
        yield from part.get("paragraphs", [])
        for section in part.get("sections", []):
            yield from section["paragraphs"]
