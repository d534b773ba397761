"""Lay merged table cells (.docx gridSpan/vMerge, HTML colspan/rowspan) on a grid.

Readers hand each source row to :class:`GridBuilder` as a list of :class:`SourceCell`
(content plus horizontal and vertical span) and get back rows whose cells line up
with the table's columns, so later stages see the same shape as a plain-text table:

* a horizontally merged cell appears once, in its first column; the columns it
  covers are empty (a group row ``I | title`` spanning the table becomes
  ``[I], [title], [], [], …`` — never the title repeated);
* a vertically merged cell appears once in a row that continues the record above
  (the row's first column is itself covered from above, so later stages see a
  continuation row with an empty TT); in a row that starts a new record (its first
  cell has content of its own, e.g. a new TT) the merged cell's paragraphs are
  repeated, because a unit or a timeline merged over several tasks applies to each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from khtool.errors import LimitExceededError
from khtool.limits import DEFAULT_MAX_COLUMNS

MAX_COLUMNS = DEFAULT_MAX_COLUMNS
"""Columns a table row may span by default (``--max-columns``; Word allows 63, a
plan's table has about 10): a ``gridSpan``, ``gridBefore`` or ``colspan`` of 100,000
would otherwise size lists of that length for every row."""


def too_wide(
    columns: int, path: Path | None, what: str = "a table row", limit: int = MAX_COLUMNS
) -> LimitExceededError:
    return LimitExceededError(
        f"{what} spans {columns:,} columns (gridSpan, gridBefore or colspan), over the "
        f"limit of {limit:,} columns; refused (raise it with --max-columns)",
        path,
    )


@dataclass(slots=True)
class SourceCell:
    """One cell as the source gives it."""

    paragraphs: list[str]
    colspan: int = 1
    rowspan: int = 1  # HTML: rows covered, this one included
    merge: str | None = None  # .docx vMerge: "restart", "continue" or None


@dataclass(slots=True)
class _Above:
    """A cell merged down into the following rows."""

    paragraphs: list[str]
    span: int
    rows_left: int  # HTML rowspan rows still covered; -1 = .docx vMerge (open-ended)


_COVERED = object()


@dataclass
class GridBuilder:
    """Turn source rows with spans into rectangular rows of paragraph lists."""

    path: Path | None = None  # named in the error of a row over max_columns
    max_columns: int = MAX_COLUMNS
    _above: dict[int, _Above] = field(default_factory=dict)

    def add(self, cells: list[SourceCell], before: int = 0) -> list[list[str]]:
        """Lay out one source row; ``before`` empty columns come first (.docx gridBefore).

        A row wider than ``max_columns`` is refused before its cells are laid out.
        """
        width = max(0, before) + sum(max(1, c.colspan) for c in cells)
        if width > self.max_columns:
            raise too_wide(width, self.path, limit=self.max_columns)
        slots: list[object] = [[] for _ in range(before)]
        sources: dict[int, list[str]] = {}
        queue = list(cells)
        col = before
        while True:
            above = self._above.get(col)
            if above is not None and above.rows_left > 0:  # HTML rowspan: takes no source cell
                sources[col] = above.paragraphs
                slots.append(_COVERED)
                slots.extend([] for _ in range(above.span - 1))
                above.rows_left -= 1
                if above.rows_left == 0:
                    del self._above[col]
                col += above.span
                if col > self.max_columns:  # rowspans from above widen the row too
                    raise too_wide(col, self.path, limit=self.max_columns)
                continue
            if not queue:
                break
            cell = queue.pop(0)
            span = max(1, cell.colspan)
            if cell.merge == "continue":
                if above is not None:
                    sources[col] = above.paragraphs
                    slots.append(_COVERED)
                else:  # a continuation with nothing above it: an empty cell
                    slots.append([])
                slots.extend([] for _ in range(span - 1))
                col += span
                continue
            for c in range(col, col + span):
                self._above.pop(c, None)
            slots.append(list(cell.paragraphs))
            slots.extend([] for _ in range(span - 1))
            if cell.merge == "restart":
                self._above[col] = _Above(list(cell.paragraphs), span, -1)
            elif cell.rowspan > 1:
                self._above[col] = _Above(list(cell.paragraphs), span, cell.rowspan - 1)
            col += span
        continues_record = bool(slots) and slots[0] is _COVERED
        row: list[list[str]] = []
        for c, slot in enumerate(slots):
            if slot is _COVERED:
                row.append([] if continues_record else list(sources[c]))
            else:
                assert isinstance(slot, list)
                row.append(slot)
        return row
