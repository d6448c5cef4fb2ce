"""Read a document file to text: UTF-8 (with or without BOM) or GB18030, detected, never mis-decoded."""

from __future__ import annotations

import os

from .errors import DocumentError

_ENCODINGS = ("utf-8-sig", "gb18030")


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Decode document bytes: UTF-8 (BOM or not) first, then GB18030; strict, so nothing is mis-decoded."""
    for enc in _ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise DocumentError(f"{name}: not UTF-8 or GB18030 text")


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of a plain-text document file; :class:`DocumentError` names the path on failure."""
    p = os.fspath(path)
    try:
        with open(p, "rb") as f:
            data = f.read()
    except OSError as err:
        raise DocumentError(f"{p}: {err.strerror or err}") from None
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(f"{p}: binary file, not text")
    return decode(data, p)
