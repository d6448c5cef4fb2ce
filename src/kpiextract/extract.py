"""The pipeline: find quantities, parse them, resolve their context, build the frame."""

from __future__ import annotations

import bisect
import functools
import numbers
import dataclasses
import os
import warnings
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from .context import (
    clean_indicator, index_markers, patterns, resolve_direction, resolve_indicator, resolve_modality, resolve_period, resolve_status,
    resolve_year,
)
from .document import DocumentContext, analyze, owner_for
from .errors import DocumentError, LexiconError
from .frame import empty_frame, to_frame
from .indicators import indicator_key, resolve_indicator_id
from .lexicon import Lexicon, load_lexicon, words_of
from .lists import resolve_respectively
from .recognize import squeeze
from .reader import DEFAULT_MAX_BYTES, SUFFIXES, check_max_bytes, read, safe_name
from .records import NAN, Mention, Quantity, Target
from .relative import find_relative
from .tables import Cell, binding_after, cells_by_table, table_patterns
from .mentions import apply_sign, find_mentions
from .text import as_written, boundaries, prepare


if TYPE_CHECKING:  # pandas is imported on first use
    import pandas as pd

#: How far back (characters) clause-level rules look; no natural clause is longer, and the bound keeps
#: hostile text (a megabyte without a comma) linear.
CLAUSE_LOOKBACK = 200
#: The longest ``sentence`` value (characters). A longer "sentence" (text with no sentence end) is
#: given as this window around the target, so rows never each carry a copy of a megabyte.
SENTENCE_MAX = 1000


def _clause_start(clause_ends: list[int], pos: int) -> int:
    """Where the clause holding ``pos`` starts, looking back at most CLAUSE_LOOKBACK characters."""
    i = bisect.bisect_right(clause_ends, pos)
    return max(clause_ends[i - 1] if i else 0, pos - CLAUSE_LOOKBACK)


LABEL_MAX = 16  # characters: a label before a colon that names the figure after it (森林覆盖率:达到45%)


def _label(norm: str, start: int, colon: int, lex: Lexicon) -> str:
    """The indicator a short label before a colon names (森林覆盖率:达到45%), or ``""``."""
    label = clean_indicator(norm[start:colon], lex)
    if label.endswith(words_of(lex.owner_lines, "is")):
        return ""  # 今年的目标是: a lead-in, not a name
    return label if 0 < len(label) <= LABEL_MAX and not any(c.isdigit() for c in label) else ""


@functools.cache
def compile_rules(lex: Lexicon) -> None:
    """Compile every rule of ``lex`` that only some documents reach (tables, dates, modality scope, owner and
    binding lines), so that no document pays for a compile the first one did not need (cached)."""
    from . import context, document

    table_patterns(lex)
    context._scope_res(lex)
    document._date_res(lex)
    document._plan_year_re(lex)
    document._group_owner_re(lex)
    document._binding_count_res(lex)


def _full_start(full_ends: list[int], pos: int) -> int:
    """Where the sentence holding ``pos`` starts, counting a ;-list as one sentence."""
    i = bisect.bisect_right(full_ends, pos)
    return full_ends[i - 1] if i else 0


INDICATOR_AHEAD = 60  # characters after a quantity where its indicator may be written (2000个省级重点项目)


def _as_written(indicator: str, norm: str, text: str, lo: int, hi: int) -> str:
    """The indicator in the document's own characters (全角, 繁体) where it is one stretch of the text."""
    at = norm.find(indicator, max(0, lo - CLAUSE_LOOKBACK), hi) if indicator else -1
    return as_written(text[at:at + len(indicator)] if at >= 0 else indicator)


def _check_text(text: object, name: str = "text") -> str:
    if not isinstance(text, str):
        raise TypeError(f"{name} must be str, not {type(text).__name__}")
    return text


