"""Throughput of kpiextract.extract on the 25 reports of 2026, as a ratio against jieba.lcut.

Both run in the same process on the same text, interleaved, best of N runs each; the ratio is what
counts (these machines are noisy). Usage: python benchmarks/throughput.py [--runs 5] [CORPUS_DIR]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import jieba

import kpiextract
from kpiextract.indicators import _family_of, _key
from kpiextract.mentions import _quantity
from kpiextract.reader import read_text
from kpiextract.tokens import _pos_tokens

#: Memo caches of pure per-string functions: cleared before each run, so that no run profits from an
#: earlier run over the same texts (within a run, documents share them as they would in real use).
MEMOS = (_pos_tokens, _family_of, _key, _quantity)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared/corpus/gwr2026"))
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    texts = [read_text(p) for p in sorted(Path(a.corpus).glob("*.txt"))]
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    jieba.setLogLevel(60)
    jieba.lcut(texts[0][:100])
    kpiextract.extract(texts[0][:100])  # warm both: dictionaries and compiled rules
    ours, theirs = [], []
    for _ in range(a.runs):
        for memo in MEMOS:
            memo.cache_clear()
        t0 = time.perf_counter()
        for t in texts:
            kpiextract.extract(t)
        ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for t in texts:
            jieba.lcut(t)
        theirs.append(time.perf_counter() - t0)
    best_o, best_j = min(ours), min(theirs)
    print(f"corpus: {len(texts)} files, {size:.2f} MB")
    print(f"kpiextract.extract: best {best_o:.3f} s, median {statistics.median(ours):.3f} s, {size / best_o:.2f} MB/s")
    print(f"jieba.lcut:         best {best_j:.3f} s, median {statistics.median(theirs):.3f} s, {size / best_j:.2f} MB/s")
    print(f"ratio (jieba time / extract time, best of {a.runs}): {best_j / best_o:.2f}x")


if __name__ == "__main__":
    main()
