"""分别 lists (SPEC §3): A、B分别达到X、Y以上 pairs each value with its name and shares the qualifiers."""

from __future__ import annotations

import bisect

from .context import clean_indicator, share_list_suffix
from .lexicon import Lexicon
from .quantity import quantity_from_match
from .records import Mention
from .recognize import grammar

VERB_GAP = 4  # characters allowed between 分别 and the first value (分别增长, 分别达到)


def _with_qualifiers(m: Mention, before: str, suffix: str, norm: str, text: str, lex: Lexicon) -> Mention:
    g = grammar(lex).quantity.fullmatch(norm[m.start:m.end] + suffix)
    if g is None:
        return m
    q = quantity_from_match(g, before, text[m.start:m.end], lex)
    return Mention(m.start, m.end, q, before, m.number, m.gap)


def resolve_respectively(norm: str, text: str, mentions: list[Mention], clause_starts: list[int],
                         lookback: int, lex: Lexicon) -> tuple[list[Mention], dict[int, str], dict[int, int]]:
    """SPEC §3 分别 lists (A、B分别达到X、Y以上): pair values with names, share the qualifiers.

    Returns the mentions with shared qualifiers applied, indicators by mention start, and for each later
    value of a list the start of its first value (whose verb, 分别增长, gives the direction of all).
    """
    seps = lex.punct("list_sep")
    respectively = lex.marker("respectively")
    joints = (*seps, *lex.markers("and"))
    stops = lex.punct("sentence_end", "clause_sep", "list_sep")
    after_words = _after_words(lex)
    out, names_by_start, heads = list(mentions), {}, {}
    starts = [m.start for m in out]
    at = norm.find(respectively)
    while at >= 0:
        lead_end = at + len(respectively)
        i = bisect.bisect_left(starts, lead_end)  # the first value after 分别
        at_next = norm.find(respectively, lead_end)
        if i == len(out):
            break
        head = out[i]
        gap = norm[lead_end:head.before_start]
        if len(gap) > VERB_GAP or any(c in gap for c in stops):
            at = at_next
            continue
        j = i
        while j + 1 < len(out) and norm[out[j].end:out[j + 1].before_start].strip() in joints:  # 20%⏎、10%
            j += 1
        run = out[i:j + 1]
        last = run[-1]
        suffix = next((w for w in after_words if _squeezed_end(norm, last.end).endswith(w)), "")
        for k, r in enumerate(run):
            heads[r.start] = head.start
            own_suffix = _squeezed_end(norm, r.end).endswith(tuple(after_words))
            out[i + k] = _with_qualifiers(r, r.before or head.before, "" if own_suffix else suffix, norm, text, lex)
        c = clause_starts[bisect.bisect_right(clause_starts, lead_end) - 1] if clause_starts else 0
        c = max(c, at - lookback)
        names = share_list_suffix([clean_indicator(n, lex) for n in _split(norm[c:at], joints)], lex)
        if len(names) == 1 and len(run) == 2:
            names = _split_coordinate(names[0], lex)
        if len(names) == len(run):
            for r, name in zip(run, names, strict=True):
                names_by_start[r.start] = name
        at = at_next
    return out, names_by_start, heads


def _split_coordinate(name: str, lex: Lexicon) -> list[str]:
    """城乡居民收入 -> [城镇居民收入, 农村居民收入]: a word naming two things, split (lexicons/coordinate_words.tsv)."""
    for word, (first, second) in lex.coordinate_words.items():
        at = name.find(word)
        if at >= 0:
            head, tail = name[:at], name[at + len(word):]
            return [head + first + tail, head + second + tail]
    return [name]


def _split(s: str, seps: tuple[str, ...]) -> list[str]:
    parts = [s]
    for c in seps:
        parts = [p for x in parts for p in x.split(c)]
    return parts


def _after_words(lex: Lexicon) -> list[str]:
    return sorted((q.surface for q in lex.qualifiers.values() if q.position == "after"), key=len, reverse=True)


def _squeezed_end(norm: str, end: int, width: int = 8) -> str:
    """The text just before ``end`` with spaces and line breaks left out (以⏎上 reads as 以上)."""
    return norm[max(0, end - width):end].replace(" ", "").replace("\n", "")