def iter_targets(text: str, doc_id: str = "doc", year: int | None = None,
                 lexicon: Lexicon | None = None, region: str | None = None) -> Iterator[Target]:
    """Yield one :class:`~kpiextract.records.Target` per quantity found, in document order."""
    _check_text(text)
    check_year(year)
    lex = lexicon or load_lexicon()
    compile_rules(lex)  # once per lexicon, on the first document, whatever that document holds
    norm = prepare(text, lex)
    ctx = analyze(norm, lex, year, region)
    bounds = boundaries(norm, lex)
    sent_ends, clause_ends, full_ends = list(bounds.sentence_ends), list(bounds.clause_ends), list(bounds.full_ends)
    mentions = find_mentions(norm, text, lex)
    _, cells, covered = cells_by_table(norm, text, lex) if lex.table_head_re.search(norm) else ([], [], [])
    if covered:  # a table's value cells are read by its columns, not as prose
        mentions = [m for m in mentions if not _overlaps(covered, m.start, m.end)]
    pending = [_cell_target(c, norm, text, doc_id, ctx, lex) for c in cells]
    starts = [m.start for m in mentions]
    pending += [_relative_target(r, norm, text, doc_id, ctx, lex) for r in find_relative(norm, lex)
                if not _overlaps(covered, r[0], r[1]) and not _has_mention(starts, mentions, r[0], r[1])]
    pending.sort(key=lambda t: t.start)
    pending.reverse()  # popped from the end, in document order
    markers = index_markers(norm, ctx, lex, [m.start for m in mentions], clause_ends, sent_ends)
    mentions, names, heads = resolve_respectively(norm, text, mentions, [0, *clause_ends], CLAUSE_LOOKBACK, lex)
    by_start = {m.start: m for m in mentions}
    prev_end, prev_noun_end, prev_indicator, prev_sent = 0, 0, "", -1
    sentence = ""
    for mention in mentions:
        s, e = mention.start, mention.end
        while pending and pending[-1].start < s:
            yield pending.pop()
        si = bisect.bisect_right(sent_ends, s)
        sent_start = sent_ends[si - 1] if si else 0
        sent_end = sent_ends[si] if si < len(sent_ends) else len(text)
        clause_start = _clause_start(clause_ends, s)
        line = ctx.line_span(s, len(norm))
        section = ctx.section_at(s)
        status, reason = resolve_status(norm, mention, (sent_start, sent_end), clause_start, line, section,
                                        markers, lex)
        if status == "target" and ctx.group_owners and ctx.on_owner_line(s):
            status, reason = "other", "structure"  # 以上2项由市商务局负责: a count of the items above
        seg_start = max(clause_start, prev_end)  # the clause before the number, after any earlier value
        indicator = names.get(s) or resolve_indicator(norm, mention, seg_start, lex, noun_start=prev_noun_end,
                                                      tokenize=status == "target")
        if not indicator and prev_sent == sent_start:  # 确保达到1200家以上,力争突破1500家以上
            indicator = prev_indicator
        if not indicator and clause_start > sent_start and norm[clause_start - 1] == ":":
            indicator = _label(norm, _clause_start(clause_ends, clause_start - 1), clause_start - 1, lex)
        written = _as_written(indicator, norm, text, seg_start, e + INDICATOR_AHEAD)
        if s in heads:  # in a 分别 list, the first value's verb gives the direction of all
            head = by_start[heads[s]]
            direction = resolve_direction(norm, _clause_start(clause_ends, head.start), head, lex)
        else:
            direction = resolve_direction(norm, clause_start, mention, lex)
        quantity = mention.quantity
        if mention.signed:
            quantity, direction = apply_sign(quantity, direction, norm.endswith(tuple(lex.direction), 0, s))
        if sent_end - sent_start > SENTENCE_MAX:
            lo = max(sent_start, min(s - SENTENCE_MAX // 2, sent_end - SENTENCE_MAX))
            sentence = text[lo:lo + SENTENCE_MAX].strip()
        elif sent_start != prev_sent:  # one string per sentence, shared by its rows
            sentence = text[sent_start:sent_end].strip()
        if reason != "structure":  # 利税总额等三项主要指标分别保持20%: a count of the items names no value
            prev_end = e
            prev_noun_end = e + len(indicator) if indicator and norm.startswith(indicator, e) else e  # 145万吨粮食
        prev_indicator, prev_sent = indicator, sent_start
        yield Target(
            doc_id=doc_id, start=s, end=e, text=text[s:e], indicator=written, quantity=quantity,
            modality=resolve_modality(markers, sent_start, s),  # type: ignore[arg-type]
            direction=direction,  # type: ignore[arg-type]
            period=resolve_period(norm, clause_start, s, lex),  # type: ignore[arg-type]
            year=resolve_year(markers, sent_start, s, ctx, section, norm, _full_start(full_ends, s), lex),
            owner=owner_for(ctx, text, s, e, line), status=status,  # type: ignore[arg-type]
            sentence=sentence, section=text[section.start:section.start + len(section.title)] if section else "",
            verb=squeeze(mention.before) or "", reason=reason,
            indicator_id=resolve_indicator_id(
                indicator, mention.quantity.dimension, direction, lex, before=norm[seg_start:s],
            ) if status == "target" else None,
            region=ctx.region, doc_year=ctx.plan_year, binding=binding_after(norm, e, lex) or ctx.binding_at(s),  # type: ignore[arg-type]
            indicator_key=indicator_key(written, lex) if status == "target" else "",
        )
    yield from reversed(pending)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(spans, (end, end)) - 1
    return i >= 0 and spans[i][0] < end and spans[i][1] > start


def _has_mention(starts: list[int], mentions: list[Mention], a: int, b: int) -> bool:
    i = bisect.bisect_left(starts, a)
    return i < len(mentions) and mentions[i].start < b


def _relative_target(found: tuple[int, int, str], norm: str, text: str, doc_id: str, ctx: DocumentContext,
                     lex: Lexicon) -> Target:
    """A relative target without a number (与经济增长同步): status ``other``, reason ``relative``, no bounds;
    the indicator is the clause before it, the reference is in ``text``."""
    a, b, _ = found
    clause = max(norm.rfind(c, max(0, a - CLAUSE_LOOKBACK), a) for c in (*lex.punct("sentence_end", "clause_sep",
                                                                                          "list_sep"), "\n")) + 1
    indicator = clean_indicator(norm[clause:a], lex)
    q = Quantity(text[a:b], NAN, NAN, None, None, False, "", "relative")
    return Target(
        doc_id=doc_id, start=a, end=b, text=text[a:b], indicator=_as_written(indicator, norm, text, clause, b),
        quantity=q, modality=None, direction=None, period=None, year=ctx.due_year, owner=None,
        status="other", sentence=text[clause:b].strip(), section="", verb="", reason="relative",
        region=ctx.region, doc_year=ctx.plan_year,
    )


def _cell_target(cell: Cell, norm: str, text: str, doc_id: str, ctx: DocumentContext, lex: Lexicon) -> Target:
    """A table's target cell as a record (SPEC §5): its row's name, its column's year and period, the
    direction its name's words give, its row's or group's 属性."""
    q = cell.quantity
    period = cell.role if cell.role in ("annual_avg", "cumulative") else None
    if period is None and text[cell.start:cell.end].lstrip().startswith(("〔", "[")):
        period = "cumulative"  # [13.5]: over the five years (the national plans' convention)
    direction = None
    for m in patterns(lex).direction.finditer(cell.indicator):
        direction = lex.direction[squeeze(m.group()) or ""][0]
    a, b = cell.row
    indicator = _as_written(cell.indicator, norm, text, a, b) if cell.indicator in norm[a:b] else cell.indicator
    q = dataclasses.replace(q, text=text[cell.start:cell.end])
    return Target(
        doc_id=doc_id, start=cell.start, end=cell.end, text=text[cell.start:cell.end], indicator=indicator,
        quantity=q, modality=None, direction=direction, period=period,  # type: ignore[arg-type]
        year=cell.year or ctx.due_year, owner=None, status="target", sentence=text[a:b].strip(),
        section="", verb="", reason="table", indicator_id=resolve_indicator_id(
            cell.indicator, q.dimension, direction, lex), region=ctx.region, doc_year=ctx.plan_year,
        binding=cell.binding, indicator_key=indicator_key(indicator, lex),  # type: ignore[arg-type]
    )


def extract(text: str, doc_id: str = "doc", year: int | None = None, region: str | None = None) -> pd.DataFrame:
    """Extract every quantitative target of one document into a DataFrame.

    One row per quantity found, with the SPEC §2 columns in order (``doc_id`` … ``sentence``), then
    ``value``, ``comparator``, ``dimension``, ``section``, ``verb`` and ``reason``. Rows whose
    ``status`` is not ``"target"`` (reviews of past results, names, classes) are kept and marked.
    ``year`` is the plan year and ``region`` the place; by default both are read from the top of the
    document (its title, issuer and date lines). ``indicator_id`` names the canonical indicator
    (``lexicons/indicators.tsv``) where one fits, for :func:`kpiextract.compare`.

    >>> df = extract("全年国家科技型中小企业确保达到1200家以上,力争突破1500家以上。", year=2021)
    >>> df[["text", "lower", "lower_inclusive", "modality"]].values.tolist()
    [['1200家以上', 1200.0, True, 'ensure'], ['1500家以上', 1500.0, False, 'strive']]
    """
    return to_frame(iter_targets(text, doc_id, year, region=region))


def check_year(year: object, name: str = "year") -> int | None:
    """``year`` as a plan year: ``None`` or an int from 1949 to 2100, else a ``ValueError`` saying so."""
    if year is None:
        return None
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):  # numpy's ints are ints too
        raise ValueError(f"{name} must be an int (a plan year such as 2026) or None, not {year!r}")
    year = int(year)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValueError(f"{name} must be a plan year from {YEAR_MIN} to {YEAR_MAX}, not {year}")
    return year


YEAR_MIN, YEAR_MAX = 1949, 2100


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files and folders to document files: a folder gives its files with a known ending (``.txt``,
    ``.html``, ``.htm``, ``.docx``, ``.pdf``), searched recursively and sorted; a file is kept as given;
    a file given twice (by two names of it, or again inside a folder) is kept once."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out: list[str] = []
    for p in [os.fspath(x) for x in paths]:
        if os.path.isdir(p):
            found = []
            for root, dirs, files in os.walk(p):
                dirs.sort()
                found += [os.path.join(root, f) for f in files
                          if os.path.splitext(f)[1].lower() in SUFFIXES and os.path.isfile(os.path.join(root, f))]
            out.extend(sorted(found))
        else:
            out.append(p)
    seen: set[str] = set()  # the same file given twice (or inside a folder also given) is read once
    unique = []
    for p in out:
        key = os.path.realpath(p)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def doc_ids(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """One id per path, unique within the batch: the path relative to the folder the paths share, without
    its ending, with ``/`` between folders (``a/2025/report``, ``b/2026/report``); a bare file stem when
    the files share one folder. Two files that differ only in their ending keep it (``report.txt``)."""
    full = [os.path.abspath(os.fspath(p)) for p in paths]
    if not full:
        return []
    common = os.path.commonpath([os.path.dirname(f) for f in full])
    rel = [os.path.relpath(f, common).replace(os.sep, "/") for f in full]
    stems = [os.path.splitext(r)[0] for r in rel]
    counts: dict[str, int] = {}
    for st in stems:
        counts[st] = counts.get(st, 0) + 1
    return [safe_name(st if counts[st] == 1 else r) for st, r in zip(stems, rel, strict=True)]


def _doc_id(path: str | os.PathLike[str]) -> str:
    return doc_ids([path])[0]


def extract_path(path: str | os.PathLike[str], year: int | None = None, doc_id: str | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, pd.DataFrame | DocumentError]:
    """Extract one file: ``(path, frame)``, or ``(path, DocumentError)`` when it cannot be read.

    Never raises for a bad file: whatever its reader or the extractor meets becomes the error's message.
    A lexicon that cannot be loaded (:class:`~kpiextract.errors.LexiconError`) is raised, as it is no
    fault of the file.
    The reader's warnings are in ``frame.attrs["warnings"]``. A top-level function, so that worker
    processes can run it (``kpiextract extract --jobs N``).
    """
    name = safe_name(os.fspath(path))
    try:
        got = read(path, max_bytes)
        df = extract(got.text, doc_id=doc_id or _doc_id(path), year=year)
    except DocumentError as err:
        return name, err
    except LexiconError:  # a broken word list is no bad file: it would fail every file alike
        raise
    except Exception as err:  # a defect of ours must not sink a batch either; say what it was
        return name, DocumentError(f"{name}: could not be extracted ({type(err).__name__}: {err})")
    df.attrs["warnings"] = list(got.warnings)
    return name, df


def iter_files(paths: Iterable[str | os.PathLike[str]], year: int | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[tuple[str, pd.DataFrame | DocumentError]]:
    """Extract files one at a time: yields ``(path, frame)``, or ``(path, DocumentError)`` for a file that
    cannot be read. Folders are searched (:func:`expand_paths`) and ids made unique (:func:`doc_ids`).
    Only one document's rows are held at a time, so this streams any number of files. ``year`` and
    ``max_bytes`` are checked at the call (``ValueError`` / ``TypeError``), not at the first file."""
    check_year(year)
    check_max_bytes(max_bytes)
    return _iter_files(expand_paths(paths), year, max_bytes)


def _iter_files(files: list[str], year: int | None, max_bytes: int) -> Iterator[tuple[str, pd.DataFrame | DocumentError]]:
    for path, doc_id in zip(files, doc_ids(files), strict=True):
        yield extract_path(path, year, doc_id, max_bytes)


def extract_files(paths: Iterable[str | os.PathLike[str]], year: int | None = None,
                  on_error: str = "warn", max_bytes: int = DEFAULT_MAX_BYTES) -> pd.DataFrame:
    """Extract many files (or folders of them) into one frame; ``doc_id`` as :func:`doc_ids` gives it.

    A file that cannot be read is skipped, never aborting the batch: with ``on_error="warn"`` (the
    default) a warning names it; ``"raise"`` raises :class:`~kpiextract.errors.DocumentError`;
    ``"ignore"`` is silent. Failures are listed in ``frame.attrs["failures"]`` as ``(path, message)``, the
    readers' warnings in ``frame.attrs["warnings"]``. Files over ``max_bytes`` are refused as too large.
    """
    if on_error not in ("warn", "raise", "ignore"):
        raise ValueError(f"on_error must be 'warn', 'raise' or 'ignore', not {on_error!r}")
    frames, failures, notes = [], [], []
    for path, result in iter_files(paths, year, max_bytes):
        if isinstance(result, DocumentError):
            if on_error == "raise":
                raise result
            failures.append((path, str(result)))
            if on_error == "warn":
                warnings.warn(str(result), stacklevel=2)
            continue
        notes += result.attrs.get("warnings", [])
        frames.append(result)
    import pandas as pd

    df = pd.concat(frames, ignore_index=True) if frames else empty_frame()
    df.attrs["failures"] = failures
    df.attrs["warnings"] = notes
    return df


def extract_frame(docs: pd.DataFrame, text: str = "text", doc_id: str = "doc_id",
                  year: str | None = None) -> pd.DataFrame:
    """Extract every document of a DataFrame of documents (one row each) into one result frame.

    ``text`` and ``doc_id`` (and ``year``, if given) name the columns to read. Made for Dask:
    ``ddf.map_partitions(kpiextract.extract_frame, meta=kpiextract.empty_frame())`` runs the
    extraction partition by partition (docs/scaling-out.md).
    """
    import pandas as pd

    missing = [c for c in (text, doc_id, year) if c is not None and c not in docs.columns]
    if missing:
        raise KeyError(f"extract_frame needs the columns {missing}")
    years = docs[year] if year is not None else [None] * len(docs)
    frames = [
        extract(t, doc_id=str(d), year=None if y is None or pd.isna(y) else int(y))
        for t, d, y in zip(docs[text], docs[doc_id], years, strict=True)
    ]
    return pd.concat(frames, ignore_index=True) if frames else empty_frame()
