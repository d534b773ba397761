"""HTML reader for plans published as web pages (legal libraries, portals).

* The plan is taken from the page's single ``<article>``, else its ``<main>``, else
  the ``<body>``; site chrome is dropped: scripts, styles, navigation, forms, asides,
  hidden elements and (outside the chosen article) the page header and footer; in a
  page made of ``<div>``s, blocks whose class or id names chrome (menu, breadcrumb,
  sidebar, footer …) and blocks that are mostly links.
* Block elements (``<p>``, ``<div>``, headings, list items) and ``<br>`` start new
  paragraphs; ``<ol>`` items get their number (``1.``) and ``<ul>`` items a ``- ``
  marker, as the plain text of the page would show them.
* Tables keep rows × cells × paragraphs; ``colspan``/``rowspan`` are laid on the grid
  by :mod:`khtool.reading.grid`; rows in ``<thead>`` or made of ``<th>`` cells are
  header rows. A one-cell layout table is read as ordinary content; a table inside
  a cell adds its paragraphs to that cell.
* Safe by construction: libxml2's HTML parser never fetches anything and does not
  expand entities declared in a DOCTYPE; nesting deeper than
  ``limits.max_html_depth`` (or libxml2's own limit) is a :class:`LimitExceededError`,
  never a silently truncated page.

Provenance: ``line`` is the source line where the paragraph or row starts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from khtool.errors import InputError, LimitExceededError
from khtool.limits import Limits, too_many_chars, too_many_lines
from khtool.reading.blocks import Block, Document, Paragraph, Provenance, Row, Table
from khtool.reading.grid import GridBuilder, SourceCell
from khtool.reading.html_input import check_attributes, check_elements, decode_page

_BLOCK = {
    "address",
    "article",
    "blockquote",
    "body",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "ul",
    "caption",
}
_CELL_BLOCK = _BLOCK | {"table", "thead", "tbody", "tfoot", "tr", "td", "th"}
# never part of the document, wherever they are
_CHROME = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "audio",
    "video",
    "head",
    "title",
    "meta",
    "link",
)
_PAGE_CHROME = ("header", "footer")
# a class or id naming site chrome built from <div>s (when there is no <article>/<main>)
_CHROME_NAME = re.compile(
    r"^(?:(?:site|page|main|top|bottom|left|right)[-_]?)?"
    r"(?:header|footer|menu|nav|navbar|navigation|breadcrumbs?|sidebar|banner)$"
    r"|^(?:share|social|comments?|related|advert|ads|cookies?|login)$",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_NO_MARKER = re.compile(r"list-style(?:-type)?\s*:\s*none", re.IGNORECASE)
PARSER_MAX_DEPTH = 2048  # libxml2's own limit with huge_tree
MAX_COLSPAN = 1000  # the HTML standard's limits
MAX_ROWSPAN = 65534


def read(path: Path, data: bytes, limits: Limits) -> Document:
    import lxml.html
    from lxml import etree

    text = decode_page(data, path)
    if len(text) > limits.max_chars:
        raise LimitExceededError(too_many_chars(limits.max_chars, "the page"), path)
    check_elements(text, path, limits.max_elements)
    check_attributes(text, path, limits.max_attributes)
    parser = lxml.html.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        huge_tree=True,  # allow nesting up to libxml2's 2048; the limit below decides
    )
    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"not a readable HTML page ({exc})", path) from None
    for entry in parser.error_log:
        if "depth" in entry.message.lower() or entry.type_name == "ERR_RESOURCE_LIMIT":
            # libxml2 stops at 2048 levels and keeps what it had: never a silent half page
            limit = min(limits.max_html_depth, PARSER_MAX_DEPTH)
            raise LimitExceededError(f"HTML nesting is deeper than {limit} elements", path)
    root = _content_root(tree)
    _strip_chrome(root)
    collector = _Collector(limits, path, flatten_tables=False)
    collector.walk(root, 0)
    collector.flush()
    return Document(collector.items, "html", None, [])


def _content_root(tree: Any) -> Any:
    """The page's single <article>, else its <main>, else <body> (else the whole tree)."""
    for xpath in ("//article", "//main", "//*[@role='main']"):
        found = tree.xpath(xpath)
        if len(found) == 1:
            return found[0]
    body = tree.find("body")
    if body is None:
        return tree
    from lxml import etree

    etree.strip_elements(body, *_PAGE_CHROME, with_tail=False)
    _drop_div_chrome(body)
    return body


