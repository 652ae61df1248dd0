"""Live preview: from saving one paragraph's YAML to `mkdocs serve` serving the rebuilt page."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait(predicate, seconds: float, step: float = 0.02) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if predicate():
            return time.perf_counter() - start
        time.sleep(step)
    return None


def edit_target(project: Path) -> tuple[Path, str, str]:
    """The newest report's file, the English page of its first part, and words that occur once in the file there."""
    from gaobu_build.source.loader import read_project

    source = read_project(project).reports[0]
    text = source.path.read_text(encoding="utf-8")
    part = source.report.parts[0]
    paragraphs = part.paragraphs + [p for section in part.sections for p in section.paragraphs]
    for paragraph in paragraphs:
        # Whole words, so that the marker added after them never joins a figure ("2023 1310").
        anchor = (paragraph.en or "")[:32].rsplit(" ", 1)[0]
        if len(anchor) >= 12 and text.count(anchor) == 1:
            return source.path, f"en/{source.slug}/{part.id}/", anchor
    raise RuntimeError(f"no paragraph of {source.path} to edit")


REBUILT_RE = re.compile(r"gaobu: rebuilt \d+ page\(s\) that the edit changed in ([0-9.]+) s")


def edit_latencies(project: Path, report_file: Path, page: str, anchor: str, edits: int = 5) -> tuple[list[float], list[float]]:
    """Seconds from each save of `report_file` (the English after `anchor` changed) to `page` showing it,
    and the seconds of each rebuild itself, as the server logs them (the rest is noticing the save).

    The page is an English one: English is built after Chinese, so it is the last page of a
    rebuild to change. Between edits the server is left to settle, as an editor types.
    """
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log = (project / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=log, stderr=subprocess.STDOUT,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    latencies = []
    try:
        if _wait(lambda: _get(base + page), 120, 0.25) is None:
            raise RuntimeError("mkdocs serve did not serve " + base + page)
        time.sleep(2)
        original = report_file.read_text(encoding="utf-8")
        for i in range(edits):
            marker = f"LIVEEDIT{i}"
            report_file.write_text(original.replace(anchor, f"{anchor} {marker}", 1), encoding="utf-8")
            latency = _wait(lambda: marker in _get(base + page), 60)
            if latency is None:
                raise RuntimeError(f"edit {i} never reached {base + page}")
            latencies.append(latency)
            time.sleep(1 + 2 * latency)  # let the rest of that rebuild (search index) finish before the next edit
        report_file.write_text(original, encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    rebuilds = [float(m.group(1)) for m in REBUILT_RE.finditer((project / "serve.log").read_text(encoding="utf-8"))]
    return latencies, rebuilds
