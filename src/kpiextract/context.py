"""``resolve_*``: fill a mention's record fields from the sentence and document around it.

Each function reads the normalized text (same offsets as the original) and returns one field.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from .document import DocumentContext, Section
from .lexicon import Lexicon, alternation, edge_words, words_of
from .outline import named_period, plan_holding
from .recognize import split_alternation, squeeze
from .records import Mention
from .scan import Events, QuoteDepth, events, quote_depth
from .text import is_han
from .tokens import pos_tokens


SHARE_DIMENSIONS = frozenset({"percent", "permille", "percentage_point"})
AFTER_WINDOW = 3  # characters between a figure and the word that dates it (13.5亿美元,同比增长12.25%)
BARE_NAME = 2  # characters: a name this short keeps the change word after it (经济增长, not 经济)
SHORT_CLAUSE = 10  # characters: a clause this short can prefix a noun written after the count
LONG_CLAUSE = 16  # characters: a longer clause with an 'etc' word keeps only what follows it


_HAN = regex.compile(r"\p{Han}")
_NOUN_START = regex.compile(r"[\p{Han}“《]")


@dataclass(frozen=True)
class Patterns:
    """Regexes compiled from one lexicon's word lists."""

    modality: re.Pattern[str]
    direction: regex.Pattern[str]
    period: regex.Pattern[str]
    year: regex.Pattern[str]
    tense: re.Pattern[str]
    months: regex.Pattern[str]
    set_phrase: re.Pattern[str]
    structure_head: regex.Pattern[str]
    owner_tag: regex.Pattern[str]
    lead: regex.Pattern[str]
    tail: regex.Pattern[str]
    tail_last: frozenset[str]  # the characters a match of ``tail`` can end with
    lead_first: frozenset[str]  # … and of ``lead`` start with
    after_stop: regex.Pattern[str]
    furniture: re.Pattern[str]
    inner_word: regex.Pattern[str]
    plan_period: regex.Pattern[str]  # “十五五”时期, 到“十四五”末, 今后五年: a due year, the plan's last


@functools.cache
def patterns(lex: Lexicon) -> Patterns:
    """Compile the context patterns of ``lex`` (cached per lexicon)."""
    lead_words = edge_words(lex, "lead")
    lead_words += [*lex.modality, *lex.relative_years]
    tail_words = edge_words(lex, "tail")
    tail_words += [q.surface for q in lex.qualifiers.values() if q.position == "before"]
    tail_words += [*lex.modality, *lex.relative_years, *lex.period]  # 年均 before 均
    tail_words += [w for w, (_, scope) in lex.direction.items() if scope == "adjacent"]  # 地区生产总值增长5%
    year = alternation(lex.markers("year"))
    by, edge = alternation(lex.markers("by")), alternation(lex.markers("year_edge"))
    written_year = rf"{by}?(?:19|20)[0-9]{{2}}{year}{edge}*"
    numbering = rf"(?:[\u2460-\u2473]|\([^()]{{1,3}}\)|[0-9]{{1,2}}\.(?![0-9])|{written_year})"
    seps = regex.escape(lex.punct("sentence_end", "clause_sep", "list_sep", "paren_open") + "\n\r")
    edge_chars = set(lex.punct("sentence_end", "clause_sep", "list_sep", "paren_open") + "\n\r \t\u3000\u00a0")
    months_to_date = rf"1(?<![0-9]1){alternation(lex.range_marks)}(?:[2-9]|1[0-2]){alternation(lex.markers('month'))}"
    return Patterns(
        # re: 2x faster than regex on plain alternations; a wrapped line inside a word (力⏎争) changes nothing
        modality=re.compile(split_alternation(lex.modality)),
        direction=regex.compile(split_alternation(lex.direction)),
        period=regex.compile(alternation(lex.period)),
        year=regex.compile(rf"(?<![0-9])((?:19|20)[0-9]{{2}}) ?{year}|{alternation(lex.relative_years)}"),
        tense=re.compile(alternation(lex.tense_markers)),  # re: 3x faster than regex on this alternation
        months=regex.compile(months_to_date),
        set_phrase=re.compile(alternation(lex.set_phrases)),
        structure_head=regex.compile(alternation(lex.structure_heads)),
        owner_tag=regex.compile(rf"\(\s*{alternation(lex.owner_markers)}[^()]*\)"),
        lead=regex.compile(rf"^(?:[\s{seps}]|{numbering}|{split_alternation(lead_words)})+"),
        tail=regex.compile(rf"(?:[\s{seps}]|{split_alternation(tail_words)})+$"),
        lead_first=frozenset({w[0] for w in (*lead_words, *lex.markers("by"))} | set("0123456789(") | edge_chars
                             | {chr(c) for c in range(0x2460, 0x2474)}),  # the starts of numbering too: ①, (一), 1.
        tail_last=frozenset({w[-1] for w in tail_words} | edge_chars),
        after_stop=regex.compile(rf"[{seps}0-9]"),
        furniture=re.compile(rf"{alternation(lex.furniture)}\s*:"),
        inner_word=regex.compile(
            alternation([*(q.surface for q in lex.qualifiers.values() if q.position == "after"), *lex.range_marks])
        ),
        plan_period=regex.compile(
            rf"{named_period(lex, *lex.markers('plan_end'))}"
            rf"|{alternation(w for w, k in lex.plan_periods.items() if k == 'period')}"
        ),
    )


