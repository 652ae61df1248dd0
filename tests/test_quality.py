"""The translation quality gate: `gaobu check` on coverage, stale translations, figures, terms and typography.

Each check is exercised end to end through the CLI on a copy of the landed
data with one deliberate fault, and the exact words an editor sees are asserted.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import copy_project, edit_file

from gaobu_build.cli import main as gaobu
from gaobu_build.source.quantities import chinese_figures, compare, english_figures
from gaobu_build.source.glossary import _QUOTES, Glossary, Match, TermFinder
from gaobu_build.source.model import Report
from gaobu_build.render.pages import ReportInput, render_site
from pagecheck import SITE

CLEAN_TABLE = """\
Report  Language  Units  Confirmed  Unconfirmed  Stale  Missing  Coverage
2024    zh           23         23            0      0        0    100.0%
2024    en           23         23            0      0        0    100.0%

Figure mismatches: 0   Term warnings: 0   Typography warnings: 0   Masked texts: 1
0 error(s), 0 warning(s), 1 note(s)
"""


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def edit(project, old: str, new: str, file: str = "data/2024/report.yaml") -> None:
    edit_file(project, file, old, new)


def check(project, *args, capsys) -> tuple[int, str, str]:
    code = gaobu(["-f", str(project / "mkdocs.yml"), "check", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def heads(output: str) -> list[str]:
    """The finding lines (without hints) of `gaobu check`'s text output."""
    return [line for line in output.splitlines() if line.startswith("data/")]


# -- the landed data is clean -------------------------------------------------------

def test_landed_data_prints_a_clean_coverage_table(project, capsys):
    code, out, _ = check(project, capsys=capsys)
    assert code == 0
    assert out == (
        "data/2024/report.yaml:33:13: note: 'review-overview' contains 2 masked word(s) (XXX, XXXXXX): "
        "the text is incomplete here [masked-text]\n"
        "  hint: The source withholds these words; keep the masks unless the full text is published.\n\n" + CLEAN_TABLE)


def test_strict_promotes_warnings_but_not_notes(project, capsys):
    assert check(project, "--strict", capsys=capsys)[0] == 0
    edit(project, "    en: 'Fellow Deputies and comrades:'\n", "")
    code, out, _ = check(project, "--strict", capsys=capsys)
    assert code == 1
    assert "data/2024/report.yaml:19:5: error: 'salutation' has no English translation [untranslated]" in heads(out)
    assert check(project, capsys=capsys)[0] == 0  # without --strict it is a warning


def test_json_and_github_formats(project, capsys):
    edit(project, "down 0.5%, a decline", "down 0.6%, a decline")
    code, out, _ = check(project, "--format", "json", capsys=capsys)
    assert code == 1
    data = json.loads(out)
    mismatch = [f for f in data["findings"] if f["code"] == "figure-mismatch"]
    assert mismatch == [{
        "file": "data/2024/report.yaml", "line": 46, "column": 17, "severity": "error", "code": "figure-mismatch",
        "message": "'economic-performance': the Chinese figure “0.5%” has no equal in the English text (closest there: “0.6%”)",
        "hint": "Correct the figure: 万 = 10 thousand, 亿 = 100 million, 百分点 = percentage points; "
                "English may round only to the digits it writes (18.04 billion for 180.42亿).",
        "unit": "economic-performance"}]
    assert data["summary"]["reports"] == [{"report": "2024", "coverage": [
        {"language": "zh", "units": 23, "translated": 23, "confirmed": 23, "unconfirmed": 0, "missing": 0, "stale": 0,
         "percent": 100.0},
        {"language": "en", "units": 23, "translated": 23, "confirmed": 23, "unconfirmed": 0, "missing": 0, "stale": 0,
         "percent": 100.0}]}]
    assert data["summary"]["figure_mismatches"] == 1
    code, out, _ = check(project, "--format", "github", capsys=capsys)
    # GitHub's workflow commands need % written as %25.
    assert ("::error file=data/2024/report.yaml,line=46,col=17::'economic-performance': the Chinese figure “0.5%25” "
            "has no equal in the English text (closest there: “0.6%25”) [figure-mismatch] Hint: Correct the figure: "
            "万 = 10 thousand, 亿 = 100 million, 百分点 = percentage points; English may round only to the digits it "
            "writes (18.04 billion for 180.42亿).") in out.splitlines()
    assert "::notice file=data/2024/report.yaml,line=33,col=13::" in out


