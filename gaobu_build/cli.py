"""`gaobu`: check the data, render it to Markdown, build the site.

Exit codes: 0 success, 1 the data or the build has errors, 2 a usage error.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .source.findings import ERROR, WARNING, DataError, Finding, format_github, format_json, format_text
from .source.loader import DATA_DIR
from .checks.grouping import SEVERITIES, counts_line, format_lines, grouped, select
from .checks.project import checked_project
from .checks.summary import accept_translations, coverage_table, quality_summary
from .source.model import LANGUAGES
from .files import discard, replace_dir, staging_dir
from .site.layout import generated_pages


def _project_root(config_file: str) -> Path:
    return Path(config_file).resolve().parent


def _load(root: Path) -> tuple[object | None, list[Finding]]:
    try:
        project = checked_project(root)
    except DataError as exc:
        return exc.project, exc.findings
    return project, project.findings


def _failed(findings: list[Finding], strict: bool) -> bool:
    return any(f.severity == ERROR or (strict and f.severity == WARNING) for f in findings)


def _unknown_reports(root: Path, project, wanted: list[str]) -> str | None:
    """What to say when `--report` names a folder that is not a report (None when all are)."""
    if project is not None:
        known = [s.slug for s in project.reports]
    else:  # data/ could not be read whole: its folders are the reports there are
        data = root / DATA_DIR
        known = sorted(p.name for p in data.iterdir() if p.is_dir()) if data.is_dir() else []
    missing = [name for name in wanted if name not in known]
    if not missing:
        return None
    return f"no report '{missing[0]}' in {DATA_DIR}/ (the reports: {', '.join(known) or 'none'})"


def cmd_check(args) -> int:
    root = _project_root(args.config_file)
    project, findings = _load(root)
    problem = _unknown_reports(root, project, args.report)
    if problem:
        print(f"gaobu check: error: {problem}", file=sys.stderr)
        return 2
    refused = 0
    if (args.accept or args.accept_all) and project is not None:
        try:
            lines, refused = accept_translations(project, set(args.accept), args.accept_all, findings)
            for line in lines:
                print(line, file=sys.stderr)
        except ValueError as exc:
            print(f"gaobu check: error: {exc}", file=sys.stderr)
            return 2
        project, findings = _load(root)
    if args.strict:
        findings = [Finding(**{**f.as_dict(), "severity": ERROR}) if f.severity == WARNING else f for f in findings]
    # The reports asked for decide the exit status; --severity only keeps findings out of sight.
    findings = select(findings, args.report)
    shown = select(findings, severity=args.severity)
    summary = quality_summary(project, findings)
    if summary is not None and args.report:
        summary["reports"] = [r for r in summary["reports"] if r["report"] in args.report]
    if args.format == "json":  # every finding, ungrouped, with its own hint
        print(format_json(shown, summary))
    elif args.format == "github":
        if shown:
            print(format_github(shown))
    else:
        if shown:
            print(format_lines(shown if args.verbose else grouped(project, shown)))
            print()
        if summary is not None:
            print(coverage_table(summary))
        print(counts_line(findings, args.severity) if findings else "No problems found.")
    return 1 if refused or _failed(findings, args.strict) else 0


def cmd_render(args) -> int:
    project, findings = _load(_project_root(args.config_file))
    if project is None or any(f.severity == ERROR for f in findings):
        print(format_text(findings), file=sys.stderr)
        return 1
    out = Path(args.out)
    staging = staging_dir(out)
    languages = LANGUAGES if args.lang == "both" else (args.lang,)
    for lang in languages:
        for page in generated_pages(project, lang):
            target = staging / lang / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown, encoding="utf-8")
    replace_dir(staging, out)
    print(f"Wrote the Markdown of {', '.join(languages)} to {out}")
    return 0


def cmd_build(args) -> int:
    # The plugin reads, checks and reports the data (each finding once), as under `mkdocs build`.
    # Material prints a notice about its own end of life whenever MkDocs loads it (the Makefile silences it
    # the same way): a build prints what concerns the site.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from .plugin import BuildFailed, build_site  # MkDocs is loaded only to build

    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING if args.quiet else logging.INFO)
    try:
        build_site(args.config_file, strict=args.strict, site_dir=args.site_dir)
    except BuildFailed as exc:
        if "BuildError" not in str(exc):  # that one only repeats the error logged above it
            print(f"Build failed: {exc}", file=sys.stderr)
        print("The site was not built; the previous site/ is unchanged.", file=sys.stderr)
        return 1
    finally:
        logger.removeHandler(handler)
    return 0


def cmd_import(args) -> int:
    from .importer import run  # python-docx and the importer load only for this command

    return run(args.source, args.out, force=args.force, year=args.year)


def cmd_new(args) -> int:
    from .scaffold import NewSite, create

    return create(args.folder, NewSite(args.name_zh, args.name_en, args.publisher_zh, args.publisher_en,
                                       args.short_name, args.requirement))


def cmd_links(args) -> int:
    from .render import announce
    from .source import registry

    project, findings = _load(_project_root(args.config_file))
    if project is None:
        print(format_text(findings), file=sys.stderr)
        return 1
    problem = _unknown_reports(_project_root(args.config_file), project, args.report)
    if problem:
        print(f"gaobu links: error: {problem}", file=sys.stderr)
        return 2
    problem = _links_format_problem(args)
    if problem:
        print(f"gaobu links: error: {problem}", file=sys.stderr)
        return 2
    if args.update_registry:
        added = registry.update_registry(project)
        print(f"{registry.REGISTRY}: recorded {added} new page(s) and anchor(s)" if added else f"{registry.REGISTRY} is up to date")
        return 0
    base = args.base_url
    if base is None:
        from .plugin import configured_site_url  # MkDocs reads mkdocs.yml (with its !ENV tags)

        base = configured_site_url(args.config_file)
    if not base:
        print("gaobu links: error: no base URL: set site_url in mkdocs.yml (or GAOBU_SITE_URL), or pass --base-url URL", file=sys.stderr)
        return 2
    if not base.startswith(("http://", "https://")):
        print(f"gaobu links: error: Expected an absolute http(s) URL as the base but received: {base!r}", file=sys.stderr)
        return 2
    languages = LANGUAGES if args.lang == "both" else (args.lang,)
    items = announce.link_items(project, languages, base if base.endswith("/") else base + "/")
    headings = {it["report"]: it for it in items if it["kind"] == "report"}
    try:
        items = announce.select_items(project, items, args.report, args.id)
    except announce.UnknownId as exc:
        print(f"gaobu links: error: {exc}", file=sys.stderr)
        return 2
    if args.qr is not None:
        return _write_qr_codes(Path(args.qr), items, languages, args.format or "svg")
    sys.stdout.write(announce.FORMATS[args.format or "md"](items, languages, headings))
    return 0


QR_INDEX = "index.csv"


def _links_format_problem(args) -> str | None:
    """What is wrong with --format for what `gaobu links` was asked to write (None when nothing is)."""
    from .render import announce, qr

    allowed = qr.KINDS if args.qr is not None else tuple(announce.FORMATS)
    if args.format is None or args.format in allowed:
        return None
    if args.qr is not None and args.format in announce.FORMATS:
        return f"--qr writes images: --format {' or '.join(allowed)}, not {args.format!r}"
    if args.format in qr.KINDS:
        return f"--format {args.format} is for QR codes: add --qr DIR (or print links as {', '.join(allowed)})"
    return f"unknown format {args.format!r}: {', '.join(allowed)}{' (with --qr)' if args.qr is not None else ''}"


def _write_qr_codes(out: Path, items: list[dict], languages: tuple[str, ...], kind: str) -> int:
    """`gaobu links --qr DIR`: one code per item and language, named by id, and an index of file → URL.

    The folder appears whole or not at all (written beside it, then swapped in); it is replaced whole,
    so a folder with files that this command did not write (no index.csv) is refused.
    """
    import csv
    import io

    from .render import qr

    def fail(message: str, hint: str, code: str) -> int:
        print(f"{out}: error: {message}. {hint} [{code}]", file=sys.stderr)
        return 1

    if out.exists() and not out.is_dir():
        return fail("a file is in the way of the QR codes' folder", "Choose another folder.", "not-a-folder")
    if out.is_dir() and any(out.iterdir()) and not (out / QR_INDEX).is_file():
        return fail(f"the folder has files that gaobu links did not write (no {QR_INDEX})",
                    "Choose a new or empty folder, or one that gaobu links --qr wrote: it is replaced whole.",
                    "folder-not-empty")
    named = qr.named_codes(items, languages, kind)
    index = io.StringIO()
    writer = csv.writer(index, lineterminator="\n")
    writer.writerow(["file", "url", "lang", "report", "kind", "citation", "id"])
    staging = None
    try:
        staging = staging_dir(out)
        for name, url, lang, item in named:
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(qr.make(url, kind))
            writer.writerow([name, url, lang, item["report"], item["kind"], item["citation"], item["id"]])
        (staging / QR_INDEX).write_text(index.getvalue(), encoding="utf-8")
        replace_dir(staging, out)
    except OSError as exc:
        if staging is not None:
            discard(staging)
        return fail(f"cannot write the QR codes ({exc.strerror or exc})", "Check that the folder and the one it is in "
                    "are writable.", "unwritable")
    print(f"Wrote {len(named)} QR code(s) ({kind.upper()}) and {QR_INDEX} (file → URL) to {out}")
    return 0


def cmd_translate(args) -> int:
    from .translate import commands  # lxml and openpyxl load only for this command

    root = _project_root(args.config_file)
    if args.action == "export":
        return commands.export(root, args.out, args.format, args.report or None, args.units)
    if args.action == "import":
        return commands.import_file(root, args.file, args.dry_run)
    if args.action == "memory":
        return commands.translation_memory(root, args.out)
    return commands.terms(root, args.out, args.format)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="gaobu", description="Check, render and build the bilingual Government Work Report site.")
    top.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml (default: ./mkdocs.yml); data/ is beside it")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="validate data/ and report every problem")
    check.add_argument("--strict", action="store_true", help="treat warnings (e.g. untranslated text) as errors; notes stay notes")
    check.add_argument("--accept", action="append", default=[], metavar="UNIT",
                       help="record that the English of UNIT (e.g. economic-performance, or 2024/economic-performance) "
                            "renders the current Chinese; repeatable")
    check.add_argument("--accept-all", action="store_true", help="accept every translated unit (after a full review)")
    check.add_argument("--format", choices=("text", "json", "github"), default="text",
                       help="text (what repeats grouped per part), json or github (every finding)")
    check.add_argument("--report", action="append", default=[], metavar="REPORT",
                       help="only the report in data/REPORT/ (e.g. 2024), and the site's own files; repeatable")
    check.add_argument("--severity", choices=SEVERITIES,
                       help="print only findings of this severity or worse (error: errors only; warning: no notes)")
    check.add_argument("-v", "--verbose", action="store_true", help="one line per finding: no grouping")
    check.set_defaults(run=cmd_check)

    render = sub.add_parser("render", help="write the generated Markdown for inspection")
    render.add_argument("--out", required=True, help="folder to write (replaced whole)")
    render.add_argument("--lang", choices=(*LANGUAGES, "both"), default="both")
    render.set_defaults(run=cmd_render)

    build = sub.add_parser("build", help="build the whole bilingual site (like `mkdocs build`)")
    build.add_argument("--strict", action="store_true", help="fail on any warning, untranslated text included")
    build.add_argument("--site-dir", help="where to write the site (default: site_dir of mkdocs.yml)")
    build.add_argument("-q", "--quiet", action="store_true", help="print warnings and errors only")
    build.set_defaults(run=cmd_build)

    imp = sub.add_parser("import", help="turn a report's Chinese text (.txt, .md, .docx) into a report folder")
    imp.add_argument("source", help="the report's text: .txt (UTF-8), .md or .docx")
    imp.add_argument("--out", required=True, help="the report folder to write, e.g. data/2025")
    imp.add_argument("--force", action="store_true", help="replace the folder if it exists")
    imp.add_argument("--year", type=int, help="the report's year, when its text does not state it")
    imp.set_defaults(run=cmd_import)

    new = sub.add_parser("new", help="write a new site: mkdocs.yml, data/site.yaml, a README and a GitHub Pages workflow")
    new.add_argument("folder", help="the new site's folder (new, or empty)")
    new.add_argument("--name-zh", required=True, help="the site's name in Chinese, e.g. 某某镇政府工作报告")
    new.add_argument("--name-en", required=True, help="the site's name in English")
    new.add_argument("--publisher-zh", help="the sponsoring body (主办单位) in Chinese")
    new.add_argument("--publisher-en", help="the sponsoring body in English")
    new.add_argument("--short-name", help="for file names (<short-name>-2024-zh.pdf); default: the English name's first word")
    new.add_argument("--requirement", help="the line of requirements.txt that installs the generator "
                                           "(default: gaobu-build==this version)")
    new.set_defaults(run=cmd_new)

    links = sub.add_parser("links", help="print every part, section and paragraph with its absolute URL, or record new ones")
    links.add_argument("--lang", choices=(*LANGUAGES, "both"), default="both")
    # Checked in cmd_links, not by argparse: one line says what fits (md, csv, json; svg, png with --qr).
    links.add_argument("--format", metavar="FORMAT", help="md (default), csv or json; with --qr: svg (default) or png")
    links.add_argument("--qr", metavar="DIR", help="write a QR code of each address into DIR (replaced whole), "
                                                   "named LANG/REPORT/ID, with index.csv (file, url, …)")
    links.add_argument("--base-url", help="the site's address (default: site_url of mkdocs.yml)")
    links.add_argument("--report", action="append", default=[], metavar="REPORT",
                       help="only the report in data/REPORT/ (e.g. 2024); repeatable")
    links.add_argument("--id", action="append", default=[], metavar="ID",
                       help="only this part, section or paragraph, with what it contains; repeatable")
    links.add_argument("--update-registry", action="store_true", help="add the ids published now to data/links.yaml")
    links.set_defaults(run=cmd_links)

    translate = sub.add_parser("translate", help="exchange the translation with translators' tools (XLIFF, .xlsx, TMX, TBX)")
    actions = translate.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="write the units to translate as XLIFF 1.2 or .xlsx")
    export.add_argument("--report", action="append", metavar="REPORT", help="a report folder, e.g. 2024 (repeatable; default: all)")
    export.add_argument("--format", choices=("xliff", "xlsx"), help="default: from the --out extension (.xlf, .xliff, .xlsx)")
    export.add_argument("--out", required=True, help="the file to write")
    export.add_argument("--units", choices=("todo", "missing", "stale", "all"), default="todo",
                        help="todo (default): untranslated, stale or unconfirmed; missing: untranslated; stale; all")
    imp_t = actions.add_parser("import", help="write a translated XLIFF or .xlsx back into the reports, through the gate")
    imp_t.add_argument("file", help="the XLIFF (.xlf, .xliff) or .xlsx file the translator returned")
    imp_t.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    tm = actions.add_parser("memory", help="write every confirmed unit of the archive as a TMX 1.4b translation memory")
    tm.add_argument("--out", required=True, help="the .tmx file to write")
    tb = actions.add_parser("terms", help="write the glossary as TBX (or CSV) for a term base")
    tb.add_argument("--out", required=True, help="the .tbx or .csv file to write")
    tb.add_argument("--format", choices=("tbx", "csv"), help="default: from the --out extension, else tbx")
    translate.set_defaults(run=cmd_translate)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command != "new" and not Path(args.config_file).is_file():
        print(f"gaobu: error: no such file: {args.config_file} (run gaobu in the site's folder, or pass -f PATH/mkdocs.yml)", file=sys.stderr)
        return 2
    try:
        return args.run(args)
    except BrokenPipeError:  # `gaobu check | head`: the reader has seen enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
