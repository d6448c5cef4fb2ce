"""Indicator tables (SPEC §5): one more kind of context, like a sentence or a section.

:func:`find_tables` finds each table's header and the role of its columns (a :class:`Table`);
:func:`table_cells` reads its rows and returns one :class:`Cell` per target cell, whose figure is parsed
by the same quantity rule as prose. The forms real documents arrive in are all read as one stream of
cells: tab-separated rows (how the readers render an HTML or DOCX table), one cell per line (web pages),
lines of a PDF with names wrapped over several lines, and a whole table run together on one line
(scraped pages), where the header's columns, the 属性 words and, where digits ran together, the
closeness of base and target values cut the cells.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

from .lexicon import Lexicon, alternation, words_of
from .records import NAN, Quantity
from .text import is_han

PROSE_HAN = 20  # Han characters of a line that, with a sentence end, make it prose (the table has ended)
JUNK_GROUPS = 2  # groups with a letter or symbol that make a run of short ASCII groups scraping junk
HEADER_MIN = 3  # column heads a table's header names at least (指标 | 2025年 | 属性)
HEADER_SPAN = 200  # characters: the heads of one table's columns stand this close together (junk between them too)
ROW_MAX = 300  # characters: no row's name runs longer; a longer stretch of text ends the table
VALUE_ROLES = ("base", "target", "annual_avg", "cumulative", "change")
SPLIT_MAX = 0.5
ROW_LOOKAHEAD = 3  # non-blank lines read after a prose-like line to see whether the table's rows go on  # a run of digits is cut in two only where the parts differ by at most half the larger

_PROSE_IN_HEADER = regex.compile(r"。|[,;](?=\p{Han})")
_WORDS = regex.compile(r"[\p{Han}。]")
_SPACE_NAME = regex.compile(r"[ \t]+\p{Han}")
_DIGITS = regex.compile(r"[0-9.]+")
_CELL_TEXT = regex.compile(r"[^\t\n|]+?(?=\t|\n| {2,}|\u3000|\||$)")  # | : markdown's cell edge
_MD_RULE = regex.compile(r"(?m)^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*:?-*:?[ \t]*$")  # |---|---|
_SEPARATORS = regex.compile(r"[\s|,、.]*")
_DASHES = regex.compile(r"[\s\-—–/]+")
_DASH = regex.compile(r"[\-—–/]")
_GROUP_LABEL = regex.compile(r"^.*?[0-9]+[.、](?![0-9])")
_TRAILING = regex.compile(r"[^0-9.]+$")
_PLAIN = regex.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_BINDING_OPENERS = frozenset("(（[ \t")  # what may stand between a figure and a 约束性 mark after it
_HAN_CHARS = regex.compile(r"\p{Han}")
_JUNK_RUN = regex.compile(r"(?<![\p{Han}0-9A-Za-z(（%。.])(?:[!-{}~]{1,3}[ ]){3,}[!-{}~]{0,3}")  # | separates cells
_JUNK_MARK = regex.compile(r"[A-Za-z!#$&'*+:;?@^_`{}~\\\"]")
_SCOPE_BRACKET = regex.compile(r"[(（][^()（）]*[)）]$")
# cells run together on one line are cut by spaces, never by a line break (a row's last cell, then prose)
_SPACES, _OPT_SPACES = regex.compile(r"[ \t\u3000]+"), regex.compile(r"\s*")


@dataclass(frozen=True)
class Column:
    """One column of a table: its head as written and its role (see ``lexicons/table_columns.tsv``;
    a year column is ``base`` before the table's last year, else ``target``)."""

    head: str
    role: str
    year: int | None = None
    unit: str = ""  # a unit written in the head's brackets (目标值（%）): its cells' unit


@dataclass(frozen=True)
class Table:
    """A table found in a text: where its header starts and ends, where its body ends, its columns."""

    start: int
    header_end: int
    end: int
    columns: tuple[Column, ...]

    @property
    def value_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.role in VALUE_ROLES)


@dataclass(frozen=True)
class Cell:
    """A target cell: its span in the text, its figure, and what its row and column say about it."""

    start: int
    end: int
    quantity: Quantity
    indicator: str
    row: tuple[int, int]
    role: str
    year: int | None
    binding: str | None


@dataclass(frozen=True)
class _Token:
    kind: str  # "value", "dash", "attr", "text"
    start: int
    end: int
    text: str


