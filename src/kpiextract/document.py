"""Document-level context: plan year, sections (review or plan) and owner tags, as offset tables."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

import regex

from .lexicon import Lexicon, alternation, words_of
from .outline import Outline, build_outline, short_line

BINDING_COUNT_BACK = 8  # characters before 约束性 searched for its count and measure word (3项)
_NEWLINE = re.compile("\n")
ROW_OWNER_MAX = 30  # characters: a responsible unit written at a row's end is no longer


@dataclass(frozen=True)
class Section:
    """What governs a stretch of the document: the innermost heading over it, with the kind and due year
    it has or inherits (:class:`~kpiextract.outline.Frame`)."""

    start: int  # where the heading's text starts
    title: str  # the heading, normalized
    kind: str  # "review" or "plan"
    year: int | None


@dataclass(frozen=True)
class OwnerTag:
    """A responsibility label such as ``(责任科室:科技管理科)``."""

    start: int
    end: int
    owner_start: int  # where the unit's name stands, so it can be given as written
    owner_end: int


@dataclass(frozen=True)
class GroupOwner:
    """A line naming the responsible unit of the items above it (4项目标的责任单位均为市发展改革委): the
    items run from ``first`` to ``last``, where the owner line starts."""

    first: int
    last: int
    owner_start: int
    owner_end: int


@dataclass(frozen=True)
class BindingGroup:
    """The items after a count of the document's hard or soft targets (主要包括3项约束性政府目标)."""

    first: int
    last: int
    binding: str


@dataclass(frozen=True)
class DocumentContext:
    """What a whole document says about every quantity in it."""

    plan_year: int | None
    region: str | None
    sections: tuple[Section, ...]
    section_starts: tuple[int, ...]
    line_starts: tuple[int, ...]
    owners: tuple[OwnerTag, ...]
    owner_starts: tuple[int, ...]
    #: The year a target is due where nothing nearer says: the plan year, or the last year of a five-year
    #: plan the title names without a year of its own ("十四五"江苏将实现人均体育场地面积3.6平方米: 2025).
    due_year: int | None = None
    group_owners: tuple[GroupOwner, ...] = ()
    binding_groups: tuple[BindingGroup, ...] = ()
    outline: Outline | None = None

    def binding_at(self, pos: int) -> str | None:
        """The binding a count heading the items at ``pos`` gives them, if any."""
        for g in self.binding_groups:  # few, and none in most documents
            if g.first <= pos < g.last:
                return g.binding
        return None

    def on_owner_line(self, pos: int) -> bool:
        """Whether ``pos`` stands on a line naming the unit of the items above (以上2项由市商务局负责)."""
        return any(g.last <= pos < g.owner_start for g in self.group_owners)  # its count (以上2项) is no target

    def section_at(self, pos: int) -> Section | None:
        i = bisect.bisect_right(self.section_starts, pos) - 1
        return self.sections[i] if i >= 0 else None

    def line_span(self, pos: int, length: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.line_starts, pos) - 1
        start = self.line_starts[i]
        end = self.line_starts[i + 1] - 1 if i + 1 < len(self.line_starts) else length
        return start, end


@functools.cache
def year_re(lex: Lexicon) -> regex.Pattern[str]:
    """A written year: ``2027年``."""
    return regex.compile(rf"(?<![0-9])((?:19|20)[0-9]{{2}}) ?{alternation(lex.markers('year'))}")


def find_plan_year(norm: str, lex: Lexicon, head: int = 3000) -> int | None:
    """The plan year, read from the top of the document.

    The latest year of the first title line (a short line naming a kind of document: 2017年科技工作要点,
    关于2019年计划执行情况与2020年计划草案的报告); else, from the years not on metadata lines (发布时间:
    dates the page, not the plan), the year a plan's 开局之年 / 收官之年 names (今年是“十五五”开局之年), else
    the later of the first two when they are consecutive (a report of a meeting that 总结2018年工作,部署2019年
    工作), else the first; else the first ``NNNN年`` at all (a 发布时间 line)."""
    top = norm[: min(len(norm), head)]
    years = year_re(lex)
    kinds, labels = _kind_re(lex), _label_re(lex)
    plain: list[int] = []
    for line in top.splitlines():
        found = [int(y) for y in years.findall(line)]
        if not found or labels.search(line):
            continue
        if _is_heading(line, lex) and kinds.search(line):  # a title: short, no sentence end
            return _review_then_plan(found)
        plain += [y for y in found if y not in plain]
    named = _plan_year_named(top, lex)
    if named is not None:
        return named  # 今年是“十五五”开局之年: 2026, where no title writes the year
    if plain:
        return _review_then_plan(plain[:2])
    m = years.search(top)
    if m:
        return int(m.group(1))
    return _dateline_year(norm, lex)


