"""What `gaobu check` and `gaobu links` print for a site with a report still being translated: errors first, what
repeats grouped per part, narrowed by report, severity or id on request, and every finding in json and github."""

from __future__ import annotations

import json
import re

import pytest
from ruamel.yaml import YAML

from conftest import ROOT, SHARED, copy_project, edit_file, shared_file
from gaobu_build.checks.project import checked_project
from gaobu_build.cli import main as gaobu

# A report as `gaobu import` leaves it, half translated: `en: ''` to fill in, one English with a wrong figure,
# one Chinese with a half-width comma, and texts without any `en:` at all.
REPORT_2025 = """\
year: 2025
title:
  zh: 2025年高埗镇政府工作报告
  en: ''
meeting:
  zh: 2025年1月在镇人民代表大会上
preamble:
  - id: salutation
    zh: 各位代表：
    en: ''
parts:
  - id: review-2024
    title:
      zh: 2024年工作回顾
      en: Review of the Work in 2024
    paragraphs:
      - id: review-lead
        zh: 一年来，我们稳步推进各项工作。
        en: ''
      - id: review-growth
        zh: 地区生产总值增长5%。
        en: GDP grew by 6%.
    sections:
      - id: economy
        title:
          zh: 经济发展
          en: ''
        paragraphs:
          - id: economy-projects
            zh: 引进项目12宗。
            en: ''
          - id: economy-firms
            zh: 新增企业30家。
  - id: plan-2025
    title:
      zh: 2025年工作安排
      en: Plans for 2025
    paragraphs:
      - id: plan-lead
        zh: 今年，我们将继续努力,推进发展。
        en: This year we will keep working to advance development.
"""

FIGURE_ERROR = (
    "data/2025/report.yaml:22:13: error: 'review-growth': the Chinese figure “5%” has no equal in the English text "
    "(closest there: “6%”) [figure-mismatch]\n"
    "  hint: Correct the figure: 万 = 10 thousand, 亿 = 100 million, 百分点 = percentage points; English may round "
    "only to the digits it writes (18.04 billion for 180.42亿).\n")
NO_RECORD = (
    "data/2025/report.yaml:1:1: warning: No record of which Chinese text each English unit translates "
    "(2025/translations.yaml is missing) [no-translation-record]\n"
    "  hint: After checking the English against the Chinese, run `gaobu check --accept-all` to start tracking "
    "stale translations.\n")
HALF_WIDTH = (
    "data/2025/report.yaml:40:13: warning: 'plan-lead' has a half-width “,” between Chinese characters: "
    "“继续努力,推进发展” [half-width-punctuation]\n"
    "  hint: Write the full-width “，” in Chinese text.\n")
MASKED = (
    "data/2024/report.yaml:33:13: note: 'review-overview' contains 2 masked word(s) (XXX, XXXXXX): "
    "the text is incomplete here [masked-text]\n"
    "  hint: The source withholds these words; keep the masks unless the full text is published.\n")
# The four English texts of 2025 are translated but unconfirmed (no translations.yaml yet): counted apart from stale ones.
TABLE_2025 = """\
Report  Language  Units  Confirmed  Unconfirmed  Stale  Missing  Coverage
2025    zh           11         11            0      0        0    100.0%
2025    en           11          0            4      0        7     36.4%
"""
TABLE_2024 = """\
Report  Language  Units  Confirmed  Unconfirmed  Stale  Missing  Coverage
2024    zh           23         23            0      0        0    100.0%
2024    en           23         23            0      0        0    100.0%
"""
EMPTY_EN = "  hint: Write the English after `en:`; until then the English site shows the Chinese text, marked as not yet translated.\n"


@pytest.fixture
def project(tmp_path):
    root = copy_project(tmp_path / "project")
    (root / "data" / "2025").mkdir()
    (root / "data" / "2025" / "report.yaml").write_text(REPORT_2025, encoding="utf-8")
    return root