@functools.cache
def _patterns(lex: Lexicon) -> dict[str, regex.Pattern[str]]:
    heads = sorted(lex.table_columns, key=len, reverse=True)
    spaced = "|".join(r"\s*".join(regex.escape(c) for c in h) for h in heads)
    # words that may follow a period in one head (2030年目标, “十四五”⏎完成值); a bracketed head (〔累计〕) is a
    # cell of its own
    value_heads = [h for h, r in lex.table_columns.items() if r in VALUE_ROLES and h[0] not in "〔[(（"]
    value_spaced = "|".join(r"\s*".join(regex.escape(c) for c in h) for h in sorted(value_heads, key=len, reverse=True))
    year_word = alternation(lex.markers("year"))
    plans = alternation(lex.five_year_plans)
    # a year or plan period heading a column: 2025年, （2030年）, “十五五”, “十四五”末
    period = (rf"(?:[(（]\s*)?(?:(?:19|20)[0-9]{{2}}\s*{year_word}|“?\s*{plans}\s*”?(?:\s*{alternation(lex.markers('plan_end'))})?)"
              rf"(?:\s*[)）])?")
    base_word = alternation(lex.markers("base"))
    change = rf"{period}\s*{base_word}\s*{period}\s*(?:{alternation(lex.direction)}|{alternation(words_of(lex.table_columns, 'change'))})"
    unit_bracket = rf"(?:\s*[(（]\s*(?:{alternation(lex.scales)})?(?:{alternation(lex.units)})\s*[)）])?"
    year = rf"(?:{change}|{period}(?:\s*(?:{value_spaced}))?|(?:{spaced})){unit_bracket}"
    ranges = alternation(lex.range_marks)
    cell_units = alternation([*lex.units, *lex.table_units])  # a unit cell may say 年
    heading_numeral = "".join(regex.escape(c) for c in (*lex.numerals, *lex.numeral_units))
    qualifiers = alternation(q.surface for q in lex.qualifiers.values() if q.position == "after")
    number = r"[0-9]+(?:[.。][0-9]+)*"  # 21.6623.04: two cells whose digits ran together
    return {
        "head": regex.compile(year),
        "change_head": regex.compile(change),
        "head_unit": regex.compile(rf"[(（]\s*((?:{alternation(lex.scales)})?(?:{alternation(lex.units)}))\s*[)）]$"),
        "year": regex.compile(r"((?:19|20)[0-9]{2})"),
        "value": regex.compile(
            rf"[〔\[]\s*{number}(?:\s*{ranges}\s*{number})?\s*[〕\]]"  # [13.5], 〔18〕, 〔25—27〕: cumulative
            rf"|(?:[≥≤><=]\s*)?{number}(?:\s*{ranges}\s*{number})?(?:\s*{qualifiers})?"
            rf"(?:(?:{alternation(lex.scales)})?(?:{alternation(lex.units)}))?"  # a cell's own unit: ≥ 10万元
        ),
        # an empty cell: a dash not between digits; before a digit only where glued to a cell (-90以上 in a
        # row run together), since after a separator it is a sign (-8%)
        "dash": regex.compile(r"(?<![0-9\s\t])[-—–](?=[0-9])|(?<![0-9])[-—–](?![0-9])"),
        "attr": regex.compile(alternation(lex.binding)),
        "units": regex.compile(rf"(?:[(（]\s*)?((?:{alternation(lex.scales)})?\s*(?:{cell_units})"
                               rf"(?:\s*/\s*(?:{alternation(lex.scales)})?\s*(?:{alternation(lex.units)}))?)"
                               r"\s*(?:[)）])?\s*$"),
        "row_number": regex.compile(r"^\s*(?:[0-9]{1,2}[.、]?|[⑴-⒇①-⑳])\s*"),
        "prose": regex.compile(r"\p{Han}[。;；]"),
        "own_unit": regex.compile(rf"^((?:{alternation(lex.scales)})?(?:{alternation(lex.units)}))"),
        "owner_end": regex.compile(rf"^.{{1,12}}?(?:{alternation(lex.issuer_suffixes)})"),
        "note": regex.compile(rf"^(?:{alternation(lex.markers('note'))})"),
        "heading": regex.compile(rf"^[{heading_numeral}]+、"),
        "no_number": regex.compile(alternation(lex.no_number_cells)),
        "cell": regex.compile(
            rf"^([≥≤><=])?\s*[〔\[]?\s*([0-9]+(?:[.。][0-9]+)?)(?:\s*{ranges}\s*([0-9]+(?:[.。][0-9]+)?))?"
            r"\s*[〕\]]?\s*(.*)$"
        ),
        "inner_unit": regex.compile(rf"[(（]\s*((?:{alternation(lex.scales)})?\s*(?:{alternation(lex.units)}))\s*[)）]"),
        "binding_after": regex.compile(rf"\s*[(（\[]?\s*({alternation(lex.binding)})"),
    }


def table_patterns(lex: Lexicon) -> None:
    """Compile the table rules of ``lex`` now (cached), so that the first table met costs no compile."""
    _patterns(lex)


def _year_of(head: str, lex: Lexicon) -> int | None:
    m = _patterns(lex)["year"].search(head)
    if m:
        return int(m.group(1))
    for name, (_, last) in lex.five_year_plans.items():
        if name in head:
            return last
    return None


