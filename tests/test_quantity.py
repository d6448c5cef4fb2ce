"""parse_quantity against tests/cases/quantities.tsv (SPEC §3)."""

from __future__ import annotations

import dataclasses
import math

import pytest
from conftest import params, tsv_cases

from kpiextract import Quantity, parse_quantity

ROWS = tsv_cases("quantities.tsv")


def _bound(s: str) -> float:
    return math.nan if s == "-" else float(s)


def _flag(s: str) -> bool | None:
    return None if s == "-" else s == "true"


@pytest.mark.parametrize("row", params(ROWS))
def test_quantity_case(row: dict[str, str]) -> None:
    if row["lower"] == "ValueError":
        with pytest.raises(ValueError, match="not a quantity"):
            parse_quantity(row["input"])
        return
    q = parse_quantity(row["input"])
    for side in ("lower", "upper"):
        want, got = _bound(row[side]), getattr(q, side)
        assert (math.isnan(want) and math.isnan(got)) or got == pytest.approx(want, rel=1e-12), side
    assert q.lower_inclusive is _flag(row["lower_inclusive"])
    assert q.upper_inclusive is _flag(row["upper_inclusive"])
    assert q.approx is (row["approx"] == "true")
    assert q.unit == row["unit"]


def test_quantity_is_frozen() -> None:
    q = parse_quantity("1200家以上")
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.lower = 1  # type: ignore[misc]
    assert isinstance(q, Quantity)


def test_direction_from_qualifier() -> None:
    assert parse_quantity("提高到1.6%").direction == "increase"
    assert parse_quantity("降至30%").direction == "decrease"
    assert parse_quantity("1.6%").direction is None


def test_from_value_has_role_from() -> None:
    assert parse_quantity("从380元").role == "from"