# -- coverage and stale translations ---------------------------------------------------

def test_changed_chinese_makes_only_that_unit_stale_until_accepted(project, capsys):
    edit(project, "高新技术企业增至167家", "高新技术企业增至167家（含新认定）")
    code, out, _ = check(project, capsys=capsys)
    assert code == 0
    assert heads(out) == [  # warnings before notes
        "data/2024/report.yaml:52:17: warning: The Chinese of 'innovation' changed after it was translated [stale]",
        "data/2024/report.yaml:33:13: note: 'review-overview' contains 2 masked word(s) (XXX, XXXXXX): the text is incomplete here [masked-text]",
    ]
    assert "  hint: Update the English, then run `gaobu check --accept innovation` (or set `innovation: " in out
    assert "2024    en           23         22            0      1        0     95.7%" in out
    # Rewrapping the Chinese in YAML is not a change of text.
    edit(project, "三是创新能力逐步提升。", "三是创新能力\n              逐步提升。")
    assert "[stale]" in check(project, capsys=capsys)[1]
    record = (project / "data/2024/translations.yaml").read_text(encoding="utf-8")
    code, out, err = check(project, "--accept", "innovation", capsys=capsys)
    assert err == "data/2024/translations.yaml: accepted innovation\n"
    assert out.endswith(CLEAN_TABLE)
    after = (project / "data/2024/translations.yaml").read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(record.splitlines(), after.splitlines()) if a != b]
    assert [a.split(":")[0] for a, _ in changed] == ["innovation"]


def test_stale_and_missing_paragraphs_are_told_to_english_readers(project, capsys):
    edit(project, "高新技术企业增至167家", "高新技术企业增至167家（含新认定）")
    edit(project, "    en: 'Fellow Deputies and comrades:'\n", "")
    from gaobu_build.checks.project import checked_project
    from gaobu_build.site.layout import generated_pages

    pages = {p.path: p.markdown for p in generated_pages(checked_project(project), "en")}
    assert ("The Chinese text of this paragraph has changed since it was translated; this translation may be out of date.\n"
            "{: .gaobu-stale-note data-pagefind-ignore }\n\nThird, innovation capacity") in pages["2024/review-2023.md"]
    assert ("This paragraph is not yet translated; the Chinese original is shown.\n{: .gaobu-untranslated-note }\n\n"
            "<abbr class=\"gaobu-term\" title=\"Chinese: 各位代表.\">各位代表</abbr>、同志们：\n"
            "{: #salutation .gaobu-p data-gaobu-n=\"0.1\" data-gaobu-pair=\"parallel.md\" .gaobu-untranslated lang=\"zh-Hans\" }") in pages["2024/index.md"]
    zh = {p.path: p.markdown for p in generated_pages(checked_project(project), "zh")}
    assert "gaobu-stale-note" not in zh["2024/review-2023.md"]
    code, out, _ = check(project, capsys=capsys)
    assert "2024    en           23         21            0      1        1     91.3%" in out


