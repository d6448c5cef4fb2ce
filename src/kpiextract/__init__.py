"""kpiextract: quantitative targets of Chinese government planning documents as structured records.

>>> import kpiextract
>>> kpiextract.parse_number("一千二")
1200
"""

from __future__ import annotations

from .errors import DocumentError, KpiextractError, LexiconError
from .extract import extract, extract_files, extract_frame, iter_files, iter_targets
from .frame import DTYPES, empty_frame
from .highlight import highlight
from .indicators import compare, describe, resolve_indicator_id, wide
from .lexicon import Lexicon, load_lexicon
from .numbers import parse_number
from .outcomes import outcomes
from .quantity import parse_quantity
from .metadata import Document, read_document
from .reader import read_text
from .records import COLUMNS, EXTRA_COLUMNS, Quantity, Target

__version__ = "0.1.0"

__all__ = [
    "COLUMNS",
    "DTYPES",
    "EXTRA_COLUMNS",
    "Document",
    "DocumentError",
    "KpiextractError",
    "Lexicon",
    "LexiconError",
    "Quantity",
    "Target",
    "__version__",
    "compare",
    "outcomes",
    "describe",
    "wide",
    "empty_frame",
    "extract",
    "extract_files",
    "extract_frame",
    "highlight",
    "iter_files",
    "iter_targets",
    "load_lexicon",
    "parse_number",
    "parse_quantity",
    "read_document",
    "read_text",
    "resolve_indicator_id",
]
