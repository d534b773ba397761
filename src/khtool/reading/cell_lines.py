"""Task tables whose cells arrive one per line (text dumps of Word or PDF files).

Such a dump writes the header as consecutive lines, one column name each (``TT`` /
``Nội dung công việc`` / ``Đơn vị chủ trì`` / ``Đơn vị phối hợp`` / ``Thời gian``), then
every row as one line per cell. The header is recognised by those lines reading as
distinct task-table columns (at least three, a name among them, and a TT column first);
the rows are anchored on their TT (``1``, ``2.`` …, counting up, restarting after a
group row ``I`` / ``II``) and each row's lines fill its cells in order. A cell left empty
leaves no line in most dumps, so a row with fewer lines than columns fills the first
ones; a line beyond the last column continues the last cell.
"""

from __future__ import annotations

import regex

from khtool.parsing.columns import header_field, read_columns
from khtool.reading.blocks import Block, Paragraph, Row, Table
from khtool.vocab import opens_part_after_table

_TT = regex.compile(r"^(?P<n>\d{1,3})\.?$")
_GROUP = regex.compile(r"^(?P<id>[IVX]{1,5})\.?$")
_GROUP_TITLE = regex.compile(r"^(?P<id>[IVX]{1,5})[.\s]\s*(?P<title>\p{Lu}.*)$")
MIN_COLUMNS = 3


def _header_at(blocks: list[Block], i: int) -> int:
    """How many paragraphs from blocks[i] on are one column name each (0: no header)."""
    fields: list[str] = []
    j = i
    while j < len(blocks) and isinstance(blocks[j], Paragraph):
        field = header_field(blocks[j].text)  # type: ignore[union-attr]
        if field is None or field in fields:
            break
        fields.append(field)
        j += 1
    if len(fields) < MIN_COLUMNS or fields[0] != "tt" or "name" not in fields:
        return 0
    texts = [b.text for b in blocks[i:j] if isinstance(b, Paragraph)]
    return len(texts) if read_columns([Row([[t] for t in texts])]) else 0


def _rows(texts: list[str], width: int) -> tuple[list[tuple[int, list[str]]], int]:
    """The rows (index of their first line, cell texts) and how many texts they took."""
    rows: list[tuple[int, list[str]]] = []
    expected = 1
    used = 0
    for k, text in enumerate(texts):
        group = _GROUP.match(text) or _GROUP_TITLE.match(text)
        tt = _TT.match(text)
        if group:
            title = group.groupdict().get("title")
            rows.append((k, [group.group("id"), *([title] if title else [])]))
            expected = 1
        elif tt and int(tt.group("n")) == expected:
            rows.append((k, [tt.group("n")]))
            expected += 1
        elif rows:
            cells = rows[-1][1]
            if len(cells) < width:
                cells.append(text)
            else:
                cells[-1] = f"{cells[-1]} {text}"
        else:
            break
        used = k + 1
    return rows, used


def rebuild_cell_lines(blocks: list[Block]) -> list[Block]:
    """The blocks with each one-cell-per-line task table turned into a Table."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        width = _header_at(blocks, i)
        if not width:
            out.append(blocks[i])
            i += 1
            continue
        header = [b for b in blocks[i : i + width] if isinstance(b, Paragraph)]
        j = i + width
        body: list[Paragraph] = []
        while j < len(blocks):
            block = blocks[j]
            if not isinstance(block, Paragraph) or opens_part_after_table(block.text):
                break
            body.append(block)
            j += 1
        rows, used = _rows([p.text for p in body], width)
        if not rows:
            out.append(blocks[i])
            i += 1
            continue
        table_rows = [Row([[p.text] for p in header], header[0].where)]
        for first, cells in rows:
            padded = [[t] for t in cells] + [[] for _ in range(width - len(cells))]
            table_rows.append(Row(padded, body[first].where))
        out.append(Table(table_rows, header[0].where))
        out.extend(body[used:])
        i = i + width + used
    return out
