"""The command line: demo, extract to every format, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from kpiextract.cli import main

DOC = "2021年全市科技工作要点\n全年服务企业2000家以上,力争新增省级创新平台10家以上。\n"


def _doc(tmp_path: Path) -> Path:
    p = tmp_path / "plan.txt"
    p.write_text(DOC, encoding="utf-8")
    return p


def test_demo_prints_targets(capsys) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "1200家以上" in out and "targets in the bundled sample" in out


def test_extract_jsonl_csv_parquet(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"out.{fmt}"
        assert main(["extract", str(doc), "--format", fmt, "-o", str(out)]) == 0
        df = {"jsonl": lambda p: pd.read_json(p, lines=True), "csv": pd.read_csv, "parquet": pd.read_parquet}[fmt](out)
        assert list(df["text"][:2]) == ["2000家以上", "10家以上"]
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the BOM as UTF-8


def test_stdout_and_module_entry(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    r = subprocess.run([sys.executable, "-m", "kpiextract", "extract", str(doc), "--format", "jsonl"],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert rows[0]["doc_id"] == "plan" and rows[0]["lower"] == 2000


def test_exit_codes(tmp_path: Path, capsys) -> None:
    doc = _doc(tmp_path)
    assert main(["extract", str(doc), str(tmp_path / "missing.txt"), "-o", str(tmp_path / "o.csv")]) == 1
    assert "missing.txt" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["extract", str(empty)]) == 2
    assert main(["extract", str(doc), "-o", str(tmp_path / "no" / "such" / "dir.csv")]) == 2


def test_undecodable_file_is_reported_and_skipped(tmp_path: Path, capsys) -> None:
    doc = _doc(tmp_path)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\xd8" * 10 + b"\x81")
    out = tmp_path / "o.jsonl"
    assert main(["extract", str(doc), str(bad), "--format", "jsonl", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "bad.txt" in err and len([line for line in err.splitlines() if "bad.txt" in line]) == 1
    assert pd.read_json(out, lines=True)["doc_id"].unique().tolist() == ["plan"]


def test_failed_write_leaves_no_partial_file(tmp_path: Path, monkeypatch) -> None:
    doc = _doc(tmp_path)
    out = tmp_path / "o.csv"

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", boom)
    assert main(["extract", str(doc), "-o", str(out)]) == 2
    assert not out.exists() and not list(tmp_path.glob(".kpiextract-*"))


def test_xlsx_dump_text_and_folders_of_mixed_formats(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(DOC, encoding="utf-8")
    (folder / "b.html").write_text("<p>2021年工作要点</p><p>全年培训700人次以上。</p><script>5家</script>",
                                   encoding="utf-8")
    (folder / "notes.md").write_text("达到5家", encoding="utf-8")  # not a document kind: left alone
    out = tmp_path / "out.xlsx"
    dump = tmp_path / "text"
    assert main(["extract", str(folder), "--format", "xlsx", "-o", str(out), "--dump-text", str(dump), "-q"]) == 0
    df = pd.read_excel(out)
    assert sorted(df["doc_id"].unique()) == ["a", "b"]
    assert set(p.name for p in dump.iterdir()) == {"a.txt", "b.txt"}
    text = (dump / "b.txt").read_text(encoding="utf-8")
    row = df[df["doc_id"] == "b"].iloc[0]
    assert text[row["start"]:row["end"]] == row["text"] == "700人次以上"


def test_jobs_give_the_same_rows(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        (folder / f"d{i}.txt").write_text(DOC.replace("2000", str(1000 + i)), encoding="utf-8")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["extract", str(folder), "--format", "jsonl", "-o", str(one), "-q"]) == 0
    assert main(["extract", str(folder), "--format", "jsonl", "-o", str(two), "-q", "--jobs", "2"]) == 0
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")


def test_usage_errors_exit_2(tmp_path: Path, capsys) -> None:
    doc = _doc(tmp_path)
    assert main(["extract", str(doc), "--format", "parquet"]) == 2
    assert "needs -o" in capsys.readouterr().err
    assert main(["extract", str(doc), "--jobs", "0"]) == 2


def test_missing_optional_writer_is_a_clear_usage_error(tmp_path: Path, monkeypatch, capsys) -> None:
    import sys as _sys

    doc = _doc(tmp_path)
    monkeypatch.setitem(_sys.modules, "pyarrow", None)  # as if the parquet extra were not installed
    assert main(["extract", str(doc), "--format", "parquet", "-o", str(tmp_path / "o.parquet")]) == 2
    assert 'pip install "kpiextract[parquet]"' in capsys.readouterr().err
    assert not list(tmp_path.glob("*.parquet")) and not list(tmp_path.glob(".kpiextract-*"))
