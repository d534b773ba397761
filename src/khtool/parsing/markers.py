"""Section numbering markers of Vietnamese administrative documents.

``PHẦN I`` / ``Phần thứ nhất`` (rank 0), ``I.`` (1), ``1.`` (2), ``1.1.`` (3, one more per
level), ``a)`` (6). A roman numeral written without punctuation (``V NHIỆM VỤ …``) counts
only when it is the numeral expected next, so a wrapped heading whose next line begins
with the word ``VI`` (``VI PHẠM …``) is not section VI.
"""

from __future__ import annotations

import regex

_MARKERS: tuple[tuple[str, int, regex.Pattern[str]], ...] = (
    (
        "part",
        0,
        regex.compile(
            r"^(?:PHẦN|Phần)\s+(?P<n>[IVX]{1,5}|(?:THỨ|thứ)\s+\p{L}+|\d{1,2})\b\s*[.:\-–]?\s*(?P<t>.*)$"
        ),
    ),
    ("roman", 1, regex.compile(r"^(?P<n>[IVX]{1,5})\s*[.)/:\-–]\s*(?P<t>\S.*)$")),
    ("bare-roman", 1, regex.compile(r"^(?P<n>[IVX]{1,5})\s+(?P<t>\p{Lu}[\p{Lu}\s,;]+)$")),
    ("decimal", 3, regex.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2})+)\.?\s+(?P<t>\S.*)$")),
    ("arabic", 2, regex.compile(r"^(?P<n>\d{1,2})\s*[.)]\s*(?P<t>\S.*)$")),
    ("letter", 6, regex.compile(r"^(?P<n>[a-zđ])\s*\)\s*(?P<t>\S.*)$")),
)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def roman_value(numeral: str) -> int:
    """IV → 4; 0 for text that is not a roman numeral."""
    total, previous = 0, 0
    for ch in reversed(numeral.upper()):
        value = _ROMAN_VALUES.get(ch, 0)
        if not value:
            return 0
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total


def marker(text: str, next_roman: int | None = None) -> tuple[str, int, str, str] | None:
    """(scheme, rank, number, title) when the line opens a numbered section.

    ``next_roman`` is the roman numeral expected next; a bare roman marker (no
    punctuation) is accepted only when it is that one (or any, when None is given).
    """
    for scheme, rank, pattern in _MARKERS:
        m = pattern.match(text)
        if not m:
            continue
        number = m.group("n").rstrip(".")
        if scheme == "bare-roman":
            if next_roman is not None and roman_value(number) != next_roman:
                continue
            scheme = "roman"
        if scheme == "decimal":
            rank += number.count(".") - 1
        return scheme, rank, number, m.group("t").strip()
    return None


def is_heading(text: str, schemes: tuple[str, ...]) -> bool:
    """The line opens a section of one of the schemes (bare roman numerals excluded)."""
    found = marker(text, next_roman=-1)
    return found is not None and found[0] in schemes