DATELINE_TAIL = 400  # characters at a document's end where its dateline (2019年3月1日 under the issuer) stands


@functools.cache
def _date_res(lex: Lexicon) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    year_word = alternation(lex.markers("year"))
    month_word = alternation(lex.markers("month"))
    labelled = regex.compile(rf"{alternation(w for w, f in lex.metadata_labels.items() if f == 'date')}\s*:\s*"
                             r"((?:19|20)[0-9]{2})[-/.][0-9]{1,2}")
    dateline = regex.compile(rf"(?m)^[ \t\u3000]*((?:19|20)[0-9]{{2}})\s*{year_word}\s*[0-9]{{1,2}}\s*{month_word}"
                             r"[^\n]{0,4}$")
    return labelled, dateline


def _dateline_year(norm: str, lex: Lexicon) -> int | None:
    """Where the text writes no year in words: its date line (发布时间:2019-03-01) or the dateline at its
    end (2019年3月1日 on a line of its own)."""
    labelled, dateline = _date_res(lex)
    m = labelled.search(norm, 0, min(len(norm), 3000))
    if m:
        return int(m.group(1))
    m = dateline.search(norm, max(0, len(norm) - DATELINE_TAIL))
    return int(m.group(1)) if m else None


@functools.cache
def _plan_year_re(lex: Lexicon) -> regex.Pattern[str]:
    closers = regex.escape(lex.punct("quote_close"))
    words = alternation(w for w, k in lex.plan_periods.items() if k in ("first_year", "last_year"))
    this_year = alternation(w for w, v in lex.relative_years.items() if v == 0)
    stops = regex.escape(lex.punct("quote_close", "sentence_end", "clause_sep"))
    return regex.compile(rf"{this_year}[^{stops}\n]{{0,8}}?[{regex.escape(lex.punct('quote_open'))}]?"
                         rf"({alternation(lex.five_year_plans)})[{closers}]?(?:{lex.marker('attributive')})?({words})")


def _plan_year_named(top: str, lex: Lexicon) -> int | None:
    """The year a text calls this year a plan's first or last (今年是“十五五”开局之年 -> 2026, 收官之年 -> its
    last); 2025年是“十四五”收官之年 in a review dates that year, not the document."""
    m = _plan_year_re(lex).search(top)
    if m is None:
        return None
    first, last = lex.five_year_plans[m.group(1)]
    return first if lex.plan_periods[m.group(2)] == "first_year" else last


def _review_then_plan(years: list[int]) -> int:
    """The plan year among years named together: the later of a year and the next one (the year reviewed,
    then the year planned), else the first."""
    first = years[0]
    return first + 1 if first + 1 in years else first


@functools.cache
def _kind_re(lex: Lexicon) -> regex.Pattern[str]:
    return regex.compile(alternation(lex.document_kinds))


@functools.cache
def _label_re(lex: Lexicon) -> regex.Pattern[str]:
    return regex.compile(rf"{alternation(lex.metadata_labels)}\s*:")


@functools.cache
def _region_res(lex: Lexicon) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    province = regex.compile(alternation(lex.regions))
    city_word = alternation(lex.markers("city"))
    heads = alternation((*lex.issuer_suffixes, *lex.document_kinds))
    # a place does not start with a year's 年 (2021年青岛市) or a title's lead word (关于高邮市)
    leads = alternation((*lex.markers("year"), *lex.markers("title_lead")))
    city = regex.compile(rf"(?:(?<!\p{{Han}})|(?<={leads}))(?!{leads})(\p{{Han}}{{2,4}}?{city_word})"
                         rf"(?=[^\n]{{0,16}}?{heads})")
    return province, city


def find_region(norm: str, lex: Lexicon, head: int = 3000) -> str | None:
    """The region a document is about: the first province named near the top (2026年山东省政府工作报告) or
    city heading an issuing body or a title (威海市科学技术局, 南京市"十四五"科技创新规划), whichever comes
    first."""
    province, city = _region_res(lex)
    top = norm[: min(len(norm), head)]
    m, c = province.search(top), city.search(top)
    if m and (c is None or m.start() <= c.start()):  # whichever is named first
        return lex.regions[m.group()]
    return c.group(1) if c else None


OWNER_BACK = 36  # characters before a 牵头/负责 searched for the unit it is said of


