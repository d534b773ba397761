"""PDF reader (PDFium, pdfplumber): text lines back into paragraphs and ruled tables.

* Ruled tables come from pdfplumber's table finder; the words of each page are
  split between table cells and the page body, and each cell's lines are joined
  back into paragraphs (:mod:`khtool.reading.pdf.layout`). Merged cells (a group
  row spanning the table) appear once, the columns they cover are empty.
* A table that goes on at the top of the next page with the same columns is one
  table; its header repeated on each page is marked ``Row.is_header``. A row broken
  by the page boundary (the next page starts with a row whose first cell, TT, is
  empty) is merged back into the row above, joining a paragraph cut by the break.
* Body lines: a borderless two-column block (the ``ỦY BAN NHÂN DÂN | CỘNG HÒA …``
  header, the ``Nơi nhận | TM. ỦY BAN NHÂN DÂN`` signature) is read column by
  column, one paragraph per line, even when a page break cuts it; page numbers and running headers or footers (text in the top or bottom
  tenth of the page that is a page number or repeats on several pages) are dropped.
* Each page's text layer is read by PDFium (:mod:`khtool.reading.pdf.pdfium`: the
  words, ruling lines and images pdfplumber would give, in a fraction of the time;
  pdfplumber's table finder on its edges), by pdfplumber when PDFium's text is glyph
  codes or PDFium cannot open the file, or by OCR when it is a scan or neither engine reads it
  (:mod:`khtool.reading.pdf.fallback`, ``limits.ocr``); the document records which
  pages OCR read and with what confidence. A PDF with no text and nothing to OCR, a
  PDF locked with a password, a broken file or more than ``limits.max_pages`` pages
  get one clear error each.

Provenance: ``page`` is the 1-based page number, ``line`` the line on that page.
"""

from __future__ import annotations

import io
import logging
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import regex
from pypdfium2 import PdfiumError

from khtool.errors import InputError, KhtoolError, LimitExceededError
from khtool.limits import Limits
from khtool.reading.blocks import Block, Document, Paragraph, Provenance, Table
from khtool.reading.pdf.cycles import check_references
from khtool.reading.pdf.errors import from_pdf_library as _from_pdf_library
from khtool.reading.pdf.errors import open_error as _open_error
from khtool.reading.pdf.fallback import (
    PageChoice,
    Pdfium,
    check_ocr,
    choose,
    ocr_warnings,
    page_list,
    run_ocr,
)
from khtool.reading.pdf.layout import Line, assemble, group_lines, split_columns
from khtool.reading.pdf.pdfium import FastPage, open_document, turned_warnings
from khtool.reading.pdf.tables import (
    PageTable,
    cell_at,
    cell_lines,
    continue_table,
    outermost,
    page_table,
    same_columns,
    table_block,
)

# pdfminer logs every oddity of a damaged file (to stderr when logging is not set up);
# khtool reports a broken PDF itself, in one line
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

MARGIN_BAND = 0.1  # top and bottom tenth of a page: where running headers and footers sit
_PAGE_NUMBER = regex.compile(
    r"^(?:-\s*)?\d{1,4}(?:\s*-)?$|^(?:Trang|Page)\s*\d{1,4}(?:\s*(?:/|of|trên)\s*\d{1,4})?$"
    r"|^\d{1,4}\s*/\s*\d{1,4}$",
    regex.IGNORECASE,
)
_DIGITS = regex.compile(r"\d+")
NO_TEXT = "no text layer (scanned?) — OCR is not supported"  # and no image to OCR either
NO_TEXT_OFF = "no text layer (scanned?) and OCR is off (--ocr never)"
NO_OCR_TEXT = "no text: OCR of {pages} recognised nothing"


@dataclass
class _Page:
    number: int
    width: float
    height: float
    body: list[list[Line]]  # rows of body text, each split into column segments
    tables: list[PageTable]
    scanned: bool = False  # read by OCR


@dataclass(slots=True)
class PdfDocument(Document):
    """A PDF's blocks, and which pages OCR read with what confidence (0–1)."""

    ocr_pages: list[int] = field(default_factory=list)
    ocr_confidence: dict[int, float] = field(default_factory=dict)


