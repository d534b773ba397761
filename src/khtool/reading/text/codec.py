"""Decode the bytes of a text document into NFC Unicode.

In order: a UTF-8, UTF-16 or UTF-32 byte-order mark; UTF-16 without a mark (NUL
bytes in every other place); UTF-8; then the Vietnamese legacy encodings
Windows-1258, TCVN3 (ABC, ``.VnTime``) and VNI, told apart by how many words read
as Vietnamese syllables (:mod:`khtool.reading.legacy`). A legacy text is converted to
Unicode with a warning. Binary data, text that is almost UTF-8 but has bad bytes,
and text in no known encoding raise :class:`~khtool.errors.EncodingError` (or
:class:`~khtool.errors.InputError` for binary data) with one plain sentence.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from khtool.errors import EncodingError, InputError, LimitExceededError
from khtool.limits import too_many_chars
from khtool.reading import legacy

# C0 control characters that never appear in a text document
_BINARY_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\v\x1a")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
SAMPLE = 65_536


def decode_text(
    data: bytes, path: Path | str, max_chars: int | None = None
) -> tuple[str, list[str]]:
    """Return (text, warnings): NFC text with ``\\n`` line ends.

    A text of more than ``max_chars`` characters is refused, before a legacy encoding
    is converted (its bytes are as many as its characters, or more).
    """
    warnings: list[str] = []
    text = _decode_any(data, path, warnings, max_chars)
    if max_chars is not None and len(text) > max_chars:
        raise LimitExceededError(too_many_chars(max_chars), path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text and not warnings:
        warnings.append("text was not in Unicode NFC; normalised")
    return nfc, warnings


def _decode_any(
    data: bytes, path: Path | str, warnings: list[str], max_chars: int | None = None
) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding, path)
    utf16 = _utf16_without_bom(data[:SAMPLE])
    if utf16:
        warnings.append(f"text is {utf16.upper()} without a byte-order mark; decoded as such")
        return _strict(data, utf16, path)
    if _looks_binary(data[:SAMPLE]):
        raise InputError("binary data, not a text document", path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if max_chars is not None and len(data) > max_chars:
        raise LimitExceededError(too_many_chars(max_chars), path)
    try:
        key = legacy.detect(data)
    except legacy.AmbiguousEncoding as exc:
        raise EncodingError(
            f"cannot tell the text encoding (could be {exc}); save the file as UTF-8", path
        ) from None
    if key is not None:
        name = legacy.display_name(key)
        warnings.append(f"text was in the legacy {name} encoding; converted to Unicode")
        return legacy.decode(data, key)
    if _mostly_utf8(data):
        line, column = _position(data, first_bad)
        raise EncodingError(
            f"not valid UTF-8: bad byte at line {line}, column {column}; "
            "repair the file or save it again as UTF-8",
            path,
        )
    raise EncodingError(
        "unknown text encoding: not UTF-8, UTF-16, Windows-1258, TCVN3 (ABC) or VNI; "
        "save the file as UTF-8",
        path,
    )


def _strict(data: bytes, encoding: str, path: Path | str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"not valid {encoding.upper()} text (byte {exc.start}); save the file as UTF-8",
            path,
        ) from None


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NUL bytes fill every other place (ASCII-heavy UTF-16)."""
    if len(head) < 8:
        return None
    head = head[: len(head) // 2 * 2]
    even, odd = head[0::2], head[1::2]
    half = len(head) // 2
    if odd.count(0) > 0.6 * half and even.count(0) < 0.05 * half:
        return "utf-16-le"
    if even.count(0) > 0.6 * half and odd.count(0) < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _BINARY_BYTES))
    return controls > max(2, len(head) // 100)


def _mostly_utf8(data: bytes) -> bool:
    """Valid multi-byte UTF-8 sequences far outnumber the bad bytes."""
    text = data[:SAMPLE].decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if c > "\x7f") - bad
    return good > 0 and bad * 20 <= good


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column
