"""A PDF page read by PDFium (pypdfium2): words, ruling edges, images and tables.

The reader's layout code works on pdfplumber's shapes: words as dicts with ``x0``,
``x1``, ``top``, ``bottom`` (points, measured from the top of the page) and tables
from pdfplumber's table finder. :class:`FastPage` gives the same shapes from PDFium,
which reads a page's characters and paths in C, instead of pdfminer's per-character
objects:

* characters: PDFium's loose box gives ``x0``/``x1`` (the origin and the advance,
  as pdfminer's, but for an accented letter whose box reaches up to 2 pt past its
  advance); ``bottom`` is the baseline and ``top`` one font size above it
  (pdfminer's box for a font without descent; a font's descent only moves all its
  lines alike); PDFium's line breaks are left out;
* words: pdfplumber's default grouping (lines within 3 pt by ``top``, a new word at
  a space, a gap over 3 pt or a step of 3 pt up or down). A space PDFium marks as
  its own has no width and may sit where the text was drawn, not where it reads (an
  accent drawn after its word, as LibreOffice does): it breaks a word only at the
  end of a character with room for a space after it;
* edges: every straight, axis-parallel segment of every path (lines, rectangles,
  polylines, in forms too), in pdfplumber's edge dicts, handed to pdfplumber's table
  finder (which needs nothing else of the page).

The page's text comes from PDFium in one call; each character then takes three
calls (loose box, origin, font size), made without ctypes' argument conversions
(:func:`_bare`), which would otherwise cost twice what the calls themselves do.
Fewer calls would not give the same numbers: the font size is that of the
character's text object, but finding the object takes a call per character too, and
the baseline follows from the loose box only through the font's descent, rounded.

A page whose text runs sideways or upside down in its own coordinates (content
drawn rotated) is turned so that its text reads left to right; ``/Rotate`` is not
applied on top of that, so a page turned by ``/Rotate`` alone is read as its text
runs (:attr:`FastPage.turned` tells the reader which case it met).
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c

X_TOLERANCE = 3.0  # pdfplumber's word settings
Y_TOLERANCE = 3.0
SOFT_SPACE = 0.15  # room after it, in font sizes, that makes a space PDFium marks as
# its own (no width: a real space it re-placed, or a gap it saw) a word break
SOFT_SLACK = 0.2  # font sizes: such a space sits that near the end of a character
ANGLE_SAMPLE = 100  # characters whose angle decides which way a page's text runs
MAX_FORM_DEPTH = 8  # forms inside forms deeper than this are not searched for lines
# pdfplumber's ligature expansions, and PDFium's codes for a hyphen that ends a line
_SPECIAL = {
    "ﬀ": "ff",
    "ﬁ": "fi",
    "ﬂ": "fl",
    "ﬃ": "ffi",
    "ﬄ": "ffl",
    "ﬅ": "st",
    "ﬆ": "st",
    "\x02": "-",
    "\ufffe": "-",
}


def _bare(function: Any, restype: Any = ctypes.c_int) -> Any:
    """``function`` of PDFium without its declared argument types, called with the GIL
    held.

    On every call ctypes converts and checks each argument against the declared
    types, and releases and takes back the GIL; for the getters called once per
    character or path segment that is most of their cost (measured: a declared call
    takes three times as long). The callers pass exactly what the C function takes
    (a handle pypdfium2 made, a Python int that fits a C int, ``ctypes.byref`` of a
    value of the declared type), which ctypes then passes as it is; ``restype`` is
    the declared result type. The getters return at once and call no Python code
    (PDFium is not thread-safe anyway), so keeping the GIL costs nothing."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    assert address is not None  # a function pypdfium2 bound
    return ctypes.PYFUNCTYPE(restype)(address)


