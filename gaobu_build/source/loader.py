"""Reading `data/`: YAML with a line and column for every node, then the model.

Everything is read and checked before anything is written, and every problem
of every file is collected before one `DataError` is raised.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap

from ..memo import digest
from .findings import ERROR, WARNING, DataError, Finding
from .glossary import GLOSSARY_FILE, Glossary
from .indicators import INDICATORS_FILE, Indicators
from .model import ID_RE, Report
from .registry import REGISTRY, Registry
from .schema_errors import from_pydantic
from .site import SITE_FILE, SiteIdentity
from .translations import STATE_FILE, TranslationState
from .yamlio import describe as _describe
from .yamlio import display_path, has_key, locate, parse_yaml

DATA_DIR = "data"
REPORT_FILE = "report.yaml"
# Report folders become the first segment of URLs; these names are taken.
RESERVED_SLUGS = frozenset({"en", "zh", "assets", "pagefind", "search", "404", "sitemap", "stylesheets", "javascripts", "glossary"})
FINGERPRINT_RE = re.compile(r"[0-9a-f]{12}")


@dataclass
class ReportSource:
    """One report as read from disk: the model, and where each part of it was written."""

    slug: str
    path: Path
    display_path: str
    report: Report
    tree: CommentedMap
    translations: TranslationState | None = None
    indicators: DataFile | None = None  # its model is an Indicators
    digest: str = ""  # of the bytes of the report's files (report, translations, indicators): what its checks and pages depend on

    def where(self, loc: tuple, key: bool = False) -> tuple[int, int]:
        return locate(self.tree, loc, key=key)

    def has(self, loc: tuple) -> bool:
        """Whether the file writes the key at `loc` (`en: ''` does; a mapping without `en` does not)."""
        return has_key(self.tree, loc)

    def finding(self, loc: tuple, severity: str, code: str, message: str, hint: str = "", unit: str = "", key: bool = False) -> Finding:
        line, col = self.where(loc, key=key)
        return Finding(self.display_path, line, col, severity, code, message, hint, unit)


@dataclass
class DataFile:
    """A file of data beside the reports (the glossary, a report's indicators) and where each part of it is."""

    display_path: str
    model: object
    tree: CommentedMap

    def finding(self, loc: tuple, severity: str, code: str, message: str, hint: str = "", unit: str = "",
                key: bool = False) -> Finding:
        line, col = locate(self.tree, loc, key=key)
        return Finding(self.display_path, line, col, severity, code, message, hint, unit)

    def has(self, loc: tuple) -> bool:
        return has_key(self.tree, loc)

    @property
    def glossary(self) -> Glossary:
        return self.model


@dataclass
class Project:
    root: Path
    reports: list[ReportSource]
    findings: list[Finding] = field(default_factory=list)
    glossary: DataFile | None = None
    registry: DataFile | None = None  # data/links.yaml (a Registry); None before anything was published
    site: DataFile | None = None  # data/site.yaml: its model is a SiteIdentity
    glossary_digest: str = ""

    @property
    def identity(self) -> SiteIdentity:
        return self.site.model


def read_project(root: Path) -> Project:
    """Read every data file under `root/data` (nothing is checked across files here); raise DataError on any error."""
    root = Path(root)
    data = root / DATA_DIR
    findings: list[Finding] = []
    reports: list[ReportSource] = []
    folders = sorted(p for p in data.iterdir() if p.is_dir()) if data.is_dir() else []
    for folder in folders:
        path = folder / REPORT_FILE
        shown = display_path(path, root)
        slug = folder.name
        # Checked before anything is read: a link could publish any file of the machine.
        outside = _link_outside(path, data, root) if os.path.lexists(path) else ""
        if outside:
            findings.append(Finding(shown, 1, 1, ERROR, "symlink-outside-data", outside,
                                    "The site is built only from what is in data/: copy the file into data/ instead of linking to it."))
            continue
        if not path.is_file():
            continue
        if not ID_RE.fullmatch(slug) or slug in RESERVED_SLUGS:
            findings.append(Finding(shown, 1, 1, ERROR, "bad-folder",
                                    f"Expected a report folder named like '2024' (lowercase ASCII letters, digits and hyphens, not {', '.join(sorted(RESERVED_SLUGS))}) but received: {slug!r}",
                                    "The folder name is the report's URL path: rename the folder."))
            continue
        source, problems = load_report(path, shown, slug)
        findings.extend(problems)
        if source is not None:
            source.translations, problems = load_translations(folder / STATE_FILE, display_path(folder / STATE_FILE, root), source.report)
            findings.extend(problems)
            source.indicators, problems = load_data_file(folder / INDICATORS_FILE, display_path(folder / INDICATORS_FILE, root),
                                                         Indicators, "indicators")
            findings.extend(problems)
            source.digest = digest(*(_bytes(folder / name) for name in (REPORT_FILE, STATE_FILE, INDICATORS_FILE)))
            reports.append(source)
    glossary, problems = load_glossary(data / GLOSSARY_FILE, display_path(data / GLOSSARY_FILE, root))
    findings.extend(problems)
    registry, problems = load_registry(root / REGISTRY, REGISTRY)
    findings.extend(problems)
    site, problems = load_site(data, root)
    findings.extend(problems)
    if not reports and not findings:
        findings.append(Finding(display_path(data, root), 1, 1, ERROR, "no-report",
                                f"No report found: expected {DATA_DIR}/<year>/{REPORT_FILE}",
                                "Import one: `gaobu import REPORT.docx --out data/2024` (or .md, .txt), or write data/2024/report.yaml."))
    project = Project(root, sorted(reports, key=lambda r: r.report.year, reverse=True), findings, glossary, registry, site,
                      glossary_digest=digest(_bytes(data / GLOSSARY_FILE)))
    if any(f.severity == ERROR for f in findings):
        raise DataError(findings)
    return project


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _link_outside(path: Path, data: Path, root: Path) -> str:
    """Why `path` leads out of `data`, if a symbolic link makes it; '' when it stays inside."""
    real_data = os.path.realpath(data)
    if os.path.commonpath([os.path.realpath(path), real_data]) == real_data:
        return ""
    for link, kind in ((path.parent, "folder"), (path, "file")):
        if link.is_symlink():
            return f"{display_path(link, root)} is a symbolic link to a {kind} outside data/ ({os.readlink(link)})"
    return ""


# `mkdocs serve` reloads every report after each edit. Parsing and validating is most of that
# work, and the same bytes always give the same tree and model, so each file's last result is
# kept, keyed by its bytes.
_PARSED: dict[tuple[str, str, str], tuple[bytes, tuple]] = {}


def load_report(path: Path, shown: str, slug: str) -> tuple[ReportSource | None, list[Finding]]:
    try:
        raw = path.read_bytes()
    except OSError:
        return None, parse_yaml(path, shown)[1]  # which says that the file cannot be read
    key = (str(path.resolve()), shown, slug)
    cached = _PARSED.get(key)
    if cached is None or cached[0] != raw:
        cached = _PARSED[key] = (raw, _parse_report(path, shown, slug, raw))
    source, findings = cached[1]
    # A fresh ReportSource: the caller attaches this load's translation state to it.
    return (ReportSource(**{**source.__dict__}) if source else None), list(findings)


def parse_report(path: Path, shown: str, slug: str, raw: bytes) -> tuple[ReportSource | None, list[Finding]]:
    """A report from bytes that are not (yet) its file's: what `gaobu translate import` is about to write."""
    return _parse_report(path, shown, slug, raw)


def _parse_report(path: Path, shown: str, slug: str, raw: bytes) -> tuple[ReportSource | None, list[Finding]]:
    tree, findings = parse_yaml(path, shown, raw)
    if tree is None and findings:
        return None, findings
    if not isinstance(tree, CommentedMap):
        findings.append(Finding(shown, 1, 1, ERROR, "wrong-type",
                                f"Expected a mapping of report fields but received: {_describe(tree)}",
                                "Start the file with `year:`, `title:` and `parts:` (see data/README.md)."))
        return None, findings
    try:
        report = Report.model_validate(tree)
    except ValidationError as exc:
        findings.extend(from_pydantic(exc, tree, shown))
        return None, findings
    if findings:
        return None, findings
    return ReportSource(slug, path, shown, report, tree), findings


_TREES: dict[tuple[str, str], tuple[bytes, object, list[Finding]]] = {}


def _parse_kept(path: Path, shown: str) -> tuple[object, list[Finding]]:
    """`parse_yaml`, its last result for the file kept by its bytes (as `_PARSED`); the tree is only read."""
    try:
        raw = path.read_bytes()
    except OSError:
        return parse_yaml(path, shown)
    key = (str(path.resolve()), shown)
    kept = _TREES.get(key)
    if kept is None or kept[0] != raw:
        kept = _TREES[key] = (raw, *parse_yaml(path, shown, raw))
    return kept[1], list(kept[2])


def load_data_file(path: Path, shown: str, model, first_key: str) -> tuple[DataFile | None, list[Finding]]:
    """An optional file of data (the glossary, a report's indicators): absent is fine, wrong is an error."""
    if not path.is_file():
        return None, []
    tree, findings = _parse_kept(path, shown)
    if findings:
        return None, findings
    if not isinstance(tree, CommentedMap):
        return None, [Finding(shown, 1, 1, ERROR, "wrong-type",
                              f"Expected a mapping with `{first_key}:` but received: {_describe(tree)}",
                              f"Start the file with `{first_key}:` and list one entry per item (see data/README.md).")]
    try:
        value = model.model_validate(tree)
    except ValidationError as exc:
        return None, from_pydantic(exc, tree, shown, model)
    return DataFile(shown, value, tree), []


def load_registry(path: Path, shown: str) -> tuple[DataFile | None, list[Finding]]:
    """The link registry; absent before anything was published, and empty (comments only) is fine too."""
    if path.is_file():
        tree, findings = _parse_kept(path, shown)
        if tree is None and not findings:
            return DataFile(shown, Registry(), CommentedMap()), []
    return load_data_file(path, shown, Registry, "reports")


def load_glossary(path: Path, shown: str) -> tuple[DataFile | None, list[Finding]]:
    """Without a glossary there are no term checks or explanations."""
    return load_data_file(path, shown, Glossary, "terms")


def load_site(data: Path, root: Path) -> tuple[DataFile | None, list[Finding]]:
    """The site's identity: required, since every page carries the site's name."""
    path = data / SITE_FILE
    shown = display_path(path, root)
    outside = _link_outside(path, data, root) if os.path.lexists(path) else ""
    if outside:
        return None, [Finding(shown, 1, 1, ERROR, "symlink-outside-data", outside,
                              "The site is built only from what is in data/: copy the file into data/ instead of linking to it.")]
    if not path.is_file():
        return None, [Finding(shown, 1, 1, ERROR, "no-site-file",
                              f"Missing {shown}: expected the site's name in each language there",
                              "Write it as data/README.md shows (`name:` with `zh:` and `en:`), "
                              "or start a new site with `gaobu new`.")]
    return load_data_file(path, shown, SiteIdentity, "name")


def load_translations(path: Path, shown: str, report: Report) -> tuple[TranslationState, list[Finding]]:
    """Fingerprints of the Chinese each English unit renders; a missing file records none."""
    state = TranslationState(path)
    if not path.is_file():
        return state, []
    tree, findings = _parse_kept(path, shown)
    if findings:
        return state, findings
    if tree is None:
        return state, []
    if not isinstance(tree, CommentedMap):
        return state, [Finding(shown, 1, 1, ERROR, "wrong-type",
                               f"Expected a mapping of unit ids to fingerprints but received: {_describe(tree)}",
                               "Delete the file and run `gaobu check --accept-all` to write it again.")]
    known = {unit for unit, _, _ in report.units()}
    for unit, value in tree.items():
        line, col = tree.lc.value(unit)
        if not isinstance(value, str) or not FINGERPRINT_RE.fullmatch(value):
            findings.append(Finding(shown, line + 1, col + 1, ERROR, "bad-fingerprint",
                                    f"Expected a fingerprint of 12 hexadecimal digits but received: {_describe(value)}",
                                    f"Run `gaobu check --accept {unit}` to record the right one."))
        else:
            state.recorded[str(unit)] = value  # unknown ones too, so that --accept-all can drop them
            if unit not in known:
                line, col = tree.lc.key(unit)
                findings.append(Finding(shown, line + 1, col + 1, WARNING, "unknown-unit",
                                        f"Fingerprint recorded for '{unit}', which is not in the report",
                                        "Remove the line, or run `gaobu check --accept-all`, which drops it."))
    return state, findings


