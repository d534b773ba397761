"""Several documents in one file: where a second one begins (two plans saved together).

A document opens with a header block (the national motto, the number line) over its
kind alone on a line (``src/khtool/data/documents.yaml``). Such a block after the first
document's body began (after its signature, or after its appendix when it has none)
opens another document, unless the line under the kind attaches it to the plan
(``(Kèm theo Kế hoạch …)``: an appendix with a header of its own). A plan issued with a
decision is one document: the decision stands before the plan's body. Only the first
document is read; the plan says so in one warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Protocol

import regex

from khtool.reading.blocks import Provenance
from khtool.vocab import fold, headings, load

SEVERAL = "the file contains {count} documents; read the first ({where})"
"""The warning of a file of several documents (the batch report repeats it)."""

HEADER_WINDOW = 8
"""Lines between the first line of a header block and its kind line, at most."""
ATTACHED_WINDOW = 2
"""Lines under a kind line searched for the words that attach it to the plan."""


class _Line(Protocol):
    text: str
    where: Provenance


@cache
def _vocabulary() -> tuple[frozenset[str], tuple[str, ...], regex.Pattern[str], regex.Pattern[str]]:
    data = load("documents")
    kinds = frozenset(fold(k) for k in data["kinds"])
    motto = tuple(fold(m) for m in data["national_motto"])
    alt = "|".join(regex.escape(o) for o in data["number_openers"])
    number = regex.compile(rf"^(?:{alt})\s*:", regex.I)
    alt = "|".join(regex.escape(o) for o in data["attached_openers"])
    attached = regex.compile(rf"^(?:{alt})\b", regex.I)
    return kinds, motto, number, attached


def _bare(text: str) -> str:
    return text.strip().strip("*_|#() \t").strip()


def _is_kind(text: str) -> bool:
    bare = _bare(text)
    return bare.isupper() and fold(bare) in _vocabulary()[0]


def is_motto(text: str) -> bool:
    """A line that holds the national motto (never a task table's cell)."""
    folded = fold(text)
    return any(m in folded for m in _vocabulary()[1])


def _is_header_cue(text: str) -> bool:
    return is_motto(text) or bool(_vocabulary()[2].match(_bare(text)))


def _is_attached(text: str) -> bool:
    return bool(_vocabulary()[3].match(_bare(text)))


def is_several(warning: str) -> bool:
    """Whether a plan warning is the one of :data:`SEVERAL`."""
    head, _, tail = SEVERAL.partition("{count}")
    return warning.startswith(head) and tail.split("{where}")[0] in warning


def document_starts(lines: Sequence[_Line], start: int) -> list[int]:
    """Indexes of ``lines`` where a further document begins, looking from ``start``
    (the first document's body): the first line of each header block (the motto, the
    number line) that stands over a kind line not attached to the plan."""
    found: list[int] = []
    floor = start  # a header block lies after the previous kind line
    for i in range(start, len(lines)):
        if not _is_kind(lines[i].text):
            continue
        first = max(floor, i - HEADER_WINDOW)
        block = [j for j in range(first, i) if _is_header_cue(lines[j].text)]
        under = lines[i + 1 : i + 1 + ATTACHED_WINDOW]
        if block and not any(_is_attached(line.text) for line in under):
            found.append(_issuer_above(lines, block[0], first))
        floor = i + 1  # the cues above a kind line belong to it, whatever it is
    return found


ISSUER_LINES = 2
"""Upper-case lines above the motto taken as the issuing body's name, at most."""


def _issuer_above(lines: Sequence[_Line], cue: int, first: int) -> int:
    """The first line of a header block whose first cue is ``lines[cue]``: the cells of
    the same row before it (the issuer beside the motto), and the issuing body's
    upper-case lines above it (never a signer's title)."""
    start = cue
    row = lines[cue].where
    while start > first and row.line is not None and lines[start - 1].where == row:
        start -= 1
    titles = {fold(t) for t in headings("signer_titles")}
    for _ in range(ISSUER_LINES):
        if start <= first:
            break
        text = _bare(lines[start - 1].text)
        if not text.isupper() or fold(text) in titles or _is_kind(text) or " " not in text:
            break
        start -= 1
    return start


def extent(wheres: Sequence[Provenance], fmt: str) -> str:
    """Where the first document lies in the source (the provenance of its lines), as a
    user finds it: 'lines 1–40' (text, HTML), 'paragraphs 1–40' (.docx) or 'pages 1–3'
    (PDF)."""
    pages = [w.page for w in wheres if w.page is not None]
    if pages:
        return f"pages 1–{max(pages)}"
    numbers = [w.line for w in wheres if w.line is not None]
    if not numbers:
        return f"its first {len(wheres)} lines"
    unit = "paragraphs" if fmt == "docx" else "lines"
    return f"{unit} 1–{max(numbers)}"
