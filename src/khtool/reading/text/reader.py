"""Plain-text reader: one paragraph per non-blank line; tables from row lines.

Two table layouts are recognised, both from real plans:

* ``a | b | c |`` rows (legal-library web text): cells split on ``|``;
* tab-separated rows (Word/PDF-to-text export): cells split on TAB; blank lines
  between rows of the same table (page breaks) do not end the table.

A text with more non-blank lines than ``limits.max_lines`` is refused before it is
decoded (counted on the bytes) and again before it is split (counted on the text),
so no line of it is ever stored.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import regex

from khtool.errors import LimitExceededError
from khtool.limits import Limits, count_upto, too_many_lines
from khtool.reading.blocks import Block, Document, Paragraph, Provenance, Row, Table
from khtool.reading.cell_lines import rebuild_cell_lines
from khtool.reading.text.codec import decode_text
from khtool.reading.text.shredded import rebuild_shredded

# what str.splitlines() ends a line at (CR is LF once decoded)
_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_TEXT_LINE = re.compile(f"(?:^|[{_BREAKS}])[^\\S{_BREAKS}]*\\S")
_BYTES_LINE = re.compile(rb"(?:^|[\n\r])[ \t\v\f]*[^\s]")
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # UTF-32's marks start with these
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


def check_line_count(data: str | bytes, limit: int, path: Path | str | None) -> None:
    """Refuse a text with more than ``limit`` non-blank lines, before it is split.

    Bytes are counted as an ASCII-compatible encoding (UTF-8, the legacy ones);
    UTF-16/32 bytes are left to the count on the decoded text.
    """
    if isinstance(data, bytes):
        if data.startswith(_WIDE_BOMS) or b"\x00" in data[:4096]:
            return
        count = count_upto(_BYTES_LINE.finditer(data), limit)
    else:
        count = count_upto(_TEXT_LINE.finditer(data), limit)
    if count > limit:
        raise LimitExceededError(too_many_lines(limit + 1, limit, "lines of text"), path)


def split_lines(
    text: str, max_lines: int | None = None, path: Path | str | None = None
) -> list[Block]:
    """Group decoded text lines into paragraphs and tables, keeping line numbers;
    more than ``max_lines`` non-blank lines are refused before splitting."""
    if max_lines is not None:
        check_line_count(text, max_lines, path)
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
    check_line_count(data, limits.max_lines, path)  # before decoding: TCVN3 costs
    text, warnings = decode_text(data, path, limits.max_chars)
    from khtool.reading.text.layout_columns import rebuild_layout_columns
    from khtool.reading.text.tables import split_text_tables

    laid_out, rebuilt = rebuild_layout_columns(split_text_tables(text, limits, path))
    blocks, shredded = rebuild_shredded(rebuild_cell_lines(laid_out))
    rebuilt += shredded
    return Document(blocks, "txt", None, warnings + rebuilt)
