"""Typed, immutable records passed between the stages, and the SPEC §2 column order."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Modality = Literal["ensure", "strive"]
Direction = Literal["increase", "decrease"]
Period = Literal["per_year", "per_month", "annual_avg", "cumulative"]
Status = Literal["target", "reported", "other"]
Binding = Literal["binding", "expected"]

#: Required columns, SPEC §2 order.
COLUMNS: tuple[str, ...] = (
    "doc_id", "start", "end", "text", "indicator", "lower", "upper", "lower_inclusive", "upper_inclusive",
    "approx", "unit", "modality", "direction", "period", "year", "owner", "binding", "status", "sentence",
)
#: Extra columns, after the required ones.
EXTRA_COLUMNS: tuple[str, ...] = (
    "value", "comparator", "dimension", "indicator_id", "indicator_key", "region", "doc_year", "section", "verb",
    "reason",
)

NAN = math.nan


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity expression, normalized as SPEC §3 says.

    ``lower``/``upper`` are in base units (scale words applied); an open bound is NaN and its
    ``*_inclusive`` flag is ``None``. ``role`` is ``"from"`` for a starting level (从X提高至Y).
    """

    text: str
    lower: float
    upper: float
    lower_inclusive: bool | None
    upper_inclusive: bool | None
    approx: bool
    unit: str
    dimension: str
    direction: Direction | None = None
    role: Literal["value", "from"] = "value"

    @property
    def value(self) -> float:
        """The figure as written: the lower bound, else the upper bound."""
        return self.upper if math.isnan(self.lower) else self.lower

    @property
    def comparator(self) -> str:
        """``=``, ``~``, ``>=``, ``>``, ``<=``, ``<`` or ``range``."""
        lo, up = not math.isnan(self.lower), not math.isnan(self.upper)
        if lo and up:
            if self.lower == self.upper:
                return "~" if self.approx else "="
            return "range"
        if lo:
            return ">=" if self.lower_inclusive else ">"
        return "<=" if self.upper_inclusive else "<"


@dataclass(frozen=True, slots=True)
class Mention:
    """A quantity found in a text: half-open ``[start, end)`` offsets into the original text."""

    start: int
    end: int
    quantity: Quantity
    before: str  # the qualifier word directly before the number ("" if none)
    number: str = ""  # the first number as written (1200, 一千二百, 百)
    gap: int = 0  # spaces between the qualifier word (or the words before) and the number (不低於 50%)
    signed: bool = False  # a minus sign is written before the figure, inside the span (增长-5%)

    @property
    def before_start(self) -> int:
        """Where the words before the quantity end: before its qualifier word and any spaces."""
        return self.start - self.gap - len(self.before)


@dataclass(frozen=True, slots=True)
class Target:
    """One row of the result: a mention with its context resolved (SPEC §2)."""

    doc_id: str
    start: int
    end: int
    text: str
    indicator: str
    quantity: Quantity
    modality: Modality | None
    direction: Direction | None
    period: Period | None
    year: int | None
    owner: str | None
    status: Status
    sentence: str
    section: str
    verb: str
    reason: str
    indicator_id: str | None = None
    region: str | None = None
    doc_year: int | None = None
    binding: Binding | None = None  # 约束性 -> binding, 预期性 -> expected (SPEC §5)
    indicator_key: str = ""  # the indicator normalized for grouping (indicators.indicator_key)
