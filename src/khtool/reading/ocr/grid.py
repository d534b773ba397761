"""The ruled lines of a scanned page (OpenCV), as line objects pdfplumber builds cells from.

A task table on paper is a grid of thin dark lines. Opening the black-on-white image
with a long flat kernel keeps only the horizontal strokes (letters are short), a
tall thin kernel the vertical ones; each connected stroke is one line segment. The
segments are then mended: a rule never stops inside a cell, so a rule that ends
short of the next crossing rule (a stretch too faint or too short for the kernel,
such as the width of a narrow TT column) is carried on to it. The segments become
pdfplumber ``line`` objects for ``page.find_tables`` with the
``explicit`` strategy, so a scanned table is cut into rows and (merged) cells by the
same code as a drawn one. The lines are then painted white before OCR: Tesseract
reads a rule beside a letter as ``|`` or ``l``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from PIL import Image

MIN_SPAN = 1 / 25  # a rule is at least this share of the page's width (or height)
MAX_THICKNESS = 12  # pixels: thicker dark bands are pictures or seals, not rules
GAP = 9  # pixels of a broken rule (a scanner's dropout) bridged before measuring
TOUCH = 6  # pixels: a rule ending this close to a crossing rule meets it
COVER = 0.9  # share of a cell's width a rule's ink must cross to be carried over it
SNAP = 4  # pixels: a column rule this close to one of an earlier page is the same rule


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
    return carry(mend(out), ink)


def mend(rules: list[Segment]) -> list[Segment]:
    """``rules`` with each end that stops inside a cell carried on to the next crossing rule.

    An end is inside a cell when the rule has already crossed a perpendicular rule on
    that side — it is a table rule, not an underline — and the end itself meets none.
    """
    out: list[Segment] = []
    for rule in rules:
        across = sorted(
            r.at
            for r in rules
            if r.horizontal != rule.horizontal and r.start - TOUCH <= rule.at <= r.end + TOUCH
        )
        start, end = rule.start, rule.end
        inside = [a for a in across if start - TOUCH <= a <= end + TOUCH]
        if inside:
            before = [a for a in across if a < start - TOUCH]
            after = [a for a in across if a > end + TOUCH]
            if before and inside[0] - start > TOUCH:  # crossed a rule, then stopped short
                start = before[-1]
            if after and end - inside[-1] > TOUCH:
                end = after[0]
        out.append(Segment(rule.horizontal, rule.at, start, end, rule.thickness))
    return out


def _crossing(rules: list[Segment], rule: Segment) -> list[int]:
    """Where the rules across ``rule`` meet its line, in order."""
    return sorted(
        r.at
        for r in rules
        if r.horizontal != rule.horizontal and r.start - TOUCH <= rule.at <= r.end + TOUCH
    )


def _inked(ink: np.ndarray, rule: Segment, lo: int, hi: int) -> bool:
    """Does ink run along ``rule``'s line from ``lo`` to ``hi`` over most of the way?"""
    pad = rule.thickness // 2 + 1
    band = (
        ink[max(rule.at - pad, 0) : rule.at + pad + 1, lo:hi]
        if rule.horizontal
        else ink[lo:hi, max(rule.at - pad, 0) : rule.at + pad + 1].T
    )
    return band.size > 0 and float(band.any(axis=0).mean()) >= COVER


def carry(rules: list[Segment], ink: np.ndarray) -> list[Segment]:
    """``rules`` carried across the cells beyond their ends where the ink goes on.

    A rule over a cell narrower (or a row lower) than the opening kernel is not found
    by it: a horizontal rule across a narrow TT column, under a group row. Where a
    rule ends at a crossing rule and the ink of its line runs on across the next cell,
    to the next crossing rule, it is carried there.
    """
    out: list[Segment] = []
    for rule in rules:
        across = _crossing(rules, rule)
        start, end = rule.start, rule.end
        while True:
            before = [a for a in across if a < start - TOUCH]
            if not before or not any(abs(a - start) <= TOUCH for a in across):
                break
            if not _inked(ink, rule, before[-1], start):
                break
            start = before[-1]
        while True:
            after = [a for a in across if a > end + TOUCH]
            if not after or not any(abs(a - end) <= TOUCH for a in across):
                break
            if not _inked(ink, rule, end, after[0]):
                break
            end = after[0]
        out.append(replace(rule, start=start, end=end))
    return out


@dataclass
class Columns:
    """The column rules (x, points) of the tables scanned so far in one document.

    A table carried over pages has the same columns on each, but each page's rules
    are measured on their own and come out a pixel apart; a cell's paragraph goes
    on over a page break only where the cell is as wide as before, so each page's
    column rules are snapped to the ones already seen.
    """

    at: list[float] = field(default_factory=list)

    def snap(self, rules: list[Segment], scale: float) -> list[Segment]:
        """``rules`` (pixels × ``scale`` = points) with their column rules snapped; remembered."""
        out: list[Segment] = []
        for rule in rules:
            if not rule.horizontal:
                x = rule.at * scale
                near = min(self.at, key=lambda a: abs(a - x), default=None)
                if near is not None and abs(near - x) <= SNAP * scale:
                    rule = replace(rule, at=round(near / scale))
                else:
                    self.at.append(x)
            out.append(rule)
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
