"""``read_document``: a document's text with the metadata it states about itself."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass

import regex

from .document import find_plan_year, find_region
from .lexicon import Lexicon, alternation, load_lexicon
from .reader import read_text
from .text import normalize

_HEAD = 3000  # characters: metadata stands near the top
_TITLE_MAX = 60


@dataclass(frozen=True)
class Document:
    """A document file's text and what it says about itself (``None`` where it does not say)."""

    path: str
    doc_id: str
    text: str
    title: str | None
    issuer: str | None
    date: str | None  # ISO 8601, YYYY-MM-DD
    doc_number: str | None
    region: str | None
    plan_year: int | None


@functools.cache
def _patterns(lex: Lexicon) -> dict[str, regex.Pattern[str]]:
    labels = alternation(lex.metadata_labels)
    number_end = alternation(lex.markers("doc_number"))
    return {
        "label": regex.compile(rf"(?P<label>{labels})\s*:\s*(?P<value>[^\s:]{{1,60}}(?: [^\s:]{{1,20}})?)"),
        # 2021-03-12, 2021年3月12日, 2021.3.12
        "date": regex.compile(
            r"(?<![0-9])((?:19|20)[0-9]{2})\s*[-/.\p{Han}]\s*([0-9]{1,2})\s*[-/.\p{Han}]\s*([0-9]{1,2})"
        ),
        # 威科字〔2021〕10号: an issuer's abbreviation, the year in brackets, a serial number
        "doc_number": regex.compile(
            rf"\p{{Han}}{{1,10}}[\[(〔［【]\s*(?:19|20)[0-9]{{2}}\s*[\])〕］】]\s*[0-9]{{1,5}}\s*{number_end}"
        ),
        "kind": regex.compile(alternation(lex.document_kinds)),
        "title_in_quotes": regex.compile(r"《([^《》]{2,60})》"),
        "issuer_line": regex.compile(rf"^\p{{Han}}{{2,30}}?{alternation(lex.issuer_suffixes)}"),
    }


def _iso(m: regex.Match[str]) -> str | None:
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def metadata(text: str, lex: Lexicon | None = None) -> dict[str, object]:
    """Title, issuer, date, document number, region and plan year stated near the top of ``text``."""
    lex = lex or load_lexicon()
    pat = _patterns(lex)
    head = normalize(text[:_HEAD], lex)
    labelled: dict[str, str] = {}
    for m in pat["label"].finditer(head):
        labelled.setdefault(lex.metadata_labels[m.group("label")], m.group("value").strip())
    date = None
    if "date" in labelled and (d := pat["date"].search(labelled["date"])):
        date = _iso(d)
    if date is None and (d := pat["date"].search(head)):
        date = _iso(d)
    number = pat["doc_number"].search(head)
    title = None
    for line in head.splitlines():
        s = line.strip()
        # a breadcrumb (首页 > 规划计划) is navigation and "label: value" metadata, not a title
        if 0 < len(s) <= _TITLE_MAX and not re.search(r"[。;!?>|:]", s) and pat["kind"].search(s):
            q = pat["title_in_quotes"].search(s)
            title = q.group(1) if q else s
            break
    issuer = labelled.get("issuer")
    if issuer is None:
        for line in head.splitlines():
            m = pat["issuer_line"].match(line.strip())
            if m:
                issuer = m.group()
                break
    return {
        "title": title, "issuer": issuer, "date": date,
        "doc_number": number.group() if number else labelled.get("doc_number"),
        "region": find_region(head, lex),
        "plan_year": find_plan_year(head, lex),
    }


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read a document file (any format :func:`kpiextract.read_text` reads) with its metadata.

    Raises :class:`kpiextract.DocumentError` naming the path when the file cannot be read.
    """
    p = os.fspath(path)
    text = read_text(p)
    meta = metadata(text)
    return Document(path=p, doc_id=os.path.splitext(os.path.basename(p))[0], text=text, **meta)  # type: ignore[arg-type]
