"""Load the TSV lexicons in ``lexicons/`` into one immutable :class:`Lexicon`.

Every word the extractor knows lives in a TSV file with a header row; this module reads them,
validates headers, enumerations and duplicates (errors name file, line and column), and builds
the regex alternations from them, longest first.
"""

from __future__ import annotations

import csv
import functools
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import cast

import regex

from .errors import LexiconError
from .records import Direction

Row = Mapping[str, str]

_ENUMS: dict[tuple[str, str], frozenset[str]] = {
    ("qualifiers.tsv", "position"): frozenset({"before", "after", "frame"}),
    ("qualifiers.tsv", "bound"): frozenset({"lower", "upper", "point", "from"}),
    ("qualifiers.tsv", "inclusive"): frozenset({"true", "false", "-"}),
    ("qualifiers.tsv", "approx"): frozenset({"true", "false"}),
    ("qualifiers.tsv", "direction"): frozenset({"increase", "decrease", "-"}),
    ("modality.tsv", "modality"): frozenset({"ensure", "strive"}),
    ("direction.tsv", "direction"): frozenset({"increase", "decrease"}),
    ("direction.tsv", "scope"): frozenset({"adjacent", "clause", "rate"}),
    ("period.tsv", "period"): frozenset({"per_year", "per_month", "annual_avg", "cumulative"}),
    ("period.tsv", "needs"): frozenset({"-", "direction"}),
    ("section_headings.tsv", "kind"): frozenset({"review", "plan"}),
    ("tense_markers.tsv", "tense"): frozenset({"past", "future", "none"}),
    ("table_columns.tsv", "role"): frozenset(
        {"indicator", "unit", "attribute", "number", "category", "owner", "target", "base", "annual_avg", "cumulative",
         "change", "group"}
    ),
    ("binding.tsv", "binding"): frozenset({"binding", "expected"}),
    ("relative_words.tsv", "kind"): frozenset({"pace", "compare"}),
    ("tense_markers.tsv", "scope"): frozenset({"line", "sentence", "clause_after"}),
    ("decimal_marks.tsv", "role"): frozenset({"decimal_point", "percent_prefix", "permille_prefix"}),
    ("punctuation.tsv", "role"): frozenset(
        {"sentence_end", "item_end", "clause_sep", "list_sep", "quote_open", "quote_close", "paren_open", "paren_close"}
    ),
}

