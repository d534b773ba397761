"""A plan as a Word document in the national layout (Nghị định 30/2020/NĐ-CP).

A4 portrait, Times New Roman, body 14 pt justified with a first-line indent; the
borderless two-column header (issuing body over its parent and ``Số:``; the national
motto and the place and date); ``KẾ HOẠCH``, the title and the opening paragraph; the
numbered sections; the signature block with ``Nơi nhận``; page numbers at the top from
page 2; the appendix task table in a landscape A4 section, its header row repeated on
every page and its group rows merged across the table. Sizes and words are in
``data/layout.yaml``. Built with python-docx, from no template but its default one.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from khtool.model import Plan
from khtool.writing.appendix import AppendixPage
from khtool.writing.layout import Layout, Page, layout
from khtool.writing.pages import Pages, build_pages
from khtool.writing.table import set_widths, write_table

_CENTER, _LEFT, _JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)
_HEADING = {"roman": (True, False), "arabic": (True, False), "decimal": (True, True)}
_HEADING["letter"] = (False, True)
AUTHOR = "khtool"
_SHORT_HEADING = 160  # longer 'headings' are whole paragraphs (a goal, a duty)


@dataclass
class Comments:
    """Word comments for the reviewer: on the title, on sections (by their path of
    numbers, e.g. ('I', '4', '4.1')) and on appendix tasks (by index)."""

    title: list[str] = field(default_factory=list)
    sections: dict[tuple[str, ...], str] = field(default_factory=dict)
    tasks: dict[int, str] = field(default_factory=dict)


def render_bytes(
    plan: Plan, *, comments: Comments | None = None, issue_year: int | None = None
) -> bytes:
    """The .docx file of a plan, as bytes."""
    pages = build_pages(plan, issue_year=issue_year)
    writer = _Writer(layout(), comments or Comments())
    writer.write(pages)
    props = writer.doc.core_properties
    props.title = plan.document.title or ""
    props.author = props.last_modified_by = plan.document.issuer or AUTHOR
    buffer = io.BytesIO()
    writer.doc.save(buffer)
    return buffer.getvalue()


def render(
    plan: Plan,
    out: str | Path,
    *,
    comments: Comments | None = None,
    issue_year: int | None = None,
) -> Path:
    """Write the plan as a .docx file (atomically: never a half-written file)."""
    path = Path(out)
    data = render_bytes(plan, comments=comments, issue_year=issue_year)
    from khtool.io import write_atomic  # one writer for every output: checks, atomic rename

    write_atomic(path, data)
    return path


class _Writer:
    def __init__(self, lay: Layout, comments: Comments) -> None:
        self.lay = lay
        self.comments = comments
        self.doc: Any = Document()
        self._setup()

    # --- page setup ------------------------------------------------------------------
    def _setup(self) -> None:
        lay = self.lay
        normal = self.doc.styles["Normal"]
        normal.font.name = lay.font
        normal.font.size = Pt(lay.sizes.body)
        rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), lay.font)
        fmt = normal.paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(lay.space_after), 1.0
        section = self.doc.sections[0]
        _page(section, lay.portrait)
        section.header_distance = Cm(1)
        section.different_first_page_header_footer = True
        number = section.header.paragraphs[0]
        number.alignment = _CENTER
        number._p.append(
            parse_xml(
                f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:rPr>'
                f'<w:sz w:val="{int(lay.sizes.page_number * 2)}"/></w:rPr>'
                "<w:t>2</w:t></w:r></w:fldSimple>"
            )
        )

    def write(self, pages: Pages) -> None:
        if pages.draft:
            self._draft_mark()
        self._header(pages)
        self._title(pages)
        for text in pages.opening:
            self._body(text)
        for para in pages.body:
            p = self._body(para.text, para.style)
            note = self.comments.sections.get(para.key) if para.key else None
            if note:
                self.doc.add_comment(p.runs, text=note, author=AUTHOR, initials="KH")
        self._signature(pages)
        if pages.appendix is not None:
            self._appendix(pages.appendix)

    # --- blocks ----------------------------------------------------------------------
    def _draft_mark(self) -> None:
        p = self.doc.sections[0].first_page_header.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = p.add_run(self.lay.draft_mark)
        run.bold = True
        run.font.size = Pt(self.lay.sizes.header)
        page = self.lay.portrait
        width = page.width - page.margins.left - page.margins.right
        p.paragraph_format.left_indent = Cm(width - 3.2)  # a small box at the top right
        _border(p, ("top", "left", "bottom", "right"))

    def _header(self, pages: Pages) -> None:
        lay, sizes = self.lay, self.lay.sizes
        table = self._borderless(lay.header_columns, rows=2)
        left, right = table.rows[0].cells
        for i, line in enumerate(pages.issuer):
            _text(_para(left, i == 0), line.text, sizes.header, bold=line.bold)
        if pages.issuer:
            _rule(left, 1.8)
        _text(_para(right, True), lay.motto[0], sizes.motto, bold=True)
        _text(_para(right), lay.motto[1], sizes.motto_line, bold=True)
        _rule(right, 3.0)
        left, right = table.rows[1].cells
        if pages.number:
            _text(_para(left, True), pages.number, sizes.number)
        if pages.place_date:
            _text(_para(right, True), pages.place_date, sizes.motto_line, italic=True)

    def _title(self, pages: Pages) -> None:
        size = self.lay.sizes.body
        p = self._centered(self.lay.document_kind, size, bold=True)
        p.paragraph_format.space_before = Pt(12)
        p.paragraph_format.space_after = Pt(0)
        if pages.title:
            p = self._centered(pages.title, size, bold=True)
            if self.comments.title:
                self.doc.add_comment(
                    p.runs, text="\n".join(self.comments.title), author=AUTHOR, initials="KH"
                )
        if pages.subtitle:
            self._centered(pages.subtitle, size, italic=True)
        portrait = self.lay.portrait
        width = portrait.width - portrait.margins.left - portrait.margins.right
        _rule_format(self.doc.add_paragraph(), 5.0, width)

    def _body(self, text: str, style: str = "body") -> Any:
        p = self.doc.add_paragraph()
        p.alignment = _JUSTIFY
        p.paragraph_format.first_line_indent = Cm(self.lay.first_line_indent)
        run = p.add_run(text)
        short = len(text) <= _SHORT_HEADING  # longer numbered items are plain paragraphs
        bold, italic = (
            _HEADING.get(style, (False, False))
            if short or style == "roman"
            else (
                False,
                False,
            )
        )
        run.bold, run.italic = bold, italic
        if style != "body" and short:
            p.paragraph_format.keep_with_next = True  # a heading stays with its first line
        return p

    def _centered(self, text: str, size: float, *, bold: bool = False, italic: bool = False) -> Any:
        p = self.doc.add_paragraph()
        p.alignment = _CENTER
        p.paragraph_format.space_after = Pt(0)
        _text(p, text, size, bold=bold, italic=italic)
        return p

    def _signature(self, pages: Pages) -> None:
        lay, sizes = self.lay, self.lay.sizes
        table = self._borderless(lay.signature_columns, rows=1)
        left, right = table.rows[0].cells
        p = _para(left, True)
        p.alignment = _LEFT
        _text(p, lay.recipients_label, sizes.recipients_label, bold=True, italic=True)
        for recipient in pages.recipients:
            p = _para(left)
            p.alignment = _LEFT
            _text(p, f"- {recipient}", sizes.recipients)
        first = True
        for line in [*pages.authority, *([pages.signer_title] if pages.signer_title else [])]:
            _text(_para(right, first), line, sizes.body, bold=True)
            first = False
        if pages.signer_name:
            for _ in range(4):  # room for the signature and the seal
                _para(right, first)
                first = False
            _text(_para(right), pages.signer_name, sizes.body, bold=True)

    def _appendix(self, page: AppendixPage) -> None:
        lay = self.lay
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        _page(section, lay.landscape)
        section.different_first_page_header_footer = False
        size = lay.sizes.body
        self._centered(lay.appendix_label, size, bold=True)
        if page.title:
            self._centered(page.title, size, bold=True)
        if page.subtitle:
            self._centered(page.subtitle, size, italic=True)
        self.doc.add_paragraph()
        write_table(self.doc, page, lay, self.comments.tasks)
        if page.notes:
            p = self.doc.add_paragraph()
            p.paragraph_format.space_before = Pt(6)
            _text(p, lay.notes_label, size, bold=True, italic=True)
            for note in page.notes:
                self._body(note)

    def _borderless(self, widths: tuple[float, float], rows: int) -> Any:
        table = self.doc.add_table(rows=rows, cols=2)
        table.autofit = False
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        set_widths(table, widths)
        return table


# --- helpers ---------------------------------------------------------------------------
def _page(section: Any, page: Page) -> None:
    section.page_width, section.page_height = Cm(page.width), Cm(page.height)
    m = page.margins
    section.top_margin, section.bottom_margin = Cm(m.top), Cm(m.bottom)
    section.left_margin, section.right_margin = Cm(m.left), Cm(m.right)


def _para(cell: Any, first: bool = False) -> Any:
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.alignment = _CENTER
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.first_line_indent = Cm(0)
    return p


def _text(p: Any, text: str, size: float, *, bold: bool = False, italic: bool = False) -> Any:
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    return run


def _rule(cell: Any, length: float) -> None:
    """A short centred line under a block, as the rules draw under the issuer and motto."""
    width = cell.width.cm if cell.width is not None else 6.0
    _rule_format(cell.add_paragraph(), length, width)


def _rule_format(p: Any, length: float, width: float) -> None:
    side = max((width - length) / 2, 0)
    fmt = p.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(side)
    fmt.first_line_indent = Cm(0)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)
    _border(p, ("bottom",))


def _border(p: Any, sides: tuple[str, ...]) -> None:
    edges = "".join(f'<w:{s} w:val="single" w:sz="6" w:space="1" w:color="000000"/>' for s in sides)
    p._p.get_or_add_pPr().append(parse_xml(f"<w:pBdr {nsdecls('w')}>{edges}</w:pBdr>"))
