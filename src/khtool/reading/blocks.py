"""The format-blind intermediate representation every reader produces.

A document is a list of blocks in reading order: :class:`Paragraph` (one line or
paragraph of text) and :class:`Table` (rows of cells, each cell a list of
paragraphs). Every block keeps its provenance (page and line, 1-based, when known)
so later stages can point back into the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a block came from in the source file."""

    page: int | None = None
    line: int | None = None


@dataclass(slots=True)
class Paragraph:
    """One paragraph (for plain text: one non-blank line)."""

    text: str
    where: Provenance = field(default_factory=Provenance)


@dataclass(slots=True)
class Row:
    """One table row. Each cell is a list of paragraphs (possibly empty)."""

    cells: list[list[str]]
    where: Provenance = field(default_factory=Provenance)
    is_header: bool = False  # the source marks it as a (repeated) header row


@dataclass(slots=True)
class Table:
    """A table in reading order; page-broken tables may arrive as one or many."""

    rows: list[Row]
    where: Provenance = field(default_factory=Provenance)


Block = Paragraph | Table


@dataclass(slots=True)
class Document:
    """What a reader returns: blocks plus facts about the source."""

    blocks: list[Block]
    format: str
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
