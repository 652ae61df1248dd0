"""QR codes of the published addresses: `gaobu links --qr DIR`, read back by a real decoder (zbarimg),
the same bytes in any process, and what bad input gets.

The codes on the site and in the PDF editions are tested in a real build (tests/test_links_browser.py).
"""

from __future__ import annotations

import csv
import hashlib
import io
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from conftest import ROOT
from gaobu_build.cli import main as gaobu
from gaobu_build.render import qr
from qrdecode import decode, decode_svgs

BASE = "https://example.org/gaobu/"
CONFIG = str(ROOT / "mkdocs.yml")


def links(capsys, *args: str) -> list[dict]:
    """What `gaobu links --format csv` prints: one row per item and language."""
    assert gaobu(["-f", CONFIG, "links", "--base-url", BASE, "--format", "csv", *args]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def write_codes(capsys, out: Path, *args: str) -> tuple[int, str, str]:
    code = gaobu(["-f", CONFIG, "links", "--base-url", BASE, "--qr", str(out), *args])
    printed = capsys.readouterr()
    return code, printed.out, printed.err


def index_of(out: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO((out / "index.csv").read_text(encoding="utf-8"))))


def expected_index(rows: list[dict], ext: str) -> list[dict]:
    """The index `gaobu links --qr` must write for what `gaobu links` prints: each code named by its id."""
    return [{"file": f"{r['lang']}/{r['report']}/{r['id'] if r['kind'] != 'report' else 'index'}.{ext}", "url": r["url"],
             "lang": r["lang"], "report": r["report"], "kind": r["kind"], "citation": r["citation"], "id": r["id"]}
            for r in rows]


def test_every_svg_code_decodes_to_the_address_gaobu_links_prints(capsys, tmp_path, page):
    rows = links(capsys)
    out = tmp_path / "codes"
    code, printed, err = write_codes(capsys, out)
    assert (code, err) == (0, "")
    assert printed == f"Wrote {len(rows)} QR code(s) (SVG) and index.csv (file → URL) to {out}\n"
    index = index_of(out)
    assert index == expected_index(rows, "svg")
    assert index[0]["file"] == "zh/2024/index.svg" and index[0]["url"] == BASE + "2024/"
    assert {"file": "en/2024/innovation.svg", "url": BASE + "en/2024/review-2023/#innovation", "lang": "en",
            "report": "2024", "kind": "paragraph", "citation": "¶ 1.5", "id": "innovation"} in index
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == sorted([row["file"] for row in index] + ["index.csv"])
    # Every code, as Chromium draws it, decodes to exactly its address.
    decoded = decode_svgs(page, [out / row["file"] for row in index], tmp_path / "shots")
    assert [decoded[out / row["file"]] for row in index] == [[row["url"]] for row in index]
    # Sized for print: modules of half a millimetre, and the quiet zone of four.
    svg = (out / "en/2024/innovation.svg").read_text(encoding="utf-8")
    modules = qr_size(BASE + "en/2024/review-2023/#innovation") + 8
    assert svg.startswith(f'<svg xmlns="http://www.w3.org/2000/svg" width="{modules / 2:g}mm" height="{modules / 2:g}mm"')


def qr_size(url: str) -> int:
    import segno

    code = segno.make_qr(url, error="q")
    assert code.error in ("Q", "H")  # error correction Q at least, raised to H where that fits
    return code.symbol_size(border=0)[0]


def test_every_png_code_decodes_too_and_says_its_print_size(capsys, tmp_path):
    rows = links(capsys, "--lang", "en")
    out = tmp_path / "png"
    code, printed, err = write_codes(capsys, out, "--lang", "en", "--format", "png")
    assert (code, err) == (0, "")
    assert printed == f"Wrote {len(rows)} QR code(s) (PNG) and index.csv (file → URL) to {out}\n"
    index = index_of(out)
    assert index == expected_index(rows, "png") and {row["lang"] for row in index} == {"en"}
    assert [decode(out / row["file"]) for row in index] == [[row["url"]] for row in index]
    # 300 dpi in the PNG's pHYs chunk (pixels per metre), 6 pixels a module: half a millimetre on paper.
    data = (out / "en/2024/index.png").read_bytes()
    at = data.index(b"pHYs")
    assert struct.unpack(">IIB", data[at + 4:at + 13]) == (11811, 11811, 1)
    width = struct.unpack(">I", data[16:20])[0]
    assert width == 6 * (qr_size(BASE + "en/2024/") + 8)