def find_tables(norm: str, lex: Lexicon) -> list[Table]:
    """Every indicator table of a text: a header of column heads close together naming an indicator column
    and at least one column of values (a year, 目标, 现状, 年均, 累计); the body runs to the first line of prose.
    A caption above the header (…主要指标) is never a column, a head may be broken over two lines, and a
    second header row of years (（2025年） | （2030年）) dates the value heads above it."""
    heads = _heads_near_indicators(norm, lex)
    out: list[Table] = []
    i = 0
    while i < len(heads):
        group = [heads[i]]
        j = i + 1
        while j < len(heads) and _gap_is_separator(norm[group[-1].end():heads[j].start()]) and \
                heads[j].start() - group[0].start() <= HEADER_SPAN:
            group.append(heads[j])
            j += 1
        while len(group) > HEADER_MIN and _glued_to_words(norm, group[0].start()) and \
                _is_header(norm, group[1:], lex):
            group = group[1:]  # a caption's last word (…主要指标): the caption is never a column
        if _is_header(norm, group, lex):
            start, header_end = group[0].start(), group[-1].end()
            if out and start < out[-1].end:
                i = j
                continue
            columns = _header_columns(group, lex)
            out.append(Table(start, header_end, _body_end(norm, header_end, lex), tuple(columns)))
        i = j
    return out


def _is_header(norm: str, group: list[regex.Match[str]], lex: Lexicon) -> bool:
    columns = _header_columns(group, lex)
    roles = [c.role for c in columns]
    values = [k for k, r in enumerate(roles) if r in VALUE_ROLES]
    return ("indicator" in roles and bool(values) and len(group) >= HEADER_MIN
            and not _PROSE_IN_HEADER.search(norm[group[0].start():group[-1].end()])
            and roles.index("indicator") < max(values))


def _glued_to_words(norm: str, pos: int) -> bool:
    """Whether a head is written straight after words (a caption's end: 主要指标), not after a separator."""
    return pos > 0 and is_han(norm[pos - 1])


def _header_columns(group: list[regex.Match[str]], lex: Lexicon) -> list[Column]:
    """The columns a header's heads name: a head spanning value columns (指标值) is dropped, and years
    standing alone after value heads that have none (现状 | 近期规划 | （2025年） | （2030年）: a second header
    row) date those heads in order; then year columns get their role from their year."""
    columns = [_column(m.group(), lex) for m in group]
    columns = [c for c in columns if c.role != "group"]
    undated = [k for k, c in enumerate(columns) if c.role in VALUE_ROLES and c.year is None]
    years = [k for k, c in enumerate(columns) if c.role == "year" and c.head.strip("()（）").endswith(lex.markers("year"))]
    if undated and years and len(years) == len(undated) and min(years) > max(undated):
        for k, y in zip(undated, years, strict=True):
            columns[k] = Column(columns[k].head + columns[y].head, columns[k].role, columns[y].year, columns[k].unit)
        columns = [c for k, c in enumerate(columns) if k not in set(years)]
    return _years_to_roles(columns)


def _heads_near_indicators(norm: str, lex: Lexicon) -> list[regex.Match[str]]:
    """Column heads, looked for only around the words that name an indicator column (a header has one):
    a text without 指标 costs one scan, not the full head rule over every character."""
    pat = _patterns(lex)["head"]
    windows: list[tuple[int, int]] = []
    for m in lex.table_head_re.finditer(norm):
        a, b = max(0, m.start() - HEADER_SPAN), min(len(norm), m.end() + HEADER_SPAN)
        if windows and a <= windows[-1][1]:
            windows[-1] = (windows[-1][0], b)
        else:
            windows.append((a, b))
    heads: list[regex.Match[str]] = []
    for a, b in windows:
        heads += [m for m in pat.finditer(norm, a, b) if not heads or m.start() >= heads[-1].end()]
    return heads


def _gap_is_separator(gap: str) -> bool:
    """Between two column heads: separators, a footnote digit or scraping junk, never words or prose."""
    return len(gap) <= 40 and not _WORDS.search(gap)


def _column(head: str, lex: Lexicon) -> Column:
    """One head's column: its role from its word (``table_columns.tsv``), else ``year`` where it is only a
    year or plan period (its role follows from the other years), ``change`` for 2015年比2010年增长."""
    compact = re.sub(r"\s+", "", head)
    pat = _patterns(lex)
    unit_m = pat["head_unit"].search(compact)
    unit = unit_m.group(1) if unit_m else ""
    word = compact[:unit_m.start()] if unit_m else compact
    year = _year_of(word, lex)
    if pat["change_head"].fullmatch(word):
        return Column(compact, "change", year, unit)
    role = lex.table_columns.get(word)
    if role is None:
        role = next((lex.table_columns[w] for w in sorted(lex.table_columns, key=len, reverse=True)
                     if word.endswith(w) and lex.table_columns[w] in VALUE_ROLES), None)
    if role is None or (year is not None and role == "target"):
        return Column(compact, "year" if year is not None else "other", year, unit)
    return Column(compact, role, year, unit)


