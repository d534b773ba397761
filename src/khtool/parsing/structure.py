"""Split a normalised Document into the parts of a plan.

By the national layout of administrative documents: the header (issuing body, number,
date, kind, title and the opening paragraphs) up to the body's first section heading;
the body up to the signature block (``Nơi nhận``, ``TM.``/``KT.`` lines); the signature;
then the appendix (``PHỤ LỤC``, a ``(Kèm theo Kế hoạch …)`` line, or an upper-case title
over a task table). A second document saved in the same file (its own header block
after the signature) ends the plan (:mod:`khtool.parsing.documents`). Task tables are found wherever they stand, by their header row
(:mod:`khtool.parsing.columns`); other tables (the two-column header, the signature cell) are
read as their cells' paragraphs, in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from khtool.parsing.columns import find_header, header_columns
from khtool.parsing.documents import SEVERAL, document_starts, extent, is_motto
from khtool.parsing.markers import is_heading
from khtool.reading.blocks import Document, Paragraph, Provenance, Row, Table
from khtool.vocab import fold, headings, unmarked

_FIRST_ARABIC = regex.compile(r"^1\s*[.)]\s*\S")
_RULE_LINE = regex.compile(r"^[-–—_=*.\s]{3,}$")
_ATTACHED = regex.compile(r"^\(?\s*(?:Ban hành\s+)?kèm theo\b", regex.I)


__all__ = ["Line", "Parts", "TaskTable", "header_columns", "split_parts"]


@dataclass(slots=True)
class Line:
    text: str
    where: Provenance


@dataclass
class TaskTable:
    """A task table and the lines that stand above it (its title, its subtitle)."""

    table: Table
    head: list[Line] = field(default_factory=list)
    tail: list[Line] = field(default_factory=list)


@dataclass
class Parts:
    header: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    signature: list[Line] = field(default_factory=list)
    tables: list[TaskTable] = field(default_factory=list)
    appendix: list[Line] = field(default_factory=list)  # appendix lines outside any table
    warnings: list[str] = field(default_factory=list)

    @property
    def appendix_rows(self) -> list[Row]:
        """Every row of every task table, in order."""
        return [row for t in self.tables for row in t.table.rows]

    @property
    def appendix_head(self) -> list[Line]:
        return list(self.tables[0].head) if self.tables else []

    @property
    def appendix_tail(self) -> list[Line]:
        return [line for t in self.tables for line in t.tail]


def _starts_with_any(text: str, prefixes: list[str]) -> bool:
    folded = fold(text).lstrip("*_ ")
    return any(folded.startswith(fold(p)) for p in prefixes)


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _items(doc: Document) -> list[Line | TaskTable]:
    """Paragraphs and non-task table cells as lines; task tables as themselves."""
    out: list[Line | TaskTable] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if not _RULE_LINE.match(block.text):
                out.append(Line(block.text, block.where))
            continue
        rows = block.rows
        found = find_header(rows)
        if found is not None and _has_task_rows(block):
            # a task table ends at a row holding the national motto: the header of the
            # next document, glued to the table by a text dump
            first = found[0] + found[1].rows
            cut = next((i for i in range(first, len(rows)) if _motto_row(rows[i])), None)
            if cut is None:
                out.append(TaskTable(block))
                continue
            out.append(TaskTable(Table(rows[:cut], block.where)))
            rows = rows[cut:]
        for row in rows:
            for cell in row.cells:
                for text in cell:
                    if not _RULE_LINE.match(text):
                        out.append(Line(text, row.where))
    return out


def _motto_row(row: Row) -> bool:
    return any(is_motto(text) for cell in row.cells for text in cell)


def _has_task_rows(table: Table) -> bool:
    found = find_header(table.rows)
    if found is None:
        return False
    start, columns = found
    name = columns.index("name")
    return any(
        name is not None and name < len(row.cells) and row.cells[name]
        for row in table.rows[start + columns.rows :]
    )


def _kind_index(lines: list[Line]) -> int | None:
    kinds = {fold(k) for k in headings("document_kind")}
    unmarked_kinds = {unmarked(k) for k in kinds}
    found = None
    for i, line in enumerate(lines):
        text = line.text.strip("*_ ")
        if fold(text) in kinds or (text.isupper() and unmarked(text) in unmarked_kinds):
            found = i
        elif found is not None and _is_top_heading(line.text):
            break
    return found


def _is_top_heading(text: str) -> bool:
    return is_heading(text, ("part", "roman"))


def _body_start(lines: list[Line], after: int) -> int | None:
    """Index of the body's first heading after the kind line: a part or roman heading,
    or ``1.`` in a plan without roman numerals, whichever comes first."""
    for i in range(after, len(lines)):
        text = lines[i].text
        if _is_top_heading(text) or _FIRST_ARABIC.match(text):
            return i
    return None


def _signature_start(text: str) -> bool:
    if _starts_with_any(text, headings("recipients")):
        return True
    return _starts_with_any(text, headings("signature_prefixes")) and text.upper() == text


def _appendix_start(text: str) -> bool:
    """A line that opens an appendix after the signature."""
    if _starts_with_any(text, headings("appendix")):
        return True
    if _ATTACHED.match(text) and "kế hoạch" in fold(text):
        return True
    return _is_title_line(text) and not _signature_start(text)


def _is_appendix_heading(text: str) -> bool:
    """'PHỤ LỤC', 'Phụ lục số 01:', 'PHỤ LỤC I' — not a sentence that starts 'Phụ lục …'."""
    return len(text.split()) <= 5 or _is_upper(text)


def _is_title_line(text: str) -> bool:
    """An upper-case title (not a wrapped list of abbreviations such as 'KTN, TH;')."""
    words = text.split()
    return (
        _is_upper(text)
        and len(text) > 25
        and len(words) >= 5
        and not text.rstrip().endswith((";", ",", "."))
        and sum(1 for w in words if not w.isascii()) >= 2
    )


def _first_document(
    items: list[Line | TaskTable], lines: list[Line], start: int, fmt: str, warnings: list[str]
) -> list[Line | TaskTable]:
    """The items of the file's first document: a second header block after its body
    began (:mod:`khtool.parsing.documents`) ends it, with one warning."""
    later = document_starts(lines, start)
    if not later:
        return items
    cut = lines[later[0]]
    kept = items[: next(k for k, item in enumerate(items) if item is cut)]
    wheres = [
        where
        for item in kept
        for where in (
            [item.where] if isinstance(item, Line) else [row.where for row in item.table.rows]
        )
    ]
    warnings.append(SEVERAL.format(count=len(later) + 1, where=extent(wheres, fmt)))
    return kept


def split_parts(doc: Document) -> Parts:
    parts = Parts()
    items = _items(doc)
    lines = [i for i in items if isinstance(i, Line)]
    kind = _kind_index(lines)
    start = _body_start(lines, kind + 1 if kind is not None else 0)
    first_body = lines[start] if start is not None else None
    items = _first_document(items, lines, start or 0, doc.format, parts.warnings)
    state = "header" if first_body is not None else "body"
    pending: list[Line] = []  # appendix lines waiting for the table they stand above
    tail_open = False  # lines after a table in the appendix are its notes until a new part
    for item in items:
        if isinstance(item, TaskTable):
            item.head = pending
            pending = []
            parts.tables.append(item)
            if state in ("signature", "appendix"):
                state, tail_open = "appendix", True
            continue
        line = item
        if state == "header":
            if line is first_body:
                state = "body"
            else:
                parts.header.append(line)
                continue
        if state == "body":
            if _signature_start(line.text):
                state = "signature"
            elif _starts_with_any(line.text, headings("appendix")) and _is_appendix_heading(
                line.text
            ):
                state = "appendix"  # an appendix right after the body, with no signature
            else:
                parts.body.append(line)
                continue
        if state == "signature":
            if _appendix_start(line.text) and parts.signature:
                state = "appendix"
            else:
                parts.signature.append(line)
                continue
        parts.appendix.append(line)
        if tail_open and not _appendix_start(line.text):
            parts.tables[-1].tail.append(line)
        else:
            tail_open = False
            pending.append(line)
    return parts
