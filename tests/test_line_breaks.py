"""Line breaks as a PDF's or OCR's text layer puts them (issue 19): a break inside a quantity (its number,
scale word, unit and qualifier) or inside the qualifier word before it is no boundary for any rule, the same
as a space. A property over the project's own sentence cases, with every such break position tried.

Not yet a law: a break inside a bracketed alternative unit (4场(⏎次)) or a rate's denominator (万元/⏎人),
a break inside a frame's verb (迈⏎上X台阶), and a break between two words on a line shorter than a wrapped line (全年国家⏎科技型…: a title or a
paragraph's first line cannot be told from it) — see docs/decisions.md."""

from __future__ import annotations

import pytest
from conftest import jsonl_cases

import kpiextract

SENTENCES = [c for c in jsonl_cases("sentences.jsonl") if c["targets"] and "\n" not in c["text"]]
QUALIFIERS = set(kpiextract.load_lexicon().qualifiers) - {b for b, _ in kpiextract.load_lexicon().qualifier_frames}
FIELDS = ["text", "indicator", "lower", "upper", "lower_inclusive", "upper_inclusive", "approx", "unit", "modality",
          "direction", "period", "year", "status"]


def _records(text: str, year: int | None) -> list[list]:
    df = kpiextract.extract(text, year=year)
    df = df[df["status"] == "target"][FIELDS].astype(object)
    rows = df.where(df.notna(), None).values.tolist()
    return [[v.replace("\n", "").replace(" ", "") if isinstance(v, str) else v for v in row] for row in rows]


def _inner_positions(text: str, year: int | None) -> list[int]:
    """Positions inside each target's span (between its number, scale, unit and qualifier characters) and
    inside the qualifier word before it (达⏎到, 突⏎破, 不低⏎于)."""
    df = kpiextract.extract(text, year=year)
    df = df[df["status"] == "target"]
    out: set[int] = set()
    for start, end, verb in zip(df["start"], df["end"], df["verb"], strict=True):
        out |= {p for p in range(int(start) + 1, int(end)) if not ({text[p - 1], text[p]} & set("()/"))}
        if verb in QUALIFIERS and text.endswith(verb, 0, int(start)):  # the qualifier right before the figure
            out |= set(range(int(start) - len(verb) + 1, int(start)))
    return sorted(p for p in out if 0 < p < len(text))


@pytest.mark.parametrize("case", SENTENCES, ids=lambda c: c["note"])
def test_a_break_inside_a_quantity_or_its_qualifier_changes_nothing(case: dict) -> None:
    text, year = case["text"], case["year"]
    want = _records(text, year)
    for p in _inner_positions(text, year):
        broken = text[:p] + "\n" + text[p:]
        assert _records(broken, year) == want, (p, broken)


def test_pdf_line_breaks_of_the_issue() -> None:
    """The seed's PDF copy: 5家以⏎上, 3家左⏎右, 突⏎破1500家以上, 确保达⏎到, 达到1⏎200家."""
    plain = "全年国家科技型中小企业确保达到1200家以上,力争突破1500家以上,新建省级创新平台5家以上,建设分站3家左右。"
    for broken in ["全年国家科技型中小企业确保达到1200家以上,力争突\n破1500家以上,新建省级创新平台5家以\n上,建设分站3家左\n右。",
                   "全年国家科技型中小企业确保达\n到1\n200家以上,力争突破1500家以上,新建省级创新平台5家以上,建设分站3家左右。"]:
        assert _records(broken, 2021) == _records(plain, 2021)