def _years_to_roles(columns: list[Column]) -> list[Column]:
    """Year columns: the last year is the target, earlier ones base years (2015年 | 2020年)."""
    years = [c.year for c in columns if c.role in ("year", "base", "target") and c.year is not None]
    last = max(years) if years else None
    out = []
    for c in columns:
        if c.role == "year":
            c = Column(c.head, "target" if c.year == last else "base", c.year, c.unit)
        out.append(c)
    return out


def _body_end(norm: str, header_end: int, lex: Lexicon) -> int:
    """Where a table's body ends: a line of prose (a sentence end in a long line), a note (注), a numbered
    heading (三、), or the end of the text."""
    pos = norm.find("\n", header_end)
    if pos < 0:
        return len(norm)
    line_end = pos
    first = norm[header_end:line_end]
    if len(first) > ROW_MAX:  # a table run together on one line: it ends with its line (or at its notes)
        notes = [first.find(w + ":") for w in lex.markers("note") if w + ":" in first]
        return header_end + min(notes) if notes else line_end
    pat = _patterns(lex)
    while pos < len(norm):
        nxt = norm.find("\n", pos + 1)
        nxt = len(norm) if nxt < 0 else nxt
        line = norm[pos + 1:nxt].strip()
        if pat["note"].match(line) or pat["heading"].match(line) or (
                _is_prose(line, pat) and not _rows_continue(norm, nxt, pat)):
            return pos
        pos = nxt
    return len(norm)


def _is_prose(line: str, pat: dict[str, regex.Pattern[str]]) -> bool:
    return len(line) > 40 and len(_HAN_CHARS.findall(line)) >= PROSE_HAN and pat["prose"].search(line) is not None


def _rows_continue(norm: str, pos: int, pat: dict[str, regex.Pattern[str]]) -> bool:
    """After a line that reads as prose: whether the table's rows go on (a cell written as a sentence, as
    in 至2026年底，全面启动…；2027年全面完成…): the next lines are short cells and one of them a bare figure
    or row number, not a paragraph."""
    lines: list[str] = []
    while pos < len(norm) and len(lines) < ROW_LOOKAHEAD:
        nxt = norm.find("\n", pos + 1)
        nxt = len(norm) if nxt < 0 else nxt
        line = norm[pos + 1:nxt].strip()
        if line:
            lines.append(line)
        pos = nxt
    if not lines or _is_prose(lines[0], pat) or pat["heading"].match(lines[0]):
        return False
    return any(pat["cell"].fullmatch(x) and not pat["cell"].fullmatch(x).group(4) for x in lines)


def _tokens(norm: str, table: Table, lex: Lexicon) -> list[_Token]:
    """The body as a stream of cells: values, dashes, 属性 words and text between them (cut at tabs, line
    breaks and runs of two or more spaces). A digit glued between two Han characters is a footnote mark."""
    pat = _patterns(lex)
    body = _mask_junk(norm[table.header_end:table.end])
    spans: list[tuple[str, int, int]] = []
    for kind in ("value", "attr", "dash"):
        spans += [(kind, m.start(), m.end()) for m in pat[kind].finditer(body)]
    spans.sort(key=lambda s: (s[1], -s[2]))
    kept: list[tuple[str, int, int]] = []
    for kind, a, b in spans:
        if kept and a < kept[-1][2]:
            continue
        if kind == "value" and (_inside_name(body, a, b, lex) or _footnote_mark(body, a, b, kept)):
            continue
        kept.append((kind, a, b))
    out: list[_Token] = []
    pos = 0
    base = table.header_end
    for kind, a, b in kept:
        out += _text_tokens(body, pos, a, base, pat)
        out.append(_Token(kind, base + a, base + b, body[a:b]))
        pos = b
    out += _text_tokens(body, pos, len(body), base, pat)
    return out


def _mask_junk(body: str) -> str:
    """Anti-scraping junk between a scraped table's cells (``T! j8 T8 i2 K& _( z``: runs of short ASCII
    groups with letters or symbols) as spaces, so that its digits are never read as cells."""
    def blank(m: regex.Match[str]) -> str:
        groups = m.group().split()
        odd = sum(1 for g in groups if _JUNK_MARK.search(g))
        return " " * len(m.group()) if odd >= JUNK_GROUPS else m.group()

    body = _MD_RULE.sub(lambda m: " " * len(m.group()), body) if "---" in body else body
    return _JUNK_RUN.sub(blank, body) if _JUNK_MARK.search(body) else body


