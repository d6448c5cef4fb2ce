"""Command line: ``kpiextract demo`` and ``kpiextract extract PATH... [--format F] [-o OUT]``.

Exit codes: 0 all well; 1 some files failed (the others are still written); 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import DocumentError
from .extract import extract, iter_files
from .frame import empty_frame

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


class _Sink:
    """Writes frames one document at a time: to standard output, or to a temporary file beside ``out``
    that replaces ``out`` only when everything is written (never a half-written file)."""

    def __init__(self, fmt: str, out: str | None) -> None:
        if fmt == "parquet" and out is None:
            raise SystemExit("kpiextract: --format parquet needs -o OUT")
        self.fmt, self.out, self.rows, self.first = fmt, out, 0, True
        self.tmp: str | None = None
        self.fh: Any = sys.stdout
        self.parquet: Any = None
        if out is not None:
            target = Path(out)
            fd, self.tmp = tempfile.mkstemp(prefix=".kpiextract-", dir=str(target.parent) or ".")
            os.close(fd)
            if fmt != "parquet":  # csv with a BOM, so that Excel reads UTF-8
                self.fh = open(self.tmp, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")

    def write(self, df: pd.DataFrame) -> None:
        if self.fmt == "csv":
            df.to_csv(self.fh, index=False, header=self.first)
        elif self.fmt == "jsonl":
            if len(df):
                df.to_json(self.fh, orient="records", lines=True, force_ascii=False)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(df, preserve_index=False)
            if self.parquet is None:
                self.parquet = pq.ParquetWriter(self.tmp, table.schema)
            self.parquet.write_table(table.cast(self.parquet.schema))
        self.first = False
        self.rows += len(df)

    def commit(self) -> None:
        if self.first:  # nothing written yet: still give a file with the columns
            self.write(empty_frame())
        self._close()
        if self.tmp is not None and self.out is not None:
            os.replace(self.tmp, self.out)

    def abort(self) -> None:
        self._close()
        if self.tmp is not None:
            Path(self.tmp).unlink(missing_ok=True)

    def _close(self) -> None:
        if self.parquet is not None:
            self.parquet.close()
        if self.fh is not sys.stdout:
            self.fh.close()
        else:
            self.fh.flush()


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
    try:
        sink = _Sink(args.format, args.output)
    except OSError as err:
        print(f"kpiextract: cannot write {args.output}: {err.strerror or err}", file=sys.stderr)
        return 2
    failures = targets = 0
    try:
        for _path, result in iter_files(files, year=args.year):
            if isinstance(result, DocumentError):
                failures += 1
                print(f"kpiextract: skipped {result}", file=sys.stderr)
                continue
            if args.targets_only:
                result = result[result["status"] == "target"]
            targets += int((result["status"] == "target").sum())
            sink.write(result)
        sink.commit()
    except OSError as err:
        sink.abort()
        print(f"kpiextract: cannot write {args.output or 'output'}: {err.strerror or err}", file=sys.stderr)
        return 2
    except BaseException:
        sink.abort()
        raise
    print(f"kpiextract: {len(files)} files, {targets} targets, {failures} failed", file=sys.stderr)
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
