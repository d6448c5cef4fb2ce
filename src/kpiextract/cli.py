"""Command line: ``kpiextract demo`` and ``kpiextract extract PATH... [options]``.

Exit codes: 0 all well; 1 some files could not be read (they are named on standard error, the others are
still written); 2 usage error (a missing input, no documents found, output not writable or equal to an
input, a format that contradicts the output's ending or needs a missing extra); 130/143 interrupted
(SIGINT/SIGTERM: the previous output is left as it was); 141 standard output closed early (``| head``).
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import signal
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from . import __version__
from .errors import DocumentError, KpiextractError, LexiconError
from .extract import YEAR_MAX, YEAR_MIN, doc_ids, expand_paths, extract, extract_path
from .frame import empty_frame
from .reader import safe_name

FORMATS = ("csv", "jsonl", "parquet", "xlsx")
#: What a spreadsheet reads as a formula at a csv cell's start; text cells starting so get a leading '
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(df: Any) -> Any:
    """A copy of ``df`` whose text cells that a spreadsheet would run as a formula (=, +, -, @ first) start
    with ``'``, as spreadsheet tools expect (OWASP's CSV injection advice); numbers are left alone."""
    cols = [c for c in df.columns if df[c].dtype == object or str(df[c].dtype) == "string"]
    risky = [c for c in cols if df[c].astype("string").str.startswith(FORMULA_STARTS).fillna(False).any()]
    if not risky:
        return df
    out = df.copy()
    for c in risky:
        s = out[c].astype("string")
        out[c] = s.where(~s.str.startswith(FORMULA_STARTS).fillna(False), "'" + s)
    return out
#: Output endings and the format each one means (``-o out.xlsx`` without ``--format`` writes xlsx).
ENDINGS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".xlsx": "xlsx"}
XLSX_MAX_ROWS = 1_048_576  # a worksheet's limit, the header row included


class UsageError(KpiextractError):
    """A command line that cannot be carried out: exit 2, before any document is read."""


class Terminated(BaseException):
    """SIGTERM arrived: unwind like KeyboardInterrupt, so that temporary files and workers are cleaned up."""


@dataclass(frozen=True)
class Target:
    """Where output goes, decided before anything is read. ``kind``: ``stdout``; ``stream`` (a FIFO or a
    character device: written to, never replaced); ``file`` (a regular file or a new one, replaced
    atomically; a symlink is followed, so its target is what gets written)."""

    kind: str
    path: str | None
    shown: str  # as the user wrote it, for messages


def output_target(out: str | None) -> Target:
    """Classify ``-o OUT``; :class:`UsageError` for a folder, a block device or a missing folder."""
    if out is None or out == "-":
        return Target("stdout", None, "standard output")
    real = os.path.realpath(out)
    try:
        st = os.stat(out)  # follows symlinks: /dev/stdout is the pipe or terminal it names
    except FileNotFoundError:
        parent = os.path.dirname(real) or "."
        if not os.path.isdir(parent):
            raise UsageError(f"cannot write {out}: the folder {os.path.dirname(out) or '.'} does not exist") from None
        return Target("file", real, out)
    except OSError as err:
        raise UsageError(f"cannot write {out}: {err.strerror or err}") from None
    if stat.S_ISDIR(st.st_mode):
        raise UsageError(f"cannot write {out}: it is a folder; give a file name")
    if stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode):
        return Target("stream", out, out)
    if not stat.S_ISREG(st.st_mode):
        raise UsageError(f"cannot write {out}: not a regular file, FIFO or character device")
    return Target("file", real, out)


def output_format(fmt: str | None, out: str | None) -> str:
    """The format: ``--format``, else the output's ending, else csv; a contradiction is a UsageError."""
    ending = os.path.splitext(out or "")[1].lower()
    implied = ENDINGS.get(ending)
    if fmt is None and implied is None and ending and out not in ("-",) and not _is_stream(out):
        raise UsageError(f"{out}: the ending {ending} names no format kpiextract writes; use "
                         f"{', '.join(sorted(ENDINGS))} or --format {'/'.join(FORMATS)}")
    if fmt is not None and implied is not None and fmt != implied:
        raise UsageError(f"--format {fmt} contradicts the ending of {out} ({implied}); give one or make them agree")
    return fmt or implied or "csv"