@functools.cache
def _owner_res(lex: Lexicon) -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """The written forms of a responsible unit (SPEC §2 ``owner``): with a marker word (责任单位, 牵头单位 —
    rare, so searched for directly): (责任科室:科技管理科), 【牵头单位:市科技局】, 牵头单位:市科技局 or 责任单位为市科技局
    up to the end of its clause; and said of with 牵头/负责 (found first, then read back):
    (市科技局牵头,市财政局配合), 由市科技局(牵头)负责, ,市科技局牵头负责."""
    ends = regex.escape(lex.punct("sentence_end") + "\n")
    opens, closes = regex.escape(lex.punct("paren_open")), regex.escape(lex.punct("paren_close"))
    markers = alternation(lex.owner_markers)
    role = functools.partial(_role, lex.owner_lines)
    unit = rf"\p{{Han}}[^{opens}{closes}{ends},]{{0,30}}?{alternation(lex.issuer_suffixes)}"  # ends like an issuer
    marked = regex.compile(
        rf"[{opens}]\s*{markers}\s*(?:{role('is')})?\s*:?\s*(?P<a>[^{opens}{closes}]{{1,40}}?)\s*[{closes}]"
        rf"|{markers}\s*(?:{role('is')}|:)\s*:?\s*(?P<b>[^{opens}{closes}{ends},]{{1,40}})"
    )
    charge = regex.compile(role("charge"))
    said = regex.compile(  # ending where the charge word found ends (search with endpos)
        rf"(?:[{opens}]\s*(?P<c>{unit})|{role('by')}(?P<d>{unit})|,(?!{role('by')})(?P<e>{unit})){role('charge')}$"
    )
    return marked, charge, said


def _owner_tags(norm: str, lex: Lexicon) -> list[OwnerTag]:
    """Every owner tag of a text (:func:`_owner_res`), in text order."""
    marked, charge, said = _owner_res(lex)
    tags = [_owner_tag(m) for m in marked.finditer(norm)]
    closes, ends = lex.punct("paren_close"), lex.punct("sentence_end", "clause_sep") + "\n"
    last = -1
    for c in charge.finditer(norm):
        if c.start() < last:
            continue
        m = said.search(norm, max(0, c.start() - OWNER_BACK), c.end())
        if m is None:
            continue
        g = m.lastgroup or "c"
        rest = norm[c.end():c.end() + OWNER_BACK]
        if g == "c" and not any(ch in closes for ch in rest):
            continue  # (X牵头, … ) must close
        if g == "e" and rest[:1] and rest[:1] not in ends:
            continue  # ,X牵头负责 ends its clause
        last = c.end()
        tags.append(_owner_tag(m))
    return sorted(tags, key=lambda o: o.start)


@functools.cache
def _plan_name_re(lex: Lexicon) -> regex.Pattern[str]:
    return regex.compile(alternation(lex.five_year_plans))


_SUBHEADING = regex.compile(r"\s*(?:\([^()]{1,3}\)|[0-9]{1,2}[.、])")
_FIRST_ITEM = regex.compile(r"\s*(?:\(1\)|1[.、](?![0-9])|\u2460)")  # (1), 1., 1、 or ①: a numbered list begins


def _is_heading(line: str, lex: Lexicon) -> bool:
    """A short line with no sentence end, not a lead-in ending in a colon, not a sub-heading ((一), 1.)."""
    return short_line(line, lex) and not _SUBHEADING.match(line.strip())


def _top_level(line: str, lex: Lexicon) -> bool:
    """A numbered top-level heading: 二、…"""
    s = line.strip()
    i = 0
    while i < len(s) and (s[i] in lex.numerals or s[i] in lex.numeral_units):
        i += 1
    return 0 < i < len(s) and s[i] == "、"


def title_plan_end(norm: str, lex: Lexicon, head: int = 600) -> int | None:
    """The last year of the five-year plan a document's title names, where the title writes no year of its
    own: a text about "十二五"科技发展规划 sets targets for 2015. The title is the first short line."""
    for line in norm[: min(len(norm), head)].splitlines():
        if not line.strip():
            continue
        if not _is_heading(line, lex) or _top_level(line, lex) or year_re(lex).search(line):
            return None  # no title, a section heading (二、"十五五"时期主要目标任务), or a title with its year
        names = _plan_name_re(lex).findall(line)
        return lex.five_year_plans[names[-1]][1] if names else None
    return None


