"""Documents cited in a plan's opening paragraph.

``Quyết định số 889/QĐ-TTg ngày 24/06/2020 của Thủ tướng Chính phủ`` →
``{kind: Quyết định, number: 889/QĐ-TTg, date: 2020-06-24, issuer: Thủ tướng Chính phủ}``.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import regex

from khtool.vocab import load, reference_kinds

_DATE = r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
# issuer after the citation: 'của X' up to a verb or separator
_ISSUER_AFTER = regex.compile(
    r"^\s*của\s+(?P<issuer>.+?)(?=\s+(?:phê duyệt|về|ban hành|v/v|,|;|và\s+(?:kết quả|Kế hoạch|Quyết định))|[,;.]|$)"
)
# issuer before the citation: 'của X tại <kind> số'
_ISSUER_BEFORE = regex.compile(r"của\s+(?P<issuer>[^,;]+?)\s+tại\s*$")


@cache
def _citation() -> regex.Pattern[str]:
    variants = sorted(reference_kinds(), key=len, reverse=True)
    kinds = "|".join(regex.escape(v) for v in variants)
    number = load("references")["number_pattern"]
    return regex.compile(
        rf"(?P<kind>{kinds})\s+số\s+(?P<number>{number})(?:\s+ngày\s+{_DATE})?",
        regex.IGNORECASE,
    )


def _date(m: regex.Match[str]) -> dt.date | None:
    if not m.group("y"):
        return None
    try:
        return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None


def find_references(text: str) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for m in _citation().finditer(text):
        kind = reference_kinds().get(m.group("kind").casefold(), m.group("kind"))
        after = _ISSUER_AFTER.match(text[m.end() :])
        before = _ISSUER_BEFORE.search(text[: m.start()])
        issuer = None
        end = m.end()
        if after:
            issuer = after.group("issuer").strip()
            end = m.end() + after.end()
        elif before:
            issuer = before.group("issuer").strip()
        out.append(
            {
                "kind": kind,
                "number": m.group("number"),
                "date": _date(m),
                "issuer": issuer,
                "text": text[m.start() : end].strip(" ,;."),
            }
        )
    return out
