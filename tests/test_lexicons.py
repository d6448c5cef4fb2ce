"""The lexicon loader's rules, the data's integrity, and "no words in code"."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest
from conftest import tsv_cases

import kpiextract
from kpiextract import LexiconError, load_lexicon
from kpiextract.lexicon import LEXICON_FILES, lexicon_dir, read_table

SRC = Path(kpiextract.__file__).parent
CJK = re.compile(r"[\u3400-\u9fff]")


def test_every_lexicon_file_is_found_and_valid() -> None:
    root = lexicon_dir()
    for name in LEXICON_FILES:
        assert (root / name).is_file(), name
    lex = load_lexicon()
    assert "家" in lex.units and lex.modality["确保"] == "ensure"


def test_lexicon_is_cached_and_immutable() -> None:
    lex = load_lexicon()
    assert load_lexicon() is lex
    with pytest.raises(TypeError):
        lex.units["x"] = None  # type: ignore[index]


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "lex"
    shutil.copytree(lexicon_dir(), root)
    return root


def test_duplicate_surface_is_rejected_with_file_and_line(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    with (root / "modality.tsv").open("a", encoding="utf-8") as f:
        f.write("确保\tstrive\n")
    with pytest.raises(LexiconError, match=r"modality.tsv:\d+: column 'surface': duplicate"):
        read_table(root, "modality.tsv")


def test_bad_enum_is_rejected(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    with (root / "direction.tsv").open("a", encoding="utf-8") as f:
        f.write("飙升\tupwards\tadjacent\n")
    with pytest.raises(LexiconError, match="column 'direction'"):
        read_table(root, "direction.tsv")


def test_bad_header_is_rejected(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "scales.tsv").write_text("word\tvalue\n万\t10000\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="header"):
        read_table(root, "scales.tsv")


def test_charmap_is_one_to_one_and_units_close() -> None:
    lex = load_lexicon()
    assert all(len(a) == 1 and len(b) == 1 for a, b in lex.charmap.items())
    assert all(u.unit in lex.units for u in lex.units.values())


def test_every_qualifier_unit_and_marker_has_a_case() -> None:
    """Every surface of the core lexicons appears in at least one case input (catches dead or wrong entries)."""
    inputs = " ".join(r["input"] for r in tsv_cases("quantities.tsv") + tsv_cases("numbers.tsv"))
    inputs += (Path(__file__).parent / "cases" / "sentences.jsonl").read_text(encoding="utf-8")
    lex = load_lexicon()
    words = [*lex.qualifiers, *lex.modality, *lex.direction, *lex.period]
    missing = [w for w in words if w not in inputs]
    assert not missing, f"no case uses {missing}"


def _code_strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docs.add(id(first.value))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_no_chinese_words_in_code() -> None:
    """Words live in lexicons/: no string constant in src/ holds a CJK character outside docstrings."""
    found = [(p.name, line, s) for p in SRC.glob("*.py") for line, s in _code_strings(p) if CJK.search(s)]
    assert not found, found


def test_private_tokenizer_keeps_indicator_terms_whole() -> None:
    import jieba

    from kpiextract.tokens import _pos_tokenizer, pos_tokens

    lex = load_lexicon()
    assert _pos_tokenizer(lex).tokenizer is not jieba.dt  # no global state is touched
    assert [t.word for t in pos_tokens("国家科技型中小企业")] == ["国家科技型中小企业"]
    assert "技术合同交易额" in [t.word for t in pos_tokens("技术合同交易额达到")]
