"""Laws that hold for all inputs (hypothesis)."""

from __future__ import annotations

import math

import cn2an
from hypothesis import given, settings
from hypothesis import strategies as st

from kpiextract import extract, parse_number, parse_quantity
from kpiextract.text import normalize

N = st.integers(min_value=0, max_value=10**12 - 1)
FULL = str.maketrans("0123456789", "０１２３４５６７８９")
MANY = settings(max_examples=500, deadline=None)


@MANY
@given(N)
def test_chinese_numerals_round_trip(n: int) -> None:
    assert parse_number(cn2an.an2cn(n)) == n


@MANY
@given(N)
def test_digit_forms(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(str(n).translate(FULL)) == n
    assert parse_number(f"{n:,}") == n


@MANY
@given(N)
def test_lower_bound_of_yishang(n: int) -> None:
    q = parse_quantity(f"{n}家以上")
    assert q.lower == n and q.lower_inclusive is True and math.isnan(q.upper)


@MANY
@given(st.text())
def test_parse_number_returns_or_raises_value_error(s: str) -> None:
    try:
        v = parse_number(s)
    except ValueError:
        return
    assert isinstance(v, (int, float))


@MANY
@given(st.text())
def test_normalize_preserves_length(s: str) -> None:
    assert len(normalize(s)) == len(s)


PIECES = st.sampled_from([
    "确保", "力争", "达到", "突破", "以上", "左右", "以内", "增长", "新增", "分别", "、", "，", "。", "；", "\n",
    "1200", "２．３", "一千二百", "两", "万", "亿", "家", "%", "个百分点", "元", "-", "至", "“", "”", "(", ")",
    "高新技术企业", "第", "年", "每年", "累计", "过半", "倍增", "\x00", "\u200f", "😀",
])
DOCS = st.lists(PIECES, max_size=40).map("".join)


@MANY
@given(st.one_of(st.text(), DOCS))
def test_quantity_invariants_on_extracted_rows(text: str) -> None:
    df = extract(text, year=2026)
    prev_end = 0
    for row in df.itertuples():
        assert 0 <= row.start < row.end <= len(text)
        assert text[row.start:row.end] == row.text
        assert row.start >= prev_end  # sorted, not overlapping
        prev_end = row.end
        lo, up = row.lower, row.upper
        if not math.isnan(lo) and not math.isnan(up):
            assert lo <= up
        assert (row.lower_inclusive is None or row.lower_inclusive is not None)
        assert math.isnan(lo) == (row.lower_inclusive is pd_na())
        assert math.isnan(up) == (row.upper_inclusive is pd_na())
        if row.approx:
            assert lo == up


def pd_na() -> object:
    import pandas as pd

    return pd.NA


@settings(max_examples=200, deadline=None)
@given(DOCS, st.integers(min_value=1, max_value=30))
def test_prefix_shifts_spans(text: str, k: int) -> None:
    prefix = "说" * (k - 1) + "。"
    a, b = extract(text, year=2026), extract(prefix + text, year=2026)
    assert list(b["start"]) == [s + k for s in a["start"]]
    assert list(b["text"]) == list(a["text"])
    assert list(b["lower"].fillna(-1)) == list(a["lower"].fillna(-1))


@MANY
@given(st.text(alphabet="“”「」。；!\n项目", max_size=60))
def test_quote_depth_resets_at_each_sentence_end(text: str) -> None:
    """The quotation index equals a plain walk over quotation marks and sentence ends."""
    from kpiextract.lexicon import load_lexicon
    from kpiextract.scan import quote_depth

    lex = load_lexicon()
    opens, closes = lex.punct("quote_open"), lex.punct("quote_close")
    ends = lex.punct("sentence_end") + "\n"
    positions, depth, d = [], [], 0
    for i, c in enumerate(text):
        if c in ends:
            d = 0
        elif c in opens or c in closes:
            d += 1 if c in opens else -1
            positions.append(i)
            depth.append(d)
    got = quote_depth(text, lex)
    assert (list(got.positions), list(got.depth)) == (positions, depth)


@MANY
@given(st.text(alphabet="一二九〇零五年十万 \n(wàn)萬元0123456789。", max_size=80))
def test_prepare_keeps_one_character_for_one(text: str) -> None:
    """Offsets into the prepared text are offsets into the original (numeral years and glosses included)."""
    from kpiextract.text import JOINER, prepare

    out, norm = prepare(text), normalize(text)
    assert len(out) == len(text)
    # only blanks, a year's digits, and the joiner that a line break between two digits becomes
    assert all(a == b or b in " 0123456789" or (a == "\n" and b == JOINER) for a, b in zip(norm, out))


_EDGE_WORDS = st.sampled_from(["达到", "确保", "力争", "增长", "今年", "全年", "新增", "到", "2025年", "(一)", "1.",
                               "①", " ", ",", "、", "为", "分别", "年均", "均", "总值", "企业", "高新技术", "5"])


@MANY
@given(st.lists(_EDGE_WORDS, max_size=8).map("".join))
def test_clean_indicator_prechecks_change_nothing(seg: str) -> None:
    """The first/last-character checks that skip the edge searches give what the searches alone give."""
    from kpiextract.context import clean_indicator, patterns
    from kpiextract.lexicon import load_lexicon

    lex = load_lexicon()
    pat = patterns(lex)
    plain = pat.owner_tag.sub("", seg)
    close = plain.find(")")
    if close >= 0 and "(" not in plain[:close]:
        plain = plain[close + 1:]
    prev = None
    while prev != plain:
        prev = plain
        plain = pat.tail.sub("", pat.lead.sub("", plain))
    assert clean_indicator(seg, lex) == plain.strip()
