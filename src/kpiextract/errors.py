"""Exceptions raised by kpiextract. Parse failures of one string stay plain :class:`ValueError`."""

from __future__ import annotations


class KpiextractError(Exception):
    """Base class of kpiextract's own errors."""


class LexiconError(KpiextractError):
    """A lexicon file is malformed; names the file, line and column."""

    def __init__(self, file: str, line: int, column: str, message: str) -> None:
        self.file, self.line, self.column, self.message = file, line, column, message
        super().__init__(f"{file}:{line}: column {column!r}: {message}")

    def __reduce__(self) -> tuple[type[LexiconError], tuple[str, int, str, str]]:
        """Rebuilt from its four parts, so that it crosses from a worker process intact."""
        return type(self), (self.file, self.line, self.column, self.message)


class DocumentError(KpiextractError):
    """A document could not be read or decoded; names the path."""
