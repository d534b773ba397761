"""TT numbers a conversion lost.

Word numbers the TT cells of many task tables with an automatic list; converters
that do not run Word's numbering (markitdown) write those cells empty. Read as they
are, every row would continue the one before it. A task table in which no row with
a name has a TT of its own, except group rows (``I``, ``II``, ``A`` …, typed by hand),
gets the numbers Word showed: 1, 2, 3 … in order, starting again after each group
row. A table with any task TT written is left as it is.
"""

from __future__ import annotations

import regex

from khtool.parsing.columns import find_header, is_column_number_row
from khtool.reading.blocks import Row, Table

MIN_ROWS = 2  # one unnumbered row is as likely a note as a lost number
_GROUP = regex.compile(r"^(?:[IVXLC]{1,6}|[A-Z])\.?$")


def _text(cell: list[str]) -> str:
    return " ".join(cell).replace("*", "").strip()


def number_lost_tt(table: Table) -> Table:
    """The table with its lost TT numbers written back (or the table itself)."""
    found = find_header(table.rows)
    if found is None:
        return table
    start, columns = found
    tt, name = columns.index("tt"), columns.index("name")
    rows = table.rows
    if tt is None or name is None:
        return table
    named = [
        i
        for i in range(start + columns.rows, len(rows))
        if not rows[i].is_header
        and not is_column_number_row(rows[i])
        and max(tt, name) < len(rows[i].cells)
        and _text(rows[i].cells[name])
    ]
    groups = {i for i in named if _GROUP.match(_text(rows[i].cells[tt]))}
    tasks = [i for i in named if i not in groups]
    if len(tasks) < MIN_ROWS or any(_text(rows[i].cells[tt]) for i in tasks):
        return table
    out = list(rows)
    n = 0
    for i in named:
        if i in groups:
            n = 0
            continue
        n += 1
        cells = list(rows[i].cells)
        cells[tt] = [str(n)]
        out[i] = Row(cells, rows[i].where, rows[i].is_header)
    return Table(out, table.where)
