"""List items inside a paragraph or cell: markers and inline bullets."""

from __future__ import annotations

import regex

# A paragraph that starts with a list marker.
MARKER = regex.compile(r"^[-+•–*]\s+")
# An inline bullet in plain text: ' - ' right after the end of a sentence or clause.
_INLINE = regex.compile(r"(?<=[.;:!?)…])\s+-\s+(?=\S)")


def has_marker(text: str) -> bool:
    return bool(MARKER.match(text))


def strip_marker(text: str) -> str:
    return MARKER.sub("", text, count=1).strip()


def split_items(paragraphs: list[str]) -> list[str]:
    """One item per bullet: paragraphs split at inline bullets, markers removed."""
    out: list[str] = []
    for paragraph in paragraphs:
        for piece in _INLINE.split(paragraph):
            piece = strip_marker(piece.strip())
            if piece:
                out.append(piece)
    return out


def join_continuation(previous: list[str], more: list[str]) -> list[str]:
    """Append a page-break continuation to a cell: a split word pair is joined by a space."""
    if not more:
        return previous
    if not previous or has_marker(more[0]):
        return previous + more
    return [*previous[:-1], f"{previous[-1].rstrip()} {more[0].lstrip()}", *more[1:]]
