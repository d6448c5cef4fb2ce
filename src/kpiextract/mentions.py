"""Find the quantities of a text (:func:`find_mentions`): the recognizer's matches, parsed, with the words
before them (qualifiers, a minus sign, spaces) and the units the words around a bare figure imply."""

from __future__ import annotations

import bisect
import dataclasses
import functools

from .context import patterns
from .lexicon import Lexicon
from .quantity import quantity_from_parts
from .records import Mention, Quantity
from .recognize import SPACES, Parts, find_spans, gap_before, parts, qualifier_before

IMPLIED_LOOKBACK = 20  # characters of the clause before a bare figure searched for a word implying its unit
IMPLIED_AHEAD = 6  # … and characters after it (80万重点群体)


def find_mentions(norm: str, text: str, lex: Lexicon) -> list[Mention]:
    """Every quantity in the normalized text that parses, minus ordinals, rates' bases and set phrases."""
    phrases = [p.span() for p in patterns(lex).set_phrase.finditer(norm)]
    phrase_starts = [a for a, _ in phrases]
    out: list[Mention] = []
    minus = "".join(lex.markers("minus"))
    for m in find_spans(norm, lex):
        s, e = m.span()
        if norm.endswith(lex.number_prefixes, 0, s):
            continue
        i = bisect.bisect_left(phrase_starts, e) - 1  # the last set phrase starting before the end
        if i >= 0 and phrases[i][1] > s:
            continue
        p = parts(m)
        implied = None
        if not (p.unit or p.per or p.pct or p.fixed or p.n2):  # 980万: only with a unit the words imply
            implied = _implied_unit(norm, s, e, lex)
            if implied is None:
                continue
        sign = 1 if s and norm[s - 1] in minus and _signed(norm, s, lex) else 0  # 增长-5%: inside the span
        s -= sign
        gap = gap_before(norm, s) if s and norm[s - 1] in SPACES else 0
        before = qualifier_before(norm, s - gap, lex) or _frame_before(norm, s - gap, e, lex)
        try:
            q = _quantity(p, before, m.group(), lex)
        except ValueError:  # a backwards range or an impossible numeral: not a quantity
            continue
        if implied is not None:
            q = dataclasses.replace(q, unit=lex.units[implied].unit, dimension=lex.units[implied].dimension)
        if text[s:e] != q.text:  # written with full-width or traditional characters
            q = dataclasses.replace(q, text=text[s:e])
        signed = bool(sign)
        if signed and p.n2:  # a range's sign is its first bound's
            q, signed = dataclasses.replace(q, lower=-q.lower), False
        out.append(Mention(s, e, q, before, p.n1 or "", gap if before else 0, signed))
    return out


@functools.lru_cache(maxsize=1 << 14)  # the same expression parses the same way (5%左右 …), in any document
def _quantity(p: Parts, before: str, text: str, lex: Lexicon) -> Quantity:
    return quantity_from_parts(p, before, text, lex)


def _implied_unit(norm: str, start: int, end: int, lex: Lexicon) -> str | None:
    """The unit the words around a bare figure imply: the clause before it (常住人口控制在980万左右: 人), else
    the few characters after it (为80万重点群体提供就业帮扶: 人); None where nothing implies one."""
    stops = lex.punct("sentence_end", "clause_sep") + "\n"
    a = start
    while a > 0 and start - a < IMPLIED_LOOKBACK and norm[a - 1] not in stops:
        a -= 1
    clause = norm[a:start]
    found = [(clause.rfind(w), u) for w, u in lex.implied_units.items() if w in clause]
    if found:
        return max(found)[1]
    after = norm[end:end + IMPLIED_AHEAD]
    ahead = [(after.find(w), u) for w, u in lex.implied_units.items() if w in after]
    return min(ahead)[1] if ahead else None


def _signed(norm: str, start: int, lex: Lexicon) -> bool:
    """A minus sign right before the figure, itself not after a digit or a unit (5%-6% is a range)."""
    if not start or norm[start - 1] not in lex.markers("minus"):
        return False
    if start < 2:
        return True
    prev = norm[start - 2]
    return not (prev.isalnum() and prev.isascii()) and prev not in "%‰" and not prev.isdigit()


def apply_sign(q: Quantity, direction: str | None, adjacent: bool) -> tuple[Quantity, str | None]:
    """A signed figure keeps its sign or its direction: 增长-5% (a direction word right before the sign) is a
    fall of 5%, the direction reversed; otherwise the figure is below zero (-2‰ is -2; a range's first bound,
    -2‰至2‰, is negated where it is parsed)."""
    if adjacent and direction is not None:
        return q, "decrease" if direction == "increase" else "increase"
    return dataclasses.replace(q, lower=-q.lower, upper=-q.upper), direction  # an open bound stays NaN


def _frame_before(norm: str, start: int, end: int, lex: Lexicon) -> str:
    """The word before a quantity that bounds it with the word after it (上200亿元台阶), or ``""``."""
    if not norm.endswith(_frame_words(lex), 0, start):
        return ""
    for before, after in _frames(lex):
        if norm.endswith(before, 0, start) and norm.startswith(after, end):
            return before
    return ""


@functools.cache
def _frame_words(lex: Lexicon) -> tuple[str, ...]:
    return tuple(b for b, _ in lex.qualifier_frames)


@functools.cache
def _frames(lex: Lexicon) -> tuple[tuple[str, str], ...]:
    """The frames, longest before-word first (迈上…台阶 before 上…台阶)."""
    return tuple(sorted(lex.qualifier_frames, key=lambda f: -len(f[0])))
