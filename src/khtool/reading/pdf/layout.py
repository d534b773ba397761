"""Text lines of a PDF page back into paragraphs.

A PDF has positioned words, not paragraphs. Words are grouped into lines, lines
into paragraphs inside a box (the page body, a column of a borderless two-column
block, or a table cell). A line starts a new paragraph when:

* the space above it is larger than the box's usual line pitch (paragraph spacing);
* it is indented at the first line while the line above is not;
* it starts with a list marker or number and the line above ends a sentence;
* the line above ended early: the first word of this line would have fitted on it
  (for centred lines, within the box's width).

Wrapped lines are joined with one space, except after a hyphen or slash glued to
a word (``Tháng 7-`` + ``12/2020`` → ``Tháng 7-12/2020``): Vietnamese words are
never hyphenated, so such a break is inside a compound or a date range. In a table
cell, lines of digits alone are one number cut by a narrow column (``10`` + ``0`` →
``100``, a TT of a long plan).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import regex

# a list marker or a list number at the start of a line
_MARKER = regex.compile(r"^(?:[-+•–*]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ]\)\s|[IVX]{1,4}\.\s)")
_ENDS_SENTENCE = regex.compile(r"[.;:!?…)]$")
_GLUED_BREAK = regex.compile(r"\w[-/]$")
# a number cut by a narrow cell (a TT of 100 and more: ``10`` over ``0``): digits only
# on each line (a list number's dot or bracket at the end), a few in all (not two years)
_NUMBER_HEAD = regex.compile(r"^\d+$")
_NUMBER_TAIL = regex.compile(r"^\d+[.)]?$")
WRAPPED_DIGITS = 4
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
PITCH_SLACK = 0.2  # extra space above a line, in line heights, that starts a paragraph
INDENT_MIN = 0.6  # first-line indent, in line heights
FIT_SLACK = 2.0  # points: a word "would have fitted" only with this much room to spare
COLUMN_GAP = 2.5  # a gap of this many line heights inside a line separates two columns


@dataclass(slots=True)
class Line:
    """One line of text inside a box (page body, column or cell)."""

    words: list[dict[str, Any]]
    page: int
    left: float = 0.0  # the box the line was laid out in
    right: float = 0.0
    number: int | None = None  # line number on the page, set by the reader
    text: str = field(init=False)
    x0: float = field(init=False)
    x1: float = field(init=False)
    top: float = field(init=False)
    bottom: float = field(init=False)

    def __post_init__(self) -> None:
        self.words.sort(key=lambda w: w["x0"])
        self.text = " ".join(w["text"] for w in self.words).translate(_LIGATURES)
        self.x0 = self.words[0]["x0"]
        self.x1 = self.words[-1]["x1"]
        self.top = min(w["top"] for w in self.words)
        self.bottom = max(w["bottom"] for w in self.words)

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def first_word(self) -> float:
        return self.words[0]["x1"] - self.words[0]["x0"]

    def centred(self) -> bool:
        middle = (self.left + self.right) / 2
        indent = self.x0 - self.left
        return indent > INDENT_MIN * self.height and abs((self.x0 + self.x1) / 2 - middle) < 3.0


def group_lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Cluster words into rows by their vertical position (top to bottom)."""
    rows: list[list[dict[str, Any]]] = []
    top = bottom = 0.0
    for word in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        height = word["bottom"] - word["top"]
        if rows and word["top"] < top + 0.6 * min(height, bottom - top):
            rows[-1].append(word)
            bottom = max(bottom, word["bottom"])
            continue
        rows.append([word])
        top, bottom = word["top"], word["bottom"]
    return rows


