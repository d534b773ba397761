"""Grid tables of converted documents (pandoc markdown/plain, reStructuredText).

A grid table is drawn with rule lines of ``+`` corners and ``-`` (``=`` under the
header, ``:`` marking alignment) and content lines between ``|`` borders::

    +----+-------------------+
    | TT | Nội dung          |
    +:==:+:=================:+
    | 1  | Rà soát, cập nhật |
    |    | số liệu           |
    +----+-------------------+

Cells are found as rectangles closed by ``+`` corners, so a cell may cover several
columns (its top and bottom rules lack the ``+`` between them) or several rows (the
rule below it lacks its dashes). A cell's lines are joined into paragraphs: a blank
line or a bullet (``-``, ``\\-``, ``+``, ``*``, ``•``) starts a new one; markdown
backslash escapes are undone. Rows above the ``=`` rule are header rows. Spans are
laid on the grid by :mod:`khtool.reading.grid`, as for the other readers.

A block that does not close into cells is left to the plain-text reader; finding the
cells takes a bounded amount of work per character of the block, whatever it holds.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from pathlib import Path

import regex

from khtool.reading.blocks import Provenance, Row, Table
from khtool.reading.grid import GridBuilder, SourceCell

_RULE = regex.compile(r"^\+(?:[-=:]+\+)+$")
_HEADER_RULE = regex.compile(r"^\+(?:[=:]+\+)+$")
_BULLET = regex.compile(r"^\\?[-+*•]\s")
_ESCAPE = regex.compile(r"\\([!-/:-@\[-`{-~])")
_HARD_BREAK = regex.compile(r"(?<!\\)\\$")
_EDGE = frozenset("-=:+")
_SIDE = frozenset("|+")
MIN_AREA = 4096  # padding a grid's short lines up to this many characters is fine
WORK_PER_CHAR = 4  # scan steps allowed per character of a block before giving up
MAX_AREA = 4_000_000  # characters of a drawn block (a 700-line appendix has 200,000)


@dataclass(frozen=True, slots=True)
class _Cell:
    top: int
    left: int
    bottom: int
    right: int


def grid_block_end(lines: list[str], start: int) -> int:
    """The index after the grid table starting at lines[start] (start: no table)."""
    first = lines[start].strip()
    if not _RULE.match(first):
        return start
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    last_rule = start
    while end < len(lines):
        line = lines[end]
        body = line.strip()
        if not body or len(line) - len(line.lstrip()) != indent or body[0] not in "+|":
            break
        if _RULE.match(body):
            last_rule = end
        end += 1
    return last_rule + 1 if last_rule > start + 1 else start


class _Scanner:
    """Find the cells of a grid drawn in ``lines`` (all padded to one width)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.height = len(lines)
        self.width = len(lines[0]) if lines else 0
        self.budget = WORK_PER_CHAR * self.height * max(1, self.width) + MIN_AREA
        # how far a horizontal edge / a vertical side runs from each position
        self.across = [self._runs(line, _EDGE) for line in lines]
        self.down = self._down_runs()

    @staticmethod
    def _runs(line: str, chars: frozenset[str]) -> array[int]:
        runs = array("i", bytes(4 * (len(line) + 1)))
        for c in range(len(line) - 1, -1, -1):
            if line[c] in chars:
                runs[c] = runs[c + 1] + 1
        return runs

    def _down_runs(self) -> list[array[int]]:
        runs = [array("i", bytes(4 * self.width)) for _ in range(self.height + 1)]
        for r in range(self.height - 1, -1, -1):
            line, below, here = self.lines[r], runs[r + 1], runs[r]
            for c in range(self.width):
                if line[c] in _SIDE:
                    here[c] = below[c] + 1
        return runs

    def _close(self, top: int, left: int) -> _Cell | None:
        """The cell whose top-left corner is at (top, left), if it closes."""
        lines = self.lines
        for right in range(left + 1, left + self.across[top][left]):
            self.budget -= 1
            if self.budget < 0:
                return None
            if lines[top][right] != "+":
                continue
            for bottom in range(top + 1, top + self.down[top][right]):
                self.budget -= 1
                if self.budget < 0:
                    return None
                if lines[bottom][right] != "+":
                    continue
                closes = (
                    self.across[bottom][left] > right - left and self.down[top][left] > bottom - top
                )
                if closes and right > left + 1 and bottom > top + 1:
                    return _Cell(top, left, bottom, right)
        return None

    def cells(self) -> list[_Cell] | None:
        """All cells, or None when the drawing does not close into a full grid."""
        if not self.lines or self.lines[0][0] != "+":
            return None
        found: list[_Cell] = []
        todo = [(0, 0)]
        seen = {(0, 0)}
        area = 0
        while todo:
            top, left = todo.pop()
            if top >= self.height - 1 or left >= self.width - 1:
                continue
            cell = self._close(top, left)
            if cell is None:
                if self.budget < 0:
                    return None
                continue
            found.append(cell)
            area += (cell.bottom - cell.top) * (cell.right - cell.left)
            for corner in ((cell.top, cell.right), (cell.bottom, cell.left)):
                if corner not in seen:
                    seen.add(corner)
                    todo.append(corner)
        right = max((c.right for c in found), default=0)
        bottom = max((c.bottom for c in found), default=0)
        return found if found and area == right * bottom else None


