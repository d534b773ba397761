"""Task tables in a space-aligned text dump (``pdftotext -layout``), rebuilt.

Such a dump keeps every cell where it stood on the page: a row is a band of lines, each
cell's text sits under its column's header (centred cells a little left of it), and the
rules between rows are lost. The table is recognised by its header: a line whose
segments (text separated by two or more spaces) name task-table columns, TT first, with
the header's wrapped words on the lines just above and below it. A column-number row
``(1) (2) (3)`` under it is skipped.

Each page's column boundaries lie between the end of one header and the start of the
next, where the body's words line up best as a left edge (a word cut there counts
against it); a header repeated after a page break gives that page its own positions.
Every body line's segments go to the column they stand in; a segment that runs over a
boundary (cells set one space apart) is cut at the space nearest it.

A TT number (counting up; after a group row going on or from 1 again) anchors a row;
group rows are a roman numeral in the TT column or an upper-case title alone on its
line. Cells are centred in their rows or set at their tops: the lines between two
anchors are divided where the cells of both rows best share a centre (or start on the
TT's line), whichever fits the whole table better, and no cell starts in lower case.
A cell's wrapped lines are joined; a line in capitals that could have fitted on the one
before it, or that follows an item's end, starts a new paragraph (one unit or one person
a line).

The table ends at a line that opens a part after a table, or at a line of body text
running over three or more columns from the margin or after a blank line. Page
numbers, column-number rows and a repeated header do not end it. A two-column national
header on shared lines is read column by column first
(:mod:`khtool.reading.text.layout_header`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import regex

from khtool.parsing.columns import header_field, is_column_number, read_columns
from khtool.reading.blocks import Block, Paragraph, Provenance, Row, Table
from khtool.reading.text.layout_header import rebuild_header_columns
from khtool.vocab import fold, opens_part_after_table

_SEGMENT = regex.compile(r"\S+(?: \S+)*")
_TT = regex.compile(r"^(?P<n>\d{1,3})\.?$")
_ROMAN = regex.compile(r"^(?P<id>[IVX]{1,5})\.?$")
_GROUP_LINE = regex.compile(r"^(?P<id>[IVX]{1,5}|[A-Z])[.\s]\s*(?P<title>\p{Lu}[^\p{Ll}]{3,})$")
_PAGE_NUMBER = regex.compile(r"^[-–\s]*\d{1,3}[-–\s]*$")
_ENDS_ITEM = regex.compile(r"[.;:]$")
_HYPHEN_END = regex.compile(r"\w-$")
MIN_COLUMNS = 3
MAX_BAND = 2  # header lines above (or below) the line that names the columns
TT_WEIGHT = 0.25  # how much the TT's own line counts in a row's centre (it is often at its top)
EMPTY_NAME = 100.0  # the cost of a row left without a name
LOWER_START = 50.0  # the cost of a cell whose first line starts in lower case
MAX_CUT_SHIFT = 3  # how far from a boundary a segment may be cut at a space
WIDE_GAP = 4  # two segments this far apart in one column: the second is the next cell
MAX_ABOVE = 30  # how many lines of a row may stand above its TT's line
CROSSING = 2.0  # a word cut at a boundary weighs this many words starting there
SINGLE_SPACE = 0.5  # a word one space after the text before it: a weaker column edge


@dataclass(frozen=True, slots=True)
class _Segment:
    start: int
    end: int  # exclusive
    text: str

    @property
    def centre(self) -> float:
        return (self.start + self.end) / 2


@dataclass(slots=True)
class _Column:
    start: int
    end: int
    texts: list[str] = field(default_factory=list)

    def overlaps(self, seg: _Segment) -> bool:
        return seg.start < self.end + 1 and self.start < seg.end + 1


@dataclass(slots=True)
class _Line:
    index: float  # the line's position, page breaks closed up
    cells: list[list[str]]
    where: Provenance
    text: str
    page: int


def segments(text: str) -> list[_Segment]:
    """The runs of text on a line that stand two or more spaces apart."""
    return [_Segment(m.start(), m.end(), m.group()) for m in _SEGMENT.finditer(text)]


def _paragraph_run(blocks: list[Block], i: int) -> list[Paragraph]:
    run: list[Paragraph] = []
    for block in blocks[i:]:
        if not isinstance(block, Paragraph):
            break
        run.append(block)
    return run


def _line_no(p: Paragraph) -> int:
    return p.where.line or 0


def _is_body_start(text: str) -> bool:
    segs = segments(text)
    return bool(segs) and (
        bool(_TT.match(segs[0].text)) or all(is_column_number(s.text) for s in segs)
    )


def _place(columns: list[_Column], seg: _Segment) -> None:
    for col in columns:
        if col.overlaps(seg):
            col.texts.append(seg.text)
            col.start, col.end = min(col.start, seg.start), max(col.end, seg.end)
            return
    columns.append(_Column(seg.start, seg.end, [seg.text]))
    columns.sort(key=lambda c: c.start)


def _header_texts(columns: list[_Column]) -> list[str]:
    return [" ".join(c.texts) for c in columns]


def _reads(columns: list[_Column]) -> bool:
    texts = _header_texts(columns)
    if len(texts) < MIN_COLUMNS or header_field(texts[0]) != "tt":
        return False
    return read_columns([Row([[t] for t in texts])]) is not None


def _header(run: list[Paragraph], i: int) -> tuple[list[_Column], int, set[int]] | None:
    """The header's columns when run[i] names the columns, the index of the first line
    after the header, and the indexes of the header's lines."""
    main = segments(run[i].text)
    if len(main) < 2 or header_field(main[0].text) != "tt" or main[0].start > 4:
        return None
    if not any(header_field(s.text) in {"name", "content"} for s in main[1:]):
        return None
    heads = [_Column(m.start, m.end) for m in main]
    above: list[int] = []
    for k in range(i - 1, max(i - 1 - MAX_BAND, -1), -1):
        if _line_no(run[k]) != _line_no(run[i]) - (i - k) or _is_body_start(run[k].text):
            break
        if _spans_columns(run[k].text, heads, 2):
            break  # a title or a subtitle over the table
        above.insert(0, k)
    below: list[int] = []
    for k in range(i + 1, min(i + 1 + MAX_BAND, len(run))):
        if _line_no(run[k]) != _line_no(run[i]) + (k - i) or _is_body_start(run[k].text):
            break
        below.append(k)
    columns: list[_Column] = []
    for k in [*above, i]:
        for seg in segments(run[k].text):
            _place(columns, seg)
    used = [*above, i]
    extended: set[int] = set()  # the columns the last header line below went on
    for n, k in enumerate(below):
        trial = [_Column(c.start, c.end, list(c.texts)) for c in columns]
        before = [header_field(t) for t in _header_texts(trial)]
        for seg in segments(run[k].text):
            _place(trial, seg)
        after = [header_field(t) for t in _header_texts(trial)]
        grown = {
            j for j, (a, b) in enumerate(zip(trial, columns, strict=False)) if a.texts != b.texts
        }
        same = len(after) == len(before)
        fills_gap = same and any(
            b is None and a is not None for a, b in zip(after, before, strict=True)
        )
        goes_on = same and bool(extended) and grown <= extended  # a header cell's third line
        if n < len(above) or fills_gap or goes_on:
            columns, extended = trial, grown
            used.append(k)
        else:
            break
    if not _reads(columns):
        return None
    return columns, max(used) + 1, set(used)


