"""The site's identity is data (data/site.yaml), never code: validated like every data file, shown in
each page's language, its colours checked for contrast; and the package names no place at all."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, edit_file
from gaobu_build.checks.site import contrast_ratio
from gaobu_build.cli import main as gaobu
from gaobu_build.plugin import build_site
from gaobu_build.site.theme import THEME_DIR

PACKAGE = ROOT / "gaobu_build"
# The Gaobu site's words: its place, its city and province (also as abbreviations and codes). The
# package may say `gaobu` (the command, the plugin, its CSS classes, GAOBU_ variables: the tool's
# name), but never the place: capitalised as a word, in Chinese, or as the area's codes.
PLACE_WORDS = re.compile(r"高埗|东莞|莞|广东|粤|\bGaobu\b|Dongguan|Guangdong|Kwangtung|\b0769\b|\b4419\d*")
# Named after the tool, like the command: the charts' own font, which no reader sees named.
TOOL_NAMES = ("Gaobu Chart Sans",)

SITE = "data/site.yaml"
MKDOCS = Path(sys.executable).parent / "mkdocs"
ALL_FIELDS = """\
contact:
  address:
    zh: 某镇某路1号
    en: 1 Some Road, Some Town
  phone: 0123-12345678
  email: office@example.gov.cn
icp_filing: 某ICP备12345678号-1
public_security_filing: 某公网安备 12345678901234号
site_code: "1234567890"
"""


def quick(root: Path) -> Path:
    """No PDFs, no search index: these tests look at the pages alone."""
    edit_file(root, "mkdocs.yml", "  - gaobu\n", "  - gaobu:\n      search: false\n      pdf: false\n")
    return root


def check_lines(root: Path, capsys) -> tuple[int, list[str]]:
    """`gaobu check`'s exit code and its findings about data/site.yaml, each with its hint."""
    code = gaobu(["-f", str(root / "mkdocs.yml"), "check"])
    lines, keep = [], False
    for line in capsys.readouterr().out.splitlines():
        keep = line.startswith(SITE) or (keep and line.startswith("  hint:"))
        if keep:
            lines.append(line)
    return code, lines