def analyze(norm: str, lex: Lexicon, plan_year: int | None = None, region: str | None = None) -> DocumentContext:
    """Scan a normalized document once for its plan year, sections and owner tags."""
    year = plan_year if plan_year is not None else find_plan_year(norm, lex)
    due = title_plan_end(norm, lex) or year
    line_starts = [0] + [m.end() for m in _NEWLINE.finditer(norm)]
    outline = build_outline(norm, lex, line_starts, year)
    sections = [Section(f.heading.start, f.heading.title, f.kind, f.year if f.year is not None else due)
                for f in outline.frames]
    groups = tuple(_group_owners(norm, lex, line_starts))
    tags = _owner_tags(norm, lex)
    tags += _row_owners(norm, lex)  # 增长8%以上. 财政局 (a task table's row)
    owners = tuple(sorted(tags, key=lambda o: o.start))
    groups = (*groups, *_owner_lines_below(norm, owners, line_starts))
    return DocumentContext(
        year, region if region is not None else find_region(norm, lex), tuple(sections),
        outline.frame_starts, tuple(line_starts), owners,
        tuple(o.start for o in owners), due, groups,
        tuple(_binding_groups(norm, lex, line_starts, {g.last for g in groups})), outline,
    )


@functools.cache
def _row_owner_res(lex: Lexicon) -> tuple[re.Pattern[str], regex.Pattern[str]]:
    ends = regex.escape(lex.punct("sentence_end"))
    return (re.compile(rf"{alternation(lex.issuer_suffixes)}[ \t]*$", re.M),
            regex.compile(rf"(?:[{ends}.]|\t)[ \t]{{0,3}}(\p{{Han}}[\p{{Han}}、,]{{0,24}}?)[ \t]*$"))


def _row_owners(norm: str, lex: Lexicon) -> list[OwnerTag]:
    """Responsible units written at the end of a line after its last sentence (…增长8%以上. 财政局) or in
    its last cell (a task table's 牵头单位 column: …100家<tab>市科技局): the owners of the line's targets.
    Lines are found by their ending (an issuer suffix), then read back to the sentence end or tab."""
    ending, unit = _row_owner_res(lex)
    out = []
    for m in ending.finditer(norm):
        lo = max(0, m.start() - ROW_OWNER_MAX)
        u = unit.search(norm, lo, m.end())
        if u and "\n" not in norm[u.start():m.end()]:
            a, b = u.span(1)
            out.append(OwnerTag(u.start(), m.end(), a, a + len(u.group(1).rstrip())))
    return out


def _owner_lines_below(norm: str, owners: tuple[OwnerTag, ...], line_starts: list[int]) -> list[GroupOwner]:
    """An owner tag standing alone on its line (牵头单位:市科技局 under an item) names the unit of the item
    on the non-blank line above it."""
    out = []
    for o in owners:
        row = bisect.bisect_right(line_starts, o.start) - 1
        end = line_starts[row + 1] - 1 if row + 1 < len(line_starts) else len(norm)
        if norm[line_starts[row]:o.start].strip() or norm[o.end:end].strip():
            continue  # the tag shares its line with an item: owner_for finds it there
        above = row - 1
        while above >= 0 and _blank(norm, line_starts, above):
            above -= 1
        if above >= 0:
            out.append(GroupOwner(line_starts[above], line_starts[row], o.owner_start, o.owner_end))
    return out


def _owner_tag(m: regex.Match[str]) -> OwnerTag:
    g = m.lastgroup or "a"
    a, b = m.span(g)
    value = m.group(g)
    a += len(value) - len(value.lstrip())
    b -= len(value) - len(value.rstrip())
    return OwnerTag(m.start(), m.end(), a, b)


def owner_for(ctx: DocumentContext, text: str, start: int, end: int, line: tuple[int, int]) -> str | None:
    """The responsible unit of a quantity, as written in ``text``: the next owner tag on its line, else
    the last one before it, else that of a line naming the unit of the items it stands in."""
    i = bisect.bisect_left(ctx.owner_starts, end)
    if i < len(ctx.owners) and ctx.owners[i].start < line[1]:
        return text[ctx.owners[i].owner_start:ctx.owners[i].owner_end]
    j = bisect.bisect_left(ctx.owner_starts, start) - 1
    if j >= 0 and ctx.owners[j].start >= line[0]:
        return text[ctx.owners[j].owner_start:ctx.owners[j].owner_end]
    for g in ctx.group_owners:  # few per document
        if g.first <= start < g.last:
            return text[g.owner_start:g.owner_end]
    return None


