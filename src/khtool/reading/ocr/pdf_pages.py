"""OCR of one PDF page: its words, in points, as pdfplumber would give them.

The page is rendered in grey (pypdfium2) at the resolution of its scan (300 dpi when
the scan is coarser than 200 dpi or finer than 400), lowered for a page larger than
A2 so the rendering stays within :data:`MAX_PIXELS` (a page that would need less than
:data:`MIN_DPI` is refused: it is no sheet of paper); its paper is made white and its
dust removed (:mod:`khtool.reading.ocr.clean`), it is turned straight by the angle
measured from its ink (:mod:`khtool.reading.ocr.skew`), and its ruled lines are
found (:mod:`khtool.reading.ocr.grid`) unless the page draws its table as vector
lines; the column rules of a table carried over pages are kept the same on each.
The text outside the tables is recognised as a page (Tesseract finds its columns
and blocks); each table cell is recognised on its own, as one block, and a TT cell
that does not read as a number or numeral is read again with only those characters
allowed. The vocabulary corrects what it can (:mod:`khtool.reading.ocr.fix`). The
words come back with pdfplumber's keys (``text x0 x1 top bottom``, in points) and
``conf`` (0–100), so the PDF reader lays them out into lines, paragraphs and cells
exactly as it does a text layer.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Any

import regex
from PIL import Image, ImageDraw

from khtool import vocab
from khtool.reading.ocr import clean, fix, grid, skew, tesseract

DPI = 300
NATIVE_DPI = (200, 400)  # a scan within this range is rendered at its own resolution
MAX_PIXELS = 36_000_000  # a page rendered for OCR: A2 paper at 300 dpi, A0 at 150
MIN_DPI = 150  # a page that fits MAX_PIXELS only coarser than this is too large to OCR
CELL_INSET = 3  # pixels kept off a cell's borders
MIN_CONF = 30.0  # a word read with less confidence and no letter or digit is dust
SLIVER = 0.15  # a mark narrower than this share of its line's height is no character
TT_CHARACTERS = "0123456789IVXLC.)"  # what a TT cell holds: 1, 2.1, 3), IV
_NUMBER = regex.compile(r"\d{1,3}(?:\.\d{1,3})*[a-zđ]?[.)]?|[IVXLC]{1,6}\.?")
_ALNUM = regex.compile(r"[\p{L}\p{N}]")
_LOOKALIKES = str.maketrans({"⁄": "/", "∕": "/"})  # Tesseract's slashes
_SPECK = regex.compile(r"[.,'`‘’´_~;:]+")  # alone, between spaces: dust, not punctuation


@dataclass
class OcrResult:
    words: list[dict[str, Any]]  # body and cell words, in points, with ``conf``
    tables: list[Any]  # pdfplumber tables: drawn lines, or the rules of the scan
    confidence: float | None  # mean word confidence (0–1), None when nothing was read


def render_dpi(page: Any) -> int:
    """The resolution to render ``page`` at: its scan's own when that is fine enough,
    lowered so the rendering stays within :data:`MAX_PIXELS`.

    A damaged file's sizes (a MediaBox or an image size that is a keyword, not a
    number) are not trusted: such an image tells nothing of the scan's resolution.
    """
    width, height = _number(page.width), _number(page.height)
    best = 0.0
    for image in page.images:
        x0, x1 = _number(image.get("x0")), _number(image.get("x1"))
        source = image.get("srcsize")
        pixels = _number(source[0]) if isinstance(source, list | tuple) and source else None
        if x0 is None or x1 is None or pixels is None or width is None:
            continue
        shown = x1 - x0
        if shown > 0.5 * width:
            best = max(best, pixels / shown * 72)
    low, high = NATIVE_DPI
    dpi = round(best) if low <= best <= high else DPI
    if width is None or height is None:
        return dpi
    return min(dpi, fitting_dpi(width, height))


def fitting_dpi(width: float, height: float) -> int:
    """The highest resolution at which a page of ``width`` × ``height`` points renders
    to at most :data:`MAX_PIXELS` (:data:`DPI` for an empty or inverted box)."""
    area = abs(width * height)
    if area == 0:
        return DPI
    if not math.isfinite(area):
        return 1
    return max(1, math.floor(72 * math.sqrt(MAX_PIXELS / area)))


def too_large(width: float, height: float, dpi: int) -> str | None:
    """Why a page of ``width`` × ``height`` points cannot be rendered at ``dpi`` for OCR
    (it would be coarser than :data:`MIN_DPI` or over :data:`MAX_PIXELS`), or None."""
    pixels = abs(width * height) * (dpi / 72) ** 2
    if dpi >= MIN_DPI and pixels <= MAX_PIXELS:  # False for a NaN size
        return None
    return (
        f"is {_cm(width)} × {_cm(height)} cm, too large to OCR (at most "
        f"{MAX_PIXELS / 1e6:.0f} million pixels: A0 paper at {MIN_DPI} dpi)"
    )


def _cm(points: float) -> str:
    return f"{abs(points) / 72 * 2.54:,.0f}" if math.isfinite(points) else "?"


def _number(value: object) -> float | None:
    """``value`` as a finite float, or None when a damaged file gives something else."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def ocr_page(
    page: Any,
    rendered: Image.Image,
    dpi: int,
    engine: tesseract.Tesseract,
    columns: grid.Columns | None = None,
) -> OcrResult:
    """Recognise ``page`` (pdfplumber) from its rendering ``rendered`` at ``dpi``;
    ``columns``: the column rules of the document's pages OCR'd before it."""
    image = clean.despeckle(rendered, dpi)
    image = tesseract.deskew(image, skew.skew(image))
    scale = 72 / dpi
    rules = grid.find_rules(image)
    tables = page.find_tables()
    if not tables:
        if columns is not None:
            rules = columns.snap(rules, scale)
        settings = grid.table_settings(rules, scale)
        tables = page.find_tables(settings) if settings else []
    erased = grid.erase(image, rules)
    words = _body_words(erased, [_pixels(t.bbox, dpi) for t in tables], engine)
    fix.correct(words)
    engine.load(erased)
    for table in tables:
        words.extend(_table_words(table, erased, dpi, engine))
    kept = [w for w in words if not _dust(w)]
    return OcrResult([_points(w, scale) for w in kept], tables, _confidence(kept))