@dataclass(frozen=True)
class Markers:
    """The markers of one document, indexed once (see :mod:`kpiextract.scan`).

    ``tense`` holds every tense word of sentence or line scope and every year (value: past or future);
    ``frame`` only those of line scope, which set the frame of their paragraph; ``dated`` the words that
    date the figures of their clause and the figure just before them (同比)."""

    modality: Events
    year: Events
    tense: Events
    dated: Events
    frame: Events
    quotes: QuoteDepth
    furniture_lines: frozenset[int]


def index_markers(norm: str, ctx: DocumentContext, lex: Lexicon, figures: Sequence[int] = (),
                  clause_ends: Sequence[int] = (), sentence_ends: Sequence[int] = ()) -> Markers:
    """Find modality, year, tense and furniture markers and quotation depth in one pass each. With the
    figures' starts and the clause ends, a modality word said of a clause without a figure governs nothing
    after it (:func:`_says_own_clause`)."""
    pat = patterns(lex)
    plan = ctx.plan_year
    years: list[tuple[int, int, object]] = []
    tense: list[tuple[int, int, str, str]] = []  # start, end, past/future/dated, scope
    base_words, by_words, base_after = lex.markers("base"), lex.markers("by"), lex.markers("base_after")
    years_end = lex.markers("year")
    tense += [(m.start(), m.end(), "past", "sentence") for m in pat.months.finditer(norm)]  # 1-5月: to date
    for m in pat.tense.finditer(norm):
        when, scope = lex.tense_markers[m.group()]
        if when == "none" or (when == "past" and norm.endswith(base_words, 0, m.start())):
            continue  # 已婚 is a word; 比去年实现更多增长: the past as a base, not as what is reported
        if when == "past" and scope == "sentence" and _attributive(norm, m.end(), lex):
            continue  # 已建成的30个示范村: 已 describes what is named, it reports nothing
        tense.append((m.start(), m.end(), "dated" if scope == "clause_after" else when, scope))
    modality = [(m.start(), m.end(), lex.modality[squeeze(m.group()) or ""]) for m in pat.modality.finditer(norm)]
    tense += [(a, b, "future", "sentence") for a, b, _ in modality]  # 确保, 力争: what follows is to be reached
    for m in pat.year.finditer(norm):
        if m.group(1):
            y = int(m.group(1))
            if plan is None or y >= plan or _due(norm, m.start(), by_words, years_end):  # 到2025年: a due year
                years.append((m.start(), m.end(), y))
                if plan is not None:
                    tense.append((m.start(), m.end(), "future", "line"))
            elif not norm.endswith(base_words, 0, m.start()) and not norm.startswith(base_after, m.end()):
                # an earlier year not as a base: its paragraph reports the past (2018年,全市实际利用外资13.5亿美元)
                tense.append((m.start(), m.end(), "past", "line"))
            elif y == plan - 1:  # 比2025年下降2.5%左右 in a plan for 2026: a change over the plan year
                tense.append((m.start(), m.end(), "future", "sentence"))
        elif plan is not None:
            years.append((m.start(), m.end(), plan + lex.relative_years[m.group()]))
    holding = plan_holding(plan, lex)
    for m in pat.plan_period.finditer(norm):
        span = lex.five_year_plans[m.group(1)] if m.group(1) else holding
        if span is None:
            continue
        years.append((m.start(), m.end(), span[1]))
        if plan is not None and span[1] < plan and span[1] != ctx.due_year:  # “十四五”时期,… in a 2026 plan
            tense.append((m.start(), m.end(), "past", "line"))
    years.sort(key=lambda y: y[0])
    tense.sort()
    furniture = frozenset(ctx.line_span(m.start(), len(norm))[0] for m in pat.furniture.finditer(norm))
    return Markers(
        modality=events([m for m in modality
                         if not _says_own_clause(norm, m[0], m[1], figures, clause_ends, sentence_ends, lex)]
                        if figures else modality),
        year=events(years),
        tense=events([(a, b, when) for a, b, when, scope in tense if scope != "clause_after"]),
        dated=events([(a, b, when) for a, b, when, scope in tense if scope == "clause_after"]),
        frame=events([(a, b, when) for a, b, when, scope in tense if scope == "line"]),
        quotes=quote_depth(norm, lex),
        furniture_lines=furniture,
    )


