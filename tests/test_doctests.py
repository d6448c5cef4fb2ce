"""The examples in the public docstrings run, against the installed package."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import kpiextract

MODULES = [m.name for m in pkgutil.iter_modules(kpiextract.__path__, "kpiextract.") if m.name != "kpiextract.__main__"]


@pytest.mark.parametrize("name", ["kpiextract", *MODULES])
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_public_surface() -> None:
    assert set(kpiextract.__all__) == {
        "COLUMNS", "DTYPES", "EXTRA_COLUMNS", "DocumentError", "KpiextractError", "Lexicon", "LexiconError",
        "Quantity", "Target", "__version__", "extract", "extract_files", "iter_targets", "load_lexicon",
        "parse_number", "parse_quantity", "read_text", "compare", "outcomes", "describe", "resolve_indicator_id", "wide",
        "Document", "read_document", "empty_frame", "extract_frame", "highlight", "iter_files",
    }


def test_lexicons_ship_inside_the_package() -> None:
    from kpiextract.lexicon import LEXICON_FILES, lexicon_dir

    root = lexicon_dir()
    assert all((root / f).is_file() for f in LEXICON_FILES)


def test_import_is_light() -> None:
    """`import kpiextract` loads neither pandas nor jieba (cold start; both load on first use)."""
    import subprocess
    import sys

    code = "import sys, kpiextract; print('pandas' in sys.modules, 'jieba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
