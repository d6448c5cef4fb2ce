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
    out = pattern.sub(lambda m: mapping[m.group()], text)
    if _OTHER_LINE_ENDS.search(out):  # CR alone, U+2028, U+2029, NEL: a line end like \n for every rule
        out = _OTHER_LINE_ENDS.sub("\n", out)
    return out


#: Line ends other than ``\n`` (one character each: CR of a CRLF pair stays, as the space before its ``\n``).
_OTHER_LINE_ENDS = re.compile("\r(?!\n)|[\u2028\u2029\u0085]")


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


#: The character a number may hold between its digits without being cut (an invisible format character
#: of the source, mapped to it by ``lexicons/charmap.tsv``, or a wrapped line between two digits).
JOINER = "\u200b"


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
    breaks = split_breaks(norm, lex)
    joins = [i for i in breaks if _splits_number(norm[i - 1], norm[i + 1:i + 2])]
    blank += [(i, i + 1) for i in breaks if i not in joins]
    years = list(_numeral_years(lex).finditer(norm))
    if not blank and not years and not joins:
        return norm
    chars = list(norm)
    for a, b in blank:
        chars[a:b] = " " * (b - a)
    for i in joins:  # 达到1⏎200家: the wrapped digits of one number, joined as an invisible character would be
        chars[i] = JOINER
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


SPLIT_CELL = 12  # characters: two lines both shorter, without punctuation, are cells or titles, never a wrap
SPLIT_WRAPPED = 20  # characters: a line this long that stops mid-clause was wrapped (a PDF's or OCR's line)
SPLIT_SPAN = 3  # characters on each side of a break looked at for a word it splits


def split_breaks(norm: str, lex: Lexicon | None = None) -> list[int]:
    """Offsets of line breaks that only wrap a clause (PDF and OCR text: 5家以⏎上, 突⏎破1500家,
    达到1⏎200家, 国家科⏎技型): no boundary for any rule, the same as a space (SPEC §3).

    A break wraps where it ends no sentence (nothing but a comma or 、 before it), it is in no table's row
    (tabs, pipes), the line after it opens no numbered item, and: it falls inside a quantity (a number's
    digits, its unit, scale or qualifier after it); or the line before it ends in a comma; or, the two lines
    not both short cells, it splits a common word (the lexicon's, the tokenizer's dictionary's), or the line
    before it is as long as a wrapped line and no title, heading or metadata line."""
    if "\n" not in norm:
        return []
    lex = lex or load_lexicon()
    from .outline import looks_like_heading  # the outline reads prepared text: imported here, not at the top

    stops = set(lex.punct("sentence_end", "clause_sep", "list_sep", "paren_close", "quote_close"))
    stop_re = _stop_re(lex)
    out: list[int] = []
    for m in _candidate_breaks(lex).finditer(norm):  # a break after a sentence end or before a blank is none
        i = m.start()
        a, b = norm[i - 1], norm[i + 1]  # (the candidate regex: neither is blank, a ends no sentence)
        comma = a in stops  # a line ending in a comma or 、 goes on in the next (…以上,⏎力争突破)
        ranged = a in _range_chars(lex) and norm[i - 2:i - 1].isdigit() and b.isdigit()  # 1-⏎2家
        if not (comma or ranged or is_han(a) or a.isalnum() or (a == "." and b.isdigit())):
            continue
        line_start = norm.rfind("\n", 0, i) + 1
        nxt = norm.find("\n", i + 1)
        before, after = norm[line_start:i].strip(), norm[i + 1:nxt if nxt >= 0 else len(norm)].strip()
        if "\t" in before or "\t" in after or "|" in before or "|" in after:
            continue  # a table's row (tabs, pipes): its lines are its rows
        cells = max(len(before), len(after)) < SPLIT_CELL and not (stop_re.search(before) or stop_re.search(after))
        if not comma and not cells and (ranged or _splits_number(a, b) or _unit_after(norm, i + 1, lex, a.isdigit())):
            out.append(i)  # inside a quantity: 2⏎.3%, 1⏎200家, 1200⏎家以上, 一项⏎以上, 1-⏎2家
            continue
        if b in stops and not comma:
            out.append(i)  # a line never opens with a comma or a full stop: the clause goes on (…以上⏎,力争)
            continue
        if comma:
            if not looks_like_heading(after, lex, numbered_only=True) and (is_han(b) or b.isdigit()):
                out.append(i)
            continue
        if not (is_han(b) or b.isdigit()):
            continue
        if cells:
            continue  # table cells, title and metadata lines
        if looks_like_heading(after, lex, numbered_only=True) or before.startswith(_labels(lex)):
            continue  # a numbered item opens the next line, or this one is a metadata line (发表时间:…)
        # a line that ends inside a word is no heading, whatever its words; between words, a long line that is
        # not the title (the first line), a heading, or a line before a metadata line (发表时间:…) was wrapped
        if _splits_word(norm, i, lex) or (len(before) >= SPLIT_WRAPPED and norm[:line_start].strip()
                                           and not after.startswith(_labels(lex)) and not looks_like_heading(before, lex)):
            out.append(i)
    return out