def unescape_markdown(text: str) -> str:
    """``\\-`` → ``-``, ``\\*`` → ``*``: markdown backslash escapes undone."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(r"\1", _HARD_BREAK.sub("", text).rstrip())


def cell_paragraphs(lines: list[str]) -> list[str]:
    """A cell's lines joined into paragraphs (blank lines and bullets start new ones)."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line or _BULLET.match(line):
            if current:
                paragraphs.append(current)
            current = []
            if not line:
                continue
        current.append(line)
        if _HARD_BREAK.search(line):  # a markdown hard line break ends the paragraph
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return [unescape_markdown(" ".join(p)) for p in paragraphs]


def parse_grid(
    lines: list[str],
    first_line: int,
    path: Path | None = None,
    max_columns: int | None = None,
) -> Table | None:
    """The table drawn by ``lines`` (a block found by :func:`grid_block_end`, whose
    first line is line ``first_line`` of the file), or None when it is no grid."""
    indent = len(lines[0]) - len(lines[0].lstrip())
    body = [line[indent:].rstrip() for line in lines]
    width = max(len(line) for line in body)
    area = len(body) * width
    if area > MAX_AREA or area > 2 * sum(len(line) for line in body) + MIN_AREA:
        return None  # ragged lines (no drawn grid) or too big a drawing: left as text
    padded = [line.ljust(width) for line in body]
    cells = _Scanner(padded).cells()
    if cells is None:
        return None
    tops = sorted({c.top for c in cells})
    lefts = sorted({c.left for c in cells} | {c.right for c in cells})
    column = {x: i for i, x in enumerate(lefts)}
    bottoms = sorted({c.bottom for c in cells})
    header_end = next((r for r in bottoms if _HEADER_RULE.match(body[r])), None)
    builder = GridBuilder(path) if max_columns is None else GridBuilder(path, max_columns)
    rows: list[Row] = []
    for top in tops:
        starting = sorted((c for c in cells if c.top == top), key=lambda c: c.left)
        source = []
        for cell in starting:
            text = [padded[r][cell.left + 1 : cell.right] for r in range(top + 1, cell.bottom)]
            covered = sum(1 for r in tops if cell.top <= r < cell.bottom)
            span = column[cell.right] - column[cell.left]
            source.append(SourceCell(cell_paragraphs(text), span, covered))
        is_header = header_end is not None and top < header_end
        where = Provenance(None, first_line + top + 1)
        rows.append(Row(builder.add(source), where, is_header))
    return Table(rows, Provenance(None, first_line))
