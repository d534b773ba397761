"""Tesseract OCR with its Vietnamese model, through tesserocr (the C++ API in process).

Why tesserocr and not pytesseract or OCRmyPDF: measured on the scanned Hanoi plans
(``scripts/bench_ocr.py``) the three give the same text — they run the same engine
and model — but tesserocr loads the model once per document and recognises a page
without writing an image and starting a process: 1.1–1.2 s a page where
pytesseract takes 1.5–1.8 s (single-threaded) and OCRmyPDF adds a whole PDF rewrite.
It also gives each word's box and confidence from one call, and recognises one table
cell at a time on the page already loaded, which is how ruled tables are read.

The model is the ``vie`` traineddata of the Debian package ``tesseract-ocr-vie``
(found through ``TESSDATA_PREFIX`` or the usual ``/usr/share/tesseract-ocr`` folders).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image

LANG = "vie"
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-vie"
_TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)
MIN_SKEW = 0.1  # degrees: a page turned by less is read as it is
Word = dict[str, Any]  # text, x0, x1, top, bottom (pixels) and conf (0–100)


@cache
def tessdata() -> str | None:
    """The folder holding ``vie.traineddata``, or None when it is not installed."""
    candidates = [os.environ.get("TESSDATA_PREFIX", ""), *_TESSDATA_DIRS]
    for folder in candidates:
        if not folder:
            continue
        for where in (Path(folder), Path(folder) / "tessdata"):
            if (where / f"{LANG}.traineddata").is_file():
                return str(where)
    return None


def missing() -> str | None:
    """Why OCR cannot run here (one phrase), or None when it can."""
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return "the tesserocr package is not installed (pip install tesserocr)"
    if tessdata() is None:
        return f"Tesseract's Vietnamese model is not installed ({INSTALL})"
    return None


class Tesseract:
    """One loaded model; recognise whole pages or rectangles of the current page.

    (A page's skew is measured from its ink, :mod:`khtool.reading.ocr.skew`: Tesseract's
    layout analysis gives 0° on a page with little text, and takes four times as long.)
    """

    def __init__(self, api: Any) -> None:
        self._api = api

    def load(self, image: Image.Image) -> None:
        self._api.SetImage(image)

    def words(
        self,
        box: tuple[int, int, int, int] | None = None,
        block: bool = False,
        word: bool = False,
        allowed: str = "",
    ) -> list[Word]:
        """Words of the loaded image, or of ``box`` (x0, top, x1, bottom) in it.

        ``block`` reads the box as one block of text (a table cell) instead of letting
        Tesseract find columns and blocks itself (a page); ``word`` as a single word;
        ``allowed``: the only characters it may read (all when empty).
        """
        from tesserocr import PSM, RIL, iterate_level

        mode = PSM.SINGLE_WORD if word else PSM.SINGLE_BLOCK if block else PSM.AUTO
        self._api.SetPageSegMode(mode)
        if box is not None:
            x0, top, x1, bottom = box
            self._api.SetRectangle(x0, top, x1 - x0, bottom - top)
        self._api.SetVariable("tessedit_char_whitelist", allowed)
        try:
            self._api.Recognize()
        finally:
            if allowed:
                self._api.SetVariable("tessedit_char_whitelist", "")
        found = self._api.GetIterator()
        out: list[Word] = []
        if found is None:
            return out
        for item in iterate_level(found, RIL.WORD):
            try:
                text = item.GetUTF8Text(RIL.WORD)
            except RuntimeError:  # an empty result (a blank rectangle)
                continue
            bbox = item.BoundingBox(RIL.WORD)
            if not text or not text.strip() or bbox is None:
                continue
            x0, _, x1, _ = bbox
            band = _line_band(item, (x0 + x1) / 2)
            line_top, line_bottom = band if band is not None else (bbox[1], bbox[3])
            conf = float(item.Confidence(RIL.WORD))
            out.append(
                {
                    "text": text.strip(),
                    "x0": x0,
                    "x1": x1,
                    "top": line_top,
                    "bottom": line_bottom,
                    "conf": conf,
                }
            )
        return out


def _line_band(item: Any, x: float) -> tuple[float, float] | None:
    """Top and bottom of the word's line at ``x``: its baseline less the row height, and
    its descenders. A text layer gives every word of a line the font's height; so
    must OCR, or a dash sorts below its line and line spacing looks uneven."""
    from tesserocr import RIL

    baseline = item.Baseline(RIL.TEXTLINE)
    if not baseline:
        return None
    (bx0, by0), (bx1, by1) = baseline
    y = by0 + (by1 - by0) * (x - bx0) / (bx1 - bx0) if bx1 != bx0 else float(by0)
    row = item.RowAttributes()
    return y - float(row["row_height"]), y - float(row["descenders"])


@contextmanager
def tesseract() -> Iterator[Tesseract]:
    """The Vietnamese model, loaded once for a document (call :func:`missing` first)."""
    from tesserocr import OEM, PyTessBaseAPI

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # threads only slow small pages down
    with PyTessBaseAPI(path=tessdata(), lang=LANG, oem=OEM.LSTM_ONLY) as api:
        api.SetVariable("preserve_interword_spaces", "0")
        yield Tesseract(api)


def deskew(image: Image.Image, angle: float) -> Image.Image:
    """``image`` turned back by ``angle`` degrees (white where the corners come in)."""
    if abs(angle) < MIN_SKEW:
        return image
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
