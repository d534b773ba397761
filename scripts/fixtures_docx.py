"""Render a fixture layout as a Word document, formatted as Hanoi's plans are.

A4 portrait, Times New Roman 14 pt, justified body with a 1.27 cm first-line indent
and 6 pt after each paragraph; Word's automatic numbering for ``1.``/``4.1.`` items
and ``-`` bullets; a borderless header and signature table; page numbers in the
page header from page 2; a landscape A4 section for the appendix with a ruled
table whose header row repeats on each page and whose group rows are one merged
cell. See ``make_format_fixtures.py``.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from fixtures_layout import Landscape, Layout, Para, TaskTable, TwoColumns

FONT = "Times New Roman"
# column widths (cm) of the appendix table by column role; landscape A4 body is 25.7 cm
WIDTHS = {
    "tt": 1.0,
    "name": 4.0,
    "content": 6.3,
    "targets": 5.4,
    "units": 6.0,
    "lead": 2.6,
    "coordinating": 3.8,
    "timeline": 2.6,
}
_ALIGN = {
    "body": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "plain": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "title": WD_ALIGN_PARAGRAPH.CENTER,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "subtitle": WD_ALIGN_PARAGRAPH.CENTER,
    "heading": WD_ALIGN_PARAGRAPH.LEFT,
    "note": WD_ALIGN_PARAGRAPH.LEFT,
}


def render_docx(layout: Layout, out: Path) -> None:
    doc = Document()
    _setup(doc)
    lists = _Lists(doc)
    for item in layout.items:
        if isinstance(item, Para):
            _para(doc, item, lists)
        elif isinstance(item, TwoColumns):
            _two_columns(doc, item)
        elif isinstance(item, TaskTable):
            _task_table(doc, item)
        elif isinstance(item, Landscape):
            _landscape(doc)
    props = doc.core_properties
    props.title = layout.name
    props.author = props.last_modified_by = "UBND thành phố Hà Nội"
    props.created = props.modified = dt.datetime(2024, 10, 1, 8, 0, 0)
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    out.write_bytes(_stable_zip(buffer.getvalue()))


def _stable_zip(data: bytes) -> bytes:
    """The same package with fixed entry dates, so ``make fixtures`` is reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(2024, 10, 1, 8, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info))
    return out.getvalue()


def _setup(doc: Document) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.header_distance = Cm(1)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>2</w:t></w:r></w:fldSimple>'
        )
    )


def _para(doc: Document, item: Para, lists: _Lists) -> None:
    p = doc.add_paragraph()
    p.alignment = _ALIGN[item.kind]
    fmt = p.paragraph_format
    run = p.add_run(item.text)
    if item.kind in ("body", "plain"):
        fmt.first_line_indent = Cm(1.27)
    if item.kind in ("title", "heading"):
        run.bold = True
    if item.kind in ("subtitle", "center"):
        run.italic = True
    if item.kind == "note":
        run.bold = run.italic = True
    if item.kind == "heading":
        fmt.first_line_indent = Cm(1.27)
        fmt.keep_with_next = True
    if item.number is not None:
        lists.apply(p, *item.number)


class _Lists:
    """Word numbering definitions: one multi-level list per section, one bullet list."""

    def __init__(self, doc: Document) -> None:
        self.numbering = doc.part.numbering_part.element
        self.ids: dict[str, int] = {}
        self.next_id = 90

    def apply(self, p: object, list_id: str, level: int, label: str) -> None:
        num_id = self.ids.get(list_id)
        if num_id is None:
            num_id = self._define(bullet=list_id == "bullet")
            self.ids[list_id] = num_id
        ppr = p._p.get_or_add_pPr()  # type: ignore[attr-defined]
        ppr.append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                f'<w:numId w:val="{num_id}"/></w:numPr>'
            )
        )
        # a numbered paragraph keeps the body's first-line indent; the label is followed
        # by a space, as when the number is typed
        p.paragraph_format.first_line_indent = Cm(1.27)  # type: ignore[attr-defined]

    def _define(self, *, bullet: bool) -> int:
        self.next_id += 1
        ident = self.next_id
        if bullet:
            levels = _lvl(0, "bullet", "-")
        else:
            levels = _lvl(0, "decimal", "%1.") + _lvl(1, "decimal", "%1.%2.")
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ident}">'
            f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
        )
        num = parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{ident}"><w:abstractNumId w:val="{ident}"/></w:num>'
        )
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.numbering.append(abstract)
        self.numbering.append(num)
        return ident