def _is_stream(out: str | None) -> bool:
    """Whether ``out`` names a FIFO or a character device (/dev/stdout), whose ending means nothing."""
    try:
        mode = os.stat(out).st_mode if out else 0
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def _stderr_is_terminal() -> bool:
    """Whether standard error is a terminal; False where it is closed (2>&-) or gone."""
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (OSError, ValueError):
        return False


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


class _Sink:
    """Writes frames one document at a time. To a regular file through a temporary file beside it that
    replaces it only when everything is written (never a half-written file; the mode a plain ``open()``
    gives); to a FIFO or device by writing to it; to standard output directly. parquet and xlsx to a
    stream are written to a temporary file first and copied. xlsx rows are kept until the end."""

    def __init__(self, fmt: str, target: Target) -> None:
        if fmt in ("parquet", "xlsx") and target.kind == "stdout":
            raise UsageError(f"--format {fmt} needs -o OUT")
        needs = {"xlsx": ("openpyxl", "formats"), "parquet": ("pyarrow", "parquet")}.get(fmt)
        if needs is not None:
            try:
                importlib.import_module(needs[0])
            except ImportError:
                raise UsageError(f'{fmt} needs {needs[0]}: pip install "kpiextract[{needs[1]}]"') from None
        self.fmt, self.target, self.first, self.rows = fmt, target, True, 0
        self.tmp: str | None = None
        self.fh: Any = None
        self.parquet: Any = None
        self.kept: list[Any] = []
        # csv files get a BOM so that Excel reads UTF-8; a stream (stdout, a FIFO) gets none: the next
        # program in a pipe (head, grep, a database loader) would see it as part of the first column name
        encoding = "utf-8-sig" if fmt == "csv" and target.kind == "file" else "utf-8"
        if target.kind == "stdout":
            self.fh = sys.stdout
            return
        if target.kind == "stream" and fmt in ("csv", "jsonl") and target.path is not None:
            self.fh = open(target.path, "w", encoding=encoding, newline="")  # noqa: SIM115
            return
        folder = os.path.dirname(target.path or "") if target.kind == "file" else None
        fd, self.tmp = tempfile.mkstemp(prefix=".kpiextract-", dir=folder or None)
        os.close(fd)
        if fmt in ("csv", "jsonl"):
            self.fh = open(self.tmp, "w", encoding=encoding, newline="")  # noqa: SIM115

    def write(self, df: Any) -> None:
        self.rows += len(df)
        if self.fmt == "csv":
            neutralised(df).to_csv(self.fh, index=False, header=self.first)
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
            if self.rows >= XLSX_MAX_ROWS:
                raise UsageError(f"xlsx holds at most {XLSX_MAX_ROWS - 1:,} rows and this output has more; "
                                 "use csv, jsonl or parquet")
            self.kept.append(df)
        if self.fh is not None:
            self.fh.flush()
        self.first = False

    def commit(self) -> None:
        if self.first:  # nothing written yet: still give a file with the columns
            self.write(empty_frame())
            self.rows = 0
        if self.fmt == "xlsx":
            write_xlsx(self.kept, str(self.tmp))
        self._close()
        if self.tmp is None or self.target.path is None:
            return
        if self.target.kind == "stream":
            with open(self.tmp, "rb") as src, open(self.target.path, "wb") as dst:
                shutil.copyfileobj(src, dst)
            os.unlink(self.tmp)
        else:
            try:
                mode = stat.S_IMODE(os.stat(self.target.path).st_mode)  # an existing file keeps its mode
            except FileNotFoundError:
                mode = _new_file_mode()
            os.chmod(self.tmp, mode)
            os.replace(self.tmp, self.target.path)
        self.tmp = None

    def abort(self) -> None:
        try:
            self._close()
        except OSError:
            pass
        if self.tmp is not None:
            try:
                os.unlink(self.tmp)
            except FileNotFoundError:
                pass
            self.tmp = None

    def _close(self) -> None:
        if self.parquet is not None:
            self.parquet.close()
            self.parquet = None
        if self.fh is not None and self.fh is not sys.stdout:
            self.fh.close()
        elif self.fh is not None:
            self.fh.flush()
        self.fh = None


