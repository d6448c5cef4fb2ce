"""Find quantity expressions in normalized text: the only module with patterns.

Each rule is a small named pattern assembled from lexicon alternations (longest first).
``find_spans`` returns regex matches over the normalized text; offsets equal those of the original
text because normalization maps one character to one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

import regex

from .lexicon import Lexicon, alternation, load_lexicon


@dataclass(frozen=True)
class Grammar:
    """The compiled rules of one lexicon. The quantity rule runs on the standard library's ``re``,
    which matches it about twice as fast as ``regex``; each branch names its groups with its own prefix
    (p_ percent words, r_ range, s_ single value), and :func:`parts` reads them back."""

    quantity: re.Pattern[str]
    before: re.Pattern[str]
    anchor: re.Pattern[str]


class Parts(NamedTuple):
    """The pieces of one quantity match, whichever rule matched (``None`` where absent)."""

    pct: str | None
    n1: str | None
    s1: str | None
    mid0: str | None
    mid: str | None
    unit: str | None
    alt: str | None
    per: str | None
    n2: str | None
    s2: str | None
    fixed: str | None
    suf: str | None


def split_alternation(words: Iterable[str]) -> str:
    """An alternation of ``words`` (longest first) that also matches each with one space or line break
    between two of its characters (以 上, 突⏎破: a wrapped line of a PDF's text); :func:`squeeze` reads the
    word back."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    if not ordered:
        return "(?!)"
    return "(?:" + "|".join(r"[ \n]?".join(re.escape(c) for c in w) for w in ordered) + ")"


def squeeze(word: str | None) -> str | None:
    """A qualifier word as the lexicon writes it: a space or line break inside it left out."""
    return word.replace(" ", "").replace("\n", "") if word and (" " in word or "\n" in word) else word


def parts(m: re.Match[str]) -> Parts:
    """Read a quantity match's groups by their rule-independent names (words read back without a line
    break or space inside them, where the match has one)."""
    p = _parts(m)
    text = m.group()
    if " " not in text and "\n" not in text:
        return p
    return p._replace(s1=squeeze(p.s1), mid0=squeeze(p.mid0), mid=squeeze(p.mid), unit=squeeze(p.unit),
                      per=squeeze(p.per), s2=squeeze(p.s2), fixed=squeeze(p.fixed), suf=squeeze(p.suf))


def _parts(m: re.Match[str]) -> Parts:
    if m.group("s_n1") is not None:
        n1, mid0, s1, mid, unit, alt, per, den = m.group("s_n1", "s_mid0", "s_s1", "s_mid", "s_unit", "s_alt", "s_per",
                                                         "s_den")
        per = per or den
        return Parts(None, n1, s1, mid0, mid, unit, alt, per, None, None, None, m.group("suf"))
    if m.group("r_n1") is not None:
        n1, s1, n2, s2, mid, unit, alt, per = m.group("r_n1", "r_s1", "r_n2", "r_s2", "r_mid", "r_unit", "r_alt",
                                                      "r_per")
        return Parts(None, n1, s1, None, mid, unit, alt, per, n2, s2, None, m.group("suf"))
    if m.group("p_pct") is not None:
        return Parts(m.group("p_pct"), m.group("p_n1"), None, None, None, None, None, None, None, None, None,
                     m.group("suf"))
    return Parts(None, None, None, None, None, None, None, None, None, None, m.group("fixed"), m.group("suf"))


#: Spaces inside a quantity (text out of PDFs and web pages: 236 亿元, 7.5% 左右, a blanked pinyin gloss
#: 1000萬(wàn)元), or one line break (2.45⏎亿美元). SPEC §3: inside the span, changing nothing else.
WS = r"(?:[ \u3000\u00a0\n][ \u3000\u00a0]{0,8})?"


def numeral_chars_list(lex: Lexicon) -> list[str]:
    """Every character a Chinese numeral is written with: digits, 十百千, and one-character scale words."""
    return [*lex.numerals, *lex.numeral_units, *[s for s in lex.scales if len(s) == 1]]


def _rules(lex: Lexicon) -> dict[str, str]:
    # bounded repeats: no number is 30 digits long, and a bound keeps backtracking linear on hostile runs
    # a joiner (text.JOINER: an invisible character, or a wrapped line) may stand between a number's digits
    digits = (r"[0-9]{1,30}(?:\u200b[0-9]{1,30}){0,3}(?:,[0-9]{3}){0,10}(?![0-9])"
              r"(?:\u200b?\.\u200b?[0-9]{1,15}(?:\u200b[0-9]{1,15}){0,2}(?![0-9]))?")
    numeral_chars = "".join(regex.escape(c) for c in numeral_chars_list(lex))
    point = next(k for k, v in lex.decimal_marks.items() if v == "decimal_point")
    digit_chars = "".join(regex.escape(c) for c in lex.numerals)
    r: dict[str, str] = {}
    r["chinese_number"] = rf"[{numeral_chars}]{{1,24}}(?:{regex.escape(point)}[{digit_chars}]{{1,15}})?"
    r["number"] = rf"(?:(?<![0-9A-Za-z.]){digits}|{r['chinese_number']})"
    # SPEC §3: a 千 that is part of a unit stays in the unit (3000千米 is 3000 千米, 50万千瓦 is 500000 千瓦)
    scale_led_units = [u for u in lex.units if any(u.startswith(sc) for sc in lex.scales)]
    r["scale"] = rf"(?!{alternation(scale_led_units)}){split_alternation(lex.scales)}"  # 万⏎亿
    r["unit"] = split_alternation(lex.units)  # 平⏎方米: a wrapped line inside a unit changes nothing
    after = [q.surface for q in lex.qualifiers.values() if q.position == "after"]
    r["after"] = split_alternation(after)  # 以⏎上: a wrapped line inside a qualifier changes nothing
    r["range_mark"] = alternation(lex.range_marks)
    r["alt_unit"] = rf"[ ]?\({r['unit']}\)"  # 4场(次), 4场⏎(次)
    # a rate's denominator, scale word kept in the unit (SPEC §3): 30万元/人, 12件/百人年, 0.6人/百亿元
    r["per_unit"] = rf"[ ]?/(?:[0-9]{{1,6}})?(?:{alternation(lex.scales)})?{r['unit']}"
    r["denominator"] = rf"/[0-9]{{1,6}}{alternation(lex.scales)}"  # 22/10万: a rate without a measure word
    pct = [k for k, v in lex.decimal_marks.items() if v in ("percent_prefix", "permille_prefix")]
    # 百分之二十: a percent written as words
    r["percent_words"] = rf"(?P<p_pct>{alternation(pct)})(?P<p_n1>{r['number']})"
    # 1-2家, 5%—5.5%, 三至五个: a range; the first end may repeat the unit
    ws = r["ws"] = WS
    r["range"] = (
        rf"(?P<r_n1>{r['number']})(?P<r_s1>{r['scale']})?(?:{r['unit']})?{ws}{r['range_mark']}{ws}"
        rf"(?P<r_n2>{r['number']})(?:{ws}(?P<r_s2>{r['scale']}))?(?P<r_mid>{r['after']})?{ws}(?P<r_unit>{r['unit']})"
        rf"(?P<r_alt>{r['alt_unit']})?(?P<r_per>{r['per_unit']})?"
    )
    # 8000万元, 3500多个, 20多万人, 30万元/人, 4场(次): one value with its scale word and unit; or, with a scale
    # word, none (980万, 14.2亿: find_mentions keeps it only where the words around it imply its unit,
    # lexicons/implied_units.tsv)
    r["single"] = (
        rf"(?P<s_n1>{r['number']})(?:[ ]?(?P<s_mid0>{r['after']}))?(?:{ws}(?P<s_s1>{r['scale']}))?(?P<s_mid>{r['after']})?"
        rf"(?:{ws}(?P<s_unit>{r['unit']})(?P<s_alt>{r['alt_unit']})?(?P<s_per>{r['per_unit']})?"
        rf"|(?P<s_den>{r['denominator']})|(?(s_s1)|(?!)))"
    )
    r["fixed"] = rf"(?P<fixed>{split_alternation(lex.fixed_quantities)})"
    r["quantity"] = (
        rf"(?:{r['percent_words']}|{r['range']}|{r['single']}|{r['fixed']})(?:{ws}(?P<suf>{r['after']}))?"
    )
    # where a quantity can start: a digit, a numeral, a percent word or a fixed quantity word. Scanning for
    # these with the standard library first, and trying the full rule only there, is several times faster.
    starts = [k[0] for k in (*pct, *lex.fixed_quantities)]
    r["anchor"] = "[0-9" + "".join(re.escape(c) for c in sorted(set(numeral_chars_list(lex)) | set(starts))) + "]"
    r["before"] = rf"(?:{split_alternation(q.surface for q in lex.qualifiers.values() if q.position == 'before')})$"
    return r


@functools.cache
def grammar(lex: Lexicon | None = None) -> Grammar:
    """Compile the rules of ``lex`` (cached per lexicon)."""
    lex = lex or load_lexicon()
    r = _rules(lex)
    return Grammar(
        quantity=re.compile(r["quantity"]),
        before=re.compile(r["before"]),  # re: 2x faster than regex on this alternation
        anchor=re.compile(r["anchor"]),
    )


def find_spans(norm: str, lex: Lexicon | None = None) -> Iterator[re.Match[str]]:
    """Every quantity expression in the normalized text, left to right, not overlapping.

    The same matches as ``quantity.finditer``, found by trying the rule only where a quantity can start.
    """
    g = grammar(lex)
    pos, n = 0, len(norm)
    search, match = g.anchor.search, g.quantity.match
    while pos < n:
        a = search(norm, pos)
        if a is None:
            return
        m = match(norm, a.start())
        if m is None or m.end() == m.start():
            pos = a.start() + 1
            continue
        yield m
        pos = m.end()


SPACES = " \u3000\u00a0\n"  # what may stand between a number and the words around it


def gap_before(norm: str, start: int, limit: int = 9) -> int:
    """How many spaces (or a line break) stand right before ``start``: 不低於 50%, 達(dá)80% with the gloss
    blanked."""
    i = start
    while i > 0 and start - i < limit and norm[i - 1] in SPACES:
        i -= 1
    return start - i


def qualifier_before(norm: str, start: int, lex: Lexicon | None = None, window: int = 4) -> str:
    """The longest before-qualifier word (达到, 不低于, 约 …) ending right at ``start``, or ``""``.

    A word that only ends in a qualifier (签约 ends in 约) is not one.
    """
    lex = lex or load_lexicon()
    if not start or norm[start - 1] not in _before_last(lex):  # no qualifier ends with that character
        return ""
    m = grammar(lex).before.search(norm[max(0, start - window - 1) : start])
    if not m:
        return ""
    word = m.group()  # as written (突⏎破 over a wrapped line): its length is the span it covers
    blockers = _blockers(lex).get(squeeze(word) or "")
    return "" if blockers and norm.endswith(blockers, 0, start) else word


@functools.cache
def _before_last(lex: Lexicon) -> frozenset[str]:
    return frozenset(q.surface[-1] for q in lex.qualifiers.values() if q.position == "before")


@functools.cache
def _blockers(lex: Lexicon) -> dict[str, tuple[str, ...]]:
    """For each before-qualifier, the longer blocker words that end in it (签约 for 约)."""
    out: dict[str, tuple[str, ...]] = {}
    for q in lex.qualifiers:
        longer = tuple(b for b in lex.qualifier_blockers if len(b) > len(q) and b.endswith(q))
        if longer:
            out[q] = longer
    return out
