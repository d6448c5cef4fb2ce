"""Read a document file to text: plain text in UTF-8 (with or without BOM), UTF-16 with BOM or
GB18030/GBK, detected and never silently mis-decoded; HTML (visible text); DOCX; PDF (its text layer).

HTML and DOCX are read with the standard library; PDF needs the ``formats`` extra (pypdf).
"""

from __future__ import annotations

import codecs
import io
import logging
import numbers
import os
import re
import stat
import warnings
import zipfile
from typing import NamedTuple
from xml.etree import ElementTree

from .errors import DocumentError

#: The default bound on a document (bytes of the file, of a .docx's inflated XML, characters of the text):
#: a government document is rarely over a few megabytes; larger input is refused with a clear reason.
DEFAULT_MAX_BYTES = 32 * 2**20

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


SAMPLE = 200_000  # characters of a long text that decide whether it reads as Chinese


def _reads_as_chinese(text: str) -> bool:
    text = text[:SAMPLE]
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


_HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "iframe", "object"})
_BLOCKS = frozenset({"p", "div", "br", "li", "tr", "table", "section", "article", "header", "footer", "h1", "h2",
                     "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "hr", "dl", "dt", "dd", "caption",
                     "thead", "tbody", "tfoot", "form", "nav", "aside", "main", "figure", "figcaption"})
_CELLS = frozenset({"td", "th"})


def _span(el: object, name: str) -> int:
    try:
        return max(1, min(int(str(el.get(name, "1")).strip() or 1), 100))  # type: ignore[attr-defined]
    except ValueError:
        return 1


def html_text(html: str) -> str:
    """The visible text of an HTML page, one block per line; a table one row per line, its cells separated
    by a tab (a cell spanning n columns is followed by n - 1 empty ones), nested tables flattened.

    Parsed with lxml, which is linear on hostile markup (unclosed tags, marked sections).

    >>> html_text("<html><head><style>p{}</style></head><body><p>达到<b>5</b>家</p><script>x=1</script></body>")
    '达到5家'
    >>> html_text("<table><tr><th>指标</th><th>2025年</th></tr><tr><td>GDP增长</td><td>5%</td></tr></table>")
    '指标\\t2025年\\nGDP增长\\t5%'
    """
    import lxml.etree
    import lxml.html


    if not html.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):  # nothing but a comment, or no element at all
        return ""
    parts: list[str] = []
    hidden, cell_depth = 0, 0
    stack: list[tuple[object, bool]] = [(root, False)]  # iterative: no recursion limit on deep nesting
    while stack:
        el, closing = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else None  # type: ignore[attr-defined]
        if tag is None:  # a comment or processing instruction: only its tail is text
            if el.tail and not hidden:  # type: ignore[attr-defined]
                parts.append(el.tail)  # type: ignore[attr-defined]
            continue
        if not closing:
            if tag in _HIDDEN:
                hidden += 1
            elif not hidden:
                if tag in _CELLS:
                    cell_depth += 1
                elif tag in _BLOCKS:
                    parts.append(" " if cell_depth else "\n")
                if el.text:  # type: ignore[attr-defined]
                    parts.append(el.text)  # type: ignore[attr-defined]
            stack.append((el, True))
            stack.extend((child, False) for child in reversed(el))  # type: ignore[call-overload]
            continue
        if tag in _HIDDEN:
            hidden -= 1
        elif not hidden:
            if tag in _CELLS:
                cell_depth -= 1
                parts.append("\t" * _span(el, "colspan") if not cell_depth else " ")  # nested: flattened
            elif tag in _BLOCKS:
                parts.append(" " if cell_depth else "\n")
        if el.tail and not hidden:  # type: ignore[attr-defined]
            parts.append(el.tail)  # type: ignore[attr-defined]
    return _tidy_lines("".join(parts))


def _tidy_lines(text: str) -> str:
    """Runs of spaces made one, lines stripped, empty lines dropped; a row's trailing tab dropped."""
    out = []
    for line in text.split("\n"):
        cells = [re.sub(r"[ \r\f\v]+", " ", c).strip() for c in line.split("\t")]
        while len(cells) > 1 and not cells[-1]:
            cells.pop()
        line = "\t".join(cells)
        if line.strip():
            out.append(line)
    return "\n".join(out)


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
#: Encodings a page may declare that are read as declared (when the result reads as Chinese): real text
#: encodings of Chinese pages, never a codec such as unicode_escape or a BOM-less UTF-16.
DECLARED_ENCODINGS = frozenset({"utf-8", "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950", "cp936", "ascii"})


