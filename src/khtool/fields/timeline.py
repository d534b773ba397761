"""Thời gian thực hiện → start and end months.

Reads what real plans write: ``Tháng 3 - 12/2025``, ``Tháng 7-10/2020``,
``Tháng 01 - 12/2025``, ``Trong quý III-IV/2020``, ``Quý II/2025``,
``Tháng 6/2025``, ``Tháng 11/2024 - 02/2025``, ``Năm 2025``, ``Cả năm 2025``.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from khtool.vocab import fold, load

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_SEP = regex.compile(r"\s*(?:-|–|—|\bđến\b|\btới\b)\s*")
_ENDPOINT = regex.compile(
    r"^(?:(?P<kind>tháng|quý|năm)\s*)?"
    r"(?:(?P<day>\d{1,2})/(?=\d{1,2}/\d{4}))?"
    r"(?P<val>[ivx]+|\d{1,4})?"
    r"(?:\s*/\s*(?P<year>\d{4}))?$"
)


@dataclass(frozen=True)
class MonthSpan:
    start: str | None
    end: str | None


@dataclass
class _End:
    kind: str | None
    val: int | None
    year: int | None


def _endpoint(text: str) -> _End | None:
    text = text.strip(" .,;:()")
    m = _ENDPOINT.match(text)
    if not m:
        return None
    kind, raw, year = m.group("kind"), m.group("val"), m.group("year")
    if raw is None and year is None:
        return None
    val: int | None = None
    if raw is not None:
        if raw.isdigit():
            number = int(raw)
            if len(raw) == 4 and year is None and kind in (None, "năm"):
                return _End("năm", None, number)
            val = number
        elif raw in _ROMAN:
            val = _ROMAN[raw]
            kind = kind or "quý"
        else:
            return None
    if kind == "năm":
        return _End("năm", None, year or val)
    return _End(kind, val, int(year) if year else None)


def _strip_fillers(text: str) -> str:
    words = sorted((fold(w) for w in load("time")["filler_words"]), key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for word in words:
            if text.startswith(word + " "):
                text = text[len(word) + 1 :]
                changed = True
    return text


def _months(end: _End, first: bool) -> tuple[int, int] | None:
    """(year, month) for one endpoint, first or last month of its period."""
    if end.year is None:
        return None
    if end.kind == "năm" or end.val is None:
        return end.year, 1 if first else 12
    if end.kind == "quý":
        if not 1 <= end.val <= 4:
            return None
        return end.year, (end.val - 1) * 3 + (1 if first else 3)
    if not 1 <= end.val <= 12:
        return None
    return end.year, end.val


def parse_timeline(text: str) -> MonthSpan:
    """Return the first and last month (YYYY-MM) the text covers, or Nones."""
    folded = _strip_fillers(fold(text).rstrip(" ."))
    parts = _SEP.split(folded, maxsplit=1)
    ends = [_endpoint(p) for p in parts]
    if any(e is None for e in ends):
        return MonthSpan(None, None)
    left = ends[0]
    right = ends[-1]
    assert left is not None and right is not None
    # 'Tháng 3 - 12/2025': the left end borrows the kind and year of the right, and back
    if left.kind is None and right.kind is not None:
        left.kind = right.kind
    if right.kind is None:
        right.kind = left.kind or "tháng"
    if left.kind is None:
        left.kind = "tháng"
    if left.year is None:
        left.year = right.year
    start, end = _months(left, True), _months(right, False)
    if start is None or end is None or start > end:
        return MonthSpan(None, None)
    return MonthSpan(f"{start[0]:04d}-{start[1]:02d}", f"{end[0]:04d}-{end[1]:02d}")