def test_translation_without_a_record_and_bad_records(project, capsys):
    (project / "data/2024/translations.yaml").unlink()
    code, out, _ = check(project, capsys=capsys)
    assert heads(out)[0] == (
        "data/2024/report.yaml:7:1: warning: No record of which Chinese text each English unit translates "
        "(2024/translations.yaml is missing) [no-translation-record]")
    # Fresh translations are not stale: they count as translated, awaiting confirmation.
    assert "2024    en           23          0           23      0        0    100.0%" in out
    code, _, err = check(project, "--accept-all", capsys=capsys)
    assert code == 0 and err.count("accepted") == 23
    edit(project, "culture-sports: ", "culture-sports: nothex ", file="data/2024/translations.yaml")
    (project / "data/2024/translations.yaml").write_text(
        (project / "data/2024/translations.yaml").read_text(encoding="utf-8") + "gone-paragraph: 0123456789ab\n", encoding="utf-8")
    code, out, _ = check(project, capsys=capsys)
    assert code == 1
    fingerprint = out.split("'nothex ")[1][:12]
    assert out == (
        f"data/2024/translations.yaml:25:17: error: Expected a fingerprint of 12 hexadecimal digits but received: "
        f"'nothex {fingerprint}' [bad-fingerprint]\n"
        "  hint: Run `gaobu check --accept culture-sports` to record the right one.\n"
        "data/2024/translations.yaml:26:1: warning: Fingerprint recorded for 'gone-paragraph', which is not in the report [unknown-unit]\n"
        "  hint: Remove the line, or run `gaobu check --accept-all`, which drops it.\n\n"
        "1 error(s), 1 warning(s), 0 note(s)\n")


def test_a_translated_unconfirmed_unit_is_counted_as_such(project, capsys):
    """Four fresh translations in a report nobody has confirmed yet: 4 unconfirmed, not 4 stale, and 4/23 covered."""
    record = project / "data/2024/translations.yaml"
    record.unlink()
    text = (project / "data/2024/report.yaml").read_text(encoding="utf-8")
    keep = ("    en: 'Fellow Deputies and comrades:'\n", "      en: Review of the Work in 2023\n")
    lines = [line for line in text.splitlines(keepends=True)
             if not re.match(r"\s+en: ", line) or line in keep or "Report on the Work" in line or "Gaobu Town People" in line]
    (project / "data/2024/report.yaml").write_text("".join(lines), encoding="utf-8")
    code, out, _ = check(project, "--format", "json", capsys=capsys)
    en = json.loads(out)["summary"]["reports"][0]["coverage"][1]
    assert en == {"language": "en", "units": 23, "translated": 4, "confirmed": 0, "unconfirmed": 4, "missing": 19,
                  "stale": 0, "percent": 17.4}
    code, out, _ = check(project, capsys=capsys)
    assert "2024    en           23          0            4      0       19     17.4%" in out


def test_accepting_a_unit_with_an_error_is_refused_and_the_error_named(project, capsys):
    edit(project, "down 0.5%, a decline", "down 0.6%, a decline")
    edit(project, "economic-performance: 7f43c491976d\n", "", file="data/2024/translations.yaml")
    code, out, err = check(project, "--accept", "economic-performance", capsys=capsys)
    assert code == 1
    assert err == (
        "data/2024/translations.yaml: refused economic-performance: "
        "error: 'economic-performance': the Chinese figure “0.5%” has no equal in the English text (closest there: “0.6%”) "
        "[figure-mismatch] (data/2024/report.yaml:46:17); "
        "error: Indicator 'gdp': its change “下降0.5%” / “down 0.5%” is not stated in the English text of paragraph "
        "'economic-performance' [indicator-not-in-text] (data/2024/indicators.yaml:12:13)\n")
    assert "economic-performance" not in (project / "data/2024/translations.yaml").read_text(encoding="utf-8")