OWN_CLAUSE_WORDS = 2  # Han characters of its own (not a time phrase) that make a modality word's clause a predicate


def _says_own_clause(norm: str, a: int, b: int, figures: Sequence[int], clause_ends: Sequence[int],
                     sentence_ends: Sequence[int], lex: Lexicon) -> bool:
    """SPEC §3 modality scope: a modality word governs the figures it is said of. Said of a clause of its own
    that holds no figure (在实际工作中努力争取更好结果, 争取A项目核准), it governs nothing after that clause;
    a word whose clause is only a time phrase (力争到2025年,…) still governs what follows."""
    i = bisect.bisect_right(clause_ends, b)
    end = clause_ends[i] if i < len(clause_ends) else len(norm)
    j = bisect.bisect_left(figures, b)
    if j < len(figures) and figures[j] < end:
        return False  # a figure in its own clause: it is said of that figure (and on, SPEC §3)
    k = bisect.bisect_right(sentence_ends, b)
    if sentence_ends and (j == len(figures) or (k < len(sentence_ends) and figures[j] >= sentence_ends[k])):
        return False  # no figure after it in its sentence: nothing to decide
    time, target = _scope_res(lex)
    rest = time.sub("", norm[b:end])
    if sum(1 for c in rest if is_han(c)) < OWN_CLAUSE_WORDS or target.search(rest):
        return False  # only a time phrase (力争到2025年,…), or a target of its own heading a list of targets
    head = norm[end:end + SUBJECT_WINDOW].lstrip()
    words = pos_tokens(head, lex) if head else ()
    return bool(words) and words[0].flag.startswith("n")  # the next clause has a subject of its own


SUBJECT_WINDOW = 6  # characters of the next clause read for its first word


@functools.cache
def _scope_res(lex: Lexicon) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """Time phrases and further modality words that may stand after a modality word in its clause; and the
    words that make a figureless clause a target of its own (``modality_scope.tsv``)."""
    year = alternation(lex.markers("year"))
    words = alternation((*lex.markers("by"), *lex.relative_years, *lex.modality, *lex.markers("year_edge")))
    before = [q.surface for q in lex.qualifiers.values() if q.position == "before"]
    target = alternation((*lex.modality_scope, *lex.direction, *lex.relative_words, *before))
    return regex.compile(rf"(?:19|20)[0-9]{{2}}\s?{year}|{words}"), regex.compile(target)


