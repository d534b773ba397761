"""An HTML page before it is parsed: its bytes decoded by the charset it declares,
and pages with more elements than ``--max-elements`` or an element with more
attributes than ``--max-attributes`` refused (both would bomb the parser)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from khtool.errors import EncodingError, InputError, LimitExceededError
from khtool.limits import DEFAULT_MAX_ATTRIBUTES, count_upto

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

MAX_ATTRIBUTES = DEFAULT_MAX_ATTRIBUTES
"""Attributes on one element by default. libxml2 checks each new attribute against
the ones before it, so 100,000 attributes on one tag take seconds to parse; a real
page's element has a handful."""
_CHARS_PER_ATTRIBUTE = 3  # ' a=' at least: a shorter tag cannot hold more attributes
_START_TAG = re.compile(r"<[A-Za-z]")
_TAG = re.compile(r"""<[A-Za-z](?:[^<>"']+|"[^"]*"|'[^']*')*""")
_ATTRIBUTE = re.compile(r"""[\s"'/][^\s"'=<>/]+\s*=""")


def check_elements(text: str, path: Path, limit: int) -> None:
    """Refuse a page with more than ``limit`` start tags, before parsing: the parsed
    tree takes a few hundred bytes per element."""
    if count_upto(_START_TAG.finditer(text), limit) > limit:
        raise LimitExceededError(
            f"the page has more than {limit:,} elements, over the limit "
            "(raise it with --max-elements)",
            path,
        )


def check_attributes(text: str, path: Path, limit: int = MAX_ATTRIBUTES) -> None:
    """Refuse an element with more than ``limit`` attributes, before parsing."""
    long_tag = max(64, limit * _CHARS_PER_ATTRIBUTE)
    for tag in _TAG.finditer(text):
        if tag.end() - tag.start() < long_tag:
            continue
        count = sum(1 for _ in _ATTRIBUTE.finditer(text, tag.start(), tag.end()))
        if count > limit:
            raise LimitExceededError(
                f"an element (line {text.count(chr(10), 0, tag.start()) + 1}) has {count:,} "
                f"attributes, over the limit of {limit:,}; refused "
                "(raise it with --max-attributes)",
                path,
            )


def decode_page(data: bytes, path: Path) -> str:
    if data.startswith(codecs.BOM_UTF8):
        encoding, data = "utf-8", data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        m = _CHARSET.search(data[:4096])
        encoding = m.group(1).decode("ascii").lower() if m else "utf-8"
        encoding = _text_codec(encoding)
        if b"\x00" in data[:4096]:
            raise InputError("binary data, not an HTML page", path)
    try:
        return data.decode(encoding)
    except UnicodeError as exc:
        where = f" (byte {exc.start})" if isinstance(exc, UnicodeDecodeError) else ""
        raise EncodingError(
            f"not valid {encoding.upper()} text{where}; save the page as UTF-8", path
        ) from None


# codecs Python has that no web page is written in (transforms, escapes, punycode):
# a page naming one is read as UTF-8, as a browser reads a page with an unknown charset
_NOT_PAGE_CODECS = frozenset(
    {"idna", "punycode", "raw_unicode_escape", "unicode_escape", "undefined", "utf_7"}
)


def _text_codec(name: str) -> str:
    """The codec a ``<meta charset>`` names, or utf-8 when it is unknown or not a text
    encoding (``base64``, ``rot13``, ``zlib`` are codecs too, of bytes or of str)."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return "utf-8"
    known = getattr(info, "_is_text_encoding", True) and (
        info.name.replace("-", "_") not in _NOT_PAGE_CODECS
    )
    return info.name if known else "utf-8"