def write_xlsx(frames: list[Any], path: str) -> None:
    """Write frames to one worksheet; every text cell is written as text, never as a formula (a sentence
    that starts with ``=`` stays a string), and control characters a worksheet forbids are dropped."""
    import pandas as pd
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    df = pd.concat(frames, ignore_index=True) if frames else empty_frame()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("targets")
    ws.append(list(map(str, df.columns)))
    for row in df.itertuples(index=False, name=None):
        cells: list[Any] = []
        for v in row:
            if v is None or v is pd.NA or (isinstance(v, float) and v != v):
                cells.append(None)
            elif isinstance(v, str):
                c = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", v))
                c.data_type = "s"  # text, even when it starts with "=" (no formula injection)
                cells.append(c)
            else:
                cells.append(v.item() if hasattr(v, "item") else v)
        ws.append(cells)
    wb.save(path)


def _init_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends the workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _one(job: tuple[str, str, int | None]) -> tuple[str, Any]:
    path, doc_id, year = job
    return extract_path(path, year, doc_id)


def _results(files: list[str], ids: list[str], year: int | None, jobs: int) -> Iterator[tuple[str, Any]]:
    """(path, frame or DocumentError) per file, in the order given; in ``jobs`` processes if > 1. The
    workers are ended (terminated) when the run stops early: an interrupt, a failed write."""
    work = [(f, i, year) for f, i in zip(files, ids, strict=True)]
    if jobs <= 1:
        for job in work:
            yield _one(job)
        return
    import multiprocessing

    pool = multiprocessing.get_context().Pool(jobs, initializer=_init_worker)
    try:
        yield from pool.imap(_one, work, chunksize=1)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _progress(items: Iterator[Any], total: int, enabled: bool) -> Iterator[Any]:
    if not enabled:
        return items
    from tqdm import tqdm

    return iter(tqdm(items, total=total, unit="file", file=sys.stderr, leave=False))


def _dump_path(text_dir: str, doc_id: str) -> str:
    return os.path.join(text_dir, *doc_id.split("/")) + ".txt"


def _dump(text_dir: str, doc_id: str, path: str) -> None:
    from .reader import read_text

    target = _dump_path(text_dir, doc_id)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as f:
        f.write(read_text(path))


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _say(message: str) -> None:
    print(f"kpiextract: {message}", file=sys.stderr)


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


def _plan(args: argparse.Namespace) -> tuple[list[str], list[str], _Sink, Target]:
    """Check the whole command line before any document is read; UsageError if it cannot be done."""
    missing = [p for p in args.paths if not os.path.lexists(p)]
    if missing:
        raise UsageError("no such file or folder: " + ", ".join(safe_name(p) for p in missing))
    files = expand_paths(args.paths)
    if not files:
        raise UsageError("no documents found in " + " ".join(safe_name(p) for p in args.paths))
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    target = output_target(args.output)
    fmt = output_format(args.format, args.output if target.kind != "stdout" else None)
    if target.path is not None and any(_same_file(f, target.path) for f in files):
        raise UsageError(f"-o {args.output} is one of the inputs; it would be overwritten")
    ids = doc_ids(files)
    if args.dump_text:
        clash = [f for f, i in zip(files, ids, strict=True)
                 if any(_same_file(_dump_path(args.dump_text, i), g) for g in files)]
        if clash:
            raise UsageError(f"--dump-text {args.dump_text} would overwrite the input {safe_name(clash[0])}; "
                             "give another folder")
        if os.path.exists(args.dump_text) and not os.path.isdir(args.dump_text):
            raise UsageError(f"--dump-text {args.dump_text} is not a folder")
    return files, ids, _Sink(fmt, target), target


