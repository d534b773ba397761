"""OCR of one PDF page: its words, in points, as pdfplumber would give them.

The page is rendered in grey (pypdfium2) at the resolution of its scan (300 dpi when
the scan is coarser than 200 dpi or finer than 400), turned straight by the angle
Tesseract's layout analysis finds, and its ruled lines found
(:mod:`khtool.reading.ocr_grid`) unless the page draws its table as vector lines.
The text outside the tables is recognised as a page (Tesseract finds its columns
and blocks); each table cell is recognised on its own, as one block. The words come
back with pdfplumber's keys (``text x0 x1 top bottom``, in points) and ``conf``
(0–100), so the PDF reader lays them out into lines, paragraphs and cells exactly as
it does a text layer.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

import regex
from PIL import Image, ImageDraw

from khtool.reading import ocr, ocr_grid

DPI = 300
NATIVE_DPI = (200, 400)  # a scan within this range is rendered at its own resolution
CELL_INSET = 3  # pixels kept off a cell's borders
MIN_CONF = 30.0  # a word read with less confidence and no letter or digit is dust
SLIVER = 0.15  # a mark narrower than this share of its line's height is no character
_ALNUM = regex.compile(r"[\p{L}\p{N}]")
_LOOKALIKES = str.maketrans({"⁄": "/", "∕": "/"})  # Tesseract's slashes
_SPECK = regex.compile(r"[.,'`‘’´_~;:]+")  # alone, between spaces: dust, not punctuation


@dataclass
class OcrResult:
    words: list[dict[str, Any]]  # body and cell words, in points, with ``conf``
    tables: list[Any]  # pdfplumber tables: drawn lines, or the rules of the scan
    confidence: float | None  # mean word confidence (0–1), None when nothing was read


def render_dpi(page: Any) -> int:
    """The resolution to render ``page`` at: its scan's own when that is fine enough."""
    best = 0.0
    for image in page.images:
        shown = float(image["x1"] - image["x0"])
        if shown > 0.5 * float(page.width):
            best = max(best, float(image["srcsize"][0]) / shown * 72)
    low, high = NATIVE_DPI
    return round(best) if low <= best <= high else DPI


def ocr_page(page: Any, rendered: Image.Image, dpi: int, engine: ocr.Tesseract) -> OcrResult:
    """Recognise ``page`` (pdfplumber) from its rendering ``rendered`` at ``dpi``."""
    image = ocr.deskew(rendered, engine.skew(rendered))
    scale = 72 / dpi
    rules = ocr_grid.find_rules(image)
    tables = page.find_tables()
    if not tables:
        settings = ocr_grid.table_settings(rules, scale)
        tables = page.find_tables(settings) if settings else []
    clean = ocr_grid.erase(image, rules)
    cells = [_pixels(cell, dpi) for table in tables for cell in table.cells if cell is not None]
    words = _body_words(clean, [_pixels(t.bbox, dpi) for t in tables], engine)
    engine.load(clean)
    for x0, top, x1, bottom in cells:
        box = (x0 + CELL_INSET, top + CELL_INSET, x1 - CELL_INSET, bottom - CELL_INSET)
        if box[2] - box[0] > 4 and box[3] - box[1] > 4:
            found = engine.words(box, block=True)
            if not found and _inked(clean, box):  # a lone TT number: read as one word
                found = engine.words(box, block=True, word=True)
            words.extend(found)
    kept = [w for w in words if not _dust(w)]
    return OcrResult([_points(w, scale) for w in kept], tables, _confidence(kept))


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
    image: Image.Image, boxes: list[tuple[int, int, int, int]], engine: ocr.Tesseract
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
