"""Generality by construction (issue 18): one indicator table, drawn by hypothesis from realistic rows,
rendered in every layout a plan's table reaches us in — tab rows, one cell per line with and without blank
lines, a caption above, heads broken over two lines, other orders of columns, markdown pipes, HTML and DOCX —
must give the same records in every layout."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_tables import _docx

import kpiextract
from kpiextract.reader import docx_text, html_text

# (name, unit cell, base value, target cell, how the target reads: lower, upper, scale)
ROWS = [
    ("地区生产总值年均增长", "%", "5.6", "5左右", 5.0, 5.0, 1),
    ("全社会研发经费投入强度", "%", "2.1", "≥2.5", 2.5, None, 1),
    ("每万人口高价值发明专利拥有量", "件", "12", "20", 20.0, 20.0, 1),
    ("森林覆盖率", "%", "23.1", "＞24.5", 24.5, None, 1),
    ("常住人口城镇化率", "%", "61.2", "65", 65.0, 65.0, 1),
    ("细颗粒物平均浓度", "微克/立方米", "33", "≤30", None, 30.0, 1),
    ("城镇新增就业人数", "万人", "11.5", "12以上", 120000.0, None, 10000),
    ("人均公园绿地面积", "平方米", "9.5", "11", 11.0, 11.0, 1),
    ("技术合同成交额", "亿元", "180", "300", 3e10, 3e10, 1),
    ("新增光伏装机容量", "兆瓦", "40", "100", 100.0, 100.0, 1),
]
BINDING = {"约束性": "binding", "预期性": "expected"}
HEADS = {"number": "序号", "name": "指标名称", "unit": "单位", "attr": "属性", "base": "2025年基准", "target": "2030年目标"}
CAPTIONS = ["", "专栏1 “十五五”时期主要指标", "表1 主要指标", "“十五五”经济社会发展主要指标表"]


def _grid(rows: list[tuple], attrs: list[str], order: list[str]) -> list[list[str]]:
    body = []
    for n, (row, attr) in enumerate(zip(rows, attrs, strict=True), 1):
        cells = {"number": str(n), "name": row[0], "unit": row[1], "attr": attr, "base": row[2], "target": row[3]}
        body.append([cells[c] for c in order])
    return [[HEADS[c] for c in order], *body]


def _render(grid: list[list[str]], caption: str, layout: str) -> str:
    lead = "到2030年，主要目标如下。\n"
    tail = "\n二、重点任务\n（一）加快建设现代化产业体系，推动高质量发展。\n"
    cap = caption + "\n" if caption else ""
    if layout == "html":
        cells = "".join("<tr>" + "".join(f"<td>\n  {c}\n</td>" for c in r) + "</tr>" for r in grid)
        return html_text(f"<html><body><p>{lead}</p><p>{caption}</p><table>{cells}</table><p>{tail}</p></body></html>")
    if layout == "docx":
        return docx_text(_docx(grid))
    if layout == "tabs":
        table = "\n".join("\t".join(r) for r in grid)
    elif layout == "pipes":
        table = "\n".join("| " + " | ".join(r) + " |" for r in grid[:1]) + "\n|" + "---|" * len(grid[0]) + "\n" + \
            "\n".join("| " + " | ".join(r) + " |" for r in grid[1:])
    elif layout == "cell_per_line":
        table = "\n".join(itertools.chain.from_iterable(grid))
    elif layout == "cell_per_paragraph":
        table = "\n\n".join(itertools.chain.from_iterable(grid))
    elif layout == "head_over_two_lines":  # 2030年⏎目标 as a PDF or a narrow column wraps it
        head = [h.replace("年", "年\n") if h[:1].isdigit() else h for h in grid[0]]
        table = "\n".join(head) + "\n" + "\n".join(itertools.chain.from_iterable(grid[1:]))
    elif layout == "pdf_lines":  # a PDF's text layer: cells by single spaces, a long name wrapped over two lines
        lines = [" ".join(grid[0])]
        for row in grid[1:]:
            cells = list(row)
            name_at = next(k for k, c in enumerate(cells) if len(c) >= 5 and not c[0].isdigit())
            name = cells[name_at]
            if len(name) > 8:
                cut = len(name) // 2
                lines.append(" ".join(cells[:name_at] + [name[:cut]]))
                cells = [name[cut:]] + cells[name_at + 1:]
            else:
                cells = cells[:name_at] + [name] + cells[name_at + 1:]
            lines.append(" ".join(cells))
        table = "\n".join(lines)
    else:
        raise ValueError(layout)
    return lead + cap + table + tail


LAYOUTS = ["tabs", "pipes", "cell_per_line", "cell_per_paragraph", "head_over_two_lines", "html", "pdf_lines"]
ORDERS = [
    ["number", "name", "unit", "attr", "base", "target"],
    ["number", "name", "unit", "base", "target", "attr"],
    ["name", "unit", "attr", "base", "target"],
    ["number", "name", "attr", "unit", "base", "target"],
    ["name", "base", "target", "unit", "attr"],
]


def _records(text: str) -> list[tuple]:
    df = kpiextract.extract(text, year=2026)
    df = df[(df["status"] == "target") & (df["reason"] == "table")]
    return [(r.indicator, r.lower, r.upper, r.unit, r.binding, int(r.year))
            for r in df.astype(object).where(df.notna(), None).itertuples()]


def _expected(rows: list[tuple], attrs: list[str]) -> list[tuple]:
    out = []
    for (name, unit, _, _, lo, hi, _), attr in zip(rows, attrs, strict=True):
        base = unit[1:] if unit.startswith("万") or unit.startswith("亿") else unit
        out.append((name, lo, hi, base, BINDING[attr], 2030))
    return out


table_rows = st.lists(st.sampled_from(ROWS), min_size=2, max_size=6, unique=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=table_rows, attrs=st.lists(st.sampled_from(sorted(BINDING)), min_size=6, max_size=6),
       order=st.sampled_from(ORDERS), caption=st.sampled_from(CAPTIONS), layout=st.sampled_from(LAYOUTS))
def test_every_layout_gives_the_same_records(rows: list[tuple], attrs: list[str], order: list[str], caption: str,
                                             layout: str) -> None:
    attrs = attrs[:len(rows)]
    got = _records(_render(_grid(rows, attrs, order), caption, layout))
    assert got == _expected(rows, attrs), (layout, order, caption)


@settings(max_examples=20, deadline=None)
@given(rows=table_rows, attrs=st.lists(st.sampled_from(sorted(BINDING)), min_size=6, max_size=6))
def test_docx_table_gives_the_same_records(rows: list[tuple], attrs: list[str]) -> None:
    attrs = attrs[:len(rows)]
    grid = _grid(rows, attrs, ORDERS[0])
    assert _records(_render(grid, "", "docx")) == _records(_render(grid, "", "tabs")) == _expected(rows, attrs)
