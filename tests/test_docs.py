"""Every code block of README.md and docs/*.md runs as written (issue 12: documentation cannot rot).

Python blocks run from the repository root, one namespace per file; bash blocks' ``kpiextract`` lines run
in a scratch folder that sees the repository's ``docs/`` (install lines are CI's job, not the tests')."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def blocks(lang: str) -> list[tuple[str, str]]:
    out = []
    for doc in DOCS:
        for m in FENCE.finditer(doc.read_text(encoding="utf-8")):
            if m.group(1) == lang:
                out.append((doc.name, m.group(2)))
    return out


@pytest.mark.parametrize("doc", sorted({d for d, _ in blocks("python")}))
def test_python_blocks_run(doc: str, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    if "../shared" in "".join(code for d, code in blocks("python") if d == doc) and not (ROOT / "../shared").exists():
        pytest.skip("needs ../shared beside the checkout")
    namespace: dict = {"__name__": "__docs__"}
    for d, code in blocks("python"):
        if d == doc:
            exec(compile(code, f"{doc} (code block)", "exec"), namespace)  # noqa: S102


def _command_blocks() -> list[tuple[str, list[str]]]:
    out = []
    for doc, code in blocks("bash"):
        lines = [line.split("  #")[0].strip() for line in code.splitlines()]
        cmds = [line for line in lines if line.startswith("kpiextract ")]
        if cmds:
            out.append((doc, cmds))
    return out


@pytest.mark.parametrize(("doc", "commands"), _command_blocks())
def test_command_lines_run(doc: str, commands: list[str], tmp_path: Path) -> None:
    """A block's kpiextract lines, in order, in one scratch folder (a later line may read an earlier one's
    output, as a user would run them)."""
    os.symlink(ROOT / "docs", tmp_path / "docs")
    for command in commands:
        argv = shlex.split(command)
        expanded = []
        for a in argv[1:]:  # the shell's glob, as a user's shell would expand it
            expanded += sorted(str(p.relative_to(tmp_path)) for p in tmp_path.glob(a)) if "*" in a else [a]
        r = subprocess.run([sys.executable, "-m", "kpiextract", *expanded], cwd=tmp_path, capture_output=True,
                           text=True, timeout=300, check=False)
        assert r.returncode == 0, f"{doc}: {command}\n{r.stderr}"
        assert "Traceback" not in r.stderr
