"""Small PDFs written byte by byte for the PDF tests: pages, rotation, ruled tables, loops."""

from __future__ import annotations

FONT = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"


def build(objects: list[bytes], root: int = 1, trailer: bytes = b"") -> bytes:
    """A PDF of ``objects`` (numbered from 1) with a classic xref table (``trailer``:
    more keys of the trailer, e.g. an /Encrypt entry)."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\n" % (len(objects) + 1, root, trailer)
    return out + b"startxref\n%d\n%%%%EOF\n" % xref


def stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def one_page(content: bytes, page_extra: bytes = b"", size: tuple[int, int] = (595, 842)) -> bytes:
    """A one-page PDF showing ``content`` (``page_extra``: more keys of the page)."""
    return build(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources " % size
            + FONT
            + b" /Contents 4 0 R "
            + page_extra
            + b">>",
            stream(content),
        ]
    )


def text(lines: list[str], x: float, y: float, size: float = 12, matrix: str = "") -> bytes:
    """Lines of text from (x, y) down, 1.2 sizes apart (``matrix``: a text matrix)."""
    out = f"BT /F1 {size} Tf " + (f"{matrix} Tm " if matrix else f"{x} {y} Td ")
    for i, line in enumerate(lines):
        if i:
            out += f"0 {-1.2 * size} Td "
        out += f"({line}) Tj "
    return (out + "ET").encode("latin-1")


def grid(xs: list[float], ys: list[float]) -> bytes:
    """Ruling lines of a table: vertical lines at ``xs``, horizontal at ``ys``."""
    out = "0.5 w "
    for x in xs:
        out += f"{x} {ys[0]} m {x} {ys[-1]} l S "
    for y in ys:
        out += f"{xs[0]} {y} m {xs[-1]} {y} l S "
    return out.encode()
