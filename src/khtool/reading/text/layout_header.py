"""The two columns of a national header laid out on shared lines (a space-aligned text
dump), put one after the other: the issuer and ``Số:`` on the left, the motto and
``Place, ngày …`` on the right, each line holding both, apart by a run of spaces.

Such a header is recognised above the document-kind line (``KẾ HOẠCH``) by two or more
lines whose widest run of spaces (three or more) parts a text at the margin from another.
The left column is every such line's left part and every lone line that starts no
further right than the left parts end; the right column holds the rest (a motto wrapped
onto ``NAM`` alone). A run of spaces inside one column (``Số:       /KH-SCT``) is
narrower than the one between the columns.
"""

from __future__ import annotations

from functools import cache

import regex

from khtool.reading.blocks import Block, Paragraph
from khtool.vocab import fold, headings

_GAP = regex.compile(r"(?<=\S) {3,}(?=\S)")
MIN_SHARED = 2  # lines holding both columns
MARGIN = 8  # how far from the line's start the left column's text may stand
SLACK = 2  # a lone line may start this far right of the left parts' end
MAX_TOP = 20  # the kind line stands among the document's first lines


@cache
def _kinds() -> frozenset[str]:
    return frozenset(fold(k) for key in ("document_kind", "decision_kind") for k in headings(key))


def _parts(line: str) -> tuple[str, int, str] | None:
    """(left text, its end, right text) of a line holding both columns."""
    if len(line) - len(line.lstrip()) > MARGIN:
        return None
    gaps = list(_GAP.finditer(line))
    if not gaps:
        return None
    widest = max(gaps, key=lambda m: (len(m.group()), -m.start()))
    return line[: widest.start()].strip(), widest.start(), line[widest.end() :].strip()


def split_header_columns(lines: list[str]) -> list[tuple[int, str]] | None:
    """The header's lines as (index of the line, text): its left column's, then its
    right column's; None when the lines do not hold two columns side by side."""
    parts = [_parts(line) for line in lines]
    shared = [p for p in parts if p is not None]
    if len(shared) < MIN_SHARED:
        return None
    left_end = max(p[1] for p in shared)
    left: list[tuple[int, str]] = []
    right: list[tuple[int, str]] = []
    for k, (line, part) in enumerate(zip(lines, parts, strict=True)):
        if part is not None:
            left.append((k, part[0]))
            right.append((k, part[2]))
        elif line.strip():
            start = len(line) - len(line.lstrip())
            (right if start > left_end + SLACK else left).append((k, line.strip()))
    return left + right


def rebuild_header_columns(blocks: list[Block]) -> list[Block]:
    """The blocks with a two-column header on shared lines read column by column."""
    for i, block in enumerate(blocks[:MAX_TOP]):
        if not isinstance(block, Paragraph):
            return blocks
        if fold(block.text.strip()) in _kinds():
            top = [b for b in blocks[:i] if isinstance(b, Paragraph)]
            found = split_header_columns([p.text for p in top])
            if found is None:
                return blocks
            return [Paragraph(text, top[k].where) for k, text in found] + blocks[i:]
    return blocks
