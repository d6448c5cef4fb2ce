"""parse_number against tests/cases/numbers.tsv."""

from __future__ import annotations

import pytest
from conftest import params, tsv_cases

from kpiextract import parse_number

ROWS = tsv_cases("numbers.tsv")


@pytest.mark.parametrize("row", params(ROWS))
def test_number_case(row: dict[str, str]) -> None:
    if row["expected"] == "ValueError":
        with pytest.raises(ValueError, match="not a number"):
            parse_number(row["input"])
        return
    got = parse_number(row["input"])
    want = float(row["expected"])
    assert got == pytest.approx(want, rel=1e-12)
    assert isinstance(got, int) == want.is_integer()


def test_non_str_raises_type_error() -> None:
    with pytest.raises(TypeError, match="expects str"):
        parse_number(12)  # type: ignore[arg-type]


def test_error_names_input() -> None:
    with pytest.raises(ValueError, match="'abc'"):
        parse_number("abc")


def test_case_table_is_large_enough() -> None:
    quantities = tsv_cases("quantities.tsv")
    assert len(ROWS) + len(quantities) >= 150
    assert sum(r["expected"] == "ValueError" for r in ROWS) >= 10
