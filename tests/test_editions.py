"""The other editions of a report: 中英对照 side by side, the print page, and three PDFs.

The PDFs are read back with poppler's pdftotext and pdffonts (Debian's
poppler-utils, which `make test` installs).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
from html.parser import HTMLParser

import pytest
from conftest import REQUIRE_BROWSER, ROOT

from gaobu_build.source.loader import read_project

SOURCE = read_project(ROOT).reports[0]
REPORT = SOURCE.report
PARAGRAPHS = [p for p, _ in REPORT.all_paragraphs()]
# The paragraphs' numbers in reading order, written out (the scheme in data/README.md): the preamble's
# 0.1, 0.2, then part 1 counted through its sections.
NUMBERS_IN_ORDER = ["0.1", "0.2"] + [f"1.{i}" for i in range(1, 15)]


class _Pairs(HTMLParser):
    """Each .gaobu-pair's paragraphs: (id, lang, number, text)."""

    def __init__(self):
        super().__init__()
        self.pairs, self.stack, self.current = [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        self.stack.append(tag)
        if tag == "div" and "gaobu-pair" in classes:
            self.pairs.append([])
        elif tag == "p" and self.pairs and ("gaobu-pair-zh" in classes or "gaobu-pair-en" in classes):
            self.current = {"id": a.get("id"), "lang": a.get("lang"), "text": "", "number": None, "depth": len(self.stack)}
            self.pairs[-1].append(self.current)
        elif tag == "a" and self.current is not None and "gaobu-permalink" in classes:
            self.current["in_number"] = True
        elif "gaobu-sr" in classes and self.current is not None:
            self.current["skip_depth"] = len(self.stack)

    def handle_endtag(self, tag):
        if self.current is not None:
            if tag == "a":
                self.current.pop("in_number", None)
            if self.current.get("skip_depth") == len(self.stack):
                self.current.pop("skip_depth")
            if tag == "p" and self.current["depth"] == len(self.stack):
                self.current = None
        self.stack.pop()

    def handle_data(self, data):
        if self.current is None or "skip_depth" in self.current:
            return
        if self.current.get("in_number"):
            self.current["number"] = data
        else:
            self.current["text"] += data


def _plain(text: str) -> str:
    """Text without spaces and hyphens: pdftotext joins a word broken at a line's end hyphen ("high-\nquality")."""
    return re.sub(r"[\s\-]+", "", text)


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_parallel_view_pairs_every_paragraph(built_site, prefix):
    html = (built_site / prefix / "2024/parallel/index.html").read_text(encoding="utf-8")
    parser = _Pairs()
    parser.feed(html)
    assert len(parser.pairs) == len(PARAGRAPHS) == len(NUMBERS_IN_ORDER)
    for pair, paragraph, number in zip(parser.pairs, PARAGRAPHS, NUMBERS_IN_ORDER):
        zh, en = pair
        assert (zh["id"], zh["lang"], en["id"], en["lang"]) == (paragraph.id, "zh-Hans", None, "en")
        assert zh["number"] == number  # the same ¶ as the single-language pages
        assert _plain(zh["text"]) == _plain(paragraph.zh)
        assert _plain(en["text"]) == _plain(paragraph.en)


def test_each_paragraph_links_to_its_pair(built_site):
    for prefix in ("", "en/"):
        part = (built_site / prefix / "2024/review-2023/index.html").read_text(encoding="utf-8")
        assert re.search(r'id="innovation"><a [^>]*class="gaobu-permalink"[^>]*>1\.5</a><a aria-label="[^"]+" '
                         r'class="gaobu-pair-link" data-pagefind-ignore="all" href="\.\./parallel/#innovation"', part)
        cover = (built_site / prefix / "2024/index.html").read_text(encoding="utf-8")
        assert 'href="parallel/"' in cover  # the editions line
        assert 'href="parallel/#opening"' in cover


def _pdf_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if REQUIRE_BROWSER:
            pytest.fail(f"{name} is missing: install Debian's poppler-utils (make test does)")
        pytest.skip(f"{name} is missing (Debian's poppler-utils)")
    return path


PDFS = {"zh": "gaobu-2024-zh.pdf", "en": "gaobu-2024-en.pdf", "both": "gaobu-2024-zh-en.pdf"}


def _first_words(text: str, lang: str) -> str:
    """A pattern for how a paragraph starts: its first five characters (Chinese) or two words (English)."""
    if lang == "zh":
        return r"\s*".join(re.escape(c) for c in re.sub(r"\s+", "", text)[:5])
    return r"\s+".join(re.escape(w) for w in text.split()[:2])


def _numbered_line(number: str, paragraph, languages: list[str]) -> re.Pattern:
    """A line of `pdftotext -layout` that starts with the number, then the paragraph's first words;
    in the side-by-side edition, the Chinese, then, further along the same line, the English."""
    starts = [_first_words(getattr(paragraph, lang) or paragraph.zh, lang) for lang in languages]
    return re.compile(rf"^\s*{re.escape(number)}\s+" + r".*?\s{2,}".join(starts))


@pytest.mark.parametrize("edition", sorted(PDFS))
def test_each_pdf_holds_every_paragraph_as_text_with_page_numbers(built_site, edition):
    pdf = built_site / "2024/pdf" / PDFS[edition]
    assert pdf.is_file(), "the build made no PDF (is Chromium installed?)"
    text = subprocess.run([_pdf_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = _plain(text)
    languages = {"zh": ["zh"], "en": ["en"], "both": ["zh", "en"]}[edition]
    for paragraph in PARAGRAPHS:
        for lang in languages:
            assert _plain(getattr(paragraph, lang)) in flat, (edition, paragraph.id, lang)
    pages = len(text.split("\f")) - 1
    footer = "第 1 页，共 {n} 页" if edition != "en" else "Page 1 of {n}"
    assert footer.format(n=pages) in text


@pytest.mark.parametrize("edition", sorted(PDFS))
def test_each_pdf_numbers_every_paragraph_in_its_margin_in_reading_order(built_site, edition):
    """Each number stands at the start of its paragraph's first line, with that paragraph's first words beside it."""
    pdf = built_site / "2024/pdf" / PDFS[edition]
    layout = subprocess.run([_pdf_tool("pdftotext"), "-layout", "-enc", "UTF-8", str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    languages = {"zh": ["zh"], "en": ["en"], "both": ["zh", "en"]}[edition]
    assert len(PARAGRAPHS) == len(NUMBERS_IN_ORDER)
    position = 0
    for paragraph, number in zip(PARAGRAPHS, NUMBERS_IN_ORDER):
        line = _numbered_line(number, paragraph, languages)
        found = next((i for i in range(position, len(layout)) if line.match(layout[i])), None)
        assert found is not None, (f"{PDFS[edition]}: no line after line {position + 1} starts with ¶ {number} "
                                   f"and the first words of paragraph {paragraph.id!r} ({line.pattern})")
        position = found + 1


def test_every_pdf_embeds_its_fonts(built_site):
    for name in PDFS.values():
        out = subprocess.run([_pdf_tool("pdffonts"), str(built_site / "2024/pdf" / name)], capture_output=True, text=True, check=True).stdout
        rows = out.splitlines()[2:]
        assert rows, out
        # Columns end with: emb, sub, uni, object number, generation.
        assert all(row.split()[-5] == "yes" and row.split()[-3] == "yes" for row in rows), out


# The fonts the print stylesheet names (gaobu_build/theme/assets/gaobu.css), by the PostScript name a PDF gives them.
LATIN, CJK = "OpenSans", "NotoSansCJKsc"


def _embedded_fonts(pdf) -> list[str]:
    """The PostScript name of each font `pdffonts` lists, subset tag dropped ("AAAAAA+OpenSans-Bold" → "OpenSans-Bold").

    Chromium embeds CFF-flavoured fonts, such as Noto Sans CJK, as Type 3 fonts, which pdffonts lists as
    "[none]": their name is in their font descriptor, read here from the PDF (Chromium writes plain objects).
    """
    listing = subprocess.run([_pdf_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    data = pdf.read_bytes()

    def dictionary(number: bytes) -> bytes:
        start = data.index(b"\n" + number + b" 0 obj")
        return data[start:data.index(b"endobj", start)]

    names = []
    for row in listing.splitlines()[2:]:
        name, number = row.split()[0], row.split()[-2]
        if name == "[none]":
            descriptor = re.search(rb"/FontDescriptor (\d+) 0 R", dictionary(number.encode())).group(1)
            name = re.search(rb"/FontName /(\S+)", dictionary(descriptor)).group(1).decode()
        names.append(name.split("+")[-1])
    return names


def test_english_is_set_in_a_latin_font_and_chinese_in_noto_cjk(built_site):
    families = {edition: {name.split("-")[0] for name in _embedded_fonts(built_site / "2024/pdf" / name)}
                for edition, name in PDFS.items()}
    assert families["zh"] == {CJK}
    assert families["both"] == {LATIN, CJK}
    assert LATIN in families["en"] and families["en"] <= {LATIN, CJK}  # Chinese inside English text: Noto CJK


@pytest.mark.parametrize("edition", ["en", "both"])
def test_every_english_paragraph_is_in_the_latin_font(built_site, edition):
    xml = subprocess.run([_pdf_tool("pdftohtml"), "-xml", "-i", "-stdout", str(built_site / "2024/pdf" / PDFS[edition])],
                         capture_output=True, text=True, check=True).stdout
    fonts = dict(re.findall(r'<fontspec id="(\d+)" size="[^"]*" family="([^"]*)"', xml))
    runs = [(fonts[font], html.unescape(re.sub(r"<[^>]+>", "", text)))
            for font, text in re.findall(r'<text [^>]*font="(\d+)"[^>]*>(.*?)</text>', xml)]
    # NFKC: the PDF's text has the font's ligatures ("ﬀ" for "ff").
    latin = unicodedata.normalize("NFKC", "".join(text for font, text in runs if font.split("+")[-1].startswith(LATIN)))
    for paragraph in PARAGRAPHS:
        assert _plain(unicodedata.normalize("NFKC", paragraph.en)) in _plain(latin), paragraph.id
    assert re.findall(r"[\u3000-\u9fff\uff00-\uffef]", latin) == []  # Chinese is never in it


def test_the_pdfs_link_to_the_published_site_only(built_site):
    for name in PDFS.values():
        data = (built_site / "2024/pdf" / name).read_bytes()
        assert b"127.0.0.1" not in data
        assert b"/CreationDate (D:20000101000000" in data  # fixed: the same data builds the same bytes


def test_the_print_edition_and_the_parallel_view_are_not_searched(built_site):
    """They repeat the reading pages: a search finds each paragraph once, there (test_browser.py)."""
    for prefix in ("", "en/"):
        for edition in ("print", "parallel"):
            assert "data-pagefind-body" not in (built_site / prefix / f"2024/{edition}/index.html").read_text(encoding="utf-8")
        assert "data-pagefind-body" in (built_site / prefix / "2024/review-2023/index.html").read_text(encoding="utf-8")
