"""Reading what governments publish: encodings, HTML, DOCX, PDF, and the metadata a document states."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import need_shared

from kpiextract import DocumentError, extract, read_document, read_text
from kpiextract.reader import decode

DOC = "2021年全市科技工作要点\n全年國家科技型中小企業確保達到1200家以上，力爭突破1500家以上。\n"
SIMPLE = "2021年全市科技工作要点\n全年国家科技型中小企业确保达到1200家以上,力争突破1500家以上。高新技术企业达到800家。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk"])
def test_text_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    text = SIMPLE if encoding == "gbk" else DOC
    p = tmp_path / "doc.txt"
    p.write_bytes(text.encode(encoding))
    assert read_text(p) == text


@pytest.mark.parametrize("encoding", ["big5", "shift_jis"])
def test_other_encodings_are_refused_not_misread(encoding: str) -> None:
    data = ("全年國家科技型中小企業確保達到1200家以上，力爭突破1500家以上。" * 3).encode(encoding, errors="ignore")
    with pytest.raises(DocumentError, match="does not read as Chinese|not UTF-8"):
        decode(data, "x.txt")


def test_binary_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    p.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(DocumentError, match="x.txt"):
        read_text(p)


def test_html_visible_text(tmp_path: Path) -> None:
    html = (
        '<html><head><meta charset="gbk"><title>标题</title><style>.a{}</style>'
        "<script>var n = '9999家';</script></head><body><div>首页 &gt; 规划计划</div>"
        "<p>全年服务企业<b>2000家</b>以上。</p><p>培训&nbsp;700人次。</p></body></html>"
    )
    p = tmp_path / "page.html"
    p.write_bytes(html.encode("gbk"))
    text = read_text(p)
    assert "9999" not in text and ".a{}" not in text and "标题" not in text
    assert "全年服务企业2000家以上。" in text.splitlines()
    df = extract(text, year=2021)
    assert list(df["text"]) == ["2000家以上", "700人次"]


def _docx(paragraphs: list[str]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def test_docx_paragraphs(tmp_path: Path) -> None:
    p = tmp_path / "plan.docx"
    p.write_bytes(_docx(["2021年工作计划", "全年新增高新技术企业100家以上。"]))
    assert read_text(p) == "2021年工作计划\n全年新增高新技术企业100家以上。"
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(DocumentError, match="bad.docx"):
        read_text(bad)


def _pdf(line: str) -> bytes:
    """A one-page PDF whose text layer is ``line`` (Latin-1 text in Helvetica)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for i, o in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + o + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def test_pdf_text_layer(tmp_path: Path) -> None:
    p = tmp_path / "report.pdf"
    p.write_bytes(_pdf("GDP 5% 2026"))
    assert "GDP 5% 2026" in read_text(p)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    with pytest.raises(DocumentError, match="bad.pdf"):
        read_text(bad)


def test_read_document_metadata() -> None:
    shared = need_shared()
    d = read_document(shared / "corpus" / "docs" / "weihai-2021.txt")
    assert (d.title, d.issuer, d.date, d.doc_number, d.region, d.plan_year) == (
        "2021年全市科技工作要点", "威海市科学技术局", "2021-03-12", "威科字〔2021〕10号", "威海市", 2021)
    g = read_document(shared / "corpus" / "docs" / "gwr2026-shandong.txt")
    assert (g.title, g.date, g.region, g.plan_year) == ("2026年山东省政府工作报告", "2026-02-01", "山东省", 2026)
    j = read_document(shared / "corpus" / "docs" / "jiaozhou-2017.txt")
    assert (j.title, j.issuer, j.doc_number, j.region) == (
        "2017年科技工作要点", "胶州市科技和工业信息化局", "胶科工字〔2017〕1号", "胶州市")


def test_read_document_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="nope.txt"):
        read_document(tmp_path / "nope.txt")
