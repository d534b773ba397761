"""Task-table headers: which column holds which Task field.

Header texts are read through the vocabulary in ``data/columns.yaml``: an exact variant
first, then keyword rules in order. A table is a task table when one of its first rows
(or two rows together, for a header with sub-headers such as ``Thực hiện`` over
``Đơn vị chủ trì | Đơn vị phối hợp``) names a task column and at least one column of
units or time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from khtool.reading.blocks import Row
from khtool.vocab import column_names, fold, load

TASK_FIELDS = ("tt", "name", "content", "targets", "lead", "coordinating", "units", "timeline")
_UNIT_OR_TIME = {"lead", "coordinating", "units", "timeline"}
_MARKUP = regex.compile(r"[*_`]+")
_NON_WORD = regex.compile(r"[^\w&]+")
_COLUMN_NUMBER = regex.compile(r"^\(?\s*(?:\d{1,2}|[A-Z])\s*\)?$")


@dataclass(frozen=True)
class Columns:
    """Cell index → field, and the header text of every column as written."""

    fields: dict[int, str]
    headers: dict[int, str]
    rows: int  # how many rows the header takes

    def index(self, field: str) -> int | None:
        return next((i for i, f in self.fields.items() if f == field), None)


@cache
def _keyword_rules() -> list[tuple[str, tuple[str, ...], bool]]:
    rules = []
    for rule in load("columns")["keywords"]:
        words = tuple(fold(w) for w in rule.get("all") or rule.get("any") or [])
        rules.append((str(rule["field"]), words, "all" in rule))
    return rules


def header_field(text: str) -> str | None:
    """The Task field a header text names, or None."""
    folded = fold(_MARKUP.sub("", text)).strip(" :.")
    if not folded:
        return None
    exact = column_names().get(folded)
    if exact:
        return exact
    if len(folded) > 80:  # a sentence, not a header
        return None
    words = f" {_NON_WORD.sub(' ', folded)} "
    for field, keys, need_all in _keyword_rules():
        hits = [f" {k} " in words for k in keys]
        if (all(hits) if need_all else any(hits)) and hits:
            return field
    return None


def _cell_text(cell: list[str]) -> str:
    return " ".join(cell).strip()


def _assign(headers: dict[int, str]) -> dict[int, str]:
    fields: dict[int, str] = {}
    taken: set[str] = set()
    for i in sorted(headers):
        field = header_field(headers[i])
        if field and field not in taken:
            fields[i] = field
            taken.add(field)
    if "name" not in taken and "content" in taken:
        first = next(i for i, f in fields.items() if f == "content")
        fields[first] = "name"
    return fields


def _is_task_header(fields: dict[int, str]) -> bool:
    kinds = set(fields.values())
    return "name" in kinds and bool(kinds & _UNIT_OR_TIME) and len(kinds) >= 2


def read_columns(rows: list[Row], start: int = 0) -> Columns | None:
    """The header of a task table starting at rows[start], or None."""
    if start >= len(rows):
        return None
    main = {i: _cell_text(c) for i, c in enumerate(rows[start].cells) if _cell_text(c)}
    fields = _assign(main)
    if not _is_task_header(fields):
        return None
    if start + 1 < len(rows):
        sub = {i: _cell_text(c) for i, c in enumerate(rows[start + 1].cells) if _cell_text(c)}
        sub_fields = {i: header_field(t) for i, t in sub.items()}
        if sub and all(sub_fields.values()) and not (set(sub) & set(main) - set(sub)):
            merged = {**main, **sub}
            both = _assign(merged)
            if set(both.values()) > set(fields.values()):
                return Columns(both, merged, 2)
    return Columns(fields, main, 1)


def find_header(rows: list[Row], within: int = 4) -> tuple[int, Columns] | None:
    """(row index, columns) of the first task-table header among the first rows."""
    for i in range(min(within, len(rows))):
        columns = read_columns(rows, i)
        if columns is not None:
            return i, columns
    return None


def header_columns(row: Row) -> dict[int, str] | None:
    """Map cell index → field if the row alone is a task-table header row."""
    columns = read_columns([row])
    return dict(columns.fields) if columns else None


def is_column_number(text: str) -> bool:
    """A column number under a table's header: (1), 2, (A) …"""
    return bool(_COLUMN_NUMBER.match(text))


def is_column_number_row(row: Row) -> bool:
    """A row of column numbers under the header: (1) (2) (3) … or A B C; one short cell
    that does not read as one is allowed when three or more do (OCR reads ``(1)`` as
    ``Œ)``)."""
    texts = [_cell_text(c) for c in row.cells]
    filled = [t for t in texts if t]
    numbers = sum(1 for t in filled if is_column_number(t))
    others = [t for t in filled if not is_column_number(t)]
    if numbers >= 3 and len(others) == 1:
        return len(others[0]) <= 3
    return len(filled) >= 2 and not others
