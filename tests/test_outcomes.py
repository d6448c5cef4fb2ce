"""Targets against results (issue 20, SPEC §7): outcomes() pairs each target with the result a later review
states for the same place, indicator and year, and judges ``met`` by the target's bounds."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

import kpiextract
from kpiextract.outcomes import described_year, met

PLAN_2025 = ("2025年某省政府工作报告\n今年全省经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇新增就业50万人以上，"
             "居民消费价格涨幅2%左右，城镇调查失业率5.5%左右。")
REPORT_2026 = ("2026年某省政府工作报告\n一、2025年工作回顾\n过去一年，全省地区生产总值增长5.3%，城镇新增就业48万人，"
               "居民消费价格上涨0.3%，城镇调查失业率5.1%。\n二、2026年工作安排\n地区生产总值增长5%左右。")


def _frame() -> pd.DataFrame:
    a = kpiextract.extract(PLAN_2025, doc_id="r2025", region="某省")
    b = kpiextract.extract(REPORT_2026, doc_id="r2026", region="某省")
    return pd.concat([a, b], ignore_index=True)


def test_targets_pair_with_the_next_reports_results() -> None:
    got = kpiextract.outcomes(_frame()).set_index("indicator_id")
    assert set(got.index) == {"gdp_growth", "new_urban_jobs", "cpi_growth", "unemployment_rate"}
    assert (got["year"] == 2025).all() and (got["target_doc_id"] == "r2025").all()
    assert (got["outcome_doc_id"] == "r2026").all()
    assert got.loc["gdp_growth", "met"]  # 5.3 within 5%左右 ± 0.5 points
    assert not got.loc["new_urban_jobs", "met"]  # 48万 < 50万以上
    assert not got.loc["cpi_growth", "met"]  # 0.3 is not 2%左右 (met is about bounds, not good news)
    assert got.loc["unemployment_rate", "met"]
    assert math.isclose(got.loc["new_urban_jobs", "gap"], -20000)


@pytest.mark.parametrize(("lower", "upper", "li", "ui", "approx", "unit", "outcome", "want"), [
    (5, 5, True, True, True, "%", 5.4, True),      # X左右: ±0.5 points
    (5, 5, True, True, True, "%", 5.6, False),
    (900, 900, True, True, False, "万人", 940, True),  # a bare figure: within 5% it is met
    (900, 900, True, True, False, "万人", 1100, None),  # outside: the text says neither floor nor ceiling
    (5, math.nan, False, None, False, "%", 5, False),  # 超过5%: exclusive
    (5, math.nan, True, None, False, "%", 5, True),    # 5%以上
    (math.nan, 3, None, True, False, "%", 3, True),    # 3%以内
    (math.nan, 3, None, False, False, "%", 3, False),  # 低于3%
    (4.5, 5, True, True, False, "%", 4.8, True),       # a range
    (5, 5, True, True, True, "%", math.nan, None),     # no outcome
])
def test_met_follows_the_bounds(lower, upper, li, ui, approx, unit, outcome, want) -> None:
    row = SimpleNamespace(lower=lower, upper=upper, lower_inclusive=li, upper_inclusive=ui, approx=approx, unit=unit,
                          outcome=outcome)
    assert met(row)[0] == want


def test_the_year_a_result_describes() -> None:
    assert described_year("过去一年，全省地区生产总值增长5.3%。", "5.3%", 2026) == 2025
    assert described_year("2024年城镇新增就业1256万人。", "1256万人", 2026) == 2024  # as written
    assert described_year("城镇新增就业1256万人。", "1256万人", None) is None


def test_outcomes_command(tmp_path: Path) -> None:
    targets = tmp_path / "t.jsonl"
    _frame().to_json(targets, orient="records", lines=True, force_ascii=False)
    out = tmp_path / "o.csv"
    r = subprocess.run([sys.executable, "-m", "kpiextract", "outcomes", str(targets), "-o", str(out)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert set(pd.read_csv(out)["indicator_id"]) == {"gdp_growth", "new_urban_jobs", "cpi_growth", "unemployment_rate"}
