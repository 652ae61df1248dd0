"""Every path and URL of the site, in one place.

Chinese lives at the site root and English under `en/`; each report under its
folder name; a part at `<slug>/<part>/`, its sections and paragraphs as
`#anchors` there, preamble paragraphs on the cover `<slug>/`. URLs here are
relative to a language's root unless a function says otherwise, so that the
site works at a domain root and under a sub-path (`site_url`).
"""

from __future__ import annotations

from typing import NamedTuple

from .source.model import SOURCE_LANGUAGE

COVER = "index"  # the registry's name for a report's cover page, /<slug>/ (never a part id: reserved)
FIGURES = "figures"  # a report's figures page, /<slug>/figures/, its anchors the indicators' ids (reserved too)
GLOSSARY = "glossary"  # the site's glossary page, listed with the hand-written pages
DOWNLOADS_DIR = "data"  # a report's downloads: /<slug>/data/<file>


class Place(NamedTuple):
    page: str  # COVER or a part id
    anchor: str | None  # None: the page itself


def language_prefix(lang: str) -> str:
    """Where a language lives under the site root: Chinese at `/`, English at `/en/`."""
    return "" if lang == SOURCE_LANGUAGE else f"{lang}/"


def places(report) -> dict[str, Place]:
    """Where each id of a report is published now."""
    where = {p.id: Place(COVER, p.id) for p in report.preamble}
    for part in report.parts:
        where[part.id] = Place(part.id, None)
        for p in part.paragraphs:
            where[p.id] = Place(part.id, p.id)
        for section in part.sections:
            where[section.id] = Place(part.id, section.id)
            for p in section.paragraphs:
                where[p.id] = Place(part.id, p.id)
    return where


def place_url(slug: str, place: Place) -> str:
    """The URL of a place, relative to a language's root."""
    page = f"{slug}/" if place.page == COVER else f"{slug}/{place.page}/"
    return page + (f"#{place.anchor}" if place.anchor else "")


def page_url(path: str) -> str:
    """The directory URL MkDocs gives a Markdown source path (`2024/review-2023.md` → `2024/review-2023/`)."""
    stem = path[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def to_site_root(lang: str, url: str) -> str:
    """The relative path from a page (`url` relative to `lang`'s root, a directory URL) up to the site root."""
    return "../" * url.count("/") + ("../" if language_prefix(lang) else "")


def absolute(site_root_url: str, lang: str, url: str) -> str:
    """A URL relative to `lang`'s root, from the site's root URL (`https://host/path/`, or just its path `/path/`)."""
    return site_root_url + language_prefix(lang) + url


def download_path(slug: str, name: str) -> str:
    """Where a report's download lives, from the site root (language-neutral: one copy)."""
    return f"{slug}/{DOWNLOADS_DIR}/{name}"


# QR codes of the published addresses (render/qr.py): one file per report, part, section and paragraph, in each
# language, named by its id (ids are unique within a report; the report itself is `index`, an id no part may
# take), the same names on the site (under `qr/`, made only when site_url is set) and from `gaobu links --qr DIR`.
QR_DIR = "qr"


def qr_folder(lang: str, slug: str) -> str:
    """The folder of a report's QR codes in one language, relative to the QR root: `zh/2024/`."""
    return f"{lang}/{slug}/"


def qr_name(lang: str, slug: str, ident: str | None, ext: str = "svg") -> str:
    """A QR code's file, relative to the QR root (`zh/2024/innovation.svg`); `ident` None for the report's cover."""
    return f"{qr_folder(lang, slug)}{ident or COVER}.{ext}"


def qr_path(lang: str, slug: str, ident: str | None) -> str:
    """Where the site keeps a QR code (SVG), from the site root: `qr/zh/2024/innovation.svg`."""
    return f"{QR_DIR}/{qr_name(lang, slug, ident)}"


def qr_site_folder(lang: str, slug: str) -> str:
    """The folder of a report's QR codes on the site, from the site root: `qr/zh/2024/` (the page script
    adds `<id>.svg`)."""
    return f"{QR_DIR}/{qr_folder(lang, slug)}"