@functools.cache
def _stop_re(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(lex.punct('sentence_end', 'clause_sep', 'list_sep', 'paren_close', 'quote_close'))}]")


@functools.cache
def _candidate_breaks(lex: Lexicon) -> re.Pattern[str]:
    """A line break between two non-blank characters, the first no sentence end (nor a lead-in's colon)."""
    ends = re.escape(lex.punct("sentence_end", "paren_close", "quote_close") + ":")
    return re.compile(rf"(?<=[^\s{ends}])\n(?=\S)")


def _unit_after(norm: str, pos: int, lex: Lexicon, digit: bool) -> bool:
    """Whether the rest of a quantity opens the text at ``pos``: after a digit its unit, scale word or
    qualifier (1200⏎家以上), after a measure word its qualifier (一项⏎以上)."""
    words = _unit_words(lex)
    return norm.startswith(words[0] if digit else words[1], pos)


@functools.cache
def _unit_words(lex: Lexicon) -> tuple[tuple[str, ...], tuple[str, ...]]:
    after = {q.surface for q in lex.qualifiers.values() if q.position == "after"}
    longest = functools.partial(sorted, key=len, reverse=True)
    alt = {f"({u})" for u in lex.units}  # 4场⏎(次)
    per = {f"/{u}" for u in lex.units}  # 30万元⏎/人
    return (tuple(longest({*lex.units, *lex.scales, *after, *lex.range_marks, *alt, *per})),
            tuple(longest({*(a for a in after if len(a) >= 2), *alt, *per})))


@functools.cache
def _labels(lex: Lexicon) -> tuple[str, ...]:
    return tuple(lex.metadata_labels)


@functools.cache
def _range_chars(lex: Lexicon) -> frozenset[str]:
    return frozenset(m for m in lex.range_marks if len(m) == 1)


def _splits_number(a: str, b: str) -> bool:
    return (a.isdigit() or a == ".") and (b.isdigit() or b == ".") and not (a == "." and b == ".")


def _splits_word(norm: str, i: int, lex: Lexicon) -> bool:
    if not (is_han(norm[i - 1]) and is_han(norm[i + 1])) and not (is_han(norm[i - 1]) and norm[i + 1].isdigit()):
        return False
    from .tokens import is_word

    words = _break_words(lex)
    for left in range(1, SPLIT_SPAN + 1):
        lpart = norm[max(0, i - left):i]
        for right in range(1, SPLIT_SPAN + 1):
            w = lpart + norm[i + 1:i + 1 + right]
            if w in words:
                return True
            if norm[i + 1].isdigit():
                continue  # before a number only the qualifiers count (达到⏎1200)
            if len(w) >= 2 and all(is_han(c) for c in w) and is_word(w, lex):
                return True
    return norm[i + 1].isdigit() and norm.endswith(_before_words(lex), 0, i)


@functools.cache
def _break_words(lex: Lexicon) -> frozenset[str]:
    """The lexicon's words a break may split: qualifiers, modality and direction words, units, periods."""
    return frozenset(w for w in (*lex.qualifiers, *lex.modality, *lex.direction, *lex.units, *lex.period,
                                 *lex.relative_words, *lex.fixed_quantities) if len(w) >= 2)


@functools.cache
def _before_words(lex: Lexicon) -> tuple[str, ...]:
    return tuple(q.surface for q in lex.qualifiers.values() if q.position == "before")


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
        if w >= width - 2 and nxt > 0 and not line.rstrip().endswith(ends) and "\t" not in line and "|" not in line:
            out.append(pos)  # (a table's tab or pipe row is a row, whatever its width)
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
