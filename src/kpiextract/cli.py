"""Command line: ``kpiextract demo`` and ``kpiextract extract PATH... [--format F] [-o OUT]``.

Exit codes: 0 all well; 1 some files failed (the others are still written); 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import warnings
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import pandas as pd

from .extract import extract, extract_files

FORMATS = ("csv", "jsonl", "parquet")
SUFFIXES = {".txt", ".text"}


def _expand(paths: Sequence[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES))
        else:
            out.append(p)
    return out


def _write(df: pd.DataFrame, fmt: str, out: str | None) -> None:
    if fmt == "parquet" and out is None:
        raise SystemExit("kpiextract: --format parquet needs -o OUT")
    if out is None:
        if fmt == "csv":
            df.to_csv(sys.stdout, index=False)
        else:
            df.to_json(sys.stdout, orient="records", lines=True, force_ascii=False)
        return
    target = Path(out)
    fd, tmp = tempfile.mkstemp(prefix=".kpiextract-", dir=target.parent if str(target.parent) else ".")
    os.close(fd)
    try:
        if fmt == "csv":
            df.to_csv(tmp, index=False, encoding="utf-8-sig")
        elif fmt == "jsonl":
            df.to_json(tmp, orient="records", lines=True, force_ascii=False)
        else:
            df.to_parquet(tmp, index=False)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _demo(args: argparse.Namespace) -> int:
    text = (resources.files("kpiextract") / "data" / "sample-weihai-2021.txt").read_text(encoding="utf-8")
    df = extract(text, doc_id="sample-weihai-2021")
    df = df[df["status"] == "target"]
    cols = ["text", "indicator", "lower", "upper", "unit", "modality", "direction", "year"]
    with pd.option_context("display.max_rows", None, "display.width", 200, "display.unicode.east_asian_width", True):
        print(df[cols].to_string(index=False))
    print(f"\n{len(df)} targets in the bundled sample (Weihai, 2021 science and technology work points)")
    return 0


def _extract(args: argparse.Namespace) -> int:
    files = _expand(args.paths)
    if not files:
        print("kpiextract: no documents found in " + " ".join(args.paths), file=sys.stderr)
        return 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = extract_files(files, year=args.year)
    failures = df.attrs.get("failures", [])
    for path, msg in failures:
        print(f"kpiextract: skipped {msg}", file=sys.stderr)
    if args.targets_only:
        df = df[df["status"] == "target"]
    try:
        _write(df, args.format, args.output)
    except OSError as err:
        print(f"kpiextract: cannot write {args.output}: {err.strerror or err}", file=sys.stderr)
        return 2
    print(f"kpiextract: {len(files)} files, {int((df['status'] == 'target').sum())} targets, "
          f"{len(failures)} failed", file=sys.stderr)
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    ap = argparse.ArgumentParser(prog="kpiextract", description="Quantitative targets of Chinese plans.")
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("demo", help="print the targets of a bundled sample document")
    d.set_defaults(func=_demo)
    e = sub.add_parser("extract", help="extract targets from documents (files or folders)")
    e.add_argument("paths", nargs="+", metavar="PATH")
    e.add_argument("--format", choices=FORMATS, default="csv")
    e.add_argument("-o", "--output", metavar="OUT", help="write here (default: standard output)")
    e.add_argument("--year", type=int, help="plan year (default: read from each document's title)")
    e.add_argument("--targets-only", action="store_true", help="leave out rows whose status is not target")
    e.set_defaults(func=_extract)
    args = ap.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
