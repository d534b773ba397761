"""Vietnamese legacy 8-bit encodings: Windows-1258, TCVN3 (ABC) and VNI.

Old plans were typed in fonts that carry their own encoding (``.VnTime`` for
TCVN3/ABC, ``VNI-Times`` for VNI) or saved in Windows-1258. This module decodes
and encodes them letter by letter from the tables in
``khtool/data/legacy_encodings.yaml`` and detects which one a text uses by
scoring how many of its words are valid Vietnamese syllables.

TCVN3 has no codes for capital letters with a tone mark (the capital font draws
the lowercase code as a capital), so :func:`decode` restores their case from
the word and the line around them: a word whose other letters are capitals, a
line whose Vietnamese words are all capitals, and the first letter of a
sentence, a line or a table cell.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from khtool import vocab

WINDOWS_1258 = "cp1258"
TCVN3 = "tcvn3"
VNI = "vni"
NAMES = {WINDOWS_1258: "Windows-1258"}

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below


@dataclass(frozen=True, slots=True)
class LegacyCodec:
    """One table-driven legacy encoding."""

    key: str
    name: str
    encode_map: dict[str, bytes]  # Unicode letter -> bytes
    decode_map: dict[str, str]  # byte sequence (read as Latin-1) -> Unicode letter
    lost_case: frozenset[str]  # lowercase letters whose capital shares their code

    @property
    def pattern(self) -> regex.Pattern[str]:
        return _pattern(self.key)


def _hex(text: str) -> bytes:
    return bytes.fromhex(text)


@cache
def codec(key: str) -> LegacyCodec:
    """The table of one legacy encoding (``tcvn3`` or ``vni``)."""
    spec = vocab.load("legacy_encodings")[key]
    letters: dict[str, str] = spec["letters"]
    encode_map = {letter: _hex(code) for letter, code in letters.items()}
    decode_map: dict[str, str] = {}
    for letter, raw in encode_map.items():
        decode_map[raw.decode("latin-1")] = letter
    if key == VNI:
        # a mark byte in the other case than its base letter still means that letter
        for letter, raw in encode_map.items():
            if len(raw) == 2:
                pair = raw.decode("latin-1")
                base, mark = pair[0], pair[1]
                for other in (mark.upper(), mark.lower()):
                    decode_map.setdefault(base + other, letter)
    for code, mark in (spec.get("combining") or {}).items():
        decode_map[_hex(code).decode("latin-1")] = mark
    lost: set[str] = set()
    if spec.get("capitals_share_lowercase_codes"):
        for letter in letters:
            if letter.islower() and letter.upper() not in letters:
                encode_map[letter.upper()] = encode_map[letter]
                lost.add(letter)
    return LegacyCodec(key, str(spec["name"]), encode_map, decode_map, frozenset(lost))


@cache
def _pattern(key: str) -> regex.Pattern[str]:
    keys = sorted(codec(key).decode_map, key=len, reverse=True)
    return regex.compile("|".join(regex.escape(k) for k in keys))


def display_name(key: str) -> str:
    return NAMES.get(key) or codec(key).name


def _cp1252_table() -> dict[int, str]:
    """Bytes 80-9F as Windows-1252 shows them (its five unused bytes kept as they are)."""
    table = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return table


_CP1252 = _cp1252_table()


def decode(data: bytes, key: str, *, restore_case: bool = True) -> str:
    """Decode bytes of a legacy encoding into NFC Unicode.

    Bytes that are no letter of the encoding read as Windows-1252 (Word's dashes and
    quotes in these fonts). ``restore_case=False`` skips the TCVN3 capitals step.
    """
    if key == WINDOWS_1258:
        return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    table = codec(key)
    # letter codes are ASCII base letters and bytes A0-FF: untouched by the 80-9F table
    text = data.decode("latin-1").translate(_CP1252)
    text = table.pattern.sub(lambda m: table.decode_map[m.group()], text)
    text = unicodedata.normalize("NFC", text)
    if table.lost_case and restore_case:
        text = restore_capitals(text, table.lost_case)
    return text


def encode(text: str, key: str) -> bytes:
    """Encode Unicode text in a legacy encoding (to make test files); ValueError if impossible."""
    text = unicodedata.normalize("NFC", text)
    if key == WINDOWS_1258:
        return _encode_cp1258(text)
    table = codec(key).encode_map
    out = bytearray()
    for ch in text:
        if ch in table:
            out += table[ch]
        elif ch < "\x80":
            out += ch.encode("ascii")
        else:
            raw = ch.encode("cp1252")  # UnicodeEncodeError is a ValueError
            if raw[0] > 0xA0:
                raise ValueError(f"{ch!r} has no code in {key}")
            out += raw
    return bytes(out)


def _encode_cp1258(text: str) -> bytes:
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        # base letter (with its circumflex, breve or horn) + a combining tone mark
        nfd = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in nfd if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
        out += (base + tones).encode("cp1258")
    return bytes(out)


# -- case restoration for TCVN3 -------------------------------------------------------

_WORD = regex.compile(r"\p{L}+")
_SENTENCE_START = regex.compile(
    r"(?:^|[\t|>]|[.!?…]\s|^\s*\w{1,3}\)\s)[\s\-–+*•\"“‘(\[]*$", regex.VERSION1
)


def restore_capitals(text: str, lost: frozenset[str]) -> str:
    """Give back capitals that TCVN3 stores with lowercase codes, line by line.

    Linear in the text: each word is looked at once, and the test for a sentence
    start reads only the gap before the word (a line of any length costs its length).
    """
    has_lost = _lost_pattern(lost)
    return "\n".join(
        _restore_line(line, lost) if has_lost.search(line) else line for line in text.split("\n")
    )


@cache
def _lost_pattern(lost: frozenset[str]) -> regex.Pattern[str]:
    return regex.compile("[" + "".join(regex.escape(c) for c in sorted(lost)) + "]")


def _kind(word: str, lost: frozenset[str]) -> str:
    """'caps', 'lower', 'title?' (capital then lost letters) or 'open' (starts lost).

    Lost letters are lowercase, so a capital is never one of them.
    """
    rest = word[1:]
    if any(map(str.isupper, rest)):
        return "caps"
    if word[0] in lost:
        # 'open' when no letter but lost ones is lowercase (all of them lost, say)
        return "open-lower" if any(c.islower() and c not in lost for c in rest) else "open"
    return "title?" if word[0].isupper() else "lower"


# what may stand between a sentence start and the word it opens (see _SENTENCE_START)
_OPENERS = frozenset(' \t\n\r\f\v-–+*•"“‘([')


def _starts_sentence(line: str, start: int, leading: int) -> bool:
    """_SENTENCE_START on ``line[:start]``, reading only the gap before ``start``:
    the marks it allows run back to ``gap``; the sentence end, tab or ``|`` sits just
    before it, and the forms anchored at the line start are only reachable when the
    gap is within a few characters of the line's leading white space (``leading``)."""
    gap = start
    while gap > 0 and (line[gap - 1] in _OPENERS or line[gap - 1].isspace()):
        gap -= 1
    low = 0 if gap <= leading + 6 else gap - 2
    return _SENTENCE_START.search(line, low, start) is not None


