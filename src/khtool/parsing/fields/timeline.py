"""Thời gian thực hiện → a :class:`MonthSpan`: first and last month, and the kind of period.

Reads what real plans write: periods (``Tháng 3 - 12/2025``, ``Trong quý III-IV/2020``,
``Quý I–II/2026``, ``Tháng 11/2024 - 02/2025``, ``2024 - 2025``, ``6 tháng đầu năm 2025``,
``Từ ngày 15/3/2025 đến ngày 30/6/2025``), lists (``Tháng 10, 11/2026``, ``Quý I và II``:
from the first to the last), deadlines (``Xong trong Quý II/2026``,
``Trước ngày 01/01/2030``), recurring (``Hằng năm``) and continuous (``Thường xuyên``)
work. Every word lives in ``data/time.yaml``; a comment in parentheses or after a comma
is skipped when the part before it can be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from khtool.vocab import fold, load

_UNITS = ("day", "month", "quarter", "year")  # read from day_words, month_words, …


@dataclass(frozen=True)
class MonthSpan:
    start: str | None  # "YYYY-MM"
    end: str | None  # "YYYY-MM"
    kind: str | None = None  # "range" | "by" | "recurring" | "continuous" | None (not read)


@dataclass
class _End:
    unit: str | None  # "day" | "month" | "quarter" | "year"; None until the other end decides
    val: int | None  # month or quarter number
    year: int | None
    day: int | None = None
    explicit: bool = False  # named by a word or a numeral, so a default year may apply


@dataclass(frozen=True)
class _Period:
    start: int  # month index, year * 12 + month - 1
    end: int
    day: int | None  # the day of the start, when the text names one


def _words(key: str) -> list[str]:
    return sorted({fold(str(w)) for w in load("time").get(key) or []}, key=len, reverse=True)


def _alts(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in words) or r"(?!)"


@cache
def _prefix(key: str) -> regex.Pattern[str]:
    """Any word of a time.yaml list at the start of the text, as a whole word."""
    return regex.compile(rf"^(?:{_alts(_words(key))})(?!\p{{L}})\s*")


@cache
def _units() -> dict[str, str]:
    return {w: unit for unit in _UNITS for w in _words(f"{unit}_words")}


@cache
def _quarters() -> tuple[dict[str, int], list[tuple[int, int]]]:
    """({folded numeral: quarter number}, [(first, last month) of quarters 1..4])."""
    quarters = load("time")["quarters"]
    numerals = {fold(str(k)): n for n, k in enumerate(quarters, 1)}
    return numerals, [(int(v[0]), int(v[1])) for v in quarters.values()]


@cache
def _halves() -> list[tuple[str, int, int]]:
    items = [(fold(str(k)), int(v[0]), int(v[1])) for k, v in load("time")["halves"].items()]
    return sorted(items, key=lambda h: -len(h[0]))


@cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """(range separator, one end of a period, the 'tháng 3 năm 2025' joints)."""
    seps = [
        rf"(?<!\p{{L}}){regex.escape(w)}(?!\p{{L}})"
        if regex.search(r"\p{L}", w)
        else regex.escape(w)
        for w in _words("range_words")
    ]
    sep = regex.compile(rf"\s*(?:{'|'.join(seps) or '(?!)'})\s*")
    end = regex.compile(
        rf"^(?:(?P<word>{_alts(sorted(_units(), key=len, reverse=True))})\s*)?"
        r"(?:(?P<day>[0-9]{1,2})\s*/\s*(?=[0-9]{1,2}(?:\s*/\s*[0-9]{4})?$))?"
        r"(?P<val>[ivx]+|[0-9]{1,4})?"
        r"(?:\s*/\s*(?P<year>[0-9]{4}))?$"
    )
    joints = _alts(_words("month_words") + _words("year_words"))
    joint = regex.compile(rf"(?<=[0-9ivx])\s+(?:{joints})\s+(?=[0-9])")
    return sep, end, joint


def _strip(text: str, keys: tuple[str, ...] = ("filler_words",)) -> tuple[str, str | None]:
    """Drop leading words of the given lists; return the rest and the deadline seen."""
    deadline: str | None = None
    while True:
        for key in keys:
            m = _prefix(key).match(text)
            if m:
                text = text[m.end() :]
                if key == "before_words":
                    deadline = "before"
                elif key == "deadline_words":
                    deadline = deadline or "by"
                break
        else:
            return text.strip(" .,;:"), deadline


def _endpoint(text: str) -> _End | None:
    _, pattern, joint = _patterns()
    m = pattern.match(joint.sub("/", _strip(text)[0]))
    if not m:
        return None
    word, day, raw, year = m.group("word", "day", "val", "year")
    unit = _units().get(word) if word else None
    end = _End(unit, None, int(year) if year else None, explicit=word is not None)
    numerals, _ = _quarters()
    if raw is None:
        if unit not in (None, "year") or day or (year is None and unit is None):
            return None
        end.unit = "year"  # 'năm', or 'năm /2025'
    elif raw.isdigit() and len(raw) == 4:
        if year or day or unit not in (None, "year"):
            return None
        end.unit, end.year, end.explicit = "year", int(raw), True
    elif raw.isdigit():
        if unit == "year":
            return None
        end.val = int(raw)
    elif raw in numerals and unit in (None, "quarter") and not day:
        end.unit, end.val, end.explicit = "quarter", numerals[raw], True
    else:
        return None
    if day:
        if unit not in (None, "day"):
            return None
        end.unit, end.day, end.explicit = "day", int(day), True
    elif unit == "day":
        return None
    return end


def _month(end: _End, first: bool) -> int | None:
    """Month index of the first or last month of one end's period."""
    if end.year is None or end.year < 1000:
        return None
    if end.unit == "year":
        return end.year * 12 + (0 if first else 11)
    if end.val is None:
        return None
    if end.unit == "quarter":
        _, months = _quarters()
        if not 1 <= end.val <= len(months):
            return None
        return end.year * 12 + months[end.val - 1][0 if first else 1] - 1
    if not 1 <= end.val <= 12:
        return None
    if end.day is not None:
        leap = end.year % 4 == 0 and (end.year % 100 != 0 or end.year % 400 == 0)
        days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[end.val - 1]
        if not 1 <= end.day <= days:
            return None
    return end.year * 12 + end.val - 1


