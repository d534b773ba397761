"""Which engine reads each PDF page: its text layer, PDFium, or OCR (``--ocr``).

Page by page, so a file whose first pages are scanned and the rest typed is read
whole:

1. the text layer as the first engine reads it (PDFium,
   :mod:`khtool.reading.pdf.pdfium`; pdfplumber when PDFium cannot open the file),
   when it reads as text (:func:`khtool.reading.pdf.engines.unusable`);
2. the other engine's words, when the first one's are glyph codes and these are not;
3. OCR (:mod:`khtool.reading.ocr.pdf_pages`) for a page with no usable text: a scan (an
   image over most of the page, at most a few words of text such as a digital
   signature stamp), or a text layer neither engine reads.

``--ocr always`` OCRs every page, ``--ocr never`` none (a page left without text is
skipped with a warning, as a blank page is). OCR is needed only where a page needs
it, so a typed PDF is read as fast as without this module. When pages need OCR and
Tesseract's Vietnamese model is missing, one error names the pages and the install
command.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from khtool.errors import InputError
from khtool.reading.ocr import tesseract as ocr
from khtool.reading.pdf.engines import pdfium_words, unusable

OCR_MODES = ("auto", "always", "never")
SCAN_COVER = 0.5  # an image over this share of the page makes it a scan …
SCAN_WORDS = 40  # … when the page has fewer words of text than this
PROGRESS_PAGES = 2  # show a progress bar on a terminal from this many OCR'd pages


@dataclass
class PageChoice:
    number: int
    words: list[dict[str, Any]] = field(default_factory=list)
    engine: str = "text"  # text, other (the second engine), ocr, blank
    reason: str | None = None  # why the text layer was not used
    tables: list[Any] | None = None  # tables found by OCR (None: find them in the layer)
    confidence: float | None = None


def choose(
    page: Any, number: int, mode: str, other_words: Callable[[], list[dict[str, Any]]]
) -> PageChoice:
    """The words of ``page`` from its text layer or the other engine's (``other_words``),
    or a note that it needs OCR."""
    if mode == "always":
        return PageChoice(number, engine="ocr", reason="--ocr always")
    words = page.extract_words()
    if not words:
        if page.images:
            return PageChoice(number, engine="ocr", reason="no text layer")
        return PageChoice(number, engine="blank")
    if len(words) < SCAN_WORDS and _scanned(page):
        return PageChoice(number, engine="ocr", reason="a scanned page")
    reason = unusable(words)
    if reason is None:
        return PageChoice(number, words)
    other = other_words()
    if other and unusable(other) is None:
        return PageChoice(number, other, engine="other", reason=reason)
    return PageChoice(number, engine="ocr", reason=f"its text layer has {reason}")


def _scanned(page: Any) -> bool:
    area = float(page.width) * float(page.height)
    return any(
        (img["x1"] - img["x0"]) * (img["bottom"] - img["top"]) > SCAN_COVER * area
        for img in page.images
    )


def check_ocr(choices: list[PageChoice], mode: str, path: Any) -> list[str]:
    """Refuse or downgrade the pages that need OCR; the warnings to report."""
    wanted = [c for c in choices if c.engine == "ocr"]
    if not wanted:
        return []
    pages = page_list([c.number for c in wanted])
    if mode == "never":  # each is then skipped with the warning of a page without text
        for choice in wanted:
            choice.engine = "blank"
        return []
    why = ocr.missing()
    if why is not None:
        raise InputError(f"{pages} need OCR ({wanted[0].reason}), but {why}", path)
    return []


def page_list(numbers: list[int]) -> str:
    """``page 3`` or ``pages 1–4, 7``."""
    spans: list[list[int]] = []
    for n in sorted(numbers):
        if spans and n == spans[-1][-1] + 1:
            spans[-1].append(n)
        else:
            spans.append([n])
    text = ", ".join(f"{s[0]}–{s[-1]}" if len(s) > 2 else ", ".join(map(str, s)) for s in spans)
    return f"page{'s' if len(numbers) > 1 else ''} {text}"


def progress(numbers: list[int]) -> Iterator[int]:
    """``numbers`` back, with a progress bar on stderr when it is a terminal."""
    if len(numbers) < PROGRESS_PAGES or not sys.stderr.isatty():
        yield from numbers
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(numbers, description="OCR", console=Console(stderr=True), transient=True)


class Pdfium:
    """The same file opened with PDFium, only when a page needs it."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._doc: Any = None

    def page(self, number: int) -> Any:
        if self._doc is None:
            import pypdfium2

            self._doc = pypdfium2.PdfDocument(self._data)
        return self._doc[number - 1]

    def words(self, number: int) -> list[dict[str, Any]]:
        return pdfium_words(self.page(number))

    def __enter__(self) -> Pdfium:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._doc is not None:
            self._doc.close()


def run_ocr(pages: list[Any], choices: list[PageChoice], pdfium: Pdfium) -> None:
    """OCR the pages chosen for it, one model load for the file."""
    todo = [c for c in choices if c.engine == "ocr"]
    if not todo:
        return
    from khtool.reading.ocr.grid import Columns
    from khtool.reading.ocr.pdf_pages import ocr_page, render_dpi

    columns = Columns()  # a table's column rules, the same on each page it runs over
    with ocr.tesseract() as engine:
        for n in progress([c.number for c in todo]):
            page, choice = pages[n - 1], choices[n - 1]
            dpi = render_dpi(page)
            rendered = pdfium.page(n).render(scale=dpi / 72, grayscale=True).to_pil()
            result = ocr_page(page, rendered.convert("L"), dpi, engine, columns)
            choice.words, choice.tables = result.words, result.tables
            choice.confidence = result.confidence


def ocr_warnings(choices: list[PageChoice], engines: tuple[str, str]) -> list[str]:
    """The warnings of OCR'd pages and of pages read by the second engine
    (``engines``: the first engine's name, the second's)."""
    done = [c for c in choices if c.engine == "ocr"]
    out: list[str] = []
    if done:
        scores = ", ".join(
            f"{c.number}: {c.confidence:.2f}" for c in done if c.confidence is not None
        )
        out.append(
            f"{page_list([c.number for c in done])} read by OCR (Tesseract, {ocr.LANG}); "
            f"confidence {scores or 'none: no text recognised'}"
        )
    fallback = [c for c in choices if c.engine == "other"]
    if fallback:
        out.append(
            f"{page_list([c.number for c in fallback])} read by {engines[1]}: "
            f"{engines[0]}'s text layer has {fallback[0].reason}"
        )
    return out
