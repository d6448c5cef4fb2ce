"""End to end: the dev gold scored by ../shared/tools/score.py, and every 2026 report extracts cleanly."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from conftest import need_shared

from kpiextract import extract, extract_files
from kpiextract.reader import read_text

SPAN_BAR, STRICT_BAR = 0.97, 0.90


def _scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "tools" / "score.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_dev_gold_meets_the_bar(tmp_path: Path) -> None:
    shared = need_shared()
    docs = sorted((shared / "corpus" / "docs").glob("*.txt"))
    df = extract_files(docs)
    pred = tmp_path / "pred.jsonl"
    df.to_json(pred, orient="records", lines=True, force_ascii=False)
    score = _scorer(shared)
    gold = score.load(str(shared / "corpus" / "gold"))
    res, _ = score.score(gold, score.load(str(pred)), score.gold_docs(str(shared / "corpus" / "gold"), gold))
    print(json.dumps({k: res[k] for k in ("span", "strict")}))
    assert res["span"]["f1"] >= SPAN_BAR
    assert res["strict"]["f1"] >= STRICT_BAR


def test_all_reports_extract_with_valid_spans() -> None:
    shared = need_shared()
    reports = sorted((shared / "corpus" / "gwr2026").glob("*.txt"))
    assert len(reports) == 25
    for path in reports:
        text = read_text(path)
        df = extract(text, doc_id=path.stem)
        assert (df["status"] == "target").sum() > 0, path.name
        assert set(df["doc_year"]) == {2026}, path.name  # read from each report's title or date line
        assert df["region"].notna().all(), path.name
        for row in df.itertuples():
            assert text[row.start:row.end] == row.text