def test_accept_all_refuses_errors_and_names_warnings(project, capsys):
    edit(project, "down 0.5%, a decline", "down 0.6%, a decline")
    edit(project, "the number of high-tech enterprises rose to 167", "the number of hi-tech firms rose to 167")
    (project / "data/2024/translations.yaml").unlink()
    code, out, err = check(project, "--accept-all", capsys=capsys)
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith("data/2024/translations.yaml: refused economic-performance: error: 'economic-performance': "
                               "the Chinese figure “0.5%” has no equal")
    assert ("data/2024/translations.yaml: accepted innovation, with warning(s): warning: 'innovation' uses the term "
            "高新技术企业 but its English lacks the glossary's rendering “high-tech enterprises” [term] "
            "(data/2024/report.yaml:52:17)") in lines
    assert sum(line.startswith("data/2024/translations.yaml: accepted ") for line in lines) == 22
    assert "2024    en           23         22            1      0        0    100.0%" in out


def test_accept_names_an_unknown_unit(project, capsys):
    code, out, err = check(project, "--accept", "no-such-paragraph", capsys=capsys)
    assert code == 2
    assert err == ("gaobu check: error: no unit 'no-such-paragraph' in the reports "
                   "(a paragraph id, or PART.title for a part's or section's title)\n")


# -- figures --------------------------------------------------------------------------

@pytest.mark.parametrize("zh, en", [
    ("地区生产总值180.42亿元", "GDP was 18.042 billion yuan"),
    ("地区生产总值180.42亿元", "GDP was 18,042 million yuan"),
    ("地区生产总值180.42亿元", "GDP was 18.04 billion yuan"),  # rounded within the digits written
    ("绿地整治2.1万平方米", "21,000 square meters of green space"),
    ("增长40.6%", "up 40.6 percent"),
    ("收窄0.8个百分点", "narrowed by 0.8 percentage points"),
    ("增速排全市第2", "ranking 2nd in the city"),
    ("增速排全市第2", "ranking second in the city"),
    ("第二幼儿园", "the No. 2 Kindergarten"),
    ("开展活动一千一百余场", "held 1,100-plus events"),
    ("十大优秀案例", "top 10 outstanding cases"),
    ("投入2000多万元", "invested over 20 million yuan"),
    ("1-10月", "January-October"),
    ("PM2.5、NO2等指标", "indicators such as PM2.5 and NO2"),
    ("疫情防控转段", "after COVID-19 response"),
])
def test_equal_figures_match_across_units_and_scripts(zh, en):
    assert compare(zh, en) == []


@pytest.mark.parametrize("zh, en, unmatched", [
    ("固定资产投资41.14亿元", "fixed asset investment of 4.14 billion yuan", ("41.14亿", "4.14 billion")),
    ("地区生产总值180.42亿元", "GDP was 18.4 billion yuan", ("180.42亿", "18.4 billion")),
    ("收窄0.8个百分点", "narrowed by 0.8 percent", ("0.8个百分点", "0.8 percent")),
    ("增长40.6%", "up 46%", ("40.6%", "46%")),
    ("增速排全市第13", "ranking 15th in the city", ("13", "15th")),
    ("开展活动一千一百余场", "held over 1,000 events", ("一千一百", "1,000")),
    ("新增学位920个", "adding school places", ("920", None)),
])
def test_different_figures_are_named_in_both_languages(zh, en, unmatched):
    found = {(m.lang, m.figure.text) for m in compare(zh, en)}
    zh_text, en_text = unmatched
    assert ("zh", zh_text) in found
    if en_text:
        assert ("en", en_text) in found


def test_weak_figures_never_need_a_partner():
    # "一是" is "First," and 三 in 三张牌 may be written out or not: not an error either way.
    assert compare("一是经济运行稳中有进，打好三张牌", "First, the economy made steady progress") == []
    assert [f.weak for f in chinese_figures("一是")] == [True]
    assert [(f.text, f.weak) for f in english_figures("the second of May 2024, may be")] == [
        ("2024", False), ("second", True), ("May", True)]


