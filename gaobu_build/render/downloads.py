"""Downloads: the indicators as CSV and JSON (with its JSON Schema), and the whole report as JSON.

Files are language-neutral (both languages in columns) and live at stable
URLs beside the report: `/<report>/data/indicators.csv`, `indicators.json`,
`indicators.schema.json` and `report.json`.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..source.indicators import Indicator, format_change, format_rank, format_value, json_number
from ..source.model import Report
from ..urls import absolute

FILES = ("indicators.csv", "indicators.json", "indicators.schema.json", "report.json")


class IndicatorRecord(BaseModel):
    """One indicator as downloaded: numbers as numbers, names and formatted text in both languages."""

    model_config = ConfigDict(extra="forbid", title="Indicator")
    report: str = Field(description="the report's folder and URL segment, e.g. '2024'")
    year: int = Field(description="the year the report was delivered")
    id: str = Field(description="stable id, also the anchor on the figures page")
    group: str
    name_zh: str
    name_en: str | None
    value: float | None = Field(description="in base units: yuan, a count, or percent for unit 'percent'")
    unit: str | None = Field(description="'yuan', 'percent', or the measure counted (zh / en)")
    qualifier: Literal["over", "nearly"] | None = Field(description="the text says 'over' (多/余/超) or 'nearly' (近)")
    period: str
    change: float | None = Field(description="negative for a fall")
    change_kind: Literal["percent", "points"] | None
    rank: int | None
    rank_scope_zh: str | None
    rank_scope_en: str | None
    rank_of: Literal["growth", "level"] | None
    text_zh: str = Field(description="value, change and rank as the Chinese site writes them")
    text_en: str = Field(description="value, change and rank as the English site writes them")
    paragraph: str = Field(description="id of the paragraph that states it")
    paragraph_url_zh: str = Field(description="the paragraph's address: absolute from site_url, or a path from the server's root without one")
    paragraph_url_en: str


class IndicatorsDownload(BaseModel):
    model_config = ConfigDict(extra="forbid", title="Indicators of a Government Work Report")
    report: str
    year: int
    title_zh: str
    title_en: str | None
    indicators: list[IndicatorRecord]


def _unit(ind: Indicator) -> str | None:
    if ind.unit is None or isinstance(ind.unit, str):
        return ind.unit
    return f"{ind.unit.zh} / {ind.unit.en}" if ind.unit.en else ind.unit.zh


def _statement(ind: Indicator, lang: str) -> str:
    parts = (format_value(ind, lang), format_change(ind, lang), format_rank(ind, lang))
    return ("，" if lang == "zh" else ", ").join(p for p in parts if p)


def records(slug: str, report: Report, indicators: list[Indicator], pages: dict[str, str], site_root_url: str) -> list[IndicatorRecord]:
    """`pages` maps a paragraph id to its page (a part id, or '' for the cover); `site_root_url` is site_url, or `/`."""
    out = []
    for ind in indicators:
        page = pages.get(ind.paragraph, "")
        path = f"{slug}/{page + '/' if page else ''}#{ind.paragraph}"
        out.append(IndicatorRecord(
            report=slug, year=report.year, id=ind.id, group=ind.group, name_zh=ind.name.zh, name_en=ind.name.text("en"),
            value=json_number(ind.value), unit=_unit(ind), qualifier=ind.qualifier, period=str(ind.period),
            change=json_number(ind.change.value) if ind.change else None, change_kind=ind.change.kind if ind.change else None,
            rank=ind.rank.position if ind.rank else None, rank_scope_zh=ind.rank.scope.zh if ind.rank else None,
            rank_scope_en=ind.rank.scope.en if ind.rank else None, rank_of=ind.rank.of if ind.rank else None,
            text_zh=_statement(ind, "zh"), text_en=_statement(ind, "en"), paragraph=ind.paragraph,
            paragraph_url_zh=absolute(site_root_url, "zh", path), paragraph_url_en=absolute(site_root_url, "en", path)))
    return out


def indicators_csv(rows: list[IndicatorRecord]) -> bytes:
    """UTF-8 with a byte order mark, CRLF: what Excel needs to open Chinese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    fields = list(IndicatorRecord.model_fields)
    writer.writerow(fields)
    for row in rows:
        data = row.model_dump()
        writer.writerow(["" if data[f] is None else data[f] for f in fields])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _json(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def downloads(slug: str, report: Report, indicators: list[Indicator], pages: dict[str, str], site_root_url: str) -> dict[str, bytes]:
    """File name → bytes, for `/<slug>/data/`; paragraph links from `site_root_url` (site_url, or `/`)."""
    rows = records(slug, report, indicators, pages, site_root_url)
    document = IndicatorsDownload(report=slug, year=report.year, title_zh=report.title.zh,
                                  title_en=report.title.text("en"), indicators=rows)
    files = {
        "indicators.csv": indicators_csv(rows),
        "indicators.json": _json(document.model_dump(mode="json")),
        "indicators.schema.json": _json(IndicatorsDownload.model_json_schema()),
        "report.json": _json({"report": slug, **report.model_dump(mode="json", exclude_defaults=True)}),
    }
    return files
