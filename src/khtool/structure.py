"""Split a normalised Document into the parts of a plan.

Header (everything before section I), sections I–IV keyed by their role, the
signature block, and the appendix (lines before its table, the task table's rows,
and the lines after it). Tables that are not the task table (the two-column header
block, the signature cell) are read as their cells' paragraphs, in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from khtool.blocks import Document, Paragraph, Provenance, Row, Table
from khtool.vocab import column_names, fold, headings, section_headings

SECTION_KEYS = ("goals", "content", "funding", "organization")
_ROMAN_HEADING = regex.compile(r"^(?P<num>[IVX]{1,4})\s*[.)/-]\s*(?P<title>.+?)\s*:?$")


@dataclass(slots=True)
class Line:
    text: str
    where: Provenance


@dataclass
class Parts:
    header: list[Line] = field(default_factory=list)
    sections: dict[str, list[Line]] = field(default_factory=dict)
    section_order: list[str] = field(default_factory=list)
    signature: list[Line] = field(default_factory=list)
    appendix_head: list[Line] = field(default_factory=list)
    appendix_rows: list[Row] = field(default_factory=list)
    appendix_tail: list[Line] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def header_columns(row: Row) -> dict[int, str] | None:
    """Map cell index → field if the row is a task-table header row."""
    names = column_names()
    mapping: dict[int, str] = {}
    for i, cell in enumerate(row.cells):
        key = names.get(fold(" ".join(cell)))
        if key:
            mapping[i] = key
    fields = set(mapping.values())
    if "tt" in fields and "name" in fields and len(fields) >= 3:
        return mapping
    return None


def is_task_table(table: Table) -> bool:
    return any(header_columns(row) for row in table.rows[:3])


def _starts_with_any(text: str, prefixes: list[str]) -> bool:
    folded = fold(text)
    return any(folded.startswith(fold(p)) for p in prefixes)


def _is_exact(text: str, variants: list[str]) -> bool:
    folded = fold(text).lstrip("*").strip().rstrip(":").strip()
    return folded in {fold(v) for v in variants}


def split_parts(doc: Document) -> Parts:
    parts = Parts()
    state = "header"
    appendix_seen_table = False
    recipients, signature_prefixes = headings("recipients"), headings("signature_prefixes")

    def take(text: str, where: Provenance) -> None:
        nonlocal state
        line = Line(text, where)
        m = _ROMAN_HEADING.match(text)
        if m and state not in ("appendix",):
            key = section_headings().get(fold(m.group("title")))
            if key:
                if key in parts.sections:
                    parts.warnings.append(f"section {m.group('num')} ({key}) appears twice")
                parts.sections.setdefault(key, [])
                parts.section_order.append(key)
                state = key
                return
        if _is_exact(text, headings("appendix")):
            state = "appendix"
            parts.appendix_head.append(line)
            return
        if state in SECTION_KEYS and (
            _starts_with_any(text, recipients)
            or (_starts_with_any(text, signature_prefixes) and text.upper() == text)
        ):
            state = "signature"
        if state == "header":
            parts.header.append(line)
        elif state in SECTION_KEYS:
            parts.sections[state].append(line)
        elif state == "signature":
            parts.signature.append(line)
        elif state == "appendix":
            (parts.appendix_tail if appendix_seen_table else parts.appendix_head).append(line)

    for block in doc.blocks:
        if isinstance(block, Paragraph):
            take(block.text, block.where)
            continue
        if is_task_table(block) and (state == "appendix" or not appendix_seen_table):
            if state != "appendix":
                state = "appendix"
            if appendix_seen_table and parts.appendix_tail:
                parts.warnings.append("text between two parts of the appendix table was ignored")
                parts.appendix_tail.clear()
            parts.appendix_rows.extend(block.rows)
            appendix_seen_table = True
            continue
        for row in block.rows:
            for cell in row.cells:
                for text in cell:
                    take(text, row.where)
    return parts