def _decode_html(data: bytes, name: str) -> str:
    m = _CHARSET.search(data[:4096])
    if m and not data.startswith(tuple(b for b, _ in _BOMS)):
        try:
            enc = codecs.lookup(m.group(1).decode("ascii")).name
        except LookupError:
            enc = ""
        if enc in DECLARED_ENCODINGS:
            enc = "gb18030" if enc in ("gb2312", "gbk", "cp936") else enc
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                text = None
            if text is not None and _reads_as_chinese(text):
                return text
    return decode(data, name)  # a declaration that is no encoding, or does not fit: detect


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes, name: str = "<docx>", max_bytes: int | None = None) -> str:
    """The paragraphs of a .docx file, one per line; a table one row per line with its cells separated by a
    tab (merged cells left empty as the grid implies, nested tables flattened).

    ``max_bytes`` bounds ``word/document.xml`` once inflated (default :data:`DEFAULT_MAX_BYTES`).
    """
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo("word/document.xml")
        if info.flag_bits & 0x1:
            raise DocumentError(f"{name}: the .docx is encrypted")
        if info.file_size > limit:
            raise DocumentError(f"{name}: too large: word/document.xml inflates to {info.file_size} bytes "
                                f"(max_bytes is {limit})")
        with z.open(info) as f:
            xml = f.read(limit + 1)
        if len(xml) > limit:
            raise DocumentError(f"{name}: too large: word/document.xml inflates past max_bytes ({limit})")
    root = ElementTree.fromstring(xml)
    body = root.find(f"{_W}body")
    lines: list[str] = []
    for child in (body if body is not None else root):
        if child.tag == f"{_W}tbl":
            lines.extend(_docx_rows(child))
        elif child.tag == f"{_W}p":
            lines.append(_docx_paragraph(child))
    return "\n".join(lines)


def _docx_paragraph(p: ElementTree.Element) -> str:
    parts = []
    for node in p.iter():
        if node.tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{_W}tab":
            parts.append(" ")  # a tab inside a paragraph is spacing; tabs separate table cells
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