ATTRIBUTIVE_SPAN = 4  # characters after 已 within which a 的 makes it describe a noun (已建成的, 已认定的)


def _attributive(norm: str, end: int, lex: Lexicon) -> bool:
    """Whether a past word opens a modifier of a counted noun (已建成的30个示范村): a 的 follows within a
    few characters, before any clause end, and a figure right after it (已建成的主要有… still reports)."""
    window = norm[end:end + ATTRIBUTIVE_SPAN + 1]
    at = window.find(lex.marker("attributive"))
    if at < 0 or any(c.isdigit() or c in lex.punct("sentence_end", "clause_sep") for c in window[:at]):
        return False
    nxt = norm[end + at + 1:end + at + 2]
    return nxt.isdigit() or nxt in lex.numerals


def _due(norm: str, start: int, by_words: tuple[str, ...], year_suffixes: tuple[str, ...]) -> bool:
    """Whether the year at ``start`` is a due year (到2025年), not the end of a span of years
    (在2015年至2020年, 从76.34岁提高至77.93岁: a past period)."""
    for w in by_words:
        if norm.endswith(w, 0, start):
            return not norm.endswith(year_suffixes, 0, start - len(w))
    return False


def reports_past(markers: Markers, sent: tuple[int, int], clause_start: int, frame_start: int,
                 mention: Mention) -> bool:
    """Whether a figure reports a result rather than sets a target, read from its sentence and paragraph.

    A dating word (同比) earlier in its clause makes a point figure a result; else the last tense word,
    modality word or year before it in the sentence decides (去年…,今年确保新增60万人以上; 共同努力下…截至6月30日,
    完成建安产值19亿元); else a word right after it that dates it (同比); else the
    frame set before it since ``frame_start`` (2018年,… then 全市实际利用外资13.5亿美元): its paragraph under a
    plan heading, the text so far where there is none."""
    sent_start, sent_end = sent
    q = mention.quantity
    if markers.dated.last_before(clause_start, mention.start) is not None and q.lower == q.upper and not q.approx:
        return True  # 同比增长9% is a result; 实现同比增速20%以上 (a bound) is a target
    found = markers.tense.last_before(sent_start, mention.start)
    if found is not None:
        return found == "past"
    if markers.dated.first_in(mention.end, min(sent_end, mention.end + AFTER_WINDOW)) is not None:
        return True
    return markers.frame.last_before(frame_start, mention.start) == "past"


def resolve_modality(markers: Markers, sent_start: int, start: int) -> str | None:
    """SPEC §3: the last modality marker earlier in the sentence (确保 -> ensure, 力争 -> strive)."""
    found = markers.modality.last_before(sent_start, start)
    return str(found) if found is not None else None


def resolve_direction(norm: str, clause_start: int, mention: Mention, lex: Lexicon) -> str | None:
    """SPEC §2 direction: from the qualifier (提高到), else the nearest valid direction word in the clause."""
    q = mention.quantity
    if q.direction:
        return q.direction
    end = mention.before_start
    level_word = bool(mention.before)
    found = None
    for m in patterns(lex).direction.finditer(norm, clause_start, end):
        direction, scope = lex.direction[squeeze(m.group()) or ""]
        # a direction word right before the qualifier governs it whatever its scope (新增不少于200家)
        if scope == "rate" or (scope == "clause" and not level_word) or m.end() == end:
            found = direction
    return found


def resolve_period(norm: str, clause_start: int, start: int, lex: Lexicon) -> str | None:
    """SPEC §2 period: 每年, 每月, 累计, and 年均 only where it qualifies a change or the number."""
    found = None
    pat = patterns(lex)
    for m in pat.period.finditer(norm, clause_start, start):
        period, needs = lex.period[m.group()]
        if needs == "direction" and not (m.end() == start or pat.direction.match(norm, m.end())):
            continue
        found = period
    return found