def _edge_scores(lines: list[str], width: int) -> list[float]:
    """For each position, how well it serves as a column's left edge over the lines: a
    word starting there after a run of spaces scores 1, after a single space (cells set
    one space apart, or the next word of the same cell) less; a word running over it
    costs ``CROSSING``."""
    scores = [0.0] * (width + 1)
    for text in lines:
        padded = f"  {text[:width]}"
        for x in range(len(padded) - 2):
            two, before, at = padded[x], padded[x + 1], padded[x + 2]
            if at == " ":
                continue
            if before != " ":
                scores[x] -= CROSSING
            else:
                scores[x] += 1.0 if two == " " else SINGLE_SPACE
    return scores


def _boundaries(columns: list[_Column], body: list[str]) -> list[int]:
    """The first character position of every column but the first: where, between the
    end of one header and the start of the next, the body's words line up best."""
    width = max([c.end for c in columns] + [len(t) for t in body]) + 1
    scores = _edge_scores(body, width)
    bounds: list[int] = []
    for left, right in itertools.pairwise(columns):
        lo, hi = left.end, max(left.end, right.start)
        bounds.append(max(range(lo, hi + 1), key=lambda x: (scores[x], x)))
    return bounds


def _column_of(x: float, bounds: list[int]) -> int:
    return sum(1 for b in bounds if x >= b)