def _inside_name(body: str, a: int, b: int, lex: Lexicon) -> bool:
    """A number that is part of a name, a text cell or a footnote: glued to the Han characters before it
    (城市2空气, 增速3个百分点), after a Latin letter (PM2.5), in brackets, or followed by 年 (2010年不变价)."""
    before = body[a - 1] if a else ""
    after = body[b] if b < len(body) else ""
    if body[b:b + 3].lstrip().startswith(lex.markers("year")) or (before.isascii() and before.isalpha()) or (
            before in "(（" and after in ")）"):
        return True
    if is_han(before) and body[a] not in "≥≤><=〔[":
        # glued to the words before it: a text cell (高于全区增速3个百分点以上) or a footnote (有机物5--), unless
        # a space and a name follow (省统计局3 服务业: the next row's number)
        cell = body[a:b]
        if cell.isdigit() and _SPACE_NAME.match(body[b:b + 3]):
            return False  # 省统计局3 服务业: the next row's number
        # 状况指数60.4＞60.4: a base cell run into the name, another cell right after it
        return not (len(cell) > 1 and _DIGITS.fullmatch(cell) and after in "≥≤><=〔[-—")
    return False


def _footnote_mark(body: str, a: int, b: int, kept: list[tuple[str, int, int]]) -> bool:
    """A bracketed digit glued to the 属性 word before it (预期性[1]): a footnote's mark, not a cell."""
    return body[a] in "[〔" and bool(kept) and kept[-1][0] == "attr" and kept[-1][2] == a


def _text_tokens(body: str, a: int, b: int, base: int, pat: dict[str, regex.Pattern[str]]) -> list[_Token]:
    out = []
    for m in _CELL_TEXT.finditer(body[a:b]):
        piece = m.group()
        if not piece.strip() or _SEPARATORS.fullmatch(piece):
            continue
        if _DASHES.fullmatch(piece):  # --: empty cells, one per dash
            for d in _DASH.finditer(piece):
                out.append(_Token("dash", base + a + m.start() + d.start(), base + a + m.start() + d.end(), d.group()))
            continue
        out.append(_Token("text", base + a + m.start(), base + a + m.end(), piece))
    return out


def table_cells(norm: str, text: str, table: Table, lex: Lexicon) -> list[Cell]:
    """The target cells of a table (SPEC §5): one per cell of a target-year, 年均 or 累计 column that states
    a number; base-year cells and cells without a number give none."""
    return _read_rows(norm, text, table, lex).cells


def _read_rows(norm: str, text: str, table: Table, lex: Lexicon) -> _Rows:
    reader = _Rows(norm, text, table, lex)
    for tok in _tokens(norm, table, lex):
        reader.feed(tok)
    reader.close()
    return reader


