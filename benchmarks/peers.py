"""Accuracy and speed against the tools people use today, on the dev gold, side by side.

Peers (the `bench` extra, never runtime dependencies): Microsoft Recognizers-Text (Chinese number,
percentage, currency and dimension models), JioNLP's money extraction, and a plain-regex baseline.
Each adapter turns the peer's output into SPEC §2 rows (every quantity a peer finds counts as a target:
none of them can tell a target from a reported figure), scored by ../shared/tools/score.py. Speed is MB/s
over the four dev documents, best of 3, all in this process.

Also: number parsing against cn2an on tests/cases/numbers.tsv (share right, calls per second).

Usage: pip install ".[bench]"; python benchmarks/peers.py
"""

from __future__ import annotations

import csv
import importlib.util
import math
import re
import time
from collections.abc import Callable
from pathlib import Path

import kpiextract
from kpiextract.reader import read_text

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
Row = dict[str, object]


def _row(doc: str, start: int, end: int, text: str, lower: float, upper: float, lo_inc: bool | None,
         up_inc: bool | None, approx: bool, unit: str | None) -> Row:
    return {"doc_id": doc, "start": start, "end": end, "text": text, "indicator": None, "lower": lower,
            "upper": upper, "lower_inclusive": lo_inc, "upper_inclusive": up_inc, "approx": approx, "unit": unit,
            "modality": None, "direction": None, "period": None, "year": None, "owner": None, "status": "target"}


def ours(doc: str, text: str) -> list[Row]:
    df = kpiextract.extract(text, doc_id=doc)
    return df[df["status"] == "target"].to_dict("records")


def recognizers(doc: str, text: str) -> list[Row]:
    from recognizers_suite import Culture, recognize_currency, recognize_dimension, recognize_number
    from recognizers_suite import recognize_percentage

    found: list[tuple[int, int, str, str, str | None]] = []
    offset = 0
    for line in text.splitlines(keepends=True):  # per line: the models are slow on long inputs
        for fn, unit in ((recognize_percentage, "%"), (recognize_currency, "元"), (recognize_dimension, None),
                         (recognize_number, None)):
            for r in fn(line, Culture.Chinese):
                value = str((r.resolution or {}).get("value", "")).rstrip("%")
                u = unit if unit else (r.resolution or {}).get("unit")
                found.append((offset + r.start, offset + r.end + 1, r.text, value, u))
        offset += len(line)
    rows, taken = [], []
    for s, e, t, v, u in sorted(found, key=lambda x: (x[0], -(x[1] - x[0]))):
        if any(s < te and e > ts for ts, te in taken):
            continue
        try:
            x = float(v)
        except ValueError:
            continue
        taken.append((s, e))
        rows.append(_row(doc, s, e, t, x, x, True, True, False, u))
    return rows


def jionlp_money(doc: str, text: str) -> list[Row]:
    import jionlp as jio

    rows = []
    for m in jio.ner.extract_money(text, with_parsing=True):
        s, e = m["offset"]
        d = m["detail"]
        try:
            x = float(d["num"])
        except (TypeError, ValueError):
            continue
        kind = d.get("definition")
        if kind == "blur+":
            rows.append(_row(doc, s, e, m["text"], x, math.nan, True, None, False, "元"))
        elif kind == "blur-":
            rows.append(_row(doc, s, e, m["text"], math.nan, x, None, True, False, "元"))
        else:
            rows.append(_row(doc, s, e, m["text"], x, x, True, True, kind == "blur", "元"))
    return rows


_BASELINE = re.compile(r"(\d+(?:\.\d+)?)(万亿|亿|万)?(个百分点|家|个|项|件|人次|人|名|次|场|%|元|亩|平方米|公里|吨|千瓦)(以上|左右)?")
_SCALE = {"万": 1e4, "亿": 1e8, "万亿": 1e12, None: 1}


def plain_regex(doc: str, text: str) -> list[Row]:
    rows = []
    for m in _BASELINE.finditer(text):
        x = float(m.group(1)) * _SCALE[m.group(2)]
        unit = "百分点" if m.group(3) == "个百分点" else m.group(3)
        if m.group(4) == "以上":
            rows.append(_row(doc, m.start(), m.end(), m.group(), x, math.nan, True, None, False, unit))
        else:
            rows.append(_row(doc, m.start(), m.end(), m.group(), x, x, True, True, m.group(4) == "左右", unit))
    return rows


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def _run(fn: Callable[[str, str], list[Row]], docs: dict[str, str]) -> tuple[list[Row], float]:
    best, rows = math.inf, []
    for _ in range(3):
        t0 = time.perf_counter()
        rows = [r for d, t in docs.items() for r in fn(d, t)]
        best = min(best, time.perf_counter() - t0)
    return rows, best


def numbers_vs_cn2an() -> None:
    import cn2an

    with (ROOT / "tests" / "cases" / "numbers.tsv").open(encoding="utf-8") as f:
        rows = [r for r in csv.reader((x for x in f if x.strip() and not x.startswith("#")), delimiter="\t")][1:]

    def score(parse: Callable[[str], object]) -> tuple[float, float]:
        right = 0
        for inp, want in rows:
            try:
                got = parse(inp)
                right += want != "ValueError" and math.isclose(float(got), float(want))  # type: ignore[arg-type]
            except Exception:  # noqa: BLE001 - a peer may raise anything; a raise is right only where expected
                right += want == "ValueError"
        t0, n = time.perf_counter(), 0
        while time.perf_counter() - t0 < 1.0:
            for inp, _ in rows:
                try:
                    parse(inp)
                except Exception:  # noqa: BLE001
                    pass
                n += 1
        return right / len(rows), n / (time.perf_counter() - t0)

    for name, fn in (("kpiextract.parse_number", kpiextract.parse_number),
                     ("cn2an.cn2an(smart)", lambda s: cn2an.cn2an(s, "smart"))):
        share, rate = score(fn)
        print(f"| {name} | {share:.1%} of {len(rows)} | {rate:,.0f} calls/s |")


def main() -> None:
    score = _scorer()
    gold_dir = str(SHARED / "corpus" / "gold")
    gold = score.load(gold_dir)
    docs = {p.stem: read_text(p) for p in sorted((SHARED / "corpus" / "docs").glob("*.txt"))}
    size = sum(len(t.encode("utf-8")) for t in docs.values()) / 1e6
    print(f"dev documents: {len(docs)}, {size:.2f} MB\n")
    print("| extractor | span F1 | strict F1 | MB/s |\n|---|---|---|---|")
    for name, fn in (("kpiextract", ours), ("Recognizers-Text (zh)", recognizers), ("JioNLP extract_money", jionlp_money),
                     ("plain regex", plain_regex)):
        rows, secs = _run(fn, docs)
        res, _ = score.score(gold, rows, score.gold_docs(gold_dir, gold))
        print(f"| {name} | {res['span']['f1']:.3f} | {res['strict']['f1']:.3f} | {size / secs:.2f} |")
    print("\n| number parser | right | speed |\n|---|---|---|")
    numbers_vs_cn2an()


if __name__ == "__main__":
    main()
