"""Targets against results (issue 20, SPEC §7): the outcome a review states for an indicator and year, paired
with the target set for it, and whether it was met.

A review's figure (``status == "reported"``) is the outcome of its indicator for the year it describes: a
year written in its sentence before it (2024年城镇新增就业1256万人), else the year before its document's plan
year (过去一年 in the report of 2026 is 2025). One pair per region x indicator x year: the target is
:func:`~kpiextract.indicators.compare`'s headline pick of the targets due that year, the outcome the first
figure of the indicator in the reviews describing that year (the headline figure comes before a
sub-sector's). Both may come from one document (a report that states last year's target and result) or
from consecutive years' documents.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from .indicators import compare, resolve_indicator_id

if TYPE_CHECKING:
    import pandas as pd

#: Tolerance of an approximate or bare target (SPEC §7): percentage points for a % figure, else a share of X.
PERCENT_TOLERANCE = 0.5
SHARE_TOLERANCE = 0.05
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s?\u5e74")  # \u5e74: the year suffix

OUTCOME_COLUMNS = (
    "region", "indicator_id", "year", "name_zh", "name_en", "unit", "lower", "upper", "lower_inclusive",
    "upper_inclusive", "approx", "comparator", "target_text", "target_doc_id", "target_start", "outcome",
    "outcome_text", "outcome_doc_id", "outcome_start", "met", "gap",
)


def described_year(sentence: object, text: object, doc_year: object) -> int | None:
    """The year a reported figure describes: the last year written before it in its sentence that is
    before the plan year, else the year before the plan year."""
    plan = None if _missing(doc_year) else int(str(doc_year))
    if isinstance(sentence, str) and isinstance(text, str):
        at = sentence.find(text)
        years = [int(y) for y in _YEAR.findall(sentence[:at if at >= 0 else len(sentence)])]
        years = [y for y in years if plan is None or y < plan]
        if years:
            return years[-1]
    return None if plan is None else plan - 1


def _missing(v: object) -> bool:
    try:
        return v is None or bool(v != v) or str(v) == "<NA>"
    except (TypeError, ValueError):
        return True


def _nearest(value: float, lo: float | None, hi: float | None) -> float:
    """The target's point, or the bound nearest the outcome (the outcome itself where it lies within)."""
    if lo is None:
        return hi if hi is not None else value
    if hi is None or value < lo:
        return lo
    return hi if value > hi else (lo if lo == hi else value)


def met(row: Any) -> tuple[object, float]:
    """SPEC §7: whether an outcome satisfies its target's bounds (True, False, or NA where the text does not
    say), and the gap (outcome minus the target's point or nearest bound)."""
    value, lo, hi = row.outcome, row.lower, row.upper
    if _missing(value) or (_missing(lo) and _missing(hi)):
        return None, math.nan
    lo = None if _missing(lo) else float(lo)
    hi = None if _missing(hi) else float(hi)
    value = float(value)
    point = lo if lo is not None and lo == hi else None
    nearest = _nearest(value, lo, hi)
    gap = value - nearest
    tolerance = PERCENT_TOLERANCE if row.unit == "%" else SHARE_TOLERANCE * abs(nearest)
    if point is not None:  # X左右, or a bare X: within the tolerance it is met
        within = abs(value - point) <= tolerance + 1e-9
        if bool(row.approx):
            return within, gap
        return (True if within else None), gap  # a bare figure says neither floor nor ceiling
    ok = True
    if lo is not None:
        ok = ok and (value >= lo if row.lower_inclusive is not False else value > lo)
    if hi is not None:
        ok = ok and (value <= hi if row.upper_inclusive is not False else value < hi)
    return ok, gap


def _result_id(row: Any) -> str | None:
    """A reported figure's canonical indicator, found as a target's is (:func:`resolve_indicator_id`)."""
    if isinstance(row.indicator_id, str):
        return row.indicator_id
    if not isinstance(row.indicator, str) or not row.indicator:
        return None
    direction = row.direction if isinstance(row.direction, str) else None
    return resolve_indicator_id(row.indicator, str(row.dimension), direction)


def outcomes(frame: pd.DataFrame, by: str = "region") -> pd.DataFrame:
    """One row per ``by`` (region) x ``indicator_id`` x year with the target, the outcome a review states,
    ``met`` (True / False / NA by SPEC §7) and ``gap``. ``frame`` is what :func:`kpiextract.extract` or
    :func:`kpiextract.extract_files` returned for one or more documents (a region's reports over years)."""
    import pandas as pd

    missing = [c for c in (by, "indicator_id", "status", "year", "doc_year", "sentence", "text", "period",
                           "indicator", "dimension", "direction")
               if c not in frame.columns]
    if missing:
        raise KeyError(f"outcomes needs the columns {missing}; pass a frame from kpiextract.extract")
    targets = compare(frame, by=by)
    results = frame[(frame["status"] == "reported") & frame["period"].isna()].copy()
    results["indicator_id"] = [_result_id(r) for r in results.itertuples(index=False)]  # results get ids here
    results = results[results["indicator_id"].notna()]
    results["year"] = [described_year(s, t, d) for s, t, d in
                       zip(results["sentence"], results["text"], results["doc_year"], strict=True)]
    results = results[results["year"].notna()]
    results = results.sort_values([by, "indicator_id", "year", "doc_id", "start"], kind="stable")
    results = results.drop_duplicates([by, "indicator_id", "year"], keep="first")
    results = results.rename(columns={"value": "outcome", "text": "outcome_text", "doc_id": "outcome_doc_id",
                                      "start": "outcome_start"})
    if "outcome" not in results.columns:
        results["outcome"] = results["lower"]
    targets = targets.rename(columns={"text": "target_text", "doc_id": "target_doc_id", "start": "target_start"})
    results["year"] = results["year"].astype("Int64")
    targets["year"] = targets["year"].astype("Int64")
    keys = [by, "indicator_id", "year"]
    pairs = targets.merge(results[[*keys, "outcome", "outcome_text", "outcome_doc_id", "outcome_start",
                                   "unit"]].rename(columns={"unit": "outcome_unit"}),
                          on=keys, how="inner")
    pairs = pairs[pairs["unit"] == pairs["outcome_unit"]]  # one unit: a growth rate is no level
    if "comparator" not in pairs.columns:
        pairs["comparator"] = pd.NA
    judged = [met(r) for r in pairs.itertuples(index=False)]
    pairs["met"] = pd.array([m for m, _ in judged], dtype="boolean")
    pairs["gap"] = [g for _, g in judged]
    cols = [c if c != "region" else by for c in OUTCOME_COLUMNS]
    return pairs[[c for c in cols if c in pairs.columns]].reset_index(drop=True)
