"""Vietnamese numbers: ``,`` is the decimal mark and ``.`` groups thousands."""

from __future__ import annotations

import regex

# 5.000 / 30.000 / 3,5 / 05 / 120
NUMBER = r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
RANGE_SEP = r"\s*(?:-|–|—|đến|tới)\s*"
NUMBER_RE = regex.compile(NUMBER)


MAX_NUMBER = 2**53  # the largest integer a float holds exactly, as plan files allow


def parse_number(text: str) -> int | float | None:
    """'3,5' → 3.5, '5.000' → 5000, '05' → 5; None if it is not a number."""
    text = text.strip()
    if not NUMBER_RE.fullmatch(text):
        return None
    value = float(text.replace(".", "").replace(",", "."))
    if not abs(value) <= MAX_NUMBER:  # also inf and nan: no plan means such a number
        return None
    return int(value) if value.is_integer() and "," not in text else value