def read(path: Path, data: bytes, limits: Limits) -> PdfDocument:
    fast = _open_pdfium(data)
    try:
        if fast is None:  # PDFium cannot open it: pdfplumber reads it or names the problem
            pages, choices, warnings, engines = _read_with_pdfplumber(path, data, limits)
        else:
            pages, choices, warnings, engines = _read_with_pdfium(fast, path, data, limits)
    except KhtoolError:
        raise
    except Exception as exc:  # broken objects fail only when pages are laid out or closed
        if _from_pdf_library(exc):
            raise InputError(f"not a valid PDF ({type(exc).__name__})", path) from None
        raise
    done = [c for c in choices if c.engine == "ocr"]
    if not any(p.body or p.tables for p in pages):
        if done:
            raise InputError(NO_OCR_TEXT.format(pages=page_list([c.number for c in done])), path)
        raise InputError(NO_TEXT if limits.ocr != "never" else NO_TEXT_OFF, path)
    warnings += [
        f"page {p.number} has no text (a scanned page?); it was skipped"
        for p in pages
        if not p.body and not p.tables
    ]
    _drop_running_lines(pages)
    blocks = _blocks(pages)
    if done:
        from khtool.reading.ocr.pdf_pages import repair_numerals

        repair_numerals(blocks, {c.number for c in done})
    return PdfDocument(
        blocks,
        "pdf",
        len(pages),
        warnings + ocr_warnings(choices, engines),
        [c.number for c in done],
        {c.number: c.confidence for c in done if c.confidence is not None},
    )


def _open_pdfium(data: bytes) -> Any:
    try:
        return open_document(data)
    except Exception:  # PdfiumError (broken, encrypted, …): pdfplumber says which
        return None


def _check_pages(count: int, path: Path, limits: Limits) -> None:
    if count > limits.max_pages:
        raise LimitExceededError(
            f"the PDF has {count} pages, over the {limits.max_pages}-page limit "
            "(raise it with --max-pages)",
            path,
        )


_Read = tuple[list["_Page"], list[PageChoice], list[str], tuple[str, str]]


def _read_with_pdfium(doc: Any, path: Path, data: bytes, limits: Limits) -> _Read:
    """Text pages by PDFium; pdfplumber only for a page PDFium's text fails or OCR."""
    count = len(doc)
    with doc, _Pdfplumber(data, path, count) as plumber:
        _check_pages(count, path, limits)
        fast = [_fast_page(doc, n, path) for n in range(count)]
        choices = [
            choose(page, n, limits.ocr, partial(plumber.words, n))
            for n, page in enumerate(fast, start=1)
        ]
        warnings = check_ocr(choices, limits.ocr, path) + turned_warnings(fast)
        if any(c.engine == "ocr" for c in choices):
            ocr_pages = [
                plumber.page(c.number) if c.engine == "ocr" else page
                for page, c in zip(fast, choices, strict=True)
            ]
            with Pdfium(data) as pdfium:
                _check_render_sizes(ocr_pages, choices, pdfium, path)
                run_ocr(ocr_pages, choices, pdfium)
        pages = []
        for page, c in zip(fast, choices, strict=True):
            ocr_done = c.engine == "ocr"
            pages.append(_read_page(plumber.page(c.number) if ocr_done else page, c))
            if ocr_done:
                page.close()
        return pages, choices, warnings, ("PDFium", "pdfplumber")


def _fast_page(doc: Any, index: int, path: Path) -> FastPage:
    try:
        return FastPage(doc[index])
    except PdfiumError:  # a page object PDFium cannot load (a /Pages tree in a loop, …)
        raise InputError(f"not a valid PDF (page {index + 1} cannot be loaded)", path) from None


def _read_with_pdfplumber(path: Path, data: bytes, limits: Limits) -> _Read:
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    check_references(data, path)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        raise InputError(_open_error(exc), path) from None
    except Exception as exc:  # pdfminer raises bare parser errors on some broken files
        if _from_pdf_library(exc):
            raise InputError(f"not a valid PDF ({type(exc).__name__})", path) from None
        raise
    with pdf:
        _check_pages(len(pdf.pages), path, limits)
        with Pdfium(data) as pdfium:
            choices = [
                choose(page, n, limits.ocr, partial(pdfium.words, n))
                for n, page in enumerate(pdf.pages, start=1)
            ]
            warnings = check_ocr(choices, limits.ocr, path)
            _check_render_sizes(pdf.pages, choices, pdfium, path)
            run_ocr(pdf.pages, choices, pdfium)
        pages = [_read_page(page, c) for page, c in zip(pdf.pages, choices, strict=True)]
        return pages, choices, warnings, ("pdfplumber", "PDFium")


