"""Targets stated relative to another figure without a number (与经济增长同步, 快于全国, 高于全国平均水平).

SPEC §3 makes a margin with a number a record (高于全国平均0.5个百分点以上: the quantity rule reads it); one
without a number is no target, but users list them: :func:`find_relative` finds their spans so the
pipeline can return them with status ``other`` and reason ``relative``.
"""

from __future__ import annotations

import functools
import re

from .lexicon import Lexicon, alternation

REFERENCE_MAX = 15  # characters of the reference (经济增长, 全国平均水平)
REFERENCE_MIN = 2


@functools.cache
def _words_re(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(alternation(lex.relative_words))  # re: a plain alternation, scanned once


@functools.cache
def _stops(lex: Lexicon) -> str:
    return lex.punct("sentence_end", "clause_sep", "list_sep") + "\n"


def _clean(ref: str, stops: str) -> bool:
    return REFERENCE_MIN <= len(ref) <= REFERENCE_MAX and not any(c.isdigit() or c in stops for c in ref)


def find_relative(norm: str, lex: Lexicon) -> list[tuple[int, int, str]]:
    """``(start, end, reference)`` of every relative target without a number, in text order: from the
    word that relates it (与 … 同步, 快于 …) to the end of its clause."""
    stops, leads = _stops(lex), lex.markers("and")
    out = []
    for m in _words_re(lex).finditer(norm):
        kind = lex.relative_words[m.group()]
        if kind == "pace":  # 与经济增长同步: a lead word, the reference, the pace word ending the clause
            if m.end() < len(norm) and norm[m.end()] not in stops:
                continue
            window_start = max(0, m.start() - REFERENCE_MAX - 1)
            at = max(norm.rfind(w, window_start, m.start()) for w in leads)
            if at >= 0 and _clean(norm[at + 1:m.start()], stops):
                out.append((at, m.end(), norm[at + 1:m.start()]))
        else:  # 快于城镇居民: the compare word, the reference to the end of the clause, no number in it
            end = m.end()
            while end < len(norm) and end - m.end() <= REFERENCE_MAX and norm[end] not in stops:
                end += 1
            if (end == len(norm) or norm[end] in stops) and _clean(norm[m.end():end], stops):
                out.append((m.start(), end, norm[m.end():end]))
    return out