def _table_words(
    table: Any, erased: Image.Image, dpi: int, engine: tesseract.Tesseract
) -> list[dict[str, Any]]:
    """The words of each cell of ``table``, each cell recognised as one block.

    The cells of a TT column (its header one of the vocabulary's TT names) hold a
    number or a roman numeral: one that does not read as either is read again with
    only the characters of those, as is a lone mark (a bold ``I`` read as a bar).
    """
    out: list[dict[str, Any]] = []
    tt_column: int | None = None
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if cell is None:
                continue
            x0, top, x1, bottom = _pixels(cell, dpi)
            box = (x0 + CELL_INSET, top + CELL_INSET, x1 - CELL_INSET, bottom - CELL_INSET)
            if box[2] - box[0] <= 4 or box[3] - box[1] <= 4:
                continue
            found = engine.words(box, block=True)
            text = " ".join(w["text"] for w in found)
            if r == 0 and vocab.column_names().get(vocab.fold(text)) == "tt":
                tt_column = c
            elif c == tt_column and not _NUMBER.fullmatch(text) and _inked(erased, box):
                found = _tt_words(box, engine) or found
            if not found and _inked(erased, box):  # a lone number: read as one word
                found = engine.words(box, block=True, word=True)
            fix.correct(found)
            out.extend(found)
    return out


def _tt_words(box: tuple[int, int, int, int], engine: tesseract.Tesseract) -> list[dict[str, Any]]:
    """A TT cell read with only numerals allowed, as a block and then as one word (a
    lone bold ``I`` or ``III`` is read by one of the two): the first that reads as a
    number or numeral, or nothing."""
    for word in (False, True):
        found = engine.words(box, block=True, word=word, allowed=TT_CHARACTERS)
        if _NUMBER.fullmatch(" ".join(w["text"] for w in found)):
            return found
    return []


def _inked(image: Image.Image, box: tuple[int, int, int, int]) -> bool:
    dark = image.crop(box).point(lambda v: 255 if v < 128 else 0).getbbox()
    return dark is not None


def _dust(word: dict[str, Any]) -> bool:
    """A speck read as a word: no letter or digit, and faint, a sliver or a lone dot."""
    if _ALNUM.search(word["text"]):
        return False
    sliver = word["x1"] - word["x0"] < SLIVER * (word["bottom"] - word["top"])
    return word["conf"] < MIN_CONF or sliver or _SPECK.fullmatch(word["text"]) is not None


def _body_words(
    image: Image.Image, boxes: list[tuple[int, int, int, int]], engine: tesseract.Tesseract
) -> list[dict[str, Any]]:
    if boxes:
        image = image.copy()
        draw = ImageDraw.Draw(image)
        for box in boxes:
            draw.rectangle(box, fill=255)
    engine.load(image)
    return engine.words()


