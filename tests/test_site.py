"""The whole site, built for real with MkDocs: both languages, every paragraph, no half-written output."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, shared_file
from gaobu_build.cli import main as gaobu
from gaobu_build.source.loader import read_project
from gaobu_build.plugin import Abort, build_site

SHARED = ROOT.parent / "shared"
PREVIEW = SHARED / "source" / "gaobu-2024-report-preview.txt"
_PARAGRAPH = re.compile(r'<p class="gaobu-p[^"]*" id="([a-z0-9-]+)"[^>]*>(.*?)</p>', re.S)
_SR = re.compile(r'<span class="gaobu-sr"[^>]*>.*?</span>')
_PERMALINK = re.compile(r'<a [^>]*class="gaobu-(?:permalink|pair-link)"[^>]*>.*?</a>')  # the margin: number and ⇄
_TAG = re.compile(r"<[^>]+>")


def paragraphs_of(page: Path) -> dict[str, str]:
    """Each paragraph's id and the text a reader sees."""
    found = {}
    for ident, inner in _PARAGRAPH.findall(page.read_text(encoding="utf-8")):
        found[ident] = html.unescape(_TAG.sub("", _SR.sub("", _PERMALINK.sub("", inner))))
    return found


def report():
    return read_project(ROOT).reports[0]


def test_both_languages_are_built_with_their_own_lang_404_and_search_index(built_site):
    for prefix, lang in (("", "zh-Hans"), ("en/", "en")):
        for page in ("index.html", "2024/index.html", "2024/review-2023/index.html", "about/index.html", "404.html"):
            text = (built_site / prefix / page).read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in text, prefix + page
    # Static hosts serve a 404 page at any address, so its links are rooted: English ones under /en/.
    en_404_links = re.findall(r'(?:href|src)="(/[^"]*)"', (built_site / "en" / "404.html").read_text(encoding="utf-8"))
    assert en_404_links and [link for link in en_404_links if not link.startswith(("/en/", "/pagefind/")) and link != "/"] == []
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text())
    assert set(entry["languages"]) == {"zh-hans", "en"}
    # Home, cover, part, figures, glossary, about: the parallel view and the print edition repeat the part and are not indexed.
    assert entry["languages"]["zh-hans"]["page_count"] == entry["languages"]["en"]["page_count"] == 6


def test_every_paragraph_is_on_its_page_at_the_same_id_in_both_languages(built_site):
    source = report()
    pages = {"": "2024/index.html", **{part.id: f"2024/{part.id}/index.html" for part in source.report.parts}}
    seen = {"zh": {}, "en": {}}
    for prefix, lang in (("", "zh"), ("en/", "en")):
        for page in pages.values():
            seen[lang].update(paragraphs_of(built_site / prefix / page))
    for paragraph, _ in source.report.all_paragraphs():
        assert seen["zh"][paragraph.id] == paragraph.zh
        assert seen["en"][paragraph.id] == paragraph.en
    assert seen["zh"].keys() == seen["en"].keys()


def _letters(text: str) -> str:
    return "".join(ch for ch in text if not (ch.isspace() or unicodedata.category(ch).startswith("P")))


def test_every_sentence_of_the_preview_is_in_the_data_in_order():
    """The report's text, as the preview shows it between its blurb and "展开>>", and nothing else."""
    body = shared_file(PREVIEW).read_text(encoding="utf-8").split("简介:", 1)[1].split("展开>>", 1)[0]
    r = report().report
    texts = [r.title.zh] + [p.zh for p in r.preamble]
    for part in r.parts:
        texts += [part.title.zh] + [p.zh for p in part.paragraphs]
        texts += [p.zh for section in part.sections for p in section.paragraphs]
    # Punctuation was restored (full-width, a lost full stop); the words are the preview's, in its order.
    assert _letters("".join(texts)) == _letters(body)
    assert r.parts[-1].sections[-1].paragraphs[-1].text_ends_here


def test_no_page_loads_anything_from_another_host(built_site):
    """Links to other sites are fine; nothing a page loads (styles, scripts, fonts, images) may come from one."""
    tag = re.compile(r'<(?:link|script|img|iframe|source)\b[^>]*\b(?:src|href)="(?:https?:)?//[^>]*>', re.I)
    # rel=alternate/canonical name the page's addresses (absolute once site_url is set); browsers load nothing.
    names_a_page = re.compile(r'\brel="(?:alternate|canonical)\b', re.I)
    for page in built_site.rglob("*.html"):
        loaded = [t for t in tag.findall(page.read_text(encoding="utf-8")) if not names_a_page.search(t)]
        assert loaded == [], page


def test_same_data_builds_the_same_bytes_in_separate_processes(tmp_path):
    """Two cold builds of an archive of two reports, each in its own process with its own hash seed, caches and
    project path, agree byte for byte (search index and PDFs included)."""
    from test_archive import add_report

    sites = []
    for seed in ("1", "2"):
        project = copy_project(tmp_path / ("one" if seed == "1" else "two/deeper") / "project")
        add_report(project)
        cache = tmp_path / f"cache-{seed}"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": seed, "MPLCONFIGDIR": str(cache / "mpl"),
               "XDG_CACHE_HOME": str(cache), "GAOBU_SITE_URL": "https://example.org/gaobu/"}
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, env=env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
        sites.append(_snapshot(project / "site"))
    first, second = sites
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert any(name.endswith(".pdf") for name in first) and "pagefind/pagefind-entry.json" in first


