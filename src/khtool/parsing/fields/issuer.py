"""The issuing body at the top left of a header, and its short conventional form.

``["UBND TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG"]`` → issuer ``Sở Công Thương tỉnh Lào Cai``,
parent ``UBND tỉnh Lào Cai``. A line that starts with a head word (``data/issuers.yaml``)
starts a body; an upper-case line that does not continues the body above. The last body
is the issuer, the one above it the parent.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from khtool.vocab import fold, load, reference_kinds, unmarked

# old and new placement of tone marks (hoà / hòa, uỷ / ủy) compare alike
_TONE_PAIRS = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
_TONE_RE = regex.compile("|".join(_TONE_PAIRS))
_ISSUER_IN_BASIS = regex.compile(
    r"(?:^|[,;]\s*)(?P<issuer>(?:UBND|Ủy ban nhân dân|ỦY BAN NHÂN DÂN|Uỷ ban nhân dân)[^,;]*?)\s+ban hành",
)
_RULE = regex.compile(r"(?:^|\s)[-–—_=*~]{3,}(?=\s|$)")
_KEEP = regex.compile(r"[\d/&]")
_VOWELS = regex.compile(r"[aeiouy]")


def key(text: str) -> str:
    """Fold a text for comparison: NFC, case-folded, tone placement normalised."""
    return _TONE_RE.sub(lambda m: _TONE_PAIRS[m.group()], fold(text))


def _keys(text: str) -> tuple[str, ...]:
    return tuple(key(text).split())


def _bases(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(unmarked(w) for w in words)


@cache
def _places() -> dict[tuple[str, ...], str]:
    """{base letters: place name as written} of the provinces and cities."""
    return {_bases(_keys(name)): name for name in _data()["places"]}


def _restore_place(tokens: list[str]) -> list[str]:
    """A place name whose marks OCR misread ('CẢN THƠ') → its spelling ('Cần Thơ'); a
    name written right (or with the other tone placement) is kept as written."""
    known = _places().get(_bases(tuple(key(t) for t in tokens)))
    if known is None or _keys(known) == tuple(key(t) for t in tokens):
        return tokens
    return known.split()


@dataclass(frozen=True, slots=True)
class _Head:
    words: tuple[tuple[str, ...], ...]
    short: str
    name: str
    attach: str
    committee: bool


@dataclass(frozen=True, slots=True)
class Body:
    """One body read: its short form, its locality ('tỉnh Lào Cai') and its head."""

    text: str
    locality: str | None
    head: _Head
    complete: bool  # False for a committee whose locality names no place ('UBND Thành phố')


@cache
def _data() -> dict[str, Any]:
    return load("issuers")


@cache
def _heads() -> list[_Head]:
    heads = [
        _Head(
            tuple(_keys(w) for w in h["words"]),
            h["short"],
            h.get("name", "components"),
            h.get("attach", "locality"),
            bool(h.get("committee", False)),
        )
        for h in _data()["heads"]
    ]
    return sorted(heads, key=lambda h: -max(len(w) for w in h.words))


@cache
def _motto() -> regex.Pattern[str]:
    def pattern(variant: str) -> str:
        parts = [r"[-–—]" if t in "-–—" else regex.escape(t) for t in variant.split()]
        return r"\s*".join(parts)

    return regex.compile("|".join(pattern(v) for v in _data()["motto"]), regex.IGNORECASE)


Phrases = list[tuple[tuple[str, ...], list[str]]]


@cache
def _phrases(name: str) -> Phrases:
    """[(keys, tokens as written)] of a list of phrases, longest first."""
    items = [(_keys(p), p.split()) for p in _data()[name]]
    return sorted(items, key=lambda p: -len(p[0]))


@cache
def _localities() -> list[tuple[tuple[str, ...], str]]:
    items = [(_keys(w), canon) for canon, ws in _data()["localities"].items() for w in ws]
    return sorted(items, key=lambda p: -len(p[0]))


@cache
def _kinds() -> Phrases:
    """Document kinds as written in a name: 'QUYẾT ĐỊNH' → 'Quyết định'."""
    items = [(_keys(v), (v[:1].upper() + v[1:]).split()) for v in reference_kinds()]
    return sorted(items, key=lambda p: -len(p[0]))


def clean_line(text: str) -> str:
    """A header line without emphasis marks, rule lines (-----, *****) and motto text."""
    text = _RULE.sub(" ", text.replace("**", " "))
    text = _motto().sub(" ", text.replace("*", " "))
    return " ".join(text.strip(" _#").split())


def _is_upper(text: str) -> bool:
    return any(c.isalpha() for c in text) and text == text.upper()


def _head(tokens: list[str]) -> tuple[_Head, int] | None:
    ks = tuple(key(t) for t in tokens)
    for head in _heads():
        for words in head.words:
            if ks[: len(words)] == words:
                return head, len(words)
    return None


def issuer_block(lines: list[str]) -> list[list[str]]:
    """The bodies of a header's top-left block, each as its cleaned lines.

    Lines that are not upper case, and lines before the first head word (a website's
    caption, a converter's note), are not part of the block.
    """
    bodies: list[list[str]] = []
    for raw in lines:
        text = clean_line(raw)
        if not _is_upper(text):
            continue
        if _head(text.split()):
            bodies.append([text])
        elif bodies:
            bodies[-1].append(text)
    return bodies


def _cap(token: str) -> str:
    if _KEEP.search(token):
        return token
    return "-".join(p[:1].upper() + p[1:].lower() for p in token.split("-"))


def _low(token: str) -> str:
    return token if _KEEP.search(token) else token.lower()


def _replace(tokens: list[str], phrases: Phrases) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        ks = tuple(key(t) for t in tokens[i:])
        hit = next(((k, w) for k, w in phrases if ks[: len(k)] == k), None)
        if hit:
            out += hit[1]
            i += len(hit[0])
        else:
            out.append(tokens[i])
            i += 1
    return out


def _acronym(token: str) -> bool:
    """An abbreviation written in capitals ('THCS', 'THPT', 'ĐHCT'): no vowel in it."""
    letters = unmarked(key(token)).strip(".,;:()")
    return len(letters) > 1 and letters.isalpha() and not _VOWELS.search(letters)


def _place_tail(tokens: list[str], whole: bool = False) -> tuple[list[str], list[str]]:
    """A province or city that ends a name (or is all of it, with ``whole``), cut off and
    spelt as a place: 'GIÁO DỤC VÀ ĐÀO TẠO HÀ NỘI' → ('GIÁO DỤC VÀ ĐÀO TẠO', ['Hà', 'Nội'])."""
    for n in range(min(len(tokens) - (0 if whole else 1), 4), 0, -1):  # 'BÀ RỊA - VŨNG TÀU'
        known = _places().get(_bases(tuple(key(t) for t in tokens[-n:])))
        if known is not None:
            return tokens[:-n], known.split()
    return tokens, []


def _components(tokens: list[str]) -> list[str]:
    """An agency's name: the first syllable of each part capitalised; abbreviations kept
    in capitals, what follows one written as a proper name (TRƯỜNG THCS ĐA TỐN →
    Trường THCS Đa Tốn), and a province or city that ends the name spelt as a place."""
    tokens, place = _place_tail(tokens)
    out: list[str] = []
    start, proper = True, False
    for token in tokens:
        if key(token) in {"và", "-", "–"}:
            out.append(key(token))
            start = True
            continue
        if _acronym(token):
            out.append(token.upper())
            proper = True
            continue
        out.append(_cap(token) if start or proper else _low(token))
        start = token.endswith(",")
    return _replace(out, _phrases("proper_words")) + place


def _sentence(tokens: list[str]) -> list[str]:
    out = _replace([_low(t) for t in tokens], _kinds())
    return _replace(out, _phrases("proper_words"))


def _split_locality(tokens: list[str], at_start: bool) -> tuple[list[str], list[str], str | None]:
    """'NAME TỈNH LÀO CAI' → (name tokens, place tokens, 'tỉnh')."""
    ks = [key(t) for t in tokens]
    excluded = [k for k, _ in _phrases("not_localities")]
    tolerant = set(_data().get("tolerant_localities") or [])
    for i in range(1 if at_start else len(tokens)):
        for words, canon in _localities():
            here = tuple(ks[i : i + len(words)])
            if here != words and not (canon in tolerant and _bases(here) == _bases(words)):
                continue
            if any(tuple(ks[i : i + len(x)]) == x for x in excluded):
                continue
            place = _restore_place(tokens[i + len(words) :])
            return tokens[:i], [_cap(t) for t in place], canon
    return tokens, [], None


def short_form(text: str) -> Body | None:
    """The short conventional form of one body's text, or None without a head word."""
    tokens = text.split()
    found = _head(tokens)
    if not found:
        return None
    head, n = found
    ks = tuple(key(t) for t in tokens)
    known = next((w for k, w in _phrases("known") if ks[: len(k)] == k), None)
    if known is None:  # a known name whose marks OCR misread (two words or more)
        known = next(
            (w for k, w in _phrases("known") if len(k) > 1 and _bases(ks[: len(k)]) == _bases(k)),
            None,
        )
    if known:
        rest, place, word = _split_locality(tokens[len(known) :], at_start=True)
        rest, tail = _place_tail(rest, whole=True)
        words = [*known, *_sentence(rest), *tail]
    else:
        name, place, word = _split_locality(tokens[n:], at_start=head.name == "locality")
        if head.name in ("locality", "place"):
            cased = [_cap(t) for t in name]
        elif head.name == "sentence":
            cased = _sentence(name)
        else:
            cased = _components(name)
        words = [*head.short.split(), *cased]
    locality = " ".join([word, *place]) if word else None
    if locality:
        words.append(locality)
    complete = not head.committee or bool(place)
    return Body(" ".join(words), locality, head, complete)


def _under(body: Body, parent: Body | None) -> Body:
    """A body under a People's Committee takes the committee's locality (or name)."""
    if parent is None or not parent.head.committee or not parent.locality:
        return body
    if body.locality or body.head.committee:
        return body
    if body.head.attach == "parent":
        return Body(f"{body.text} {parent.text}", parent.locality, body.head, True)
    if body.head.attach == "locality":
        return Body(f"{body.text} {parent.locality}", parent.locality, body.head, True)
    return body


def read_bodies(lines: list[str]) -> list[Body]:
    """Every body of a header's top-left block, top to bottom."""
    bodies: list[Body] = []
    for body_lines in issuer_block(lines):
        body = short_form(" ".join(body_lines))
        if body is not None:
            bodies.append(_under(body, bodies[-1] if bodies else None))
    return bodies


def issuer_forms(lines: list[str]) -> tuple[str | None, str | None]:
    """(issuer, parent) short forms of a header's top-left lines."""
    bodies = read_bodies(lines)
    if not bodies:
        return None, None
    return bodies[-1].text, bodies[-2].text if len(bodies) > 1 else None


def issuer_from_phrase(text: str) -> str:
    """'Bộ trưởng Bộ Xây dựng' → 'Bộ Xây dựng'; 'Ủy ban nhân dân tỉnh X' → 'UBND tỉnh X'.

    A phrase without a head word, or a committee whose locality names no place
    ('UBND Thành phố'), is kept as written.
    """
    tokens = text.split()
    ks = tuple(key(t) for t in tokens)
    for k, _ in _phrases("official_titles"):
        if ks[: len(k)] == k and len(tokens) > len(k):
            tokens = tokens[len(k) :]
            break
    body = short_form(" ".join(tokens))
    if body is None or not body.complete:
        return " ".join(tokens)
    return body.text


def choose_issuer(bodies: list[Body], basis: str) -> tuple[str | None, str | None]:
    """(issuer, parent): the header's block, else '… UBND X ban hành …' in the basis.

    A bare 'ỦY BAN NHÂN DÂN' (no locality) loses to a basis that names the committee.
    """
    if bodies and bodies[-1].complete:
        return bodies[-1].text, bodies[-2].text if len(bodies) > 1 else None
    if m := _ISSUER_IN_BASIS.search(basis):
        return issuer_from_phrase(m.group("issuer").strip()), None
    return (bodies[-1].text, None) if bodies else (None, None)
