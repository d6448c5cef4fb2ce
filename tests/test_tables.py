"""Indicator tables (SPEC §5): table-driven cases for each form a table arrives in, the same records
from an HTML or a DOCX copy as from text, and the dev tables' bar."""

from __future__ import annotations

import io
import zipfile

import pytest
from conftest import jsonl_cases, params
from test_extract import _same

import kpiextract
from kpiextract.reader import docx_text, html_text

TABLES = jsonl_cases("tables.jsonl")


@pytest.mark.parametrize("case", params(TABLES, key="note"))
def test_table_case(case: dict) -> None:
    df = kpiextract.extract(case["text"], year=case["year"])
    targets = df[df["status"] == "target"]
    assert list(targets["text"]) == [t["text"] for t in case["targets"]], targets[["text", "indicator"]]
    for (_, row), want in zip(targets.iterrows(), case["targets"], strict=True):
        for field, value in want.items():
            assert _same(row[field], value), f"{want['text']}: {field} = {row[field]!r}, want {value!r}"


ROWS = [["指标", "2020年", "2025年", "属性"], ["地区生产总值增长(%)", "3.6", "6以上", "预期性"],
        ["单位地区生产总值能源消耗降低(%)", "-", "[14]", "约束性"], ["森林覆盖率(%)", "23.1", "24.5", "约束性"]]
TITLE = "“十四五”主要指标"


def _html(rows: list[list[str]]) -> str:
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<html><body><p>{TITLE}</p><table>{body}</table><p>结语。</p></body></html>"


def _docx(rows: list[list[str]]) -> bytes:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def para(t: str) -> str:
        return f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>"

    cells = "".join("<w:tr>" + "".join(f"<w:tc>{para(c)}</w:tc>" for c in r) + "</w:tr>" for r in rows)
    xml = f'<?xml version="1.0"?><w:document {w}><w:body>{para(TITLE)}<w:tbl>{cells}</w:tbl>{para("结语。")}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def _records(text: str) -> list[tuple]:
    df = kpiextract.extract(text, year=2021)
    df = df[df["status"] == "target"]
    return list(zip(df["text"], df["indicator"], df["lower"], df["unit"], df["binding"], df["period"], strict=True))


def test_same_records_from_text_html_and_docx() -> None:
    as_text = TITLE + "\n" + "\n".join("\t".join(r) for r in ROWS)
    from_html = html_text(_html(ROWS))
    from_docx = docx_text(_docx(ROWS))
    assert from_html.split("\n")[1:5] == as_text.split("\n")[1:5] == from_docx.split("\n")[1:5]
    assert _records(as_text) == _records(from_html) == _records(from_docx)
    assert len(_records(as_text)) == 3


def test_merged_cells_keep_the_grid() -> None:
    assert html_text('<table><tr><td colspan="2">类别</td><td>5%</td></tr></table>') == "类别\t\t5%"
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (f'<w:document xmlns:w="{w}"><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>'
           "<w:p><w:r><w:t>类别</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>5%</w:t></w:r></w:p></w:tc></w:tr>"
           "</w:tbl></w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", xml)
    assert docx_text(buf.getvalue()) == "类别\t\t5%"


def test_prose_binding_mark() -> None:
    df = kpiextract.extract("单位地区生产总值能耗下降13.5%(约束性指标),城镇调查失业率5.5%左右。", year=2021)
    assert list(df["binding"].astype(object).where(df["binding"].notna(), None)) == ["binding", None]


def test_no_table_in_prose_that_names_indicators() -> None:
    text = "(二)发展目标和主要指标\n到2030年,经济实力进一步提升,主要指标年均增速保持在合理区间。\n"
    assert kpiextract.tables.find_tables(kpiextract.text.prepare(text), kpiextract.load_lexicon()) == []


def _ruled_table_pdf(rows: list[list[str]]) -> bytes:
    """A one-page PDF with a ruled grid and a word in each cell (ASCII: the standard Helvetica font)."""
    x0, y0, w, h = 72, 600, 150, 30
    ops = [f"{x0} {y0 - r * h} m {x0 + len(rows[0]) * w} {y0 - r * h} l S" for r in range(len(rows) + 1)]
    ops += [f"{x0 + c * w} {y0} m {x0 + c * w} {y0 - len(rows) * h} l S" for c in range(len(rows[0]) + 1)]
    ops += [f"BT /F1 11 Tf {x0 + c * w + 5} {y0 - r * h - 20} Td ({cell}) Tj ET"
            for r, row in enumerate(rows) for c, cell in enumerate(row)]
    ops.append("BT /F1 11 Tf 72 700 Td (Main indicators) Tj ET")
    stream = "\n".join(ops).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    from test_hostile import pdf_file

    return pdf_file(objs)


def test_pdf_ruled_table_becomes_tab_separated_rows() -> None:
    pytest.importorskip("pdfplumber")
    from kpiextract.reader import pdf_text

    rows = [["Indicator", "2025", "Attr"], ["GDP growth", "6", "E"], ["Forest", "24.5", "B"]]
    text = pdf_text(_ruled_table_pdf(rows))
    assert "Indicator\t2025\tAttr\nGDP growth\t6\tE\nForest\t24.5\tB" in text
    assert text.startswith("Main indicators")
