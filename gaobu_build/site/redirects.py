"""Redirects from the registry: old pages and old #anchors lead to their new place.

A page that is gone becomes a small HTML page that sends the reader on (a
meta refresh, and a script that also carries the #anchor along); an anchor
that is gone from a page that still exists is moved by the site's script on
load. All targets are relative URLs, so they work at a domain root and under
a project sub-path alike.
"""

from __future__ import annotations

import html
import json
import posixpath
from dataclasses import dataclass, field

from ..source.registry import Registry, resolve
from ..urls import COVER, FIGURES, Place, place_url, places
from ..ui import UI


@dataclass(frozen=True)
class RedirectPage:
    url: str  # the old page, relative to the language root: "2024/plans-2024/"
    target_url: str  # where it went, relative to the language root: "2024/review-2023/"
    moves: dict = field(default_factory=dict)  # old #anchor -> its new place, relative to the old page

    @property
    def path(self) -> str:
        return self.url + "index.html"

    @property
    def target(self) -> str:
        return relative(self.url, self.target_url)


@dataclass
class RedirectPlan:
    pages: list[RedirectPage] = field(default_factory=list)
    moves: dict[str, dict[str, str]] = field(default_factory=dict)  # page URL -> old #anchor -> relative URL


def relative(from_page: str, to: str) -> str:
    """`to` (relative to the language root, maybe with #anchor) as seen from the directory URL `from_page`."""
    path, _, anchor = to.partition("#")
    if path == from_page:
        rel = ""
    else:
        rel = posixpath.relpath(path or ".", from_page or ".")
        rel = "./" if rel == "." else rel + "/"
    return (rel + (f"#{anchor}" if anchor else "")) or "./"


def plan(project, registry: Registry | None, lang: str) -> RedirectPlan:
    """What one language needs: redirect pages for pages that are gone, moves for anchors that are."""
    result = RedirectPlan()
    if registry is None:
        return result
    for source in project.reports:
        links = registry.reports.get(source.slug)
        if links is None:
            continue
        where = places(source.report)
        slug = source.slug

        def new_url(ident: str) -> str | None:
            place = resolve(ident, where, links.redirects)
            return None if place is None else place_url(slug, place)

        for page, anchors in links.published.get(lang, {}).items():
            if page == FIGURES:  # indicators keep their ids: nothing there is redirected
                continue
            page_url = place_url(slug, Place(page, None))
            exists = page == COVER or where.get(page) == Place(page, None)
            moves = {}
            for anchor in anchors:
                target = new_url(anchor)
                if anchor != page and target is not None and (not exists or target != f"{page_url}#{anchor}"):
                    moves[anchor] = relative(page_url, target)
            if exists:
                if moves:
                    result.moves[page_url] = moves
            elif (target := new_url(page)) is not None:
                result.pages.append(RedirectPage(page_url, target, moves))
    return result


def _script_json(value) -> str:
    return json.dumps(value, ensure_ascii=True, sort_keys=True).replace("<", "\\u003c")


def redirect_html(page: RedirectPage, lang: str, canonical: str | None) -> str:
    """The HTML of a page that has moved: works without JavaScript, keeps the #anchor with it."""
    ui = UI[lang]
    target = html.escape(page.target, quote=True)
    return f"""<!doctype html>
<html lang="{ui['html_lang']}">
<head>
<meta charset="utf-8">
<title>{html.escape(ui['moved_title'])}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{html.escape(canonical or page.target, quote=True)}">
<script>
(function () {{
  var moves = {_script_json(page.moves)};
  var anchor = decodeURIComponent(location.hash.slice(1));
  location.replace(moves[anchor] || {_script_json(page.target)});
}})();
</script>
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p><a href="{target}">{html.escape(ui['moved_body'])}</a></p>
</body>
</html>
"""