class _Rows:
    """Reads a table's cell stream row by row, following the header's order of columns: a row is its name
    (text, a unit cell after it), as many value cells as the table has value columns, its 属性 word
    (before or after the values, as the header has it) and an owner cell where the header has one."""

    def __init__(self, norm: str, text: str, table: Table, lex: Lexicon) -> None:
        self.norm, self.text, self.table, self.lex = norm, text, table, lex
        roles = [c.role for c in table.columns]
        self.k = max(1, len(table.value_columns))
        first_value = min(i for i, r in enumerate(roles) if r in VALUE_ROLES)
        self.attr_first = "attribute" in roles and roles.index("attribute") < first_value
        self.attr_last = "attribute" in roles and roles.index("attribute") > first_value
        self.owner_last = "owner" in roles and roles.index("owner") > first_value
        self.numbered = "number" in roles
        # numbers come before names: once a row's name is open, a number alone on its line is a value (the
        # next row's own number, one more than the last, is still read as one)
        self.number_first = self.numbered and "indicator" in roles and roles.index("number") < roles.index("indicator")
        self.unit_column = "unit" in roles
        self.unit_last = self.unit_column and roles.index("unit") > first_value
        self.group_unit = ""  # a unit written in a group's name (5.主要污染物排放总量减少(%)化学需氧量), for its rows
        self.cells: list[Cell] = []
        self.covered: list[tuple[int, int]] = []  # every value cell's span, base years included, and names
        self.group: str | None = None  # a 约束性 / 预期性 heading over the rows below it
        self.last_number = 0  # the last row number seen
        self.last_binding: str | None = None  # the 属性 of the row above
        self._reset()

    def _reset(self) -> None:
        self.name: list[_Token] = []
        self.values: list[_Token] = []
        self.unit = ""
        self.binding: str | None = None
        self.owner_pending = False

    def _complete(self) -> bool:
        return len(self.values) >= self.k

    def close(self) -> None:
        if self.name and self.values:
            row = (self.name[0].start, self.values[-1].end)
            raw = _clean_name("".join(t.text for t in self.name)[-ROW_MAX:], self.lex)
            opened = max(raw.rfind("("), raw.rfind("（"))
            if opened >= 0 and ")" not in raw[opened:] and "）" not in raw[opened:]:
                raw = raw[opened + 1:]  # 翻一番(全省人均GDP ≥ 10万元): the figure in brackets names its own
            # a unit glued to the name stands for the unit cell (PDF lines: 受教育年限年); where the row has its unit
            # cell, the name's last word is its own (强度 ends in 度)
            indicator, unit, inner = _split_unit(raw, self.lex, bare=self.unit_column and not self.unit)
            if inner:
                self.group_unit = inner
            unit = self.unit or unit or inner
            values = self.values
            while len(values) > self.k and _footnote(values[0], self.name[-1]):
                values = values[1:]  # 挥发性有机物5--〔10〕: a footnote mark glued to the name
            if self.binding is None and self.attr_last:
                self.binding = self.last_binding  # a 属性 cell merged over several rows
            self.last_binding = self.binding
            self.cells += _row_cells(self.norm, self.text, indicator, values, unit, self.group_unit,
                                     self.table.value_columns, self.binding or self.group, row, self.lex)
        self._reset()

    def _after_values(self) -> None:
        """All value cells are in: the row ends now unless a 属性 or owner cell is still to come."""
        if (self.attr_last and self.binding is None) or (self.unit_last and not self.unit):
            return
        if self.owner_last:
            self.owner_pending = True
            return
        self.close()

    def feed(self, tok: _Token) -> None:
        if tok.kind == "attr":
            word = self.lex.binding[tok.text]
            if not self.name and not self.values:
                self.group = word  # a group heading: the rows below it
                return
            self.binding = word
            if self._complete():
                self._after_values()  # the row ends here unless its unit cell is still to come
            elif self.attr_last and self.values:
                self.close()  # 属性 is the row's last cell; missing value cells are fitted or left empty
            return
        if tok.kind == "value":
            tok = self._cut_row_number(tok)
        if tok.kind in ("value", "dash"):
            self.covered.append((tok.start, tok.end))
        if tok.kind == "value" and tok.text == str(self.last_number + 1) and not self.values and self._name_follows(tok):
            self.last_number += 1  # the next row's number (1, 2, 3 …): a row starts
            self.close()
            return
        row_open = bool(self.name) and not self._complete() and not self.owner_pending
        if tok.kind == "value" and _is_row_number(tok.text) and not (row_open and (self.binding or self.values)) and (
                not self.name or (self.numbered and self._alone_on_line(tok) and not self.number_first)
                or self.owner_pending):
            if tok.text.isdigit():
                self.last_number = int(tok.text)
            self.close()  # a row's number starts the next row
            return
        if tok.kind in ("value", "dash"):
            if not self.name or self._complete():
                if self._complete():
                    self.close()
                return
            self.values.append(tok)
            if self._complete():
                self._after_values()
            return
        self._text(tok)

    def _text(self, tok: _Token) -> None:
        if self.owner_pending:  # the owner or source cell ends the row; what follows it starts the next
            self.close()
            m = _patterns(self.lex)["owner_end"].match(tok.text)
            if m is None or m.end() >= len(tok.text.rstrip()):
                return
            tok = _Token("text", tok.start + m.end(), tok.end, tok.text[m.end():])
        unit = _unit_only(tok.text, self.lex) if self.unit_column else None
        if self.name and unit is not None and not self.unit and not self.values:
            self.unit = unit  # the unit cell, before or after a 属性 cell
            return
        # a value column's cell that states no number (完成市下达目标), or any text after a 属性 cell written
        # before the values: it holds its column's place
        if not self._complete() and ((self.values and self._no_number(tok.text))
                                     or (self.name and self.attr_first and self.binding)):
            self.values.append(_Token("dash", tok.start, tok.end, tok.text))
            if self._complete():
                self._after_values()
            return
        if self.values and self._complete() and self.unit_last and unit is not None and not self.unit:
            self.unit = unit  # a unit column after the values
            self._after_values()
            return
        if self.values:
            self.close()
        if self.name and unit is not None and not self.unit:
            self.unit = unit
            return
        if not self.covered or self.covered[-1][1] != tok.start:  # words glued to a figure are its cell's
            self.covered.append((tok.start, tok.end))  # a figure inside a row's name (轨交站点600米用地覆盖率)
        self.name.append(tok)

    def _cut_row_number(self, tok: _Token) -> _Token:
        """≥9818 where row 17 came last: the cell ≥98 and row number 18 ran together."""
        nxt = str(self.last_number + 1)
        if (self.last_number and tok.text.endswith(nxt) and len(tok.text) > len(nxt) and tok.text[-len(nxt) - 1].isdigit()
                and self._name_follows(tok, space=True)):
            self.last_number += 1
            cut = tok.end - len(nxt)
            self.values.append(_Token("value", tok.start, cut, tok.text[:-len(nxt)]))
            self.covered.append((tok.start, cut))
            self.close()
            return _Token("dash", cut, tok.end, nxt)  # the number itself starts the next row
        return tok

    def _name_follows(self, tok: _Token, space: bool = False) -> bool:
        """Whether a row's name (Han text, not a 属性 word) follows the token, after a space if ``space``."""
        m = (_SPACES if space else _OPT_SPACES).match(self.norm, tok.end)
        pos = m.end() if m else tok.end
        if pos >= self.table.end:
            return False  # past the table: a heading (二、重点任务), not a row's name
        return (not space or m is not None and m.end() > tok.end) and is_han(self.norm[pos:pos + 1]) and \
            not self.norm.startswith(tuple(self.lex.binding), pos)

    def _no_number(self, s: str) -> bool:
        """A cell that states no number (完成市下达目标, 与全市保持同步): it holds a value column's place."""
        return len(s) <= 30 and _patterns(self.lex)["no_number"].search(s) is not None

    def _alone_on_line(self, tok: _Token) -> bool:
        a = self.norm.rfind("\n", 0, tok.start) + 1
        b = self.norm.find("\n", tok.end)
        return self.norm[a:b if b >= 0 else len(self.norm)].strip() == tok.text.strip()