def _drop_div_chrome(body: Any) -> None:
    """Without <article>/<main>, drop blocks that look like site chrome: a class or id
    naming it (menu, breadcrumb, sidebar, footer …) unless it holds most of the page's
    text, or mostly links (menus, link lists) and no table. One bottom-up pass, so
    deep pages stay linear."""
    elements = [el for el in body.iter() if isinstance(el.tag, str)]
    stats: dict[int, list[int]] = {}  # id -> [text length, link text length, links, tables]
    for el in reversed(elements):
        own = stats.setdefault(id(el), [0, 0, 0, 0])
        own[0] += len((el.text or "").strip())
        if el.tag == "a":
            own[1], own[2] = own[0], own[2] + 1
        elif el.tag == "table":
            own[3] += 1
        parent = el.getparent()
        if parent is not None and el is not body:
            up = stats.setdefault(id(parent), [0, 0, 0, 0])
            up[0] += own[0] + len((el.tail or "").strip())
            up[1] += own[1]
            up[2] += own[2]
            up[3] += own[3]
    total = stats[id(body)][0]
    dropped: set[int] = set()
    chrome = []
    for el in elements[1:]:  # document order: a parent before its children
        if id(el.getparent()) in dropped:
            dropped.add(id(el))
            continue
        text, links, count, tables = stats[id(el)]
        names = f"{el.get('class', '')} {el.get('id', '')}".split()
        named = any(_CHROME_NAME.match(name) for name in names)
        mostly_links = count >= 3 and links >= 0.7 * text and not tables
        # a block named like chrome that holds most of the page is the content after all
        if (named and text < 0.5 * total) or mostly_links:
            chrome.append(el)
            dropped.add(id(el))
    for el in chrome:
        el.drop_tree()


