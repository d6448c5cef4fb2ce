"""Regenerate the traditional -> simplified rows of lexicons/charmap.tsv from zhconv (a dev-time tool).

Only one-character-to-one-character mappings are kept, and only for characters outside GB2312 (the
simplified character set): 億 -> 亿 and 確 -> 确 are mapped, while 著 or 乾, which simplified text uses
too, are left alone. The full-width rows at the top of the file are kept as they are.

Usage: pip install zhconv; python scripts/make_charmap.py
"""

from __future__ import annotations

from pathlib import Path

import zhconv

CHARMAP = Path(__file__).resolve().parents[1] / "lexicons" / "charmap.tsv"


def simplified_set(c: str) -> bool:
    try:
        c.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def main() -> None:
    lines = CHARMAP.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.endswith("\ttraditional")]
    rows = []
    for cp in range(0x4E00, 0xA000):
        c = chr(cp)
        s = zhconv.convert(c, "zh-cn")
        if len(s) == 1 and s != c and not simplified_set(c):
            rows.append(f"{c}\t{s}\ttraditional")
    CHARMAP.write_text("\n".join(kept + rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} traditional rows")


if __name__ == "__main__":
    main()
