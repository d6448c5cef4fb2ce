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


def _commands() -> list[tuple[str, str]]:
    cmds = []
    for doc, code in blocks("bash"):
        for line in code.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("kpiextract "):
                cmds.append((doc, line))
    return cmds


@pytest.mark.parametrize(("doc", "command"), _commands())
def test_command_lines_run(doc: str, command: str, tmp_path: Path) -> None:
    os.symlink(ROOT / "docs", tmp_path / "docs")
    argv = shlex.split(command)
    expanded = []
    for a in argv[1:]:  # the shell's glob, as a user's shell would expand it
        expanded += sorted(str(p.relative_to(tmp_path)) for p in tmp_path.glob(a)) if "*" in a else [a]
    r = subprocess.run([sys.executable, "-m", "kpiextract", *expanded], cwd=tmp_path, capture_output=True,
                       text=True, timeout=300, check=False)
    assert r.returncode == 0, f"{doc}: {command}\n{r.stderr}"
    assert "Traceback" not in r.stderr