def _extract(args: argparse.Namespace) -> int:
    try:
        files, ids, sink, target = _plan(args)
    except UsageError as err:
        _say(str(err))
        return 2
    except OSError as err:
        _say(f"cannot write {args.output}: {err.strerror or err}")
        return 2
    show = _stderr_is_terminal() and not args.quiet
    failures = targets = 0
    jobs = min(args.jobs, len(files))
    previous = signal.signal(signal.SIGTERM, _on_term)
    try:
        for k, (_, result) in enumerate(_progress(_results(files, ids, args.year, jobs), len(files), show)):
            if isinstance(result, DocumentError):
                failures += 1
                _say(f"skipped {result}")
                continue
            for note in result.attrs.get("warnings", []):
                _say(f"warning: {note}")
            if args.dump_text:
                _dump(args.dump_text, ids[k], files[k])
            if args.targets_only:
                result = result[result["status"] == "target"]
            targets += int((result["status"] == "target").sum())
            sink.write(result)
        sink.commit()
    except BrokenPipeError:
        return _closed_pipe(sink)
    except UsageError as err:
        sink.abort()
        _say(str(err))
        return 2
    except LexiconError as err:
        sink.abort()
        _say(f"the lexicons cannot be loaded, nothing written: {err}")
        return 1
    except OSError as err:
        sink.abort()
        _say(f"cannot write {target.shown}: {err.strerror or err}")
        return 2
    except Terminated:
        sink.abort()
        _say("terminated; nothing written")
        return 143
    except KeyboardInterrupt:
        sink.abort()
        _say("interrupted; nothing written")
        return 130
    except BaseException:
        sink.abort()
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)
    if not args.quiet:
        _say(f"wrote {_plural(sink.rows, 'row')} ({_plural(targets, 'target')}) from "
             f"{_plural(len(files) - failures, 'file')} to {target.shown}"
             + (f"; {_plural(failures, 'file')} could not be read" if failures else ""))
    return 1 if failures else 0


def read_frame(path: str) -> Any:
    """A frame written by ``kpiextract extract`` (jsonl, csv or parquet, by its ending), dtypes restored."""
    import pandas as pd

    from .frame import DTYPES, _dtype

    ending = os.path.splitext(path)[1].lower()
    if ending in (".jsonl", ".ndjson"):
        df = pd.read_json(path, lines=True, dtype=False)
    elif ending == ".csv":
        df = pd.read_csv(path, encoding="utf-8-sig")
    elif ending == ".parquet":
        df = pd.read_parquet(path)
    else:
        raise UsageError(f"cannot read {path}: give a .jsonl, .csv or .parquet file written by kpiextract extract")
    for col, dtype in DTYPES.items():
        if col in df.columns:
            try:
                df[col] = df[col].astype(_dtype(col))
            except (TypeError, ValueError):
                pass  # keep what was read; compare() only needs the values
    return df


def _compare(args: argparse.Namespace) -> int:
    from .indicators import compare, wide

    try:
        target = output_target(args.output)
        fmt = output_format(args.format, args.output if target.kind != "stdout" else None)
        if not os.path.isfile(args.targets):
            raise UsageError(f"no such file: {args.targets}")
        if target.path is not None and _same_file(args.targets, target.path):
            raise UsageError(f"-o {args.output} is the input; it would be overwritten")
        frame = read_frame(args.targets)
        if args.by not in frame.columns:
            raise UsageError(f"--by {args.by}: no such column in {args.targets}")
        if getattr(args, "outcomes", False):
            from .outcomes import outcomes

            table = outcomes(frame, by=args.by)
        else:
            indicators = [i.strip() for i in args.indicators.split(",") if i.strip()] if args.indicators else None
            table = compare(frame, by=args.by, indicators=indicators, year=args.year, binding=args.binding,
                            pick=args.pick)
            if args.wide:
                table = wide(table).reset_index()
        sink = _Sink(fmt, target)
    except UsageError as err:
        _say(str(err))
        return 2
    except (OSError, ValueError) as err:
        _say(f"cannot read {args.targets}: {err}")
        return 2
    try:
        sink.write(table)
        sink.commit()
    except BrokenPipeError:
        return _closed_pipe(sink)
    except BaseException:
        sink.abort()
        raise
    if not args.quiet:
        _say(f"wrote {_plural(len(table), 'row')} to {target.shown}")
    return 0


