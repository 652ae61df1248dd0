"""Make GaobuChartSans-Regular.otf, the font the charts are measured with (see charts.py).

Run by hand, only to change the font: the committed file is what builds use.

    .venv/bin/python gaobu_build/render/fonts/make_chart_font.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

The source is Noto Sans CJK SC Regular (SIL Open Font License 1.1; Debian's
fonts-noto-cjk). The subset keeps every character of GB 2312 (the 6,763 hanzi
of everyday Simplified Chinese and its symbols), Latin-1, general punctuation
and full-width forms, with the layout features a shaper applies to horizontal
text by default, less `locl` (the Japanese, Korean and Traditional forms, which
a machine's locale could otherwise select); it is renamed, so that no installed
font can be mistaken for it, nor it for an installed one. About 1.6 MB.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

FAMILY = "Gaobu Chart Sans"
POSTSCRIPT = "GaobuChartSans-Regular"
OUT = Path(__file__).with_name(f"{POSTSCRIPT}.otf")
SOURCE_FAMILY = "Noto Sans CJK SC"


def gb2312() -> set[int]:
    """Every character of GB 2312: rows 0xA1-0xF7, cells 0xA1-0xFE, whatever decodes."""
    chars = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([row, cell]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


def characters() -> set[int]:
    ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x205E), (0x2212, 0x2212), (0x3000, 0x303F), (0xFF01, 0xFF5E)]
    return gb2312() | {c for lo, hi in ranges for c in range(lo, hi + 1)}


def source_font(path: str) -> TTFont:
    fonts = TTCollection(path).fonts if path.endswith(".ttc") else [TTFont(path)]
    for font in fonts:
        if font["name"].getDebugName(1) == SOURCE_FAMILY:
            return font
    sys.exit(f"{path}: no {SOURCE_FAMILY} in this file")


def main(path: str) -> None:
    font = source_font(path)
    version = font["name"].getDebugName(5)
    options = subset.Options()
    options.name_IDs = [0, 7, 8, 9, 11, 12, 13, 14]  # copyright, trademark, vendor, designer, urls, licence
    options.drop_tables += ["VORG", "vhea", "vmtx"]  # vertical text: the charts set none
    # The features a shaper applies to horizontal text by default (not vertical or alternate forms).
    options.layout_features = ["ccmp", "rlig", "mark", "mkmk", "calt", "clig", "liga", "rclt", "kern", "curs", "dist"]
    options.hinting = False  # matplotlib measures with FreeType's autohinter, which ignores a font's own hints
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(characters()))
    subsetter.subset(font)
    names = font["name"]
    for platform, encoding, language in ((3, 1, 0x409), (1, 0, 0)):
        names.setName(FAMILY, 1, platform, encoding, language)
        names.setName("Regular", 2, platform, encoding, language)
        names.setName(f"{POSTSCRIPT};{version}", 3, platform, encoding, language)
        names.setName(f"{FAMILY} Regular", 4, platform, encoding, language)
        names.setName(version, 5, platform, encoding, language)
        names.setName(POSTSCRIPT, 6, platform, encoding, language)
        names.setName(f"A subset of {SOURCE_FAMILY} Regular, to measure the text of charts.", 10, platform, encoding, language)
    cff = font["CFF "].cff
    cff.fontNames = [POSTSCRIPT]
    top = cff.topDictIndex[0]
    top.FullName, top.FamilyName = f"{FAMILY} Regular", FAMILY
    if hasattr(top, "FDArray"):
        for fd in top.FDArray:
            fd.FontName = POSTSCRIPT
    font.recalcTimestamp = False  # keeps the source's date: the same source makes the same file
    font.save(OUT, reorderTables=True)
    print(f"{OUT}: {OUT.stat().st_size:,} bytes, {len(font.getGlyphOrder()):,} glyphs")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
