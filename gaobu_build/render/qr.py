"""QR codes of the published addresses, for readers who come from paper: a poster, a printed notice, a PDF.

Each report, part, section and paragraph has one in each language, encoding exactly the address
`gaobu links` prints for it (built from site_url: a code of any other address would lead nowhere
once printed). Made with segno, which computes them in pure Python: the same address gives the
same bytes on every machine. Suited to print: error correction Q at least (a quarter of the code
may be smudged, creased or torn; segno raises it to H where that fits in the same size), the quiet
zone of four modules the standard asks for, and modules of half a millimetre at the natural size
(an SVG of about 2.5 cm, a PNG at 300 dpi), which phones read from arm's length.
"""

from __future__ import annotations

import io
import json

from ..memo import DiskCache, code_digest, digest
from ..source.model import LANGUAGES
from ..ui import UI
from ..urls import Place, absolute, place_url, qr_name, qr_path
from .announce import link_items
from .markdown import Safe, escape_attr, escape_html

KINDS = ("svg", "png")
ERROR = "q"
BORDER = 4  # modules of quiet zone around the code
SVG_MODULE_MM = 0.5
PNG_MODULE_PX, PNG_DPI = 6, 300  # 6 px at 300 dpi: also 0.5 mm


def make(url: str, kind: str = "svg") -> bytes:
    """The QR code of `url`, as SVG or PNG bytes."""
    import segno  # only where codes are made: rendering the pages needs their names alone

    code = segno.make_qr(url, error=ERROR, boost_error=True)
    out = io.BytesIO()
    if kind == "svg":
        # No classes, no XML declaration: the file is an image of its own (<img>), and small.
        # A white ground, quiet zone included: a code must stay dark on light on a coloured poster or a dark page.
        code.save(out, kind="svg", scale=SVG_MODULE_MM, unit="mm", border=BORDER, light="#fff", xmldecl=False,
                  svgclass=None, lineclass=None)
    elif kind == "png":
        code.save(out, kind="png", scale=PNG_MODULE_PX, border=BORDER, dpi=PNG_DPI)
    else:
        raise ValueError(f"Expected a QR code format ({', '.join(KINDS)}) but received: {kind!r}")
    return out.getvalue()


def named_codes(items: list[dict], languages: tuple[str, ...], kind: str = "svg") -> list[tuple[str, str, str, dict]]:
    """(file name, URL, language, item) of each item of `gaobu links` (announce.link_items) in each language."""
    named = []
    for item in items:
        for lang in languages:
            ident = None if item["kind"] == "report" else item["id"]
            named.append((qr_name(lang, item["report"], ident, kind), item["url"][lang], lang, item))
    return named


def site_files(project, site_root_url: str, cache: DiskCache | None = None) -> dict[str, bytes]:
    """Site path → SVG of the QR code of every report, part, section and paragraph, in every language.

    Making a code takes milliseconds (segno tries the eight masks the standard defines), so each
    report's codes are kept in `cache` by the addresses they encode.
    """
    items = link_items(project, LANGUAGES, site_root_url)
    files: dict[str, bytes] = {}
    for source in project.reports:
        codes = [(qr_path(lang, source.slug, None if it["kind"] == "report" else it["id"]), it["url"][lang])
                 for it in items if it["report"] == source.slug for lang in LANGUAGES]

        def made(codes=codes) -> dict[str, str]:
            return {path: make(url).decode("utf-8") for path, url in codes}

        if cache is None:
            kept = made()
        else:
            key = digest(json.dumps(codes), code_digest("gaobu_build.render.qr", "segno"))
            kept = cache.get(key, made, lambda value: json.dumps(value, sort_keys=True).encode("utf-8"), json.loads)
        files.update({path: svg.encode("utf-8") for path, svg in kept.items()})
    return files


# On paper a code is read at its natural size (half a millimetre a module); on screen at this many CSS pixels.
PART_CODE_PX = 96


def part_codes(slug: str, part_id: str, languages: tuple[str, ...], site_root_url: str, to_root: str, lang: str) -> Safe:
    """For the print edition and the side-by-side view (and so the PDFs): the QR code of a part's page in
    each of `languages`, each with its address beneath; `to_root` leads from the page to the site root."""
    figures = []
    for code_lang in languages:
        url = absolute(site_root_url, code_lang, place_url(slug, Place(part_id, None)))
        src = to_root + qr_path(code_lang, slug, part_id)
        figures.append(f'<figure class="gaobu-part-qr"><img src="{escape_attr(src)}" alt="{escape_attr(UI[lang][f"part_qr_{code_lang}"])}" '
                       f'width="{PART_CODE_PX}" height="{PART_CODE_PX}"><figcaption><a class="gaobu-qr-address" '
                       f'href="{escape_attr(url)}">{escape_html(url)}</a></figcaption></figure>')
    return Safe(f'<div class="gaobu-part-qrs">{"".join(figures)}</div>')
