"""A white background and no scanner dust on a page image before OCR.

A scan's paper is never quite white, and a scanner or copier leaves specks: a few
dark pixels on their own, far smaller than the smallest mark of a letter (the dot of
an ``i``, a tone mark). Tesseract thresholds each rectangle it is given on its own, so
in a blank table cell the faint grey of the paper and its specks become black and are
read as letters (``R``, ``mai``). The page is thresholded once, as a whole: a pixel
is ink when it is darker than halfway from Otsu's threshold to the paper's grey (so
the soft edges of thin tone marks stay ink), everything else becomes white, and each
blob of ink smaller than :data:`SPECK_AREA` pixels (at 200 dpi; the area grows with
the square of the resolution) is painted white too. Ink keeps its grey levels, the
edges the recogniser is trained on.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

SPECK_AREA = 5  # pixels at 200 dpi: a blob smaller than this is dust, not a mark
EDGE_SHARE = 0.5  # of the way from Otsu's threshold to the paper: a letter's soft edge
PAPER_PERCENTILE = 90  # the paper's grey level: most of a page is paper
_BASE_DPI = 200


def speck_area(dpi: int) -> int:
    """The smallest area (pixels) of a mark at ``dpi``; a smaller blob is a speck."""
    return max(round(SPECK_AREA * (dpi / _BASE_DPI) ** 2), 1)


def ink_level(grey: np.ndarray) -> float:
    """The grey level below which a pixel of the page ``grey`` is ink."""
    import cv2

    otsu, _ = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    paper = float(np.percentile(grey, PAPER_PERCENTILE))
    return float(otsu) + EDGE_SHARE * max(paper - float(otsu), 0.0)


def despeckle(image: Image.Image, dpi: int) -> Image.Image:
    """A copy of the grey ``image``: paper white, ink blobs smaller than a mark removed."""
    import cv2

    grey = np.asarray(image.convert("L"))
    ink = (grey < ink_level(grey)).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = np.zeros(count, dtype=bool)
    small[1:] = stats[1:, cv2.CC_STAT_AREA] < speck_area(dpi)
    clean = grey.copy()
    clean[(ink == 0) | small[labels]] = 255
    return Image.fromarray(clean, mode="L")
