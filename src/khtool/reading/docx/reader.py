"""Word (.docx) reader: body paragraphs and tables in reading order.

* The zip is checked before anything is inflated: a broken zip, a file that is not
  a Word document, or a total inflated size over ``limits.max_inflated`` (a zip
  bomb) gets one clear error. XML parts that declare a DOCTYPE or entities (XXE,
  "billion laughs") are refused before python-docx parses them. A main part whose
  root is not a ``w:document`` in Word's namespace is refused in one line.
* Paragraph text includes tracked insertions and field results, not deletions,
  hidden text, field codes, drawings or text boxes. A line break (``w:br``) inside a paragraph
  starts a new paragraph, as ``<br>`` does in HTML.
* Automatic numbering is written back into the text: ``1.``, ``4.1.``, ``a)``,
  ``I.`` from the list level's pattern, and ``- `` for bullets, so a numbered
  paragraph reads like its plain-text rendering.
* Tables: merged cells are laid on the grid by :mod:`khtool.reading.grid`
  (a gridSpan group row appears once; vertical merges); rows marked to repeat
  as header (``w:tblHeader``) get ``Row.is_header``; a table nested in a cell
  adds its paragraphs to that cell.

Provenance: Word has no stable pages or lines, so ``page`` is None and ``line``
counts the body's blocks in reading order (each paragraph, each table row).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from khtool.errors import InputError, LimitExceededError
from khtool.limits import Limits, count_upto, too_many_chars, too_many_lines
from khtool.reading.blocks import Block, Document, Paragraph, Provenance, Row, Table
from khtool.reading.docx.numbering import Numbering
from khtool.reading.grid import GridBuilder, SourceCell, too_wide

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_DOCTYPE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DOCTYPE_TEXT = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_START_TAG = re.compile(rb"<[A-Za-z_]")
_FALSE = {"0", "false", "off"}
# parts that are never XML: not inflated for the DOCTYPE check
_MEDIA = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf")

# run-level elements whose whole subtree carries no visible body text
_SKIP = {
    f"{W}del",
    f"{W}moveFrom",
    f"{W}delText",
    f"{W}instrText",
    f"{W}delInstrText",
    f"{W}drawing",
    f"{W}pict",
    f"{W}object",
    f"{W}rPr",
    f"{W}pPr",
    f"{W}footnoteReference",
    f"{W}endnoteReference",
    f"{W}commentReference",
    f"{MC}AlternateContent",
}
# containers whose children are read as if they stood in the parent
_TRANSPARENT = {f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}ins", f"{W}moveTo"}


def read(path: Path, data: bytes, limits: Limits) -> Document:
    check_package(data, path, limits)
    import docx  # python-docx: imported lazily, only when a .docx is read
    from lxml import etree

    try:
        document = docx.Document(io.BytesIO(data))
    except ValueError as exc:
        if "is not a Word file" in str(exc):  # an .xlsx or .pptx named .docx
            raise InputError(
                "not a Word document (.docx): another kind of Office file", path
            ) from None
        raise InputError(f"not a valid .docx ({_reason(exc)})", path) from None
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise InputError(f"not a valid .docx ({_reason(exc)})", path) from None
    except (AttributeError, TypeError):  # python-docx on a part with unexpected elements
        raise InputError(
            "not a valid .docx (a part is not laid out as Word writes it)", path
        ) from None
    except Exception as exc:  # python-docx raises its own classes for broken packages
        if type(exc).__module__.startswith("docx"):
            raise InputError(f"not a valid .docx ({_reason(exc)})", path) from None
        raise
    root = document.element
    if root.tag != f"{W}document":
        raise InputError(
            f"not a valid .docx: {str(document.part.partname).lstrip('/')} is not a Word "
            f"document (root {_tag_name(root.tag)})",
            path,
        )
    numbering = Numbering.from_document(document)
    reader = _BodyReader(numbering, path, limits)
    body = root.find(f"{W}body")
    if body is not None:  # a document without a body reads as an empty one
        reader.read_container(body)
    return Document(reader.blocks, "docx", None, list(numbering.warnings))


def _tag_name(tag: object) -> str:
    """An element's tag as ``local`` in ``namespace``, cut short for a message."""
    if not isinstance(tag, str):
        return "not an element"
    namespace, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    where = f" in namespace {namespace[:80]}" if namespace else " without a namespace"
    return f"<{local[:40]}>{where}"


