"""PDF editions, printed from the built site's print pages by headless Chromium.

Chromium is the engine the browser tests already install (Debian's
`chromium`): it lays out Chinese with the system's CJK font and embeds it,
so the PDF's text is real text. The pages are served on 127.0.0.1 only, for
the time of printing. Chromium stamps each PDF with the time it was made;
those dates are replaced by fixed ones, so the same data builds the same bytes.
"""

from __future__ import annotations

import functools
import importlib.util
import http.server
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from ..ui import UI

CHROMIUM = Path(os.environ.get("GAOBU_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
PDF_DIR = "pdf"
FIXED_DATE = b"D:20000101000000+00'00'"


@dataclass(frozen=True)
class PdfJob:
    page: str  # the print page, relative to the site root: "2024/print/"
    out: str  # the PDF, relative to the site root: "2024/pdf/gaobu-2024-zh.pdf"
    lang: str  # the language of the page furniture (page numbers)


class PdfError(RuntimeError):
    pass


def available() -> bool:
    return importlib.util.find_spec("playwright") is not None and CHROMIUM.is_file()


def jobs_for(slug: str) -> list[tuple[str, PdfJob]]:
    """(label key in strings.UI, job) for each edition of a report: Chinese, English, and both side by side."""
    return [
        ("pdf_zh", PdfJob(f"{slug}/print/", f"{slug}/{PDF_DIR}/gaobu-{slug}-zh.pdf", "zh")),
        ("pdf_en", PdfJob(f"en/{slug}/print/", f"{slug}/{PDF_DIR}/gaobu-{slug}-en.pdf", "en")),
        ("pdf_both", PdfJob(f"{slug}/parallel/", f"{slug}/{PDF_DIR}/gaobu-{slug}-zh-en.pdf", "zh")),
    ]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# Before printing, each link of the text gets the address it leads to, which
# the print stylesheet shows after it, and the PDF's link goes there too: the
# published address (from site_url), never the local server's. Without a
# site_url a link within the site can only be shown as its path.
_MARK_LINKS = """base => {
  for (const a of document.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href');
    if (href.startsWith('#')) continue;
    const url = new URL(href, location.href);
    const local = url.origin === location.origin;
    const shown = local ? (base || '/') + url.pathname.slice(1) + url.hash : url.href;
    if (!a.matches('.gaobu-permalink, .gaobu-pair-link, .headerlink')) a.setAttribute('data-print-url', shown);
    if (local && !base) a.removeAttribute('href'); else a.setAttribute('href', shown);
  }
}"""


def _footer(lang: str) -> str:
    words = UI[lang]["page"].format(page='<span class="pageNumber"></span>', pages='<span class="totalPages"></span>')
    return f'<div style="font-size:8px;width:100%;text-align:center;color:#555">{words}</div>'


def make_pdfs(site_dir: Path, jobs: list[PdfJob], site_url: str | None) -> None:
    """Print each job's page of the built site at `site_dir` to its PDF.

    In a thread of its own: Playwright's synchronous API refuses to run where an
    asyncio loop is running, as it is when the build is called from such a program.
    """
    failure: list[BaseException] = []

    def work():
        try:
            _print(site_dir, jobs, site_url)
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=work, name="gaobu-pdf")
    worker.start()
    worker.join()
    if failure:
        raise failure[0]


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