_HEADERS: dict[str, tuple[str, ...]] = {
    "units.tsv": ("surface", "unit", "dimension"),
    "scales.tsv": ("surface", "multiplier"),
    "numerals.tsv": ("surface", "value"),
    "numeral_units.tsv": ("surface", "value"),
    "decimal_marks.tsv": ("surface", "role"),
    "qualifiers.tsv": ("surface", "position", "bound", "inclusive", "approx", "direction"),
    "range_marks.tsv": ("surface",),
    "fixed_quantities.tsv": ("surface", "lower", "upper", "lower_inclusive", "upper_inclusive", "unit"),
    "modality.tsv": ("surface", "modality"),
    "direction.tsv": ("surface", "direction", "scope"),
    "period.tsv": ("surface", "period", "needs"),
    "charmap.tsv": ("from", "to", "note"),
    "punctuation.tsv": ("surface", "role"),
    "owner_markers.tsv": ("surface",),
    "owner_lines.tsv": ("surface", "role"),
    "binding_counts.tsv": ("surface", "role"),
    "five_year_plans.tsv": ("surface", "first_year", "last_year"),
    "relative_years.tsv": ("surface", "offset"),
    "section_headings.tsv": ("surface", "kind"),
    "tense_markers.tsv": ("surface", "tense", "scope"),
    "table_columns.tsv": ("surface", "role"),
    "binding.tsv": ("surface", "binding"),
    "table_name_units.tsv": ("suffix", "unit"),
    "qualifier_frames.tsv": ("before", "after"),
    "region_prefixes.tsv": ("surface", "note"),
    "implied_units.tsv": ("word", "unit"),
    "relative_words.tsv": ("surface", "kind"),
    "coordinate_words.tsv": ("surface", "first", "second"),
    "table_units.tsv": ("surface", "unit", "dimension"),
    "non_targets/no_number_cells.tsv": ("surface", "note"),
    "indicator_terms.tsv": ("surface", "note"),
    "indicator_edges.tsv": ("surface", "edge"),
    "disposal_markers.tsv": ("surface", "kind"),
    "non_targets/class_dimensions.tsv": ("surface", "note"),
    "non_targets/number_prefixes.tsv": ("surface", "note"),
    "non_targets/set_phrases.tsv": ("surface", "note"),
    "non_targets/structure_heads.tsv": ("surface", "note"),
    "non_targets/furniture.tsv": ("surface", "note"),
    "non_targets/qualifier_blockers.tsv": ("surface", "note"),
    "function_words.tsv": ("surface", "role"),
    "indicators.tsv": ("id", "family", "name_zh", "name_en", "dimension", "direction"),
    "indicator_surfaces.tsv": ("surface", "family"),
    "indicator_whole_names.tsv": ("name", "id"),
    "regions.tsv": ("surface", "region"),
    "issuer_suffixes.tsv": ("surface",),
    "document_kinds.tsv": ("surface",),
    "metadata_labels.tsv": ("surface", "field"),
    "non_targets/reference_prepositions.tsv": ("surface", "note"),
    "non_targets/ordinal_units.tsv": ("surface", "note"),
    "heading_forms.tsv": ("form", "level"),
    "plan_periods.tsv": ("surface", "kind"),
    "modality_scope.tsv": ("surface", "note"),
    "headline_markers.tsv": ("surface", "note"),
}
_ENUMS[("plan_periods.tsv", "kind")] = frozenset({"period", "document", "first_year", "last_year"})
_ENUMS[("indicator_edges.tsv", "edge")] = frozenset({"lead", "tail", "both"})
_ENUMS[("owner_lines.tsv", "role")] = frozenset({"this", "above", "item", "all", "is", "by", "charge"})
_ENUMS[("binding_counts.tsv", "role")] = frozenset({"measure", "item"})
_ENUMS[("disposal_markers.tsv", "kind")] = frozenset({"marker", "verb", "word"})
_ENUMS[("metadata_labels.tsv", "field")] = frozenset({"date", "issuer", "doc_number"})
_ENUMS[("indicators.tsv", "direction")] = frozenset({"increase", "decrease", "-"})
_ENUMS[("function_words.tsv", "role")] = frozenset(
    {"respectively", "etc", "attributive", "year", "by", "year_edge", "and", "plan_period", "city", "doc_number", "base",
     "month", "count_unit", "plan_end", "note", "minus", "title_lead", "share_of", "base_after"}
)


def lexicon_dir() -> Path:
    """The folder the lexicons are read from: inside the installed package, else the source checkout."""
    packaged = resources.files("kpiextract") / "lexicons"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "lexicons"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"kpiextract lexicons not found in {packaged} or {checkout}")


#: Tables whose rows are keyed by more than their first column (a frame is its pair of words).
_KEYS: dict[str, tuple[str, ...]] = {"qualifier_frames.tsv": ("before", "after")}