def _split(seg: _Segment, bounds: list[int]) -> list[tuple[int, _Segment]]:
    """(column, piece) of a segment, cut at the spaces nearest the boundaries it runs
    over."""
    for b in bounds:
        if seg.start < b < seg.end:
            spaces = [seg.start + k for k, ch in enumerate(seg.text) if ch == " "]
            if not spaces:
                continue
            cut = min(spaces, key=lambda x: abs(x - b))
            left = _Segment(seg.start, cut, seg.text[: cut - seg.start])
            right = _Segment(cut + 1, seg.end, seg.text[cut + 1 - seg.start :])
            words = min(len(left.text.split()), len(right.text.split()))
            near = abs(cut - b) <= 1 or _TT.match(left.text)
            if abs(cut - b) > MAX_CUT_SHIFT or (words < 2 and not near):
                continue  # a word or two over the line: the cell is centred wider
            return _split(left, bounds) + _split(right, bounds)
    return [(_column_of(seg.centre, bounds), seg)]


def _cells(segs: list[_Segment], bounds: list[int], width: int) -> list[list[str]]:
    """A line's texts by column. Two segments far apart in one column, the next column
    empty, are two cells (a page where the table stands narrower)."""
    pieces = [piece for seg in segs for piece in _split(seg, bounds)]
    cells: list[list[str]] = [[] for _ in range(width)]
    for k, (column, seg) in enumerate(pieces):
        if k and pieces[k - 1][0] == column and column + 1 < width:
            later = {c for c, _s in pieces[k + 1 :]}
            if seg.start - pieces[k - 1][1].end >= WIDE_GAP and column + 1 not in later:
                column += 1
                pieces[k] = (column, seg)
        cells[column].append(seg.text)
    return [[" ".join(texts)] if texts else [] for texts in cells]  # justified text


def _spans_columns(text: str, columns: list[_Column], count: int) -> bool:
    return any(sum(1 for c in columns if c.overlaps(s)) >= count for s in segments(text))


def _is_running_text(text: str, columns: list[_Column]) -> bool:
    """A line of body text: a segment over three or more headers (not a group row, not a
    row starting with its TT)."""
    segs = segments(text)
    if _GROUP_LINE.match(text.strip()) or _is_body_start(text) or _ROMAN.match(segs[0].text):
        return False
    return _spans_columns(text, columns, MIN_COLUMNS)


def _group(text: str, cells: list[list[str]]) -> tuple[str, str] | None:
    """(id, title) of a group row: a roman numeral in the TT column, or an upper-case
    title alone on its line."""
    tt = " ".join(cells[0])
    roman = _ROMAN.match(tt)
    if roman:
        title = " ".join(t for c in cells[1:] for t in c)
        return roman.group("id"), title
    m = _GROUP_LINE.match(text.strip())
    if m and len(segments(text)) == 1:
        return m.group("id"), m.group("title").strip()
    return None


class _Stats:
    """Per column, sums over the lines for the cost of any range of them in constant time:
    how many lines hold text, the sum of their positions, and the next line that does."""

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        width = len(lines[0].cells) if lines else 0
        self.count = [[0] * (len(lines) + 1) for _ in range(width)]
        self.total = [[0.0] * (len(lines) + 1) for _ in range(width)]
        self.next = [[len(lines)] * (len(lines) + 1) for _ in range(width)]
        for c in range(width):
            count, total, nxt = self.count[c], self.total[c], self.next[c]
            for i, ln in enumerate(lines):
                filled = bool(ln.cells[c])
                count[i + 1] = count[i] + filled
                total[i + 1] = total[i] + (ln.index if filled else 0.0)
            for i in range(len(lines) - 1, -1, -1):
                nxt[i] = i if lines[i].cells[c] else nxt[i + 1]

    def centre(self, lo: int, hi: int, column: int) -> float | None:
        n = self.count[column][hi] - self.count[column][lo]
        return (self.total[column][hi] - self.total[column][lo]) / n if n else None

    def first(self, lo: int, hi: int, column: int) -> _Line | None:
        at = self.next[column][lo]
        return self.lines[at] if at < hi else None


