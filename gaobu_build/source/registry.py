"""The link registry (`data/links.yaml`): every page and #anchor ever published.

Links to the report are pasted into announcements and cited for years, so
an id that was once published must keep leading somewhere: either it still
exists, or `redirects` says where it went. The check runs with every
`gaobu check` and every build; `gaobu links --update-registry` records the
new ids after an intentional publication. Nothing is ever removed from the
registry: that is what makes it a memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .yamlio import describe, locate, parse_yaml
from .findings import ERROR, Finding
from .model import ID_RE, LANGUAGES
from ..urls import COVER, FIGURES, GLOSSARY, Place, places

REGISTRY = "data/links.yaml"
HEADER = """\
Every page and #anchor this site has published, in each language: links
that must keep working. Checked by `gaobu check` and by every build.
`gaobu links --update-registry` adds new ones after a publication; nothing
is ever removed. To rename or remove a published id, declare where it went
under its report's `redirects` (old id: new id), once for both languages.
See data/README.md."""


@dataclass
class ReportLinks:
    redirects: dict[str, str] = field(default_factory=dict)
    published: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # lang -> page -> anchors


@dataclass
class Registry:
    path: str
    tree: object
    reports: dict[str, ReportLinks] = field(default_factory=dict)
    pages: dict[str, list[str]] = field(default_factory=dict)  # hand-written pages, per language

    def finding(self, loc: tuple, code: str, message: str, hint: str, key: bool = False) -> Finding:
        line, col = locate(self.tree, loc, key=key)
        return Finding(self.path, line, col, ERROR, code, message, hint)


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


# --- reading the registry -----------------------------------------------------------

def read_registry(root: Path) -> tuple[Registry | None, list[Finding]]:
    """The registry, or None when there is none yet (a new site has published nothing)."""
    path = Path(root) / REGISTRY
    if not path.is_file():
        return None, []
    tree, findings = parse_yaml(path, REGISTRY)
    if findings:
        return None, findings
    registry = Registry(REGISTRY, tree)
    findings = _parse(registry, tree if tree is not None else CommentedMap())
    return (None if findings else registry), findings


def _parse(reg: Registry, tree) -> list[Finding]:
    findings: list[Finding] = []

    def bad(loc, message, hint, key=False):
        findings.append(reg.finding(loc, "bad-registry", message, hint, key=key))

    def mapping(node, loc, fields=None) -> bool:
        if not isinstance(node, dict):
            bad(loc, f"Expected a mapping but received: {describe(node)}", "Write `key: value` lines, indented below.")
            return False
        for key in node:
            if fields is not None and key not in fields:
                bad(loc + (key,), f"Unknown field '{key}'", f"Expected one of: {', '.join(fields)}.", key=True)
            elif fields is None and not (isinstance(key, str) and (ID_RE.fullmatch(key) or "/" in key)):
                bad(loc + (key,), f"Expected an id but received: {describe(key)}",
                    "Ids are lowercase ASCII words joined by hyphens; quote numbers, e.g. '2024'.", key=True)
        return True

    def ids(node, loc) -> list[str]:
        if not isinstance(node, list):
            bad(loc, f"Expected a list of ids but received: {describe(node)}", "Write each id on its own line starting with `- `.")
            return []
        good = []
        for i, item in enumerate(node):
            if isinstance(item, str) and (ID_RE.fullmatch(item) or "/" in item):
                good.append(item)
            else:
                bad(loc + (i,), f"Expected an id but received: {describe(item)}", "Ids are lowercase ASCII words joined by hyphens.")
        return good

    if not mapping(tree, (), ("reports", "pages")):
        return findings
    reports = tree.get("reports") or CommentedMap()
    if mapping(reports, ("reports",)):
        for slug, entry in reports.items():
            loc = ("reports", slug)
            links = reg.reports[str(slug)] = ReportLinks()
            if not mapping(entry, loc, ("redirects", "published")):
                continue
            redirects = entry.get("redirects") or CommentedMap()
            if mapping(redirects, loc + ("redirects",)):
                for old, new in redirects.items():
                    if isinstance(new, str) and ID_RE.fullmatch(new):
                        links.redirects[str(old)] = new
                    else:
                        bad(loc + ("redirects", old), f"Expected the new id of '{old}' but received: {describe(new)}",
                            "Write `old-id: new-id`, the new id being a part, section or paragraph of the report.")
            published = entry.get("published") or CommentedMap()
            if mapping(published, loc + ("published",), LANGUAGES):
                for lang, pages in published.items():
                    if lang in LANGUAGES and mapping(pages, loc + ("published", lang)):
                        links.published[lang] = {page: ids(anchors or [], loc + ("published", lang, page))
                                                 for page, anchors in pages.items()}
    pages = tree.get("pages") or CommentedMap()
    if mapping(pages, ("pages",), LANGUAGES):
        reg.pages = {lang: ids(paths or [], ("pages", lang)) for lang, paths in pages.items() if lang in LANGUAGES}
    return findings


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
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(tree, out)
    return added
