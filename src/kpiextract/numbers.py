"""``parse_number``: one number, written any way a Chinese government document writes it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import regex

from .lexicon import Lexicon, load_lexicon
from .text import JOINER, normalize

_ASCII = regex.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def _ascii(s: str) -> Decimal | None:
    if not _ASCII.fullmatch(s):
        return None
    return Decimal(s.replace(",", ""))


def _below_wan(s: str, lex: Lexicon) -> Decimal:
    """A numeral below 万: digits and the units 十 百 千 (一千二百, 一千二 = 1200, 十二, 3千)."""
    if not s:
        raise ValueError("empty")
    total, digit, last_unit, digits_run = Decimal(0), None, None, ""
    i = 0
    while i < len(s):
        m = _ASCII.match(s, i)
        if m and m.end() > i:
            if digit is not None:
                raise ValueError(s)
            digit, i = Decimal(m.group().replace(",", "")), m.end()
            continue
        c = s[i]
        if c in lex.numerals and lex.numerals[c] == 0 and last_unit is not None:
            if digit is not None:  # 一百五零 is not a number
                raise ValueError(s)
        elif c in lex.numerals:
            if digit is not None and last_unit is not None:
                raise ValueError(s)
            if digit is not None:  # a run of bare digits: 二〇二五
                digits_run = digits_run or str(digit)
                digits_run += str(lex.numerals[c])
                digit = Decimal(digits_run)
            else:
                digit = Decimal(lex.numerals[c])
        elif c in lex.numeral_units:
            u = lex.numeral_units[c]
            if digits_run or (last_unit is not None and u >= last_unit):
                raise ValueError(s)
            if digit is None and i > 0:  # only a leading unit may stand alone: 十二, 千万; not 千百
                raise ValueError(s)
            total += (digit if digit is not None else Decimal(1)) * u
            digit, last_unit = None, u
        else:
            raise ValueError(s)
        i += 1
    if digits_run:
        if last_unit is not None:
            raise ValueError(s)
        return Decimal(digits_run)
    if digit is not None:
        # 一千二 = 1200: a last digit right after a unit counts in the next unit down, unless 零 stood before
        zero = s[:-1].endswith(tuple(k for k, v in lex.numerals.items() if v == 0))
        if last_unit is not None and last_unit >= 100 and not zero and s[-2:-1] in lex.numeral_units:
            total += digit * (last_unit // 10)
        else:
            total += digit
    return total


def _big_units(lex: Lexicon) -> list[tuple[str, Decimal]]:
    """One-character scale words of 万 and above, largest first (亿, 万)."""
    return sorted(((k, v) for k, v in lex.scales.items() if len(k) == 1 and v >= 10**4), key=lambda kv: -kv[1])


def _integer(s: str, lex: Lexicon) -> Decimal:
    """A numeral with the large units 亿 and 万 (split at the last one: 4.5万亿, 十二万三千四百五十六)."""
    zeros = tuple(k for k, v in lex.numerals.items() if v == 0)
    for big, mult in _big_units(lex):
        at = s.rfind(big)
        if at < 0:
            continue
        head, rest = s[:at], s[at + 1 :]
        if big in head:  # 万万
            raise ValueError(s)
        value = (_integer(head, lex) if head else Decimal(1)) * mult
        if not rest:
            return value
        if rest.startswith(zeros):
            return value + _integer(rest.lstrip("".join(zeros)), lex)
        if len(rest) == 1 and rest in lex.numerals:  # 两万五 = 25000
            return value + lex.numerals[rest] * mult / 10
        tail = _integer(rest, lex)
        if tail >= mult:
            raise ValueError(s)
        return value + tail
    return _below_wan(s, lex)


def parse_decimal(s: str, lex: Lexicon | None = None) -> Decimal:
    """Like :func:`parse_number`, but returns the exact :class:`~decimal.Decimal`."""
    if not isinstance(s, str):
        raise TypeError(f"parse_number expects str, not {type(s).__name__}")
    lex = lex or load_lexicon()
    return parse_normalized(normalize(s, lex).strip(), lex, s)


def parse_normalized(t: str, lex: Lexicon, original: str | None = None) -> Decimal:
    """:func:`parse_decimal` of a string already normalized and stripped (the recognizer's groups)."""
    s = t if original is None else original
    t = t.replace(JOINER, "")  # 1⏎200 wrapped, 1\u200b000 with an invisible character: one number
    if not t:
        raise ValueError(f"not a number: {s!r}")
    plain = _ascii(t)
    if plain is not None:
        return plain
    sign = -1 if t[0] == "-" else 1
    body = t[1:] if t[0] in "+-" else t
    point = next((k for k, v in lex.decimal_marks.items() if v == "decimal_point"), None)
    try:
        if point and point in body:
            whole, frac = body.split(point, 1)
            if not whole or not frac or any(c not in lex.numerals for c in frac):
                raise ValueError(s)
            value = _integer(whole, lex)
            return sign * (value + Decimal("0." + "".join(str(lex.numerals[c]) for c in frac)))
        return sign * _integer(body, lex)
    except (ValueError, InvalidOperation, IndexError):
        raise ValueError(f"not a number: {s!r}") from None


def as_number(d: Decimal) -> int | float:
    """An integral Decimal as ``int``, any other as ``float``."""
    return int(d) if d == d.to_integral_value() else float(d)


def parse_number(s: str) -> int | float:
    """Parse one number: ASCII or full-width digits, Chinese or financial numerals, scale words.

    Integral values come back as ``int``; anything that is not one number raises ``ValueError``
    naming the input.

    >>> parse_number("1,200"), parse_number("一千二"), parse_number("4.5万亿"), parse_number("２．３")
    (1200, 1200, 4500000000000, 2.3)
    >>> parse_number("壹仟贰佰"), parse_number("零点五"), parse_number("两万五千")
    (1200, 0.5, 25000)
    """
    return as_number(parse_decimal(s))
