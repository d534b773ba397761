"""Normalisation: the guarantees every later stage relies on.

After :func:`normalize_document`:

* every string is Unicode NFC;
* no tabs, CR, NBSP, zero-width or other control characters; runs of white space
  are one space, and strings are stripped;
* no Markdown emphasis markers (``**``, and ``*``/``_`` around a whole paragraph), no
  emoji presentation marks on digits, and no HTML tags or entities; an HTML
  fragment inside a cell became one paragraph per ``<p>``/``<li>``/``<br>``, and
  the items of an inline ``<ul>`` list became one paragraph each, keeping their
  ``- `` marker;
* no empty paragraph blocks; empty cells are empty lists.

Dashes, quotes and ellipses are left as written: they are part of the values.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from html import unescape
from html.parser import HTMLParser

import regex

from khtool.reading.blocks import Document, Paragraph, Row, Table

_CONTROL = regex.compile(r"[\p{Cc}\p{Cf}\u00a0\u2028\u2029]")
# emoji presentation marks on digits (1️. 1️⃣) from converted documents
_EMOJI_MARKS = regex.compile(r"[\ufe0e\ufe0f\u20e3]")
_WS = regex.compile(r"\s+")
_BOLD = regex.compile(r"\*{2,}")
_EMPHASIS = regex.compile(r"^([*_])(?=\S)(?P<inner>[^*_]*\S)\1$")
_TAG = regex.compile(r"</?[A-Za-z][^<>]*>")
# In an inline list, a new item starts at ' - ' before a capital letter.
_UL_ITEM = regex.compile(r"(?:^|\s)-\s+(?=\p{Lu})")
_BLOCK_TAGS = {"p", "li", "div", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}


def clean(text: str) -> str:
    """NFC, no control characters, one space between words, no Markdown bold."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(lambda m: " " if m.group() not in "\u200b\u200c\u200d\ufeff" else "", text)
    text = _BOLD.sub("", text)
    text = _EMOJI_MARKS.sub("", text)
    text = _WS.sub(" ", text).strip()
    emphasis = _EMPHASIS.match(text)
    return emphasis.group("inner") if emphasis else text


class _FragmentParser(HTMLParser):
    """Split an HTML fragment into paragraphs, remembering which text sat in a <ul>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[str, bool]] = []
        self._buf: list[str] = []
        self._ul_depth = 0
        self._li_depth = 0

    def _flush(self) -> None:
        text = "".join(self._buf)
        self._buf = []
        if text.strip():
            self.parts.append((text, self._ul_depth > 0 and self._li_depth == 0))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS or tag in {"ul", "ol"}:
            self._flush()
        if tag in {"ul", "ol"}:
            self._ul_depth += 1
        elif tag == "li":
            self._li_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS or tag in {"ul", "ol"}:
            self._flush()
        if tag in {"ul", "ol"}:
            self._ul_depth = max(0, self._ul_depth - 1)
        elif tag == "li":
            self._li_depth = max(0, self._li_depth - 1)

    def handle_data(self, data: str) -> None:
        self._buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _split_inline_list(text: str) -> list[str]:
    """'- a. - B' inside a <ul> → ['- a.', '- B'] (items keep their marker)."""
    starts = [m.start() for m in _UL_ITEM.finditer(text)]
    if not starts:
        return [text]
    pieces = []
    if text[: starts[0]].strip():
        pieces.append(text[: starts[0]])
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        pieces.append(text[start:end])
    return pieces


def cell_paragraphs(raw: str) -> list[str]:
    """Turn one raw cell (plain text or an HTML fragment) into clean paragraphs."""
    if "<" in raw and _TAG.search(raw):
        parser = _FragmentParser()
        parser.feed(raw)
        parser.close()
        out: list[str] = []
        for text, in_inline_list in parser.parts:
            pieces = _split_inline_list(text) if in_inline_list else [text]
            out.extend(p for p in (clean(piece) for piece in pieces) if p)
        return out
    text = clean(unescape(raw) if "&" in raw else raw)
    return [text] if text else []


def normalize_paragraphs(paragraphs: list[str]) -> list[str]:
    """Normalise a cell given as a list of raw paragraphs (e.g. from .docx)."""
    out: list[str] = []
    for raw in paragraphs:
        out.extend(cell_paragraphs(raw))
    return out


def normalize_document(doc: Document) -> Document:
    """Return a new Document whose blocks satisfy the guarantees above."""
    blocks: list[Paragraph | Table] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            text = clean(_TAG.sub(" ", block.text)) if "<" in block.text else clean(block.text)
            if text:
                blocks.append(Paragraph(unescape(text) if "&" in text else text, block.where))
        else:
            rows = [
                Row([normalize_paragraphs(cell) for cell in row.cells], row.where, row.is_header)
                for row in block.rows
            ]
            blocks.append(Table(rows, block.where))
    # a reader's own Document subclass (a PDF's OCR record) keeps its other fields
    return dataclasses.replace(doc, blocks=blocks, warnings=list(doc.warnings))