def resolve_year(markers: Markers, sent_start: int, start: int, ctx: DocumentContext,
                 section: Section | None, norm: str = "", full_start: int | None = None,
                 lex: Lexicon | None = None) -> int | None:
    """SPEC §2 year: 到2027年 / 今年 / 明年 earlier in the sentence, else one that opens the sentence whose
    ;-list the figure is an item of (到2025年,A达到X;B达到Y), else the plan's last year where the paragraph
    opens about the plan period (《纲要（草案）》明确了…), else the section's or plan year."""
    found = markers.year.last_before(sent_start, start)
    if found is None and full_start is not None and full_start < sent_start and lex is not None:
        found = _opening_year(markers, norm, full_start, sent_start, lex)
    if found is not None:
        return int(found)  # type: ignore[call-overload]
    if ctx.outline is not None:
        plan_end = ctx.outline.paragraph_year(start)
        if plan_end is not None:
            return plan_end
    return section.year if section is not None else ctx.due_year


def _opening_year(markers: Markers, norm: str, full_start: int, item_start: int, lex: Lexicon) -> object | None:
    """The due year written at the opening of a sentence — its first clause, or right after the colon of a
    lead-in (提出系列目标:到2025年,…) — that its later ;-items share (SPEC §3)."""
    first = markers.year.first_at(full_start, item_start)
    if first is None:
        return None
    pos, value = first
    lead = norm[full_start:pos].rstrip()
    for by in lex.markers("by"):  # 到2025年: the lead ends before its 到
        if lead.endswith(by):
            lead = lead[:-len(by)].rstrip()
            break
    seps = lex.punct("clause_sep", "list_sep", "item_end")
    if not any(c in seps for c in lead) or lead.endswith(":"):  # the charmap makes ： a colon
        return value
    return None


def resolve_status(norm: str, mention: Mention, sent: tuple[int, int], clause_start: int, line: tuple[int, int],
                   section: Section | None, markers: Markers, lex: Lexicon) -> tuple[str, str]:
    """SPEC §1: ``target``, or ``reported``/``other`` with the reason it is not a target."""
    sent_start = sent[0]
    q = mention.quantity
    pat = patterns(lex)
    if line[0] in markers.furniture_lines:
        return "other", "furniture"
    if q.role == "from":
        return "other", "from-value"
    if q.dimension in lex.class_dimensions and _HAN.match(norm, mention.end):
        return "other", "class"  # 80岁以上老人, 0—6岁儿童; but 人均预期寿命达到78岁 is a target
    if markers.quotes.inside(sent_start, mention.start):
        return "other", "name"
    if pat.structure_head.match(norm, mention.end):
        return "other", "structure"
    text = norm[mention.start:mention.end]
    if not mention.before and norm.endswith(lex.reference_prepositions, 0, mention.start):
        return "other", "reference"
    chinese = bool(mention.number) and not mention.number[0].isascii()
    if chinese and any(text.endswith(u) for u in lex.ordinal_units):
        return "other", "ordinal"
    if chinese and all(c in lex.scales and lex.scales[c] >= 100 for c in mention.number) and \
            not mention.before and _bare(text, lex):  # 千家万户; but 稳定在千万吨以上 is bounded: a target
        return "other", "round-figure"
    if (chinese and not mention.before and q.lower == q.upper and not q.approx and _bare(text, lex)
            and q.dimension not in SHARE_DIMENSIONS):  # 降低十个百分点 is a change, not an enumeration
        # 三个关键问题, 两个大局, 一家公司: counts in words without a qualifier enumerate or name things
        return "other", "enumeration"
    if not mention.number and _HAN.match(norm, mention.end):
        return "other", "name"  # 倍增工程, 倍增计划: a fixed quantity word naming a programme
    nxt = norm[mention.end:mention.end + 1]
    bounded = q.lower != q.upper and not q.approx
    if (bounded and q.dimension not in ("count", "percent", "permille", "percentage_point", "ratio", "rank")
            and _HAN.match(nxt) and not framed(norm, mention, lex)):  # 2000万元以上的技改项目, 亿元以上重大产业项目
        return "other", "class"
    if section is not None and section.kind == "review":
        return "reported", "review-section"
    # a past frame reaches over the paragraph under a plan heading, over the text where no heading is
    frame_start = line[0] if section is not None else 0
    if reports_past(markers, sent, clause_start, frame_start, mention):
        return "reported", "past-marker"
    return "target", ""


