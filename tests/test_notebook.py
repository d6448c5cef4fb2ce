"""docs/compare_regions.ipynb runs: its code cells are executed in order, as a script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import need_shared

NOTEBOOK = Path(__file__).resolve().parents[1] / "docs" / "compare_regions.ipynb"


def test_notebook_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    need_shared()
    import matplotlib

    matplotlib.use("Agg")
    monkeypatch.chdir(NOTEBOOK.parent)
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    namespace: dict[str, object] = {"__name__": "__notebook__"}
    for cell in cells:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), f"{NOTEBOOK.name}", "exec"), namespace)  # noqa: S102
    table = namespace["table"]
    assert "gdp_growth" in table.index and {"山东省", "浙江省"} <= set(table.columns)  # type: ignore[attr-defined]
    low = namespace["low"]
    assert len(low) >= 6 and (low > 0).all()  # type: ignore[operator]
    assert namespace["skipped"] == []  # every province in the frame has its GDP growth target plotted
    series = namespace["series"]
    assert set(series["doc_year"]) == {2003, 2026}  # type: ignore[index]
    counts = namespace["counts"]
    assert {"binding", "expected"} <= set(counts.columns)  # type: ignore[attr-defined]
