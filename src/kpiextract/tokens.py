"""The jieba front end: a private tokenizer (never the global ``jieba.dt``) that knows the lexicon's terms.

jieba is imported and its dictionary loaded on first use, so ``import kpiextract`` stays fast.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import Any

from .lexicon import Lexicon, load_lexicon


@dataclass(frozen=True)
class Token:
    """One word with its part of speech and half-open offsets into the string it came from."""

    word: str
    flag: str
    start: int
    end: int


@functools.cache
def _pos_tokenizer(lex: Lexicon) -> Any:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    for term in (*lex.indicator_terms, *lex.indicator_surfaces):  # indicator names stay whole
        tk.add_word(term, freq=None, tag="n")
    for unit in lex.units:
        tk.add_word(unit, freq=None, tag="q")
    return jieba.posseg.POSTokenizer(tk)


def pos_tokens(s: str, lex: Lexicon | None = None) -> tuple[Token, ...]:
    """Words of ``s`` with jieba part-of-speech flags, in order, with offsets (dictionary words, no HMM)."""
    return _pos_tokens(s, lex or load_lexicon())


@functools.lru_cache(maxsize=8192)
def _pos_tokens(s: str, lex: Lexicon) -> tuple[Token, ...]:
    pt = _pos_tokenizer(lex)
    out, at = [], 0
    for pair in pt.cut(s, HMM=False):
        out.append(Token(pair.word, pair.flag, at, at + len(pair.word)))
        at += len(pair.word)
    return tuple(out)


#: How often a word must occur in jieba's dictionary to count as one where a line break may split it: rare
#: entries (日规, a sundial) would join a date line to the text under it.
WORD_FREQ_MIN = 50


def is_word(w: str, lex: Lexicon | None = None) -> bool:
    """Whether ``w`` is a common word of the tokenizer's dictionary (jieba's, with the lexicon's terms)."""
    tk = _pos_tokenizer(lex or load_lexicon()).tokenizer
    tk.check_initialized()
    return tk.FREQ.get(w, 0) >= WORD_FREQ_MIN
