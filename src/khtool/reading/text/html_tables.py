"""HTML tables inside Markdown (``pandoc -t gfm`` writes tables whose cells hold
several paragraphs as raw ``<table>`` … ``</table>`` blocks).

A block starts at a line opening with ``<table`` and ends at the line where its
``</table>`` closes the outermost table. It is read by the HTML reader, with the
same limits (elements, attributes, nesting, columns, lines) and the same errors, so
``<br>``, ``<p>``, ``colspan``/``rowspan`` and ``<thead>`` mean what they mean in a
web page. Line numbers are those of the Markdown file.
"""

from __future__ import annotations

from pathlib import Path

import regex

from khtool.limits import Limits
from khtool.reading.blocks import Block

_OPEN = regex.compile(r"<table\b", regex.IGNORECASE)
_CLOSE = regex.compile(r"</table\s*>", regex.IGNORECASE)
_PAGE = "<html><body>{}</body></html>"


def html_block_end(lines: list[str], start: int) -> int:
    """The index after the HTML table starting at lines[start] (start: no table)."""
    if not _OPEN.match(lines[start].lstrip()):
        return start
    depth = 0
    for i in range(start, len(lines)):
        depth += len(_OPEN.findall(lines[i])) - len(_CLOSE.findall(lines[i]))
        if depth <= 0:
            return i + 1
    return start  # never closed: left as text


def parse_html_tables(
    lines: list[str], spans: list[tuple[int, int]], path: Path | None, limits: Limits
) -> list[list[Block]]:
    """The blocks of each HTML table block ``lines[start:end]``, one list per span.

    All blocks are read as one page (so the limits count them together) in which every
    other line is blank: the page's line numbers, in rows and in errors, are the file's.
    """
    from khtool.reading import html

    page = [""] * len(lines)
    for start, end in spans:
        page[start:end] = lines[start:end]
    page[0] = "<html><body>" + page[0]
    page.append("</body></html>")
    blocks = html.read(path or Path("<text>"), "\n".join(page).encode("utf-8"), limits).blocks
    out: list[list[Block]] = [[] for _ in spans]
    k = 0
    for block in blocks:
        line = block.where.line
        while line is not None and k + 1 < len(spans) and line > spans[k][1]:
            k += 1
        out[k].append(block)
    return out