def _lvl(level: int, fmt: str, text: str) -> str:
    return (
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:suff w:val="space"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="0" w:firstLine="720"/></w:pPr></w:lvl>'
    )


def _two_columns(doc: Document, item: TwoColumns) -> None:
    widths = (Cm(6.5), Cm(9.5)) if item.kind == "header" else (Cm(7.5), Cm(8.5))
    table = doc.add_table(rows=0, cols=2)
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for gridcol, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        gridcol.set(qn("w:w"), str(int(width.twips)))
    for r, (left, right) in enumerate(item.rows):
        row = table.add_row()
        for c, lines in enumerate((left, right)):
            cell = row.cells[c]
            cell.width = widths[c]
            for i, text in enumerate(lines):
                p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                p.paragraph_format.space_after = Pt(0)
                run = p.add_run(text)
                _style_two_column(item.kind, p, run, r, c, i, text)
        if item.kind == "signature":  # room for the signature above the name
            right_cell = row.cells[1]
            name = right_cell.paragraphs[-1]
            for _ in range(3):
                name._p.addprevious(right_cell.add_paragraph()._p)
    doc.add_paragraph()


def _style_two_column(kind: str, p: object, run: object, r: int, c: int, i: int, text: str) -> None:
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER  # type: ignore[attr-defined]
    if kind == "header":
        run.font.size = Pt(12 if r == 0 else 13)  # type: ignore[attr-defined]
        # the issuer's first line is not bold; the rest of the first row is
        run.bold = r == 0 and (c, i) != (0, 0)  # type: ignore[attr-defined]
        if r == 1 and c == 1:
            run.italic, run.bold = True, False  # type: ignore[attr-defined]
        return
    if c == 0:  # Nơi nhận
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT  # type: ignore[attr-defined]
        run.font.size = Pt(12 if i == 0 else 11)  # type: ignore[attr-defined]
        run.bold = run.italic = i == 0  # type: ignore[attr-defined]
    else:
        run.bold = True  # type: ignore[attr-defined]


def _landscape(doc: Document) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(2), Cm(2)
    section.different_first_page_header_footer = False


def _task_table(doc: Document, item: TaskTable) -> None:
    widths = [Cm(WIDTHS.get(kind, 3.0)) for kind in item.kinds]
    table = doc.add_table(rows=0, cols=len(item.header))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for gridcol, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        gridcol.set(qn("w:w"), str(int(width.twips)))
    header = table.add_row()
    header._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for cell, text, width in zip(header.cells, item.header, widths, strict=True):
        cell.width = width
        _cell_text(cell, [text], bold=True, center=True)
    for record in item.rows:
        row = table.add_row()
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
        if record.group:
            _cell_text(row.cells[0], record.cells[0], bold=True, center=True)
            merged = row.cells[1].merge(row.cells[-1])
            _cell_text(merged, record.cells[1], bold=True)
            continue
        for cell, paragraphs, kind in zip(row.cells, record.cells, item.kinds, strict=True):
            _cell_text(cell, paragraphs, center=kind in ("tt", "timeline"))


def _cell_text(
    cell: object, paragraphs: list[str], *, bold: bool = False, center: bool = False
) -> None:
    for i, text in enumerate(paragraphs or [""]):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()  # type: ignore[attr-defined]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.space_after = Pt(3)
        p.paragraph_format.first_line_indent = Cm(0)
        run = p.add_run(text)
        run.font.size = Pt(12)
        run.bold = bold
