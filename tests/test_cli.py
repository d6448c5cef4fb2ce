"""The command line: demo, extract to every format, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

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
    # a missing input is a usage error (issue 12 item 7), found before anything is read or written
    assert main(["extract", str(doc), str(tmp_path / "missing.txt"), "-o", str(tmp_path / "o.csv")]) == 2
    assert "missing.txt" in capsys.readouterr().err and not (tmp_path / "o.csv").exists()
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


# ---- issue 12: the command line as a user runs it (a subprocess), outputs that are not plain files ----

def _run(*args: str, cwd: Path | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kpiextract", *args], capture_output=True, text=True,
                          check=False, cwd=cwd, timeout=120, **kw)


def test_version() -> None:
    r = _run("--version")
    assert r.returncode == 0 and r.stdout.startswith("kpiextract ")


def test_symlink_output_writes_its_target(tmp_path: Path) -> None:
    doc, real = _doc(tmp_path), tmp_path / "real.csv"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    r = _run("extract", str(doc), "-o", str(link))
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and "2000家以上" in real.read_text(encoding="utf-8-sig")


def test_fifo_output_is_streamed_not_replaced(tmp_path: Path) -> None:
    import os
    import threading

    doc, fifo = _doc(tmp_path), tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = _run("extract", str(doc), "--format", "jsonl", "-o", str(fifo))
    reader.join(30)
    assert r.returncode == 0, r.stderr
    assert fifo.is_fifo() and b"2000" in got[0]


def test_character_device_and_dash(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    r = _run("extract", str(doc), "-o", "/dev/null")
    assert r.returncode == 0, r.stderr
    assert Path("/dev/null").is_char_device()
    r = _run("extract", str(doc), "--format", "jsonl", "-o", "-")
    assert r.returncode == 0 and json.loads(r.stdout.splitlines()[0])["lower"] == 2000
    r = _run("extract", str(doc), "-o", "/dev/stdout", "--format", "jsonl")
    assert r.returncode == 0 and "2000" in r.stdout


def test_full_device_is_an_error_not_a_replacement(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        return
    r = _run("extract", str(_doc(tmp_path)), "-o", "/dev/full")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert Path("/dev/full").is_char_device()


def test_new_file_mode_follows_umask(tmp_path: Path) -> None:
    import os

    out = tmp_path / "out.csv"
    r = subprocess.run(["sh", "-c", f'umask 022; "{sys.executable}" -m kpiextract extract "{_doc(tmp_path)}" -o "{out}"'],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    assert oct(os.stat(out).st_mode & 0o777) == oct(0o644)


def test_format_from_ending_and_contradiction(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    for ending, read in ((".jsonl", lambda p: pd.read_json(p, lines=True)), (".parquet", pd.read_parquet),
                         (".xlsx", pd.read_excel), (".csv", pd.read_csv)):
        out = tmp_path / f"t{ending}"
        r = _run("extract", str(doc), "-o", str(out))
        assert r.returncode == 0, r.stderr
        assert read(out)["lower"].iloc[0] == 2000
    r = _run("extract", str(doc), "--format", "csv", "-o", str(tmp_path / "x.xlsx"))
    assert r.returncode == 2 and "contradicts" in r.stderr and not (tmp_path / "x.xlsx").exists()


def test_output_equal_to_an_input_is_refused_before_reading(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    before = doc.read_bytes()
    for out in (str(doc), str(tmp_path / "." / "plan.txt")):  # --format: .txt names no format on its own
        r = _run("extract", str(doc), "-o", out, "--format", "csv")
        assert r.returncode == 2 and "is one of the inputs" in r.stderr
        assert _run("extract", str(doc), "-o", out).returncode == 2
    assert doc.read_bytes() == before


def test_dump_text_never_overwrites_an_input(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    before = doc.read_bytes()
    r = _run("extract", str(doc), "--dump-text", str(tmp_path), "-o", str(tmp_path / "o.csv"))
    assert r.returncode == 2 and "would overwrite" in r.stderr
    assert doc.read_bytes() == before and not (tmp_path / "o.csv").exists()


def test_output_folder_and_bad_year_are_usage_errors(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    r = _run("extract", str(doc), "-o", str(tmp_path))
    assert r.returncode == 2 and "folder" in r.stderr
    for year in ("20", "abc", "3000"):
        r = _run("extract", str(doc), "--year", year)
        assert r.returncode == 2 and "Traceback" not in r.stderr


def test_same_names_in_different_folders_get_different_ids(tmp_path: Path) -> None:
    for sub in ("a/2025", "b/2026"):
        (tmp_path / sub).mkdir(parents=True)
        (tmp_path / sub / "report.txt").write_text(DOC, encoding="utf-8")
    dump = tmp_path / "texts"
    r = _run("extract", str(tmp_path / "a"), str(tmp_path / "b"), "--format", "jsonl", "--dump-text", str(dump))
    assert r.returncode == 0, r.stderr
    ids = {json.loads(line)["doc_id"] for line in r.stdout.splitlines()}
    assert ids == {"a/2025/report", "b/2026/report"}
    assert sorted(p.relative_to(dump).as_posix() for p in dump.rglob("*.txt")) == [
        "a/2025/report.txt", "b/2026/report.txt"]


def test_broken_pipe_ends_quietly(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(DOC * 3000, encoding="utf-8")
    r = subprocess.run(f'"{sys.executable}" -m kpiextract extract "{big}" | head -1', shell=True,
                       capture_output=True, text=True, check=False, timeout=120)
    assert "Broken pipe" not in r.stderr and "Traceback" not in r.stderr
    assert r.stdout.startswith("\ufeff") is False and r.stdout.startswith("doc_id")


def test_summary_counts_and_destination(tmp_path: Path) -> None:
    out = tmp_path / "o.csv"
    r = _run("extract", str(_doc(tmp_path)), "-o", str(out))
    assert "from 1 file to" in r.stderr and str(out) in r.stderr and "2 targets" in r.stderr


def test_failed_run_leaves_no_output_behind(tmp_path: Path) -> None:
    out = tmp_path / "o.csv"
    r = _run("extract", str(tmp_path / "docs" / "*.txt"), "-o", str(out))
    assert r.returncode == 2 and not out.exists()
    assert not list(tmp_path.glob(".kpiextract-*"))


def test_xlsx_text_is_never_a_formula(tmp_path: Path) -> None:
    import zipfile

    doc = tmp_path / "f.txt"
    doc.write_text('=HYPERLINK("http://example.invalid","x")全年服务企业2000家以上。\n', encoding="utf-8")
    out = tmp_path / "o.xlsx"
    r = _run("extract", str(doc), "-o", str(out))
    assert r.returncode == 0, r.stderr
    sheet = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"HYPERLINK" in sheet


def test_non_utf8_file_name(tmp_path: Path) -> None:
    import os

    name = os.fsencode(str(tmp_path)) + b"/" + "计划".encode("gb18030") + b".txt"
    with open(name, "wb") as f:
        f.write(DOC.encode("utf-8"))
    for fmt in ("csv", "jsonl", "parquet"):
        out = tmp_path / f"o.{fmt}"
        r = _run("extract", str(tmp_path), "-o", str(out))
        assert r.returncode == 0, r.stderr
    assert pd.read_json(tmp_path / "o.jsonl", lines=True)["doc_id"].iloc[0] == "计划"


def test_sigterm_cleans_up_and_keeps_previous_output(tmp_path: Path) -> None:
    import os
    import signal
    import time

    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(40):
        (folder / f"d{i}.txt").write_text(DOC * 400, encoding="utf-8")
    out = tmp_path / "o.csv"
    out.write_text("previous", encoding="utf-8")
    for jobs in ("1", "2"):
        p = subprocess.Popen([sys.executable, "-m", "kpiextract", "extract", str(folder), "-o", str(out),
                              "--jobs", jobs], stderr=subprocess.PIPE, text=True)
        time.sleep(4)
        p.send_signal(signal.SIGTERM)
        p.wait(30)
        assert p.returncode in (143, 0), p.stderr.read() if p.stderr else ""
        if p.returncode == 143:
            assert out.read_text(encoding="utf-8") == "previous"
        assert not list(tmp_path.glob(".kpiextract-*"))
        time.sleep(1)
        ps = subprocess.run(["pgrep", "-f", f"kpiextract extract {folder}"], capture_output=True, text=True)
        assert ps.stdout.strip() == "", "workers left running"
        out.write_text("previous", encoding="utf-8")
    assert os.path.exists(out)


def test_compare_command(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("2026年山东省政府工作报告\n地区生产总值增长5%以上;城镇调查失业率控制在5.5%左右。\n", encoding="utf-8")
    b.write_text("2026年浙江省政府工作报告\n全省生产总值增长5%—5.5%。\n", encoding="utf-8")
    targets = tmp_path / "t.jsonl"
    assert _run("extract", str(a), str(b), "-o", str(targets)).returncode == 0
    for out, read in (("c.csv", pd.read_csv), ("c.xlsx", pd.read_excel), ("c.parquet", pd.read_parquet)):
        r = _run("compare", str(targets), "--by", "region", "--year", "2026", "-o", str(tmp_path / out))
        assert r.returncode == 0, r.stderr
        df = read(tmp_path / out)
        gdp = df[df["indicator_id"] == "gdp_growth"].set_index("region")
        assert gdp.loc["浙江省", "upper"] == 5.5 and gdp.loc["山东省", "lower"] == 5
    r = _run("compare", str(targets), "--indicators", "unemployment_rate", "--pick", "all", "-o", str(tmp_path / "u.csv"))
    assert r.returncode == 0, r.stderr
    assert set(pd.read_csv(tmp_path / "u.csv")["indicator_id"]) == {"unemployment_rate"}
    r = _run("compare", str(targets), "--wide")
    assert r.returncode == 0 and "≥5 % increase" in r.stdout
    assert _run("compare", str(targets), "--by", "nope").returncode == 2
    assert _run("compare", str(tmp_path / "missing.jsonl")).returncode == 2


def test_xlsx_row_cap_is_a_usage_error_without_output(tmp_path: Path, monkeypatch, capsys) -> None:
    import kpiextract.cli as cli

    monkeypatch.setattr(cli, "XLSX_MAX_ROWS", 2)  # the real cap is 1,048,576 rows; the rule is the same
    out = tmp_path / "o.xlsx"
    assert main(["extract", str(_doc(tmp_path)), "-o", str(out)]) == 2
    assert "xlsx holds at most" in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.glob(".kpiextract-*"))


@pytest.mark.parametrize("ending", [".json", ".xls", ".txt"])
def test_an_ending_that_names_no_format_is_a_usage_error(tmp_path: Path, ending: str) -> None:
    """-o out.json used to write csv silently: now exit 2, the supported endings named, nothing written."""
    out = tmp_path / f"out{ending}"
    r = _run("extract", str(_doc(tmp_path)), "-o", str(out))
    assert r.returncode == 2 and ".jsonl" in r.stderr and "--format" in r.stderr
    assert not out.exists() and not list(tmp_path.glob(".kpiextract-*"))
    assert _run("extract", str(_doc(tmp_path)), "-o", str(out), "--format", "csv").returncode == 0  # explicit


def test_the_same_file_twice_is_read_once(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    out = tmp_path / "o.jsonl"
    assert _run("extract", str(doc), str(doc), str(tmp_path), "-q", "-o", str(out)).returncode == 0
    once = tmp_path / "once.jsonl"
    assert _run("extract", str(doc), "-q", "-o", str(once)).returncode == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(once.read_text(encoding="utf-8").splitlines())


def test_closed_standard_error_is_no_crash(tmp_path: Path) -> None:
    """2>&-: no traceback at the progress check, the output written, no temporary file left."""
    out = tmp_path / "o.csv"
    r = subprocess.run(f'"{sys.executable}" -m kpiextract extract "{_doc(tmp_path)}" -o "{out}" 2>&-', shell=True,
                       capture_output=False, stdout=subprocess.PIPE, text=True, timeout=120)
    assert r.returncode == 0 and out.exists() and not list(tmp_path.glob(".kpiextract-*"))
