"""The link registry, redirects, citation numbers, announcement links and sharing meta.

Real `gaobu` commands and real MkDocs builds on private copies of the project.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, edit_file
from gaobu_build.cli import main as gaobu
from gaobu_build.checks.project import checked_project
from gaobu_build.source.numbering import number_report
from gaobu_build.plugin import build_site

REGISTRY = "data/links.yaml"


def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def edit(project: Path, path: str, old: str, new: str, count: int = 1) -> None:
    edit_file(project, path, old, new, count, exactly=False)


def rename_section(project: Path) -> None:
    """`manufacturing` (published, in the registry) becomes `industry` in the data."""
    edit(project, "data/2024/report.yaml", "      - id: manufacturing\n", "      - id: industry\n")


def declare(project: Path, redirects: str) -> None:
    edit(project, REGISTRY, "    redirects: {}\n", "    redirects:\n" + redirects)


def check(project: Path, capsys) -> tuple[int, str]:
    """`gaobu check`'s exit code and its errors with their hints.

    Warnings (e.g. a renamed title to confirm), notes, the coverage table and the counts are
    left out: test_quality.py asserts those.
    """
    code = gaobu(["-f", str(project / "mkdocs.yml"), "check"])
    kept, keep = [], False
    for line in capsys.readouterr().out.splitlines():
        if line.startswith("data/"):
            keep = ": error: " in line
        elif not line.startswith("  hint: "):
            keep = False
        if keep:
            kept.append(line + "\n")
    return code, "".join(kept)


# --- numbering -----------------------------------------------------------------------

def test_citation_numbers_follow_the_structure():
    numbers = number_report(checked_project(ROOT).reports[0].report)
    cited = {ident: n.citation for ident, n in numbers.items()}
    assert [cited[i] for i in ("salutation", "opening", "review-2023", "review-overview", "manufacturing",
                               "manufacturing-lead", "innovation", "urban-rural", "urban-rural-lead", "culture-sports")] == [
        "¶ 0.1", "¶ 0.2", "§ 1", "¶ 1.1", "§ 1.1", "¶ 1.2", "¶ 1.5", "§ 1.2", "¶ 1.6", "¶ 1.14"]


def test_both_languages_show_the_same_numbers_at_the_same_ids(built_site):
    permalink = re.compile(r'<p class="gaobu-p[^"]*" id="([a-z0-9-]+)"[^>]*><a aria-label="([^"]+)" class="gaobu-permalink"[^>]*>([0-9.]+)</a>')
    heading = re.compile(r'<h([12]) id="([a-z0-9-]+)"[^>]*>.*?<a aria-label="([^"]+)" class="headerlink gaobu-share"[^>]*>(§ [0-9.]+)</a>')
    zh = (built_site / "2024/review-2023/index.html").read_text(encoding="utf-8")
    en = (built_site / "en/2024/review-2023/index.html").read_text(encoding="utf-8")
    zh_p, en_p = permalink.findall(zh), permalink.findall(en)
    assert len(zh_p) == 14 and [(i, n) for i, _, n in zh_p] == [(i, n) for i, _, n in en_p]
    assert ("innovation", "1.5：分享本段", "1.5") in zh_p and ("innovation", "1.5: share this paragraph", "1.5") in en_p
    zh_h, en_h = heading.findall(zh), heading.findall(en)
    assert zh.count('class="headerlink gaobu-share"') == en.count('class="headerlink gaobu-share"') == 4  # one per heading
    assert [(i, n) for _, i, _, n in zh_h] == [(i, n) for _, i, _, n in en_h] == [
        ("review-2023", "§ 1"), ("manufacturing", "§ 1.1"), ("urban-rural", "§ 1.2"), ("wellbeing", "§ 1.3")]
    assert zh_h[1][2] == "§ 1.1：分享本节" and en_h[1][2] == "§ 1.1: share this section"
    # Each number's name starts with the number it shows (WCAG 2.5.3, label in name).
    assert all(name.startswith(n) for _, name, n in zh_p + en_p) and all(name.startswith(n) for *_, name, n in zh_h + en_h)
    cover = (built_site / "2024/index.html").read_text(encoding="utf-8")
    # The site's own headings are named too (no number: they are not the report's).
    assert '<h2 id="contents">目录<a aria-label="复制本节的链接" class="headerlink" href="#contents" title="复制本节的链接">&para;</a></h2>' in cover
    assert re.search(r'id="opening"><a [^>]*class="gaobu-permalink"[^>]*>0\.2</a>', cover)


# --- the registry ------------------------------------------------------------------------

def test_the_committed_registry_lists_everything_the_data_publishes(tmp_path, capsys):
    project = project_copy(tmp_path)
    before = (project / REGISTRY).read_bytes()
    assert gaobu(["-f", str(project / "mkdocs.yml"), "links", "--update-registry"]) == 0
    assert capsys.readouterr().out == "data/links.yaml is up to date\n"
    assert (project / REGISTRY).read_bytes() == before
    text = before.decode("utf-8")
    for ident in ("salutation", "review-2023", "manufacturing", "innovation", "culture-sports"):
        assert text.count(f"- {ident}\n") == 2, ident  # once per language
    assert text.endswith("\npages:\n  zh:\n    - about\n    - glossary\n  en:\n    - about\n    - glossary\n")
    assert text.count("        figures:\n          - gdp\n") == 2  # the figures page and its indicators


def test_a_renamed_section_fails_the_check_until_a_redirect_is_declared(tmp_path, capsys):
    project = project_copy(tmp_path)
    rename_section(project)
    code, out = check(project, capsys)
    assert code == 1
    line = next(i for i, text in enumerate((project / REGISTRY).read_text().splitlines(), 1) if text == "          - manufacturing")
    lost = (
        f"data/links.yaml:{line}:13: error: Published link /2024/review-2023/#manufacturing "
        "(also /en/2024/review-2023/#manufacturing) is lost: 'manufacturing' is no longer an id in "
        "data/2024/report.yaml and has no redirect [lost-link]\n"
        "  hint: Restore the id 'manufacturing', or say where it went: add `manufacturing: NEW-ID` under "
        "`redirects:` of report '2024' in data/links.yaml.\n")
    assert lost in out
    assert [l for l in out.splitlines() if ": error: " in l] == [lost.splitlines()[0]]
    # The build fails the same way, naming the lost URL, and leaves no site behind.
    assert gaobu(["-f", str(project / "mkdocs.yml"), "build", "-q"]) == 1
    err = capsys.readouterr().err
    assert "Published link /2024/review-2023/#manufacturing (also /en/2024/review-2023/#manufacturing) is lost" in err
    assert not (project / "site").exists()

    declare(project, "      manufacturing: industry\n")
    code, out = check(project, capsys)
    assert code == 0 and ": error: " not in out, out


def test_a_removed_part_needs_a_redirect_for_its_page_and_each_anchor(tmp_path, capsys):
    project = project_copy(tmp_path)
    edit(project, REGISTRY, "        review-2023:\n", "        plans-2024:\n          - plans-2024\n          - plan-priorities\n        review-2023:\n", count=2)
    code, out = check(project, capsys)
    assert code == 1
    assert [l for l in out.splitlines() if "error:" in l] == [
        "data/links.yaml:15:9: error: Published link /2024/plans-2024/ (also /en/2024/plans-2024/) is lost: "
        "'plans-2024' is no longer an id in data/2024/report.yaml and has no redirect [lost-link]",
        "data/links.yaml:17:13: error: Published link /2024/plans-2024/#plan-priorities (also /en/2024/plans-2024/#plan-priorities) "
        "is lost: 'plan-priorities' is no longer an id in data/2024/report.yaml and has no redirect [lost-link]",
    ]  # where the zh entries are
    declare(project, "      plans-2024: review-2023\n      plan-priorities: wellbeing\n")
    assert check(project, capsys) == (0, "")


def test_redirects_must_lead_somewhere_and_only_for_ids_that_are_gone(tmp_path, capsys):
    project = project_copy(tmp_path)
    rename_section(project)
    declare(project, "      manufacturing: industri\n      innovation: economic-performance\n")
    code, out = check(project, capsys)
    assert code == 1
    assert out == (
        "data/links.yaml:10:22: error: The redirect 'manufacturing' → 'industri' leads nowhere: 'industri' is not "
        "an id in data/2024/report.yaml [redirect-leads-nowhere]\n"
        "  hint: Write the id of the part, section or paragraph that replaced 'manufacturing'.\n"
        "data/links.yaml:11:7: error: 'innovation' is redirected to 'economic-performance' but is still an id in "
        "data/2024/report.yaml [redirect-of-live-id]\n"
        "  hint: A redirect is for an id that is gone: remove this line, or rename the id.\n"
        "data/links.yaml:20:13: error: Published link /2024/review-2023/#manufacturing (also /en/2024/review-2023/#manufacturing) "
        "is lost: 'manufacturing' is no longer an id in data/2024/report.yaml and has no redirect [lost-link]\n"
        "  hint: Restore the id 'manufacturing', or say where it went: add `manufacturing: NEW-ID` under "
        "`redirects:` of report '2024' in data/links.yaml.\n"
        )


@pytest.mark.parametrize("text, expected", [
    ("reports: [2024]\n",
     "data/links.yaml:1:10: error: Expected a mapping but received: a list [wrong-type]\n"
     "  hint: Write `key: value` lines, indented below.\n"),
    ("reports:\n  2024:\n    published: {}\n",
     "data/links.yaml:2:3: error: Expected text but received: 2024 (a number) [wrong-type]\n"
     "  hint: Put the value in quotes if YAML reads it as a number, date or boolean.\n"),
    ("reports:\n  '2024':\n    redirect: {a: b}\n",
     "data/links.yaml:3:5: error: Unknown field 'redirect' (did you mean 'redirects'?) [unknown-field]\n"
     "  hint: Expected one of: redirects, published.\n"),
    ("reports:\n  '2024':\n    published:\n      zh:\n        review-2023: [Innovation]\n",
     "data/links.yaml:5:23: error: Expected an id of lowercase ASCII letters, digits and single hyphens, at most 64 characters, "
     "but received: 'Innovation' [bad-id]\n"
     "  hint: Ids are part of published URLs and never change: use lowercase ASCII words joined by hyphens, e.g. 'review-2023'.\n"),
    ("reports: {\n",
     "data/links.yaml:2:1: error: YAML syntax error: expected the node content, but found '<stream end>' [yaml-syntax]\n"
     "  hint: Check the indentation and quoting on this line and the one before it.\n"),
])
def test_a_broken_registry_is_reported_where_it_is_broken(tmp_path, capsys, text, expected):
    project = project_copy(tmp_path)
    (project / REGISTRY).write_text(text, encoding="utf-8")
    code, out = check(project, capsys)
    assert (code, out) == (1, expected)


def test_update_registry_records_a_new_paragraph_in_both_languages(tmp_path, capsys):
    project = project_copy(tmp_path)
    edit(project, "data/2024/report.yaml", "          - id: innovation\n",
         "          - id: talent\n            zh: 四是人才。\n            en: Fourth, talent.\n          - id: innovation\n")
    assert gaobu(["-f", str(project / "mkdocs.yml"), "links", "--update-registry"]) == 0
    assert capsys.readouterr().out == "data/links.yaml: recorded 2 new page(s) and anchor(s)\n"
    assert (project / REGISTRY).read_text(encoding="utf-8").count("- talent\n") == 2
    # Once recorded, removing it again is a lost link.
    edit(project, "data/2024/report.yaml", "          - id: talent\n", "          - id: talents\n")
    code, out = check(project, capsys)
    assert code == 1 and "Published link /2024/review-2023/#talent (also /en/2024/review-2023/#talent) is lost" in out


def test_a_project_without_a_registry_builds(tmp_path, capsys):
    """A brand-new site has published nothing yet."""
    project = project_copy(tmp_path)
    (project / REGISTRY).unlink()
    assert check(project, capsys) == (0, "")


# --- gaobu links ------------------------------------------------------------------------------

BASE = "https://example.org/gaobu/"


def test_links_prints_every_part_section_and_paragraph_in_both_languages(capsys, monkeypatch):
    assert gaobu(["links", "--base-url", BASE]) == 0
    lines = capsys.readouterr().out.splitlines()
    report = checked_project(ROOT).reports[0].report
    assert len(lines) == 2 + len(number_report(report))
    assert lines[0] == (f"## [2024年高埗镇政府工作报告]({BASE}2024/) · "  # the report heads its links
                        f"[Report on the Work of the Government of Gaobu Town (2024)]({BASE}en/2024/)")
    assert lines[1] == ""
    assert lines[2] == f"- ¶ 0.1 [各位代表、同志们：]({BASE}2024/#salutation) · [Fellow Deputies and comrades:]({BASE}en/2024/#salutation)"
    assert f"- § 1.1 [稳经济、促转型，制造业根基不断筑牢]({BASE}2024/review-2023/#manufacturing) · " in lines[6]
    assert lines[8] == (f"- ¶ 1.3 [一是经济运行稳中有进。]({BASE}2024/review-2023/#economic-performance) · "
                        f"[First, the economy made steady progress.]({BASE}en/2024/review-2023/#economic-performance)")

    assert gaobu(["links", "--base-url", "https://example.org/gaobu", "--lang", "en", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["report", "kind", "citation", "id", "lang", "title", "url"]
    assert rows[4] == ["2024", "part", "§ 1", "review-2023", "en", "Review of the Work in 2023", f"{BASE}en/2024/review-2023/"]
    assert {row[4] for row in rows[1:]} == {"en"}

    monkeypatch.setenv("GAOBU_SITE_URL", "https://gov.example.cn/")  # site_url of mkdocs.yml
    assert gaobu(["links", "--format", "json", "--lang", "zh"]) == 0
    items = json.loads(capsys.readouterr().out)
    innovation = next(item for item in items if item["id"] == "innovation")
    assert innovation == {"report": "2024", "kind": "paragraph", "citation": "¶ 1.5", "id": "innovation",
                          "title": {"zh": "三是创新能力逐步提升。"},
                          "url": {"zh": "https://gov.example.cn/2024/review-2023/#innovation"}}


def test_links_needs_a_base_url(capsys, monkeypatch):
    monkeypatch.delenv("GAOBU_SITE_URL", raising=False)
    assert gaobu(["links"]) == 2
    assert capsys.readouterr().err == (
        "gaobu links: error: no base URL: set site_url in mkdocs.yml (or GAOBU_SITE_URL), or pass --base-url URL\n")
    assert gaobu(["links", "--base-url", "example.org"]) == 2
    assert capsys.readouterr().err == "gaobu links: error: Expected an absolute http(s) URL as the base but received: 'example.org'\n"


# --- what a build makes of it ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def moved_site(tmp_path_factory) -> Path:
    """A sub-path build where a section was renamed and a whole published page merged into another."""
    project = copy_project(tmp_path_factory.mktemp("moved"))
    rename_section(project)
    edit(project, REGISTRY, "        review-2023:\n", "        plans-2024:\n          - plans-2024\n          - plan-priorities\n        review-2023:\n", count=2)
    declare(project, "      manufacturing: industry\n      plans-2024: review-2023\n      plan-priorities: wellbeing\n")
    # Markup-like text in the first sentence of the part: the descriptions must escape it.
    edit(project, "data/2024/report.yaml", "en: The year 2023 was the first year", 'en: The "<b>year</b>" & 2023 was the first year')
    edit(project, "mkdocs.yml", 'site_url: !ENV [GAOBU_SITE_URL, ""]', "site_url: https://example.org/gaobu/")
    build_site(str(project / "mkdocs.yml"))
    return project / "site"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_a_page_that_is_gone_redirects_with_canonical_and_refresh(moved_site, prefix):
    page = (moved_site / prefix / "2024/plans-2024/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{BASE}{prefix}2024/review-2023/">' in page
    assert '<meta http-equiv="refresh" content="0; url=../review-2023/">' in page
    assert 'var moves = {"plan-priorities": "../review-2023/#wellbeing"};' in page
    assert '<meta name="robots" content="noindex">' in page


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_an_anchor_that_is_gone_is_moved_by_the_page(moved_site, prefix):
    page = (moved_site / prefix / "2024/review-2023/index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="gaobu-links">(.*?)</script>', page).group(1))
    assert data["moves"] == {"manufacturing": "#industry"}
    assert data["url"] == f"{BASE}{prefix}2024/review-2023/"


@pytest.mark.parametrize("prefix, locale, alternate", [("", "zh_CN", "en_US"), ("en/", "en_US", "zh_CN")])
def test_pages_carry_open_graph_and_twitter_meta(moved_site, prefix, locale, alternate):
    page = (moved_site / prefix / "2024/review-2023/index.html").read_text(encoding="utf-8")
    meta = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z:_]+)" content="([^"]*)">', page))
    assert meta["og:locale"] == locale and meta["og:locale:alternate"] == alternate
    assert meta["og:url"] == f"{BASE}{prefix}2024/review-2023/"
    assert f'<link rel="canonical" href="{BASE}{prefix}2024/review-2023/">' in page
    assert meta["twitter:card"] == "summary" and meta["og:type"] == "article"
    if prefix:
        assert meta["og:title"] == meta["twitter:title"] == "Review of the Work in 2023"
        # The first sentence, escaped: the editor's markup is text.
        assert meta["og:description"] == (
            "The &quot;&lt;b&gt;year&lt;/b&gt;&quot; &amp; 2023 was the first year of fully implementing the guiding "
            "principles of the Party&#x27;s XXX, and a year of economic recovery and development af…")
        assert html.unescape(meta["og:description"]).startswith('The "<b>year</b>" & 2023')
    else:
        assert meta["og:title"] == "2023年工作回顾"
        assert meta["og:description"] == meta["twitter:description"] == "2023年是全面贯彻党的XXX精神的开局之年，是三年新冠疫情防控转段后经济恢复发展的一年。"


def test_one_sitemap_lists_both_languages_with_alternates_and_no_dates(moved_site):
    assert not (moved_site / "en" / "sitemap.xml").exists() and not (moved_site / "sitemap.xml.gz").exists()
    sitemap = (moved_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "lastmod" not in sitemap and "plans-2024" not in sitemap
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    pages = ("", "2024/", "2024/review-2023/", "2024/figures/", "2024/parallel/", "2024/print/", "glossary/", "about/")
    assert sorted(locs) == sorted(BASE + prefix + p for p in pages for prefix in ("", "en/"))
    assert locs.index(BASE + "2024/") + 1 == locs.index(BASE + "en/2024/")  # each page, then its English
    assert (f'  <url>\n    <loc>{BASE}en/2024/review-2023/</loc>\n'
            f'    <xhtml:link rel="alternate" hreflang="zh-Hans" href="{BASE}2024/review-2023/"/>\n'
            f'    <xhtml:link rel="alternate" hreflang="en" href="{BASE}en/2024/review-2023/"/>\n'
            f'    <xhtml:link rel="alternate" hreflang="x-default" href="{BASE}2024/review-2023/"/>\n  </url>\n') in sitemap


def test_a_sub_path_build_with_redirects_is_byte_deterministic(moved_site, tmp_path):
    again = tmp_path / "again"
    build_site(str(moved_site.parent / "mkdocs.yml"), site_dir=str(again))
    first = {p.relative_to(moved_site): p.read_bytes() for p in moved_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_mkdocs_gh_deploy_publishes_the_whole_site_under_a_sub_path(tmp_path):
    project = project_copy(tmp_path)
    remote = tmp_path / "remote.git"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GAOBU_SITE_URL": "https://org.github.io/repo/",
           "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.org"}

    def git(*args, cwd=project):
        return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout

    git("init", "-q", "--bare", str(remote), cwd=tmp_path)
    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "the site")
    git("remote", "add", "origin", str(remote))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "gh-deploy", "--force"], cwd=project, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    published = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split())
    assert {"index.html", "en/index.html", "2024/review-2023/index.html", "en/2024/review-2023/index.html", "404.html",
            "en/404.html", "sitemap.xml", "pagefind/pagefind-entry.json", ".nojekyll"} <= published
    assert not any(name.startswith(".site") for name in published)
    sitemap = git("show", "gh-pages:sitemap.xml", cwd=remote)
    assert "<loc>https://org.github.io/repo/en/2024/review-2023/</loc>" in sitemap
    page = git("show", "gh-pages:en/2024/review-2023/index.html", cwd=remote)
    assert 'bundle-path="/repo/pagefind/"' in page and '<link rel="canonical" href="https://org.github.io/repo/en/2024/review-2023/">' in page
    # Chinese pages search through the site's own module, which loads Pagefind from the same sub-path.
    assert 'bundle-path="/repo/assets/search/"' in git("show", "gh-pages:2024/review-2023/index.html", cwd=remote)
    assert "assets/search/pagefind.js" in published


def test_an_id_moved_to_another_page_needs_no_redirect_and_is_forwarded(tmp_path, capsys):
    from gaobu_build.site.redirects import plan

    project = project_copy(tmp_path)
    report = project / "data/2024/report.yaml"
    text = report.read_text(encoding="utf-8")
    moved = re.search(r"      - id: review-overview\n        zh: .*\n        en: .*\n", text).group(0)
    text = text.replace(moved, "").replace("    paragraphs:\n    sections:", "    sections:")
    report.write_text(text.replace("\nparts:\n", "\n" + moved.replace("      - id", "  - id").replace("        zh", "    zh").replace("        en", "    en") + "\nparts:\n"), encoding="utf-8")
    assert check(project, capsys) == (0, "")
    loaded = checked_project(project)
    for lang in ("zh", "en"):
        result = plan(loaded, loaded.registry.model, lang)
        assert result.pages == []
        assert result.moves == {"2024/review-2023/": {"review-overview": "../#review-overview"}}


def test_update_registry_keeps_the_editors_comments(tmp_path, capsys):
    project = project_copy(tmp_path)
    rename_section(project)
    declare(project, "      # 2025: the section was renamed with its new title\n      manufacturing: industry\n")
    assert gaobu(["-f", str(project / "mkdocs.yml"), "links", "--update-registry"]) == 0
    assert capsys.readouterr().out == "data/links.yaml: recorded 2 new page(s) and anchor(s)\n"
    text = (project / REGISTRY).read_text(encoding="utf-8")
    assert "    redirects:\n      # 2025: the section was renamed with its new title\n      manufacturing: industry\n" in text
    assert text.count("- industry\n") == 2 and text.count("- manufacturing\n") == 2
