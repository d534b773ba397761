"""The ruled lines of a scanned page (OpenCV), as line objects pdfplumber builds cells from.

A task table on paper is a grid of thin dark lines. Opening the black-on-white image
with a long flat kernel keeps only the horizontal strokes (letters are short), a
tall thin kernel the vertical ones; each connected stroke is one line segment. The
segments become pdfplumber ``line`` objects for ``page.find_tables`` with the
``explicit`` strategy, so a scanned table is cut into rows and (merged) cells by the
same code as a drawn one. The lines are then painted white before OCR: Tesseract
reads a rule beside a letter as ``|`` or ``l``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

MIN_SPAN = 1 / 25  # a rule is at least this share of the page's width (or height)
MAX_THICKNESS = 12  # pixels: thicker dark bands are pictures or seals, not rules
GAP = 9  # pixels of a broken rule (a scanner's dropout) bridged before measuring


@dataclass(frozen=True, slots=True)
class Segment:
    horizontal: bool
    at: int  # y of a horizontal rule, x of a vertical one (pixels)
    start: int
    end: int
    thickness: int


def find_rules(image: Image.Image) -> list[Segment]:
    """Horizontal and vertical rules of a grey page image."""
    import cv2

    grey = np.asarray(image.convert("L"))
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    height, width = ink.shape
    out: list[Segment] = []
    for horizontal in (True, False):
        span = max(int((width if horizontal else height) * MIN_SPAN), 30)
        size = (span, 1) if horizontal else (1, span)
        strokes = cv2.morphologyEx(
            ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size)
        )
        bridge = (GAP, 1) if horizontal else (1, GAP)
        strokes = cv2.morphologyEx(
            strokes, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge)
        )
        count, _labels, stats, _ = cv2.connectedComponentsWithStats(strokes, connectivity=8)
        for x, y, w, h, _area in stats[1:count]:
            length, thick = (w, h) if horizontal else (h, w)
            if length < span or thick > MAX_THICKNESS:
                continue
            if horizontal:
                out.append(Segment(True, int(y + h // 2), int(x), int(x + w), int(h)))
            else:
                out.append(Segment(False, int(x + w // 2), int(y), int(y + h), int(w)))
    return out


def erase(image: Image.Image, rules: list[Segment]) -> Image.Image:
    """A copy of ``image`` with the rules painted white."""
    pixels = np.asarray(image.convert("L")).copy()
    for rule in rules:
        pad = rule.thickness // 2 + 2
        if rule.horizontal:
            pixels[max(rule.at - pad, 0) : rule.at + pad + 1, rule.start : rule.end + 1] = 255
        else:
            pixels[rule.start : rule.end + 1, max(rule.at - pad, 0) : rule.at + pad + 1] = 255
    return Image.fromarray(pixels, mode="L")


def table_settings(rules: list[Segment], scale: float) -> dict[str, Any] | None:
    """pdfplumber ``find_tables`` settings drawing ``rules`` (pixels × ``scale`` = points)."""
    lines: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
    for rule in rules:
        at, start, end = rule.at * scale, rule.start * scale, rule.end * scale
        box: dict[str, Any]
        if rule.horizontal:
            box = {"x0": start, "x1": end, "top": at, "bottom": at}
        else:
            box = {"x0": at, "x1": at, "top": start, "bottom": end}
        box.update(
            object_type="line", width=box["x1"] - box["x0"], height=box["bottom"] - box["top"]
        )
        lines[rule.horizontal].append(box)
    if len(lines[True]) < 2 or len(lines[False]) < 2:
        return None
    return {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": lines[False],
        "explicit_horizontal_lines": lines[True],
        "snap_tolerance": 4,
        "join_tolerance": 6,
        "intersection_tolerance": 5,
    }
