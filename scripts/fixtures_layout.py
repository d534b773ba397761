"""The layout shared by the fixture renderings: what a page shows, not how.

:func:`build_layout` reads a plan's text fixture as khtool reads it (normalised
blocks split into header, sections, signature and appendix) and returns the items a
Word or HTML rendering shows, in order. See ``make_format_fixtures.py``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import regex  # noqa: E402

from khtool.limits import Limits  # noqa: E402
from khtool.parsing.items import join_continuation  # noqa: E402
from khtool.parsing.pipeline import read_blocks  # noqa: E402
from khtool.parsing.structure import header_columns, split_parts  # noqa: E402
from khtool.reading.blocks import Paragraph, Row, Table  # noqa: E402
from khtool.vocab import fold  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
ISSUER = ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]

_NUMBERED = regex.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2})*\.)\s+(?P<text>.+)$")
_BULLET = regex.compile(r"^-\s+(?P<text>.+)$")
_ROMAN_HEADING = regex.compile(r"^[IVX]{1,4}\.\s")
_INLINE = regex.compile(r"(?<=[.;:!?)…])\s+-\s+(?=\S)")
_NUMBER_LINE = regex.compile(r"^Số\s*:")
_PLACE_DATE = regex.compile(r"^[^,\d]+,\s*ngày\b")
_AUTHORITY = ("TM.", "KT.", "Q.", "T/M")

# ---------------------------------------------------------------------------
# layout: what a rendering shows, independent of the output format


@dataclass
class Para:
    text: str
    kind: str = "body"  # body, title, heading, center, subtitle, note, signature, plain
    # automatic numbering: (list id, level, label as the text fixture writes it)
    number: tuple[str, int, str] | None = None


@dataclass
class TwoColumns:
    """A borderless two-column table (document header, signature)."""

    rows: list[tuple[list[str], list[str]]]
    kind: str  # header or signature


@dataclass
class TaskRow:
    cells: list[list[str]]
    group: bool = False


@dataclass
class TaskTable:
    header: list[str]
    kinds: list[str]  # column role per column (tt, name, content, …)
    rows: list[TaskRow]


@dataclass
class Landscape:
    """Start of the landscape section (the appendix)."""


@dataclass
class Layout:
    name: str
    site_title: str | None
    items: list[Para | TwoColumns | TaskTable | Landscape] = field(default_factory=list)


def build_layout(name: str) -> Layout:
    """Lay out the plan read from ``tests/fixtures/<name>.txt``."""
    doc, _sha = read_blocks(FIXTURES / f"{name}.txt", Limits())
    parts = split_parts(doc)
    roles: dict[int | None, str] = {}
    for line in parts.header:
        roles[line.where.line] = "header"
    for key, lines in parts.sections.items():
        for line in lines:
            roles[line.where.line] = key
    for line in parts.signature:
        roles[line.where.line] = "signature"
    for line in parts.appendix_head:
        roles[line.where.line] = "appendix_head"
    for line in parts.appendix_tail:
        roles[line.where.line] = "appendix_tail"
    layout = Layout(name, None)
    header_rows: list[tuple[list[str], list[str]]] = []
    number_row: tuple[list[str], list[str]] = ([], [])
    title_state = "before"
    signature: list[str] = []
    lists = _ListNumbering()
    for block in doc.blocks:
        if isinstance(block, Table):
            if header_columns(block.rows[0]) is not None:
                _flush_signature(layout, signature)
                layout.items.append(_task_table(block.rows))
                continue
            role = roles.get(block.rows[0].where.line)
            for row in block.rows:
                texts = [" ".join(cell) for cell in row.cells]
                if role == "header" and len(texts) >= 2:
                    if _NUMBER_LINE.match(texts[0]):
                        number_row = ([texts[0]], [texts[1]])
                elif role == "signature":
                    signature.extend(t for t in texts if t)
                else:
                    raise ValueError(f"{name}: unexpected table at line {row.where.line}")
            continue
        assert isinstance(block, Paragraph)
        text, role = block.text, roles.get(block.where.line)
        if role == "header":
            if title_state == "before":
                if _NUMBER_LINE.match(text):
                    number_row = ([text], number_row[1])
                elif _PLACE_DATE.match(text):
                    number_row = (number_row[0], [text])
                elif fold(text) == fold("KẾ HOẠCH"):
                    header_rows = [(ISSUER, MOTTO), number_row]
                    layout.items.append(TwoColumns(header_rows, "header"))
                    layout.items.append(Para(text, "title"))
                    title_state = "title"
                elif not fold(text).startswith(fold("ỦY BAN")) and not text.startswith("CỘNG"):
                    layout.site_title = text
            elif title_state == "title" and not text.startswith(("Thực hiện", "Căn cứ")):
                layout.items.append(Para(text, "title"))
            else:
                title_state = "basis"
                layout.items.append(Para(text))
        elif role in ("goals", "content", "funding", "organization"):
            layout.items.append(lists.para(role, text))
        elif role == "signature":
            signature.append(text)
        elif role == "appendix_head":
            _flush_signature(layout, signature)
            if fold(text) == fold("PHỤ LỤC"):
                if not any(isinstance(item, Landscape) for item in layout.items):
                    layout.items.append(Landscape())
                layout.items.append(Para(text, "title"))
            elif text.startswith("("):
                layout.items.append(Para(text, "subtitle"))
            else:
                layout.items.append(Para(text, "title"))
        elif role == "appendix_tail":
            kind = "note" if fold(text).strip("* :") == fold("Ghi chú") else "plain"
            layout.items.append(Para(text, kind))
        elif _ROMAN_HEADING.match(text):
            lists.restart()
            layout.items.append(Para(text, "heading"))
        else:
            raise ValueError(f"{name}: line {block.where.line} has no place: {text[:60]!r}")
    return layout


class _ListNumbering:
    """Use Word numbering for 'N.'/'N.M.' and '- ' paragraphs when it gives the same label."""

    def __init__(self) -> None:
        self.section = 0
        self.counters: list[int] = []

    def restart(self) -> None:
        self.section += 1
        self.counters = []

    def para(self, role: str, text: str) -> Para:
        m = _NUMBERED.match(text)
        if m and role != "funding":
            label = m.group("label")
            depth = label.count(".") - 1
            counters = self.counters[: depth + 1]
            while len(counters) <= depth:
                counters.append(0)
            counters[depth] += 1
            expected = ".".join(str(c) for c in counters) + "."
            if expected == label and depth <= 1:
                self.counters = counters
                return Para(m.group("text"), "body", (f"list{self.section}", depth, label))
            return Para(text)
        b = _BULLET.match(text)
        if b:
            return Para(b.group("text"), "body", ("bullet", 0, "-"))
        if text.startswith("(") and text.rstrip(".").endswith(")"):
            return Para(text, "center")
        return Para(text)


def _flush_signature(layout: Layout, lines: list[str]) -> None:
    """Nơi nhận on the left, authority and signer on the right; a page header after it."""
    if not lines:
        return
    left: list[str] = []
    right: list[str] = []
    after: list[str] = []
    state = "left"
    for text in lines:
        if state == "left" and text.startswith(_AUTHORITY) and text.upper() == text:
            state = "right"
        elif state == "right" and text.upper() != text:
            right.append(text)  # the signer's name closes the block
            state = "after"
            continue
        (left if state == "left" else right if state == "right" else after).append(text)
    layout.items.append(TwoColumns([(left, right)], "signature"))
    layout.items.append(Landscape())
    if after:  # the appendix page's own header block
        split = next((i for i, t in enumerate(after) if t.startswith("CỘNG HÒA")), len(after))
        layout.items.append(TwoColumns([(after[:split], after[split:])], "header"))
    lines.clear()


def _task_table(rows: list[Row]) -> TaskTable:
    """The appendix table with page-break artefacts of the text undone."""
    mapping = header_columns(rows[0])
    assert mapping is not None
    header = [" ".join(cell) for cell in rows[0].cells]
    width = len(header)
    kinds = [mapping.get(i, "") for i in range(width)]
    header_key = [fold(t) for t in header]
    records: list[TaskRow] = []
    for row in rows[1:]:
        cells = [list(c) for c in row.cells[:width]] + [[] for _ in range(width - len(row.cells))]
        if [fold(" ".join(c)) for c in cells] == header_key:
            continue  # the header repeated at a page break: Word repeats it by itself
        tt = " ".join(cells[0])
        if not tt:
            if records and any(cells):  # a row continued over a page break
                last = records[-1].cells
                for i, more in enumerate(cells):
                    last[i] = join_continuation(last[i], more)
            continue
        if regex.match(r"^[IVX]+$", tt):
            title = " ".join(next((c for c in cells[1:] if c), []))
            records.append(TaskRow([[tt], [title]], group=True))
            continue
        records.append(TaskRow(cells))
    for record in records:
        if record.group:
            continue
        for i, kind in enumerate(kinds):
            if kind not in ("tt", "name", "timeline"):
                record.cells[i] = _one_paragraph_per_bullet(record.cells[i])
    return TaskTable(header, kinds, records)


def _one_paragraph_per_bullet(paragraphs: list[str]) -> list[str]:
    out: list[str] = []
    for paragraph in paragraphs:
        pieces = _INLINE.split(paragraph)
        out.append(pieces[0])
        out.extend(f"- {piece}" for piece in pieces[1:])
    return out
