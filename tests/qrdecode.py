"""Reading QR codes back with a real decoder: zbarimg (Debian's zbar-tools), on PNG files.

SVG codes are drawn first by Chromium (as a browser shows them), at a size a phone camera would
see, and photographed: the decoder never sees how the code was made.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REQUIRE_BROWSER


def zbarimg() -> str:
    path = shutil.which("zbarimg")
    if path is None:
        if REQUIRE_BROWSER:
            pytest.fail("zbarimg is missing: install Debian's zbar-tools (make test does)")
        pytest.skip("zbarimg is missing (Debian's zbar-tools)")
    return path


def decode(image: Path) -> list[str]:
    """Every QR code zbarimg finds in the image, in its order; [] when it finds none."""
    done = subprocess.run([zbarimg(), "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
                          capture_output=True, timeout=60)
    if done.returncode == 4:  # zbarimg's "no symbol found"
        return []
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8").splitlines()


def decode_svgs(page, svgs: list[Path], out: Path, size: int = 240) -> dict[Path, list[str]]:
    """Each SVG drawn by Chromium (`page`) at `size` CSS pixels, on white, then decoded."""
    out.mkdir(parents=True, exist_ok=True)
    found = {}
    for i, svg in enumerate(svgs):
        page.set_content(f'<body style="margin:0;background:#fff"><img id="code" width="{size}" height="{size}" '
                         f'src="data:image/svg+xml;base64,{_base64(svg.read_bytes())}"></body>')
        page.wait_for_function("document.getElementById('code').complete")
        shot = out / f"{i}.png"
        page.locator("#code").screenshot(path=str(shot))
        found[svg] = decode(shot)
    return found


def _base64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode("ascii")
