"""The appendix task table in Word: ruled, the header row repeated on every page, group
rows merged across the table, widths scaled to the landscape page."""

from __future__ import annotations

from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from khtool.writing.appendix import AppendixPage, TableColumn
from khtool.writing.layout import Layout

_CENTERED = {"tt", "timeline"}


def set_widths(table: Any, widths: tuple[float, ...] | list[float]) -> None:
    """Column widths in cm, on the grid and on every cell (Word reads one, LibreOffice
    the other). Call before merging cells."""
    grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
    for col, width in zip(grid, widths, strict=True):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        _row_widths(row, widths)


def _row_widths(row: Any, widths: tuple[float, ...] | list[float]) -> None:
    for cell, width in zip(row.cells, widths, strict=True):
        cell.width = Cm(width)


def _widths(columns: list[TableColumn], lay: Layout) -> list[float]:
    page = lay.landscape
    room = page.width - page.margins.left - page.margins.right
    total = sum(c.width for c in columns)
    return [round(c.width * room / total, 2) for c in columns]


def write_table(doc: Any, page: AppendixPage, lay: Layout, notes: dict[int, str]) -> None:
    columns = page.columns
    widths = _widths(columns, lay)
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    set_widths(table, widths)
    size = lay.sizes.table
    for cell, column in zip(header.cells, columns, strict=True):
        _cell(cell, [column.header], size, bold=True, center=True)
    for record in page.rows:
        row = table.add_row()
        _row_widths(row, widths)
        if record.group:
            _cell(row.cells[0], record.cells[0], size, bold=True, center=True)
            if len(columns) > 1:
                merged = row.cells[1].merge(row.cells[-1])
                _cell(merged, record.cells[1], size, bold=True)
            continue
        for cell, texts, column in zip(row.cells, record.cells, columns, strict=True):
            paragraphs = _cell(cell, texts, size, center=column.field in _CENTERED)
            note = notes.get(record.task) if record.task is not None else None
            if note and column.field == "targets" and paragraphs[0].runs:
                runs = [r for p in paragraphs for r in p.runs]
                doc.add_comment(runs, text=note, author="khtool", initials="KH")


def _cell(
    cell: Any, texts: list[str], size: float, *, bold: bool = False, center: bool = False
) -> list[Any]:
    out = []
    for i, text in enumerate(texts or [""]):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
        fmt = p.paragraph_format
        fmt.space_after = Pt(2)
        fmt.first_line_indent = Cm(0)
        if text:
            run = p.add_run(text)
            run.font.size = Pt(size)
            run.bold = bold
        out.append(p)
    return out
