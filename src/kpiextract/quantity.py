"""``parse_quantity``: one quantity expression with its qualifiers, normalized as SPEC §3 says."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import re

from .lexicon import Lexicon, Qualifier, load_lexicon
from .numbers import as_number, parse_normalized
from .records import NAN, Direction, Quantity
from .recognize import Parts, grammar, parts, qualifier_before, squeeze
from .text import normalize


def _value(n: str, scale: str | None, lex: Lexicon) -> Decimal:
    value = parse_normalized(n, lex)  # groups of the normalized text
    return value * lex.scales[scale] if scale else value


def _num(d: Decimal | None) -> float:
    return NAN if d is None else as_number(d)


def _fixed(text: str, surface: str, lex: Lexicon) -> Quantity:
    row = lex.fixed_quantities[surface]

    def bound(col: str) -> Decimal | None:
        return None if row[col] == "-" else Decimal(row[col])

    def flag(col: str) -> bool | None:
        return None if row[col] == "-" else row[col] == "true"

    unit = lex.units[row["unit"]]
    return Quantity(
        text, _num(bound("lower")), _num(bound("upper")), flag("lower_inclusive"), flag("upper_inclusive"),
        False, unit.unit, unit.dimension,
    )


def _combine(quals: list[Qualifier]) -> tuple[str, bool | None, bool]:
    """Merge the before- and after-qualifiers of one value into (bound, inclusive, approx).

    SPEC §3: an approximate word makes the value a point; otherwise a lower (upper) word makes a lower
    (upper) bound, exclusive if any of the words is exclusive (突破X以上: the verb decides); an after
    word wins over a before word of the other side (控制在X以内).
    """
    if any(q.approx for q in quals):
        return "point", True, True
    for side in ("lower", "upper"):
        same = [q for q in quals if q.bound == side]
        if same and not any(q.bound in ("lower", "upper") and q.bound != side and q.position == "after" for q in quals):
            return side, all(bool(q.inclusive) for q in same), False
    return "point", True, False


def quantity_from_match(m: re.Match[str], before: str, text: str, lex: Lexicon) -> Quantity:
    """Build the :class:`Quantity` of one recognizer match and the qualifier word before it."""
    return quantity_from_parts(parts(m), before, text, lex)


def quantity_from_parts(p: Parts, before: str, text: str, lex: Lexicon) -> Quantity:
    """Build the :class:`Quantity` of one match's pieces and the qualifier word before it."""
    pre = lex.qualifiers.get(squeeze(before) or "")
    if p.fixed:
        q = _fixed(text, p.fixed, lex)
        if q.lower != q.upper:  # 过半: its own bounds
            return q
        lo = Decimal(lex.fixed_quantities[p.fixed]["lower"])  # 一半, 两成: a value, bounded like a number
        quals = [x for x in (pre, lex.qualifiers.get(p.suf or "")) if x and x.bound != "from"]
        return _bounded(text, lo, quals, q.unit, q.dimension, pre.direction if pre else None, "value")
    role: Literal["value", "from"] = "from" if pre is not None and pre.bound == "from" else "value"
    direction = pre.direction if pre is not None else None
    if p.pct:
        kind = lex.decimal_marks[p.pct]
        unit = lex.units["%" if kind == "percent_prefix" else "‰"]
        unit_name, dimension = unit.unit, unit.dimension
    else:
        if p.unit:
            u = lex.units[p.unit]
            unit_name, dimension = u.unit, u.dimension
        else:  # 22/10万: the rate's denominator is its unit
            unit_name, dimension = "", "rate"
        if p.per:
            den = lex.units.get(p.per[1:])
            unit_name += "/" + den.unit if den else p.per
    quals = [q for q in (pre, *(lex.qualifiers.get(w or "") for w in (p.mid0, p.mid, p.suf))) if q]
    quals = [q for q in quals if q.bound != "from"]
    lo = _value(p.n1 or "", p.s1, lex)
    if p.n2:
        hi = _value(p.n2, p.s2, lex)
        if hi < lo:
            raise ValueError(f"range runs backwards: {text!r}")
        after = [q for q in quals if q.position == "after"]
        if any(q.bound == "lower" for q in after):  # X-Y以上: lower X, open upper
            return Quantity(text, _num(lo), NAN, True, None, False, unit_name, dimension, direction, role)
        return Quantity(text, _num(lo), _num(hi), True, True, any(q.approx for q in quals), unit_name, dimension,
                        direction, role)
    return _bounded(text, lo, quals, unit_name, dimension, direction, role)


def _bounded(text: str, lo: Decimal, quals: list[Qualifier], unit_name: str, dimension: str,
             direction: Direction | None, role: Literal["value", "from"]) -> Quantity:
    """One value with its qualifiers: a point, a lower or an upper bound (SPEC §3's table)."""
    bound, inclusive, approx = _combine(quals)
    v = _num(lo)
    if bound == "lower":
        return Quantity(text, v, NAN, inclusive, None, False, unit_name, dimension, direction, role)
    if bound == "upper":
        return Quantity(text, NAN, v, None, inclusive, False, unit_name, dimension, direction, role)
    return Quantity(text, v, v, True, True, approx, unit_name, dimension, direction, role)


def parse_quantity(s: str) -> Quantity:
    """Parse one quantity expression, such as ``达到1200家以上``, ``2.3%左右`` or ``8000万元``.

    The words before the number (达到, 突破, 不低于, 约 …) set the bounds as SPEC §3's table says.
    Raises ``ValueError`` naming the input when ``s`` is not exactly one quantity.

    >>> q = parse_quantity("8000万元以上")
    >>> q.lower, q.upper, q.lower_inclusive, q.unit
    (80000000, nan, True, '元')
    >>> parse_quantity("突破1500家以上").lower_inclusive
    False
    """
    if not isinstance(s, str):
        raise TypeError(f"parse_quantity expects str, not {type(s).__name__}")
    lex = load_lexicon()
    norm = normalize(s, lex).strip()
    g = grammar(lex)
    for cut in range(0, min(len(norm), 6) + 1):
        before = norm[:cut]
        if cut and before != qualifier_before(norm, cut, lex):
            continue
        m = g.quantity.fullmatch(norm, cut)
        if m:
            try:
                return quantity_from_match(m, before, s.strip()[cut:], lex)
            except ValueError:
                break
    raise ValueError(f"not a quantity: {s!r}")


__all__ = ["parse_quantity", "quantity_from_match", "quantity_from_parts"]
