"""Loading and validating data/: every problem, with file, line, column and the exact words."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from gaobu_build.source.findings import DataError
from gaobu_build.checks.project import checked_project
from gaobu_build.checks.summary import accept_translations

MINIMAL = """\
year: 2024
title:
  zh: 报告
  en: Report
parts:
  - id: review-2023
    title:
      zh: 回顾
      en: Review
    paragraphs:
      - id: first
        zh: 第一段。
        en: The first paragraph.
"""

MINIMAL_SITE = """\
name:
  zh: 报告
  en: Reports
"""


def write_project(tmp_path: Path, report: str, folder: str = "2024", record: bool = True) -> Path:
    """A project with one report; `record` confirms its English as a translator would (`--accept-all`)."""
    (tmp_path / "data" / folder).mkdir(parents=True)
    (tmp_path / "data" / folder / "report.yaml").write_text(textwrap.dedent(report), encoding="utf-8")
    site = tmp_path / "data" / "site.yaml"
    if not site.exists():
        site.write_text(MINIMAL_SITE, encoding="utf-8")
    if record:
        try:
            project = checked_project(tmp_path)
        except DataError as exc:
            project = exc.project
        if project is not None:
            accept_translations(project, set(), accept_all=True)
    return tmp_path


def errors_of(tmp_path: Path, report: str, folder: str = "2024") -> list[str]:
    with pytest.raises(DataError) as caught:
        checked_project(write_project(tmp_path, report, folder))
    return [f.format() for f in caught.value.findings]


def test_minimal_report_loads_with_no_findings(tmp_path):
    project = checked_project(write_project(tmp_path, MINIMAL))
    assert [r.slug for r in project.reports] == ["2024"]
    assert project.findings == []
    assert project.reports[0].report.parts[0].paragraphs[0].en == "The first paragraph."


def test_the_landed_data_loads_clean():
    project = checked_project(Path(__file__).resolve().parent.parent)
    # Notes are reminders (the source's own masks), never problems.
    assert [f.format() for f in project.findings if f.severity != "note"] == []


def test_duplicate_keys_are_all_reported(tmp_path):
    report = MINIMAL.replace("  en: Report\n", "  en: Report\n  en: Again\n").replace(
        "        en: The first paragraph.\n", "        en: The first paragraph.\n        zh: 又一段。\n")
    assert errors_of(tmp_path, report) == [
        "data/2024/report.yaml:5:3: error: Duplicate key 'en' (first set on line 4) [duplicate-key]\n"
        "  hint: Keep one of them: YAML would silently use only one value.",
        "data/2024/report.yaml:15:9: error: Duplicate key 'zh' (first set on line 13) [duplicate-key]\n"
        "  hint: Keep one of them: YAML would silently use only one value.",
    ]


def test_unknown_field_names_the_field_and_suggests_the_right_one(tmp_path):
    report = MINIMAL.replace("title:\n  zh: 报告", "tittle:\n  zh: 报告")
    assert errors_of(tmp_path, report) == [
        "data/2024/report.yaml:1:1: error: Missing required field 'title' [missing-field]\n"
        "  hint: Add `title:` here; this entry takes: year, title, meeting, source, key_figures, preamble, parts, notes.",
        "data/2024/report.yaml:2:1: error: Unknown field 'tittle' (did you mean 'title'?) [unknown-field]\n"
        "  hint: Expected one of: year, title, meeting, source, key_figures, preamble, parts, notes.",
    ]


def test_bad_ids_are_errors(tmp_path):
    report = MINIMAL.replace("id: first", "id: First Paragraph").replace("id: review-2023", "id: ../review")
    hint = ("  hint: Ids are part of published URLs and never change: "
            "use lowercase ASCII words joined by hyphens, e.g. 'review-2023'.")
    assert errors_of(tmp_path, report) == [
        "data/2024/report.yaml:6:9: error: Expected an id of lowercase ASCII letters, digits and single hyphens, "
        "at most 64 characters, but received: '../review' [bad-id]\n" + hint,
        "data/2024/report.yaml:11:13: error: Expected an id of lowercase ASCII letters, digits and single hyphens, "
        "at most 64 characters, but received: 'First Paragraph' [bad-id]\n" + hint,
    ]


def test_wrong_types_are_named_with_what_was_received(tmp_path):
    report = MINIMAL.replace("year: 2024", "year: twenty").replace("en: The first paragraph.", "en: 2024")
    assert errors_of(tmp_path, report) == [
        "data/2024/report.yaml:1:7: error: Expected a whole number but received: 'twenty' [wrong-type]\n"
        "  hint: Write the number without quotes, e.g. `year: 2024`.",
        "data/2024/report.yaml:13:13: error: Expected text but received: 2024 (a number) [wrong-type]\n"
        "  hint: Put the value in quotes if YAML reads it as a number, date or boolean.",
    ]


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    report = MINIMAL.replace("  zh: 报告\n", "  zh: 报告\n   bad: [\n")
    assert errors_of(tmp_path, report) == [
        "data/2024/report.yaml:4:7: error: YAML syntax error: mapping values are not allowed here [yaml-syntax]\n"
        "  hint: Check the indentation and quoting on this line and the one before it.",
    ]


def test_duplicate_ids_point_at_both_places(tmp_path):
    report = MINIMAL + "      - id: first\n        zh: 重复。\n        en: Again.\n"
    assert errors_of(tmp_path, report) == [
        "data/2024/report.yaml:14:13: error: Duplicate id 'first' (first used on line 11) [duplicate-id]\n"
        "  hint: Every part, section and paragraph of a report needs its own id: rename this one.",
    ]


def test_reserved_ids_are_refused(tmp_path):
    report = MINIMAL.replace("id: first", "id: contents")
    assert errors_of(tmp_path, report) == [
        "data/2024/report.yaml:11:13: error: The id 'contents' is reserved for the site's own use [reserved-id]\n"
        "  hint: Choose another id; these are taken: about-source, contents, data, figures, index, key-figures, top.",
    ]


def test_bad_report_folder_name(tmp_path):
    assert errors_of(tmp_path, MINIMAL, folder="en") == [
        "data/en/report.yaml:1:1: error: Expected a report folder named like '2024' (lowercase ASCII letters, "
        "digits and hyphens, not 404, assets, en, glossary, javascripts, pagefind, search, sitemap, stylesheets, zh) "
        "but received: 'en' [bad-folder]\n"
        "  hint: The folder name is the report's URL path: rename the folder.",
    ]


def test_masks_must_match_between_languages(tmp_path):
    report = MINIMAL.replace("zh: 第一段。", "zh: 贯彻XXX精神。")
    assert errors_of(tmp_path, report) == [
        "data/2024/report.yaml:12:13: note: 'first' contains 1 masked word(s) (XXX): the text is incomplete here [masked-text]\n"
        "  hint: The source withholds these words; keep the masks unless the full text is published.",
        "data/2024/report.yaml:13:13: error: 'first' has masked words ['XXX'] in Chinese but [] in English [mask-mismatch]\n"
        "  hint: Keep each mask (XXX) of the source exactly as it is, in both languages.",
    ]


def test_text_end_marker_only_on_the_last_paragraph(tmp_path):
    report = MINIMAL.replace("      - id: first\n", "      - id: first\n        text_ends_here: true\n") + (
        "      - id: second\n        zh: 第二段。\n        en: Second.\n")
    assert errors_of(tmp_path, report) == [
        "data/2024/report.yaml:12:25: error: Paragraph 'first' is marked as where the text ends, but paragraphs "
        "follow it [text-ends-early]\n"
        "  hint: Only the last paragraph of a report can be marked `text_ends_here: true`.",
    ]


def test_untranslated_text_is_a_warning_not_a_silent_drop(tmp_path):
    project = checked_project(write_project(tmp_path, MINIMAL.replace("        en: The first paragraph.\n", "")))
    assert [f.format() for f in project.findings] == [
        "data/2024/report.yaml:11:9: warning: 'first' has no English translation [untranslated]\n"
        "  hint: Add `en:` below `zh:`; until then the English site shows the Chinese text, marked as not yet translated.",
    ]


def test_key_figure_must_be_stated_in_its_paragraph(tmp_path):
    report = MINIMAL.replace("parts:\n", (
        "key_figures:\n"
        "  - label: {zh: 地区生产总值, en: GDP}\n"
        "    value: {zh: 180.42亿元, en: 18.042 billion yuan}\n"
        "    paragraph: first\n"
        "  - label: {zh: 别的, en: Other}\n"
        "    value: {zh: 1个, en: one}\n"
        "    paragraph: nowhere\n"
        "parts:\n"))
    assert errors_of(tmp_path, report) == [
        "data/2024/report.yaml:7:17: error: Key figure '180.42亿元' does not appear in the zh text of paragraph "
        "'first' [figure-not-in-paragraph]\n"
        "  hint: Write the figure exactly as the paragraph states it, or point to the right paragraph.",
        "data/2024/report.yaml:7:31: error: Key figure '18.042 billion yuan' does not appear in the en text of "
        "paragraph 'first' [figure-not-in-paragraph]\n"
        "  hint: Write the figure exactly as the paragraph states it, or point to the right paragraph.",
        "data/2024/report.yaml:11:16: error: Key figure '别的' points to paragraph 'nowhere', which does not exist "
        "[unknown-paragraph]\n"
        "  hint: Use the id of the paragraph that states this figure.",
    ]


def test_every_problem_of_every_file_at_once(tmp_path):
    write_project(tmp_path, MINIMAL.replace("year: 2024", "year: x"), folder="2024")
    write_project(tmp_path, MINIMAL.replace("id: first", "id: Bad"), folder="2025")
    with pytest.raises(DataError) as caught:
        checked_project(tmp_path)
    assert [(f.path, f.code) for f in caught.value.findings] == [
        ("data/2024/report.yaml", "wrong-type"),
        ("data/2025/report.yaml", "bad-id"),
    ]