def footer(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return re.search(r'<ul class="gaobu-footer__items".*?</ul>', text, re.S).group(0)


def test_no_place_name_in_the_package():
    found = []
    for path in sorted(PACKAGE.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # a binary file (the charts' font): no code, no template
        for number, line in enumerate(text.splitlines(), 1):
            for name in TOOL_NAMES:
                line = line.replace(name, "")
            if PLACE_WORDS.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_the_place_name_check_finds_place_names():
    # The pattern that guards the package, against what it must catch and what it must let through.
    for text in ("高埗镇", "东莞市", "粤ICP备", "Gaobu Town", "Dongguan", "tel. 0769-1234", "code 4419000001"):
        assert PLACE_WORDS.search(text), text
    for text in ("gaobu build", "GaobuPlugin", "GAOBU_SITE_URL", ".gaobu-footer", "某ICP备12345678号"):
        assert not PLACE_WORDS.search(text), text


def test_the_theme_ships_inside_the_package():
    assert {p.relative_to(THEME_DIR).as_posix() for p in THEME_DIR.rglob("*") if p.is_file()} >= {
        "main.html", "404.html", "partials/alternate.html", "partials/copyright.html", "assets/gaobu.css", "assets/gaobu.js"}
    assert not (ROOT / "overrides").exists()


def test_a_missing_site_file_is_an_error_naming_it(tmp_path, capsys):
    root = copy_project(tmp_path / "p")
    (root / SITE).unlink()
    code, lines = check_lines(root, capsys)
    assert code == 1
    assert lines == [
        "data/site.yaml:1:1: error: Missing data/site.yaml: expected the site's name in each language there [no-site-file]",
        "  hint: Write it as data/README.md shows (`name:` with `zh:` and `en:`), or start a new site with `gaobu new`.",
    ]


def test_site_file_errors_name_file_line_and_column(tmp_path, capsys):
    root = copy_project(tmp_path / "p")
    edit_file(root, SITE, "  en: Gaobu Town Government Work Report\n", "")
    edit_file(root, SITE, 'primary: "#c62828"', "primary: '#c6282'")
    edit_file(root, SITE, "short_name: gaobu", "short_name: gaobu\nicp_filing: ICP 12345\nsite_code: 12345\nemail: x@y.cn")
    code, lines = check_lines(root, capsys)
    assert code == 1
    assert lines == [
        "data/site.yaml:5:3: error: Missing required field 'en' [missing-field]",
        "  hint: Add `en:` here; this entry takes: zh, en.",
        "data/site.yaml:20:12: error: Expected a colour written as #rrggbb (six hexadecimal digits) but received: '#c6282' [bad-colour]",
        '  hint: Write the colour as # and six hexadecimal digits, e.g. "#c62828" (in quotes: YAML reads # as a comment).',
        "data/site.yaml:24:13: error: Expected an ICP filing number such as 某ICP备12345678号-1 but received: 'ICP 12345' [bad-filing-number]",
        "  hint: Copy the ICP filing number exactly as the filing system issued it, or remove the field until there is one.",
        "data/site.yaml:25:12: error: Expected text but received: 12345 (a number) [wrong-type]",
        "  hint: Put the value in quotes if YAML reads it as a number, date or boolean.",
        "data/site.yaml:26:1: error: Unknown field 'email' [unknown-field]",
        "  hint: Expected one of: name, home_title, intro, publisher, contact, icp_filing, public_security_filing, "
        "site_code, palette, short_name.",
    ]


def test_a_colour_below_wcag_aa_fails_the_check_and_the_build(tmp_path, capsys):
    root = quick(copy_project(tmp_path / "p"))
    edit_file(root, SITE, 'accent: "#b71c1c"', 'accent: "#ef5552"')  # Material's own "red": 3.44:1 on white
    code, lines = check_lines(root, capsys)
    assert code == 1
    assert lines == [
        "data/site.yaml:22:11: error: Expected the accent colour to have a contrast of at least 4.5:1 against white (WCAG AA) "
        "but received: #ef5552, 3.44:1 [low-contrast]",
        "  hint: The site shows links and buttons in it on the white page, under the pointer or focus: "
        "choose a darker colour, e.g. #c62828 (5.62:1) or #1565c0 (5.74:1).",
    ]
    build = subprocess.run([str(MKDOCS), "build", "-f", str(root / "mkdocs.yml")], capture_output=True, text=True,
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert build.returncode == 1
    assert "data/site.yaml:22:11: error: Expected the accent colour to have a contrast" in build.stderr
    assert not (root / "site").exists()


def test_contrast_is_computed_as_wcag_defines_it():
    assert round(contrast_ratio("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast_ratio("#767676", "#ffffff"), 2) == 4.54  # the lightest grey that passes AA on white
    assert contrast_ratio("#777777", "#ffffff") < 4.5


def test_the_footer_shows_each_field_in_the_language_of_the_page(tmp_path):
    root = quick(copy_project(tmp_path / "p"))
    edit_file(root, SITE, "short_name: gaobu\n", "short_name: gaobu\n" + ALL_FIELDS)
    build_site(str(root / "mkdocs.yml"))
    site = root / "site"
    assert footer(site / "2024" / "index.html") == (
        '<ul class="gaobu-footer__items" aria-label="网站信息">\n'
        '      <li class="gaobu-footer__publisher">主办单位：东莞市高埗镇人民政府</li>\n'
        '      <li class="gaobu-footer__site_code">网站标识码：1234567890</li>\n'
        '      <li class="gaobu-footer__icp_filing">ICP备案号：<a href="https://beian.miit.gov.cn/" rel="noopener">某ICP备12345678号-1</a></li>\n'
        '      <li class="gaobu-footer__public_security_filing">公安机关备案号：<a href="https://www.beian.gov.cn/portal/registerSystemInfo?recordcode=12345678901234" rel="noopener">某公网安备 12345678901234号</a></li>\n'
        '      <li class="gaobu-footer__address">地址：某镇某路1号</li>\n'
        '      <li class="gaobu-footer__phone">电话：<a href="tel:012312345678">0123-12345678</a></li>\n'
        '      <li class="gaobu-footer__email">电子邮箱：<a href="mailto:office@example.gov.cn">office@example.gov.cn</a></li>\n'
        '    </ul>')
    assert footer(site / "en" / "2024" / "index.html") == (
        '<ul class="gaobu-footer__items" aria-label="About this site">\n'
        '      <li class="gaobu-footer__publisher">Published by: Gaobu Town People&#39;s Government, Dongguan</li>\n'
        '      <li class="gaobu-footer__site_code">Website identifier: 1234567890</li>\n'
        '      <li class="gaobu-footer__icp_filing">ICP filing number: <a href="https://beian.miit.gov.cn/" rel="noopener" lang="zh-Hans">某ICP备12345678号-1</a></li>\n'
        '      <li class="gaobu-footer__public_security_filing">Public security filing number: <a href="https://www.beian.gov.cn/portal/registerSystemInfo?recordcode=12345678901234" rel="noopener" lang="zh-Hans">某公网安备 12345678901234号</a></li>\n'
        '      <li class="gaobu-footer__address">Address: 1 Some Road, Some Town</li>\n'
        '      <li class="gaobu-footer__phone">Telephone: <a href="tel:012312345678">0123-12345678</a></li>\n'
        '      <li class="gaobu-footer__email">E-mail: <a href="mailto:office@example.gov.cn">office@example.gov.cn</a></li>\n'
        '    </ul>')
    # Every page has it, the 404 pages too.
    for page in ("index.html", "404.html", "glossary/index.html", "en/404.html", "en/about/index.html"):
        assert "recordcode=12345678901234" in (site / page).read_text(encoding="utf-8"), page


def test_the_landed_site_shows_its_publisher_and_no_unset_field(built_site):
    for page, publisher in (("index.html", "主办单位：东莞市高埗镇人民政府"),
                            ("en/2024/review-2023/index.html", "Published by: Gaobu Town People&#39;s Government, Dongguan")):
        shown = footer(built_site / page)
        assert publisher in shown
        # No filing number was issued to this site yet (data/site.yaml leaves them unset): none is shown.
        assert shown.count("<li") == 1


def test_the_site_name_and_introduction_come_from_site_yaml(tmp_path):
    root = quick(copy_project(tmp_path / "p"))
    edit_file(root, SITE, "  zh: 高埗镇政府工作报告\n  en: Gaobu Town Government Work Report\n",
              "  zh: 某镇报告 <b>&amp;</b>\n  en: Some Town's \"Reports\" <script>alert(1)</script>\n")
    edit_file(root, SITE, "home_title:\n  zh: 高埗镇政府工作报告\n  en: Gaobu Town Government Work Reports\n", "")
    edit_file(root, SITE, "  zh: 东莞市高埗镇人民政府工作报告的中英双语版本。", "  zh: 本站简介 *不是强调* <i>x</i>。")
    build_site(str(root / "mkdocs.yml"))
    zh = (root / "site" / "index.html").read_text(encoding="utf-8")
    en = (root / "site" / "en" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert "<title>某镇报告 &lt;b&gt;&amp;amp;&lt;/b&gt;</title>" in zh
    assert '<h1 id="top">某镇报告 &lt;b&gt;&amp;amp;&lt;/b&gt;<a ' in zh
    assert 'aria-label="某镇报告 &lt;b&gt;&amp;amp;&lt;/b&gt;" data-md-component="logo"' in zh
    assert "<p>本站简介 *不是强调* &lt;i&gt;x&lt;/i&gt;。" in zh
    assert '<meta property="og:site_name" content="某镇报告 &lt;b&gt;&amp;amp;&lt;/b&gt;">' in zh
    assert "<title>Glossary - Some Town&#x27;s &quot;Reports&quot; &lt;script&gt;alert(1)&lt;/script&gt;</title>" in en
    assert "<script>alert" not in en and "<b>&amp;" not in zh
    assert "东莞市高埗镇人民政府工作报告的中英双语版本" not in zh and "Gaobu Town Government Work Report" not in en


def test_a_sites_own_overrides_still_win_over_the_packages_theme(tmp_path):
    root = quick(copy_project(tmp_path / "p"))
    edit_file(root, "mkdocs.yml", "  name: material ", "  custom_dir: overrides\n  name: material ")
    (root / "overrides" / "partials").mkdir(parents=True)
    (root / "overrides" / "partials" / "copyright.html").write_text('<div class="own-footer">本站自己的页脚</div>\n', encoding="utf-8")
    build_site(str(root / "mkdocs.yml"))
    page = (root / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert '<div class="own-footer">本站自己的页脚</div>' in page and 'class="gaobu-footer__items"' not in page
    # The rest of the package's theme is still there: its stylesheet (in the page) and the header's language switch.
    assert ".gaobu-footer__items {" in page and "data-gaobu-lang-switch" in page