_LOOSE_BOX = _bare(pdfium_c.FPDFText_GetLooseCharBox)
_ORIGIN = _bare(pdfium_c.FPDFText_GetCharOrigin)
_FONT_SIZE = _bare(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
_ANGLE = _bare(pdfium_c.FPDFText_GetCharAngle, ctypes.c_float)
_SEGMENT = _bare(pdfium_c.FPDFPath_GetPathSegment, pdfium_c.FPDFPath_GetPathSegment.restype)
_SEGMENT_POINT = _bare(pdfium_c.FPDFPathSegment_GetPoint)
_SEGMENT_TYPE = _bare(pdfium_c.FPDFPathSegment_GetType)
_SEGMENT_CLOSE = _bare(pdfium_c.FPDFPathSegment_GetClose)


@dataclass(frozen=True, slots=True)
class _Frame:
    """Page coordinates (x right, y up) to reader coordinates (x right, top down)."""

    quarter: int  # quarter turns clockwise that make the text upright (0–3)
    x0: float
    y0: float
    width: float  # of the unrotated page
    height: float

    def point(self, x: float, y: float) -> tuple[float, float]:
        x, y = x - self.x0, self.height - (y - self.y0)  # top-down, unrotated
        if self.quarter == 1:
            return self.height - y, x
        if self.quarter == 2:
            return self.width - x, self.height - y
        if self.quarter == 3:
            return y, self.width - x
        return x, y

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, ...]:
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    @property
    def size(self) -> tuple[float, float]:
        if self.quarter % 2:
            return self.height, self.width
        return self.width, self.height


class _EdgesPage:
    """What pdfplumber's table finder reads of a page: its edges and box."""

    def __init__(self, edges: list[dict[str, Any]], width: float, height: float) -> None:
        self.edges = edges
        self.bbox = (0.0, 0.0, width, height)