def _snapshot(site: Path) -> dict:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path, capsys):
    project = copy_project(tmp_path / "project")
    config = str(project / "mkdocs.yml")
    assert gaobu(["-f", config, "build", "-q"]) == 0
    before = _snapshot(project / "site")

    report_file = project / "data" / "2024" / "report.yaml"
    original = report_file.read_text(encoding="utf-8")
    report_file.write_text(original.replace("id: innovation", "id: Innovation"), encoding="utf-8")
    assert gaobu(["-f", config, "build", "-q"]) == 1
    err = capsys.readouterr().err
    assert "data/2024/report.yaml:" in err and "[bad-id]" in err
    assert "The site was not built; the previous site/ is unchanged." in err
    with pytest.raises(Abort):  # the same through MkDocs itself
        build_site(config)
    assert _snapshot(project / "site") == before

    # Untranslated text passes a normal build but fails a strict one, after MkDocs has written pages.
    report_file.write_text(re.sub(r"(\n *- id: innovation\n *zh: .*)\n *en: .*", r"\1", original, count=1), encoding="utf-8")
    with pytest.raises(Abort, match="strict mode"):
        build_site(config, strict=True)
    assert _snapshot(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_a_build_with_an_authority_c_source_fails_and_names_it(tmp_path, capsys):
    project = copy_project(tmp_path / "project")
    glossary = project / "data" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    assert text.count("    authority: C\n    leads:\n      - http://isslerlaw.com/") == 1
    glossary.write_text(text.replace("    authority: C\n    leads:\n      - http://isslerlaw.com/",
                                     "    authority: C\n    source: http://isslerlaw.com/"), encoding="utf-8")
    assert gaobu(["-f", str(project / "mkdocs.yml"), "build", "-q"]) == 1
    err = capsys.readouterr().err
    assert ("data/glossary.yaml:130:13: error: The source of 双百工程 has authority C (a repost or a weak source), "
            "but the glossary page would link it as the source of the rendering [uncitable-source]") in err.splitlines()
    assert not (project / "site").exists()


def test_mkdocs_build_at_the_root_builds_everything(tmp_path):
    project = copy_project(tmp_path / "project")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    for page in ("index.html", "en/index.html", "2024/review-2023/index.html", "en/2024/review-2023/index.html",
                 "pagefind/pagefind-entry.json"):
        assert (project / "site" / page).is_file(), page


def test_cli_check_render_and_usage(tmp_path, capsys):
    assert gaobu(["check"]) == 0
    assert capsys.readouterr().out.endswith("0 error(s), 0 warning(s), 1 note(s)\n")
    assert gaobu(["render", "--out", str(tmp_path / "md")]) == 0
    assert (tmp_path / "md" / "en" / "2024" / "review-2023.md").is_file()
    with pytest.raises(SystemExit) as usage:
        gaobu(["check", "--format", "xml"])
    assert usage.value.code == 2
    assert gaobu(["-f", str(tmp_path / "nope.yml"), "check"]) == 2
    assert capsys.readouterr().err.endswith(
        f"gaobu: error: no such file: {tmp_path / 'nope.yml'} (run gaobu in the site's folder, or pass -f PATH/mkdocs.yml)\n")


def test_glossary_terms_are_explained_in_the_built_pages(built_site):
    """The hover text reaches the HTML as a title on <abbr>, inside the paragraph, in both languages."""
    zh = (built_site / "2024/review-2023/index.html").read_text(encoding="utf-8")
    en = (built_site / "en/2024/review-2023/index.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="gaobu-p" id="economic-performance">[^\n]*<abbr class="gaobu-term" '
                     r'title="英文：fixed asset investment。">固定资产投资</abbr>', zh)
    assert re.search(r'<p class="gaobu-p" id="economic-performance">[^\n]*<abbr class="gaobu-term" '
                     r'title="Chinese: 固定资产投资.">fixed asset investment</abbr>', en)
    for lang, prefix in (("zh", ""), ("en", "en/")):
        page = (built_site / prefix / "glossary/index.html").read_text(encoding="utf-8")
        assert page.count("<tr>") == 33  # the header and 32 terms


def test_the_glossary_page_links_official_and_state_media_sources_only(built_site):
    """Sources of authority A or B are links; a C page kept in `leads` (1310, 双百工程) is never published."""
    glossary = read_project(ROOT).glossary.glossary
    cited = {t.source for t in glossary.terms if t.authority in ("A", "B")}
    leads = {url for t in glossary.terms for url in t.leads}
    assert leads and cited and None not in cited
    for prefix, own in (("", "本站译法：仅见于转载或非权威网站，不作引用"),
                        ("en/", "The site's own rendering: found only on reposts or unofficial sites, which are not cited")):
        page = (built_site / prefix / "glossary/index.html").read_text(encoding="utf-8")
        hrefs = {html.unescape(h) for h in re.findall(r'<td>[^<]*<a href="([^"]+)"', page)}
        assert hrefs == cited
        assert not [url for url in leads if url in page or html.escape(url) in page]
        row = next(r for r in page.split("<tr>") if "1310" in r and "specific deployment plan" in r)
        assert own in row and "<a " not in row


def test_every_plugin_option_is_documented_in_the_readme():
    """An option nobody can find is an option nobody uses: each one of the gaobu plugin's is in the README."""
    from gaobu_build.plugin import GaobuConfig

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, option in GaobuConfig._schema:
        assert f"`{name}: " in readme, f"the plugin option {name!r} is not documented in README.md"