def test_a_wrong_figure_fails_the_check_with_both_texts_named(project, capsys):
    edit(project, "4.114 billion yuan, up 40.6%", "4.14 billion yuan, up 40.6%")
    code, out, _ = check(project, capsys=capsys)
    assert code == 1
    assert [h for h in heads(out) if "figure-mismatch" in h] == [
        "data/2024/report.yaml:46:17: error: 'economic-performance': the Chinese figure “41.14亿” has no equal in "
        "the English text (closest there: “4.14 billion”) [figure-mismatch]",
    ]
    assert "Figure mismatches: 1" in out


# -- terminology ----------------------------------------------------------------------

def test_a_term_rendered_another_way_is_a_warning(project, capsys):
    edit(project, "the number of high-tech enterprises rose to 167", "the number of hi-tech firms rose to 167")
    code, out, _ = check(project, capsys=capsys)
    assert code == 0
    assert [h for h in heads(out) if "[term]" in h] == [
        "data/2024/report.yaml:52:17: warning: 'innovation' uses the term 高新技术企业 but its English lacks the "
        "glossary's rendering “high-tech enterprises” [term]",
    ]
    assert "Term warnings: 1" in out
    assert check(project, "--strict", capsys=capsys)[0] == 1


def test_terms_match_any_case_inflection_hyphen_or_quotes():
    glossary = Glossary.model_validate({"terms": [
        {"zh": "高新技术企业", "en": "high-tech enterprises", "variants": ["高企"]},
        {"zh": "非遗", "en": "intangible cultural heritage"},
        {"zh": "非遗工坊", "en": "intangible cultural heritage workshops"},
        {"zh": "1310具体部署", "en": '"1310" specific deployment plan'},
        {"zh": "城市更新", "en": "urban renewal"},
    ]})
    finder = TermFinder(glossary)
    assert finder.missing_renderings("高企增至167家", "one High tech enterprise more") == []
    assert finder.missing_renderings("非遗工坊", "Intangible Cultural Heritage Workshop") == []
    assert finder.missing_renderings("落实1310具体部署", "the “1310” specific deployment plans") == []
    assert [t.en for t in finder.missing_renderings("推进城市更新", "urban regeneration")] == ["urban renewal"]
    # The longer term claims its text: 非遗工坊 is not also counted as 非遗.
    assert [m.term.zh for m in finder.in_chinese("非遗工坊和非遗")] == ["非遗工坊", "非遗"]


_TERMS = Glossary.model_validate({"terms": [
    {"zh": "高新技术企业", "en": "high-tech enterprises", "variants": ["高企"]},
    {"zh": "非遗", "en": "intangible cultural heritage"},
    {"zh": "非遗工坊", "en": "intangible cultural heritage workshops"},
    {"zh": "1310具体部署", "en": '"1310" specific deployment plan'},
    {"zh": "产业", "en": "industries"}, {"zh": "经济", "en": "economy"},
]})
_PIECES = ["high-tech enterprise", "High Tech Enterprises", "intangible cultural heritage", "HERITAGE workshops",
           "“1310” specific deployment plans", '"1310', "industry", "industries", "Economies", "economied", "enterprising",
           "高企", "高新技术企业", "非遗工坊", "非遗", "产业产业", "经济", "İ", "ß", "é", "_", " ", "-", "'", "“", "x", "1310", "\n"]


@given(st.lists(st.sampled_from(_PIECES), max_size=30))
@settings(max_examples=300, deadline=None)
def test_terms_are_found_where_the_patterns_find_them(pieces):
    """The finder looks for a term only where its first letters are; it finds what scanning all the text finds."""
    text = "".join(pieces)
    finder = TermFinder(_TERMS)
    plain = _QUOTES.sub(" ", text)
    english = []
    for term, pattern, _ in finder._en:
        for m in pattern.finditer(plain):
            start = m.start()
            if start and _QUOTES.match(text, start - 1) and len(_QUOTES.findall(text, start, m.end())) % 2:
                start -= 1
            english.append(Match(start, m.end(), term))
    chinese = [Match(m.start(), m.end(), term) for term in _TERMS.terms for form in term.chinese_forms()
               for m in re.finditer(re.escape(form), text)]
    assert finder.in_english(text) == finder._claim(english)
    assert finder.in_chinese(text) == finder._claim(chinese)


