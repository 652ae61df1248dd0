"""The link registry (`data/links.yaml`): every page and #anchor ever published.

Links to the report are pasted into announcements and cited for years, so
an id that was once published must keep leading somewhere: either it still
exists, or `redirects` says where it went. The check runs with every
`gaobu check` and every build; `gaobu links --update-registry` records the
new ids after an intentional publication. Nothing is ever removed from the
registry: that is what makes it a memory.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, StrictStr
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .. import files
from .model import LANGUAGES, Id, Strict, check_id
from ..urls import COVER, FIGURES, GLOSSARY, places

REGISTRY = "data/links.yaml"
HEADER = """\
Every page and #anchor this site has published, in each language: links
that must keep working. Checked by `gaobu check` and by every build.
`gaobu links --update-registry` adds new ones after a publication; nothing
is ever removed. To rename or remove a published id, declare where it went
under its report's `redirects` (old id: new id), once for both languages.
See data/README.md."""


# --- what the data publishes now -------------------------------------------------

def indicator_ids(source) -> list[str] | None:
    """The anchors of a report's figures page; None when it has no figures page."""
    return [i.id for i in source.indicators.model.indicators] if source.indicators else None


def published_now(source) -> dict[str, list[str]]:
    """Each page of a report (COVER, part ids, FIGURES) with its anchors, in reading order."""
    pages: dict[str, list[str]] = {COVER: []}
    for ident, place in places(source.report).items():
        pages.setdefault(place.page, []).append(place.anchor or ident)
    figures = indicator_ids(source)
    if figures is not None:
        pages[FIGURES] = figures
    return pages


def site_pages_now(project, lang: str) -> list[str]:
    """Pages outside the reports: the hand-written ones and the glossary."""
    return handwritten_now(project.root, lang) + ([GLOSSARY] if project.glossary and project.glossary.model.terms else [])


def handwritten_now(root: Path, lang: str) -> list[str]:
    folder = Path(root) / "docs" / lang
    paths = []
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        rel = path.relative_to(folder).as_posix()[: -len(".md")]
        rel = rel[: -len("/index")] if rel.endswith("/index") else rel
        if rel != "index":
            paths.append(rel)
    return paths


def resolve(ident: str, where: dict[str, Place], redirects: dict[str, str]) -> Place | None:
    """Where a published id leads now: itself, or through its redirects; None if nowhere (or a loop)."""
    seen = set()
    while ident not in where:
        if ident in seen or ident not in redirects:
            return None
        seen.add(ident)
        ident = redirects[ident]
    return where[ident]


# --- the registry's schema (read by loader.read_project, like every data file) ----------------

def check_published(value: str) -> str:
    """A published id: a part, section, paragraph or indicator id, or a hand-written page's path (`a/b`)."""
    return "/".join(check_id(step) for step in value.split("/"))


Published = Annotated[StrictStr, AfterValidator(check_published)]
Language = Literal["zh", "en"]


class ReportLinks(Strict):
    redirects: dict[Id, Id] = {}  # old id → the id that replaced it
    published: dict[Language, dict[Published, list[Published]]] = {}  # language → page → its anchors


class Registry(Strict):
    reports: dict[StrictStr, ReportLinks] = {}
    pages: dict[Language, list[Published]] = {}  # hand-written pages (and the glossary), per language


# --- recording a publication -------------------------------------------------------------

def update_registry(project) -> int:
    """Add every page and anchor published now to the registry; the number of ids added."""
    path = Path(project.root) / REGISTRY
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    if path.is_file():
        tree = yaml.load(path.read_text(encoding="utf-8")) or CommentedMap()
    else:
        tree = CommentedMap()
        tree.yaml_set_start_comment(HEADER)
    added = 0

    def extend(seq: CommentedSeq, items) -> None:
        nonlocal added
        for item in items:
            if item not in seq:
                seq.append(item)
                added += 1

    reports = tree.setdefault("reports", CommentedMap())
    for source in sorted(project.reports, key=lambda s: s.slug):
        entry = reports.setdefault(source.slug, CommentedMap())
        entry.setdefault("redirects", CommentedMap())
        published = entry.setdefault("published", CommentedMap())
        for lang in LANGUAGES:
            pages = published.setdefault(lang, CommentedMap())
            for page, anchors in published_now(source).items():
                if page not in pages:
                    added += page != COVER
                    pages[page] = CommentedSeq()
                extend(pages[page], anchors)
    handwritten = tree.setdefault("pages", CommentedMap())
    for lang in LANGUAGES:
        extend(handwritten.setdefault(lang, CommentedSeq()), site_pages_now(project, lang))
    out = io.StringIO()
    yaml.dump(tree, out)
    files.write_text(path, out.getvalue())
    return added