def _row_cost(stats: _Stats, lo: int, hi: int, anchor: int, name: int, centred: bool) -> float:
    """How far the cells of the row made of lines[lo:hi] are from a common centre, or
    from the TT's line for cells at the top of their row (as they are in a row that a
    page break cuts)."""
    lines = stats.lines
    at = lines[anchor]
    width = len(at.cells)
    cost = 0.0
    for k in range(1, width):
        first = stats.first(lo, hi, k)
        if first is not None and first.cells[k][0][:1].islower():
            cost += LOWER_START  # a cell does not start mid-sentence
    if centred and lines[lo].page == lines[hi - 1].page:
        centres = [c for k in range(1, width) if (c := stats.centre(lo, hi, k)) is not None]
        mean = (sum(centres) + TT_WEIGHT * at.index) / (len(centres) + TT_WEIGHT)
        cost += sum((c - mean) ** 2 for c in centres) + TT_WEIGHT * (at.index - mean) ** 2
    else:
        for k in range(1, width):
            first = stats.first(lo, hi, k)
            if first is not None:
                cost += (first.index - at.index) ** 2
    if stats.centre(lo, hi, name) is None:
        cost += EMPTY_NAME
    return cost


def _cuts(anchors: list[int], k: int, end: int) -> range:
    """Where row k may end: after its TT, at most MAX_ABOVE lines above the next TT."""
    if k == len(anchors) - 1:
        return range(end, end + 1)
    return range(max(anchors[k] + 1, anchors[k + 1] + 1 - MAX_ABOVE), anchors[k + 1] + 1)


def _divide(
    lines: list[_Line], anchors: list[int], name: int, centred: bool
) -> tuple[list[tuple[int, int]], float]:
    """The [lo, hi) line range of each anchored row, and the cost of the division: the
    first row takes the lines above it, the last those below it, and each cut between
    two anchors is chosen for the rows' cells to be best centred (or at the top)."""
    n = len(anchors)
    if n == 0:
        return [], 0.0
    stats = _Stats(lines)
    # best[k][cut]: the least cost of rows 0..k with row k ending before line `cut`
    best: list[dict[int, tuple[float, int]]] = [
        {
            c: (_row_cost(stats, 0, c, anchors[0], name, centred), 0)
            for c in _cuts(anchors, 0, len(lines))
        }
    ]
    for k in range(1, n):
        row: dict[int, tuple[float, int]] = {}
        for cut in _cuts(anchors, k, len(lines)):
            row[cut] = min(
                (cost + _row_cost(stats, lo, cut, anchors[k], name, centred), lo)
                for lo, (cost, _prev) in best[k - 1].items()
            )
        best.append(row)
    cut = min(best[-1], key=lambda c: best[-1][c][0])
    total = best[-1][cut][0]
    ranges: list[tuple[int, int]] = []
    for k in range(n - 1, -1, -1):
        lo = best[k][cut][1]
        ranges.append((lo, cut))
        cut = lo
    return ranges[::-1], total


def _join(texts: list[str], width: int) -> list[str]:
    """A cell's lines as paragraphs. When every line starts in capitals each is one (a
    list of names); otherwise a line starting in capitals starts a paragraph after an
    item's end or when it could have fitted on the line before it."""
    if len(texts) > 1 and all(t[:1].isupper() for t in texts):
        return list(texts)
    paragraphs: list[list[str]] = []  # each paragraph's pieces, glue included
    for k, text in enumerate(texts):
        if paragraphs and text[:1].isupper():
            fits = len(texts[k - 1]) + 1 + len(text.split()[0]) <= width
            if _ENDS_ITEM.search(texts[k - 1]) or fits:
                paragraphs.append([text])
                continue
        if paragraphs:
            glue = "" if _HYPHEN_END.search(texts[k - 1]) else " "  # 'Tháng 7-' / '10/2020'
            paragraphs[-1].extend((glue, text))
        else:
            paragraphs.append([text])
    return ["".join(p) for p in paragraphs]


def _pages(
    run: list[Paragraph], start: int, end: int, columns: list[_Column]
) -> list[tuple[list[_Column], list[int]]]:
    """The body's lines in stretches, each with the columns of the header repeated above
    it (a page may set the table a few characters to the side)."""
    stretches: list[tuple[list[_Column], list[int]]] = []
    current: list[int] = []
    k = start
    while k < end:
        again = _header(run, k) if regex.match(r"\s*\S", run[k].text) else None
        if again is not None and len(again[0]) == len(columns) and again[1] <= end:
            above = min(again[2])
            stretches.append((columns, [j for j in current if j < above]))
            columns, current, k = again[0], [], again[1]
            continue
        current.append(k)
        k += 1
    stretches.append((columns, current))
    return stretches


@dataclass
class _Found:
    table: Table
    used: int  # how many paragraphs of the run the table took
    tasks: int