def read_table(root: Path, name: str) -> tuple[Row, ...]:
    """Read one TSV lexicon, validating its header, enumerations and duplicate keys."""
    header = _HEADERS[name]
    path = root / name
    rows: list[Row] = []
    seen: dict[tuple[str, ...], int] = {}
    key_cols = _KEYS.get(name, header[:1])
    with path.open(encoding="utf-8", newline="") as f:
        lines = [(n, line) for n, line in enumerate(f, 1) if line.strip() and not line.startswith("#")]
    if not lines:
        raise LexiconError(name, 1, header[0], "file has no header")
    head_no, head = lines[0]
    found = tuple(next(csv.reader([head.rstrip("\r\n")], delimiter="\t", quoting=csv.QUOTE_NONE)))
    if found != header:
        raise LexiconError(name, head_no, "header", f"expected {header}, found {found}")
    for line_no, line in lines[1:]:
        cells = next(csv.reader([line.rstrip("\r\n")], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) != len(header):
            raise LexiconError(name, line_no, header[0], f"expected {len(header)} cells, found {len(cells)}")
        row = {k: unicodedata.normalize("NFC", v.strip()) for k, v in zip(header, cells, strict=True)}
        for col, value in row.items():
            allowed = _ENUMS.get((name, col))
            if allowed is not None and value not in allowed:
                raise LexiconError(name, line_no, col, f"{value!r} is not one of {sorted(allowed)}")
            if not value:
                raise LexiconError(name, line_no, col, "empty cell")
        key = tuple(row[c] for c in key_cols)
        if key in seen:
            shown = key[0] if len(key) == 1 else key
            raise LexiconError(name, line_no, header[0], f"duplicate {shown!r} (first on line {seen[key]})")
        seen[key] = line_no
        rows.append(MappingProxyType(row))
    return tuple(rows)


def words_of(table: Mapping[str, str], role: str) -> tuple[str, ...]:
    """The words of one role in a table of words and roles (``owner_lines.tsv``, ``disposal_markers.tsv`` …),
    longest first."""
    return tuple(sorted((w for w, r in table.items() if r == role), key=len, reverse=True))


def edge_words(lex: Lexicon, side: str) -> list[str]:
    """The words ``indicator_edges.tsv`` trims from one side of an indicator (``lead`` or ``tail``), ``both``
    included."""
    return [w for w, e in lex.indicator_edges.items() if e in (side, "both")]


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, escaped and longest first (so 个百分点 wins over 个)."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    if not ordered:
        return "(?!)"
    return "(?:" + "|".join(regex.escape(w) for w in ordered) + ")"


@dataclass(frozen=True)
class Qualifier:
    """One row of ``qualifiers.tsv``: how a word next to a number sets the bounds."""

    surface: str
    position: str
    bound: str
    inclusive: bool | None
    approx: bool
    direction: Direction | None


@dataclass(frozen=True)
class Unit:
    """One row of ``units.tsv``."""

    surface: str
    unit: str
    dimension: str


def _by_surface(rows: tuple[Row, ...], col: str) -> Mapping[str, str]:
    return MappingProxyType({r["surface"]: r[col] for r in rows})


def _level(v: str) -> int:
    if not v.isdigit():
        raise LexiconError("heading_forms.tsv", 0, "level", f"{v!r} is not a level (0, 1, 2 …)")
    return int(v)


def _flag(v: str) -> bool | None:
    return None if v == "-" else v == "true"


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Every word list kpiextract uses, read once from ``lexicons/`` and never changed."""

    units: Mapping[str, Unit]
    scales: Mapping[str, Decimal]
    numerals: Mapping[str, int]
    numeral_units: Mapping[str, int]
    decimal_marks: Mapping[str, str]
    qualifiers: Mapping[str, Qualifier]
    range_marks: tuple[str, ...]
    fixed_quantities: Mapping[str, Row]
    modality: Mapping[str, str]
    direction: Mapping[str, tuple[str, str]]
    period: Mapping[str, tuple[str, str]]
    charmap: Mapping[str, str]
    punctuation: Mapping[str, str]
    owner_markers: tuple[str, ...]
    owner_lines: Mapping[str, str]
    binding_counts: Mapping[str, str]
    five_year_plans: Mapping[str, tuple[int, int]]
    relative_years: Mapping[str, int]
    section_headings: Mapping[str, str]
    tense_markers: Mapping[str, tuple[str, str]]
    table_columns: Mapping[str, str]
    binding: Mapping[str, str]
    table_name_units: Mapping[str, str]
    qualifier_frames: tuple[tuple[str, str], ...]
    region_prefixes: tuple[str, ...]
    implied_units: Mapping[str, str]
    relative_words: Mapping[str, str]
    coordinate_words: Mapping[str, tuple[str, str]]
    table_units: Mapping[str, Unit]
    no_number_cells: tuple[str, ...]
    indicator_terms: tuple[str, ...]
    indicator_edges: Mapping[str, str]
    disposal_markers: Mapping[str, str]
    class_dimensions: frozenset[str]
    number_prefixes: tuple[str, ...]
    set_phrases: tuple[str, ...]
    structure_heads: tuple[str, ...]
    furniture: tuple[str, ...]
    qualifier_blockers: tuple[str, ...]
    function_words: Mapping[str, str]
    indicators: Mapping[str, Row]
    indicator_surfaces: Mapping[str, str]
    indicator_whole_names: Mapping[str, str]
    regions: Mapping[str, str]
    issuer_suffixes: tuple[str, ...]
    document_kinds: tuple[str, ...]
    metadata_labels: Mapping[str, str]
    reference_prepositions: tuple[str, ...]
    ordinal_units: frozenset[str]
    heading_forms: Mapping[str, int]
    plan_periods: Mapping[str, str]
    modality_scope: tuple[str, ...]
    headline_markers: tuple[str, ...]

    @property
    def table_head_re(self) -> regex.Pattern[str]:
        """A quick test for text that may hold an indicator table: one of its 属性 words or a column head."""
        return _table_head_re(self)

    def punct(self, *roles: str) -> str:
        """The characters of the given punctuation roles, as one string (an ``item_end`` is a
        ``sentence_end`` too)."""
        if "sentence_end" in roles:
            roles = (*roles, "item_end")
        return "".join(s for s, r in self.punctuation.items() if r in roles)

    def marker(self, role: str) -> str:
        """The first function word of a role (``respectively`` -> 分别)."""
        return self.markers(role)[0]

    def markers(self, role: str) -> tuple[str, ...]:
        """Every function word of a role."""
        return _markers(self, role)



@functools.cache
def _table_head_re(lex: Lexicon) -> regex.Pattern[str]:
    return regex.compile(alternation(words_of(lex.table_columns, "indicator")))


@functools.cache
def _markers(lex: Lexicon, role: str) -> tuple[str, ...]:
    return tuple(s for s, r in lex.function_words.items() if r == role)


def _check_indicators(indicators: Mapping[str, Row], surfaces: Mapping[str, str], dimensions: set[str]) -> None:
    """Every surface names a known family; within a family, dimension and direction pick one row."""
    families = {r["family"] for r in indicators.values()}
    for n, (surface, family) in enumerate(surfaces.items(), 1):
        if family not in families:
            raise LexiconError("indicator_surfaces.tsv", n, "family", f"{family!r} of {surface!r} has no indicator")
    seen: dict[tuple[str, str, str], str] = {}
    for n, r in enumerate(indicators.values(), 1):
        if r["dimension"] not in dimensions:
            raise LexiconError("indicators.tsv", n, "dimension", f"{r['dimension']!r} is no unit's dimension")
        key = (r["family"], r["dimension"], r["direction"])
        if key in seen:
            raise LexiconError("indicators.tsv", n, "family", f"{r['id']} and {seen[key]} cannot be told apart")
        seen[key] = r["id"]


def _check_charmap(rows: tuple[Row, ...]) -> None:
    for n, r in enumerate(rows, 1):
        if len(r["from"]) != 1 or len(r["to"]) != 1:
            raise LexiconError("charmap.tsv", n, "from", f"{r['from']!r} -> {r['to']!r} is not one character to one")


def _check_units(units: Mapping[str, Unit]) -> None:
    for n, u in enumerate(units.values(), 1):
        if u.unit not in units:
            raise LexiconError("units.tsv", n, "unit", f"unit {u.unit!r} of {u.surface!r} is not itself a surface")


@functools.cache
def load_lexicon(root: str | None = None) -> Lexicon:
    """Read and validate every lexicon file (cached: the files are read once per process).

    ``root`` names another lexicon folder, for tests and for users who keep their own copy.
    """
    base = Path(root) if root else lexicon_dir()

    def t(name: str) -> tuple[Row, ...]:
        return read_table(base, name)

    def words(name: str) -> tuple[str, ...]:
        return tuple(r["surface"] for r in t(name))

    charmap = t("charmap.tsv")
    _check_charmap(charmap)
    units = MappingProxyType({r["surface"]: Unit(r["surface"], r["unit"], r["dimension"]) for r in t("units.tsv")})
    _check_units(units)
    indicators = MappingProxyType({r["id"]: r for r in t("indicators.tsv")})
    surfaces = _by_surface(t("indicator_surfaces.tsv"), "family")
    whole = MappingProxyType({r["name"]: r["id"] for r in t("indicator_whole_names.tsv")})
    _check_indicators(indicators, surfaces, {u.dimension for u in units.values()})
    for n, (name, id_) in enumerate(whole.items(), 1):
        if id_ not in indicators:
            raise LexiconError("indicator_whole_names.tsv", n, "id", f"{id_!r} of {name!r} is no indicator")
    quals = MappingProxyType(
        {
            r["surface"]: Qualifier(
                r["surface"], r["position"], r["bound"], _flag(r["inclusive"]), r["approx"] == "true",
                None if r["direction"] == "-" else cast(Direction, r["direction"]),
            )
            for r in t("qualifiers.tsv")
        }
    )
    return Lexicon(
        units=units,
        scales=MappingProxyType({r["surface"]: Decimal(r["multiplier"]) for r in t("scales.tsv")}),
        numerals=MappingProxyType({r["surface"]: int(r["value"]) for r in t("numerals.tsv")}),
        numeral_units=MappingProxyType({r["surface"]: int(r["value"]) for r in t("numeral_units.tsv")}),
        decimal_marks=_by_surface(t("decimal_marks.tsv"), "role"),
        qualifiers=quals,
        range_marks=words("range_marks.tsv"),
        fixed_quantities=MappingProxyType({r["surface"]: r for r in t("fixed_quantities.tsv")}),
        modality=_by_surface(t("modality.tsv"), "modality"),
        direction=MappingProxyType({r["surface"]: (r["direction"], r["scope"]) for r in t("direction.tsv")}),
        period=MappingProxyType({r["surface"]: (r["period"], r["needs"]) for r in t("period.tsv")}),
        charmap=MappingProxyType({r["from"]: r["to"] for r in charmap}),
        punctuation=_by_surface(t("punctuation.tsv"), "role"),
        owner_markers=words("owner_markers.tsv"),
        owner_lines=_by_surface(t("owner_lines.tsv"), "role"),
        binding_counts=_by_surface(t("binding_counts.tsv"), "role"),
        five_year_plans=MappingProxyType(
            {r["surface"]: (int(r["first_year"]), int(r["last_year"])) for r in t("five_year_plans.tsv")}
        ),
        relative_years=MappingProxyType({r["surface"]: int(r["offset"]) for r in t("relative_years.tsv")}),
        section_headings=_by_surface(t("section_headings.tsv"), "kind"),
        tense_markers=MappingProxyType({r["surface"]: (r["tense"], r["scope"]) for r in t("tense_markers.tsv")}),
        table_columns=_by_surface(t("table_columns.tsv"), "role"),
        binding=_by_surface(t("binding.tsv"), "binding"),
        table_name_units=MappingProxyType({r["suffix"]: r["unit"] for r in t("table_name_units.tsv")}),
        qualifier_frames=tuple((r["before"], r["after"]) for r in t("qualifier_frames.tsv")),
        region_prefixes=words("region_prefixes.tsv"),
        implied_units=MappingProxyType({r["word"]: r["unit"] for r in t("implied_units.tsv")}),
        relative_words=_by_surface(t("relative_words.tsv"), "kind"),
        coordinate_words=MappingProxyType({r["surface"]: (r["first"], r["second"]) for r in t("coordinate_words.tsv")}),
        table_units=MappingProxyType({r["surface"]: Unit(r["surface"], r["unit"], r["dimension"])
                                      for r in t("table_units.tsv")}),
        no_number_cells=words("non_targets/no_number_cells.tsv"),
        indicator_terms=words("indicator_terms.tsv"),
        indicator_edges=_by_surface(t("indicator_edges.tsv"), "edge"),
        disposal_markers=_by_surface(t("disposal_markers.tsv"), "kind"),
        class_dimensions=frozenset(words("non_targets/class_dimensions.tsv")),
        number_prefixes=words("non_targets/number_prefixes.tsv"),
        set_phrases=words("non_targets/set_phrases.tsv"),
        structure_heads=words("non_targets/structure_heads.tsv"),
        furniture=words("non_targets/furniture.tsv"),
        function_words=_by_surface(t("function_words.tsv"), "role"),
        indicators=indicators,
        indicator_surfaces=surfaces,
        indicator_whole_names=whole,
        regions=_by_surface(t("regions.tsv"), "region"),
        issuer_suffixes=words("issuer_suffixes.tsv"),
        document_kinds=words("document_kinds.tsv"),
        metadata_labels=_by_surface(t("metadata_labels.tsv"), "field"),
        qualifier_blockers=words("non_targets/qualifier_blockers.tsv"),
        reference_prepositions=words("non_targets/reference_prepositions.tsv"),
        ordinal_units=frozenset(words("non_targets/ordinal_units.tsv")),
        heading_forms=MappingProxyType({r["form"]: _level(r["level"]) for r in t("heading_forms.tsv")}),
        plan_periods=_by_surface(t("plan_periods.tsv"), "kind"),
        modality_scope=words("modality_scope.tsv"),
        headline_markers=words("headline_markers.tsv"),
    )


LEXICON_FILES: tuple[str, ...] = tuple(_HEADERS)
