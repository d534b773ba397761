"""Tables drawn in converted text: grid tables and embedded HTML tables.

Plans converted from Word to Markdown or plain text keep their tables as grid tables
(:mod:`khtool.reading.text.grid_tables`) or as raw HTML blocks
(:mod:`khtool.reading.text.html_tables`). Those blocks are read as :class:`Table` blocks
and the rest of the text goes through :func:`khtool.reading.text.reader.split_lines` as
before, with the line numbers of the file; markdown backslash escapes (``\\-`` at the
start of a bullet) are undone in the paragraphs and pipe-table cells it makes.
A block that does not read as a table stays text.
"""

from __future__ import annotations

from pathlib import Path

import regex

from khtool.limits import Limits
from khtool.reading.blocks import Block, Paragraph, Row, Table
from khtool.reading.text.grid_tables import grid_block_end, parse_grid, unescape_markdown
from khtool.reading.text.html_tables import html_block_end, parse_html_tables
from khtool.reading.text.numbering import number_lost_tt
from khtool.reading.text.reader import check_line_count, split_lines

# a markdown table's |---|:--:| line under its header row
_MD_SEPARATOR = regex.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
# converters (markitdown) join the paragraphs of a Word cell with two spaces
_PARAGRAPH_GAP = regex.compile(r"\s{2,}")


def _drawn_tables(
    lines: list[str], limits: Limits, path: Path | None
) -> list[tuple[int, int, list[Block]]]:
    """(first index, end index, blocks) of every drawn table, in order."""
    found: list[tuple[int, int, list[Block]]] = []
    pages: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        head = lines[i].lstrip()[:1]
        end = i
        if head == "+":
            end = grid_block_end(lines, i)
            table = parse_grid(lines[i:end], i + 1, path, limits.max_columns) if end > i else None
            if table is None:
                end = i
            else:
                found.append((i, end, [table]))
        elif head == "<":
            end = html_block_end(lines, i)
            if end > i:
                pages.append((i, end))
        i = max(end, i + 1)
    if pages:
        read = parse_html_tables(lines, pages, path, limits)
        found += [(s, e, b) for (s, e), b in zip(pages, read, strict=True) if b]
    found.sort(key=lambda item: item[0])
    return [
        (s, e, [number_lost_tt(b) if isinstance(b, Table) else b for b in blocks])
        for s, e, blocks in found
    ]


def _is_markdown_table(table: Table, lines: list[str]) -> bool:
    """A pipe table written as markdown: its first row has a |---| line under it."""
    line = table.rows[0].where.line if table.rows else None
    return line is not None and line < len(lines) and bool(_MD_SEPARATOR.match(lines[line].strip()))


def _cell(cell: list[str], markdown: bool) -> list[str]:
    texts = [unescape_markdown(t) for t in cell]
    if not markdown:
        return texts
    return [p for t in texts for p in _PARAGRAPH_GAP.split(t) if p]


def _unescaped(block: Block, lines: list[str]) -> Block:
    if isinstance(block, Paragraph):
        return Paragraph(unescape_markdown(block.text), block.where)
    markdown = _is_markdown_table(block, lines)
    rows = [
        Row([_cell(cell, markdown) for cell in row.cells], row.where, row.is_header)
        for row in block.rows
    ]
    table = Table(rows, block.where)
    return number_lost_tt(table) if markdown else table


def split_text_tables(text: str, limits: Limits, path: Path | None = None) -> list[Block]:
    """:func:`split_lines` with grid and HTML tables read as tables."""
    check_line_count(text, limits.max_lines, path)
    lines = text.splitlines()
    drawn = _drawn_tables(lines, limits, path)
    if drawn:
        masked = list(lines)
        for start, end, _ in drawn:
            masked[start:end] = [""] * (end - start)
        text = "\n".join(masked)
    rest = [_unescaped(b, lines) for b in split_lines(text, limits.max_lines, path)]
    out: list[Block] = []
    k = 0
    for start, _, blocks in drawn:
        while k < len(rest) and (rest[k].where.line or 0) <= start:
            out.append(rest[k])
            k += 1
        out.extend(blocks)
    out.extend(rest[k:])
    return out
