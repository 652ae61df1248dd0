"""`gaobu new DIR`: a new office's site, ready for `gaobu import` and `mkdocs build`.

It writes only what is the site's own (mkdocs.yml, data/site.yaml, a README, the Pages workflow):
the templates, theme and code stay in the installed package, so a site gets the generator's
fixes by upgrading it.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from pydantic import ValidationError

from ..files import CACHE_DIR, write_text
from ..source.site import DEFAULT_SHORT_NAME, SiteIdentity

SKELETON = Path(__file__).resolve().parent / "skeleton"
# Skeleton file → where it goes in the new site (dot files are kept undotted in the package).
FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "site.yaml": "data/site.yaml",
    "README.md": "README.md",
    "requirements.txt": "requirements.txt",
    "gitignore": ".gitignore",
    "pages.yml": ".github/workflows/pages.yml",
}
# Hand-written pages go here; MkDocs needs the folder (docs_dir) to exist.
KEEP = ("docs/zh/.gitkeep", "docs/en/.gitkeep")
INTRO = {
    "zh": "政府工作报告的中英双语版本。各段落均有固定链接，可在中英文之间切换阅读。",
    "en": "Government work reports in Chinese and English. Every paragraph has a permanent link, "
          "and each page can be read in either language.",
}
OPTIONS = {("name", "zh"): "--name-zh", ("name", "en"): "--name-en", ("publisher", "zh"): "--publisher-zh",
           ("publisher", "en"): "--publisher-en", ("short_name",): "--short-name"}


@dataclass(frozen=True)
class NewSite:
    name_zh: str
    name_en: str
    publisher_zh: str | None = None
    publisher_en: str | None = None
    short_name: str | None = None
    requirement: str | None = None


class UsageError(ValueError):
    pass


def short_name_for(name_en: str) -> str:
    """The English name's first word, for file names ("Anning Town …" → anning); `report` when it is not plain ASCII."""
    first = (name_en.split() or [""])[0].lower()
    return first if re.fullmatch(r"[a-z0-9]+", first) else DEFAULT_SHORT_NAME


def identity(new: NewSite) -> dict:
    """data/site.yaml's content as data, checked by the same model as every build; UsageError names the option."""
    if (new.publisher_zh is None) != (new.publisher_en is None):
        raise UsageError("--publisher-zh and --publisher-en go together: give the publisher in both languages")
    site = {"name": {"zh": new.name_zh, "en": new.name_en}, "intro": dict(INTRO),
            "short_name": new.short_name or short_name_for(new.name_en)}
    if new.publisher_zh is not None:
        site["publisher"] = {"zh": new.publisher_zh, "en": new.publisher_en}
    try:
        SiteIdentity.model_validate(site)
    except ValidationError as exc:
        err = exc.errors()[0]
        option = OPTIONS.get(tuple(err["loc"]), ".".join(map(str, err["loc"])))
        raise UsageError(f"{option}: {err['msg']}") from None
    return site


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def _requirement(new: NewSite) -> str:
    if new.requirement:
        return new.requirement
    try:
        return f"gaobu-build=={metadata.version('gaobu-build')}"
    except metadata.PackageNotFoundError:
        return "gaobu-build"


def render_files(new: NewSite) -> dict[str, str]:
    """Path in the new site → its text."""
    site = identity(new)
    publisher = ""
    if "publisher" in site:
        publisher = (f"# 主办单位: the sponsoring body.\npublisher:\n  zh: {_quoted(site['publisher']['zh'])}\n"
                     f"  en: {_quoted(site['publisher']['en'])}\n")
    values = {
        "@SITE_NAME@": _quoted(new.name_zh),
        "@NAME_ZH@": _quoted(new.name_zh),
        "@NAME_EN@": _quoted(new.name_en),
        "@INTRO_ZH@": _quoted(INTRO["zh"]),
        "@INTRO_EN@": _quoted(INTRO["en"]),
        "@PUBLISHER@": publisher,
        "@SHORT_NAME@": site["short_name"],
        "@REQUIREMENT@": _requirement(new),
        "@CACHE_DIR@": CACHE_DIR,
    }
    files = {}
    for source, target in FILES.items():
        text = (SKELETON / source).read_text(encoding="utf-8")
        if source == "README.md":  # prose, not YAML: the names as typed
            text = text.replace("@NAME_ZH@", new.name_zh).replace("@NAME_EN@", new.name_en)
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        files[target] = text
    files.update({path: "" for path in KEEP})
    return files


def _fail(path, message: str, hint: str, code: str) -> int:
    print(f"{path}: error: {message}. {hint} [{code}]", file=sys.stderr)
    return 1


def create(folder: str, new: NewSite) -> int:
    """The command: 0 when the site was written; 2 for a bad option, 1 when the folder cannot be used (nothing written)."""
    try:
        files = render_files(new)
    except UsageError as exc:
        print(f"gaobu new: error: {exc}", file=sys.stderr)
        return 2
    target = Path(folder)
    if target.exists() and not target.is_dir():
        return _fail(folder, "a file is in the way of the site's folder", "Choose another folder.", "not-a-folder")
    if target.is_dir() and any(target.iterdir()):
        return _fail(folder, "the folder is not empty", "Choose a new or empty folder: gaobu new never overwrites a site.",
                     "folder-not-empty")
    written: list[Path] = []
    created_root = not target.exists()
    try:
        for path, text in files.items():
            out = target / path
            write_text(out, text)
            written.append(out)
    except OSError as exc:
        _undo(target, written, created_root)
        return _fail(folder, f"cannot write the site ({exc.strerror or exc})", "Check the folder's permissions.", "unwritable")
    print(f"Wrote a new site in {folder}: {', '.join(sorted(files))}")
    print(f"Next: cd {folder}, then `gaobu import REPORT.docx --out data/2024` and `mkdocs serve` (see README.md).")
    return 0


def _undo(target: Path, written: list[Path], created_root: bool) -> None:
    """Remove what this command wrote, leaving the folder as it was (empty, or absent)."""
    for path in written:
        path.unlink(missing_ok=True)
    for folder in sorted({p for path in written for p in path.parents if target in p.parents},
                         key=lambda p: len(p.parts), reverse=True):
        try:
            folder.rmdir()
        except OSError:
            pass
    if created_root:
        try:
            target.rmdir()
        except OSError:
            pass
