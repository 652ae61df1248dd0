"""What a shared link shows and how search engines find both languages:
the page descriptions (Open Graph, Twitter) and the bilingual sitemap.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

from ..urls import absolute, qr_site_folder, to_site_root
from ..source.model import LANGUAGES, SOURCE_LANGUAGE
from .markdown import Safe, escape_attr, normalize_space
from ..ui import UI

DESCRIPTION_MAX = 160  # characters; longer ones are cut by the sites that show them anyway
# A sentence ends at a Chinese full stop, question or exclamation mark, or at an English one before a space.
_SENTENCE = re.compile(r".*?(?:[。！？]|[.!?](?=\s|$))", re.S)


def first_sentence(text: str) -> str | None:
    match = _SENTENCE.match(normalize_space(text))
    return match.group(0) if match else None


def _plain(value, lang: str) -> str:
    return value.text(lang) or value.zh  # untranslated: the source text, as the page shows it


def summary_of(texts: list[str]) -> Safe:
    """The first sentence of the first text that has one (a salutation has none), attribute-escaped."""
    sentence = next((s for s in map(first_sentence, texts) if s), None) or normalize_space(texts[0] if texts else "")
    if len(sentence) > DESCRIPTION_MAX:
        sentence = sentence[: DESCRIPTION_MAX - 1].rstrip() + "…"
    return escape_attr(sentence)


def page_descriptions(project, lang: str) -> dict[str, Safe]:
    """Each generated page's description, by its URL relative to the language root."""
    site = project.identity
    home = summary_of([site.intro.text(lang) if site.intro else site.title(lang)])
    descriptions = {"": home}
    for source in project.reports:
        report, slug = source.report, source.slug
        cover = [_plain(p, lang) for p, _ in report.all_paragraphs()]
        descriptions[f"{slug}/"] = summary_of(cover)
        for part in report.parts:
            paragraphs = list(part.paragraphs) + [p for section in part.sections for p in section.paragraphs]
            descriptions[f"{slug}/{part.id}/"] = summary_of([_plain(p, lang) for p in paragraphs])
    return descriptions


def sitemap_xml(site_root_url: str, urls: dict[str, set[str]]) -> str:
    """Every page of every language, each listing all its language versions (no dates: builds are deterministic)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for url in sorted(set().union(*urls.values())):
        versions = [(lang, absolute(site_root_url, lang, url)) for lang in LANGUAGES if url in urls[lang]]
        alternates = [(UI[lang]["html_lang"], href) for lang, href in versions]
        alternates += [("x-default", href) for lang, href in versions if lang == SOURCE_LANGUAGE]
        for _, href in versions:
            lines.append("  <url>")
            lines.append(f"    <loc>{_xml_text(href)}</loc>")
            for hreflang, other in alternates:
                lines.append(f'    <xhtml:link rel="alternate" hreflang="{hreflang}" href={quoteattr(other)}/>')
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# The words of the menu of a part's, section's or paragraph's number (theme/assets/gaobu.js).
SHARE_WORDS = ("share_copy_link", "share_copy_citation", "share_qr", "share_qr_alt", "citation", "citation_copied")


def share_script(project, lang: str, url: str, site_root_url: str | None) -> dict | None:
    """What the number menus of a report's page need (None on other pages): the report's title and parts, to
    cite and to find each number's own page (¶ 1.5 is in the first part; 0.x on the cover), the language's
    root (absolute from site_url, else relative to the page), where the QR codes are (only with site_url:
    they are made only then), and the words. Small: written into every page of a report."""
    slug = url.split("/", 1)[0] if "/" in url else None
    source = next((s for s in project.reports if s.slug == slug), None)
    if source is None:
        return None
    report, ui = source.report, UI[lang]
    return {
        "report": slug,
        "title": normalize_space(_plain(report.title, lang)),
        "parts": [part.id for part in report.parts],
        "home": absolute(site_root_url, lang, "") if site_root_url else "../" * url.count("/"),
        "qr": to_site_root(lang, url) + qr_site_folder(lang, slug) if site_root_url else None,
        "words": {key: ui[key] for key in SHARE_WORDS},
    }
