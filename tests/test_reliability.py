"""Bad and hostile input: odd strings never crash, time grows linearly, the concatenation law holds."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpiextract import extract

ODD = [
    "", " ", "\n\n\n", "\x00", "\x00确保达到1200家以上\x00", "\ud800", "达到\udfff5家", "😀" * 50 + "达到5家以上",
    "\u200f增长5%\u200e", "\u202e确保1200家", "１" * 1000 + "家", "1" * 100000, "一" * 5000, "以上左右" * 1000,
    "5%—" * 1000, "“" * 1000 + "5家", "(" * 500 + "5家", "\r\n".join(["达到5家"] * 100),
    "万万万万万万家", "1,2,3,4,5,6家", "0.0.0.0家", "百分之百分之", "第第第1家", "99999999999999999999999999999家",
]


@pytest.mark.parametrize("text", ODD, ids=[repr(t[:20]) for t in ODD])
def test_odd_strings_give_valid_spans(text: str) -> None:
    df = extract(text)
    for row in df.itertuples():
        assert 0 <= row.start < row.end <= len(text)
        assert text[row.start:row.end] == row.text


@pytest.mark.parametrize("bad", [None, 12, b"bytes", ["a"]])
def test_non_str_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="must be str"):
        extract(bad)  # type: ignore[arg-type]


HOSTILE = {
    "digits": "1",
    "numerals": "一二三",
    "qualifiers": "以上左右",
    "targets": "确保达到1200家以上,",
    "ranges": "5%—",
    "sentences": "高新技术企业达到1200家以上。",
    "quotes": "“5家”",
}


def _seconds(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        extract(text)
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.mark.parametrize("unit", list(HOSTILE.values()), ids=list(HOSTILE))
def test_time_grows_linearly_on_hostile_repetition(unit: str) -> None:
    """8x the input may cost at most 16x the time (linear with room for noise; quadratic would be 64x)."""
    small = unit * (4000 // len(unit))
    large = unit * (32000 // len(unit))
    t_small, t_large = _seconds(small), _seconds(large)
    assert t_large <= 16 * max(t_small, 0.005), (t_small, t_large)


SAFE = st.sampled_from([
    "确保", "力争", "达到", "突破", "以上", "左右", "以内", "增长", "新增", "分别", "、", "，", "；",
    "1200", "２．３", "一千二百", "两", "万", "亿", "家", "%", "个百分点", "元", "-", "至",
    "高新技术企业", "第", "年", "每年", "累计", "过半", "2027年", "今年",
])
SENTENCE = st.lists(SAFE, max_size=15).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(SENTENCE, min_size=1, max_size=4), SENTENCE)
def test_rows_of_a_and_b_survive_concatenation(a_parts: list[str], b: str) -> None:
    """For a that ends with a full sentence, extract(a + b) holds the rows of a and of b (b shifted)."""
    a = "。".join(a_parts) + "。"
    cols = ["start", "end", "text", "indicator", "lower", "upper", "unit", "modality", "direction", "year", "status"]

    def rows(text: str, shift: int = 0) -> list[tuple]:
        df = extract(text, year=2026)
        return [(r.start + shift, r.end + shift, *[getattr(r, c) for c in cols[2:]]) for r in df.itertuples()]

    def norm(rows_: list[tuple]) -> list[str]:
        return [repr(r) for r in rows_]

    assert norm(rows(a + b)) == norm(rows(a) + rows(b, len(a)))


# Reliability, round 3 (issue 23): line ends, invisible characters, surrogates, arguments.

def _sample() -> str:
    from importlib import resources

    return (resources.files("kpiextract") / "data" / "sample-weihai-2021.txt").read_text(encoding="utf-8")


def _records(text: str) -> list[tuple]:
    df = extract(text, year=2021)
    df = df[df["status"] == "target"]
    return list(zip(df["text"], df["indicator"], df["lower"].fillna(-1), df["upper"].fillna(-1), df["modality"].fillna(""),
                    strict=True))


@pytest.mark.parametrize("end", ["\r", "\u2028", "\u2029", "\u0085"], ids=["CR", "LS", "PS", "NEL"])
def test_other_line_ends_read_like_line_feeds(end: str) -> None:
    """A document saved with CR-only line ends (or U+2028, U+2029, NEL) gives the targets of its LF copy."""
    text = _sample()
    want = _records(text)
    assert len(want) > 50
    assert _records(text.replace("\n", end)) == want


@pytest.mark.parametrize("mark", ["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_invisible_characters_inside_a_number_join_it(mark: str) -> None:
    """达到1\\u200b000家以上: the invisible character stands for nothing; the number is 1000, offsets unchanged."""
    text = f"全年高新技术企业达到1{mark}000家以上。"
    df = extract(text, year=2026)
    row = df.iloc[0]
    assert row["lower"] == 1000 and text[row["start"]:row["end"]] == row["text"] == f"1{mark}000家以上"


def test_a_reader_that_yields_lone_surrogates_gives_a_writable_text(monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path) -> None:
    """A PDF whose ToUnicode map yields a lone surrogate: the character becomes U+FFFD, so every writer can
    encode the rows and the batch goes on."""
    from kpiextract import reader

    monkeypatch.setattr(reader, "_parse", lambda data, p, suffix, max_bytes: "全年新增企业\ud800100家。")
    f = tmp_path / "a.pdf"
    f.write_bytes(b"%PDF-1.4")
    text = reader.read(f).text
    assert "\ud800" not in text and "\ufffd" in text
    text.encode("utf-8")
    assert list(extract(text)["text"]) == ["100家"]


def test_public_arguments_are_checked_at_the_call(tmp_path) -> None:
    import numpy as np

    import kpiextract

    assert list(kpiextract.extract("地区生产总值增长5%。", year=np.int64(2026))["year"]) == [2026]
    with pytest.raises(TypeError, match="max_bytes"):
        kpiextract.extract_files([tmp_path], max_bytes="10")
    with pytest.raises(ValueError, match="max_bytes"):
        kpiextract.iter_files([tmp_path], max_bytes=0)
    with pytest.raises(kpiextract.DocumentError, match="not a regular file"):
        kpiextract.read_text(tmp_path)
    frame = kpiextract.extract("全年地区生产总值增长5%左右。", year=2026)
    with pytest.raises(KeyError, match="year"):  # named, not a bare KeyError from inside
        kpiextract.compare(frame.drop(columns=["year"]))


def test_csv_cells_that_would_run_as_formulas_are_neutralised() -> None:
    import pandas as pd

    from kpiextract.cli import neutralised

    df = pd.DataFrame({"text": pd.array(["=1+2", "+3", "-5%", "@x", "ok", None], dtype="string"),
                       "lower": [1.0, -2.0, 3.0, 4.0, 5.0, 6.0]})
    out = neutralised(df)
    assert list(out["text"].fillna("")) == ["'=1+2", "'+3", "'-5%", "'@x", "ok", ""]
    assert list(out["lower"]) == list(df["lower"])  # numbers stay numbers
