"""Canonical indicators (``lexicons/indicators.tsv``) and comparing targets across places and years."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import regex

from .lexicon import Lexicon, alternation, edge_words, load_lexicon

if TYPE_CHECKING:
    import pandas as pd


@functools.cache
def _surface_re(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(alternation(lex.indicator_surfaces))  # re: about 3x faster than regex on this alternation


def resolve_indicator_id(indicator: str, dimension: str, direction: str | None,
                         lex: Lexicon | None = None, before: str = "") -> str | None:
    """The canonical indicator id of an extracted indicator, or ``None`` where none fits (decision 41).

    - A name of its own (``indicator_whole_names.tsv``: a report's bare 增长目标) counts only as the whole
      indicator.
    - Else the family is that of the longest surface form the indicator contains (地区生产总值, 研发投入强度
      …), leaving out surfaces written only in a share's whole (工业增加值占地区生产总值比重 is no GDP figure).
    - ``before``, the words written before the number, is looked in only where the indicator names no
      family and is written there (经济增长5.5%: the indicator is 经济), never across a 分别 list
      (肉、奶产量分别达到310万吨、750万吨: 肉 is no milk output).
    - Within the family, the row of the target's unit dimension (never another) and of its direction or
      none; a target without a direction word takes a growth row only where a rate noun names the change
      (居民消费价格总水平上涨幅度2%: CPI growth); a share of the family's quantity never takes one
      (服务业增加值占GDP比重: the services share).

    >>> resolve_indicator_id("全省地区生产总值", "percent", "increase")
    'gdp_growth'
    >>> resolve_indicator_id("新认定高企数量", "count", None)
    'high_tech_enterprises'
    >>> resolve_indicator_id("高新技术企业", "percent", None) is None
    True
    >>> resolve_indicator_id("工业增加值占地区生产总值比重", "percent", None) is None
    True
    """
    lex = lex or load_lexicon()
    if not indicator:
        return None
    whole = lex.indicator_whole_names.get(indicator_key(indicator, lex))
    if whole:
        return whole if lex.indicators[whole]["dimension"] == dimension else None
    found = _family_of(indicator, lex)
    if found is None and indicator in before and lex.marker("respectively") not in before:
        found = _family_of(before, lex)
    if found is None:
        return None
    family, share = found
    change = not share and (direction is not None or _names_change(indicator, lex))
    fits = [r["id"] for r in _family_rows(lex).get(family, ())
            if r["dimension"] == dimension
            and (r["direction"] == "-" or (change and r["direction"] == (direction or r["direction"])))]
    exact = [i for i in fits if lex.indicators[i]["direction"] == (direction or "-")]
    chosen = exact or fits
    return chosen[0] if chosen else None


@functools.lru_cache(maxsize=1 << 16)  # a pure function of its text: indicators recur across documents
def _family_of(indicator: str, lex: Lexicon) -> tuple[str, bool] | None:
    """The family of the longest surface an indicator contains outside a share's whole, and whether the
    indicator is a share of that family's quantity (服务业增加值占GDP比重: the surface ends before 占)."""
    for text in (indicator, _key_res(lex)[1].sub("", indicator)):  # “专精特新”企业: quotation marks are no part
        cut = _share_whole_at(text, lex)
        found = [m for m in _surface_re(lex).finditer(text) if m.start() < cut]
        if found:
            best = max(found, key=lambda m: (len(m.group()), -m.start()))
            return lex.indicator_surfaces[best.group()], best.end() <= cut < len(text)
    return None


def _share_whole_at(indicator: str, lex: Lexicon) -> int:
    """Where a share's whole begins (after 占 or 相当于), or the indicator's length."""
    at = [i for w in lex.markers("share_of") if (i := indicator.find(w)) >= 0]
    return min(at) if at else len(indicator)


@functools.cache
def _change_words(lex: Lexicon) -> tuple[str, ...]:
    return tuple(w for w, (_, scope) in lex.direction.items() if scope == "rate")  # 增加值 is no change


def _names_change(indicator: str, lex: Lexicon) -> bool:
    return any(w in indicator for w in _change_words(lex))


@functools.cache
def _family_rows(lex: Lexicon) -> dict[str, list[Mapping[str, str]]]:
    rows: dict[str, list[Mapping[str, str]]] = {}
    for r in lex.indicators.values():
        rows.setdefault(r["family"], []).append(r)
    return rows


@functools.cache
def _key_res(lex: Lexicon) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    leads = edge_words(lex, "lead")
    places = [*lex.region_prefixes, *lex.regions]
    return (regex.compile(rf"^(?:{alternation(places)}|{alternation(leads)})+"),
            regex.compile(r"[\s\p{P}\p{S}]+"))


def indicator_key(indicator: str, lex: Lexicon | None = None) -> str:
    """A normalized form of an indicator for grouping targets that have no canonical id: simplified
    characters, no spaces, punctuation or quotation marks, no place (全省, 浙江省) or governing verb (新增,
    实现) at its start.

    >>> indicator_key("全省新增“專精特新”企業")
    '专精特新企业'
    """
    return _key(indicator or "", lex or load_lexicon())


@functools.lru_cache(maxsize=1 << 16)
def _key(indicator: str, lex: Lexicon) -> str:
    from .text import normalize

    heads, punct = _key_res(lex)
    key = punct.sub("", normalize(indicator, lex))
    prev = None
    while prev != key:
        prev, key = key, heads.sub("", key)
    return key or punct.sub("", normalize(indicator, lex))


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


#: The columns of :func:`compare`'s tidy result, after ``indicator_id`` and the grouping column.
COMPARE_COLUMNS = (
    "year", "name_zh", "name_en", "lower", "upper", "lower_inclusive", "upper_inclusive", "approx", "unit",
    "direction", "modality", "binding", "n", "doc_id", "start", "text", "indicator",
)


def compare(frame: pd.DataFrame, by: str = "region", indicators: list[str] | None = None,
            year: int | None = None, binding: str | None = None, pick: str = "headline") -> pd.DataFrame:
    """Targets of each canonical indicator, one tidy row per (``indicator_id``, group, due ``year``).

    ``frame`` is what :func:`kpiextract.extract` or :func:`kpiextract.extract_files` returned; rows with
    ``status == "target"`` and an ``indicator_id`` are used. ``by`` names the grouping column (``region``,
    ``doc_id``, ``doc_year`` for one place's plans over several years …); ``year`` keeps one due year (a
    five-year plan's 2030 goals and this year's targets are separate rows); ``binding`` keeps
    ``"binding"`` or ``"expected"`` targets only.

    Each row has numeric ``lower``/``upper``, the inclusive flags, ``approx``, ``unit``, ``direction``,
    ``modality``, ``binding``, ``n`` (how many targets of the group fell there) and the ``doc_id``,
    ``start``, ``text`` and ``indicator`` of the one shown. Where a group has several, ``pick="headline"``
    (the default) shows the statement a reader would call *the* target: an annual figure before a five-year
    average or a cumulative one, then one stated in the passage of headline targets (主要预期目标是：…,
    ``lexicons/headline_markers.tsv``), then the first in document order; ``pick="first"`` shows the first
    in document order; ``pick="all"`` keeps every one (``n`` then counts them all on each row).
    :func:`wide` turns the result into a display table with formatted labels.
    """

    missing = [c for c in (by, "indicator_id", "status", "year") if c not in frame.columns]
    if missing:
        raise KeyError(f"compare needs the columns {missing}; pass a frame from kpiextract.extract")
    if pick not in PICKS:
        raise ValueError(f"pick must be one of {', '.join(PICKS)}, not {pick!r}")
    lex = load_lexicon()
    rows = frame[(frame["status"] == "target") & frame["indicator_id"].notna()].copy()
    if indicators is not None:
        rows = rows[rows["indicator_id"].isin(indicators)]
    if year is not None:
        rows = rows[rows["year"] == year]
    if binding is not None:
        rows = rows[rows["binding"] == binding]
    keys = ["indicator_id", by, "year"]
    order = [*keys, "doc_id", "start"]
    if pick == "headline":
        rows["_rank"] = _headline_rank(rows, lex)
        order = [*keys, "_rank", "doc_id", "start"]
    rows = rows.sort_values(order, kind="stable", na_position="last")
    rows["n"] = rows.groupby(keys, dropna=False)["start"].transform("size").astype("int64")
    if pick != "all":
        rows = rows.drop_duplicates(keys, keep="first")
    rows["name_zh"] = [lex.indicators[i]["name_zh"] for i in rows["indicator_id"]]
    rows["name_en"] = [lex.indicators[i]["name_en"] for i in rows["indicator_id"]]
    cols = ["indicator_id", by, *[c for c in COMPARE_COLUMNS if c != by]]
    return rows[[c for c in cols if c in rows.columns]].reset_index(drop=True)


PICKS = ("headline", "first", "all")


def _headline_rank(rows: pd.DataFrame, lex: Any) -> list[int]:
    """0 for the statement a reader calls the target, higher for less likely ones (decision 57): a five-year
    average or cumulative figure ranks after an annual one; outside the headline passage after inside it."""
    markers = tuple(lex.headline_markers)
    periods = rows["period"] if "period" in rows.columns else [None] * len(rows)
    sentences = rows["sentence"] if "sentence" in rows.columns else [""] * len(rows)
    out = []
    for period, sentence in zip(periods, sentences, strict=True):
        rank = 2 if isinstance(period, str) and period in ("annual_avg", "cumulative") else 0
        if not (isinstance(sentence, str) and any(m in sentence for m in markers)):
            rank += 1
        out.append(rank)
    return out


def label(row: Any) -> str:
    """A tidy row's readable label: ``≥5 % increase (ensure)``, ``≤13.5 % decrease [binding]`` where the
    document marks the target 约束性 or 预期性."""
    text = describe(row.lower, row.upper, row.lower_inclusive, row.upper_inclusive, bool(row.approx), str(row.unit),
                    row.direction if isinstance(row.direction, str) else None)
    if isinstance(row.modality, str):
        text += f" ({row.modality})"
    binding = getattr(row, "binding", None)
    if isinstance(binding, str):
        text += f" [{binding}]"
    return text


def wide(table: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """The display view of :func:`compare`'s result: one row per indicator (and due year where there are
    several), one column per group, each cell a formatted label (``≥5 % increase``).

    ``by`` is the grouping column; by default the second column of ``table`` (as :func:`compare` puts it).
    Use it as ``kpiextract.compare(frame).pipe(kpiextract.wide)``.
    """
    import pandas as pd

    by = by or str(table.columns[1])
    if table.empty:
        return pd.DataFrame(columns=["name_zh", "name_en"])
    labelled = table.assign(label=[label(r) for r in table.itertuples(index=False)])
    several_years = labelled.groupby("indicator_id")["year"].nunique(dropna=False).max() > 1
    index = ["indicator_id", "year"] if several_years else ["indicator_id"]
    out = labelled.pivot_table(index=index, columns=by, values="label", aggfunc="; ".join).fillna("")
    out.columns = [str(c) for c in out.columns]
    names = labelled.drop_duplicates("indicator_id").set_index("indicator_id")
    ids = out.index.get_level_values("indicator_id")
    out.insert(0, "name_en", list(names.loc[ids, "name_en"]))
    out.insert(0, "name_zh", list(names.loc[ids, "name_zh"]))
    return out
