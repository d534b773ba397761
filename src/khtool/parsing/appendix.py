"""Task tables: header mapping, repeated headers, continuation rows, group rows, and
the typed fields of each task.

Works on any task table (:mod:`khtool.parsing.columns` says which column is which): TT as
written (``1``, ``1.``, ``1.1``, ``a``) or no TT column at all (each row with a name is
a task), group rows with the roman numeral in the TT cell, in the first cell, or in one
merged cell (``I. Title``), sub-group rows (``1 | Step``) in tables without a TT column,
a row of column numbers under the header, extra columns kept by their header text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from khtool.model import Appendix, Group, Quantity, Task, TaskSource, Timeline, TimelineKind
from khtool.parsing.columns import Columns, find_header, is_column_number_row, read_columns
from khtool.parsing.fields.quantities import find_quantities
from khtool.parsing.fields.timeline import impossible_date, parse_timeline
from khtool.parsing.fields.units import split_combined, split_units
from khtool.parsing.items import join_continuation, split_items, strip_marker
from khtool.parsing.structure import Line, TaskTable
from khtool.reading.blocks import Row
from khtool.vocab import fold, headings

_ROMAN = regex.compile(r"^(?P<id>[IVXLC]{1,6})\.?$")
_ROMAN_TITLE = regex.compile(r"^(?P<id>[IVXLC]{1,6})\s*[.:\-–]?\s+(?P<title>\S.*)$")
_TT = regex.compile(r"^(?P<tt>\d{1,4}(?:\.\d{1,3})*[a-zđ]?|[a-zđ])\s*[.)]?$")
_STEP = regex.compile(r"^(?P<id>\d{1,2})\.?$")


@dataclass
class _RawTask:
    tt: str | None
    cells: dict[str, list[str]]
    extra: dict[str, list[str]]
    row: Row
    group: Group
    table: int


@dataclass
class _State:
    groups: list[Group] = field(default_factory=list)
    raws: list[_RawTask] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _text(cell: list[str]) -> str:
    return " ".join(cell).strip()


def _timeline(text: str, label: str, warnings: list[str]) -> Timeline | None:
    if not text:
        return None
    span = parse_timeline(text)
    if span.kind is None:
        bad = impossible_date(text)
        why = f": {bad!r} is not a date" if bad else ""
        warnings.append(f"{label}: cannot read the timeline {text!r}{why}")
    kind = TimelineKind(span.kind) if span.kind else None
    return Timeline(text=text, kind=kind, start=span.start, end=span.end)


def task_from_cells(
    tt: str | None,
    cells: dict[str, list[str]],
    source: TaskSource,
    warnings: list[str],
    extra: dict[str, str] | None = None,
) -> Task:
    """A Task from its cells by field (the cells of a row, or the labels of a body task)."""
    label = f"task {tt}" if tt else f"task {_text(cells.get('name', []))[:40]!r}"
    if "units" in cells:
        combined = split_combined(" ".join(cells["units"]))
        if combined is None:
            lead_items, partner_items = cells["units"], []
            warnings.append(f"{label}: no 'Đơn vị chủ trì:' label in the units cell")
        else:
            lead_items, partner_items = [combined[0]], [combined[1]]
    else:
        lead_items = cells.get("lead", [])
        partner_items = cells.get("coordinating", [])
    targets = split_items(cells.get("targets", []))
    return Task(
        tt=tt,
        name=_text(cells.get("name", [])),
        content=split_items(cells.get("content", [])),
        targets=targets,
        quantities=[Quantity.model_validate(q) for t in targets for q in find_quantities(t)],
        lead=split_units(split_items(lead_items)),
        coordinating=split_units(split_items(partner_items)),
        timeline=_timeline(" ".join(cells.get("timeline", [])).strip(), label, warnings),
        extra=extra or {},
        source=source,
    )


def _group_row(row: Row, columns: Columns) -> tuple[str, str] | None:
    """(id, title) when the row opens a group: a roman numeral and one title."""
    filled = [(i, _text(c)) for i, c in enumerate(row.cells) if _text(c)]
    if not filled:
        return None
    first_i, first = filled[0]
    m = _ROMAN.match(first)
    if m and len(filled) <= 2:
        title = filled[1][1] if len(filled) == 2 else ""
        return m.group("id"), title
    m = _ROMAN_TITLE.match(first)
    if m and len(filled) == 1 and first_i in (0, columns.index("tt"), columns.index("name")):
        return m.group("id"), m.group("title")
    return None


def _step_row(row: Row, columns: Columns) -> tuple[str, str] | None:
    """(id, title) of a numbered step in a table without TT: ``1 | Lập nhiệm vụ``."""
    if columns.index("tt") is not None:
        return None
    filled = [(i, _text(c)) for i, c in enumerate(row.cells) if _text(c)]
    if len(filled) != 2 or filled[0][0] != 0:
        return None
    m = _STEP.match(filled[0][1])
    return (m.group("id"), filled[1][1]) if m else None


def _read_table(table: TaskTable, number: int, state: _State) -> None:
    rows = table.table.rows
    found = find_header(rows)
    if found is None:
        return
    start, columns = found
    header_key = [fold(_text(c)) for c in rows[start].cells]
    tt_col = columns.index("tt")
    current: _RawTask | None = None
    parent: str | None = None  # the roman group the steps belong to
    i = start + columns.rows
    before, named = len(state.raws), 0
    while i < len(rows):
        row = rows[i]
        i += 1
        if row.is_header or [fold(_text(c)) for c in row.cells] == header_key:
            again = read_columns(rows, i - 1)
            i += (again.rows - 1) if again else 0
            continue
        if is_column_number_row(row) or not any(_text(c) for c in row.cells):
            continue
        if len(row.cells) != len(header_key) and tt_col is not None:
            state.warnings.append(
                f"{_where(row)}: row has {len(row.cells)} cells, the header has {len(header_key)}"
            )
        group = _group_row(row, columns)
        if group is not None:
            state.groups.append(Group(id=group[0], title=group[1]))
            parent, current = group[0], None
            continue
        step = _step_row(row, columns)
        if step is not None:
            gid = f"{parent}.{step[0]}" if parent else step[0]
            state.groups.append(Group(id=gid, title=step[1], parent=parent))
            current = None
            continue
        cells = {columns.fields[j]: list(c) for j, c in enumerate(row.cells) if j in columns.fields}
        extra = {
            columns.headers[j]: list(c)
            for j, c in enumerate(row.cells)
            if j not in columns.fields and j in columns.headers and c
        }
        named += bool(_text(cells.get("name", [])))
        tt_text = _text(cells.pop("tt", [])) if tt_col is not None else ""
        tt_text = _digit_read_as_letter(tt_text, state.raws[before:], row, state.warnings)
        m = _TT.match(tt_text)
        if tt_col is not None and not tt_text:
            if current is not None:  # a row broken over a page: the cells go on
                for key, more in {**cells, **{f"extra:{k}": v for k, v in extra.items()}}.items():
                    if key.startswith("extra:"):
                        k = key[6:]
                        current.extra[k] = join_continuation(current.extra.get(k, []), more)
                    elif more:
                        current.cells[key] = join_continuation(current.cells.get(key, []), more)
                continue
            if not _text(cells.get("name", [])):
                continue
        elif tt_col is not None and m is None:
            state.warnings.append(f"{_where(row)}: unrecognised TT {tt_text!r}; row skipped")
            continue
        if not _text(cells.get("name", [])) and not any(_text(v) for v in cells.values()):
            continue
        if not state.groups:
            state.groups.append(Group(id="", title=""))
        tt = m.group("tt") if m else None
        current = _RawTask(tt, cells, extra, row, state.groups[-1], number)
        state.raws.append(current)
    if named and len(state.raws) == before:
        state.warnings.append(
            f"task table {number}: no task read although {named} rows have a name"
            " (every TT was unrecognised)"
        )


# letters OCR reads for a digit of a TT cell ('5' as 's'), used only where the digit is
# the next number of the table's TT sequence
_DIGIT_LOOKALIKES = {"s": "5", "S": "5", "l": "1", "I": "1", "O": "0", "o": "0", "B": "8"}


def _digit_read_as_letter(tt_text: str, raws: list[_RawTask], row: Row, warnings: list[str]) -> str:
    """A one-letter TT that looks like the digit following the previous TT (``4``, then
    ``s``) is that number: a sub-item letter never follows a number that way."""
    digit = _DIGIT_LOOKALIKES.get(tt_text.rstrip(".)"))
    if digit is None or not raws or not (raws[-1].tt or "").isdigit():
        return tt_text
    expected = str(int(raws[-1].tt or "0") + 1)
    if expected != digit:
        return tt_text
    warnings.append(
        f"{_where(row)}: TT {tt_text!r} read as {expected} (the number after {raws[-1].tt})"
    )
    return expected


def parse_appendix(tables: list[TaskTable]) -> tuple[Appendix, list[str]]:
    """Every task table of the plan, read into one Appendix."""
    state = _State()
    appendix = Appendix()
    first = tables[0]
    title: list[str] = []
    for line in first.head:
        if _starts_with(line.text, headings("appendix")) and not title:
            rest = _after_appendix_word(line.text)
            if rest:
                title.append(rest)
            continue
        if line.text.startswith("(") and appendix.subtitle is None:
            appendix.subtitle = line.text
        elif appendix.subtitle is None and not _is_noise(line.text):
            title.append(line.text)
    appendix.title = " ".join(title) or None
    for number, table in enumerate(tables, start=1):
        _read_table(table, number, state)
    for raw in state.raws:
        source = TaskSource(
            table=raw.table if len(tables) > 1 else None,
            page=raw.row.where.page,
            line=raw.row.where.line,
        )
        extra = {k: " ".join(v) for k, v in raw.extra.items() if " ".join(v).strip()}
        raw.group.tasks.append(task_from_cells(raw.tt, raw.cells, source, state.warnings, extra))
    appendix.groups = [g for g in state.groups if g.tasks or g.parent is None]
    appendix.notes, w = _notes([line for t in tables for line in t.tail])
    return appendix, state.warnings + w


def _notes(tail: list[Line]) -> tuple[list[str], list[str]]:
    notes: list[str] = []
    warnings: list[str] = []
    started = False
    for line in tail:
        folded = fold(line.text).strip("*_ ").rstrip(":").strip()
        if folded in {fold(n) for n in headings("notes")}:
            started = True
            continue
        if started:
            notes.append(strip_marker(line.text))
        else:
            warnings.append(f"{_where_line(line)}: text after the appendix table ignored")
    return notes, warnings


def _starts_with(text: str, prefixes: list[str]) -> bool:
    folded = fold(text).strip("*_ ")
    return any(folded == fold(p) or folded.startswith(fold(p) + " ") for p in prefixes)


def _after_appendix_word(text: str) -> str:
    """'Phụ lục số 01: Title' → 'Title'; 'PHỤ LỤC' → ''."""
    m = regex.match(
        r"^\W*phụ lục(?:\s+(?:số\s+)?[\dIVX]+)?\s*[:.\-–]?\s*(?P<rest>.*)$", text, regex.I
    )
    return m.group("rest").strip() if m else ""


def _is_noise(text: str) -> bool:
    return fold(text) in {fold(n) for n in headings("header_noise")}


def _where(row: Row) -> str:
    if row.where.page is not None:
        return f"page {row.where.page}" + (f" line {row.where.line}" if row.where.line else "")
    return f"line {row.where.line}"


def _where_line(line: Line) -> str:
    return f"line {line.where.line}" if line.where.line else f"page {line.where.page}"
