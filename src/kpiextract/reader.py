"""Read a document file to text: plain text in UTF-8 (with or without BOM), UTF-16 with BOM or
GB18030/GBK, detected and never silently mis-decoded; HTML (visible text); DOCX; PDF (its text layer).

HTML and DOCX are read with the standard library; PDF needs the ``formats`` extra (pypdf).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree

from .errors import DocumentError

#: File endings read as documents (folders given to the CLI are searched for these).
SUFFIXES: frozenset[str] = frozenset({".txt", ".text", ".html", ".htm", ".docx", ".pdf"})

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ODD = re.compile(r"[\ue000-\uf8ff\ufffd\u0080-\u009f]")  # private use, replacement, C1 controls
#: In text decoded as GB18030, at least this share of the non-ASCII characters must be CJK characters
#: or punctuation, and (given 20 or more ideographs) this share of the ideographs must be among the 3755
#: common ones (GB2312 level 1): Chinese text scores 0.99, Big5 read as GB18030 0.11, Shift-JIS 0.0.
MIN_CJK_SHARE = 0.9
MIN_COMMON_SHARE = 0.6
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _common(c: str) -> bool:
    try:
        return 0xB0 <= c.encode("gb2312")[0] <= 0xD7  # GB2312 level 1: the 3755 most used characters
    except UnicodeEncodeError:
        return False


def _reads_as_chinese(text: str) -> bool:
    non_ascii = len(_NON_ASCII.findall(text))
    if _ODD.search(text) or (non_ascii and len(_CJK.findall(text)) / non_ascii < MIN_CJK_SHARE):
        return False
    han = _HAN.findall(text)
    return len(han) < 20 or sum(map(_common, han)) / len(han) >= MIN_COMMON_SHARE


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Decode document bytes: a BOM decides; else UTF-8; else GB18030 if the result reads as Chinese.

    Raises :class:`DocumentError` naming ``name`` when no encoding fits: nothing is guessed silently.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                raise DocumentError(f"{name}: starts with a {enc} byte-order mark but is not {enc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise DocumentError(f"{name}: not UTF-8, UTF-16 or GB18030 text") from None
    if not _reads_as_chinese(text):
        raise DocumentError(f"{name}: not UTF-8, and as GB18030 it does not read as Chinese; convert it to UTF-8")
    return text


class _VisibleText(HTMLParser):
    """Collects the text a browser shows: no scripts, styles or comments; blocks on lines of their own."""

    HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "title", "svg"})
    BLOCKS = frozenset({"p", "div", "br", "li", "tr", "table", "section", "article", "header", "footer",
                        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "hr", "td"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The visible text of an HTML page, one block per line.

    >>> html_text("<html><head><style>p{}</style></head><body><p>达到<b>5</b>家</p><script>x=1</script></body>")
    '达到5家'
    """
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)


def _decode_html(data: bytes, name: str) -> str:
    m = _CHARSET.search(data[:4096])
    if m and not data.startswith(tuple(b for b, _ in _BOMS)):
        enc = m.group(1).decode("ascii").lower()
        enc = "gb18030" if enc in ("gb2312", "gbk", "gb18030") else enc
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, name)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes, name: str = "<docx>") -> str:
    """The paragraphs of a .docx file, one per line (tables row by row)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            root = ElementTree.fromstring(z.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as err:
        raise DocumentError(f"{name}: not a readable .docx file ({err})") from None
    lines = []
    for p in root.iter(f"{_W}p"):
        parts = []
        for node in p.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(lines)


def pdf_text(data: bytes, name: str = "<pdf>") -> str:
    """The text layer of a PDF, page by page (needs ``pip install "kpiextract[formats]"``)."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:
        raise DocumentError(f"{name}: reading PDF needs pypdf: pip install \"kpiextract[formats]\"") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as err:
        raise DocumentError(f"{name}: not a readable PDF ({err})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise DocumentError(f"{name}: the PDF has no text layer (a scan?); run OCR first")
    return text


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of a document file, by its ending: .html/.htm, .docx, .pdf, else plain text.

    Offsets of :func:`kpiextract.extract` refer to this text (``kpiextract extract --dump-text DIR``
    writes it). :class:`DocumentError` names the path on failure.
    """
    p = os.fspath(path)
    try:
        with open(p, "rb") as f:
            data = f.read()
    except OSError as err:
        raise DocumentError(f"{p}: {err.strerror or err}") from None
    suffix = os.path.splitext(p)[1].lower()
    if suffix in (".html", ".htm"):
        return html_text(_decode_html(data, p))
    if suffix == ".docx":
        return docx_text(data, p)
    if suffix == ".pdf":
        return pdf_text(data, p)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(f"{p}: binary file, not text")
    return decode(data, p)
