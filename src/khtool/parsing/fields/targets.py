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
def _qualifiers_re() -> regex.Pattern[str]:
    words = sorted((regex.escape(w) for w in load("targets")["qualifiers"]), key=len, reverse=True)
    return regex.compile(rf"(?:\s+(?:{'|'.join(words)}))+\s*$", regex.IGNORECASE)


@cache
def _per_re() -> regex.Pattern[str]:
    words = "|".join(regex.escape(w) for w in load("targets")["per_units"])
    return regex.compile(rf"^\s*/\s*(?P<per>{words})\b", regex.IGNORECASE)


def _direction_before(before: str) -> tuple[str, int] | None:
    """(direction, where the direction word starts) when the words before the number end
    with one ('… tăng bình quân ' → increase)."""
    trimmed = _qualifiers_re().sub("", " " + before)[1:] if before.strip() else before
    words = trimmed.split()
    if words and fold(words[-1]) in _directions():
        return _directions()[fold(words[-1])], len(trimmed.rstrip()) - len(words[-1])
    return None


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
        if a is None or (m.group("b") and b is None):  # a number no plan can mean
            continue
        clause_start = _clause_start(text, m.start())
        before = text[clause_start : m.start()]
        end = m.end()
        unit = "%"
        per = _per_re().match(text[end:])
        if per:
            unit = f"%/{per.group('per')}"
            end += per.end()
        direction = "reach"
        found = _direction_before(before)
        if found:
            direction = found[0]
        reach = _reach_re().search(_qualifiers_re().sub("", before) or before)
        if found and before[: found[1]].strip(_TRIM):
            # 'Chỉ số sản xuất công nghiệp tăng bình quân 12%/năm': the subject comes first
            subject = before[: found[1]].strip(_TRIM)
            phrase = text[clause_start:end].strip(_TRIM)
        elif reach and direction == "reach":
            subject = before[: reach.start()].strip(_TRIM)
            phrase = text[clause_start:end].strip(_TRIM)
        else:
            next_start = matches[i + 1].start() if i + 1 < len(matches) else None
            subject = _subject_after(text, end, next_start)
            lead = clause_start + found[1] if found else m.start()
            phrase = text[lead:end] + (" " + subject if subject else "")
        out.append(
            {
                "value": None if b is not None else a,
                "min": a if b is not None else None,
                "max": b,
                "unit": unit,
                "direction": direction,
                "subject": subject,
                "text": phrase.strip(),
            }
        )
    return out