def test_a_selection_and_a_second_run_replace_the_folder_whole(capsys, tmp_path):
    out = tmp_path / "codes"
    assert write_codes(capsys, out)[0] == 0
    code, printed, err = write_codes(capsys, out, "--id", "manufacturing", "--lang", "zh")
    assert (code, err) == (0, "")
    index = index_of(out)
    assert [row["file"] for row in index] == ["zh/2024/manufacturing.svg", "zh/2024/manufacturing-lead.svg",
                                              "zh/2024/economic-performance.svg", "zh/2024/industrial-vitality.svg",
                                              "zh/2024/innovation.svg"]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == sorted(
        [row["file"] for row in index] + ["index.csv"])  # nothing of the first run is left
    assert [p.name for p in tmp_path.iterdir()] == ["codes"]  # nor anything beside it


def test_codes_are_the_same_bytes_in_another_process():
    urls = [BASE + "2024/review-2023/#innovation", BASE + "en/2024/"]
    here = [hashlib.sha256(qr.make(url, kind)).hexdigest() for url in urls for kind in qr.KINDS]
    script = ("import hashlib, sys; from gaobu_build.render import qr; "
              f"print(' '.join(hashlib.sha256(qr.make(u, k)).hexdigest() for u in {urls!r} for k in qr.KINDS))")
    there = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"}, cwd=ROOT).stdout.split()
    assert there == here
    # And the PNG is a whole PNG (its chunks' CRCs hold): written by segno, no image library between.
    data = qr.make(urls[0], "png")
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    at = 8
    while at < len(data):
        length = struct.unpack(">I", data[at:at + 4])[0]
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        assert struct.unpack(">I", data[at + 8 + length:at + 12 + length])[0] == zlib.crc32(kind + body)
        at += 12 + length


@pytest.mark.parametrize("args, message", [
    (["--format", "gif"], "gaobu links: error: unknown format 'gif': svg, png (with --qr)\n"),
    (["--format", "md"], "gaobu links: error: --qr writes images: --format svg or png, not 'md'\n"),
])
def test_a_bad_format_is_one_line_and_writes_nothing(capsys, tmp_path, args, message):
    code, printed, err = write_codes(capsys, tmp_path / "codes", *args)
    assert (code, printed, err) == (2, "", message)
    assert list(tmp_path.iterdir()) == []


def test_a_qr_format_without_qr_is_a_usage_error(capsys):
    assert gaobu(["-f", CONFIG, "links", "--base-url", BASE, "--format", "png"]) == 2
    assert capsys.readouterr().err == (
        "gaobu links: error: --format png is for QR codes: add --qr DIR (or print links as md, csv, json)\n")
    assert gaobu(["-f", CONFIG, "links", "--base-url", BASE, "--format", "pdf"]) == 2
    assert capsys.readouterr().err == "gaobu links: error: unknown format 'pdf': md, csv, json\n"


def test_without_site_url_no_codes_are_made(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("GAOBU_SITE_URL", raising=False)
    assert gaobu(["-f", CONFIG, "links", "--qr", str(tmp_path / "codes")]) == 2
    assert capsys.readouterr().err == (
        "gaobu links: error: no base URL: set site_url in mkdocs.yml (or GAOBU_SITE_URL), or pass --base-url URL\n")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written_or_is_someone_elses_is_left_as_it_was(capsys, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine", encoding="utf-8")
    code, printed, err = write_codes(capsys, a_file / "codes")  # a folder inside a file: not writable by anyone
    assert (code, printed) == (1, "")
    assert err == (f"{a_file / 'codes'}: error: cannot write the QR codes (Not a directory). Check that the folder "
                   "and the one it is in are writable. [unwritable]\n")
    assert write_codes(capsys, a_file) == (
        1, "", f"{a_file}: error: a file is in the way of the QR codes' folder. Choose another folder. [not-a-folder]\n")
    mine = tmp_path / "mine"
    (mine / "sub").mkdir(parents=True)
    (mine / "sub" / "keep.txt").write_text("keep", encoding="utf-8")
    assert write_codes(capsys, mine) == (
        1, "", f"{mine}: error: the folder has files that gaobu links did not write (no index.csv). Choose a new or "
               "empty folder, or one that gaobu links --qr wrote: it is replaced whole. [folder-not-empty]\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "notes.txt"]
    assert a_file.read_text(encoding="utf-8") == "mine" and (mine / "sub" / "keep.txt").read_text(encoding="utf-8") == "keep"


def test_a_build_without_site_url_makes_no_code_and_offers_none(built_site):
    """(The build says so once: tests/test_build_output.py.)"""
    import json
    import re

    assert not (built_site / "qr").exists()
    for page in ("2024/print/index.html", "en/2024/print/index.html", "2024/parallel/index.html"):
        assert 'class="gaobu-part-qr' not in (built_site / page).read_text(encoding="utf-8")
    part = (built_site / "2024/review-2023/index.html").read_text(encoding="utf-8")
    script = json.loads(re.search(r'<script type="application/json" id="gaobu-links">(.*?)</script>', part).group(1))
    assert script["url"] is None and script["share"]["qr"] is None and script["share"]["home"] == "../../"