def run(project, capsys, *args) -> tuple[int, str, str]:
    code = gaobu(["-f", str(project / "mkdocs.yml"), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_check_puts_errors_first_and_groups_untranslated_texts_per_part(project, capsys):
    code, out, err = run(project, capsys, "check")
    assert (code, err) == (1, "")
    assert out == (
        FIGURE_ERROR + NO_RECORD
        + "data/2025/report.yaml:4:7: warning: cover: 1 paragraph, 1 title and 1 other text untranslated [untranslated]\n"
        "data/2025/report.yaml:19:13: warning: review-2024: 3 paragraphs and 1 title untranslated [untranslated]\n"
        "  hint: Write the English of each (`gaobu check --report 2025 --verbose` lists them); until then the English site shows "
        "the Chinese text, marked as not yet translated.\n"
        + HALF_WIDTH + MASKED + "\n" + TABLE_2025 + TABLE_2024.split("\n", 1)[1] + "\n"
        "Figure mismatches: 1   Term warnings: 0   Typography warnings: 1   Masked texts: 1\n"
        "1 error(s), 9 warning(s), 1 note(s)\n")


def test_check_verbose_lists_each_text_with_the_hint_that_fits_its_file(project, capsys):
    code, out, _ = run(project, capsys, "check", "--verbose", "--report", "2025", "--severity", "warning")
    assert code == 1
    assert out == (
        FIGURE_ERROR + NO_RECORD
        + "data/2025/report.yaml:4:7: warning: 'report.title' has no English translation [untranslated]\n"
        + EMPTY_EN
        + "data/2025/report.yaml:6:3: warning: 'report.meeting' has no English translation [untranslated]\n"
        "  hint: Add `en:` below `zh:`; until then the English site shows the Chinese text, marked as not yet translated.\n"
        "data/2025/report.yaml:10:9: warning: 'salutation' has no English translation [untranslated]\n"
        "data/2025/report.yaml:19:13: warning: 'review-lead' has no English translation [untranslated]\n"
        "data/2025/report.yaml:27:15: warning: 'economy.title' has no English translation [untranslated]\n"
        "data/2025/report.yaml:31:17: warning: 'economy-projects' has no English translation [untranslated]\n"
        + EMPTY_EN
        + "data/2025/report.yaml:32:13: warning: 'economy-firms' has no English translation [untranslated]\n"
        "  hint: Add `en:` below `zh:`; until then the English site shows the Chinese text, marked as not yet translated.\n"
        + HALF_WIDTH + "\n" + TABLE_2025 + "\n"
        "Figure mismatches: 1   Term warnings: 0   Typography warnings: 1   Masked texts: 0\n"
        "1 error(s), 9 warning(s), 0 note(s)\n")


def test_check_narrows_to_a_report_and_a_severity(project, capsys):
    code, out, _ = run(project, capsys, "check", "--report", "2025", "--severity", "error")
    assert code == 1
    assert out == (FIGURE_ERROR + "\n" + TABLE_2025 + "\n"
                   "Figure mismatches: 1   Term warnings: 0   Typography warnings: 1   Masked texts: 0\n"
                   "1 error(s), 9 warning(s), 0 note(s) (warnings not shown: --severity error)\n")
    # The landed report alone is clean: exit 0, whatever the report being translated holds.
    code, out, _ = run(project, capsys, "check", "--report", "2024", "--severity", "warning")
    assert code == 0
    assert out == (TABLE_2024 + "\n"
                   "Figure mismatches: 0   Term warnings: 0   Typography warnings: 0   Masked texts: 1\n"
                   "0 error(s), 0 warning(s), 1 note(s) (notes not shown: --severity warning)\n")


def test_check_refuses_a_report_that_is_not_there(project, capsys):
    assert run(project, capsys, "check", "--report", "2099") == (
        2, "", "gaobu check: error: no report '2099' in data/ (the reports: 2025, 2024)\n")
    with pytest.raises(SystemExit) as exit_:
        run(project, capsys, "check", "--severity", "fatal")
    assert exit_.value.code == 2
    # (Python 3.12 stopped quoting argparse's choices.)
    assert re.search(r"\ngaobu check: error: argument --severity: invalid choice: 'fatal' "
                     r"\(choose from '?error'?, '?warning'?, '?note'?\)\n$", capsys.readouterr().err)


def test_stale_texts_of_a_part_are_one_line_too(tmp_path, capsys):
    root = copy_project(tmp_path / "project")
    edit_file(root, "data/2024/report.yaml", "高新技术企业增至167家", "高新技术企业增至167家（含新认定）")
    edit_file(root, "data/2024/report.yaml", "一是经济运行稳中有进。", "一是经济运行总体稳中有进。")
    code, out, _ = run(root, capsys, "check", "--severity", "warning")
    assert code == 0
    assert out.split("\n\n")[0] == (
        "data/2024/report.yaml:46:17: warning: review-2023: the Chinese of 2 paragraphs changed after translation [stale]\n"
        "  hint: Update the English, then run `gaobu check --accept UNIT` for each (`gaobu check --report 2024 --verbose` "
        "lists them, with the fingerprint to record).")
    code, out, _ = run(root, capsys, "check", "--severity", "warning", "--verbose")
    assert [line.split(" (or set ")[0] for line in out.split("\n\n")[0].splitlines()] == [
        "data/2024/report.yaml:46:17: warning: The Chinese of 'economic-performance' changed after it was translated [stale]",
        "  hint: Update the English, then run `gaobu check --accept economic-performance`",
        "data/2024/report.yaml:52:17: warning: The Chinese of 'innovation' changed after it was translated [stale]",
        "  hint: Update the English, then run `gaobu check --accept innovation`",
    ]


def test_json_and_github_keep_every_finding_ungrouped(project, capsys):
    code, out, _ = run(project, capsys, "check", "--format", "json")
    findings = json.loads(out)["findings"]
    assert code == 1
    assert [(f["severity"], f["code"], f["unit"]) for f in findings if f["code"] == "untranslated"] == [
        ("warning", "untranslated", unit) for unit in
        ("report.title", "report.meeting", "salutation", "review-lead", "economy.title", "economy-projects", "economy-firms")]
    assert len(findings) == 11
    code, out, _ = run(project, capsys, "check", "--format", "github", "--report", "2025")
    lines = out.splitlines()
    assert code == 1 and len(lines) == 10
    assert lines[3] == ("::warning file=data/2025/report.yaml,line=6,col=3::'report.meeting' has no English translation "
                        "[untranslated] Hint: Add `en:` below `zh:`; until then the English site shows the Chinese text, "
                        "marked as not yet translated.")


def test_an_imported_report_checks_in_a_line_per_part(tmp_path, capsys):
    source = shared_file(SHARED / "fixtures" / "reports" / "national-2024-gwr-zh.txt")
    root = copy_project(tmp_path / "project")
    assert run(root, capsys, "import", str(source), "--out", str(root / "data" / "national"))[0] == 0
    report = YAML(typ="safe").load((root / "data" / "national" / "report.yaml").read_text(encoding="utf-8"))
    code, out, _ = run(root, capsys, "check", "--report", "national")
    assert code == 0
    findings = out.split("\n\n")[0].splitlines()
    parts = [part["id"] for part in report["parts"]]
    heads = [line for line in findings if not line.startswith("  hint: ")]
    # One line for the cover (title, meeting, preamble) and one for each part: no line per text.
    assert [re.sub(r"^data/national/report\.yaml:\d+:\d+: warning: ([a-z0-9-]+): .*", r"\1", line) for line in heads] == ["cover", *parts]
    assert all(re.fullmatch(r"data/national/report\.yaml:\d+:\d+: warning: [a-z0-9-]+: (\d+ (paragraphs?|titles?|other texts?)(, | and )?)+"
                            r" untranslated \[untranslated\]", line) for line in heads), heads
    assert findings[-1] == ("  hint: Write the English of each (`gaobu check --report national --verbose` lists them); until then the English site "
                            "shows the Chinese text, marked as not yet translated.")
    code, out, _ = run(root, capsys, "check", "--report", "national", "--format", "json")
    units = sum(1 for line in (root / "data" / "national" / "report.yaml").read_text(encoding="utf-8").splitlines()
                if line.strip() == "en: ''")
    assert sum(f["code"] == "untranslated" for f in json.loads(out)["findings"]) == units


# --- gaobu links ---------------------------------------------------------------------------------

BASE = "https://example.org/"


def test_links_heads_each_report_and_narrows_to_a_report_or_an_id(project, capsys):
    code, out, _ = run(project, capsys, "links", "--base-url", BASE, "--lang", "en", "--report", "2025")
    assert code == 0
    assert out == (
        f"## [2025年高埗镇政府工作报告]({BASE}en/2025/)\n\n"
        f"- ¶ 0.1 [各位代表：]({BASE}en/2025/#salutation)\n"
        f"- § 1 [Review of the Work in 2024]({BASE}en/2025/review-2024/)\n"
        f"- ¶ 1.1 [一年来，我们稳步推进各项工作。]({BASE}en/2025/review-2024/#review-lead)\n"
        f"- ¶ 1.2 [GDP grew by 6%.]({BASE}en/2025/review-2024/#review-growth)\n"
        f"- § 1.1 [经济发展]({BASE}en/2025/review-2024/#economy)\n"
        f"- ¶ 1.3 [引进项目12宗。]({BASE}en/2025/review-2024/#economy-projects)\n"
        f"- ¶ 1.4 [新增企业30家。]({BASE}en/2025/review-2024/#economy-firms)\n"
        f"- § 2 [Plans for 2025]({BASE}en/2025/plan-2025/)\n"
        f"- ¶ 2.1 [This year we will keep working to advance development.]({BASE}en/2025/plan-2025/#plan-lead)\n")
    # A section with its paragraphs, a paragraph alone, from two reports: each under its report's heading,
    # so that the two § 1 cannot be taken for each other.
    code, out, _ = run(project, capsys, "links", "--base-url", BASE, "--id", "economy", "--id", "review-2023",
                       "--id", "salutation")
    assert code == 0
    lines = out.splitlines()
    assert lines[:6] == [
        f"## [2025年高埗镇政府工作报告]({BASE}2025/) · [2025年高埗镇政府工作报告]({BASE}en/2025/)",
        "",
        f"- ¶ 0.1 [各位代表：]({BASE}2025/#salutation) · [各位代表：]({BASE}en/2025/#salutation)",
        f"- § 1.1 [经济发展]({BASE}2025/review-2024/#economy) · [经济发展]({BASE}en/2025/review-2024/#economy)",
        f"- ¶ 1.3 [引进项目12宗。]({BASE}2025/review-2024/#economy-projects) · [引进项目12宗。]({BASE}en/2025/review-2024/#economy-projects)",
        f"- ¶ 1.4 [新增企业30家。]({BASE}2025/review-2024/#economy-firms) · [新增企业30家。]({BASE}en/2025/review-2024/#economy-firms)",
    ]
    assert lines[6:10] == [
        "",
        f"## [2024年高埗镇政府工作报告]({BASE}2024/) · [Report on the Work of the Government of Gaobu Town (2024)]({BASE}en/2024/)",
        "",
        f"- ¶ 0.1 [各位代表、同志们：]({BASE}2024/#salutation) · [Fellow Deputies and comrades:]({BASE}en/2024/#salutation)",
    ]
    assert lines[10] == f"- § 1 [2023年工作回顾]({BASE}2024/review-2023/) · [Review of the Work in 2023]({BASE}en/2024/review-2023/)"
    part = checked_project(ROOT).reports[0].report.parts[0]
    contained = 1 + len(part.paragraphs) + sum(1 + len(section.paragraphs) for section in part.sections)
    assert len(lines) == 10 + contained  # the part with all it contains, and nothing after it


def test_links_refuses_an_id_or_a_report_that_is_not_there(project, capsys):
    assert run(project, capsys, "links", "--base-url", BASE, "--report", "2024", "--id", "economy") == (
        2, "", "gaobu links: error: no part, section or paragraph 'economy' in report 2024\n")
    assert run(project, capsys, "links", "--base-url", BASE, "--id", "nowhere") == (
        2, "", "gaobu links: error: no part, section or paragraph 'nowhere' in any report\n")
    assert run(project, capsys, "links", "--base-url", BASE, "--report", "2023") == (
        2, "", "gaobu links: error: no report '2023' in data/ (the reports: 2025, 2024)\n")
