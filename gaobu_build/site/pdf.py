"""PDF editions, printed from the built site's print pages by headless Chromium.

Chromium is the engine the browser tests already install (Debian's
`chromium`): it lays out the text in the fonts the print stylesheet names
(Noto Sans CJK SC for Chinese, Open Sans for English: Debian's fonts-noto-cjk
and fonts-open-sans) and embeds them, so the PDF's text is real text. The
pages are served on 127.0.0.1 only, for the time of printing. Chromium stamps
each PDF with the time it was made; those dates are replaced by fixed ones, so
the same data builds the same bytes.

Printing is most of a build's time, so each PDF is kept in a cache folder
(`.cache/gaobu/pdf/`, safe to delete at any time) under a fingerprint of all
that it is printed from: the page, every local file it loads, the theme's
assets, the fonts installed, Chromium's binary and this module. An unchanged
report is copied from there, byte for byte what printing it again would give.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import http.server
import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from .. import files
from ..ui import UI

CHROMIUM = Path(os.environ.get("GAOBU_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
PDF_DIR = "pdf"
FIXED_DATE = b"D:20000101000000+00'00'"


@dataclass(frozen=True)
class PdfJob:
    page: str  # the print page, relative to the site root: "2024/print/"
    out: str  # the PDF, relative to the site root: "2024/pdf/<short name>-2024-zh.pdf"
    lang: str  # the language of the page furniture (page numbers)


class PdfError(RuntimeError):
    pass


def available() -> bool:
    return importlib.util.find_spec("playwright") is not None and CHROMIUM.is_file()


def jobs_for(slug: str, prefix: str) -> list[tuple[str, PdfJob]]:
    """(label key in ui.UI, job) for each edition of a report: Chinese, English, and both side by side.

    `prefix` is the site's short name (data/site.yaml), so that a downloaded file says whose it is.
    """
    return [
        ("pdf_zh", PdfJob(f"{slug}/print/", f"{slug}/{PDF_DIR}/{prefix}-{slug}-zh.pdf", "zh")),
        ("pdf_en", PdfJob(f"en/{slug}/print/", f"{slug}/{PDF_DIR}/{prefix}-{slug}-en.pdf", "en")),
        ("pdf_both", PdfJob(f"{slug}/parallel/", f"{slug}/{PDF_DIR}/{prefix}-{slug}-zh-en.pdf", "zh")),
    ]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# Before printing, each link of the text gets the address it leads to, which
# the print stylesheet shows after it, and the PDF's link goes there too: the
# published address (from site_url), never the local server's. Without a
# site_url a link within the site can only be shown as its path. (The address beneath a part's QR code is
# the address already: shown once.)
_MARK_LINKS = """base => {
  for (const a of document.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href');
    if (href.startsWith('#')) continue;
    const url = new URL(href, location.href);
    const local = url.origin === location.origin;
    const shown = local ? (base || '/') + url.pathname.slice(1) + url.hash : url.href;
    if (!a.matches('.gaobu-permalink, .gaobu-pair-link, .headerlink, .gaobu-qr-address')) a.setAttribute('data-print-url', shown);
    if (local && !base) a.removeAttribute('href'); else a.setAttribute('href', shown);
  }
}"""


# The footer is laid out apart from the page and its stylesheet: its font is named here, as the print
# stylesheet (theme/assets/gaobu.css) names the page's, so that none is left to fontconfig's choice.
FOOTER_FONTS = {"zh": "'Noto Sans CJK SC', sans-serif", "en": "'Open Sans', 'Noto Sans CJK SC', sans-serif"}


def _footer(lang: str) -> str:
    words = UI[lang]["page"].format(page='<span class="pageNumber"></span>', pages='<span class="totalPages"></span>')
    return (f'<div style="font-family:{FOOTER_FONTS[lang]};font-size:8px;width:100%;text-align:center;'
            f'color:#555">{words}</div>')


def make_pdfs(site_dir: Path, jobs: list[PdfJob], site_url: str | None, cache: Path | None = None) -> int:
    """Print each job's page of the built site at `site_dir` to its PDF; the number printed (not from `cache`).

    In a thread of its own: Playwright's synchronous API refuses to run where an
    asyncio loop is running, as it is when the build is called from such a program.
    """
    site_dir = Path(site_dir)
    keys = _fingerprints(site_dir, jobs, site_url) if cache is not None else {}
    todo = []
    for job in jobs:
        cached = cache / f"{keys[job]}.pdf" if cache is not None else None
        target = site_dir / job.out
        try:
            if cached is None or not _whole_pdf(cached):
                raise FileNotFoundError(cached)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cached, target)
            os.utime(cached)  # recently used: kept when the folder is pruned (site/caches.py)
        except OSError:  # not printed yet (or pruned meanwhile by another build)
            todo.append(job)
    if not todo:
        return 0
    failure: list[BaseException] = []

    def work():
        try:
            _print(site_dir, todo, site_url)
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=work, name="gaobu-pdf")
    worker.start()
    worker.join()
    if failure:
        raise failure[0]
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        for job in todo:
            files.copy_file(site_dir / job.out, cache / f"{keys[job]}.pdf")
    return len(todo)


def _whole_pdf(path: Path) -> bool:
    """A cached PDF that is all there (written in one step, but a cache folder can be damaged)."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