def _pixels(box: tuple[float, float, float, float], dpi: int) -> tuple[int, int, int, int]:
    x0, top, x1, bottom = (round(v * dpi / 72) for v in box)
    return x0, top, x1, bottom


def _points(word: dict[str, Any], scale: float) -> dict[str, Any]:
    return {
        "text": unicodedata.normalize("NFC", word["text"].translate(_LOOKALIKES)),
        "x0": word["x0"] * scale,
        "x1": word["x1"] * scale,
        "top": word["top"] * scale,
        "bottom": word["bottom"] * scale,
        "conf": word["conf"],
    }


def _confidence(words: list[dict[str, Any]]) -> float | None:
    weight = sum(len(w["text"]) for w in words)
    if not weight:
        return None
    return round(sum(w["conf"] * len(w["text"]) for w in words) / weight / 100, 3)


# -- roman numerals ---------------------------------------------------------------------

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
# what Tesseract makes of a bold I, II, III at the start of a heading: "L" (I.), "H"
# (II), "IL", "1", "|" … — only read as a numeral where one is due
_ROMANISH = regex.compile(r"^([IVXLHl1|!]{1,5})([.,:]?)(?=\s|$|(?<=[.,:])\p{Lu})")
_ONE = {"|", "l", "]", "[", "!"}
_LIST_COMMA = regex.compile(r"^(\d{1,2}(?:\.\d{1,2})*)[,]\s+(?=\p{Lu})")  # "5, Sở" is "5. Sở"
_HEADING = regex.compile(r"^[^\p{Ll}]*\p{Lu}{2}[^\p{Ll}]*$")


def repair_numerals(blocks: list[Any], ocr_pages: set[int]) -> None:
    """Give OCR'd section headings and group rows the roman numeral due in sequence.

    A heading (``I. MỤC TIÊU``) or a task-table group row (``II | Phát triển …``)
    whose number OCR misread keeps the numbering of the document: the numeral after
    the last one seen. Text-layer pages are not changed; they only move the count.
    """
    from khtool.reading.blocks import Paragraph

    headings = [0]
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.where.page in ocr_pages:
                block.text = _LIST_COMMA.sub(r"\1. ", block.text)
            m = _ROMANISH.match(block.text)
            if m and _HEADING.match(block.text[m.end() :].strip()):
                numeral = _due(m.group(1), headings, block.where.page in ocr_pages)
                block.text = f"{numeral}. {block.text[m.end() :].lstrip()}"
            continue
        groups = [0]  # each table numbers its groups from I
        for row in block.rows:
            cells = row.cells
            if len(cells) < 3 or len(cells[0]) != 1 or not cells[1]:
                continue
            if any(cells[2:]):  # a task row: its TT "1" may have come out as "|"
                if row.where.page in ocr_pages and cells[0][0] in _ONE:
                    cells[0] = ["1"]
                continue  # a group row has a numeral, a title and nothing else
            m = _ROMANISH.match(cells[0][0])
            if m and m.end() == len(cells[0][0]):
                numeral = _due(m.group(1), groups, row.where.page in ocr_pages)
                cells[0] = [f"{numeral}{m.group(2)}"]


def _due(token: str, count: list[int], ocr: bool) -> str:
    """``token``, or on an OCR'd page the numeral due after ``count`` when it is not."""
    due = count[0] + 1
    if token in ROMAN and (not ocr or ROMAN.index(token) + 1 == due):
        count[0] = ROMAN.index(token) + 1
        return token
    if not ocr or due > len(ROMAN):
        return token
    count[0] = due
    return ROMAN[due - 1]


def record_ocr(doc: Any, plan: Any) -> None:
    """Copy which pages OCR read, and how confidently, from a PDF document to its Plan:
    ``source.ocr_pages``, ``source.ocr_confidence`` and each task's
    ``source.confidence`` (the confidence of the page its row starts on)."""
    pages: list[int] = list(getattr(doc, "ocr_pages", []))
    if not pages:
        return
    confidence: dict[int, float] = dict(getattr(doc, "ocr_confidence", {}))
    plan.source.ocr_pages = pages
    plan.source.ocr_confidence = {str(n): c for n, c in sorted(confidence.items())}
    tasks = [t for g in (plan.appendix.groups if plan.appendix else []) for t in g.tasks]
    for task in [*tasks, *plan.body_tasks]:
        if task.source.page in confidence:
            task.source.confidence = confidence[task.source.page]