class FastPage:
    """One page through PDFium with the attributes of a pdfplumber page the reader uses."""

    def __init__(self, page: Any) -> None:
        self._page = page
        left, bottom, right, top = page.get_mediabox()
        self.rotation = int(page.get_rotation()) % 360
        self._textpage = page.get_textpage()
        self._text = _page_text(self._textpage)
        quarter = _text_quarter(self._textpage, self._text)
        self._frame = _Frame(quarter, left, bottom, right - left, top - bottom)
        self.quarter = quarter
        self.width, self.height = self._frame.size
        # turned: the text needed a turn that /Rotate does not give (content drawn
        # rotated), or /Rotate turns a page whose text is already upright
        self.turned = quarter * 90 != self.rotation
        self._words: list[dict[str, Any]] | None = None
        self._objects: tuple[list[dict[str, Any]], list[dict[str, Any]]] | None = None

    def extract_words(self) -> list[dict[str, Any]]:
        if self._words is None:
            self._words = words(_chars(self._textpage, self._text, self._frame))
        return self._words

    @property
    def edges(self) -> list[dict[str, Any]]:
        return self._page_objects()[0]

    @property
    def images(self) -> list[dict[str, Any]]:
        return self._page_objects()[1]

    def find_tables(self) -> list[Any]:
        from pdfplumber.table import TableFinder

        edges_only: Any = _EdgesPage(self.edges, self.width, self.height)  # all it reads
        return list(TableFinder(edges_only).tables)

    def close(self) -> None:
        self._textpage.close()
        self._page.close()

    def _page_objects(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        if self._objects is None:
            self._objects = _edges_and_images(self._page, self._frame)
        return self._objects


def open_document(data: bytes) -> Any:
    """The file opened by PDFium; raises :class:`pypdfium2.PdfiumError` when it cannot."""
    return pypdfium2.PdfDocument(data)


def _page_text(textpage: Any) -> str:
    """The page's characters, one code point per PDFium character index."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    text: str = textpage.get_text_range(0, count) if count > 0 else ""
    if len(text) != max(count, 0):  # characters outside the basic plane: one each
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(count))
    return text


def _text_quarter(textpage: Any, text: str) -> int:
    """Quarter turns clockwise that make most of the page's characters upright."""
    raw = textpage.raw
    count = len(text)
    votes = [0, 0, 0, 0]
    for i in range(0, count, max(1, count // ANGLE_SAMPLE)):
        if text[i].isspace():
            continue
        angle = _ANGLE(raw, i)
        if angle >= 0:  # PDFium measures it clockwise, the PDF counter-clockwise
            votes[-round(angle / (math.pi / 2)) % 4] += 1
    return max(range(4), key=lambda q: (votes[q], q == 0))


# a character: (x0, kind, top, x1, bottom, text), in the order its line is read: left
# to right, then top down (pdfplumber's), a space PDFium put in (kind 0, no width)
# before a character at the same place (kind 1)
_Char = tuple[float, int, float, float, float, str]


def _chars(textpage: Any, text: str, frame: _Frame) -> list[_Char]:
    """The page's characters (``text``: :func:`_page_text`) in reader coordinates, real
    spaces kept as ``" "``: three calls to PDFium each (box, baseline, font size)."""
    raw = textpage.raw
    rect = pdfium_c.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    rect_p, ox_p, oy_p = ctypes.byref(rect), ctypes.byref(ox), ctypes.byref(oy)
    loose, origin, font_size = _LOOSE_BOX, _ORIGIN, _FONT_SIZE
    upright = frame.quarter == 0
    left, page_top = frame.x0, frame.height + frame.y0
    special = _SPECIAL
    out: list[_Char] = []
    append = out.append
    for i, char in enumerate(text):
        if char.isspace():
            if char in "\r\n":  # PDFium's line break: the line ends anyway
                continue
            char = " "  # a space PDFium inferred has no width (see words())
        elif char in special:
            char = special[char]
        if not (loose(raw, i, rect_p) and origin(raw, i, ox_p, oy_p)):
            continue
        size = font_size(raw, i)
        if upright:
            x0, x1, bottom = rect.left - left, rect.right - left, page_top - oy.value
        else:
            x0, bottom, x1 = _turned(frame, rect, ox.value, oy.value)
        append((x0, 0 if char == " " and x1 <= x0 else 1, bottom - size, x1, bottom, char))
    return out


def _turned(frame: _Frame, rect: Any, x: float, y: float) -> tuple[float, float, float]:
    """``x0``, ``bottom`` (the baseline), ``x1`` of a character on a page turned upright."""
    left, _top, right, _bottom = frame.box(rect.left, rect.bottom, rect.right, rect.top)
    return left, frame.point(x, y)[1], right


def words(chars: list[_Char]) -> list[dict[str, Any]]:
    """Characters into words, as pdfplumber's ``extract_words()`` with its defaults:
    lines of characters whose tops chain within 3 pt, each sorted left to right, a
    new word at a space, a gap over 3 pt or a step of 3 pt up or down."""
    tops = sorted({c[2] for c in chars})
    cluster: dict[float, int] = {}
    index, last = -1, -math.inf
    for top in tops:
        if top - last > Y_TOLERANCE:
            index += 1
        cluster[top] = index
        last = top
    lines: list[list[_Char]] = [[] for _ in range(index + 1)]
    for char in chars:
        lines[cluster[char[2]]].append(char)
    out: list[dict[str, Any]] = []
    for line in lines:
        line.sort()
        texts: list[str] = []
        x0 = x1 = top = bottom = last_top = last_x1 = 0.0
        soft: tuple[float, float] | None = None  # the last space PDFium put in: x, top
        for c_x0, kind, c_top, c_x1, c_bottom, text in line:
            if not kind:
                soft = (c_x0, c_top)
                continue
            if texts and (
                text == " "
                or c_x0 > last_x1 + X_TOLERANCE
                or abs(c_top - last_top) > Y_TOLERANCE
                or (
                    soft is not None
                    # at the end of the last character (whose box may reach past
                    # its advance), on its line
                    and soft[0] >= last_x1 - SOFT_SLACK * (c_bottom - c_top)
                    and abs(soft[1] - last_top) <= 1.0
                    and c_x0 - soft[0] >= SOFT_SPACE * (c_bottom - c_top)
                )
            ):
                out.append(
                    {"text": "".join(texts), "x0": x0, "x1": x1, "top": top, "bottom": bottom}
                )
                texts = []
            soft = None
            if text == " ":
                continue
            if texts:
                texts.append(text)
                if c_x1 > x1:
                    x1 = c_x1
                if c_top < top:
                    top = c_top
                if c_bottom > bottom:
                    bottom = c_bottom
            else:
                texts = [text]
                x0, x1, top, bottom = c_x0, c_x1, c_top, c_bottom
            last_top, last_x1 = c_top, c_x1
        if texts:
            out.append({"text": "".join(texts), "x0": x0, "x1": x1, "top": top, "bottom": bottom})
    return out


def _edges_and_images(
    page: Any, frame: _Frame
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    edges: list[dict[str, Any]] = []
    images: list[dict[str, Any]] = []
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    objects = [pdfium_c.FPDFPage_GetObject(page.raw, i) for i in range(count)]
    _walk(objects, identity, frame, edges, images, 0)
    return edges, images


def _walk(
    objects: list[Any],
    parent: tuple[float, ...],
    frame: _Frame,
    edges: list[dict[str, Any]],
    images: list[dict[str, Any]],
    depth: int,
) -> None:
    matrix = pdfium_c.FS_MATRIX()
    for obj in objects:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind not in (
            pdfium_c.FPDF_PAGEOBJ_PATH,
            pdfium_c.FPDF_PAGEOBJ_IMAGE,
            pdfium_c.FPDF_PAGEOBJ_FORM,
        ):
            continue
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
            continue
        own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
        full = _compose(own, parent)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            edges.extend(_path_edges(obj, full, frame))
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images.append(_image_box(full, frame))
        elif depth < MAX_FORM_DEPTH:
            inner = [
                pdfium_c.FPDFFormObj_GetObject(obj, i)
                for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))
            ]
            _walk(inner, full, frame, edges, images, depth + 1)


def _compose(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix of ``m`` then ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _image_box(m: tuple[float, ...], frame: _Frame) -> dict[str, Any]:
    corners = [frame.point(*_apply(m, x, y)) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return {"x0": min(xs), "x1": max(xs), "top": min(ys), "bottom": max(ys)}


def _path_edges(path: Any, m: tuple[float, ...], frame: _Frame) -> list[dict[str, Any]]:
    """Straight axis-parallel segments of a path, as pdfplumber's edge dicts."""
    x, y = ctypes.c_float(), ctypes.c_float()
    edges: list[dict[str, Any]] = []
    start: tuple[float, float] | None = None
    here: tuple[float, float] | None = None
    x_p, y_p = ctypes.byref(x), ctypes.byref(y)
    for i in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = _SEGMENT(path, i)
        if not _SEGMENT_POINT(segment, x_p, y_p):
            continue
        point = frame.point(*_apply(m, x.value, y.value))
        kind = _SEGMENT_TYPE(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or here is None:
            start = here = point
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO:
            _add_edge(edges, here, point)
        here = point
        if _SEGMENT_CLOSE(segment) and start is not None:
            _add_edge(edges, here, start)
            here = start
    return edges


def _add_edge(edges: list[dict[str, Any]], a: tuple[float, float], b: tuple[float, float]) -> None:
    x0, x1 = sorted((a[0], b[0]))
    top, bottom = sorted((a[1], b[1]))
    if x0 == x1 and top == bottom:
        return
    if top == bottom:
        orientation = "h"
    elif x0 == x1:
        orientation = "v"
    else:
        return  # a slanted segment is no ruling line
    edges.append(
        {
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "width": x1 - x0,
            "height": bottom - top,
            "orientation": orientation,
            "object_type": "line",
        }
    )


def turned_warnings(pages: list[FastPage]) -> list[str]:
    """One warning per page read turned from how ``/Rotate`` shows it."""
    out = []
    for n, page in enumerate(pages, start=1):
        if not page.turned or not page.extract_words():
            continue
        if page.rotation:
            out.append(
                f"page {n} is turned by /Rotate {page.rotation}, which shows its text "
                "sideways or upside down; it was read with its text upright"
            )
        else:
            how = "upside down" if page.quarter == 2 else "sideways"
            out.append(f"page {n} has its text drawn {how}; it was read turned upright")
    return out
