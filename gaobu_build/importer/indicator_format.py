"""The importer's proposed figures in the format of `indicators.yaml`, for an editor to complete.

Numbers become base units (180.42亿元 → 18042000000 yuan), changes and ranks
become their fields. What only an editor can say is left empty on purpose, so
that `gaobu check` asks for it once the entry is copied into indicators.yaml:
the English name, the group, the English scope of a rank.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..source.quantities import ZH_SCALE
from ..source.indicators import json_number

# Chinese scale prefixes of a unit (万亿元 before 亿元), and what is left of it (the measure).
_SCALES = sorted(((prefix, factor) for prefix, factor in ZH_SCALE.items() if prefix != "千"), key=lambda s: -len(s[0]))
_FALLS = ("负增长", "下降", "降低", "减少", "回落")
_RANK = re.compile(r"(全[市省国区县镇]|[^第]{0,6}?)第(\d+)$")


def _number(text: str) -> tuple[Decimal, str | None]:
    """'400多' → (400, 'over')."""
    qualifier = "over" if text.endswith(("多", "余")) else None
    return Decimal(text.rstrip("多余")), qualifier


def _value(item: dict) -> dict:
    unit = item["unit"]
    number, qualifier = _number(item["value"][: -len(unit)])
    out: dict = {}
    if unit == "%":
        out = {"value": json_number(number), "unit": "percent"}
    elif unit == "个百分点" or unit == "倍":
        return {}  # not a level: an editor decides what it is
    else:
        scale = Decimal(1)
        for prefix, factor in _SCALES:
            if unit.startswith(prefix) and len(unit) > len(prefix):
                unit, scale = unit[len(prefix):], factor
                break
        measure = "yuan" if unit == "元" else {"zh": unit, "en": ""}
        out = {"value": json_number(number * scale), "unit": measure}
    if qualifier:
        out["qualifier"] = qualifier
    return out


def _change(text: str) -> dict | None:
    match = re.search(r"(\d+(?:\.\d+)?)(?:多|余)?(%|个百分点)$", text)
    if not match:
        return None
    value = Decimal(match.group(1))
    if any(word in text for word in _FALLS):
        value = -value
    return {"value": json_number(value), "kind": "percent" if match.group(2) == "%" else "points"}


def _rank(text: str) -> dict | None:
    match = _RANK.search(text)
    if not match:
        return None
    scope = re.sub(r"^(?:排|位列|位居|居|列)", "", match.group(1)) or "全市"
    return {"position": int(match.group(2)), "scope": {"zh": scope, "en": ""}}


def to_indicators(proposals: list[dict], year: int) -> list[dict]:
    """Each proposal as an indicators.yaml entry; ids `<paragraph>-<n>` for the editor to rename."""
    out, count = [], {}
    for item in proposals:
        count[item["paragraph"]] = count.get(item["paragraph"], 0) + 1
        entry = {"id": f"{item['paragraph']}-{count[item['paragraph']]}",
                 "name": {"zh": item["label"], "en": ""}}
        if "value" in item:
            entry.update(_value(item))
        # A target (主要预期目标) is for the year of the report; the results are for the year before.
        entry["period"] = year if item.get("target") else year - 1
        change = _change(item["change"]) if "change" in item else None
        if change:
            entry["change"] = change
        rank = _rank(item["rank"]) if "rank" in item else None
        if rank:
            entry["rank"] = rank
        entry["group"] = ""
        entry["paragraph"] = item["paragraph"]
        out.append(entry)
    return out
