"""Length-preserving normalization and sentence/clause boundaries, as offsets into the original text."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .lexicon import Lexicon, load_lexicon


@functools.cache
def _mapper(lex: Lexicon) -> tuple[re.Pattern[str], dict[str, str]]:
    # a substitution over the mapped characters only: they are rare, so this is ~4x faster than
    # str.translate, which looks every character up
    return re.compile("[" + re.escape("".join(lex.charmap)) + "]"), dict(lex.charmap)


def normalize(text: str, lex: Lexicon | None = None) -> str:
    """Map full-width and traditional characters one to one (``len(normalize(s)) == len(s)``).

    >>> normalize("１２００家以上，力爭")
    '1200家以上,力争'
    """
    lex = lex or load_lexicon()
    pattern, mapping = _mapper(lex)
    return pattern.sub(lambda m: mapping[m.group()], text)


#: A pinyin gloss written after a character in some reposts: 經(jīng)濟, 1000萬(wàn)元. Letters with tone marks
#: (or a tone digit) inside brackets right after a Han character.
_GLOSS = re.compile(r"\([a-zü]{0,6}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{0,6}\)")
#: Fixed-width text (PDF and OCR copies) has at least this many lines of about one width.
WRAP_MIN_LINES = 5
WRAP_SHARE = 0.3  # ... and that width is the width of at least this share of its long lines
WRAP_LONG = 20  # characters: a line at least this long may be a wrapped one


_SPACE = re.compile(r"\s")
_HAN_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def as_written(span: str) -> str:
    """A stretch of the original text as a name: pinyin glosses left out (國(guó)內 -> 國內) and spaces or line
    breaks between two Han characters removed (内 容 -> 内容); other spaces stay (地区生产总值( GDP ))."""
    if "(" in span:
        span = _GLOSS.sub(lambda m: "" if m.start() and is_han(span[m.start() - 1]) else m.group(), span)
    return _HAN_GAP.sub("", span) if _SPACE.search(span) else span


def prepare(text: str, lex: Lexicon | None = None) -> str:
    """The text the rules read: :func:`normalize`, then, still one character for one, pinyin glosses and
    the soft line breaks of fixed-width text replaced by spaces (SPEC §3: a gloss or a line break inside a
    quantity or a clause changes nothing).

    >>> prepare("1000萬(wàn)元")
    '1000万     元'
    """
    lex = lex or load_lexicon()
    norm = normalize(text, lex)
    blank = [(m.start(), m.end()) for m in _GLOSS.finditer(norm) if m.start() and is_han(norm[m.start() - 1])]
    blank += [(i, i + 1) for i in soft_wraps(norm, lex)]
    years = list(_numeral_years(lex).finditer(norm))
    if not blank and not years:
        return norm
    chars = list(norm)
    for a, b in blank:
        chars[a:b] = " " * (b - a)
    digits = _digit_values(lex)
    for m in years:  # 二〇二五年 -> 2025年, four characters for four
        a = m.start() - 4
        chars[a:m.start()] = [digits[c] for c in norm[a:m.start()]]
    return "".join(chars)


@functools.cache
def _digit_values(lex: Lexicon) -> dict[str, str]:
    """The numerals that write one digit (一 -> 1, 〇 -> 0), and the digit 0 that years in numerals are often
    typed with, or the letter O (二0一0年, 二O一O年)."""
    return {**{c: str(v) for c, v in lex.numerals.items() if len(c) == 1 and 0 <= v <= 9}, "0": "0", "O": "0", "o": "0"}


@functools.cache
def _numeral_years(lex: Lexicon) -> re.Pattern[str]:
    """The year suffix (年) of a year written digit by digit in numerals (二〇二五年, 一九九八年) not inside a
    longer numeral; the year's four characters end where the match starts. Matching the suffix first and
    looking back is what keeps this fast: 一 and 二 are everywhere, 年 is not."""
    def digit(values: str) -> str:
        return "[" + "".join(re.escape(c) for c, v in _digit_values(lex).items() if v in values) + "]"

    numeral = "".join(re.escape(c) for c in (*lex.numerals, *lex.numeral_units) if len(c) == 1)
    year = rf"(?:{digit('1')}{digit('9')}|{digit('2')}{digit('0')}){digit('0123456789')}{{2}}"
    return re.compile("|".join(rf"{re.escape(w)}(?<={year}{re.escape(w)})(?<![{numeral}]....{re.escape(w)})"
                               for w in lex.markers("year")))


_HAN_FIRST, _HAN_LAST = 0x4E00, 0x9FFF  # CJK Unified Ideographs


def is_han(c: str) -> bool:
    """Whether ``c`` is one CJK ideograph (``""`` is not)."""
    return len(c) == 1 and _HAN_FIRST <= ord(c) <= _HAN_LAST


def soft_wraps(norm: str, lex: Lexicon | None = None) -> list[int]:
    """Offsets of the line breaks that only wrap a line of fixed-width text (OCR, PDF copies).

    A text is fixed-width when many of its long lines have one width (give or take one character); a
    break after a line of that width that does not end a sentence or a lead-in is a wrap, not an end.
    """
    lex = lex or load_lexicon()
    lines = norm.split("\n")
    widths = [len(line.rstrip()) for line in lines]
    long = [w for w in widths if w >= WRAP_LONG]
    if len(long) < WRAP_MIN_LINES:
        return []
    counts: dict[int, int] = {}
    for w in long:
        counts[w] = counts.get(w, 0) + 1
    width = max(counts, key=lambda w: counts.get(w - 1, 0) + counts[w] + counts.get(w + 1, 0))
    share = counts.get(width - 1, 0) + counts[width] + counts.get(width + 1, 0)
    if share < WRAP_MIN_LINES or share < WRAP_SHARE * len(long):
        return []
    ends = tuple(lex.punct("sentence_end")) + (":",)
    out, pos = [], 0
    for line, w, nxt in zip(lines, widths, [*widths[1:], 0]):
        pos += len(line)
        if w >= width - 2 and nxt > 0 and not line.rstrip().endswith(ends):
            out.append(pos)
        pos += 1
    return out


@dataclass(frozen=True)
class Boundaries:
    """Sentence and clause ends of one normalized text, as sorted offsets."""

    sentence_ends: tuple[int, ...]
    clause_ends: tuple[int, ...]
    full_ends: tuple[int, ...] = ()  # sentence ends that do not only end an item of a ;-list


def boundaries(norm: str, lex: Lexicon | None = None) -> Boundaries:
    """Offsets just after each sentence end (。！？；and line breaks) and each clause end (also ，：)."""
    lex = lex or load_lexicon()
    sent, clause = _end_patterns(lex)
    ends = tuple(m.end() for m in sent.finditer(norm))
    items = lex.punct("item_end")
    return Boundaries(ends, tuple(m.end() for m in clause.finditer(norm)),
                      tuple(e for e in ends if norm[e - 1] not in items) if items else ends)


@functools.cache
def _end_patterns(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
    sent = lex.punct("sentence_end") + "\n\r"
    clause = sent + lex.punct("clause_sep")
    return re.compile(f"[{re.escape(sent)}]"), re.compile(f"[{re.escape(clause)}]")
