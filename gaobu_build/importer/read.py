"""Reading a source file into blocks: one block per line of text or Word paragraph.

Nothing is interpreted here beyond the file format: Markdown front matter,
`#` headings and `**bold**`, Word heading styles and bold runs. Each block
keeps the number of the line (or Word paragraph) it came from, so that what
clean-up removes can be reported where an editor can find it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .text import BOLD_OFF, BOLD_ON

EXTENSIONS = (".txt", ".md", ".docx")


class SourceError(Exception):
    """An input the importer cannot use; `code` and `hint` tell the editor what to do."""

    def __init__(self, message: str, hint: str, code: str):
        super().__init__(message)
        self.message, self.hint, self.code = message, hint, code


@dataclass
class Block:
    text: str
    line: int
    heading: int = 0  # 1 = top-level heading (Markdown `#`, Word "Heading 1"/"Title"), 0 = body text


@dataclass
class Source:
    blocks: list[Block]
    meta: dict = field(default_factory=dict)  # title and source, from front matter or Word properties


def read_source(path: Path) -> Source:
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        raise SourceError(f"cannot import a '{path.suffix or 'extensionless'}' file",
                          "Save the report as .txt (UTF-8), .md or .docx and import that.", "wrong-extension")
    if not path.exists():
        raise SourceError("no such file", "Check the path.", "no-such-file")
    if not path.is_file():
        raise SourceError("cannot read it: it is a folder, not a file", "Give the path of the report's file.", "unreadable")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read the file ({exc.strerror})", "Check the file's permissions.", "unreadable") from exc
    if suffix == ".docx":
        source = _read_docx(path)
    else:
        text, encoding = _decode(data)
        source = _read_markdown(text) if suffix == ".md" else Source(_lines(text))
        if encoding != "utf-8":
            source.meta.setdefault("notes", []).append(f"the file is {encoding}, not UTF-8: it was read as {encoding}")
    if not any(b.text.strip() for b in source.blocks):
        raise SourceError("the file holds no text", "Import the file that holds the report's text.", "empty")
    return source


def _decode(data: bytes) -> tuple[str, str]:
    """UTF-8, or GB18030 (which reads GBK and GB2312) when the bytes are that: Chinese offices still save in it."""
    if b"\x00" in data[:4096]:
        raise SourceError("the file is binary data, not text",
                          "Import the report's text: a .txt or .md file, or the Word .docx itself.", "binary")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    # Random bytes often decode as GB18030 too: take it only when it reads as Chinese text.
    cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
    controls = sum(ord(ch) < 32 and ch not in "\t\n\r" for ch in text)
    if text and cjk >= len(text.strip()) * 0.3 and controls == 0:
        return text, "GB18030 (GBK)"
    raise SourceError(f"the file is neither UTF-8 nor GBK text ({utf8_error.reason} at byte {utf8_error.start})",
                      "Save it as UTF-8 (in most editors: Save As, encoding UTF-8).", "not-utf8") from utf8_error


def _lines(text: str, first_line: int = 1) -> list[Block]:
    return [Block(line.strip(), n) for n, line in enumerate(text.splitlines(), first_line) if line.strip()]


_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# `***text**` (a stray third asterisk, as some copies have) is bold too.
_BOLD = re.compile(r"\*\*\*?(.+?)\*\*\*?|__(.+?)__")
_QUOTE = re.compile(r"^(?:>\s*)+")


def _read_markdown(text: str) -> Source:
    meta: dict = {}
    first_line = 1
    front = _FRONT.match(text)
    if front:
        for line in front.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip() in ("title", "source"):
                meta[key.strip()] = value.strip().strip("'\"")
        first_line = text[: front.end()].count("\n") + 1
        text = text[front.end():]
    blocks = []
    for block in _lines(text, first_line):
        block.text = _QUOTE.sub("", block.text)  # a quoted note ("> 〔注〕…") is text of the report
        heading = _HEADING.match(block.text)
        if heading:
            block.heading, block.text = len(heading.group(1)), heading.group(2)
        block.text = _BOLD.sub(lambda m: BOLD_ON + (m.group(1) or m.group(2)) + BOLD_OFF, block.text)
        blocks.append(block)
    return Source(blocks, meta)


def _read_docx(path: Path) -> Source:
    import docx  # python-docx is needed for Word files only
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise SourceError("the file is not a Word .docx document (it is not a valid .docx package)",
                          "Open it in Word or LibreOffice and save it as .docx, or import its text as .txt.",
                          "not-docx") from exc
    blocks = []
    for number, paragraph in enumerate(document.paragraphs, 1):
        text = "".join(_run_text(run) for run in paragraph.runs).strip() or paragraph.text.strip()
        if text:
            blocks.append(Block(_merge_marks(text), number, _heading_level(paragraph.style.name if paragraph.style else "")))
    meta = {"title": document.core_properties.title} if document.core_properties.title else {}
    if document.tables:
        # Tables are not paragraphs of the report's text; say so rather than drop them silently.
        meta["notes"] = [f"the Word file has {len(document.tables)} table(s); they were not imported: copy what they say by hand"]
    return Source(blocks, meta)


def _run_text(run) -> str:
    return f"{BOLD_ON}{run.text}{BOLD_OFF}" if run.bold and run.text.strip() else run.text


def _merge_marks(text: str) -> str:
    # Word splits one bold phrase into several runs; join them into one span.
    return text.replace(BOLD_OFF + BOLD_ON, "")


def _heading_level(style: str) -> int:
    if style == "Title":
        return 1
    match = re.fullmatch(r"Heading (\d)", style)
    return int(match.group(1)) if match else 0
