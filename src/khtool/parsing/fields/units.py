"""Lead and coordinating units from appendix cells."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache

import regex

from khtool.vocab import load, unit_labels

# Where a paragraph holds several items: ';', a '•' anywhere, or a '-', '+', '–'
# bullet right after punctuation ('- A; - B.', 'A. - B'); '-Tài chính' is no bullet.
_ITEMS = regex.compile(r";|\s*•\s*|(?<=[.,:!?)…])\s+[-+–]\s+")
_HEAD_TRIM = regex.compile(r"^[\s.,;:]*(?:[-+•–]\s*)?")
_TAIL_TRIM = regex.compile(r"[\s.,;:]+$")
_WORD = regex.compile(r"\w")


def _nfc(words: Iterable[str]) -> list[str]:
    """NFC words with single spaces, longest first."""
    nfc = {" ".join(unicodedata.normalize("NFC", str(w)).split()) for w in words}
    return sorted(nfc, key=len, reverse=True)


def _pattern(word: str) -> str:
    """A word as a pattern: any run of spaces matches any whitespace."""
    return r"\s+".join(map(regex.escape, word.split(" ")))


@cache
def _unit_start() -> regex.Pattern[str]:
    """A unit name's opening: a capitalised head word ('Sở', 'Trung tâm', 'UBND') or a
    collective opener with its noun ('các đơn vị', 'Các Sở'); see data/unit_heads.yaml."""
    data = load("unit_heads")
    # the first letter as written (so 'ban' is not the head 'Ban'), the rest case-folded
    heads = "|".join(f"{regex.escape(h[0])}(?i:{_pattern(h[1:])})" for h in _nfc(data["heads"]))
    nouns = "|".join(map(_pattern, _nfc([*data["collective_nouns"], *data["heads"]])))
    openers = "|".join(map(_pattern, _nfc(data["openers"])))
    return regex.compile(rf"\s*(?:(?i:(?:{openers})\s+(?:{nouns}))|{heads})(?!\w)")


def _is_complete(text: str, start: int, end: int) -> bool:
    """text[start:end] is a complete unit: it opens like one and says more than the
    head word alone ('Sở Y tế', 'các Sở, ban'; not 'Sở' or 'Các Sở')."""
    m = _unit_start().match(text, start, end)
    return m is not None and _WORD.search(text, m.end(), end) is not None


def _split_commas(text: str) -> list[str]:
    """Split at commas between two complete unit names, never inside parentheses:
    'Sở A, UBND các xã, phường' → ['Sở A', 'UBND các xã, phường'];
    'Sở Công Thương, Kế hoạch và Đầu tư' and 'Các Sở, ban, ngành' stay whole."""
    parts: list[str] = []
    start = depth = 0
    for i, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if char != "," or depth > 0:
            continue
        if _unit_start().match(text, i + 1) and _is_complete(text, start, i):
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _trim(text: str) -> str:
    return _TAIL_TRIM.sub("", _HEAD_TRIM.sub("", text, count=1))


def split_units(items: list[str]) -> list[str]:
    """One unit per name: each paragraph split at ';', list bullets and commas between
    complete unit names; markers and trailing '.,;:' removed, other punctuation kept.

    '- Vụ Pháp chế; - Văn phòng Bộ.' → ['Vụ Pháp chế', 'Văn phòng Bộ'];
    'Sở Khoa học và Công nghệ, UBND các địa phương' → two units;
    'Các Sở, ban, ngành và UBND các xã, phường' → one unit.
    """
    out: list[str] = []
    for item in items:
        for piece in _ITEMS.split(unicodedata.normalize("NFC", item)):
            for part in _split_commas(_trim(piece)):
                part = _trim(part)
                if part:
                    out.append(part)
    return out


@cache
def _label_pattern() -> regex.Pattern[str]:
    alternatives = []
    for role, labels in unit_labels().items():
        names = "|".join(regex.escape(label) for label in sorted(labels, key=len, reverse=True))
        alternatives.append(rf"(?P<{role}>{names})")
    return regex.compile(
        rf"(?:^|(?<=\s)|(?<=[.;]))-?\s*(?:{'|'.join(alternatives)})\s*:", regex.IGNORECASE
    )


def split_combined(text: str) -> tuple[str, str] | None:
    """'- Đơn vị chủ trì: X. - Đơn vị phối hợp: Y' → ('X.', 'Y'); None without labels."""
    matches = list(_label_pattern().finditer(text))
    if not matches:
        return None
    parts: dict[str, list[str]] = {"lead": [], "coordinating": []}
    for i, m in enumerate(matches):
        role = "lead" if m.group("lead") else "coordinating"
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        parts[role].append(text[m.end() : end].strip())
    return " ".join(parts["lead"]), " ".join(parts["coordinating"])