def _build(
    run: list[Paragraph], start: int, columns: list[_Column], header_lines: set[int]
) -> _Found | None:
    header = _header_texts(columns)
    where = run[min(header_lines)].where
    folded_header = {fold(t) for k in header_lines for t in (s.text for s in segments(run[k].text))}
    if not any(_is_body_start(p.text) for p in run[start : start + MAX_ABOVE + 1]):
        return None  # no row numbered near the header: not a table
    # the body: up to a part after the table or a line of running text
    end = start
    while end < len(run):
        text = run[end].text
        after_blank = end > start and _line_no(run[end]) - _line_no(run[end - 1]) > 1
        at_margin = len(text) - len(text.lstrip()) <= columns[0].end
        if opens_part_after_table(text) or (
            (after_blank or at_margin) and _is_running_text(text, columns)
        ):
            break
        end += 1
    width = len(columns)
    lines: list[_Line] = []
    index, page = 0.0, 0
    previous: int | None = None
    for chunk_columns, chunk in _pages(run, start, end, columns):
        bounds = _boundaries(chunk_columns, [run[k].text for k in chunk])
        for k in chunk:
            p = run[k]
            segs = segments(p.text)
            number = _line_no(p)
            index += 1 if previous is None else max(number - previous, 1)
            previous = number
            texts = [s.text for s in segs]
            if len(segs) == 1 and _PAGE_NUMBER.match(texts[0]) and segs[0].start >= bounds[0]:
                index -= 1
                previous = None  # a page number: the break is closed up
                page += 1
                continue
            if all(is_column_number(t) for t in texts) or all(
                fold(t) in folded_header for t in texts
            ):
                continue  # a column-number row or a header repeated after a page break
            lines.append(_Line(index, _cells(segs, bounds, width), p.where, p.text, page))
    spans = [max((len(t) for ln in lines for t in ln.cells[c]), default=0) for c in range(width)]
    name = next((k for k, t in enumerate(header) if header_field(t) in {"name", "content"}), 1)
    rows: list[Row] = [Row([[t] for t in header], where, is_header=True)]
    tasks = 0

    def flush(lo: int, hi: int, anchors: list[int]) -> None:
        nonlocal tasks
        part = lines[lo:hi]
        offsets = [a - lo for a in anchors]
        # cells centred in their rows, or all at the top: whichever fits the table better
        fits = [_divide(part, offsets, name, c) for c in (True, False)]
        ranges = min(fits, key=lambda fit: fit[1])[0]
        for a, (r0, r1) in zip(offsets, ranges, strict=True):
            cells = [
                _join([t for ln in part[r0:r1] for t in ln.cells[c]], spans[c])
                for c in range(width)
            ]
            cells[0] = [" ".join(part[a].cells[0]).rstrip(".")]
            rows.append(Row(cells, part[a].where))
            tasks += 1

    expected, lo, restart = 1, 0, False  # after a group, TT goes on or starts again at 1
    anchors: list[int] = []
    for k, ln in enumerate(lines):
        group = _group(ln.text, ln.cells)
        tt = _TT.match(" ".join(ln.cells[0]))
        if group:
            flush(lo, k, anchors)
            rows.append(Row([[group[0]], [group[1]]] + [[] for _ in range(width - 2)], ln.where))
            anchors, lo, restart = [], k + 1, True
        elif tt and (int(tt.group("n")) == expected or (restart and tt.group("n") == "1")):
            anchors.append(k)
            expected, restart = int(tt.group("n")) + 1, False
    flush(lo, len(lines), anchors)
    if tasks == 0:
        return None
    return _Found(Table(rows, where), end, tasks)


LAYOUT = (
    "line {line}: the task table was rebuilt from space-aligned columns (a text dump "
    "of a PDF); check the cells of its {count} tasks against the original"
)


def rebuild_layout_columns(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """The blocks with each space-aligned task table replaced by a Table (and a
    two-column header on shared lines read column by column), and a warning for each
    table rebuilt."""
    blocks = rebuild_header_columns(blocks)
    out: list[Block] = []
    warnings: list[str] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if not isinstance(block, Paragraph):
            out.append(block)
            i += 1
            continue
        run = _paragraph_run(blocks, i)
        k = 0
        while k < len(run):
            found = None
            header = _header(run, k)
            if header is not None:
                columns, after, used = header
                found = _build(run, after, columns, used)
            if found is None:
                out.append(run[k])
                k += 1
                continue
            del out[len(out) - (k - min(used)) :]  # header lines above the one read
            out.append(found.table)
            line = run[min(used)].where.line
            warnings.append(LAYOUT.format(line=line, count=found.tasks))
            k = found.used
        i += len(run)
    return out, warnings
