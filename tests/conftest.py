"""Shared helpers: case files under tests/cases, the shared corpus beside the project root."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def tsv_cases(name: str) -> list[dict[str, str]]:
    """Rows of a case TSV (comments start with #), each a dict; short rows are padded with ""."""
    with (CASES / name).open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    return [dict(zip(header, row + [""] * (len(header) - len(row)), strict=True)) for row in reader]


def jsonl_cases(name: str) -> list[dict]:
    with (CASES / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip() and not line.startswith("#")]


def params(rows: list[dict], key: str = "input") -> list:
    return [pytest.param(r, id=r[key] or "<empty>") for r in rows]


def need_shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/corpus is not beside the checkout")
    return SHARED
