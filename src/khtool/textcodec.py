"""Decode the bytes of a text document into NFC Unicode.

Handles UTF-8 (with or without BOM) and UTF-16 with BOM (Word's "Unicode Text").
Binary data and undecodable text raise :class:`~khtool.errors.EncodingError`.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from khtool.errors import EncodingError, InputError


def decode_text(data: bytes, path: Path | str) -> tuple[str, list[str]]:
    """Return (text, warnings)."""
    warnings: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        text = _decode(data[3:], "utf-8", path)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(data, "utf-16", path)
    else:
        if b"\x00" in data[:65536]:
            raise InputError("binary data, not a text document", path)
        text = _decode(data, "utf-8", path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text:
        warnings.append("text was not in Unicode NFC; normalised")
    return nfc, warnings


def _decode(data: bytes, encoding: str, path: Path | str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"not valid {encoding.upper()} text (byte {exc.start}); save the file as UTF-8",
            path,
        ) from None
