"""Ruled tables of a PDF page: cells, their lines, and tables that go on over pages.

pdfplumber finds the tables (``page.find_tables``); the reader gives each word to
the cell under its centre, and this module turns cells into paragraphs, joins a
table continued at the top of the next page to the one above (the repeated header
row marked ``Row.is_header``), and merges a row cut by the page break back into
one row.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

import regex

from khtool.reading.blocks import Provenance, Row, Table
from khtool.reading.pdf.layout import Line, assemble, continues_paragraph, group_lines


@dataclass
class Cell:
    box: tuple[float, float, float, float]
    words: list[dict[str, Any]] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


@dataclass
class PageTable:
    page: int
    top: float
    bottom: float
    columns: list[float]  # x of the column edges
    rows: list[list[Cell | None]]
    row_tops: list[float]


def outermost(found: list[Any], slack: float = 1.0) -> list[Any]:
    """The found tables that do not lie inside another one.

    A table inside another's box is an artefact of the cell it sits in (a bordered
    paragraph, a shaded text frame, the inner rules of a cell exported by a word
    processor), not a table of its own: its words belong to the outer table's cell,
    and a second table there would cut the task table in two.
    """

    def inside(a: Any, b: Any) -> bool:
        (ax0, at, ax1, ab), (bx0, bt, bx1, bb) = a.bbox, b.bbox
        return (
            bx0 - slack <= ax0
            and bt - slack <= at
            and ax1 <= bx1 + slack
            and ab <= bb + slack
            and (ax1 - ax0) * (ab - at) < (bx1 - bx0) * (bb - bt)
        )

    return [t for t in found if not any(o is not t and inside(t, o) for o in found)]


def page_table(found: Any, number: int) -> PageTable | None:
    rows: list[list[Cell | None]] = []
    tops: list[float] = []
    for row in found.rows:
        cells = [None if box is None else Cell(tuple(box)) for box in row.cells]
        if not any(cells):
            continue
        rows.append(cells)
        tops.append(min(c.box[1] for c in cells if c is not None))
    if not rows:
        return None
    _x0, top, x1, bottom = found.bbox
    edges = sorted({round(c.box[0], 1) for r in rows for c in r if c is not None} | {round(x1, 1)})
    return PageTable(number, top, bottom, edges, rows, tops)


def cell_at(tables: list[PageTable], x: float, y: float) -> list[dict[str, Any]] | None:
    for table in tables:
        if not table.top <= y <= table.bottom:
            continue
        i = bisect_right(table.row_tops, y) - 1
        if i < 0:
            return None
        # the row under the point, then the rows above: a cell merged down over rows
        # (a TT spanning two rows, its number centred) belongs to the first of them
        for row in table.rows[i::-1]:
            for cell in row:
                if (
                    cell is not None
                    and cell.box[0] <= x <= cell.box[2]
                    and cell.box[1] <= y <= cell.box[3]
                ):
                    return cell.words
        return None
    return None


def cell_lines(table: PageTable) -> None:
    cells = [c for row in table.rows for c in row if c is not None]
    pads = [min(w["x0"] for w in c.words) - c.box[0] for c in cells if c.words]
    pad = min(max(min(pads, default=5.0), 1.0), 10.0)
    for cell in cells:
        cell.lines = [
            Line(row, table.page, cell.box[0] + pad, cell.box[2] - pad)
            for row in group_lines(cell.words)
        ]
        cell.words = []


def same_columns(a: PageTable, b: PageTable) -> bool:
    return len(a.columns) == len(b.columns) and all(
        abs(x - y) <= 3.0 for x, y in zip(a.columns, b.columns, strict=True)
    )


def _row_cells(table: PageTable, cells: list[Cell | None]) -> list[list[str]]:
    width = len(table.columns) - 1
    out: list[list[str]] = []
    for cell in cells[:width]:
        out.append([] if cell is None else [text for text, _ in assemble(cell.lines, cell=True)])
    out.extend([] for _ in range(width - len(out)))
    return out


def _row_where(table: PageTable, cells: list[Cell | None], top: float) -> Provenance:
    numbers = [c.lines[0].number for c in cells if c is not None and c.lines]
    return Provenance(table.page, min((n for n in numbers if n is not None), default=None))


def table_block(table: PageTable) -> Table:
    rows = [
        Row(_row_cells(table, cells), _row_where(table, cells, top))
        for cells, top in zip(table.rows, table.row_tops, strict=True)
    ]
    return Table(rows, rows[0].where if rows else Provenance(table.page, None))


def continue_table(block: Table, before: PageTable, more: PageTable) -> None:
    """Append the rows of a table continued on a new page; merge a row cut by the break."""
    header = [" ".join(c) for c in block.rows[0].cells] if block.rows else None
    first_data = True
    for cells, top in zip(more.rows, more.row_tops, strict=True):
        texts = _row_cells(more, cells)
        row = Row(texts, _row_where(more, cells, top))
        if header is not None and [" ".join(c) for c in texts] == header:
            row.is_header = True
            block.rows.append(row)
            continue
        last = next((r for r in reversed(block.rows) if not r.is_header), None)
        if first_data and not texts[0] and any(texts) and last is not None:
            _merge_cut_row(last, before.rows[-1], texts, cells)
            first_data = False
            continue
        first_data = False
        block.rows.append(row)


def _merge_cut_row(
    row: Row, cut: list[Cell | None], more: list[list[str]], cells: list[Cell | None]
) -> None:
    """Join the part of a row carried to the next page onto its first part."""
    for i, paragraphs in enumerate(more):
        if not paragraphs or i >= len(row.cells):
            continue
        last = cut[i] if i < len(cut) else None
        first = cells[i] if i < len(cells) else None
        target = row.cells[i]
        if (
            target
            and last is not None
            and last.lines
            and first is not None
            and first.lines
            and continues_paragraph(last.lines[-1], first.lines[0])
        ):
            glue = "" if regex.search(r"\w[-/]$", target[-1]) else " "
            target[-1] = f"{target[-1]}{glue}{paragraphs[0]}"
            target.extend(paragraphs[1:])
        else:
            target.extend(paragraphs)
