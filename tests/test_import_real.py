"""`gaobu import` on real reports: the Gaobu preview, Dongguan's and the national 2024 reports, as .docx too, and a real build."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, shared_file
from gaobu_build.cli import main as gaobu
from gaobu_build.importer import import_report
from gaobu_build.importer.text import sentences
from gaobu_build.source.loader import read_project

SHARED = ROOT.parent / "shared"
PREVIEW = SHARED / "source" / "gaobu-2024-report-preview.txt"
DONGGUAN = SHARED / "fixtures" / "reports" / "dongguan-city-2024.md"
NATIONAL = SHARED / "fixtures" / "reports" / "national-2024-gwr-zh.txt"
TASK = re.compile(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）")


def shared(path: Path) -> Path:
    return shared_file(path)


def _derived(section: dict) -> bool:
    """A section titled after its "一年来，我们……" lead repeats the lead's words; they count once."""
    return section["paragraphs"][0]["zh"] == f"一年来，我们{section['title']['zh']}。"


def report_units(report: dict, titles_of_leads: bool = False) -> list[str]:
    """The report's Chinese texts in reading order, after the title block."""
    units = [p["zh"] for p in report.get("preamble", []) if p["id"] not in ("label", "speaker")]
    for part in report["parts"]:
        units += [part["title"]["zh"]] + [p["zh"] for p in part.get("paragraphs", [])]
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
    assert [s["id"] for s in report["parts"][0]["sections"]] == [f"review-2023-{n}" for n in range(1, 7)] + ["review-2023-deputies"]
    assert report["parts"][1]["sections"][-1]["id"] == "closing"
    assert [p["id"] for p in report["parts"][1]["paragraphs"]] == [
        "plan-2024-p1", "plan-2024-p2", "plan-2024-p3", "plan-2024-item-2", "plan-2024-item-3", "targets"]
    assert len(result.glossary["terms"]) == 22
    assert result.glossary["terms"][5]["zh"] == "百千万工程"
    assert check_every_sentence_once(DONGGUAN, result) == 321
    assert result.removed == [] and result.repairs == []


def test_the_national_2024_report_imports_with_every_sentence_once():
    result = import_report(shared(NATIONAL))
    report = result.report
    assert (report["year"], report["title"]["zh"]) == (2024, "政府工作报告")
    assert report["meeting"]["zh"] == "2024年3月5日在第十四届全国人民代表大会第二次会议上"
    assert report["preamble"][0] == {"id": "speaker", "zh": "国务院总理\u2002李强", "en": ""}
    assert [(p["id"], p["title"]["zh"]) for p in report["parts"]] == [
        ("review-2023", "一、2023年工作回顾"), ("part-2", "二、2024年经济社会发展总体要求和政策取向"), ("plan-2024", "三、2024年政府工作任务")]
    assert len(tasks(report)) == 10
    assert tasks(report)[0] == "（一）大力推进现代化产业体系建设，加快发展新质生产力。"
    assert [s["id"] for s in report["parts"][2]["sections"][-3:]] == ["plan-2024-deputies", "plan-2024-deputies-2", "closing"]
    assert [p["id"] for p in report["parts"][0]["sections"][0]["paragraphs"][1:7]] == [f"review-2023-1-item-{n}" for n in range(1, 7)]
    assert "targets" in [p["id"] for p in report["parts"][1]["paragraphs"]]
    assert result.glossary["terms"] == []
    assert check_every_sentence_once(NATIONAL, result) == 508
    assert "text_ends_here" not in str(report)  # the closing lacks its "！" but the report is whole


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

def test_an_imported_report_builds_into_the_site_untranslated_in_english(tmp_path, capsys):
    project = copy_project(tmp_path / "project")
    out = project / "data" / "dongguan"
    assert gaobu(["-f", str(project / "mkdocs.yml"), "import", str(shared(DONGGUAN)), "--out", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"Imported {DONGGUAN} into {out}\n  parts: 2 (review-2023, plan-2024)\n")
    result = subprocess.run([sys.executable, "-m", "gaobu_build.cli", "build", "-q"], cwd=project,
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    zh = (project / "site" / "dongguan" / "plan-2024" / "index.html").read_text(encoding="utf-8")
    en = (project / "site" / "en" / "dongguan" / "plan-2024" / "index.html").read_text(encoding="utf-8")
    assert 'id="closing"' in zh and 'id="targets"' in zh
    assert "This paragraph is not yet translated; the Chinese original is shown." in en
    assert "锚定大湾区“一点两地”全新定位" in en
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