def _is_row_number(s: str) -> bool:
    return s.isdigit() and len(s) <= 2


def _unit_only(s: str, lex: Lexicon) -> str | None:
    """The unit if a text cell is nothing but a unit (``%``, ``万元/人``, ``家``), else None."""
    t = s.strip().strip("()（）").strip()
    if not t:
        return None
    m = _patterns(lex)["units"].fullmatch(t)
    return re.sub(r"\s+", "", m.group(1)) if m else None


def _split_unit(name: str, lex: Lexicon, bare: bool = False) -> tuple[str, str, str]:
    """A row name, its unit, and a unit written inside it: 地区生产总值增长(%) -> (地区生产总值增长, %, "");
    with ``bare`` (the table has a unit column, glued to the name) also 比重% -> (比重, %, "");
    主要污染物排放总量减少(%)化学需氧量 -> (主要污染物排放总量减少化学需氧量, "", %)."""
    pat = _patterns(lex)
    m = pat["units"].search(name)
    if m and m.start() > 0 and (bare or m.group().lstrip()[:1] in "(（" or m.group(1) in ("%", "‰")):
        return name[:m.start()].rstrip(), re.sub(r"\s+", "", m.group(1)), ""
    inner = pat["inner_unit"].search(name)
    if inner:
        return name[:inner.start()] + name[inner.end():], "", re.sub(r"\s+", "", inner.group(1))
    return name, "", ""


def _clean_name(name: str, lex: Lexicon) -> str:
    name = re.sub(r"\s+", "", name)
    name = _patterns(lex)["row_number"].sub("", name)
    name = re.sub(r"^(?:[0-9]+[.、])?", "", name)
    name = re.sub(r"(?<=[\u4e00-\u9fff])[0-9](?=[\u4e00-\u9fff]|$)", "", name)  # footnote marks: 城市2空气
    return name.strip("|,、 ")


def _footnote(tok: _Token, name_end: _Token) -> bool:
    return tok.kind == "value" and len(tok.text) == 1 and tok.text.isdigit() and tok.start == name_end.end


def _row_cells(norm: str, text: str, indicator: str, vals: list[_Token], unit: str, group_unit: str,
               columns: tuple[Column, ...], binding: str | None, row: tuple[int, int], lex: Lexicon) -> list[Cell]:
    indicator = _GROUP_LABEL.sub("", indicator) or indicator  # a group label: 1.空气质量
    out = []
    for tok, col in zip(_fit(vals, len(columns)), columns, strict=False):
        if tok.kind != "value" or col.role == "base":
            continue
        q = _cell_quantity(norm[tok.start:tok.end], text[tok.start:tok.end], unit or col.unit, group_unit, indicator, lex)
        if q is not None:
            out.append(Cell(tok.start, tok.end, q, indicator, row, col.role, col.year, binding))
    return out


def _fit(vals: list[_Token], k: int) -> list[_Token]:
    """Make a row's value cells as many as its value columns: where digits of two cells ran together
    (15.7415左右, 21.6623.04, 151165), split the longest run where its two parts are closest in size."""
    vals = list(vals)
    split: set[int] = set()  # a cell is cut at most once
    while len(vals) < k:
        best = None
        for n, t in enumerate(vals):
            if t.kind != "value" or t.start in split:
                continue
            for cut in range(1, len(t.text)):
                left, right = t.text[:cut], t.text[cut:]
                a, b = _plain(left), _plain(_TRAILING.sub("", right))
                if a is None or b is None or a == 0 or b == 0 or right.startswith("."):
                    continue
                score = abs(float(a) - float(b)) / max(float(a), float(b))
                if score <= SPLIT_MAX and (best is None or score < best[0]):
                    best = (score, n, cut)
        if best is None:
            break
        _, n, cut = best
        t = vals[n]
        vals[n:n + 1] = [_Token("value", t.start, t.start + cut, t.text[:cut]),
                         _Token("value", t.start + cut, t.end, t.text[cut:])]
        split |= {t.start, t.start + cut}
    return vals


