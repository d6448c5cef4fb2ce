#!/usr/bin/env python3
"""Cold extraction time: each timing in a fresh process that has loaded kpiextract and extracted one
unrelated text (so no memo holds the timed documents), CPU time of extracting every document of a folder.
With ``--against SRC`` (another checkout's ``src`` folder) both are run interleaved, and the ratio of the
medians is printed: the comparison to trust on a noisy machine.

usage: python benchmarks/cold.py CORPUS_DIR WARM_TEXT [--runs 7] [--against OTHER/src]"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

CHILD = r"""
import glob, json, sys, time
import kpiextract
docs = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(sys.argv[1] + "/*.txt"))]
kpiextract.extract(open(sys.argv[2], encoding="utf-8").read(), doc_id="warm")
s = time.process_time()
for i, d in enumerate(docs):
    kpiextract.extract(d, doc_id=str(i))
print(json.dumps(time.process_time() - s))
"""


def timed(corpus: str, warm: str, src: str | None) -> float:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    out = subprocess.run([sys.executable, "-c", CHILD, corpus, warm], capture_output=True, text=True, check=True,
                         env=env)
    return float(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("warm")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--against", default=None, help="another checkout's src folder, run interleaved")
    a = ap.parse_args()
    runs: dict[str, list[float]] = {"this": [], "other": []}
    for _ in range(a.runs):
        runs["this"].append(timed(a.corpus, a.warm, None))
        if a.against:
            runs["other"].append(timed(a.corpus, a.warm, a.against))
    for name, ts in runs.items():
        if ts:
            print(f"{name}: median {statistics.median(ts):.3f} s CPU  ({', '.join(f'{t:.3f}' for t in ts)})")
    if a.against:
        print(f"ratio this/other: {statistics.median(runs['this']) / statistics.median(runs['other']):.3f}")


if __name__ == "__main__":
    main()