def check_package(data: bytes, path: Path, limits: Limits) -> None:
    """Refuse broken zips, non-Word zips, zip bombs and XML with DOCTYPE/entities."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise InputError("not a valid .docx (corrupt zip)", path) from None
    inflated = sum(info.file_size for info in infos)
    if inflated > limits.max_inflated:
        raise LimitExceededError(
            f"the .docx would inflate to {inflated / 1e6:.0f} MB, over the "
            f"{limits.max_inflated / 1e6:.0f} MB limit (zip bomb?; raise it with --max-inflated)",
            path,
        )
    elements = 0
    if "[Content_Types].xml" not in {info.filename for info in infos}:
        raise InputError("not a Word document (.docx): a zip without [Content_Types].xml", path)
    for info in infos:
        if info.flag_bits & 0x1:  # zip encryption: Word never encrypts one part
            raise InputError(
                f"not a valid .docx ({info.filename} is encrypted; "
                "save the document without a password)",
                path,
            )
        if info.is_dir() or info.filename.lower().endswith(_MEDIA):
            continue
        try:
            part = archive.read(info)
        except (
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            ValueError,
            EOFError,
            NotImplementedError,
            RuntimeError,
        ) as exc:
            raise InputError(f"not a valid .docx (corrupt zip: {_reason(exc)})", path) from None
        if _declares_doctype(part):
            raise InputError(
                f"not a valid .docx ({info.filename} declares a DOCTYPE or XML entities, "
                "which Word never writes; refused for safety)",
                path,
            )
        elements = _count_elements(part, elements, limits.max_elements, path)


def _count_elements(part: bytes, before: int, limit: int, path: Path) -> int:
    """``before`` plus the start tags of one XML part, refused past ``limit`` (the
    parsed tree takes a few hundred bytes per element), counted before any parsing."""
    count = before + count_upto(_START_TAG.finditer(part), max(0, limit - before))
    if count > limit:
        raise LimitExceededError(
            f"the .docx has more than {limit:,} XML elements, over the limit "
            "(raise it with --max-elements)",
            path,
        )
    return count


def _declares_doctype(part: bytes) -> bool:
    """True if an XML part has a DOCTYPE or ENTITY declaration, in any encoding XML allows."""
    if _DOCTYPE.search(part):
        return True
    if b"\x00" not in part[:8]:
        return False
    for encoding in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        if _DOCTYPE_TEXT.search(part.decode(encoding, "ignore")):
            return True
    return False


def _reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]


def _on(element: object, tag: str) -> bool:
    """True if the property element ``tag`` is present and not switched off."""
    found = element.find(tag) if element is not None else None  # type: ignore[attr-defined]
    return found is not None and found.get(f"{W}val", "true").lower() not in _FALSE


def _int_val(element: object, tag: str, default: int) -> int:
    found = element.find(tag) if element is not None else None  # type: ignore[attr-defined]
    if found is None:
        return default
    try:
        return int(found.get(f"{W}val", default))
    except ValueError:
        return default


class _BodyReader:
    def __init__(
        self, numbering: Numbering, path: Path | None = None, limits: Limits | None = None
    ) -> None:
        self.numbering = numbering
        self.path = path
        self.limits = limits or Limits()
        self.chars = 0  # characters of the paragraphs read so far
        self.blocks: list[Block] = []
        self.count = 0

    def _where(self) -> Provenance:
        self.count += 1
        if self.count > self.limits.max_lines:
            raise LimitExceededError(too_many_lines(self.count, self.limits.max_lines), self.path)
        return Provenance(None, self.count)

    def read_container(self, container: object) -> None:
        for child in _children(container, {f"{W}p", f"{W}tbl"}):
            if child.tag == f"{W}p":
                where = self._where()
                for text in self.paragraph_texts(child):
                    self.blocks.append(Paragraph(text, where))
            else:
                self.blocks.append(self.table(child))

    def paragraph_texts(self, p: object) -> list[str]:
        """The paragraph's text with its list label; one string per line break."""
        text = _text(p)
        self.chars += len(text)
        if self.chars > self.limits.max_chars:
            raise LimitExceededError(
                too_many_chars(self.limits.max_chars, "the document"), self.path
            )
        label = self.numbering.label(p)
        if label:
            text = f"{label} {text.lstrip()}"
        return [piece for piece in text.split("\n")]

    def cell_paragraphs(self, tc: object) -> list[str]:
        out: list[str] = []
        for child in _children(tc, {f"{W}p", f"{W}tbl"}):
            if child.tag == f"{W}p":
                out.extend(t for t in self.paragraph_texts(child) if t.strip())
            else:  # a nested table: its cells' paragraphs, row by row
                for tr in _children(child, {f"{W}tr"}):
                    for inner in _children(tr, {f"{W}tc"}):
                        out.extend(self.cell_paragraphs(inner))
        return out

    def table(self, tbl: object) -> Table:
        grid = tbl.find(f"{W}tblGrid")  # type: ignore[attr-defined]
        width = len(grid.findall(f"{W}gridCol")) if grid is not None else 0
        max_columns = self.limits.max_columns
        if width > max_columns:
            raise too_wide(width, self.path, "a table grid (w:tblGrid)", max_columns)
        builder = GridBuilder(self.path, max_columns)
        rows: list[Row] = []
        first = None
        for tr in _children(tbl, {f"{W}tr"}):
            trpr = tr.find(f"{W}trPr")
            cells = []
            for tc in _children(tr, {f"{W}tc"}):
                tcpr = tc.find(f"{W}tcPr")
                merge = None
                if tcpr is not None and tcpr.find(f"{W}vMerge") is not None:
                    value = tcpr.find(f"{W}vMerge").get(f"{W}val", "continue")
                    merge = "restart" if value == "restart" else "continue"
                cells.append(
                    SourceCell(
                        self.cell_paragraphs(tc), _int_val(tcpr, f"{W}gridSpan", 1), 1, merge
                    )
                )
            laid = builder.add(cells, before=_int_val(trpr, f"{W}gridBefore", 0))
            laid.extend([] for _ in range(width - len(laid)))
            where = self._where()
            first = first or where
            rows.append(Row(laid, where, is_header=_on(trpr, f"{W}tblHeader")))
        return Table(rows, first or Provenance(None, self.count))


