"""Plain-text reader: one paragraph per non-blank line; tables from row lines.

Two table layouts are recognised, both from real plans:

* ``a | b | c |`` rows (legal-library web text): cells split on ``|``;
* tab-separated rows (Word/PDF-to-text export): cells split on TAB; blank lines
  between rows of the same table (page breaks) do not end the table.
"""

from __future__ import annotations

from pathlib import Path

import regex

from khtool.limits import Limits
from khtool.reading.blocks import Block, Document, Paragraph, Provenance, Row, Table
from khtool.reading.cell_lines import rebuild_cell_lines
from khtool.reading.shredded import rebuild_shredded
from khtool.reading.textcodec import decode_text

_SEPARATOR = regex.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")


def _front_matter(lines: list[str]) -> int:
    """How many lines a markdown front matter block (--- … ---) takes at the top."""
    if not lines or lines[0].strip() != "---":
        return 0
    for i in range(1, min(len(lines), 60)):
        if lines[i].strip() == "---":
            return i + 1
    return 0


def _pipe_cells(line: str) -> list[str] | None:
    stripped = line.strip()
    if "|" not in stripped:
        return None
    if not (stripped.endswith("|") or stripped.startswith("|") or " | " in stripped):
        return None
    parts = stripped.split("|")
    if parts and parts[-1].strip() == "":
        parts = parts[:-1]
    if stripped.startswith("|") and stripped.endswith("|") and parts:
        parts = parts[1:]  # a markdown row: the empty text before its leading '|'

    return [p.strip() for p in parts]


def _tab_cells(line: str) -> list[str] | None:
    if "\t" not in line:
        return None
    return [p.strip() for p in line.rstrip("\r\n").split("\t")]


def split_lines(text: str) -> list[Block]:
    """Group decoded text lines into paragraphs and tables, keeping line numbers."""
    blocks: list[Block] = []
    table: Table | None = None
    kind: str | None = None
    lines = text.splitlines()
    skip = _front_matter(lines)
    for number, line in enumerate(lines, start=1):
        if number <= skip or _SEPARATOR.match(line.strip()):
            continue  # front matter; a markdown table's |---|---| line
        where = Provenance(None, number)
        tab = _tab_cells(line)
        pipe = None if tab is not None else _pipe_cells(line)
        cells, row_kind = (tab, "tab") if tab is not None else (pipe, "pipe")
        if cells is not None:
            if table is None or kind != row_kind:
                table = Table([], where)
                kind = row_kind
                blocks.append(table)
            table.rows.append(Row([[c] if c else [] for c in cells], where))
            continue
        if not line.strip():
            # a blank line ends a pipe table; a tab table may go on after a page break
            if kind == "pipe":
                table, kind = None, None
            continue
        table, kind = None, None
        blocks.append(Paragraph(line, where))
    return blocks


def read(path: Path, data: bytes, limits: Limits) -> Document:
    text, warnings = decode_text(data, path)
    blocks, rebuilt = rebuild_shredded(rebuild_cell_lines(split_lines(text)))
    return Document(blocks, "txt", None, warnings + rebuilt)