def framed(norm: str, mention: Mention, lex: Lexicon) -> bool:
    """Whether the quantity is bounded by words on both sides (上200亿元台阶): the word after is not a noun."""
    return bool(mention.before) and any(squeeze(mention.before) == b and norm.startswith(a, mention.end)
                                        for b, a in lex.qualifier_frames)


def _bare(text: str, lex: Lexicon) -> bool:
    """No qualifier inside the span (以上, 多, 左右 …) and no range."""
    return patterns(lex).inner_word.search(text) is None


def _nounish(flag: str) -> bool:
    return flag.startswith("n") or flag in ("vn", "b", "l", "j", "eng", "an")


def _after_phrase(norm: str, end: int, lex: Lexicon) -> str:
    """The noun phrase right after a count (推进2000个省级重点项目), cut at its last noun; ``""`` if none."""
    stop = patterns(lex).after_stop.search(norm, end, min(len(norm), end + 40))
    after = norm[end:stop.start() if stop else min(len(norm), end + 40)]
    after = after.removeprefix(lex.marker("attributive"))
    if not after or not _NOUN_START.match(after):
        return ""
    if after[0] in "“《":
        return after
    toks = pos_tokens(after, lex)
    if not toks or toks[0].flag[:1] in ("c", "p", "d", "u", "r", "q", "x", "y", "e"):
        return ""
    last, seen_noun = 0, False
    for t in toks:
        if seen_noun and t.flag[:1] in ("c", "p", "u"):
            break
        if _nounish(t.flag):
            last, seen_noun = t.end, True
    return after[:last]


def share_list_suffix(names: list[str], lex: Lexicon) -> list[str]:
    """Give the earlier names of a 分别 list the measure written only after the last one.

    肉、奶产量 -> 肉产量, 奶产量; 美丽河湖、美丽海湾建成率 -> 美丽河湖建成率, 美丽海湾建成率: the last name
    has as many words for its item as the first, and the words after them are shared.
    """
    if len(names) < 2 or not all(names):
        return names
    k = len(pos_tokens(names[0], lex))
    last = pos_tokens(names[-1], lex)
    if len(last) <= k:
        return names
    suffix = names[-1][last[k - 1].end:] if k else ""
    return [n if n.endswith(suffix) else n + suffix for n in names[:-1]] + [names[-1]]


def _list_before_summary(name: str, lex: Lexicon) -> str:
    """A list closed by 等 and a count of the document's own items names those items:
    规模以上工业增加值、主营业务收入、利税总额等三项主要指标 -> 规模以上工业增加值、主营业务收入、利税总额."""
    etc = lex.marker("etc")
    at = name.rfind(etc)
    if at <= 0:
        return name
    i = at + len(etc)
    while i < len(name) and (name[i].isdigit() or name[i] in lex.numerals):
        i += 1
    if i == at + len(etc) or i >= len(name):
        return name
    head = patterns(lex).structure_head
    if head.match(name, i) or head.match(name, i + 1):  # 三项主要指标, 两个指标: a measure word between
        return name[:at]
    return name