def test_an_indicator_name_without_the_rendering_is_reported(project, capsys):
    """Terms are checked in every field: an indicator name that shortens the project's name is caught twice,
    once for the missing rendering and once because its short English names another term (高质量发展)."""
    edit(project, "en: 'Key tasks of the High-quality Development Project for Counties, Towns and Villages'}",
         "en: Key tasks of the High-quality Development Project}", file="data/2024/indicators.yaml")
    edit(project, "en: Land consolidation completed}", "en: Land assembled}", file="data/2024/indicators.yaml")
    code, out, _ = check(project, capsys=capsys)
    assert code == 0
    assert [h for h in heads(out) if "term" in h] == [
        "data/2024/indicators.yaml:162:31: warning: The name of indicator 'project-key-tasks' uses the term 百千万工程 "
        "but its English lacks the glossary's rendering “High-quality Development Project for Counties, Towns and "
        "Villages” [term]",
        "data/2024/indicators.yaml:162:31: warning: The name of indicator 'project-key-tasks' uses “high-quality "
        "development”, the glossary's rendering of 高质量发展, but its Chinese has no form of that term [term-form]",
        "data/2024/indicators.yaml:183:28: warning: The name of indicator 'land-consolidated' uses the term 土地整备 "
        "but its English lacks the glossary's rendering “land consolidation” [term]",
    ]
    assert "Term warnings: 3" in out
    assert check(project, "--strict", capsys=capsys)[0] == 1


def test_glossary_definitions_are_checked_but_not_against_their_own_term(project, capsys):
    # 百千万工程's definition spells out the term itself (百县千镇万村高质量发展工程) in other words: not a finding.
    edit(project, "      en: Small parks, vegetable plots, orchards and flower gardens built on vacant land in villages.",
         "      en: Small parks and gardens built on vacant land in villages.", file="data/glossary.yaml")
    edit(project, "      zh: 利用村头巷尾、房前屋后的空置土地建设的小公园、小菜园、小果园、小花园。",
         "      zh: 利用空置土地建设的口袋公园、小菜园、小果园、小花园。", file="data/glossary.yaml")
    code, out, _ = check(project, capsys=capsys)
    assert [h for h in heads(out) if "term" in h] == [
        "data/glossary.yaml:160:11: warning: The definition of 四小园 uses the term 口袋公园 but its English lacks the "
        "glossary's rendering “pocket parks” [term]"]


def test_a_rendering_whose_chinese_is_an_undeclared_short_form_is_reported(project, capsys):
    # 社消零 is a declared short form of 社会消费品零售总额; without that declaration the English looks unexplained.
    edit(project, "    variants: [社消零]\n", "", file="data/glossary.yaml")
    code, out, _ = check(project, capsys=capsys)
    assert [h for h in heads(out) if "term" in h] == [
        "data/2024/report.yaml:46:17: warning: 'economic-performance' uses “total retail sales of consumer goods”, "
        "the glossary's rendering of 社会消费品零售总额, but its Chinese has no form of that term [term-form]"]


def test_a_source_of_authority_c_is_an_error_not_a_link(project, capsys):
    edit(project, "    authority: C\n    leads:\n      - https://www.breakinglatest.news/",
         "    authority: C\n    source: https://www.breakinglatest.news/", file="data/glossary.yaml")
    edit(project, "    source: https://www.globaltimes.cn/page/202402/1307964.shtml\n", "", file="data/glossary.yaml")
    code, out, _ = check(project, capsys=capsys)
    assert code == 1
    assert [h for h in heads(out) if "glossary" in h] == [
        "data/glossary.yaml:37:16: error: 高新技术企业 has authority B but no source to cite [missing-source]",
        "data/glossary.yaml:52:13: error: The source of 1310具体部署 has authority C (a repost or a weak source), "
        "but the glossary page would link it as the source of the rendering [uncitable-source]",
    ]
    assert ("  hint: Cite an official (A) or state-media (B) page instead, or move the address to `leads:` (kept for "
            "editors, never published): the page then says that the rendering is the site's own.") in out.splitlines()


