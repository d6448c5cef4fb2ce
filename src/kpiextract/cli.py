"""Command line: ``kpiextract demo`` and ``kpiextract extract PATH... [options]``.

Exit codes: 0 all well; 1 some files could not be read (they are named on standard error, the others are
still written); 2 usage error (no documents found, output not writable, a format that needs a missing
extra).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import DocumentError, KpiextractError
from .extract import extract, extract_path
from .frame import empty_frame
from .reader import SUFFIXES

FORMATS = ("csv", "jsonl", "parquet", "xlsx")


def _expand(paths: Sequence[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES and f.is_file()))
        else:
            out.append(p)
    return out


class _Sink:
    """Writes frames one document at a time: to standard output, or to a temporary file beside ``out``
    that replaces ``out`` only when everything is written (never a half-written file). xlsx cannot be
    appended to, so its rows are kept until the end."""

    def __init__(self, fmt: str, out: str | None) -> None:
        if fmt in ("parquet", "xlsx") and out is None:
            raise KpiextractError(f"--format {fmt} needs -o OUT")
        self.fmt, self.out, self.first = fmt, out, True
        self.tmp: str | None = None
        self.fh: Any = sys.stdout
        self.parquet: Any = None
        self.kept: list[Any] = []
        needs = {"xlsx": ("openpyxl", "formats"), "parquet": ("pyarrow", "parquet")}.get(fmt)
        if needs is not None:
            try:
                importlib.import_module(needs[0])
            except ImportError:
                raise KpiextractError(f'{fmt} needs {needs[0]}: pip install "kpiextract[{needs[1]}]"') from None
        if out is not None:
            target = Path(out)
            fd, self.tmp = tempfile.mkstemp(prefix=".kpiextract-", dir=str(target.parent) or ".")
            os.close(fd)
            if fmt in ("csv", "jsonl"):  # csv with a BOM, so that Excel reads UTF-8
                self.fh = open(self.tmp, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="")

    def write(self, df: Any) -> None:
        if self.fmt == "csv":
            df.to_csv(self.fh, index=False, header=self.first)
        elif self.fmt == "jsonl":
            if len(df):
                df.to_json(self.fh, orient="records", lines=True, force_ascii=False)
        elif self.fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(df, preserve_index=False)
            if self.parquet is None:
                self.parquet = pq.ParquetWriter(self.tmp, table.schema)
            self.parquet.write_table(table.cast(self.parquet.schema))
        else:
            self.kept.append(df)
        self.first = False

    def commit(self) -> None:
        if self.first:  # nothing written yet: still give a file with the columns
            self.write(empty_frame())
        if self.fmt == "xlsx":
            _write_xlsx(self.kept, str(self.tmp))
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
            self.parquet = None
        if self.fh is not sys.stdout:
            self.fh.close()
        else:
            self.fh.flush()


def _write_xlsx(frames: list[Any], path: str) -> None:
    import pandas as pd
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    df = pd.concat(frames, ignore_index=True) if frames else empty_frame()
    for col in df.columns:
        if str(df[col].dtype) == "string":  # control characters are not allowed in a worksheet
            df[col] = df[col].str.replace(ILLEGAL_CHARACTERS_RE, "", regex=True)
    df.to_excel(path, index=False, engine="openpyxl")


def _results(files: list[Path], year: int | None, jobs: int) -> Iterator[tuple[str, Any]]:
    """(path, frame or DocumentError) per file, in the order given; in ``jobs`` processes if > 1."""
    if jobs <= 1:
        for f in files:
            yield extract_path(f, year)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(extract_path, files, [year] * len(files), chunksize=1)


def _progress(items: Iterator[Any], total: int, enabled: bool) -> Iterator[Any]:
    if not enabled:
        return items
    from tqdm import tqdm

    return iter(tqdm(items, total=total, unit="file", file=sys.stderr, leave=False))


def _dump(text_dir: Path, path: str) -> None:
    from .reader import read_text

    text_dir.mkdir(parents=True, exist_ok=True)
    (text_dir / (Path(path).stem + ".txt")).write_text(read_text(path), encoding="utf-8")


def _demo(args: argparse.Namespace) -> int:
    import pandas as pd

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
    if args.jobs < 1:
        print("kpiextract: --jobs must be at least 1", file=sys.stderr)
        return 2
    try:
        sink = _Sink(args.format, args.output)
    except KpiextractError as err:
        print(f"kpiextract: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"kpiextract: cannot write {args.output}: {err.strerror or err}", file=sys.stderr)
        return 2
    show = sys.stderr.isatty() and not args.quiet
    failures = targets = 0
    try:
        for path, result in _progress(_results(files, args.year, args.jobs), len(files), show):
            if isinstance(result, DocumentError):
                failures += 1
                print(f"kpiextract: skipped {result}", file=sys.stderr)
                continue
            if args.dump_text:
                _dump(Path(args.dump_text), path)
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
    if not args.quiet:
        print(f"kpiextract: {len(files)} files, {targets} targets, {failures} failed", file=sys.stderr)
    return 1 if failures else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    ap = argparse.ArgumentParser(
        prog="kpiextract", description="Quantitative targets of Chinese planning documents.",
        epilog="exit codes: 0 all well, 1 some files could not be read, 2 usage error",
    )
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("demo", help="print the targets of a bundled sample document")
    d.set_defaults(func=_demo)
    e = sub.add_parser("extract", help="extract targets from documents (files or folders)",
                       epilog="exit codes: 0 all well, 1 some files could not be read, 2 usage error")
    e.add_argument("paths", nargs="+", metavar="PATH", help=".txt, .html, .docx or .pdf files, or folders of them")
    e.add_argument("--format", choices=FORMATS, default="csv", help="output format (default csv)")
    e.add_argument("-o", "--output", metavar="OUT", help="write here (default: standard output)")
    e.add_argument("--year", type=int, help="plan year (default: read from each document's title)")
    e.add_argument("--targets-only", action="store_true", help="leave out rows whose status is not target")
    e.add_argument("--jobs", type=int, default=1, metavar="N", help="extract in N processes (default 1)")
    e.add_argument("--dump-text", metavar="DIR", help="write each document's text (what offsets index) to DIR")
    e.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no closing summary")
    e.set_defaults(func=_extract)
    args = ap.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
