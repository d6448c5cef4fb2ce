"""The document's outline: its headings with their levels and scopes, and the paragraphs that open about a
plan period, built once per document (issue 18).

A heading (一、, （一）, 1., 第X章, 第X节, 专栏X — ``lexicons/heading_forms.tsv`` — or a short unnumbered line
whose words say what it holds) governs the text under it until the next heading of its level or a higher
one. Its words make the figures under it results (回顾, 成效) or targets (目标, 安排), and a plan period or
a year it names (“十五五”时期主要目标, 2026年工作安排) is their due year; a heading that says neither
passes on what the heading above it says. A run-in heading (（一）发展目标。到2025年…) ends at its first
sentence end or colon. A paragraph that opens about the plan period (《纲要（草案）》明确了…, 未来五年…) dates its
figures by the plan's last year, wherever its heading names both the plan and this year.

Every ``resolve_*`` step asks the outline (:meth:`Outline.frame_at`, :meth:`Outline.paragraph_year`)
instead of looking back a fixed number of characters, so line breaks and page furniture between a heading
and its text change nothing.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

import regex

from .lexicon import Lexicon, alternation

HEADING_MAX = 40  # characters: a heading's title is no longer (a longer numbered line is a paragraph)
TOP_LEVEL = 2  # 一、 and the levels above it (第X章): a heading there sets its frame from its words alone
LIST_LEVEL = 5  # headings from this level on (1., (1), ①) are list items: they scope, but say no kind or year
PARAGRAPH_LEAD = 12  # characters at a paragraph's start where the words that open it about the plan stand


@dataclass(frozen=True)
class Heading:
    """One heading: where its title stands, its level, what its words say, and how far it governs."""

    start: int
    end: int
    level: int
    title: str
    kind: str | None  # "review" or "plan" where its words say so
    year: int | None  # the due year it names (a plan period's last year, a written year)
    scope_end: int


@dataclass(frozen=True)
class Frame:
    """What governs the text from ``start`` to the next frame: the innermost heading, and the kind and due
    year it has or inherits from the headings above it."""

    start: int
    heading: Heading
    kind: str
    year: int | None


@dataclass(frozen=True)
class Outline:
    """The headings of a document (in order), the frames they set, and the paragraphs dated by a plan."""

    headings: tuple[Heading, ...]
    frames: tuple[Frame, ...]
    frame_starts: tuple[int, ...]
    paragraphs: tuple[tuple[int, int, int], ...]  # (start, end, due year) of paragraphs about a plan period
    paragraph_starts: tuple[int, ...]

    def frame_at(self, pos: int) -> Frame | None:
        """The frame governing ``pos``, or None before the first heading."""
        i = bisect.bisect_right(self.frame_starts, pos) - 1
        return self.frames[i] if i >= 0 else None

    def paragraph_year(self, pos: int) -> int | None:
        """The plan's last year where ``pos`` stands in a paragraph that opens about the plan period."""
        i = bisect.bisect_right(self.paragraph_starts, pos) - 1
        if i >= 0 and pos < self.paragraphs[i][1]:
            return self.paragraphs[i][2]
        return None


@functools.cache
def _heading_re(lex: Lexicon) -> re.Pattern[str]:
    """Every numbered form at a line's start, each its own named group ``f<k>`` (forms longest first)."""
    numerals = "".join(re.escape(c) for c in (*lex.numerals, *lex.numeral_units) if len(c) == 1)
    parts = {"{n}": f"[{numerals}]{{1,4}}", "{d}": "[0-9]{1,2}", "{c}": "[\u2460-\u2473]"}
    alts = []
    for k, form in enumerate(_forms(lex)):
        pieces = re.split(r"(\{[ndc]\})", form)
        body = "".join(parts.get(p, re.escape(p)) for p in pieces)
        if form.endswith("{d}") or form.endswith("{n}"):
            body += "(?![0-9.])"
        elif form.endswith("."):
            body += "(?![0-9])"  # 1.5 is a number
        alts.append(f"(?P<f{k}>{body})")
    return re.compile(r"[ \t\u3000]*(?:" + "|".join(alts) + ")")


