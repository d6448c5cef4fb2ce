"""Canonical indicators (``lexicons/indicators.tsv``) and comparing targets across places and years."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import regex

from .lexicon import Lexicon, alternation, load_lexicon

if TYPE_CHECKING:
    import pandas as pd


@functools.cache
def _surface_re(lex: Lexicon) -> regex.Pattern[str]:
    return regex.compile(alternation(lex.indicator_surfaces))


def resolve_indicator_id(indicator: str, dimension: str, direction: str | None,
                         lex: Lexicon | None = None) -> str | None:
    """The canonical indicator id of an extracted indicator, or ``None`` where none fits.

    The family is that of the longest surface form the indicator contains (地区生产总值, 研发投入强度 …);
    within it the row whose unit dimension matches and, where the target has a direction, whose direction
    is that one or any; a target without a direction word takes the family's row of its dimension
    (居民消费价格总水平上涨幅度 2%: CPI growth). Never across unit dimensions.

    >>> resolve_indicator_id("全省地区生产总值", "percent", "increase")
    'gdp_growth'
    >>> resolve_indicator_id("新认定高企数量", "count", None)
    'high_tech_enterprises'
    >>> resolve_indicator_id("高新技术企业", "percent", None) is None
    True
    """
    lex = lex or load_lexicon()
    if not indicator:
        return None
    found = sorted(_surface_re(lex).findall(indicator), key=len, reverse=True)
    if not found:
        return None
    family = lex.indicator_surfaces[found[0]]
    fits = [r["id"] for r in lex.indicators.values()
            if r["family"] == family and r["dimension"] == dimension
            and (direction is None or r["direction"] in ("-", direction))]  # no direction word: any row
    exact = [i for i in fits if lex.indicators[i]["direction"] == (direction or "-")]
    chosen = exact or fits
    return chosen[0] if chosen else None


def _num(v: float) -> str:
    if v == int(v) and abs(v) < 1e15:
        return f"{int(v):,}"
    return f"{v:,.6g}"


def describe(lower: float, upper: float, lower_inclusive: Any, upper_inclusive: Any, approx: bool, unit: str,
             direction: Any = None) -> str:
    """One readable string for a target: ``≥1,200 家``, ``≈2.3 %``, ``1–2 家``, ``≥20 % increase``.

    >>> describe(1200, math.nan, True, None, False, "家")
    '≥1,200 家'
    >>> describe(2.3, 2.3, True, True, True, "%")
    '≈2.3 %'
    >>> describe(1, 2, True, True, False, "家")
    '1–2 家'
    >>> describe(20, math.nan, True, None, False, "%", "increase")
    '≥20 % increase'
    """
    lo, up = not _isnan(lower), not _isnan(upper)
    if lo and up and lower == upper:
        text = ("≈" if approx else "") + _num(lower)
    elif lo and up:
        text = f"{_num(lower)}–{_num(upper)}"
    elif lo:
        text = ("≥" if _true(lower_inclusive) else ">") + _num(lower)
    elif up:
        text = ("≤" if _true(upper_inclusive) else "<") + _num(upper)
    else:
        text = "?"
    text += f" {unit}"
    if isinstance(direction, str) and direction:
        text += f" {direction}"
    return text


def _isnan(v: Any) -> bool:
    """None, NaN and pandas' NA are all "no value"."""
    return v is None or (isinstance(v, float) and math.isnan(v)) or type(v).__name__ == "NAType"


def _true(v: Any) -> bool:
    return not _isnan(v) and bool(v)


def compare(frame: pd.DataFrame, by: str = "region", indicators: list[str] | None = None,
            with_modality: bool = True) -> pd.DataFrame:
    """Put the targets of each canonical indicator side by side, one column per value of ``by``.

    ``frame`` is what :func:`kpiextract.extract` or :func:`kpiextract.extract_files` returned; only rows
    with ``status == "target"`` and an ``indicator_id`` are used. Each cell is a readable string
    (``≥1,200 家 (ensure)``, with ``[2030]`` where the target is due after the document's plan year);
    several targets of one indicator and place are joined with ``; ``.
    Rows are indicators (``indicator_id`` and ``name_en``), columns the values of ``by``.
    """
    import pandas as pd

    missing = [c for c in (by, "indicator_id", "status") if c not in frame.columns]
    if missing:
        raise KeyError(f"compare needs the columns {missing}; pass a frame from kpiextract.extract")
    lex = load_lexicon()
    rows = frame[(frame["status"] == "target") & frame["indicator_id"].notna()]
    if indicators is not None:
        rows = rows[rows["indicator_id"].isin(indicators)]
    cells: dict[tuple[str, str], list[str]] = {}
    for r in rows.itertuples(index=False):
        text = describe(r.lower, r.upper, r.lower_inclusive, r.upper_inclusive, bool(r.approx), str(r.unit),
                        r.direction if isinstance(r.direction, str) else None)
        if with_modality and isinstance(r.modality, str):
            text += f" ({r.modality})"
        due, plan = getattr(r, "year", None), getattr(r, "doc_year", None)
        if not _isnan(due) and not _isnan(plan) and due != plan:
            text += f" [{due}]"  # a target due later than the plan year: 十五五 goals for 2030
        cells.setdefault((str(r.indicator_id), str(getattr(r, by))), []).append(text)
    table: Mapping[tuple[str, str], str] = {k: "; ".join(v) for k, v in cells.items()}
    ids = sorted({k[0] for k in table})
    cols = sorted({k[1] for k in table})
    out = pd.DataFrame(
        {c: [table.get((i, c), "") for i in ids] for c in cols},
        index=pd.Index(ids, name="indicator_id"),
    )
    out.insert(0, "name_en", [lex.indicators[i]["name_en"] for i in ids])
    out.insert(0, "name_zh", [lex.indicators[i]["name_zh"] for i in ids])
    return out
