"""Counted deliverables in Chỉ tiêu cells: ``Tổ chức 05 hội nghị`` → 5 × hội nghị."""

from __future__ import annotations

from functools import cache

import regex

from khtool.parsing.fields.numbers import NUMBER, RANGE_SEP, parse_number
from khtool.vocab import load, quantity_items


@cache
def _pattern() -> regex.Pattern[str]:
    items = "|".join(regex.escape(i) for i in quantity_items())
    return regex.compile(
        rf"(?<![\p{{L}}\d.,/])(?P<approx>khoảng\s+)?(?P<a>{NUMBER})(?:{RANGE_SEP}(?P<b>{NUMBER}))?"
        rf"\s+(?P<item>{items})(?![\p{{L}}])"
        rf"(?:\s*/\s*(?P<per>{items})(?![\p{{L}}]))?",
        regex.IGNORECASE,
    )


@cache
def _per_pattern() -> regex.Pattern[str]:
    words = "|".join(regex.escape(w) for w in load("quantities")["per_words"])
    return regex.compile(rf"\b(?:{words})\s+(\p{{L}}+)", regex.IGNORECASE)


def find_quantities(text: str) -> list[dict[str, object]]:
    """All quantities in one text, in order, as dicts for the Quantity model."""
    out: list[dict[str, object]] = []
    for m in _pattern().finditer(text):
        a = parse_number(m.group("a"))
        b = parse_number(m.group("b")) if m.group("b") else None
        if a is None or (m.group("b") and b is None):  # a number no plan can mean
            continue
        per = m.group("per")
        if per is None:
            clause_start = max(text.rfind(c, 0, m.start()) for c in ",;:.(")
            clause = text[clause_start + 1 : m.start()]
            pm = _per_pattern().search(clause)
            per = pm.group(1) if pm else None
        q: dict[str, object] = {
            "count": None if b is not None else a,
            "min": a if b is not None else None,
            "max": b,
            "item": m.group("item"),
            "per": per,
            "text": m.group(0).strip(),
        }
        out.append(q)
    return out
