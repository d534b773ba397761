"""Task tables shredded by a PDF-to-text/markdown conversion, put back together.

Such a conversion cuts every table row into fragments: short pipe tables of one or two
lines each, with loose lines between them carrying the rest of the cells, and a header
whose words fall over two pipe rows and a loose line (``| STT | | | Đơn vị | …`` /
``Nội dung nhiệm vụ`` / ``| | | | chủ trì | …``). It is recognised by that header: no
single row of it reads as a task-table header, but its fragments together do.

The rows are then rebuilt task by task: a TT marker (``1.``, ``12.``, in a cell or at the
start of a loose line, counting up within a group) anchors a task; the fragments above
it whose text starts in lower case, or that stand between the previous task's own
fragments and it, belong to it. A fragment as wide as the header gives each cell to its
column; the text of other fragments and of loose lines goes to the task's name, since
its column cannot be known. Group rows (``I | VÙNG …``, ``V NHIỆM VỤ …``) are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from khtool.parsing.columns import header_field, read_columns
from khtool.parsing.fields.timeline import parse_timeline
from khtool.reading.blocks import Block, Paragraph, Provenance, Row, Table
from khtool.vocab import opens_part_after_table

_TT_CELL = regex.compile(r"^(?P<tt>\d{1,3})\.(?:\s+(?P<rest>.*))?$")
_GROUP = regex.compile(r"^(?P<id>[IVX]{1,5})\.?\s+(?P<title>\p{Lu}[\p{Lu}\s,;:–\-]{3,})$")
_PAGE_NUMBER = regex.compile(r"^\d{1,3}$")


@dataclass
class _Task:
    tt: str
    where: Provenance
    cells: list[list[str]]
    name: list[str] = field(default_factory=list)  # the name's pieces, in reading order


def _texts(row: Row) -> list[str]:
    return [" ".join(c).strip() for c in row.cells]


def _header(blocks: list[Block], i: int) -> tuple[list[str], int] | None:
    """The merged header starting at blocks[i], and the index of the table holding its
    lower row (whose next rows are already the table's body)."""
    first = blocks[i]
    if not isinstance(first, Table) or not first.rows:
        return None
    top = _texts(first.rows[0])
    if len(top) < 4 or header_field(top[0]) != "tt" or read_columns(first.rows[:1]):
        return None
    merged = list(top)
    loose: list[str] = []
    for j in range(i + 1, min(i + 4, len(blocks))):
        block = blocks[j]
        if isinstance(block, Paragraph):
            loose.append(block.text)
            continue
        low = _texts(block.rows[0])
        if len(low) != len(top):
            return None
        merged = [f"{a} {b}".strip() for a, b in zip(merged, low, strict=True)]
        for text in loose:  # a header word that fell out: the first empty heading
            k = next((k for k, t in enumerate(merged) if k and not t), None)
            if k is not None:
                merged[k] = text
        columns = read_columns([Row([[t] if t else [] for t in merged])])
        return (merged, j) if columns is not None else None
    return None


def _rows(blocks: list[Block]) -> list[tuple[list[str] | None, str, Provenance]]:
    """(cells of a pipe row, or None for a loose line; its text; where) in order."""
    out: list[tuple[list[str] | None, str, Provenance]] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            if not _PAGE_NUMBER.match(block.text):
                out.append((None, block.text, block.where))
        else:
            for row in block.rows:
                texts = _texts(row)
                out.append((texts, " ".join(t for t in texts if t), row.where))
    return out


def _starts_upper(text: str) -> bool:
    first = text[:1]
    return first.isalpha() and first.isupper()


def _take_time(task: _Task, text: str, header: list[str]) -> str:
    """A loose anchor line holds the row's cells left to right: when the last column is
    the time, a timeline at the end of the line is that cell. Returns the rest."""
    last = len(header) - 1
    if header_field(header[last]) != "timeline" or task.cells[last]:
        return text
    words = text.split()
    for k in (3, 2, 1):
        if len(words) > k and parse_timeline(" ".join(words[-k:])).kind is not None:
            task.cells[last].append(" ".join(words[-k:]))
            return " ".join(words[:-k])
    return text


def _name_columns(header: list[str]) -> set[int]:
    """The TT column and the columns the name spills into (the name's, unlabelled ones)."""
    fields = [header_field(h) for h in header]
    return {0} | {k for k, f in enumerate(fields) if f == "name" or not header[k]}


def rebuild(blocks: list[Block], header: list[str]) -> list[Row]:
    """Rows of the rebuilt table (header first) from the fragments after the header."""
    width = len(header)
    names = _name_columns(header)
    rows: list[Row] = [Row([[h] if h else [] for h in header])]
    pending: list[tuple[list[str] | None, str, Provenance]] = []
    current: _Task | None = None
    expected = 1

    def add(task: _Task, item: tuple[list[str] | None, str, Provenance]) -> None:
        cells, text, _where = item
        if cells is not None and len(cells) == width:
            task.name.extend(t for k, t in enumerate(cells) if t and k in names)
            for k, t in enumerate(cells):
                if t and k not in names:
                    task.cells[k].append(t)
        elif text:
            task.name.append(text)

    def flush() -> None:
        nonlocal current
        if current is not None:
            cells = [[" ".join(c)] if c else [] for c in current.cells]  # a wrapped cell
            cells[0] = [current.tt]
            cells[1 if width > 1 else 0] = [" ".join(current.name).strip()]
            rows.append(Row([c if any(c) else [] for c in cells], current.where))
            current = None

    for item in _rows(blocks):
        cells, text, where = item
        first = (cells[0] if cells else text).strip()
        group = _GROUP.match(first if cells is None else text)
        if group and (cells is None or regex.match(r"^[IVX]{1,5}$", cells[0])):
            flush()
            pending = []
            title = [[group.group("id")], [group.group("title").strip()]]
            rows.append(Row(title + [[] for _ in range(width - 2)], where))
            expected = 1
            continue
        m = _TT_CELL.match(first)
        if m and int(m.group("tt")) == expected:
            flush()
            current = _Task(m.group("tt"), where, [[] for _ in range(width)])
            for p in pending:
                add(current, p)
            pending = []
            rest = m.group("rest") or ""
            if cells is not None and len(cells) == width:
                add(current, ([rest, *cells[1:]], rest, where))
            elif cells is not None:
                current.name.append(" ".join([rest, *cells[1:]]).strip())
            elif rest:
                current.name.append(_take_time(current, rest, header))
            expected += 1
            continue
        if current is not None and not pending and not _starts_upper(first):
            add(current, item)  # the lower half of the task above
            continue
        pending.append(item)
    flush()
    return rows


def _region_end(blocks: list[Block]) -> int:
    """Index of the first block after the shredded table: a line that opens notes, a
    signature or another appendix."""
    for i, block in enumerate(blocks):
        if isinstance(block, Paragraph) and opens_part_after_table(block.text):
            return i
    return len(blocks)


SHREDDED = (
    "line {line}: the task table was cut into fragments by a text conversion and rebuilt; "
    "a cell is read only where a fragment is as wide as the header, so check the units "
    "and times of its {count} tasks against the original"
)


def rebuild_shredded(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """The blocks with a shredded task table replaced by its rebuilt table, and a warning
    saying so."""
    for i in range(len(blocks)):
        found = _header(blocks, i)
        if found is None:
            continue
        header, low = found
        rest = blocks[low]
        assert isinstance(rest, Table)
        after = [Table(rest.rows[1:], rest.where), *blocks[low + 1 :]]
        end = _region_end(after)
        rows = rebuild(after[:end], header)
        table = Table(rows, blocks[i].where)
        count = sum(1 for r in rows[1:] if r.cells and _TT_CELL.match(f"{' '.join(r.cells[0])}."))
        warning = SHREDDED.format(line=blocks[i].where.line, count=count)
        return [*blocks[:i], table, *after[end:]], [warning]
    return blocks, []
