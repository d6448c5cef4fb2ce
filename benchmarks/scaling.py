"""Cost growth and peak memory.

1. Time of extract() over 1x, 2x, 4x and 8x the 25 reports (the corpus repeated), median of 3 runs each:
   time per MB should stay flat (linear growth).
2. Peak resident memory of the CLI over about 50 MB of documents (copies of the reports in a temporary
   folder), read from the child's rusage.

Usage: python benchmarks/scaling.py [CORPUS_DIR] [--mb 50]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import kpiextract
from kpiextract.reader import read_text


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared/corpus/gwr2026"))
    ap.add_argument("--mb", type=float, default=50.0)
    a = ap.parse_args()
    files = sorted(Path(a.corpus).glob("*.txt"))
    texts = [read_text(p) for p in files]
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    kpiextract.extract(texts[0])
    base = None
    for k in (1, 2, 4, 8):
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            for _ in range(k):
                for t in texts:
                    kpiextract.extract(t)
            runs.append(time.perf_counter() - t0)
        med = statistics.median(runs)
        base = base or med
        print(f"{k}x ({k * size:.1f} MB): median {med:.3f} s, {med / (k * size):.3f} s/MB, {med / base:.2f}x the 1x time")
    with tempfile.TemporaryDirectory() as tmp:
        copies = int(a.mb / size) + 1
        for c in range(copies):
            for p in files:
                shutil.copy(p, Path(tmp) / f"{c:03d}-{p.name}")
        total = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 1e6
        out = Path(tmp) / "out.jsonl"
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kpiextract", "extract", tmp, "--format", "jsonl", "-o", str(out)],
                       check=True, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"CLI over {total:.1f} MB ({copies * len(files)} files): {wall:.1f} s, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