def _item_count(lex: Lexicon) -> str:
    """A small count of a document's items, in digits or numerals (4, 三), bounded so that a run of digits
    costs linear time."""
    numerals = "".join(c for c in (*lex.numerals, *lex.numeral_units) if len(c) == 1)
    return rf"(?<![0-9])[0-9]{{1,3}}|[{numerals}]{{1,4}}"


def _role(table: Mapping[str, str], name: str) -> str:
    return alternation(words_of(table, name))


def _blank(norm: str, line_starts: list[int], i: int) -> bool:
    """Whether line ``i`` holds nothing but spaces."""
    end = line_starts[i + 1] if i + 1 < len(line_starts) else len(norm)
    return not norm[line_starts[i]:end].strip()


@functools.cache
def _group_owner_re(lex: Lexicon) -> re.Pattern[str]:
    role = functools.partial(_role, lex.owner_lines)
    count = _item_count(lex)
    stops, ends = re.escape(lex.punct("sentence_end", "clause_sep")), re.escape(lex.punct("sentence_end"))
    unit, of = rf"[^{stops}\n]{{1,40}}?", alternation(lex.markers("attributive"))
    return re.compile(
        rf"^[ \t\u3000]*(?:(?P<this>{role('this')})|(?:{role('above')})?(?P<n>{count}))(?:{role('item')})?{of}?"
        rf"(?:{alternation(lex.owner_markers)}(?:{role('all')})?(?:{role('is')})(?P<unit>{unit})"
        rf"|(?:{role('all')})?(?:{role('by')})(?P<by>{unit})(?:{role('charge')}))[{ends}]?[ \t]*$",
        re.M,
    )


def _group_owners(norm: str, lex: Lexicon, line_starts: list[int]) -> list[GroupOwner]:
    """Lines that name the unit of the N items above them (该目标 … : one), as :class:`GroupOwner`."""
    from .numbers import parse_number

    out = []
    for m in _group_owner_re(lex).finditer(norm):
        try:
            n = 1 if m.group("this") else int(parse_number(m.group("n")))
        except ValueError:
            continue
        row = bisect.bisect_right(line_starts, m.start()) - 1
        first, k = row, 0
        while first > 0 and k < n:  # the n non-blank lines above
            first -= 1
            k += not _blank(norm, line_starts, first)
        g = "unit" if m.group("unit") is not None else "by"
        a, b = m.span(g)
        out.append(GroupOwner(line_starts[first], line_starts[row], a, b))
    return out


@functools.cache
def _binding_count_res(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The binding words (found first: they are rare), the count and measure word ending right before one,
    and the item noun a few characters after it (3项 | 约束性 | 政府目标)."""
    role = functools.partial(_role, lex.binding_counts)
    stops = re.escape(lex.punct("sentence_end", "clause_sep"))
    return (re.compile(alternation(lex.binding)), re.compile(rf"(?P<n>{_item_count(lex)})(?:{role('measure')})$"),
            re.compile(rf"[^{stops}\n]{{0,4}}?(?:{role('item')})"))


def _binding_groups(norm: str, lex: Lexicon, line_starts: list[int], skip: set[int]) -> list[BindingGroup]:
    """The N non-blank item lines after a count of hard or soft targets (owner lines not counted), where
    the count heads a numbered list (1.…) and does not sum up a list before it (…等8个约束性指标)."""
    from .numbers import parse_number

    out, etc = [], lex.marker("etc")
    words, counts, items = _binding_count_res(lex)
    for w in words.finditer(norm):
        lo = max(0, w.start() - BINDING_COUNT_BACK)
        c = counts.search(norm, lo, w.start())
        if c is None or not items.match(norm, w.end()):
            continue
        first = bisect.bisect_right(line_starts, c.start())  # the line after the count's
        nxt = first
        while nxt + 1 < len(line_starts) and _blank(norm, line_starts, nxt):
            nxt += 1
        if norm.endswith(etc, 0, c.start()) or nxt >= len(line_starts) or not _FIRST_ITEM.match(
                norm, line_starts[nxt]):
            continue
        try:
            n = int(parse_number(c.group("n")))
        except ValueError:
            continue
        row, k = first, 0
        while row < len(line_starts) and k < n:  # the n non-blank item lines below, owner lines skipped
            k += not _blank(norm, line_starts, row) and line_starts[row] not in skip
            row += 1
        if first < len(line_starts) and k:
            last = line_starts[row] if row < len(line_starts) else len(norm)
            out.append(BindingGroup(line_starts[first], last, lex.binding[w.group()]))
    return out

