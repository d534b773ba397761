"""The appendix task table: header mapping, repeated headers, continuation rows,
group rows, and the typed fields of each task."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from khtool.blocks import Row
from khtool.fields.quantities import find_quantities
from khtool.fields.timeline import parse_timeline
from khtool.fields.units import split_combined, split_units
from khtool.items import join_continuation, split_items, strip_marker
from khtool.model import Appendix, Group, Quantity, Task, TaskSource, Timeline
from khtool.structure import Line, header_columns
from khtool.vocab import fold, headings

_ROMAN = regex.compile(r"^[IVXLC]{1,6}\.?$")
_ARABIC = regex.compile(r"^(\d{1,4})\.?$")


@dataclass
class _RawTask:
    tt: int
    cells: dict[str, list[str]]
    row: Row
    group: Group
    extra: list[str] = field(default_factory=list)


def _fold_row(row: Row) -> list[str]:
    return [fold(" ".join(c)) for c in row.cells]


def _task(raw: _RawTask, warnings: list[str]) -> Task:
    cells = raw.cells
    name = " ".join(cells.get("name", []))
    content = split_items(cells.get("content", []))
    targets = split_items(cells.get("targets", []))
    if "units" in cells:
        combined = split_combined(" ".join(cells["units"]))
        if combined is None:
            lead_text, partner_text = " ".join(cells["units"]), ""
            warnings.append(f"task {raw.tt}: no 'Đơn vị chủ trì:' label in the units cell")
        else:
            lead_text, partner_text = combined
        lead = split_units([lead_text])
        coordinating = split_units([partner_text])
    else:
        lead = split_units(split_items(cells.get("lead", [])))
        coordinating = split_units(split_items(cells.get("coordinating", [])))
    timeline = None
    time_text = " ".join(cells.get("timeline", []))
    if time_text:
        span = parse_timeline(time_text)
        timeline = Timeline(text=time_text, start=span.start, end=span.end)
        if span.start is None:
            warnings.append(f"task {raw.tt}: cannot read the timeline {time_text!r}")
    quantities = [Quantity.model_validate(q) for t in targets for q in find_quantities(t)]
    return Task(
        tt=raw.tt,
        name=name,
        content=content,
        targets=targets,
        quantities=quantities,
        lead=lead,
        coordinating=coordinating,
        timeline=timeline,
        source=TaskSource(page=raw.row.where.page, line=raw.row.where.line),
    )


def parse_appendix(
    head: list[Line], rows: list[Row], tail: list[Line]
) -> tuple[Appendix, list[str]]:
    warnings: list[str] = []
    appendix = Appendix()
    # title lines: after 'PHỤ LỤC', up to the '(Ban hành kèm theo …)' line
    title: list[str] = []
    for line in head:
        if fold(line.text) in {fold(h) for h in headings("appendix")}:
            continue
        if line.text.startswith("(") and appendix.subtitle is None:
            appendix.subtitle = line.text
        elif appendix.subtitle is None and not _is_noise(line.text):
            title.append(line.text)
    appendix.title = " ".join(title) or None

    columns: dict[int, str] | None = None
    header_key: list[str] | None = None
    groups: list[Group] = []
    raws: list[_RawTask] = []
    current: _RawTask | None = None
    for row in rows:
        mapping = header_columns(row)
        if mapping is not None:
            if columns is None:
                columns, header_key = mapping, _fold_row(row)
            elif _fold_row(row) != header_key:
                warnings.append(f"line {row.where.line}: a different header row; columns re-mapped")
                columns, header_key = mapping, _fold_row(row)
            continue
        if columns is None or row.is_header:
            continue
        width = max(columns) + 1
        if len(row.cells) != len(header_key or []):
            warnings.append(
                f"{_where(row)}: row has {len(row.cells)} cells, the header has "
                f"{len(header_key or [])}"
            )
        cells = {columns[i]: row.cells[i] for i in columns if i < len(row.cells) and i < width}
        tt = " ".join(cells.get("tt", [])).strip()
        others = [c for k, c in cells.items() if k != "tt" and c]
        if _ROMAN.match(tt):
            group_title = " ".join(cells.get("name") or next(iter(others), []))
            groups.append(Group(id=tt.rstrip("."), title=group_title))
            current = None
            continue
        m = _ARABIC.match(tt)
        if m:
            if not groups:
                groups.append(Group(id="", title=""))
            current = _RawTask(
                int(m.group(1)), {k: list(v) for k, v in cells.items()}, row, groups[-1]
            )
            raws.append(current)
            continue
        if tt:
            warnings.append(f"{_where(row)}: unrecognised TT {tt!r}; row skipped")
            continue
        if not others:
            continue
        if current is None:
            warnings.append(f"{_where(row)}: continuation row with no task before it; skipped")
            continue
        for key, more in cells.items():
            if key != "tt" and more:
                current.cells[key] = join_continuation(current.cells.get(key, []), more)
    for raw in raws:
        raw.group.tasks.append(_task(raw, warnings))
    appendix.groups = groups
    # notes: the lines after the table, after a 'Ghi chú' heading
    notes_started = False
    for line in tail:
        folded = fold(line.text).lstrip("*").strip().rstrip(":").strip()
        if folded in {fold(n) for n in headings("notes")}:
            notes_started = True
            continue
        if notes_started:
            appendix.notes.append(strip_marker(line.text))
        else:
            warnings.append(f"{_where_line(line)}: text after the appendix table ignored")
    return appendix, warnings


def _is_noise(text: str) -> bool:
    return fold(text) in {fold(n) for n in headings("header_noise")}


def _where(row: Row) -> str:
    if row.where.page is not None:
        return f"page {row.where.page}" + (f" line {row.where.line}" if row.where.line else "")
    return f"line {row.where.line}"


def _where_line(line: Line) -> str:
    return f"line {line.where.line}" if line.where.line else f"page {line.where.page}"
