"""The document's outline (issue 18): headings, their levels and scopes, the frames they set, and the
paragraphs a plan period dates — table-driven cases, and the law that line breaks and page furniture
between a heading and its text change nothing."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import jsonl_cases, params
from hypothesis import given, settings
from hypothesis import strategies as st
from test_extract import _same

import kpiextract
from kpiextract.document import analyze
from kpiextract.lexicon import load_lexicon
from kpiextract.text import prepare

CASES = jsonl_cases("outline.jsonl")


@pytest.mark.parametrize("case", params(CASES, key="note"))
def test_outline_case(case: dict) -> None:
    df = kpiextract.extract(case["text"], year=case["year"])
    targets = df[df["status"] == "target"]
    assert list(targets["text"]) == [t["text"] for t in case["targets"]], targets[["text", "year", "section"]]
    for (_, row), want in zip(targets.iterrows(), case["targets"], strict=True):
        for field, value in want.items():
            assert _same(row[field], value), f"{want['text']}: {field} = {row[field]!r}, want {value!r}"


def _outline(text: str, year: int = 2026):
    lex = load_lexicon()
    return analyze(prepare(text, lex), lex, year).outline


def test_levels_and_scopes() -> None:
    text = "第一章 总体要求\n一、发展目标\n（一）主要指标\n1.经济\n2.民生\n（二）重点任务\n二、保障措施\n第二章 附则\n"
    outline = _outline(text)
    got = [(h.title, h.level, text[h.scope_end:h.scope_end + 3] if h.scope_end < len(text) else "") for h in
           outline.headings]
    assert got == [
        ("第一章 总体要求", 1, "第二章"), ("一、发展目标", 2, "二、保"), ("(一)主要指标", 4, "（二）"),
        ("1.经济", 5, "2.民"), ("2.民生", 5, "（二）"), ("(二)重点任务", 4, "二、保"), ("二、保障措施", 2, "第二章"),
        ("第二章 附则", 1, ""),
    ]


def test_run_in_heading_ends_at_its_first_sentence_end() -> None:
    outline = _outline("（一）发展目标。到2030年，地区生产总值年均增长5%。\n")
    assert [h.title for h in outline.headings] == ["(一)发展目标"]


def test_a_long_numbered_line_is_a_paragraph_not_a_heading() -> None:
    line = "1." + "全面推进科技创新和产业创新深度融合发展" * 3 + "。\n"
    assert _outline(line).headings == ()


HEADINGS = ["二、“十五五”时期主要目标", "（一）“十五五”时期主要目标", "第三章 “十五五”时期发展目标"]
FURNITURE = ["\n", "\n\n", "\n第3页 / 共9页\n", "\n \n\t\n", "\r\n"]


@settings(max_examples=60, deadline=None)
@given(heading=st.sampled_from(HEADINGS), gap=st.sampled_from(FURNITURE),
       body=st.sampled_from(["全省地区生产总值年均增长5%以上。", "到2030年，常住人口城镇化率达到70%左右。",
                             "研发经费投入强度达到3%。"]))
def test_breaks_and_furniture_between_heading_and_text_change_nothing(heading: str, gap: str, body: str) -> None:
    """A heading governs its text whatever stands between them: one line break, blank lines, a page
    header, CRLF."""
    base = kpiextract.extract(heading + "\n" + body, year=2026)
    spread = kpiextract.extract(heading + gap + body, year=2026)
    cols = ["text", "year", "status", "lower", "upper", "unit"]

    def rows(df):  # NaN (an open bound) equal to itself
        return df[cols].astype(object).where(df[cols].notna(), None).values.tolist()

    assert rows(base) == rows(spread)
    assert list(base["year"]) == [2030] * len(base)


OWNERS = jsonl_cases("owners.jsonl")


@pytest.mark.parametrize("case", params(OWNERS, key="note"))
def test_owner_forms(case: dict) -> None:
    """Owners in every form (issue 18): brackets of either kind, 责任单位为X, an owner line below its item,
    (X牵头,Y配合), 由X负责, X牵头负责, a task table's 牵头单位 column."""
    df = kpiextract.extract(case["text"], year=2026)
    targets = df[df["status"] == "target"]
    assert [None if pd.isna(o) else o for o in targets["owner"]] == case["owners"]