@cache
def _list() -> regex.Pattern[str]:
    """A list of months or quarters sharing one year ('tháng 10, 11/2026', 'quý i và ii'),
    or of years ('năm 2026, 2027')."""
    words = _alts(_words("month_words") + _words("quarter_words"))
    item = rf"(?:(?:{words})\s*)?(?:[0-9]{{1,2}}|[ivx]+)"
    seps = [
        rf"\s+{regex.escape(w)}\s+" if w.isalpha() else rf"\s*{regex.escape(w)}\s*"
        for w in _words("list_words")
    ]
    sep = f"(?:{'|'.join(seps) or '(?!)'})"
    years = rf"(?:(?:{_alts(_words('year_words'))})\s*)?"
    return regex.compile(
        rf"^(?P<first>{item})(?:{sep}{item})*{sep}(?P<last>{item}(?:\s*/.*|\s+\S.*)?)$"
        rf"|^{years}(?P<first_year>[0-9]{{4}})(?:{sep}[0-9]{{4}})*{sep}(?P<last_year>[0-9]{{4}})$"
    )


@cache
def _month_part() -> regex.Pattern[str]:
    """'tuần đầu ', 'cuối ' … before a month word: dropped (the month is meant)."""
    months = _alts(_words("month_words"))
    return regex.compile(rf"^(?:{_alts(_words('month_part_words'))})\s+(?=(?:{months})(?!\p{{L}}))")


def _period(text: str, default_year: int | None) -> _Period | None:
    text = _month_part().sub("", text)
    listed = _list().match(text)
    if listed and listed.group("first"):  # from the first item of the list to the last
        text = f"{listed.group('first')} - {listed.group('last')}"
    elif listed:  # 'năm 2026, 2027'
        text = f"{listed.group('first_year')} - {listed.group('last_year')}"
    for phrase, first, last in _halves():
        if text.startswith(phrase):
            m = regex.fullmatch(r"\s*(?:/\s*)?([0-9]{4})?", text[len(phrase) :])
            year = int(m.group(1)) if m and m.group(1) else default_year
            if m is None or year is None:
                return None
            return _Period(year * 12 + first - 1, year * 12 + last - 1, None)
    sep, _, _ = _patterns()
    ends = [_endpoint(p) for p in sep.split(text, maxsplit=1)]
    left, right = ends[0], ends[-1]
    if left is None or right is None:
        return None
    # 'Tháng 3 - 12/2025': each end borrows the unit and the year the other end names
    for a, b in ((left, right), (right, left)):
        if a.unit is None:
            a.unit = b.unit if b.unit in ("month", "quarter") else "month"
        a.year = a.year or b.year
    if left.year is None:
        if default_year is None or not (left.explicit or right.explicit):
            return None
        left.year = right.year = default_year
    start, end = _month(left, True), _month(right, False)
    if start is None or end is None or start > end:
        return None
    return _Period(start, end, left.day)