def _check_render_sizes(
    pages: list[Any], choices: list[PageChoice], pdfium: Pdfium, path: Path
) -> None:
    """Refuse, before anything is rendered, a page to OCR that is too large to render
    (a MediaBox metres wide): sized as PDFium renders it, at the resolution OCR uses."""
    from khtool.reading.ocr.pdf_pages import render_dpi, too_large

    for choice in choices:
        if choice.engine != "ocr":
            continue
        try:
            width, height = pdfium.page(choice.number).get_size()
        except PdfiumError:  # pdfplumber reads the file, PDFium cannot render it
            raise InputError(
                f"not a valid PDF (page {choice.number} needs OCR, but the file is too "
                "damaged to render)",
                path,
            ) from None
        problem = too_large(width, height, render_dpi(pages[choice.number - 1]))
        if problem is not None:
            raise InputError(f"page {choice.number} {problem}", path)


class _Pdfplumber:
    """The same file through pdfplumber, opened only when a page needs it; ``count``:
    the pages PDFium finds."""

    def __init__(self, data: bytes, path: Path, count: int) -> None:
        self._data = data
        self._path = path
        self._count = count
        self._pdf: Any = None
        self._failed = False

    def _pages(self) -> list[Any]:
        if self._pdf is None:
            import pdfplumber

            check_references(self._data, self._path)
            self._pdf = pdfplumber.open(io.BytesIO(self._data))
        pages: list[Any] = self._pdf.pages
        return pages

    def page(self, number: int) -> Any:
        pages = self._pages()
        if number > len(pages):  # a page tree the two engines read differently
            raise InputError(
                f"not a valid PDF (its page tree is broken: PDFium finds {self._count} "
                f"page{'s' if self._count != 1 else ''}, pdfplumber {len(pages)})",
                self._path,
            )
        return pages[number - 1]

    def words(self, number: int) -> list[dict[str, Any]]:
        """The page's words by pdfplumber, none when pdfminer cannot read the file or
        does not find the page."""
        if self._failed:
            return []
        try:
            pages = self._pages()
            return list(pages[number - 1].extract_words()) if number <= len(pages) else []
        except Exception as exc:
            if not _from_pdf_library(exc):
                raise
            self._failed = True
            return []

    def __enter__(self) -> _Pdfplumber:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pdf is not None:
            self._pdf.close()


def _read_page(page: Any, choice: PageChoice) -> _Page:
    number = choice.number
    words = choice.words if choice.engine != "blank" else []
    found = choice.tables if choice.tables is not None else page.find_tables()
    if choice.engine == "blank":
        found = []
    tables = []
    for item in outermost(list(found)):
        table = page_table(item, number)
        if table is not None:
            tables.append(table)
    body_words = []
    for word in words:
        cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
        cell = cell_at(tables, cx, cy)
        if cell is None:
            body_words.append(word)
        else:
            cell.append(word)
    for table in tables:
        cell_lines(table)
    body = [
        [Line(piece, number) for piece in split_columns(row)] for row in group_lines(body_words)
    ]
    page.close()
    scanned = choice.engine == "ocr"
    return _Page(number, float(page.width), float(page.height), body, tables, scanned)


