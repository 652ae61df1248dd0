"""Checks across a whole report, after each file has passed the schema."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from ..memo import DiskCache, Memo, code_digest, digest
from .links import check_registry
from ..source.findings import ERROR, DataError, Finding
from ..source.glossary import CITABLE
from ..source.loader import Project, read_project
from .indicators import check_indicators
from .notes import check_emphasis, check_notes
from .site import check_palette
from .translation import check_glossary_terms, check_translation
_CHECKED = Memo(size=64)
# Anchors and page names the generated pages use themselves.
RESERVED_IDS = frozenset({"top", "contents", "key-figures", "about-source", "index", "figures", "data"})


def checked_project(root: Path, cache: DiskCache | None = None) -> Project:
    """Read `root/data`, then check it, once: the project with every finding; DataError if any is an error.

    `cache` keeps each report's findings for the next build (a build's .cache/gaobu/checks/).
    """
    project = read_project(root)
    project.findings.extend(check_project(project, cache))
    if any(f.severity == ERROR for f in project.findings):
        raise DataError(project.findings, project)
    return project


def check_project(project, cache: DiskCache | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for source in project.reports:
        # A report's own checks depend on its files and the glossary alone: unchanged, they are not run again.
        key = (source.display_path, source.digest, project.glossary_digest)

        def checked(source=source, key=key) -> list[Finding]:
            if cache is None:
                return check_report(source, project.glossary)
            return cache.get(digest(repr(key), code_digest("gaobu_build.source", "gaobu_build.checks")),
                             lambda: check_report(source, project.glossary), _dump_findings, _load_findings)

        findings.extend(_CHECKED.get(key, checked))
    if project.glossary:
        findings.extend(check_glossary(project.glossary))
        findings.extend(check_glossary_sources(project.glossary))
        findings.extend(check_glossary_terms(project.glossary))
    findings.extend(check_registry(project))
    if project.site:
        findings.extend(check_palette(project.site))
    return findings


def _dump_findings(findings: list[Finding]) -> bytes:
    return json.dumps([asdict(f) for f in findings], ensure_ascii=False).encode("utf-8")


def _load_findings(raw: bytes) -> list[Finding]:
    return [Finding(**f) for f in json.loads(raw)]


def check_report(source, glossary) -> list[Finding]:
    findings = check_ids(source)
    id_problems = bool(findings)
    findings.extend(check_key_figures(source))
    findings.extend(check_text_end(source))
    findings.extend(check_notes(source))
    findings.extend(check_emphasis(source))
    if not id_problems:  # translation records and indicators are keyed by id
        findings.extend(check_translation(source, glossary))
        findings.extend(check_indicators(source))
    return findings


def check_glossary(source) -> list[Finding]:
    """One Chinese form, one term: otherwise the check could not say which rendering is right."""
    seen: dict[str, int] = {}
    findings = []
    for i, term in enumerate(source.glossary.terms):
        for j, form in enumerate(term.chinese_forms()):
            loc = ("terms", i, "zh") if j == 0 else ("terms", i, "variants", j - 1)
            if form in seen:
                findings.append(source.finding(
                    loc, ERROR, "duplicate-term", f"The term {form} is already listed (term {seen[form] + 1})",
                    "Keep one entry per term; list other Chinese forms under `variants:` of that entry."))
            else:
                seen[form] = i
    return findings


def check_glossary_sources(source) -> list[Finding]:
    """The glossary page cites a rendering's source by linking it: only official (A) or state-media (B) ones."""
    findings = []
    for i, term in enumerate(source.glossary.terms):
        if term.source and term.authority not in CITABLE:
            rated = "authority C (a repost or a weak source)" if term.authority == "C" else "no authority"
            findings.append(source.finding(
                ("terms", i, "source"), ERROR, "uncitable-source",
                f"The source of {term.zh} has {rated}, but the glossary page would link it as the source of the rendering",
                "Cite an official (A) or state-media (B) page instead, or move the address to `leads:` (kept for "
                "editors, never published): the page then says that the rendering is the site's own."))
        elif term.authority in CITABLE and not term.source:
            findings.append(source.finding(
                ("terms", i, "authority"), ERROR, "missing-source",
                f"{term.zh} has authority {term.authority} but no source to cite",
                "Add `source:` with the address of the page that uses the rendering, or set `authority:` to C or none."))
    return findings


def _id_locations(report):
    for pi, part in enumerate(report.parts):
        yield part.id, ("parts", pi, "id")
        for si, section in enumerate(part.sections):
            yield section.id, ("parts", pi, "sections", si, "id")
    for paragraph, loc in report.all_paragraphs():
        yield paragraph.id, loc + ("id",)
    for i, note in enumerate(report.notes):
        yield note.id, ("notes", i, "id")


def check_ids(source) -> list[Finding]:
    """Ids are anchors and page paths: one report may use each only once."""
    seen: dict[str, tuple] = {}
    findings = []
    for ident, loc in _id_locations(source.report):
        if ident in RESERVED_IDS:
            findings.append(source.finding(
                loc, ERROR, "reserved-id", f"The id '{ident}' is reserved for the site's own use",
                f"Choose another id; these are taken: {', '.join(sorted(RESERVED_IDS))}.", unit=ident))
        elif ident in seen:
            first_line, _ = source.where(seen[ident])
            findings.append(source.finding(
                loc, ERROR, "duplicate-id", f"Duplicate id '{ident}' (first used on line {first_line})",
                "Every part, section and paragraph of a report needs its own id: rename this one.", unit=ident))
        else:
            seen[ident] = loc
    return findings


def check_key_figures(source) -> list[Finding]:
    paragraphs = {p.id: p for p, _ in source.report.all_paragraphs()}
    findings = []
    for i, fig in enumerate(source.report.key_figures):
        loc = ("key_figures", i)
        target = paragraphs.get(fig.paragraph)
        if target is None:
            findings.append(source.finding(
                loc + ("paragraph",), ERROR, "unknown-paragraph",
                f"Key figure '{fig.label.zh}' points to paragraph '{fig.paragraph}', which does not exist",
                "Use the id of the paragraph that states this figure."))
            continue
        for lang in ("zh", "en"):
            value, text = fig.value.text(lang), target.text(lang)
            if value and text and value not in text:
                findings.append(source.finding(
                    loc + ("value", lang), ERROR, "figure-not-in-paragraph",
                    f"Key figure {value!r} does not appear in the {lang} text of paragraph '{fig.paragraph}'",
                    "Write the figure exactly as the paragraph states it, or point to the right paragraph."))
    return findings


def check_text_end(source) -> list[Finding]:
    paragraphs = list(source.report.all_paragraphs())
    findings = []
    for index, (paragraph, loc) in enumerate(paragraphs):
        if paragraph.text_ends_here and index != len(paragraphs) - 1:
            findings.append(source.finding(
                loc + ("text_ends_here",), ERROR, "text-ends-early",
                f"Paragraph '{paragraph.id}' is marked as where the text ends, but paragraphs follow it",
                "Only the last paragraph of a report can be marked `text_ends_here: true`.", unit=paragraph.id))
    return findings
