"""The Dask recipe of docs/scaling-out.md gives the same rows as one process; highlight() marks targets."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import need_shared

import kpiextract
from kpiextract.reader import read_text


def test_dask_map_partitions_equals_single_process() -> None:
    dd = pytest.importorskip("dask.dataframe")
    shared = need_shared()
    paths = sorted((shared / "corpus" / "gwr2026").glob("*.txt"))
    docs = pd.DataFrame({"doc_id": [p.stem for p in paths], "text": [read_text(p) for p in paths]})
    # the recipe, as docs/scaling-out.md writes it
    ddf = dd.from_pandas(docs, npartitions=4)
    rows = ddf.map_partitions(kpiextract.extract_frame, meta=kpiextract.empty_frame()).compute(scheduler="threads")
    single = kpiextract.extract_files(paths)
    key = ["doc_id", "start", "end"]
    a = rows.sort_values(key).reset_index(drop=True)
    b = single.sort_values(key).reset_index(drop=True)
    assert len(a) == len(b) > 1000
    pd.testing.assert_frame_equal(a[list(kpiextract.COLUMNS)], b[list(kpiextract.COLUMNS)], check_dtype=False)


def test_extract_frame_names_missing_columns() -> None:
    with pytest.raises(KeyError, match="body"):
        kpiextract.extract_frame(pd.DataFrame({"doc_id": ["a"]}), text="body")
    assert kpiextract.extract_frame(pd.DataFrame({"doc_id": [], "text": []})).empty


def test_highlight_marks_targets_and_escapes() -> None:
    df = kpiextract.extract("全年国家科技型中小企业确保达到1200家以上,力争突破1500家以上<b>。", year=2021)
    out = kpiextract.highlight(df)
    assert out.count("<mark") == 2 and "&lt;b&gt;" in out and "≥1,200 家 (ensure)" in out
    assert out._repr_html_() == str(out)
