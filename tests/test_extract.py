"""extract() on sentence cases (tests/cases/sentences.jsonl), the negative corpus, and the frame contract."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from conftest import CASES, jsonl_cases, params

import kpiextract
from kpiextract import COLUMNS, DTYPES, extract, extract_files

SENTENCES = jsonl_cases("sentences.jsonl")
# issue 11's classes, one sentence each, numbered by class (status, layout, numerals, units, comparators ...)
VARIED = jsonl_cases("varied_documents.jsonl")
NON_TARGETS = [
    line.strip() for line in (CASES / "non_targets.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


def _same(got: object, want: object) -> bool:
    if want is None:
        return got is None or got is pd.NA or (isinstance(got, float) and math.isnan(got))
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        return isinstance(got, (int, float)) and math.isclose(float(got), want, rel_tol=1e-9)
    return bool(got == want)


@pytest.mark.parametrize("case", params(SENTENCES + VARIED, key="note"))
def test_sentence_case(case: dict) -> None:
    df = extract(case["text"], year=case["year"])
    targets = df[df["status"] == "target"]
    assert list(targets["text"]) == [t["text"] for t in case["targets"]]
    for (_, row), want in zip(targets.iterrows(), case["targets"], strict=True):
        for field, value in want.items():
            assert _same(row[field], value), f"{want['text']}: {field} = {row[field]!r}, want {value!r}"


@pytest.mark.parametrize("sentence", NON_TARGETS)
def test_non_target(sentence: str) -> None:
    df = extract(sentence, year=2026)
    assert (df["status"] != "target").all(), df[["text", "status"]]


def test_columns_and_dtypes() -> None:
    df = extract("全年引进高层次人才50人以上。", year=2017)
    assert tuple(df.columns[: len(COLUMNS)]) == COLUMNS
    assert {c: str(t) for c, t in df.dtypes.items()} == DTYPES


def test_empty_text_gives_empty_frame_with_columns() -> None:
    for text in ("", "   \n", "没有数字的句子。"):
        df = extract(text)
        assert df.empty and tuple(df.columns[: len(COLUMNS)]) == COLUMNS
        assert {c: str(t) for c, t in df.dtypes.items()} == DTYPES


def test_non_str_raises_type_error() -> None:
    with pytest.raises(TypeError, match="text must be str"):
        extract(b"bytes")  # type: ignore[arg-type]


def test_offsets_index_the_text_as_given() -> None:
    text = "全年國家科技型中小企業確保達到１２００家以上，力爭突破1500家以上。"
    df = extract(text)
    assert len(df) == 2
    for row in df.itertuples():
        assert text[row.start:row.end] == row.text


def test_extract_files_reports_a_bad_file_and_keeps_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("2021年工作要点\n全年服务企业500家以上。", encoding="utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("2021年工作要点\n全年服务企业300家以上。".encode("gb18030"))
    missing = tmp_path / "missing.txt"
    with pytest.warns(UserWarning, match="missing.txt"):
        df = extract_files([good, missing, gbk])
    assert set(df["doc_id"]) == {"good", "gbk"}
    assert [p for p, _ in df.attrs["failures"]] == [str(missing)]
    assert set(df["year"]) == {2021}


def test_extract_files_raise_mode(tmp_path: Path) -> None:
    with pytest.raises(kpiextract.DocumentError, match="nope.txt"):
        extract_files([tmp_path / "nope.txt"], on_error="raise")
    with pytest.raises(ValueError, match="on_error"):
        extract_files([], on_error="loud")


def test_relative_targets_without_a_number_are_listed() -> None:
    df = extract("城乡居民收入增长与经济增长保持同步,农村居民收入增速快于城镇居民。", year=2026)
    rel = df[df["reason"] == "relative"]
    assert list(rel["text"]) == ["与经济增长保持同步", "快于城镇居民"]
    assert (rel["status"] == "other").all() and rel["lower"].isna().all()
    assert list(rel["indicator"]) == ["城乡居民收入", "农村居民收入增速"]
