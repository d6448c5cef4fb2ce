"""Hostile and broken files (issue 12): each is read or skipped with a one-line reason, in bounded time,
and never sinks the batch. Plus a seeded mutation fuzz of small valid DOCX, HTML and PDF files."""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import time
import warnings
import zipfile
from pathlib import Path

import pytest

import kpiextract
from kpiextract.errors import DocumentError
from kpiextract.extract import extract_path
from kpiextract.reader import read

GOOD = "2026年工作要点\n全年服务企业2000家以上。\n"


def docx_bytes(body_xml: str, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    doc = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           f'wordprocessingml/2006/main"><w:body>{body_xml}</w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compress) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", doc)
    return buf.getvalue()


PARAGRAPH = "<w:p><w:r><w:t>全年服务企业2000家以上。</w:t></w:r></w:p>"


def pdf_file(objs: list[bytes]) -> bytes:
    """A PDF written by hand from its objects (1 is the catalog), with an xref table."""
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def minimal_pdf(text: str = "GDP growth 5%") -> bytes:
    """A one-page PDF with a text layer."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    return pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def shared_stream_pdf(pages: int = 150, lines: int = 3000) -> bytes:
    """Many pages that all draw one large content stream (a hostile PDF: seconds per page if re-read)."""
    stream = b"\n".join(b"BT /F1 12 Tf 72 %d Td (GDP growth 5 percent line %d) Tj ET" % (700 - i % 600, i)
                        for i in range(lines))
    kids = " ".join(f"{5 + i} 0 R" for i in range(pages)).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>"
             for _ in range(pages)]
    return pdf_file(objs)


def _corrupt_deflate() -> bytes:
    data = bytearray(docx_bytes(PARAGRAPH * 50))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 5, start + 40):
        data[i] ^= 0x5A
    return bytes(data)


def _flag(data: bytes, name: str, *, flag: int = 0, method: int | None = None) -> bytes:
    """Set a zip entry's general-purpose flag bits or compression method in both headers."""
    b = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    local = info.header_offset
    cd = data.rfind(b"PK\x01\x02", 0, data.find(name.encode(), data.find(b"PK\x01\x02")) + 1)
    for off, fl, me in ((local, 6, 8), (cd, 8, 10)):
        if flag:
            b[off + fl] |= flag
        if method is not None:
            b[off + me:off + me + 2] = method.to_bytes(2, "little")
    return bytes(b)


HOSTILE = {
    "corrupt-deflate.docx": _corrupt_deflate,
    "encrypted-entry.docx": lambda: _flag(docx_bytes(PARAGRAPH), "word/document.xml", flag=0x1),
    "unknown-method.docx": lambda: _flag(docx_bytes(PARAGRAPH), "word/document.xml", method=99),
    "not-a-zip.docx": lambda: b"PK\x03\x04 not really",
    "marked-section.html": lambda: "<html><body><![ ]><p>全年服务企业2000家以上。</p></body></html>".encode(),
    "charset-undefined.html": lambda: '<meta charset="undefined"><p>全年服务企业2000家以上。</p>'.encode(),
    "charset-codec.html": lambda: '<meta charset="unicode_escape"><p>全年\\u0041服务企业2000家以上。</p>'.encode(),
    "charset-utf16-no-bom.html": lambda: '<meta charset="utf-16"><p>全年服务企业2000家以上。</p>'.encode(),
    "truncated.pdf": lambda: minimal_pdf()[:200],
    "garbage.pdf": lambda: b"%PDF-1.7\n" + bytes(range(256)) * 20,
    "binary.txt": lambda: b"\x00\x01\x02" * 100,
    "big5.txt": lambda: "全年服務企業兩千家".encode("big5"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_read_or_reported(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(HOSTILE[name]())
    t = time.perf_counter()
    try:
        got = read(path)
        assert isinstance(got.text, str)
    except DocumentError as err:
        assert str(err).startswith(str(path)) and "\n" not in str(err)
    assert time.perf_counter() - t < 10


def test_declared_charset_that_is_no_encoding_falls_back_to_detection(tmp_path: Path) -> None:
    for name in ("charset-undefined.html", "charset-codec.html", "charset-utf16-no-bom.html"):
        p = tmp_path / name
        p.write_bytes(HOSTILE[name]())
        assert "2000家以上" in read(p).text


def test_marked_section_html_is_read() -> None:
    assert "2000家以上" in kpiextract.reader.html_text(HOSTILE["marked-section.html"]().decode())


def test_quadratic_html_is_linear(tmp_path: Path) -> None:
    p = tmp_path / "a.html"
    p.write_bytes(b"<a" * 200_000 + "全年服务企业2000家以上。".encode())
    t = time.perf_counter()
    read(p)
    assert time.perf_counter() - t < 5


def test_docx_bomb_is_refused_by_its_inflated_size(tmp_path: Path) -> None:
    p = tmp_path / "bomb.docx"
    p.write_bytes(docx_bytes("<w:p><w:r><w:t>" + "0" * 3_000_000 + "</w:t></w:r></w:p>"))
    assert p.stat().st_size < 100_000
    with pytest.raises(DocumentError, match="too large"):
        read(p, max_bytes=1_000_000)


def test_too_large_and_not_regular_files_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(GOOD.encode() * 1000)
    with pytest.raises(DocumentError, match="too large"):
        read(big, max_bytes=10_000)
    with pytest.raises(DocumentError, match="not a regular file"):
        read("/dev/zero")
    fifo = tmp_path / "in.txt"
    os.mkfifo(fifo)
    t = time.perf_counter()
    with pytest.raises(DocumentError, match="not a regular file"):
        read(fifo)
    assert time.perf_counter() - t < 2


def test_encrypted_pdf_is_reported(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter()
    w.append(PdfReader(io.BytesIO(minimal_pdf())))
    w.encrypt("secret", algorithm="RC4-128")
    p = tmp_path / "locked.pdf"
    with open(p, "wb") as f:
        w.write(f)
    with pytest.raises(DocumentError, match="encrypted|not a readable"):
        read(p)


def test_pdf_sharing_one_content_stream_is_read_once(tmp_path: Path) -> None:
    p = tmp_path / "shared.pdf"
    p.write_bytes(shared_stream_pdf())
    t = time.perf_counter()
    text = read(p).text
    assert time.perf_counter() - t < 10 and text.count("line 2999") == 150


def test_pdf_warnings_are_kept_as_messages(tmp_path: Path) -> None:
    p = tmp_path / "noeof.pdf"
    p.write_bytes(minimal_pdf().replace(b"%%EOF", b""))
    try:
        got = read(p)
    except DocumentError:
        return
    assert all("\n" not in w and w.startswith(str(p)) for w in got.warnings)


def test_one_bad_file_never_sinks_the_batch(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    for name in ("corrupt-deflate.docx", "marked-section.html", "truncated.pdf", "encrypted-entry.docx"):
        (tmp_path / name).write_bytes(HOSTILE[name]())
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        df = kpiextract.extract_files([tmp_path], on_error="warn")
    assert "good" in set(df["doc_id"])
    assert {Path(p).name for p, _ in df.attrs["failures"]} >= {"corrupt-deflate.docx", "encrypted-entry.docx"}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        r = subprocess.run([sys.executable, "-m", "kpiextract", "extract", str(tmp_path), "-o", str(out),
                            "--jobs", jobs], capture_output=True, text=True, timeout=120, check=False)
        assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
        assert "2000家以上" in out.read_text(encoding="utf-8")
        assert all(line.startswith("kpiextract: ") for line in r.stderr.splitlines())


SEEDS = {
    "docx": lambda: docx_bytes(PARAGRAPH * 3 + "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>指标</w:t></w:r></w:p></w:tc>"
                               "</w:tr></w:tbl>"),
    "html": lambda: "<html><body><table><tr><td>指标</td><td>5%</td></tr></table><p>全年服务企业2000家以上。</p>"
                    "</body></html>".encode(),
    "pdf": minimal_pdf,
}


def _mutate(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op, i = rng.random(), rng.randrange(len(b))
        if op < 0.5:
            b[i] = rng.randrange(256)
        elif op < 0.7:
            del b[i:i + rng.randint(1, 50)]
        elif op < 0.9:
            b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 20)))
        else:
            b = b[:i]
        if not b:
            b = bytearray(b"x")
    return bytes(b)


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_fuzz_mutated_files_are_read_or_skipped(tmp_path: Path, kind: str) -> None:
    rng = random.Random(f"kpiextract-{kind}")
    seed = SEEDS[kind]()
    for n in range(150):
        p = tmp_path / f"m{n}.{kind}"
        p.write_bytes(_mutate(seed, rng))
        path, result = extract_path(p)
        assert isinstance(result, DocumentError) or "doc_id" in result.columns


def test_a_broken_lexicon_is_raised_once_not_blamed_on_every_file(tmp_path: Path, monkeypatch) -> None:
    import importlib
    import pickle

    from kpiextract import LexiconError

    ex = importlib.import_module("kpiextract.extract")  # the module, not the function of that name

    def broken(*_a: object, **_k: object) -> None:
        raise LexiconError("units.tsv", 7, "unit", "'x' is not itself a surface")

    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("地区生产总值增长5%。", encoding="utf-8")
    monkeypatch.setattr(ex, "load_lexicon", broken)
    with pytest.raises(LexiconError, match="units.tsv:7"):
        ex.extract_files([tmp_path])
    err = pickle.loads(pickle.dumps(LexiconError("units.tsv", 7, "unit", "bad")))  # crosses --jobs workers
    assert (err.file, err.line, str(err)) == ("units.tsv", 7, "units.tsv:7: column 'unit': bad")