def _iso(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _read(text: str, default_year: int | None) -> MonthSpan:
    keys = ("filler_words", "deadline_words", "before_words")
    rest, deadline = _strip(text.strip(" .,;:").lstrip("-–—•*+ "), keys)
    if deadline is None:
        if _prefix("recurring_words").match(rest):
            return MonthSpan(None, None, "recurring")
        if _prefix("continuous_words").match(rest):
            return MonthSpan(None, None, "continuous")
    period = _period(rest, default_year)
    if period is None:
        if deadline is None and _anywhere("recurring_words").search(rest):
            return MonthSpan(None, None, "recurring")  # 'tháng 12 hằng năm'
        return MonthSpan(None, None)
    if deadline is None:
        return MonthSpan(_iso(period.start), _iso(period.end), "range")
    if deadline == "by":
        return MonthSpan(None, _iso(period.end), "by")
    # before the 2nd..31st: that month still counts; before the 1st or a whole period: it does not
    end = period.start if period.day is not None and period.day > 1 else period.start - 1
    return MonthSpan(None, _iso(end), "by") if end >= 12000 else MonthSpan(None, None)


@cache
def _anywhere(key: str) -> regex.Pattern[str]:
    """Any word of a time.yaml list, as a whole word anywhere in the text."""
    return regex.compile(rf"(?<!\p{{L}})(?:{_alts(_words(key))})(?!\p{{L}})")


@cache
def _deadline_word() -> regex.Pattern[str]:
    words = _words("deadline_words") + _words("before_words")
    return regex.compile(
        rf"(?<!\p{{L}})(?:{_alts(sorted(words, key=len, reverse=True))})(?!\p{{L}})"
    )


def _candidates(folded: str) -> list[str]:
    """The whole text without its parentheses, then its comma parts, then the
    parentheses, then what follows a deadline word inside a sentence (``… vận hành xong
    trước ngày 01/01/2030``)."""
    inner = regex.findall(r"\(([^()]*)\)", folded)
    main = regex.sub(r"\([^()]*\)", " ", folded).split("(")[0].replace(")", " ")
    labelled = [main.split(":", 1)[1]] if ":" in main else []  # 'đợt 1: tháng 5/2026'
    parts = [main, *labelled, *regex.split(r"[,;]", main), *inner]
    tails = [
        part[m.start() :] for part in parts for m in _deadline_word().finditer(part) if m.start()
    ]
    out: list[str] = []
    for part in [*parts, *tails]:
        part = part.strip()
        if part and part not in out:
            out.append(part)
    return out


_DATE = regex.compile(r"(?<![0-9/])([0-9]{1,2})\s*/\s*([0-9]{1,2})\s*/\s*([0-9]{4})(?![0-9/])")


def impossible_date(text: str) -> str | None:
    """The first day/month/year date of the text that no calendar has (``31/02/2025``)."""
    for m in _DATE.finditer(text):
        day, month, year = (int(g) for g in m.groups())
        end = _End("day", month, year, day)
        if year < 1000 or _month(end, True) is None:
            return m.group(0)
    return None


def parse_timeline(text: str, default_year: int | None = None) -> MonthSpan:
    """Read a Thời gian thực hiện cell; kind None (and no months) when it cannot be read.

    ``default_year`` fills a missing year (``Tháng 5``, ``Quý III``, ``6 tháng đầu năm``).
    A text naming an impossible date (``31/02/2025``) is not read at all, not even by
    its other parts: the reader cannot tell which part is the mistake.
    """
    if default_year is not None and not 1000 <= default_year <= 9999:
        default_year = None
    if impossible_date(text) is not None:
        return MonthSpan(None, None)
    for candidate in _candidates(fold(text)):
        span = _read(candidate, default_year)
        if span.kind is not None:
            return span
    return MonthSpan(None, None)
