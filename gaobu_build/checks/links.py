"""The link check: every page and #anchor ever published (data/links.yaml) still leads somewhere."""

from __future__ import annotations

from dataclasses import replace

from ..source.findings import ERROR, Finding
from ..source.registry import REGISTRY, ReportLinks, indicator_ids, resolve, site_pages_now
from ..urls import COVER, FIGURES, GLOSSARY, Place, language_prefix as prefix, place_url, places


def check_registry(project) -> list[Finding]:
    """Every published page and anchor still leads somewhere; every redirect leads somewhere."""
    registry = project.registry
    findings: list[Finding] = []
    if registry is None:
        return findings
    sources = {source.slug: source for source in project.reports}
    for slug, links in registry.model.reports.items():
        source = sources.get(slug)
        if source is None:
            findings.append(_error(registry, 
                ("reports", slug), "lost-report",
                f"The published report /{slug}/ is gone: there is no data/{slug}/report.yaml",
                f"Restore data/{slug}/report.yaml: a published report stays online.", key=True))
            continue
        findings.extend(_check_report(registry, slug, source, links))
    for lang, paths in registry.model.pages.items():
        present = set(site_pages_now(project, lang))
        for i, path in enumerate(paths):
            if path == GLOSSARY and path not in present:
                findings.append(_error(registry, 
                    ("pages", lang, i), "lost-link",
                    f"Published link /{prefix(lang)}{path}/ is lost: data/glossary.yaml is gone or has no terms",
                    "Restore data/glossary.yaml: the glossary page stays online."))
            elif path not in present:
                findings.append(_error(registry, 
                    ("pages", lang, i), "lost-link",
                    f"Published link /{prefix(lang)}{path}/ is lost: docs/{lang}/{path}.md is gone",
                    f"Restore docs/{lang}/{path}.md: hand-written pages cannot be redirected."))
    return findings


def _check_report(registry, slug: str, source, links: ReportLinks) -> list[Finding]:
    where = places(source.report)
    findings = []
    for old, new in links.redirects.items():
        loc = ("reports", slug, "redirects", old)
        if old in where:
            findings.append(_error(registry, 
                loc, "redirect-of-live-id", f"'{old}' is redirected to '{new}' but is still an id in {source.display_path}",
                "A redirect is for an id that is gone: remove this line, or rename the id.", key=True))
        elif resolve(old, where, links.redirects) is None:
            findings.append(_error(registry, 
                loc, "redirect-leads-nowhere", f"The redirect '{old}' → '{new}' leads nowhere: '{new}' is not an id in {source.display_path}",
                f"Write the id of the part, section or paragraph that replaced '{old}'."))
    # Lost URL (relative to a language's root) -> where each language's registry lists it, and why it is lost.
    lost: dict[str, list[tuple]] = {}

    def lose(url: str, lang: str, loc: tuple, is_page: bool, reason: str, hint: str) -> None:
        lost.setdefault(url, []).append((lang, loc, is_page, reason, hint))

    figures = indicator_ids(source)
    for lang, pages in links.published.items():
        for page, anchors in pages.items():
            page_loc = ("reports", slug, "published", lang, page)
            if page == FIGURES:  # indicators are not redirected: their ids stay, like the figures they name
                if figures is None:
                    lose(f"{slug}/{FIGURES}/", lang, page_loc, True, f"data/{slug}/indicators.yaml is gone",
                         f"Restore data/{slug}/indicators.yaml: the figures page stays online.")
                for i, anchor in enumerate(anchors):
                    if figures is not None and anchor not in figures:
                        lose(f"{slug}/{FIGURES}/#{anchor}", lang, page_loc + (i,), False,
                             f"no indicator '{anchor}' in data/{slug}/indicators.yaml",
                             f"Restore the indicator '{anchor}' (an indicator's id never changes).")
                continue
            for i, ident in enumerate([page] + [a for a in anchors if a != page]):
                if (ident == page and page == COVER) or resolve(ident, where, links.redirects) is not None:
                    continue
                is_page = ident == page
                loc = page_loc if is_page else page_loc + (anchors.index(ident),)
                lose(place_url(slug, Place(page, None if is_page else ident)), lang, loc, is_page,
                     f"'{ident}' is no longer an id in {source.display_path} and has no redirect",
                     f"Restore the id '{ident}', or say where it went: add `{ident}: NEW-ID` under `redirects:` "
                     f"of report '{slug}' in {REGISTRY}.")
    for url, occurrences in lost.items():
        (_, loc, is_page, reason, hint), urls = occurrences[0], [f"/{prefix(lang)}{url}" for lang, *_ in occurrences]
        also = f" (also {', '.join(urls[1:])})" if len(urls) > 1 else ""
        findings.append(_error(registry, loc, "lost-link", f"Published link {urls[0]}{also} is lost: {reason}", hint, key=is_page))
    return findings




def _error(registry, loc: tuple, code: str, message: str, hint: str, key: bool = False) -> Finding:
    found = registry.finding(loc, ERROR, code, message, hint, key=key)
    # A finding under `reports: <folder>:` is about that report (`gaobu check --report` keeps it with it).
    return replace(found, report=loc[1]) if len(loc) > 1 and loc[0] == "reports" else found