def split_columns(row: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Split a row of words where a gap is wide enough to separate two columns."""
    row = sorted(row, key=lambda w: w["x0"])
    height = max(w["bottom"] - w["top"] for w in row)
    pieces = [[row[0]]]
    for prev, word in itertools.pairwise(row):
        gap = word["x0"] - prev["x1"]
        if gap > COLUMN_GAP * height:
            pieces.append([word])
        else:
            pieces[-1].append(word)
    if len(pieces) > 1 and any(len(p) < 2 for p in pieces):
        # a lone word beside a wide gap is a tab stop (a list number), not a column,
        # unless the gap is very wide
        merged = [pieces[0]]
        for piece in pieces[1:]:
            gap = piece[0]["x0"] - merged[-1][-1]["x1"]
            if (len(piece) < 2 or len(merged[-1]) < 2) and gap < 2 * COLUMN_GAP * height:
                merged[-1] = merged[-1] + piece
            else:
                merged.append(piece)
        pieces = merged
    return pieces


WIDTH_SLACK = 1.5  # points: the same box on two pages


def new_paragraph(prev: Line, cur: Line, pitch: float | None) -> bool:
    """Does ``cur`` start a new paragraph after ``prev`` (same box or the next page)?"""
    same_page = cur.page == prev.page
    # a box of another width on the next page is a new section (e.g. portrait to
    # landscape); a cell's box may move by a pixel from page to page on OCR'd pages
    if not same_page and abs((cur.right - cur.left) - (prev.right - prev.left)) > WIDTH_SLACK:
        return True
    if same_page:
        step = cur.top - prev.top
        if pitch is not None and step > pitch + max(PITCH_SLACK * prev.height, 1.5):
            return True
        if step > 2.2 * prev.height:
            return True
    if _MARKER.match(cur.text) and _ENDS_SENTENCE.search(prev.text):
        return True
    indent = cur.x0 - cur.left
    if (
        indent > INDENT_MIN * cur.height
        and prev.x0 - prev.left < 0.3 * prev.height
        and not cur.centred()
    ):
        return True
    space = 0.25 * prev.height
    if prev.centred():
        return prev.x1 - prev.x0 + space + cur.first_word < prev.right - prev.left - FIT_SLACK
    return prev.x1 + space + cur.first_word < prev.right - FIT_SLACK


def base_pitch(lines: list[Line]) -> dict[int, float]:
    """The usual distance between two lines of one paragraph, by rounded line height."""
    pitch: dict[int, float] = {}
    for prev, cur in itertools.pairwise(lines):
        if cur.page != prev.page or abs(cur.height - prev.height) > 0.5:
            continue
        step = cur.top - prev.top
        if step > 0.9 * prev.height:
            key = round(prev.height)
            pitch[key] = min(step, pitch.get(key, step))
    return pitch


def assemble(
    lines: list[Line], fallback: dict[int, float] | None = None, cell: bool = False
) -> list[tuple[str, Line]]:
    """Paragraph texts (with their first line) from lines read in order; in a table
    ``cell``, a number wrapped in a narrow column is joined back (``10`` + ``0``)."""
    if not lines:
        return []
    pitches = base_pitch(lines)
    out: list[tuple[list[str], Line]] = [([lines[0].text], lines[0])]
    for prev, cur in itertools.pairwise(lines):
        key = round(prev.height)
        pitch = pitches.get(key, (fallback or {}).get(key))
        if new_paragraph(prev, cur, pitch):
            out.append(([cur.text], cur))
        else:
            out[-1][0].append(cur.text)
    return [(join_lines(texts, cell), first) for texts, first in out]


def join_lines(texts: list[str], cell: bool = False) -> str:
    text = texts[0]
    for more in texts[1:]:
        glued = _GLUED_BREAK.search(text) or (
            cell
            and _NUMBER_HEAD.match(text)
            and _NUMBER_TAIL.match(more)
            and len(text + more.rstrip(".)")) <= WRAPPED_DIGITS
        )
        text = f"{text}{more}" if glued else f"{text} {more}"
    return text


def continues_paragraph(last: Line, first: Line) -> bool:
    """Does a cell's first line on a new page go on with the paragraph of ``last``?"""
    return not new_paragraph(last, first, None)