def _docx_rows(tbl: ElementTree.Element) -> list[str]:
    rows = []
    for tr in tbl.iter(f"{_W}tr"):
        cells = []
        for tc in tr.findall(f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            span, merged = 1, False
            if props is not None:
                grid = props.find(f"{_W}gridSpan")
                if grid is not None:
                    span = _span({"v": grid.get(f"{_W}val", "1")}, "v")  # type: ignore[arg-type]
                vm = props.find(f"{_W}vMerge")
                merged = vm is not None and vm.get(f"{_W}val", "continue") == "continue"
            text = "" if merged else " ".join(
                _docx_paragraph(p).replace("\n", " ") for p in tc.iter(f"{_W}p")).strip()
            cells += [text] + [""] * (span - 1)
        rows.append("\t".join(cells).rstrip("\t"))
    return rows


def pdf_text(data: bytes, name: str = "<pdf>") -> str:
    """The text layer of a PDF, page by page (needs ``pip install "kpiextract[formats]"``)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        raise DocumentError(f"{name}: reading PDF needs pypdf: pip install \"kpiextract[formats]\"") from None
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise DocumentError(f"{name}: the PDF is encrypted")
    first: dict[object, int] = {}  # pages that share one content stream are read once (a hostile file
    copies: dict[int, int] = {}    # repeats one large stream on every page): page -> the page it repeats
    texts: list[str] = []
    tabled: list[int] = []         # pages whose text looks like a table: asked again, for their grid
    for n, page in enumerate(reader.pages):
        ref = page.raw_get("/Contents") if "/Contents" in page else None
        key = (getattr(ref, "idnum", None), getattr(ref, "generation", None), str(page.raw_get("/Resources"))
               if "/Resources" in page else "")
        if key[0] is not None and key in first:
            copies[n] = first[key]
            texts.append(texts[first[key]])
            continue
        texts.append(page.extract_text() or "")
        if key[0] is not None:
            first[key] = n
        if _looks_tabular(texts[-1]):
            tabled.append(n)
    for n, page_text in _pdf_tables(data, tabled).items():
        texts[n] = page_text
    for n, f in copies.items():
        texts[n] = texts[f]
    text = "\n".join(texts)
    if not text.strip():
        raise DocumentError(f"{name}: the PDF has no text layer (a scan?); run OCR first")
    return text


_FIGURES_LINE = re.compile(r"^.*(?:^|\s)[<>≥≤=]?\s?[0-9][0-9.,%]*(?:\s|$)", re.M)  # a figure standing as a cell
TABULAR_LINES = 3  # lines ending in a figure that make a page worth asking for its table grid
TABLE_PAGES_MAX = 50  # pages of one PDF asked for a grid at most (a table extractor reads a page slowly)


def _looks_tabular(page_text: str) -> bool:
    return len(_FIGURES_LINE.findall(page_text)) >= TABULAR_LINES


def _pdf_tables(data: bytes, pages: list[int]) -> dict[int, str]:
    """The given pages with their ruled tables as rows of tab-separated cells (the text above, between and
    below them as it stands), where pdfplumber (the ``formats`` extra) is installed and finds a table; a
    page without one keeps the text layer's reading."""
    if not pages:
        return {}
    try:
        import pdfplumber
    except ImportError:
        return {}
    out: dict[int, str] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for n in pages[:TABLE_PAGES_MAX]:
            page = pdf.pages[n]
            tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
            if not tables:
                continue
            parts, top = [], 0.0
            for t in tables:
                x0, y0, x1, y1 = t.bbox
                if y0 > top:
                    parts.append(page.crop((0, top, page.width, y0)).extract_text() or "")
                rows = t.extract()
                parts.append("\n".join("\t".join(" ".join((c or "").split()) for c in row) for row in rows))
                top = max(top, y1)
            if top < page.height:
                parts.append(page.crop((0, top, page.width, page.height)).extract_text() or "")
            out[n] = "\n".join(p for p in parts if p.strip())
    return out


class Read(NamedTuple):
    """A document's text and the warnings its reader gave (one line each)."""

    text: str
    warnings: tuple[str, ...]


def _read_bytes(p: str, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``: a FIFO, a device or a folder is never opened
    for reading (it could block or never end)."""
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise DocumentError(f"{p}: {err.strerror or err}") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise DocumentError(f"{p}: not a regular file (a folder, FIFO or device is not read)")
    with os.fdopen(fd, "rb") as f:
        if st.st_size > max_bytes:
            raise DocumentError(f"{p}: too large: {st.st_size} bytes (max_bytes is {max_bytes})")
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DocumentError(f"{p}: too large: more than {max_bytes} bytes (max_bytes)")
    return data


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_max_bytes(max_bytes: object) -> int:
    """``max_bytes`` as a positive int, else a ``TypeError`` / ``ValueError`` at the call."""
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, numbers.Integral):
        raise TypeError(f"max_bytes must be an int (a number of bytes), not {max_bytes!r}")
    if max_bytes <= 0:
        raise ValueError(f"max_bytes must be positive, not {max_bytes}")
    return int(max_bytes)


def read(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Read:
    """Read a document file like :func:`read_text`, and keep its reader's warnings (a PDF library's "EOF
    marker not found") as one-line messages instead of letting them reach standard error."""
    max_bytes = check_max_bytes(max_bytes)
    p = safe_name(os.fspath(path))
    data = _read_bytes(os.fspath(path), max_bytes)
    suffix = os.path.splitext(p)[1].lower()
    kind = {".html": "HTML", ".htm": "HTML", ".docx": ".docx", ".pdf": "PDF"}.get(suffix, "text")
    handler = _Collect()
    logger = logging.getLogger("pypdf")
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            text = _parse(data, p, suffix, max_bytes)
    except DocumentError:
        raise
    except Exception as err:  # any reader failure is this file's, never the batch's
        detail = str(err).splitlines()[0][:200] if str(err) else ""
        raise DocumentError(f"{p}: not a readable {kind} file ({type(err).__name__}{': ' + detail if detail else ''})"
                            ) from None
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    if len(text) > max_bytes:
        raise DocumentError(f"{p}: too large: its text has {len(text)} characters (max_bytes is {max_bytes})")
    if _SURROGATE.search(text):  # a PDF's ToUnicode map can yield lone surrogates: no writer can encode them
        text = _SURROGATE.sub("\ufffd", text)
    notes = [*handler.messages, *(str(w.message) for w in caught)]
    return Read(text, tuple(f"{p}: {' '.join(n.split())}" for n in dict.fromkeys(notes)))


def _parse(data: bytes, p: str, suffix: str, max_bytes: int) -> str:
    if suffix in (".html", ".htm"):
        return html_text(_decode_html(data, p))
    if suffix == ".docx":
        return docx_text(data, p, max_bytes)
    if suffix == ".pdf":
        return pdf_text(data, p)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(f"{p}: binary file, not text")
    return decode(data, p)


def safe_name(name: str) -> str:
    """A file name that can be printed and written: bytes that are not UTF-8 (names unzipped from Chinese
    archives) read as GB18030 where that gives Chinese, else replaced."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        as_gb = raw.decode("gb18030")
        if _reads_as_chinese(as_gb):
            return as_gb
    except UnicodeDecodeError:
        pass
    return raw.decode("utf-8", "replace")


def read_text(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a document file, by its ending: .html/.htm, .docx, .pdf, else plain text.

    Offsets of :func:`kpiextract.extract` refer to this text (``kpiextract extract --dump-text DIR``
    writes it). Only regular files of at most ``max_bytes`` bytes are read (also the bound on a .docx's
    inflated XML and on the text); anything that goes wrong raises :class:`DocumentError` naming the path.
    """
    return read(path, max_bytes).text