def disposal_object(name: str, lex: Lexicon) -> str:
    """The object of 将/把 in a name (报告将今年经济增长目标设 -> 经济增长目标), a verb of setting at its end
    dropped; the name itself where no marker stands in it (``lexicons/disposal_markers.tsv``)."""
    markers, verbs, words = _disposal(lex)
    if not markers.search(name):
        return name
    at = -1
    for m in markers.finditer(name):
        if not name.startswith(words, m.start()):
            at = m.end()
    if at < 0:
        return name
    obj = name[at:]
    for verb in verbs:
        if obj.endswith(verb) and len(obj) > len(verb):
            obj = obj[:-len(verb)]
            break
    obj = clean_indicator(obj, lex)
    return obj or name


@functools.cache
def _disposal(lex: Lexicon) -> tuple[re.Pattern[str], tuple[str, ...], tuple[str, ...]]:
    kinds = lex.disposal_markers
    return re.compile(alternation(words_of(kinds, "marker"))), words_of(kinds, "verb"), words_of(kinds, "word")


def clean_indicator(seg: str, lex: Lexicon) -> str:
    """Trim numbering, time words, modality and qualifier verbs from the edges of a noun phrase."""
    pat = patterns(lex)
    seg = pat.owner_tag.sub("", seg)
    close = seg.find(")")
    if close >= 0 and "(" not in seg[:close]:  # the tail of a parenthesis opened before the clause
        seg = seg[close + 1:]
    prev = None
    while prev != seg and seg:
        prev = seg
        if seg[0] in pat.lead_first or seg[0].isspace():  # else the start-anchored match cannot begin
            seg = pat.lead.sub("", seg)
        if seg and (seg[-1] in pat.tail_last or seg[-1].isspace()):  # else the end-anchored search cannot match
            seg = pat.tail.sub("", seg)
    return seg.strip()


def resolve_indicator(norm: str, mention: Mention, seg_start: int, lex: Lexicon, tokenize: bool = True,
                      noun_start: int = 0) -> str:
    """SPEC §2 indicator: the noun phrase counted or measured, without verbs, time words or modality.

    A count followed by its noun names that noun (培育2家上市公司); otherwise the clause before the
    number, from ``seg_start`` (the clause start, or the end of the previous quantity in it). A count with
    a noun of its own does not take the previous count's noun before it (145万吨粮食、13.4万亩大豆: 大豆,
    ``noun_start`` is where that noun ended); a figure without one does (2000个省级重点项目、完成投资9800亿元).
    With ``tokenize=False`` (rows that are not targets) jieba is not asked and the clause before is used.
    """
    after = _after_phrase(norm, mention.end, lex) if tokenize and not framed(norm, mention, lex) else ""
    share = mention.quantity.dimension in SHARE_DIMENSIONS
    if len(after) > 2 and not share:
        return after  # a count's noun names it
    raw = norm[seg_start:mention.before_start]
    cleaned = clean_indicator(raw, lex)
    if len(after) > 2 and not cleaned:
        return after  # a share's noun (20%以上的增长速度) only where nothing precedes
    before = _list_before_summary(disposal_object(cleaned, lex), lex)
    if 0 < len(before) <= BARE_NAME and before in raw:  # 经济增长5%: 经济 alone is not what is measured
        rest = raw[raw.rfind(before) + len(before):]
        word = patterns(lex).direction.match(rest)
        if word and lex.direction[squeeze(word.group()) or ""][1] == "adjacent":
            before += word.group()
    if after and share:  # 保持20%以上的增长速度: what the share measures is written before it, then after
        return before + after if len(before) <= SHORT_CLAUSE else before
    if after:  # a short noun after the count (等2个项目) reads better with a short clause before it
        if noun_start > seg_start:  # what is left after the previous noun: 、 or a conjunction (和100个以上)
            before = clean_indicator(norm[noun_start:mention.before_start], lex)
            before = next((before[len(w):] for w in lex.markers("and") if before.startswith(w)), before)
        return before + after if len(before) <= SHORT_CLAUSE else after
    etc = lex.marker("etc")
    if len(before) > LONG_CLAUSE and etc in before.rstrip(etc):  # …大赛等各类活动创新创业活动: the head after 等
        return before.rsplit(etc, 1)[1]
    return before