def test_the_glossary_page_links_only_citable_sources():
    """Even a glossary that skipped `gaobu check`: C and unrated sources are never links, the page says why."""
    glossary = Glossary.model_validate({"terms": [
        {"zh": "双百工程", "en": "Double Hundred Project", "source": "https://weak.example/repost", "authority": "C",
         "note": {"zh": "仅见转载。", "en": "Only a repost uses it."}},
        {"zh": "四小园", "en": "four small gardens", "source": "https://unrated.example/", "authority": "none"},
        {"zh": "口袋公园", "en": "pocket parks", "source": "https://state.example/parks", "authority": "B"}]})
    report = Report.model_validate({"year": 2024, "title": {"zh": "报告", "en": "Report"}, "parts": [{
        "id": "part", "title": {"zh": "部分", "en": "Part"}, "paragraphs": [{"id": "p", "zh": "段", "en": "P"}]}]})
    pages = {p.path: p.markdown for p in render_site([ReportInput("2024", report)], "en", SITE, glossary=glossary)}
    rows = pages["glossary.md"].splitlines()[-3:]
    assert rows == [
        '| Double Hundred Project | <span lang="zh-Hans">双百工程</span> |  | The site\'s own rendering: found only on reposts or unofficial sites, '
        r"which are not cited<span data-pagefind-ignore>. Only a repost uses it\.</span> |",
        '| four small gardens | <span lang="zh-Hans">四小园</span> |  | The site\'s own rendering: no official or state-media rendering was found |',
        '| pocket parks | <span lang="zh-Hans">口袋公园</span> |  | <a href="https://state.example/parks">B: state media</a> |',
    ]


def test_glossary_page_and_hover_in_both_languages():
    glossary = Glossary.model_validate({"terms": [
        {"zh": "固定资产投资", "en": "fixed asset investment", "source": "https://example.org/fai", "authority": "A",
         "definition": {"zh": "定义<b>。", "en": "A definition <b>."}}]})
    report = Report.model_validate({"year": 2024, "title": {"zh": "报告", "en": "Report"}, "parts": [{
        "id": "part", "title": {"zh": "部分", "en": "Part"},
        "paragraphs": [{"id": "p", "zh": "固定资产投资增长，固定资产投资", "en": "Fixed asset investment grew"}]}]})
    for lang, term_text, tip in (
        ("zh", "固定资产投资", "英文：fixed asset investment。定义&lt;b&gt;。"),
        ("en", "Fixed asset investment", "Chinese: 固定资产投资. A definition &lt;b&gt;."),
    ):
        pages = {p.path: p.markdown for p in render_site([ReportInput("2024", report)], lang, SITE, glossary=glossary)}
        part = pages["2024/part.md"]
        assert f'<abbr class="gaobu-term" title="{tip}">{term_text}</abbr>' in part
        assert part.count("<abbr") == 1  # the first use in a paragraph only
        row = pages["glossary.md"].splitlines()[-1]
        assert row.startswith("| 固定资产投资 | fixed asset investment |" if lang == "zh" else '| fixed asset investment | <span lang="zh-Hans">固定资产投资</span> |')
        assert '<a href="https://example.org/fai">' in row


