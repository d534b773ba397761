"""Numeric targets in goal text: ``Giảm 5 – 8% mức tiêu hao …`` → 5–8 %, decrease."""

from __future__ import annotations

from functools import cache

import regex

from khtool.parsing.fields.numbers import NUMBER, RANGE_SEP, parse_number
from khtool.vocab import fold, load

_PERCENT = regex.compile(rf"(?P<a>{NUMBER})(?:{RANGE_SEP}(?P<b>{NUMBER}))?\s*%")
_CLAUSE_END = regex.compile(r";|\.(?:\s|$)|:\s")
_TRIM = " ,;:.-–"


@cache
def _directions() -> dict[str, str]:
    return {fold(w): d for d, words in load("targets")["directions"].items() for w in words}


@cache
def _reach_re() -> regex.Pattern[str]:
    words = sorted((regex.escape(w) for w in load("targets")["reach_words"]), key=len, reverse=True)
    return regex.compile(rf"\s(?:{'|'.join(words)})\s*$", regex.IGNORECASE)


def _clause_start(text: str, pos: int) -> int:
    start = 0
    for m in _CLAUSE_END.finditer(text, 0, pos):
        start = m.end()
    return start


def _subject_after(text: str, pos: int, next_start: int | None) -> str:
    end = len(text)
    m = _CLAUSE_END.search(text, pos)
    if m:
        end = m.start()
    if next_start is not None and next_start < end:
        # stop before ', 100%' or ' và 70%' that starts the next target
        end = next_start
        head = text[pos:end]
        cut = regex.search(r"(?:,|\s+và)\s*$", head)
        if cut:
            end = pos + cut.start()
    subject = text[pos:end]
    for stop in load("targets")["subject_stops"]:
        i = subject.find(stop)
        if i >= 0:
            subject = subject[:i]
    return subject.strip(_TRIM)


def find_targets(text: str) -> list[dict[str, object]]:
    """All percentage targets in a goal's text, with direction and subject."""
    matches = list(_PERCENT.finditer(text))
    out: list[dict[str, object]] = []
    for i, m in enumerate(matches):
        a = parse_number(m.group("a"))
        b = parse_number(m.group("b")) if m.group("b") else None
        if a is None:
            continue
        clause_start = _clause_start(text, m.start())
        before = text[clause_start : m.start()]
        direction = "reach"
        words = fold(before).split()
        if words and words[-1] in _directions():
            direction = _directions()[words[-1]]
        reach = _reach_re().search(before)
        if reach and direction == "reach":
            subject = before[: reach.start()].strip(_TRIM)
            phrase = text[clause_start : m.end()].strip(_TRIM)
        else:
            next_start = matches[i + 1].start() if i + 1 < len(matches) else None
            subject = _subject_after(text, m.end(), next_start)
            lead = m.start()
            if words and words[-1] in _directions():
                lead = m.start() - len(before) + len(before.rstrip()) - len(before.split()[-1])
            phrase = text[lead : m.end()] + (" " + subject if subject else "")
        out.append(
            {
                "value": None if b is not None else a,
                "min": a if b is not None else None,
                "max": b,
                "unit": "%",
                "direction": direction,
                "subject": subject,
                "text": phrase.strip(),
            }
        )
    return out