@functools.cache
def _forms(lex: Lexicon) -> tuple[str, ...]:
    return tuple(sorted(lex.heading_forms, key=len, reverse=True))


@functools.cache
def _res(lex: Lexicon) -> dict[str, regex.Pattern[str]]:
    ends = regex.escape(lex.punct("sentence_end") + ":")
    openers = regex.escape(lex.punct("quote_open") + lex.punct("paren_open"))
    period_words = alternation(w for w, k in lex.plan_periods.items() if k in ("period", "document"))
    year_word = alternation(lex.markers("year"))
    return {
        "title_end": regex.compile(rf"[{ends}]"),
        "figure": regex.compile(rf"[0-9.%](?![0-9]*\s?{year_word})"),
        "marks": regex.compile(alternation(lex.section_headings)),
        "plan_period": regex.compile(named_period(lex)),
        "year": regex.compile(rf"(?<![0-9])((?:19|20)[0-9]{{2}})\s?{year_word}"),
        "this_year": regex.compile(alternation(w for w, v in lex.relative_years.items() if v == 0)),
        # a paragraph that opens about the plan period: 《纲要(草案)》明确了…, 未来五年, “十五五”时期
        "opens_plan": regex.compile(rf"[\s{openers}]*(?:{period_words}|{named_period(lex)})"),
    }


def named_period(lex: Lexicon, *more: str) -> str:
    """A regex for a five-year plan's name naming its period (“十五五”时期, 十四五规划; with ``more`` words
    after the name too, such as 末): the name is group 1."""
    closers = regex.escape(lex.punct("quote_close"))
    return (rf"({alternation(lex.five_year_plans)})[{closers}]?"
            rf"(?:{alternation((*lex.markers('plan_period'), *more))})")


def plan_holding(year: int | None, lex: Lexicon) -> tuple[int, int] | None:
    """The (first, last) years of the five-year plan that holds ``year``."""
    if year is None:
        return None
    for first, last in lex.five_year_plans.values():
        if first <= year <= last:
            return first, last
    return None


def build_outline(norm: str, lex: Lexicon, line_starts: list[int], plan_year: int | None) -> Outline:
    """Read a document's headings, their scopes and the frames they set, and its plan-period paragraphs."""
    res = _res(lex)
    numbered = _heading_re(lex)
    forms = _forms(lex)
    found: list[tuple[int, int, int, str]] = []  # start, title end, level, title
    paragraphs: list[tuple[int, int, int]] = []
    holding = plan_holding(plan_year, lex)
    n = len(line_starts)
    for i, start in enumerate(line_starts):
        end = line_starts[i + 1] - 1 if i + 1 < n else len(norm)
        line = norm[start:end]
        if not line.strip():
            continue
        m = numbered.match(line)
        if m:
            level = lex.heading_forms[forms[int(m.lastgroup[1:])]]  # type: ignore[index]
            stop = res["title_end"].search(line, m.end())
            title_end = stop.start() if stop else len(line.rstrip())
            if title_end - m.start() <= HEADING_MAX + len(m.group()) and not res["figure"].match(line, m.end()):
                # (a figure right after the number, not a year, is a chunk number put mid-sentence: 2、6.3%、9.2%)
                lead = len(line) - len(line.lstrip())
                found.append((start + lead, start + title_end, level, line[lead:title_end]))
                continue
        elif short_line(line, lex) and res["marks"].search(line):
            lead = len(line) - len(line.lstrip())
            found.append((start + lead, start + len(line.rstrip()), 2, line.strip()))
            continue
        p = res["opens_plan"].match(line, 0, min(len(line), PARAGRAPH_LEAD + 8))
        if p and p.end() - len(p.group().lstrip()) <= PARAGRAPH_LEAD:
            named = p.group(1)
            span = lex.five_year_plans[named] if named else holding
            if span is not None:
                paragraphs.append((start, end, span[1]))
    headings = _scoped(norm, found, lex, plan_year)
    frames = _frames(headings)
    return Outline(tuple(headings), tuple(frames), tuple(f.start for f in frames), tuple(paragraphs),
                   tuple(p[0] for p in paragraphs))