def _restore_line(line: str, lost: frozenset[str]) -> str:
    has_lost = _lost_pattern(lost)
    if not has_lost.search(line):
        return line
    words = list(_WORD.finditer(line))
    kinds = [_kind(m.group(), lost) for m in words]
    vietnamese = [
        k for m, k in zip(words, kinds, strict=True) if not m.group().isascii() and k != "open"
    ]
    caps_line = any(k == "caps" for k in vietnamese) and all(
        k in ("caps", "title?") for k in vietnamese
    )
    leading = len(line) - len(line.lstrip())
    out = list(line)
    for m, kind in zip(words, kinds, strict=True):
        word = m.group()
        if not has_lost.search(word):
            continue
        if kind == "caps" or (caps_line and kind in ("title?", "open")):
            out[m.start() : m.end()] = list(word.upper())
        elif kind in ("open", "open-lower") and _starts_sentence(line, m.start(), leading):
            out[m.start()] = word[0].upper()
    return "".join(out)


# -- detection --------------------------------------------------------------------------

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
_NUCLEUS = (
    r"(?:iêu|yêu|oai|oao|oay|oeo|uây|uôi|uya|uyê|uyu|ươi|ươu"
    r"|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy"
    r"|ưa|ưi|ươ|ưu|yê|[aăâeêioôơuưy])"
)
_CODA = r"(?:ng|nh|ch|[cmnpt])?"
_SYLLABLE = regex.compile(f"{_ONSET}{_NUCLEUS}{_CODA}")
_TOKEN_STRIP = "\"'“”‘’()[]{}<>.,;:!?…-–—/\\|*+=%&#@0123456789"


@lru_cache(maxsize=65_536)
def is_syllable(word: str) -> bool:
    """True when ``word`` is one well-formed Vietnamese syllable (at most one tone)."""
    nfd = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONES for c in nfd) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None


def score(text: str, enough: int = 3000) -> tuple[int, int]:
    """(valid syllables, words) among the first ``enough`` words that are not plain ASCII."""
    valid = total = 0
    for token in text.split():
        word = token.strip(_TOKEN_STRIP)
        if not word or word.isascii():
            continue
        total += 1
        valid += is_syllable(word)
        if total >= enough:
            break
    return valid, total


CANDIDATES = (WINDOWS_1258, TCVN3, VNI)
MIN_RATIO = 0.6  # share of non-ASCII words that must be Vietnamese syllables
MIN_MARGIN = 0.15  # lead of the best candidate over the next


class AmbiguousEncoding(ValueError):
    """Two legacy encodings read the text about equally well."""


def detect(data: bytes, sample: int = 262_144) -> str | None:
    """The legacy encoding that reads ``data`` as Vietnamese, or None.

    Raises :class:`AmbiguousEncoding` when two candidates score about the same.
    """
    head = data[:sample]
    ratios: list[tuple[float, str]] = []
    for key in CANDIDATES:
        valid, total = score(decode(head, key, restore_case=False))
        if total:
            ratios.append((valid / total, key))
    ratios.sort(reverse=True)
    if not ratios or ratios[0][0] < MIN_RATIO:
        return None
    if len(ratios) > 1 and ratios[0][0] - ratios[1][0] < MIN_MARGIN:
        raise AmbiguousEncoding(f"{display_name(ratios[0][1])} or {display_name(ratios[1][1])}")
    return ratios[0][1]
