"""Domain vocabulary loaded from ``khtool/data/*.yaml`` (once, lazily, by libyaml, and
cached in compiled form next to the files: :mod:`khtool.vocab_cache`).

Every heading variant, column name, unit alias, deliverable noun and time word
lives in those files, so supporting a new province's wording is a data change.
Text is compared after :func:`fold` (NFC, case-folded, whitespace folded); the
diacritics are never stripped, so ``năm`` never matches ``nam``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import regex

_WS = regex.compile(r"\s+")
# str.split() also splits at these four, where the Unicode \s of _WS does not
_SPLIT_ONLY = re.compile("[\x1c-\x1f]")


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """NFC, case-folded, whitespace folded: the key all vocabulary lookups use.

    Cached: a parse folds the same few hundred strings over and over.
    """
    text = unicodedata.normalize("NFC", text)
    if _SPLIT_ONLY.search(text):
        return _WS.sub(" ", text).strip().casefold()
    return " ".join(text.split()).casefold()  # the same as the line above, several times faster


def unmarked(text: str) -> str:
    """The folded letters without their marks (đ → d). Only a fallback, for text read by
    OCR whose tone marks may slip: kind lines and section titles are compared on it when
    the marked comparison fails (never for values)."""
    decomposed = unicodedata.normalize("NFD", fold(text).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def load(name: str) -> dict[str, Any]:
    """Load one vocabulary file (from its compiled cache when it is up to date)."""
    source = resources.files("khtool.data").joinpath(f"{name}.yaml")
    if isinstance(source, Path):
        from khtool.vocab_cache import load_cached

        data = load_cached(source, _parse_yaml)
    else:  # not on a file system (a zip): no cache
        data = _parse_yaml(source.read_bytes())
    if not isinstance(data, dict):
        raise ValueError(f"vocabulary {name}.yaml must be a mapping")
    return data


def _parse_yaml(raw: bytes) -> Any:
    import yaml

    # libyaml's parser when PyYAML has it (ten times faster than the pure-Python one)
    return yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _variants(mapping: dict[str, list[str]]) -> dict[str, str]:
    """Invert {key: [variants]} into {folded variant: key}; a variant may not repeat."""
    out: dict[str, str] = {}
    for key, variants in mapping.items():
        for variant in variants or []:
            folded = fold(variant)
            if folded in out and out[folded] != key:
                raise ValueError(f"vocabulary variant {variant!r} maps to {out[folded]} and {key}")
            out[folded] = key
    return out


@cache
def section_headings() -> dict[str, str]:
    """{folded heading text: section key}."""
    return _variants(load("headings")["sections"])


@cache
def _part_openers() -> tuple[str, ...]:
    return tuple(fold(h) for key in ("notes", "appendix", "recipients") for h in headings(key))


def opens_part_after_table(text: str) -> bool:
    """The line opens what follows a task table in a text dump: notes (Ghi chú), another
    appendix (PHỤ LỤC) or the signature block (Nơi nhận)."""
    return fold(text).strip("*_ ").startswith(_part_openers())


def headings(key: str) -> list[str]:
    """A list-valued entry of headings.yaml (appendix, notes, recipients, …)."""
    return list(load("headings")[key])


@cache
def column_names() -> dict[str, str]:
    """{folded column header: field}."""
    return _variants(load("columns")["columns"])


@cache
def unit_labels() -> dict[str, list[str]]:
    return {k: list(v) for k, v in load("columns")["unit_labels"].items()}


@cache
def unit_aliases() -> dict[str, str]:
    """{folded alias or canonical name: canonical name}."""
    units: dict[str, list[str]] = load("units")["units"]
    out = _variants({name: [name, *(aliases or [])] for name, aliases in units.items()})
    return out


@cache
def _abbreviations() -> tuple[regex.Pattern[str], dict[str, str]]:
    table = {fold(k): fold(v) for k, v in (load("units").get("abbreviations") or {}).items()}
    words = "|".join(regex.escape(k) for k in sorted(table, key=len, reverse=True))
    return regex.compile(rf"(?<![\w&-])(?:{words})(?![\w&-])" if words else r"(?!)"), table


def spelled_out(text: str) -> str:
    """``text`` folded, with the abbreviations of unit names written out
    (data/units.yaml ``abbreviations``): ``UBND các xã`` → ``ủy ban nhân dân các xã``."""
    found, table = _abbreviations()
    return found.sub(lambda m: table[m.group(0)], fold(text))


def canonical_units() -> list[str]:
    return list(load("units")["units"].keys())


@cache
def quantity_items() -> list[str]:
    """Deliverable nouns, longest first so the longest match wins."""
    items = [str(i) for i in load("quantities")["items"]]
    return sorted(items, key=len, reverse=True)


@cache
def reference_kinds() -> dict[str, str]:
    return _variants(load("references")["kinds"])
