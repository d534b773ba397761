"""Moving a plan's year on: which mentions of a year name the plan year.

``move_year`` replaces the plan year where the text names it ('năm 2025', 'đến hết năm
2025', 'Forum 2025', 'Quý II/2025') and keeps it where it belongs to something else: a
period ('giai đoạn 2021-2025', '2021 – 2025'), a full date ('ngày 11/9/2025', 'ngày 11
tháng 9 năm 2025') or a document number ('số 12/2025/NĐ-CP'). ``shift_years`` moves
every year of a timeline text, which names nothing but time.
"""

from __future__ import annotations

from functools import cache

import regex

from khtool.vocab import load

_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_Y = r"(?:19|20)\d{2}"


def _alt(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _protected() -> regex.Pattern[str]:
    words = load("draft")
    periods, numbers = _alt(words["period_words"]), _alt(words["number_words"])
    return regex.compile(
        rf"(?:{numbers})\s*:?\s*[\p{{L}}\d][\p{{L}}\d/.&\-]*"  # số 12/2025/NĐ-CP
        rf"|\d+/{_Y}/[\p{{L}}]"  # 12/2025/NĐ-CP without 'số'
        rf"|\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*{_Y}"  # 11/9/2025
        rf"|ngày\s+\d{{1,2}}\s+tháng\s+\d{{1,2}}\s+năm\s+{_Y}"
        rf"|(?:(?:{periods})\s+)?(?:từ\s+)?(?:năm\s+)?{_Y}\s*(?:[-–—]|đến|tới)\s*(?:năm\s+)?{_Y}"
        rf"|(?:{periods})\s+{_Y}",
        regex.IGNORECASE,
    )


def _spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _protected().finditer(text)]


def _free(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(a <= start and end <= b for a, b in spans)


def move_year(text: str, old: int, new: int) -> str:
    """The text with the plan year ``old`` replaced by ``new`` where it names the year."""
    if str(old) not in text:
        return text
    spans = _spans(text)

    def swap(m: regex.Match[str]) -> str:
        if m.group() == str(old) and _free(spans, *m.span()):
            return str(new)
        return m.group()

    return _YEAR.sub(swap, text)


def left_over(text: str, year: int) -> bool:
    """Whether the year still stands in the text (in a period, a date, a number)."""
    return any(m.group() == str(year) for m in _YEAR.finditer(text))


def shift_years(text: str, shift: int) -> str:
    """Every year of a timeline text moved by ``shift`` ('Tháng 01 - 12/2025' → …/2026)."""
    return _YEAR.sub(lambda m: str(int(m.group()) + shift), text)


def shift_month(month: str | None, shift: int) -> str | None:
    """'2025-03' → '2026-03'."""
    if month is None:
        return None
    year, _, rest = month.partition("-")
    return f"{int(year) + shift}-{rest}"
