"""How far a scanned page is turned, measured from its ink (projection profile).

A sheet never lies quite straight on the glass. When the page is turned back by the
right angle its text lines and ruled lines run level, so the ink summed along each
pixel row goes from dense (a line of text, a rule) to empty (the space between
lines) as sharply as it can: the sum of the squared differences between adjacent
rows is highest. The angle is searched on a half-size copy of the page, in coarse
steps over :data:`MAX_ANGLE` and then in fine steps around the best; a page too
large for that is measured on a smaller copy (:data:`MAX_MEASURED`), so the work is
bounded whatever the page's size. Unlike a layout
analysis this needs no paragraph of text: a page holding one short table row and
a note is measured as well as a full one.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image

MAX_ANGLE = 3.0  # degrees either way: a sheet turned further is not a scan to straighten
COARSE = 0.25  # degrees between the angles tried first
FINE = 0.05  # … and around the best of them
SHRINK = 2  # the page is measured at 1/SHRINK of its size …
MAX_MEASURED = 9_000_000  # … or smaller, so the copy measured has at most these pixels


def _score(ink: np.ndarray, angle: float) -> float:
    import cv2

    height, width = ink.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    turned = cv2.warpAffine(ink, turn, (width, height), flags=cv2.INTER_NEAREST)
    rows = turned.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def skew(image: Image.Image) -> float:
    """The angle (degrees, counter-clockwise) to turn ``image`` by to make it level."""
    import cv2

    grey = np.asarray(image.convert("L"))
    height, width = grey.shape
    shrink = max(SHRINK, math.ceil(math.sqrt(height * width / MAX_MEASURED)))
    if height // shrink == 0 or width // shrink == 0:
        return 0.0  # a sliver of a page: no lines to level
    small = cv2.resize(grey, (width // shrink, height // shrink), interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if not ink.any():
        return 0.0
    steps = round(MAX_ANGLE / COARSE)
    coarse = [i * COARSE for i in range(-steps, steps + 1)]
    best = max(coarse, key=lambda a: _score(ink, a))
    fine = [best + i * FINE for i in range(-round(COARSE / FINE), round(COARSE / FINE) + 1)]
    angle: float = max(fine, key=lambda a: _score(ink, a))
    return round(angle, 3)