def _plain(s: str) -> Decimal | None:
    if not _PLAIN.fullmatch(s):
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _cell_quantity(cell: str, written: str, unit: str, group_unit: str, indicator: str,
                   lex: Lexicon) -> Quantity | None:
    m = _patterns(lex)["cell"].match(cell.strip())
    if not m:
        return None
    sym, lo, hi, rest = m.group(1), m.group(2).replace("。", "."), m.group(3), m.group(4).strip()
    own = _patterns(lex)["own_unit"].match(rest)
    if own:  # a unit written in the cell (≥ 10万元, 9.5%) is the cell's
        unit, rest = re.sub(r"\s+", "", own.group(1)), rest[own.end():].strip()
    scale, base_unit, dimension = _scaled_unit(unit, group_unit, indicator, lex)
    low = Decimal(lo) * scale
    qual = lex.qualifiers.get(rest)
    if hi:
        high = Decimal(hi.replace("。", ".")) * scale
        return Quantity(written, float(low), float(high), True, True, False, base_unit, dimension)
    v = float(low)
    if sym in (">",) or (qual and qual.bound == "lower" and qual.inclusive is False):
        return Quantity(written, v, NAN, False, None, False, base_unit, dimension)
    if sym == "≥" or (qual and qual.bound == "lower"):
        return Quantity(written, v, NAN, True, None, False, base_unit, dimension)
    if sym == "<" or (qual and qual.bound == "upper" and qual.inclusive is False):
        return Quantity(written, NAN, v, None, False, False, base_unit, dimension)
    if sym == "≤" or (qual and qual.bound == "upper"):
        return Quantity(written, NAN, v, None, True, False, base_unit, dimension)
    approx = bool(qual and qual.approx)
    return Quantity(written, v, v, True, True, approx, base_unit, dimension)


def _scaled_unit(unit: str, group_unit: str, indicator: str, lex: Lexicon) -> tuple[Decimal, str, str]:
    """Scale and unit of a cell from its row's unit (万元/人 -> 10^4, 元/人); without one, how the name ends
    (…指数, …比例: ``lexicons/table_name_units.tsv``; …批次), else the unit its group's name gave, else a
    count (个)."""
    if not unit and group_unit and not any(indicator.endswith(x) for x in lex.table_name_units):
        unit = group_unit
    if not unit:
        bare = _SCOPE_BRACKET.sub("", indicator)  # 城市生物多样性指数（鸟类）: the name ends before its scope
        for suffix, named in lex.table_name_units.items():
            if bare.endswith(suffix):
                known = lex.units.get(named)
                return Decimal(1), named, known.dimension if known else "other"
        for word in sorted(lex.units, key=len, reverse=True):
            if indicator.endswith(word) and len(word) >= 2:
                return Decimal(1), lex.units[word].unit, lex.units[word].dimension
        count = lex.marker("count_unit")
        return Decimal(1), count, lex.units[count].dimension
    head, _, per = unit.partition("/")
    scale = Decimal(1)
    for s in sorted(lex.scales, key=len, reverse=True):
        if head not in lex.units and head.startswith(s) and head[len(s):] in lex.units:  # 千米 is a unit
            scale, head = lex.scales[s], head[len(s):]
            break
    u = lex.units.get(head) or lex.table_units.get(head)
    name = (u.unit if u else head) + (f"/{per}" if per else "")
    return scale, name, u.dimension if u else "other"


def cells_by_table(norm: str, text: str, lex: Lexicon) -> tuple[list[Table], list[Cell], list[tuple[int, int]]]:
    """Every table of a text, every target cell in them (text order), and the spans of all their value
    cells (base years too), which prose rules leave to the table."""
    tables = find_tables(norm, lex)
    cells: list[Cell] = []
    covered: list[tuple[int, int]] = []
    for t in tables:
        rows = _read_rows(norm, text, t, lex)
        cells += rows.cells
        covered += rows.covered
    return tables, cells, sorted(covered)


def binding_after(norm: str, end: int, lex: Lexicon) -> str | None:
    """A 约束性 / 预期性 mark right after a figure in prose (…下降13.5%(约束性指标)), else None."""
    if norm[end:end + 1] not in _BINDING_OPENERS and not norm.startswith(tuple(lex.binding), end):  # most
        return None
    m = _patterns(lex)["binding_after"].match(norm, end)
    return lex.binding[m.group(1)] if m else None
