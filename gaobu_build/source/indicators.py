"""Figures as data: each figure the report states, stored once and formatted for each language.

An indicator keeps its value in base units (18042000000 yuan, not "180.42亿"),
so that the CSV and JSON downloads are data an analyst can compute with, and
each language's text ("180.42亿元", "18.042 billion yuan") is made from the one
stored number instead of being typed twice.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StrictBool, StrictInt, StrictStr

from .quantities import NUMBER, PERCENT, POINTS, Figure
from .model import Bilingual, Id, Strict, Text

INDICATORS_FILE = "indicators.yaml"
GROUPS = ("economy", "industry", "innovation", "urban-rural", "environment", "livelihood", "culture")


def _to_decimal(value):
    # YAML gives floats; their shortest repr is what the editor wrote (180.42, not 180.4199…).
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"Expected a number but received: {value!r}")
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


Number = Annotated[Decimal, BeforeValidator(_to_decimal)]


class Measure(Strict):
    """What is counted: 家 / enterprises, 亩 / mu. Counts take no scale word in English."""

    zh: Text
    en: StrictStr = ""


class Change(Strict):
    value: Number  # negative for a fall
    kind: Literal["percent", "points"]


class Scope(Strict):
    zh: Text  # 全市
    en: Text  # in the city


class Rank(Strict):
    position: StrictInt = Field(ge=1)
    scope: Scope
    of: Literal["growth", "level"] = "growth"


class Indicator(Strict):
    id: Id
    name: Bilingual
    value: Number | None = None
    unit: Literal["yuan", "percent"] | Measure | None = None
    qualifier: Literal["over", "nearly"] | None = None
    period: StrictInt | StrictStr
    change: Change | None = None
    rank: Rank | None = None
    group: Literal[GROUPS]
    paragraph: Id
    key: StrictBool = False  # shown among the key figures of the report's cover and the home page

    def figures(self) -> list[tuple[str, Figure]]:
        """The figures this indicator states, as the text comparison understands them."""
        out = []
        if self.value is not None:
            kind = PERCENT if self.unit == "percent" else NUMBER
            out.append(("value", Figure(str(self.value), self.value, kind, Decimal(0))))
        if self.change is not None:
            kind = PERCENT if self.change.kind == "percent" else POINTS
            out.append(("change", Figure(str(self.change.value), abs(self.change.value), kind, Decimal(0))))
        if self.rank is not None:
            out.append(("rank", Figure(str(self.rank.position), Decimal(self.rank.position), NUMBER, Decimal(0))))
        return out


class Ignored(Strict):
    """A number in the text that is not a figure (a plan's name such as 1310), with the reason."""

    paragraph: Id
    figure: StrictStr
    reason: Text


class Indicators(Strict):
    indicators: list[Indicator] = []
    not_figures: list[Ignored] = []


# -- formatting ------------------------------------------------------------------------

def json_number(value: Decimal | None) -> int | float | None:
    """A stored number as JSON and YAML write it: 18042000000, not 18042000000.0 or Decimal('…')."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _grouped(value: Decimal) -> str:
    whole, _, frac = _plain(value).partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def format_value(ind: Indicator, lang: str) -> str:
    if ind.value is None:
        return ""
    v = ind.value
    if ind.unit == "percent":
        number = f"{_plain(v)}%"
        return ({"over": "超", "nearly": "近"}.get(ind.qualifier, "") if lang == "zh" else
                {"over": "over ", "nearly": "nearly "}.get(ind.qualifier, "")) + number
    if lang == "zh":
        return _format_zh(ind, v)
    return _format_en(ind, v)


def _format_zh(ind: Indicator, v: Decimal) -> str:
    if abs(v) >= 10**8:
        number, scale = _plain(v / 10**8), "亿"
    elif abs(v) >= 10**4 and v % 100 == 0:
        number, scale = _plain(v / 10**4), "万"
    else:
        number, scale = _plain(v), ""
    unit = "元" if ind.unit == "yuan" else (ind.unit.zh if ind.unit else "")
    if ind.qualifier == "over":
        # 多 follows a round number (400多亩, 2000多万元); an exact one takes 超 (超7139人次).
        return f"{number}多{scale}{unit}" if number.endswith("0") else f"超{number}{scale}{unit}"
    return ("近" if ind.qualifier == "nearly" else "") + f"{number}{scale}{unit}"


def _format_en(ind: Indicator, v: Decimal) -> str:
    if ind.unit == "yuan" and abs(v) >= 10**6:
        scale = next((s for s in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")) if abs(v) >= s[0]))
        number = f"{_plain(v / scale[0])} {scale[1]} yuan"
    elif ind.unit == "yuan":
        number = f"{_grouped(v)} yuan"
    else:
        words = ind.unit.en if ind.unit else ""
        number = _grouped(v) + (f" {words}" if words else "")
    return {"over": "over ", "nearly": "nearly "}.get(ind.qualifier, "") + number


def format_change(ind: Indicator, lang: str) -> str:
    c = ind.change
    if c is None:
        return ""
    amount = _plain(abs(c.value))
    up = c.value >= 0
    if lang == "zh":
        if c.kind == "percent":
            return f"{'增长' if up else '下降'}{amount}%"
        return f"{'提高' if up else '下降'}{amount}个百分点"
    unit = "%" if c.kind == "percent" else (" percentage point" if amount == "1" else " percentage points")
    return f"{'up' if up else 'down'} {amount}{unit}"


_ORDINAL = {1: "st", 2: "nd", 3: "rd"}


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else _ORDINAL.get(n % 10, 'th')}"


def format_rank(ind: Indicator, lang: str) -> str:
    r = ind.rank
    if r is None:
        return ""
    if lang == "zh":
        return f"{'增速' if r.of == 'growth' else ''}{r.scope.zh}第{r.position}"
    return f"{'growth ' if r.of == 'growth' else ''}{ordinal(r.position)} {r.scope.en}"