def _children(element: object, tags: set[str]) -> Iterator:  # type: ignore[type-arg]
    """Children with one of ``tags``, looking through content controls and custom XML."""
    for child in element:  # type: ignore[attr-defined]
        tag = child.tag
        if tag in tags:
            yield child
        elif tag in _TRANSPARENT:
            yield from _children(child, tags)


def _text(p: object) -> str:
    """Visible text of a paragraph: runs, tabs, breaks; no deletions or field codes."""
    parts: list[str] = []
    stack = [iter(p)]  # type: ignore[call-overload]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == f"{W}r" and _on(child.find(f"{W}rPr"), f"{W}vanish"):
            continue  # hidden text: Word neither shows nor prints it
        if tag == f"{W}t":
            parts.append(child.text or "")
        elif tag in (f"{W}tab", f"{W}ptab"):
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{W}sym":
            parts.append(_symbol(child.get(f"{W}char", "")))
        elif tag == f"{W}p":  # a paragraph inside a paragraph (text box content): its own line
            parts.append("\n")
            stack.append(iter(child))
        else:
            stack.append(iter(child))
    return "".join(parts)


def _symbol(code: str) -> str:
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:  # symbol fonts map into the private use area
        value -= 0xF000
    if value < 0x20 or value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        return ""  # a control character, or no Unicode character at all
    return chr(value)
