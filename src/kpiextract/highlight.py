"""Show targets highlighted inside their sentences, as HTML (Jupyter renders it inline)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

_STYLE = {"target": "background:#ffe08a", "reported": "background:#d7e3f4", "other": "background:#e6e6e6"}


class HTML(str):
    """A string of HTML that Jupyter displays as HTML."""

    def _repr_html_(self) -> str:
        return str(self)


def highlight(frame: pd.DataFrame, statuses: tuple[str, ...] = ("target",), max_sentences: int = 200) -> HTML:
    """Each sentence that holds a row of ``frame`` with one of ``statuses``, its quantities marked.

    Hovering a mark shows the indicator, the bounds and the modality. In Jupyter the result renders as
    HTML; elsewhere it is a plain ``str`` of HTML.

    >>> import kpiextract
    >>> df = kpiextract.extract("全年服务企业500家以上。", year=2021)
    >>> "<mark" in kpiextract.highlight(df)
    True
    """
    from .indicators import describe

    rows = frame[frame["status"].isin(statuses)]
    out = ['<div class="kpiextract-highlight" style="line-height:1.8">']
    for n, (sentence, group) in enumerate(rows.groupby("sentence", sort=False)):
        if n >= max_sentences:
            out.append(f"<p>… {rows['sentence'].nunique() - max_sentences} more sentences</p>")
            break
        out.append(f"<p>{_marked(str(sentence), group, describe)}</p>")
    out.append("</div>")
    return HTML("".join(out))


def _marked(sentence: str, group: Any, describe: Any) -> str:
    parts, at = [], 0
    for r in group.itertuples(index=False):
        i = sentence.find(str(r.text), at)
        if i < 0:
            continue
        tip = f"{r.indicator}: " + describe(r.lower, r.upper, r.lower_inclusive, r.upper_inclusive, bool(r.approx),
                                            str(r.unit), r.direction if isinstance(r.direction, str) else None)
        if isinstance(r.modality, str):
            tip += f" ({r.modality})"
        style = _STYLE.get(str(r.status), "")
        parts.append(html.escape(sentence[at:i]))
        parts.append(f'<mark style="{style}" title="{html.escape(tip)}">{html.escape(str(r.text))}</mark>')
        at = i + len(str(r.text))
    parts.append(html.escape(sentence[at:]))
    return "".join(parts)