def looks_like_heading(line: str, lex: Lexicon, numbered_only: bool = False) -> bool:
    """Whether a line opens like a heading: a numbered form at its start (一、 (一) 1. 第X章), or, unless
    ``numbered_only``, a short unnumbered line whose words say what its section holds."""
    if _heading_re(lex).match(line):
        return True
    return (not numbered_only and short_line(line, lex) and not any(c in line for c in lex.punct("clause_sep"))
            and _res(lex)["marks"].search(line) is not None)


def short_line(line: str, lex: Lexicon) -> bool:
    """A short line with no sentence end, not a lead-in ending in a colon: a title or an unnumbered heading."""
    s = line.strip()
    return (0 < len(s) <= HEADING_MAX and not any(c in s for c in lex.punct("sentence_end"))
            and not s.endswith(":"))


def _scoped(norm: str, found: list[tuple[int, int, int, str]], lex: Lexicon, plan_year: int | None) -> list[Heading]:
    """Headings with their scope (to the next heading of their level or a higher one), kind and year."""
    res = _res(lex)
    out: list[Heading] = []
    nxt: list[int] = [len(norm)] * len(found)
    stack: list[int] = []  # indexes of open headings, levels increasing
    for k, (start, _, level, _) in enumerate(found):
        while stack and found[stack[-1]][2] >= level:
            nxt[stack.pop()] = start
        stack.append(k)
    for k, (start, end, level, title) in enumerate(found):
        kind = year = None
        if level < LIST_LEVEL:
            marks = res["marks"].findall(title)
            # below the top level, a heading changes the frame only where it names a time too (（一）2025年
            # 工作回顾, （二）“十五五”时期主要目标); (五)…取得新的更大进展 is a topic of its section
            timed = level <= TOP_LEVEL or bool(res["year"].search(title) or res["plan_period"].search(title)
                                                 or res["this_year"].search(title))
            if timed:
                kind = lex.section_headings[marks[-1]] if marks else ("plan" if level <= TOP_LEVEL else None)
                year = _heading_year(title, plan_year, lex) if kind != "review" else None
        out.append(Heading(start, end, level, title, kind, year, nxt[k]))
    return out


def _heading_year(title: str, plan_year: int | None, lex: Lexicon) -> int | None:
    """The due year a heading names: this year's (2026年工作安排, 今年…) wins over a plan period named with
    it (“十五五”时期目标任务和2026年工作安排: its paragraphs say which they are about); else the plan
    period's last year (“十五五”时期主要目标); else a later year written in it (到2030年主要目标)."""
    res = _res(lex)
    years = [int(y) for y in res["year"].findall(title)]
    if plan_year is not None and (plan_year in years or res["this_year"].search(title)):
        return plan_year
    periods = res["plan_period"].findall(title)
    if periods:
        return lex.five_year_plans[periods[-1]][1]
    later = [y for y in years if plan_year is None or y > plan_year]
    return later[-1] if later else None


def _frames(headings: list[Heading]) -> list[Frame]:
    """One frame per heading above list level: its own kind and year, else those of the nearest heading
    above it that has one (a heading's scope ends where another heading of its level or a higher one
    starts, so the frames tile the text)."""
    out: list[Frame] = []
    stack: list[tuple[Heading, str, int | None]] = []
    for h in headings:
        if h.level >= LIST_LEVEL:
            continue  # a list item passes on what its heading says: no frame of its own
        while stack and stack[-1][0].scope_end <= h.start:
            stack.pop()
        parent_kind, parent_year = (stack[-1][1], stack[-1][2]) if stack else ("plan", None)
        kind = h.kind or parent_kind
        year = h.year if h.year is not None else (parent_year if kind == parent_kind else None)
        stack.append((h, kind, year))
        out.append(Frame(h.start, h, kind, year))
    return out