_LOCAL_REF = re.compile(rb'(?:src|href)="([^"#?:]+)[^"]*"')


def _fingerprints(site_dir: Path, jobs: list[PdfJob], site_url: str | None) -> dict[PdfJob, str]:
    """Each job's cache key: a hash of everything its printed bytes depend on."""
    common = hashlib.sha256()
    common.update(Path(__file__).read_bytes())  # how we print: paper, margins, footer, link marking
    common.update(repr((str(CHROMIUM), CHROMIUM.stat().st_size, CHROMIUM.stat().st_mtime_ns) if CHROMIUM.exists() else "").encode())
    common.update(_fonts())
    for path in sorted((site_dir / "assets").rglob("*")):
        if path.is_file():
            common.update(path.relative_to(site_dir).as_posix().encode() + b"\0" + path.read_bytes())
    keys = {}
    for job in jobs:
        digest = common.copy()
        digest.update(repr((job, site_url)).encode())
        page = site_dir / job.page / "index.html"
        html = page.read_bytes() if page.is_file() else b""
        digest.update(html)
        for ref in sorted(set(_LOCAL_REF.findall(html))):
            local = (page.parent / ref.decode("utf-8", "replace")).resolve()
            if local.is_file() and local.suffix != ".html" and site_dir.resolve() in local.parents:
                digest.update(ref + b"\0" + local.read_bytes())
        keys[job] = digest.hexdigest()[:32]
    return keys


@functools.lru_cache(maxsize=1)
def _fonts() -> bytes:
    """The fonts Chromium can choose from (fontconfig's list): installing or updating one changes the key."""
    try:
        listing = subprocess.run(["fc-list", "--format", "%{file}|%{family}|%{fontversion}\n"],
                                 capture_output=True, check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return b"no fontconfig"
    return b"\n".join(sorted(listing.splitlines()))


def _print(site_dir: Path, jobs: list[PdfJob], site_url: str | None) -> None:
    from playwright.sync_api import Error, sync_playwright

    handler = functools.partial(_Quiet, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_port}/"
    base = site_url or ""
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                for job in jobs:
                    response = page.goto(root + job.page, wait_until="load")
                    if response is None or not response.ok:
                        raise PdfError(f"cannot print {job.page}: HTTP {response and response.status}")
                    page.emulate_media(media="print")
                    page.evaluate(_MARK_LINKS, base)
                    target = Path(site_dir) / job.out
                    target.parent.mkdir(parents=True, exist_ok=True)
                    data = page.pdf(format="A4", print_background=True, display_header_footer=True,
                                    header_template="<span></span>", footer_template=_footer(job.lang),
                                    margin={"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
                                    )
                    target.write_bytes(_reproducible(data))
            finally:
                browser.close()
    except Error as exc:
        raise PdfError(f"Chromium could not print the PDF editions: {exc}") from None
    finally:
        server.shutdown()
        server.server_close()


def _reproducible(data: bytes) -> bytes:
    """Fixed dates: the one thing that varies from run to run.

    The replacement keeps the length, so the PDF's cross-reference offsets
    stay right. (PDFs are printed untagged: Chromium names tagged structure
    after DOM node numbers, whose order changes from run to run, and without
    tags it writes no outline either.)
    """
    def fixed(match: re.Match) -> bytes:
        original = match.group(2)
        return match.group(1) + FIXED_DATE[: len(original)].ljust(len(original), b" ") + b")"

    return re.sub(rb"(/(?:CreationDate|ModDate) ?\()(D:[^)]*)\)", fixed, data)