def _on_term(signum: int, frame: Any) -> None:
    raise Terminated()


def _closed_pipe(sink: _Sink) -> int:
    """Standard output was closed early (``| head``): nothing more to write, no message, exit 141."""
    sink.abort()
    _quiet_stdout()
    return 141


def _quiet_stdout() -> None:
    """After a closed pipe: point standard output at /dev/null so that the interpreter's final flush
    does not print 'Broken pipe'."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _year(value: str) -> int:
    try:
        y = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {value!r}") from None
    if not YEAR_MIN <= y <= YEAR_MAX:
        raise argparse.ArgumentTypeError(f"a plan year from {YEAR_MIN} to {YEAR_MAX}, not {y}")
    return y


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    ap = argparse.ArgumentParser(
        prog="kpiextract", description="Quantitative targets of Chinese planning documents.",
        epilog="exit codes: 0 all well, 1 some files could not be read, 2 usage error",
    )
    ap.add_argument("--version", action="version", version=f"kpiextract {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("demo", help="print the targets of a bundled sample document")
    d.set_defaults(func=_demo)
    e = sub.add_parser("extract", help="extract targets from documents (files or folders)",
                       epilog="exit codes: 0 all well, 1 some files could not be read, 2 usage error")
    e.add_argument("paths", nargs="+", metavar="PATH", help=".txt, .html, .docx or .pdf files, or folders of them")
    e.add_argument("--format", choices=FORMATS, default=None,
                   help="output format (default: from the ending of OUT, else csv)")
    e.add_argument("-o", "--output", metavar="OUT", help="write here (default or '-': standard output)")
    e.add_argument("--year", type=_year, help="plan year (default: read from each document's title)")
    e.add_argument("--targets-only", action="store_true", help="leave out rows whose status is not target")
    e.add_argument("--jobs", type=int, default=1, metavar="N", help="extract in N processes (default 1)")
    e.add_argument("--dump-text", metavar="DIR", help="write each document's text (what offsets index) to DIR")
    e.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no closing summary")
    e.set_defaults(func=_extract)
    c = sub.add_parser("compare", help="compare extracted targets across places or years (one row per indicator, "
                                       "group and due year)")
    c.add_argument("targets", metavar="TARGETS", help="a .jsonl, .csv or .parquet file written by kpiextract extract")
    c.add_argument("--by", default="region", help="the column to compare across: region (default), doc_id, doc_year")
    c.add_argument("--year", type=_year, help="keep targets due in this year only")
    c.add_argument("--indicators", metavar="IDS", help="keep these indicator ids only, comma-separated (gdp_growth,cpi_growth)")
    c.add_argument("--pick", choices=("headline", "first", "all"), default="headline",
                   help="which statement of a target a group shows: the headline one (default), the first, or all")
    c.add_argument("--binding", choices=("binding", "expected"), help="keep binding (hard) or expected (soft) targets only")
    c.add_argument("--wide", action="store_true", help="the display table: one column per group, formatted labels")
    c.add_argument("--format", choices=FORMATS, default=None, help="output format (default: from OUT's ending, else csv)")
    c.add_argument("-o", "--output", metavar="OUT", help="write here (default or '-': standard output)")
    c.add_argument("-q", "--quiet", action="store_true", help="no closing summary")
    c.set_defaults(func=_compare)
    o = sub.add_parser("outcomes", help="targets against the results later reviews state, and whether each was met "
                                        "(one row per place, indicator and year)")
    o.add_argument("targets", metavar="TARGETS", help="a .jsonl, .csv or .parquet file written by kpiextract extract")
    o.add_argument("--by", default="region", help="the column that names a place: region (default), doc_id …")
    o.add_argument("--format", choices=FORMATS, default=None, help="output format (default: from OUT's ending, else csv)")
    o.add_argument("-o", "--output", metavar="OUT", help="write here (default or '-': standard output)")
    o.add_argument("-q", "--quiet", action="store_true", help="no closing summary")
    o.set_defaults(func=_compare, outcomes=True)
    args = ap.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