def test_glossary_errors_are_named(project, capsys):
    edit(project, "  - zh: 江滨新城\n", "  - zh: 高质量发展\n", file="data/glossary.yaml")
    code, out, _ = check(project, capsys=capsys)
    assert code == 1
    assert [h for h in heads(out) if "glossary" in h] == ["data/glossary.yaml:70:9: error: The term 高质量发展 is already listed (term 12) [duplicate-term]"]
    edit(project, "  - zh: 高质量发展\n    en: Riverside New City\n    source: http://www",
         "  - zh: 江滨新城\n    en: Riverside New City\n    source: javascript:alert(1)//www", file="data/glossary.yaml")
    edit(project, "    authority: none\n  - zh: 口袋公园", "    authority: D\n  - zh: 口袋公园", file="data/glossary.yaml")
    code, out, _ = check(project, capsys=capsys)
    assert heads(out) == [
        "data/glossary.yaml:68:13: error: Expected a web address starting with http:// or https:// but received: "
        "'javascript:alert(1)//www.dongguantoday.com/about/districts/201807/t20180727_7899340.shtml' [bad-url]",
        "data/glossary.yaml:97:16: error: Expected 'A', 'B', 'C' or 'none' but received: 'D' [bad-value]",
    ]


# -- Chinese typography ---------------------------------------------------------------

def test_half_width_and_doubled_punctuation_are_warnings(project, capsys):
    edit(project, "构建大招商格局，成功促项目落地12宗。", "构建大招商格局,成功促项目落地12宗。。")
    code, out, _ = check(project, capsys=capsys)
    assert code == 0
    assert [h for h in heads(out) if "punctuation" in h] == [
        "data/2024/report.yaml:48:17: warning: 'industrial-vitality' has a half-width “,” between Chinese characters: "
        "“招商格局,成功促项” [half-width-punctuation]",
        "data/2024/report.yaml:48:17: warning: 'industrial-vitality' has doubled punctuation “。。”: “地12宗。。11宗市” "
        "[doubled-punctuation]",
    ]
    assert "Typography warnings: 2" in out


def test_ellipsis_and_dashes_are_not_doubled_punctuation():
    from gaobu_build.checks.translation import DOUBLED_RE, HALF_WIDTH_RE
    assert not DOUBLED_RE.search("一年来，我们……——")
    assert not HALF_WIDTH_RE.search("PM2.5, NO2 and 高埗")


# -- --strict means the same in every command -----------------------------------------------

def test_strict_build_fails_on_a_stale_unit_and_leaves_no_site(project):
    edit(project, "高新技术企业增至167家", "高新技术企业增至167家（含新认定）")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for command in ([sys.executable, "-m", "mkdocs", "build", "--strict"],
                    [sys.executable, "-m", "gaobu_build.cli", "build", "--strict", "-q"]):
        result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env)
        assert result.returncode == 1, result.stderr
        assert "warning: The Chinese of 'innovation' changed after it was translated [stale]" in result.stderr
        assert "Traceback" not in result.stderr
        assert not (project / "site").exists()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "gaobu-stale-note" in (project / "site/en/2024/review-2023/index.html").read_text(encoding="utf-8")


def test_a_source_that_is_a_web_address_alone_is_not_a_unit_to_translate():
    """`gaobu import` writes a Markdown file's `source:` URL as the report's source: nothing to translate there."""
    report = Report.model_validate({"year": 2025, "title": {"zh": "报告", "en": "Report"},
                                    "source": {"zh": "https://example.org/report.docx", "en": ""},
                                    "parts": [{"id": "part", "title": {"zh": "部分", "en": "Part"},
                                               "paragraphs": [{"id": "p", "zh": "文本", "en": "Text"}]}]})
    assert [unit for unit, _, _ in report.units()] == ["report.title", "part.title", "p"]
    cover = {p.path: p.markdown for p in render_site([ReportInput("2025", report)], "en", SITE)}["2025/index.md"]
    assert "https://example\\.org/report\\.docx\n" in cover and "gaobu-untranslated" not in cover
    # A source with words is a unit like any other.
    worded = report.model_copy(update={"source": report.source.model_copy(update={"zh": "取自 https://example.org/"})})
    assert "report.source" in [unit for unit, _, _ in worded.units()]
