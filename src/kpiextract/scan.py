"""One pass over a document that indexes the markers context rules look back for.

Looking back from each quantity to the start of its sentence or line costs time proportional to that
stretch, which is quadratic on a megabyte with no sentence end. Instead the markers are found once and
each question is a binary search (``bisect``) over their sorted positions.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence
import re
from dataclasses import dataclass

from .lexicon import Lexicon


@dataclass(frozen=True)
class Events:
    """Sorted marker matches: start and end offsets and a value each."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    values: tuple[object, ...]

    def last_before(self, lo: int, hi: int) -> object | None:
        """The value of the last marker lying wholly inside ``[lo, hi)``, or ``None``."""
        i = bisect.bisect_left(self.starts, hi) - 1
        while i >= 0 and self.starts[i] >= lo:
            if self.ends[i] <= hi:
                return self.values[i]
            i -= 1
        return None


    def first_at(self, lo: int, hi: int) -> tuple[int, object] | None:
        """The start and value of the first marker starting inside ``[lo, hi)``, or ``None``."""
        i = bisect.bisect_left(self.starts, lo)
        return (self.starts[i], self.values[i]) if i < len(self.starts) and self.starts[i] < hi else None

    def first_in(self, lo: int, hi: int) -> object | None:
        """The value of the first marker starting inside ``[lo, hi)``, or ``None``."""
        i = bisect.bisect_left(self.starts, lo)
        return self.values[i] if i < len(self.starts) and self.starts[i] < hi else None


def events(matches: Sequence[tuple[int, int, object]]) -> Events:
    """Build :class:`Events` from ``(start, end, value)`` triples in text order."""
    return Events(tuple(m[0] for m in matches), tuple(m[1] for m in matches), tuple(m[2] for m in matches))


@dataclass(frozen=True)
class QuoteDepth:
    """Open-minus-close quotation marks since the start of the sentence, after each quote character."""

    positions: tuple[int, ...]
    depth: tuple[int, ...]

    def inside(self, sentence_start: int, pos: int) -> bool:
        """Whether ``pos`` stands inside quotation marks opened in its sentence."""
        i = bisect.bisect_left(self.positions, pos) - 1
        return i >= 0 and self.positions[i] >= sentence_start and self.depth[i] > 0


def quote_depth(norm: str, lex: Lexicon) -> QuoteDepth:
    """Index every quotation mark with the running depth of its sentence: a quotation mark left open by
    a typo ends with its sentence instead of making the rest of the paragraph a name."""
    quotes, ends = _quote_res(lex)
    opens = lex.punct("quote_open")
    positions, depth, d, last = [], [], 0, 0
    for m in quotes.finditer(norm):
        p = m.start()
        if ends.search(norm, last, p):  # a sentence ended since the last quotation mark
            d = 0
        d += 1 if m.group() in opens else -1
        positions.append(p)
        depth.append(d)
        last = p
    return QuoteDepth(tuple(positions), tuple(depth))


@functools.cache
def _quote_res(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The quotation marks, and what ends a sentence (where an unclosed quotation ends too)."""
    return (re.compile(f"[{re.escape(lex.punct('quote_open') + lex.punct('quote_close'))}]"),
            re.compile(f"[{re.escape(lex.punct('sentence_end') + chr(10))}]"))