def _drop_running_lines(pages: list[_Page]) -> None:
    """Remove page numbers and running headers/footers from the page bodies."""

    def in_band(page: _Page, row: list[Line]) -> bool:
        band = MARGIN_BAND * page.height
        return row[0].bottom < band or row[0].top > page.height - band

    def key(row: list[Line]) -> str:
        return _DIGITS.sub("#", " ".join(line.text for line in row))

    seen = Counter(key(row) for p in pages for row in p.body if in_band(p, row))
    repeated = max(2, len(pages) // 3)
    for page in pages:
        page.body = [
            row
            for row in page.body
            if not in_band(page, row)
            or not (
                _PAGE_NUMBER.match(" ".join(line.text for line in row).strip())
                or seen[key(row)] >= repeated
            )
        ]


def _blocks(pages: list[_Page]) -> list[Block]:
    """Paragraphs and tables of all pages in reading order."""
    _number_lines(pages)
    bounds = _body_bounds(pages)
    sizes = {page.number: (page.width, page.height) for page in pages}
    blocks: list[Block] = []
    pending: list[list[Line]] = []  # body rows waiting to become paragraphs
    last_table: tuple[Table, PageTable] | None = None
    for page in pages:
        left, right = bounds[round(page.width)]
        for row in page.body:
            for line in row:
                line.left, line.right = left, right
        items: list[tuple[float, object]] = [(row[0].top, row) for row in page.body]
        items += [(table.top, table) for table in page.tables]
        for _top, item in sorted(items, key=lambda it: it[0]):
            if isinstance(item, PageTable):
                blocks.extend(_paragraphs(pending, sizes))
                pending = []
                if (
                    last_table is not None
                    and blocks
                    and blocks[-1] is last_table[0]
                    and same_columns(last_table[1], item)
                ):
                    continue_table(last_table[0], last_table[1], item)
                    last_table = (last_table[0], item)
                    continue
                table = table_block(item)
                blocks.append(table)
                last_table = (table, item)
            else:
                pending.append(item)  # type: ignore[arg-type]
                last_table = None
    blocks.extend(_paragraphs(pending, sizes))
    return blocks


def _number_lines(pages: list[_Page]) -> None:
    for page in pages:
        lines = [line for row in page.body for line in row]
        lines += [
            line
            for t in page.tables
            for r in t.rows
            for c in r
            if c is not None
            for line in c.lines
        ]
        tops = sorted({round(line.top) for line in lines})
        for line in lines:
            line.number = bisect_right(tops, round(line.top))


def _body_bounds(pages: list[_Page]) -> dict[int, tuple[float, float]]:
    """Left and right edges of the body text, per page width (portrait, landscape)."""
    bounds: dict[int, tuple[float, float]] = {}
    for page in pages:
        lines = [line for row in page.body for line in row if len(row) == 1]
        if page.scanned:  # a speck of dust is no margin
            lines = [line for line in lines if len(line.words) >= 3]
        if not lines:
            continue
        key = round(page.width)
        left, right = bounds.get(key, (page.width, 0.0))
        bounds[key] = (
            min(left, *(line.x0 for line in lines)),
            max(right, *(line.x1 for line in lines)),
        )
    for page in pages:
        bounds.setdefault(round(page.width), (0.0, page.width))
    return bounds


def _paragraphs(rows: list[list[Line]], sizes: dict[int, tuple[float, float]]) -> list[Paragraph]:
    """Body rows into paragraphs; a borderless two-column block is read column by column."""
    out: list[Paragraph] = []
    stream: list[Line] = []
    i = 0
    while i < len(rows):
        region, end = _two_columns(rows, i, sizes)
        if region is None:
            stream.extend(rows[i])
            i += 1
            continue
        out.extend(_emit(stream))
        stream = []
        # header and signature blocks: short lines, each its own paragraph (a wrapped
        # recipient reads on as in the plain text, where it is a line of its own too)
        for column in region:
            out.extend(Paragraph(line.text, Provenance(line.page, line.number)) for line in column)
        i = end
    out.extend(_emit(stream))
    return out


def _emit(lines: list[Line]) -> list[Paragraph]:
    return [
        Paragraph(text, Provenance(first.page, first.number)) for text, first in assemble(lines)
    ]


def _two_columns(
    rows: list[list[Line]], start: int, pages: dict[int, tuple[float, float]]
) -> tuple[list[list[Line]] | None, int]:
    """A run of rows from ``start`` laid out as two columns, as (left, right) and its end.

    The run starts at a row split by a wide gap; it goes on while each row keeps to
    one side of the free corridor between the columns (or is split across it), and
    over a page break when the next page starts with a row split the same way.
    """
    first = rows[start]
    if len(first) != 2:
        return None, start
    lo, hi = first[0].x1, first[1].x0  # the free corridor between the columns
    left_edge, right_edge = first[0].left, first[1].right
    left: list[Line] = [first[0]]
    right: list[Line] = [first[1]]
    end = start + 1
    prev = first
    while end < len(rows):
        row = rows[end]
        if len(row) > 2:
            break
        if row[0].page != prev[0].page:
            near_bottom = prev[0].bottom > (1 - 2 * MARGIN_BAND) * pages[prev[0].page][1]
            same_size = pages[prev[0].page] == pages[row[0].page]
            if not (near_bottom and same_size and len(row) == 2):
                break
            if not (row[0].x1 < hi and row[1].x0 > lo):
                break
        elif row[0].top - prev[0].bottom > 2.5 * prev[0].height:
            break
        sides: list[tuple[Line, bool]] = []
        for line in row:
            if line.x1 < hi and (line.x0 <= lo or (len(row) == 2 and line is row[0])):
                sides.append((line, True))
            elif line.x0 > lo:
                sides.append((line, False))
            else:
                break
        if len(sides) != len(row):
            break
        for line, is_left in sides:
            if is_left:
                left.append(line)
                lo = max(lo, line.x1)
            else:
                right.append(line)
                hi = min(hi, line.x0)
        prev = row
        end += 1
    split = (lo + hi) / 2
    for line in left:
        line.left, line.right = left_edge, split
    for line in right:
        line.left, line.right = split, right_edge
    return [left, right], end