def _strip_chrome(root: Any) -> None:
    from lxml import etree

    etree.strip_elements(root, *_CHROME, with_tail=False)
    hidden = [
        el
        for el in root.iter()
        if isinstance(el.tag, str)
        and el is not root
        and (el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style", "")))
    ]
    for el in hidden:
        if el.getparent() is not None:
            el.drop_tree()


def _int_attr(el: Any, name: str, cap: int) -> int:
    try:
        return max(1, min(int((el.get(name) or "1").strip()), cap))
    except ValueError:
        return 1


class _Collector:
    """Walk an element without recursion, gathering paragraphs and tables."""

    def __init__(self, limits: Limits, path: Path, *, flatten_tables: bool) -> None:
        self.limits = limits
        self.max_depth = limits.max_html_depth
        self.max_lines = limits.max_lines
        self.max_columns = limits.max_columns
        self.lines = 0  # paragraphs and table rows so far
        self.path = path
        self.flatten = flatten_tables
        self.items: list[Block] = []
        self._buf: list[str] = []
        self._line: int | None = None
        self._ol: dict[int, int] = {}

    def flush(self) -> None:
        text = "".join(self._buf).strip()
        self._buf = []
        if text:
            self.count_line()
            self.items.append(Paragraph(text, Provenance(None, self._line)))
        self._line = None

    def count_line(self) -> None:
        self.lines += 1
        if self.lines > self.max_lines:
            raise LimitExceededError(too_many_lines(self.lines, self.max_lines), self.path)

    def _add(self, text: str | None, line: int | None) -> None:
        if text:
            if self._line is None and text.strip():
                self._line = line
            self._buf.append(text)

    def walk(self, root: Any, base_depth: int) -> None:
        blocks = _CELL_BLOCK if self.flatten else _BLOCK
        stack: list[tuple[Any, bool]] = [(root, False)]
        depth = base_depth
        while stack:
            el, leaving = stack.pop()
            if leaving:
                depth -= 1
                if el.tag in blocks or el.tag in ("td", "th", "table"):
                    self.flush()
                if el is not root:
                    self._add(el.tail, el.sourceline)
                continue
            tag = el.tag if isinstance(el.tag, str) else ""
            if tag == "br":
                if not _clears_a_picture(el):
                    self.flush()
                self._add(el.tail, el.sourceline)
                continue
            depth += 1
            if depth > self.max_depth:
                raise LimitExceededError(
                    f"HTML nesting is deeper than {self.max_depth} elements", self.path
                )
            if tag == "table" and not self.flatten:
                self.flush()
                cell = _single_cell(el)
                if cell is None:
                    depth -= 1
                    self.items.append(self._table(el, depth))
                    self._add(el.tail, el.sourceline)
                    continue
                # a one-cell layout table: its content is read as the page's own
                stack.append((el, True))
                stack.append((cell, False))
                continue
            if tag in blocks:
                self.flush()
            if tag == "li":
                self._add(self._marker(el), el.sourceline)
            elif tag == "ol":
                self._ol[id(el)] = _int_attr(el, "start", 10**6) - 1
            self._add(el.text, el.sourceline)
            stack.append((el, True))
            stack.extend((child, False) for child in reversed(el))

    def _marker(self, li: Any) -> str:
        parent = li.getparent()
        if parent is None or parent.tag != "ol":
            if parent is not None and _NO_MARKER.search(
                (parent.get("style") or "") + (li.get("style") or "")
            ):
                return ""
            return "- "
        self._ol[id(parent)] = self._ol.get(id(parent), 0) + 1
        return f"{_ol_label(self._ol[id(parent)], parent.get('type') or '1')} "

    def _table(self, table: Any, depth: int) -> Table:
        grid = GridBuilder(self.path, self.max_columns)
        rows: list[Row] = []
        for tr, in_head in _rows(table):
            cells = []
            kinds = []
            for cell in tr:
                if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                    continue
                inner = _Collector(self.limits, self.path, flatten_tables=True)
                inner.walk(cell, depth + 2)
                inner.flush()
                texts = [p.text for p in inner.items if isinstance(p, Paragraph)]
                cells.append(
                    SourceCell(
                        texts,
                        _int_attr(cell, "colspan", MAX_COLSPAN),
                        _int_attr(cell, "rowspan", MAX_ROWSPAN),
                    )
                )
                kinds.append(cell.tag)
            if not cells:
                continue
            is_header = in_head or all(kind == "th" for kind in kinds)
            self.count_line()
            rows.append(Row(grid.add(cells), Provenance(None, tr.sourceline), is_header))
        return Table(rows, Provenance(None, table.sourceline))


def _rows(table: Any) -> list[tuple[Any, bool]]:
    out = []
    for child in table:
        if child.tag == "tr":
            out.append((child, False))
        elif child.tag in ("thead", "tbody", "tfoot"):
            out.extend((tr, child.tag == "thead") for tr in child if tr.tag == "tr")
    return out


def _single_cell(table: Any) -> Any:
    rows = _rows(table)
    if len(rows) != 1:
        return None
    cells = [c for c in rows[0][0] if isinstance(c.tag, str) and c.tag in ("td", "th")]
    return cells[0] if len(cells) == 1 else None


def _ol_label(n: int, kind: str) -> str:
    from khtool.reading.docx.numbering import format_number

    fmt = {
        "a": "lowerLetter",
        "A": "upperLetter",
        "i": "lowerRoman",
        "I": "upperRoman",
    }.get(kind, "decimal")
    return f"{format_number(n, fmt)}."


def _clears_a_picture(br: Any) -> bool:
    """A ``<br clear=…>`` right after an image: the break a converter writes to move the
    text below a floating picture (LibreOffice does it even inside a word, ``S<img…>
    <br clear="left">ố:``), not a line break of the text."""
    if br.get("clear") is None:
        return False
    before = br.getprevious()
    if before is not None:
        return before.tag == "img" and not (before.tail or "").strip()
    parent = br.getparent()
    return parent is not None and parent.tag == "img"
