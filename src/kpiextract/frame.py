"""``to_frame``: targets to a pandas DataFrame with SPEC §2 columns and stable dtypes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .records import COLUMNS, EXTRA_COLUMNS, Target

if TYPE_CHECKING:  # pandas is imported on first use, so that `import kpiextract` stays fast
    import pandas as pd

#: The dtype of every column of :func:`kpiextract.extract`'s result.
DTYPES: dict[str, str] = {
    "doc_id": "string", "start": "int64", "end": "int64", "text": "string", "indicator": "string",
    "lower": "float64", "upper": "float64", "lower_inclusive": "boolean", "upper_inclusive": "boolean",
    "approx": "bool", "unit": "string", "modality": "string", "direction": "string", "period": "string",
    "year": "Int64", "owner": "string", "binding": "string", "status": "string", "sentence": "string",
    "value": "float64", "comparator": "string", "dimension": "string", "indicator_id": "string", "indicator_key": "string",
    "region": "string", "doc_year": "Int64", "section": "string", "verb": "string", "reason": "string",
}


def _dtype(name: str) -> Any:
    """The pandas dtype of a column. Text columns use Python string storage: it keeps any ``str`` (lone
    surrogates included, which Arrow storage rejects) and shares one sentence string between rows."""
    import pandas as pd

    return pd.StringDtype("python") if DTYPES[name] == "string" else DTYPES[name]


def _row(t: Target) -> tuple[object, ...]:
    q = t.quantity
    return (
        t.doc_id, t.start, t.end, t.text, t.indicator, float(q.lower), float(q.upper), q.lower_inclusive,
        q.upper_inclusive, q.approx, q.unit, t.modality, t.direction, t.period, t.year, t.owner, t.binding, t.status,
        t.sentence, float(q.value), q.comparator, q.dimension, t.indicator_id, t.indicator_key, t.region, t.doc_year,
        t.section, t.verb, t.reason,
    )


def empty_frame() -> pd.DataFrame:
    """A frame with every column and dtype and no rows."""
    import pandas as pd

    return pd.DataFrame({c: pd.Series([], dtype=_dtype(c)) for c in (*COLUMNS, *EXTRA_COLUMNS)})


def to_frame(targets: Iterable[Target]) -> pd.DataFrame:
    """Build the result frame: SPEC §2 columns in order, then the extras, with :data:`DTYPES`."""
    import pandas as pd

    rows = [_row(t) for t in targets]
    if not rows:
        return empty_frame()
    columns = (*COLUMNS, *EXTRA_COLUMNS)
    by_column = zip(*rows, strict=True)
    data = {c: pd.array(list(values), dtype=_dtype(c)) for c, values in zip(columns, by_column, strict=True)}
    return pd.DataFrame(data, copy=False)  # the arrays are new and the dict keeps the column order
