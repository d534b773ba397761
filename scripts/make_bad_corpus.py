"""make bad-corpus: write tests/fixtures/bad/ — broken and hostile inputs — and its manifest.

Every file is generated here, deterministically, from the real fixtures or from
scratch, so the corpus can grow by adding a case below. ``manifest.yaml`` lists
each case with the command to run, the exit code and the exact stderr line
khtool must give (``{file}`` stands for the input path); tests/test_bad_inputs.py
runs them all. Cases marked ``setup`` are made by the test itself at run time
(a missing path, a directory, an unreadable file, a 100 MB file).

Usage: python scripts/make_bad_corpus.py [--check]   (--check: exit 1 if a file differs)
"""

from __future__ import annotations

import hashlib
import io
import random
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import yaml  # noqa: E402

from khtool.reading import legacy  # noqa: E402

BAD = ROOT / "tests" / "fixtures" / "bad"
PLAN_2025 = ROOT / "tests" / "fixtures" / "plan-2025-draft.txt"
REL = "tests/fixtures/bad"
CANARY = "KHTOOL-XXE-CANARY-7f3a"  # the content of secret.txt; must never be output
PWNED = "khtool-pwned-canary"  # a file a YAML payload would create if code ran
ZIP_DATE = (2024, 1, 1, 0, 0, 0)

NOT_A_PLAN = "not a plan: no numbered sections (I. MỤC TIÊU …) and no task table found"
NO_TABLE_WARNING = "warning: no task table (no tasks)"
NO_APPENDIX = "no task table found (required by --require appendix)"


@dataclass
class Case:
    id: str
    why: str
    file: str | None = None  # written by ``make``, or an existing fixture
    make: Callable[[], bytes] | None = None
    setup: str | None = None  # made by the test at run time
    args: list[str] = field(default_factory=lambda: ["parse", "{file}"])
    exit: int = 2
    stderr: str | None = None  # the exact line after "khtool: ", "{file}" for the path
    stderr_prefix: str | None = None
    stdout_contains: str | None = None  # exit 1 (validate findings): a line of the report
    warning: str | None = None  # exit 0: a Plan warning starting with this
    same_as: str | None = None  # exit 0: parses to the same Plan as this file
    never: list[str] = field(default_factory=list)  # never in stdout, stderr or output

    def entry(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "why": self.why}
        if self.file:
            out["file"] = self.file if "/" in self.file else f"{REL}/{self.file}"
        keys = ("setup", "args", "exit", "stderr", "stderr_prefix", "stdout_contains")
        for key in (*keys, "warning", "same_as"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.never:
            out["never"] = self.never
        return out


# -- text ------------------------------------------------------------------------------


def plan_text() -> str:
    return PLAN_2025.read_text("utf-8")


def plan_lines() -> list[str]:
    return plan_text().split("\n")


def junk(seed: int, size: int = 4096, prefix: bytes = b"") -> Callable[[], bytes]:
    return lambda: prefix + random.Random(seed).randbytes(size)


def no_appendix() -> bytes:
    lines = plan_lines()
    cut = lines.index("PHỤ LỤC")
    return "\n".join(lines[:cut]).rstrip("\n").encode() + b"\n"


def bad_row_line() -> int:
    return next(i for i, line in enumerate(plan_lines()) if line.startswith("3\t")) + 1


def bad_row() -> bytes:
    """Task 3 of the appendix with 3 cells instead of 7 (lead, partners, timeline lost)."""
    lines = plan_lines()
    i = bad_row_line() - 1
    lines[i] = "\t".join(lines[i].split("\t")[:3])
    return "\n".join(lines).encode()


INVALID_UTF8_AT = 5000


def invalid_utf8() -> bytes:
    data = PLAN_2025.read_bytes()
    return data[:INVALID_UTF8_AT] + b"\xff\xfe" + data[INVALID_UTF8_AT:]


def invalid_utf8_position() -> tuple[int, int]:
    data = PLAN_2025.read_bytes()[:INVALID_UTF8_AT]
    return data.count(b"\n") + 1, INVALID_UTF8_AT - data.rfind(b"\n")


NOVEL = """Chương một

Mưa bắt đầu rơi từ lúc trời còn chưa sáng. Lan nằm nghe tiếng mưa gõ lên mái tôn, đếm từng giọt như hồi còn nhỏ cô vẫn đếm những vì sao qua khe cửa.

Bà nội đã dậy từ lâu. Dưới bếp, lửa reo lách tách, mùi khói rơm quyện với mùi cơm mới làm cả căn nhà ấm lại.

– Dậy đi con, hôm nay phiên chợ cuối năm, – bà gọi vọng lên.

Lan khoác chiếc áo len cũ của mẹ, chạy xuống bếp. Bà đưa cho cô một nắm xôi còn nóng và dặn mua thêm một bó hoa cúc để bày lên bàn thờ.

Con đường ra chợ đầy bùn. Những gánh rau xanh mướt nối nhau đi trong màn mưa bụi, tiếng cười nói vang cả một khúc sông.

Ở đầu chợ, ông lão bán chim vẫn ngồi chỗ cũ. Ông nhìn Lan, nheo mắt cười như thể đã biết trước cô sẽ đến.

– Năm nay cháu lớn quá rồi, – ông nói. – Mẹ cháu có về ăn Tết không?

Lan không trả lời. Cô cúi xuống nhìn những chiếc lồng tre, nơi mấy con chào mào đang rũ lông cho khô.

Chiều hôm ấy, khi mang bó cúc vàng về đến ngõ, cô thấy một chiếc xe khách đỗ lại trước cổng nhà.
"""


# -- docx ------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _paragraphs(lines: list[str]) -> str:
    return "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{line}</w:t></w:r></w:p>' for line in lines
    )


def document_xml(body: str, doctype: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"{doctype}"
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    ).encode()


def header_lines() -> list[str]:
    """The first lines of the 2025 plan (header and section I), XML-escaped."""
    return [_xml_escape(x) for x in plan_lines()[:40] if x.strip() and "\t" not in x]


def zip_parts(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data, compresslevel=9)
    return buf.getvalue()


def docx(document: bytes) -> bytes:
    return zip_parts(
        {
            "[Content_Types].xml": CONTENT_TYPES.encode(),
            "_rels/.rels": RELS.encode(),
            "word/document.xml": document,
        }
    )


def plan_docx() -> bytes:
    return docx(document_xml(_paragraphs(header_lines())))


def truncated_docx() -> bytes:
    data = plan_docx()
    return data[: len(data) // 2]


def xxe_docx() -> bytes:
    doctype = (
        "<!DOCTYPE w:document [\n"
        '  <!ENTITY secret SYSTEM "secret.txt">\n'
        '  <!ENTITY passwd SYSTEM "file:///etc/passwd">\n'
        "]>\n"
    )
    lines = header_lines()
    lines.insert(3, "&secret; &passwd;")
    return docx(document_xml(_paragraphs(lines), doctype))


def billion_laughs_docx() -> bytes:
    entities = ['  <!ENTITY lol0 "lol">']
    for i in range(1, 10):
        entities.append(f'  <!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">')
    doctype = "<!DOCTYPE w:document [\n" + "\n".join(entities) + "\n]>\n"
    lines = header_lines()
    lines.insert(3, "&lol9;")
    return docx(document_xml(_paragraphs(lines), doctype))


BOMB_INFLATED = 210_000_000  # just over the 200 MB default of limits.max_inflated


def zip_bomb_docx() -> bytes:
    """A small .docx whose document.xml inflates to 210 MB (blank space in one run)."""
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<w:document xmlns:w="{W_NS}"><w:body>'
    tail = "</w:body></w:document>"
    pad = BOMB_INFLATED - len(head) - len(tail)
    return docx((head + " " * pad + tail).encode())


def lying_zip_docx() -> bytes:
    """document.xml inflates to 20 MB but the zip headers say 1,000 bytes."""
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<w:document xmlns:w="{W_NS}"><w:body>'
    data = bytearray(docx((head + " " * 20_000_000 + "</w:body></w:document>").encode()))
    name = b"word/document.xml"
    pos = 0
    while (pos := data.find(b"PK\x03\x04", pos)) >= 0:  # local headers
        if data[pos + 30 : pos + 30 + len(name)] == name:
            struct.pack_into("<I", data, pos + 22, 1000)
        pos += 4
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) >= 0:  # central directory
        if data[pos + 46 : pos + 46 + len(name)] == name:
            struct.pack_into("<I", data, pos + 24, 1000)
        pos += 4
    return bytes(data)


def zip_not_docx() -> bytes:
    return zip_parts({"readme.txt": b"a zip file, not a Word document\n"})


# -- pdf -------------------------------------------------------------------------------


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


class _Rc4Security:
    """The PDF standard security handler, revision 2 (RC4, 40-bit), with a user password."""

    def __init__(self, user: bytes, owner: bytes, file_id: bytes) -> None:
        self.file_id = file_id
        self.permissions = -4
        owner_key = hashlib.md5((owner + _PAD)[:32]).digest()[:5]
        self.o = _rc4(owner_key, (user + _PAD)[:32])
        perm = struct.pack("<i", self.permissions)
        self.key = hashlib.md5((user + _PAD)[:32] + self.o + perm + file_id).digest()[:5]
        self.u = _rc4(self.key, _PAD)

    def encrypt(self, num: int, data: bytes) -> bytes:
        obj_key = hashlib.md5(self.key + num.to_bytes(3, "little") + b"\0\0").digest()[:10]
        return _rc4(obj_key, data)

    def dictionary(self) -> bytes:
        return (
            f"<< /Filter /Standard /V 1 /R 2 /P {self.permissions} "
            f"/O <{self.o.hex()}> /U <{self.u.hex()}> >>"
        ).encode()


def pdf_file(
    objects: list[bytes | tuple[bytes, bytes]], security: _Rc4Security | None = None
) -> bytes:
    """A PDF from numbered objects (1 = catalog); a tuple is (dictionary, stream data)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{num} 0 obj\n".encode()
        if isinstance(obj, tuple):
            head, data = obj
            if security:
                data = security.encrypt(num, data)
            out += head[:-2] + f" /Length {len(data)} >>\nstream\n".encode() + data
            out += b"\nendstream"
        else:
            out += obj
        out += b"\nendobj\n"
    trailer_extra = b""
    if security:
        offsets.append(len(out))
        enc_num = len(objects) + 1
        out += f"{enc_num} 0 obj\n".encode() + security.dictionary() + b"\nendobj\n"
        file_id = security.file_id.hex().encode()
        trailer_extra = f" /Encrypt {enc_num} 0 R".encode() + b" /ID [<" + file_id + b"><"
        trailer_extra += file_id + b">]"
    xref = len(out)
    out += f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R".encode() + trailer_extra
    out += f" >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _pages(kids: list[int]) -> bytes:
    refs = " ".join(f"{k} 0 R" for k in kids)
    return f"<< /Type /Pages /Kids [{refs}] /Count {len(kids)} >>".encode()


def _page(contents: int | None, resources: str = "<< >>") -> bytes:
    text = f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources {resources}"
    if contents:
        text += f" /Contents {contents} 0 R"
    return (text + " >>").encode()


def encrypted_pdf() -> bytes:
    text = b"BT /F1 18 Tf 72 760 Td (UBND THANH PHO HA NOI - KE HOACH) Tj ET"
    objects: list[bytes | tuple[bytes, bytes]] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        _pages([3]),
        _page(4, "<< /Font << /F1 5 0 R >> >>"),
        (b"<< >>", text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    security = _Rc4Security(b"user-secret", b"owner-secret", hashlib.md5(b"khtool").digest())
    return pdf_file(objects, security)


def scanned_pdf() -> bytes:
    """One page holding only an image of 'text lines' (a scan): no text layer."""
    width, height = 400, 200
    rows = bytearray()
    for y in range(height):
        line = y % 25 < 12  # dark bands like lines of print
        for x in range(width):
            rows.append(40 if line and (x // 7) % 5 != 4 and 20 <= x < 380 else 250)
    image = zlib.compress(bytes(rows), 9)
    objects: list[bytes | tuple[bytes, bytes]] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        _pages([3]),
        _page(4, "<< /XObject << /Im1 5 0 R >> >>"),
        (b"<< >>", b"q 480 0 0 240 57 560 cm /Im1 Do Q"),
        (
            f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} "
            "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode >>".encode(),
            image,
        ),
    ]
    return pdf_file(objects)


BLANK_PAGES = 600


def blank_pages_pdf() -> bytes:
    """600 blank pages: over the 500-page default; under a raised limit, no text at all."""
    first = 3
    kids = list(range(first, first + BLANK_PAGES))
    objects: list[bytes | tuple[bytes, bytes]] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        _pages(kids),
    ]
    objects += [_page(None) for _ in kids]
    return pdf_file(objects)


# -- html ------------------------------------------------------------------------------

HTML_DEPTH = 10_000


def deep_html() -> bytes:
    head = "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Kế hoạch</title></head><body>"
    return (head + "<div>" * HTML_DEPTH + "Kế hoạch" + "</div>" * HTML_DEPTH).encode() + (
        b"</body></html>\n"
    )


def xxe_html() -> bytes:
    return (
        "<!DOCTYPE html [\n"
        '  <!ENTITY secret SYSTEM "tests/fixtures/bad/secret.txt">\n'
        '  <!ENTITY passwd SYSTEM "file:///etc/passwd">\n'
        "]>\n<html><head><meta charset='utf-8'></head><body>"
        "<p>UBND THÀNH PHỐ HÀ NỘI</p><p>&secret;</p><p>&passwd;</p></body></html>\n"
    ).encode()


# -- YAML (plan files given to validate / diff) ----------------------------------------

MINIMAL_PLAN = """schema_version: 2
source: {path: plan.txt, format: txt, sha256: '0000'}
document: {issuer: UBND thành phố Hà Nội, plan_year: 2025}
"""


def yaml_python_object() -> bytes:
    return (
        MINIMAL_PLAN
        + f'goals: !!python/object/apply:os.system ["echo pwned > {PWNED}"]\n'
        + f"content: !!python/object/new:subprocess.Popen [[touch, {PWNED}]]\n"
    ).encode()


def yaml_alias_bomb() -> bytes:
    lines = [MINIMAL_PLAN.rstrip("\n"), 'l0: &l0 ["lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]")
    lines.append("funding: *l9")
    return ("\n".join(lines) + "\n").encode()


def yaml_recursive_alias() -> bytes:
    return (MINIMAL_PLAN + "funding: &loop [Ngân sách, *loop]\n").encode()


def yaml_duplicate_keys() -> bytes:
    return (MINIMAL_PLAN + "goals: []\nfunding: []\ngoals: []\n").encode()


def yaml_wrong_types() -> bytes:
    return (
        MINIMAL_PLAN
        + "goals:\n- id: '1'\n  text: Giảm 5 – 8% mức tiêu hao\n"
        + "  targets: nhiều\n"  # a list of targets is expected
    ).encode()


def yaml_deep() -> bytes:
    return (MINIMAL_PLAN + "funding: " + "[" * 10_000 + "]" * 10_000 + "\n").encode()


# -- the cases ---------------------------------------------------------------------------


def cases() -> list[Case]:
    utf8_line, utf8_col = invalid_utf8_position()
    return [
        Case("empty", "an empty file", "empty.txt", lambda: b"", stderr="{file}: file is empty"),
        Case(
            "blank",
            "only spaces and line breaks",
            "blank.txt",
            lambda: b" \n\n\t \r\n",
            stderr="{file}: file is empty",
        ),
        Case(
            "junk-txt",
            "random bytes named .txt",
            "junk.txt",
            junk(1),
            stderr="{file}: binary data, not a text document",
        ),
        Case(
            "invalid-utf8",
            "the 2025 plan with two bytes that are not UTF-8",
            "invalid-utf8.txt",
            invalid_utf8,
            stderr=f"{{file}}: not valid UTF-8: bad byte at line {utf8_line}, column {utf8_col}; "
            "repair the file or save it again as UTF-8",
        ),
        Case(
            "unknown-encoding",
            "Russian text in Windows-1251",
            "cp1251.txt",
            lambda: "Привет, мир! Это не план, а письмо другу.\n".encode("cp1251"),
            stderr="{file}: unknown text encoding: not UTF-8, UTF-16, Windows-1258, TCVN3 (ABC) "
            "or VNI; save the file as UTF-8",
        ),
        Case(
            "press-report",
            "a press report about an event, not a plan",
            "tests/fixtures/press-2023-event.txt",
            stderr=f"{{file}}: {NOT_A_PLAN}",
        ),
        Case(
            "novel",
            "a chapter of a novel",
            "novel-chapter.txt",
            lambda: NOVEL.encode(),
            stderr=f"{{file}}: {NOT_A_PLAN}",
        ),
        Case(
            "no-appendix",
            "the 2025 plan cut before PHỤ LỤC: still a plan, with one warning",
            "plan-2025-no-appendix.txt",
            no_appendix,
            exit=0,
            stderr=f"{{file}}: {NO_TABLE_WARNING}",
        ),
        Case(
            "no-appendix-required",
            "the same with --require appendix",
            "plan-2025-no-appendix.txt",
            args=["parse", "{file}", "--require", "appendix"],
            stderr=f"{{file}}: {NO_APPENDIX}",
        ),
        Case(
            "no-appendix-partial",
            "the same with --allow-partial: the sections and a warning",
            "plan-2025-no-appendix.txt",
            args=["parse", "{file}", "--allow-partial"],
            exit=0,
            warning="the document has no appendix section",
        ),
        Case(
            "bad-row",
            "an appendix row with 3 cells where the header has 7",
            "plan-2025-bad-row.txt",
            bad_row,
            exit=0,
            warning=f"line {bad_row_line()}: row has 3 cells, the header has 7",
        ),
        *[
            Case(
                f"legacy-{key}",
                f"the 2025 plan in {legacy.display_name(key)}",
                f"plan-2025-{key}.txt",
                lambda key=key: legacy.encode(plan_text(), key),
                exit=0,
                warning=f"text was in the legacy {legacy.display_name(key)} encoding",
                same_as="tests/fixtures/plan-2025-draft.txt",
            )
            for key in (legacy.WINDOWS_1258, legacy.TCVN3, legacy.VNI)
        ],
        Case(
            "missing",
            "a path that does not exist",
            setup="missing",
            stderr="{file}: no such file",
        ),
        Case(
            "directory",
            "a directory where a file is expected (parse takes a directory as a batch)",
            setup="directory",
            args=["diff", "{file}", "tests/fixtures/plan-2025-draft.txt"],
            stderr="{file}: is a directory, expected a file",
        ),
        Case(
            "unreadable",
            "a file without read permission",
            setup="unreadable",
            stderr="{file}: permission denied",
        ),
        Case(
            "huge",
            "a 100 MB text file (sparse, made at run time)",
            setup="sparse-100mb",
            stderr="{file}: file is 100.0 MB, over the 50 MB limit (raise it with --max-size)",
        ),
        Case(
            "over-max-size",
            "a 2 MB plan-like text with --max-size 1",
            setup="text-2mb",
            args=["parse", "{file}", "--max-size", "1"],
            stderr="{file}: file is 2.0 MB, over the 1 MB limit (raise it with --max-size)",
        ),
        Case(
            "unsupported-type",
            "a file type khtool does not read",
            "notes.rtf",
            lambda: b"{\\rtf1\\ansi Ke hoach}\n",
            stderr="{file}: .rtf files are not read directly; convert to .docx first "
            "(e.g. libreoffice --headless --convert-to docx FILE)",
        ),
        Case(
            "ambiguous-encoding",
            "two bytes that read as Vietnamese in several legacy encodings",
            "ambiguous-encoding.txt",
            lambda: b"L\xea\n",
            stderr="{file}: cannot tell the text encoding (could be VNI (VNI-Windows, VNI-Times "
            "fonts) or TCVN3 (ABC, .VnTime fonts)); save the file as UTF-8",
        ),
        *docx_html_cases(),
        *pdf_cases(),
        *hardening_cases(),
        *issue14_cases(),
        *fuzzed_cases(),
        *yaml_cases(),
    ]


BAD_DOCX = "not a valid .docx (corrupt zip)"
DOCTYPE_REFUSED = (
    "not a valid .docx (word/document.xml declares a DOCTYPE or XML entities, "
    "which Word never writes; refused for safety)"
)


NO_TEXT_LAYER = "no text layer (scanned?) — OCR is not supported"


def pdf_cases() -> list[Case]:
    return [
        Case(
            "junk-pdf",
            "random bytes named .pdf",
            "junk.pdf",
            junk(2),
            stderr="{file}: not a valid PDF (No /Root object! - Is this really a PDF?)",
        ),
        Case(
            "encrypted-pdf",
            "a PDF locked with a user password (RC4)",
            "encrypted.pdf",
            encrypted_pdf,
            stderr="{file}: the PDF is encrypted with a password; save an unprotected copy first",
        ),
        Case(
            "scanned-pdf",
            "a page that is only an image of bars, no letters: OCR'd, and nothing read",
            "scanned.pdf",
            scanned_pdf,
            stderr="{file}: no text: OCR of page 1 recognised nothing",
        ),
        Case(
            "blank-pages-pdf",
            "600 blank pages: over the 500-page default",
            "blank-pages.pdf",
            blank_pages_pdf,
            stderr="{file}: the PDF has 600 pages, over the 500-page limit "
            "(raise it with --max-pages)",
        ),
        Case(
            "blank-pages-pdf-raised-limit",
            "the same with --max-pages 1000: read, and no text at all",
            "blank-pages.pdf",
            args=["parse", "{file}", "--max-pages", "1000"],
            stderr=f"{{file}}: {NO_TEXT_LAYER}",
        ),
    ]


def docx_html_cases() -> list[Case]:
    return [
        Case(
            "junk-docx",
            "random bytes named .docx",
            "junk.docx",
            junk(3),
            stderr=f"{{file}}: {BAD_DOCX}",
        ),
        Case(
            "junk-html",
            "random bytes named .html",
            "junk.html",
            junk(4),
            stderr="{file}: binary data, not an HTML page",
        ),
        Case(
            "truncated-docx",
            "the first half of a .docx (a broken zip)",
            "truncated.docx",
            truncated_docx,
            stderr=f"{{file}}: {BAD_DOCX}",
        ),
        Case(
            "xxe-docx",
            "document.xml declares external entities: a local file and /etc/passwd",
            "xxe.docx",
            xxe_docx,
            stderr=f"{{file}}: {DOCTYPE_REFUSED}",
            never=[CANARY, "root:x:0:0"],
        ),
        Case(
            "billion-laughs-docx",
            "nested entity expansion (10^9 'lol')",
            "billion-laughs.docx",
            billion_laughs_docx,
            stderr=f"{{file}}: {DOCTYPE_REFUSED}",
            never=["lollollol"],
        ),
        Case(
            "zip-bomb-docx",
            "a 205 KB .docx whose document.xml inflates to 210 MB",
            "zip-bomb.docx",
            zip_bomb_docx,
            stderr="{file}: the .docx would inflate to 210 MB, over the 100 MB limit (zip bomb?; "
            "raise it with --max-inflated)",
        ),
        Case(
            "zip-lying-sizes-docx",
            "document.xml inflates to 20 MB but the zip says 1,000 bytes",
            "zip-lying-sizes.docx",
            lying_zip_docx,
            stderr="{file}: not a valid .docx (corrupt zip: Bad CRC-32 for file "
            "'word/document.xml')",
        ),
        Case(
            "zip-not-docx",
            "a zip archive that is not a Word document",
            "zip-not-docx.docx",
            zip_not_docx,
            stderr="{file}: not a Word document (.docx): a zip without [Content_Types].xml",
        ),
        Case(
            "docx-no-appendix",
            "a .docx with the header and goals of the 2025 plan but no appendix: still a plan, with one warning",
            "plan-header.docx",
            plan_docx,
            exit=0,
            stderr=f"{{file}}: {NO_TABLE_WARNING}",
        ),
        Case(
            "docx-no-appendix-required",
            "the same with --require appendix",
            "plan-header.docx",
            args=["parse", "{file}", "--require", "appendix"],
            stderr=f"{{file}}: {NO_APPENDIX}",
        ),
        Case(
            "docx-no-appendix-partial",
            "the same with --allow-partial",
            "plan-header.docx",
            args=["parse", "{file}", "--allow-partial"],
            exit=0,
            warning="the document has no appendix section",
        ),
        Case(
            "deep-html",
            "10,000 nested <div> elements",
            "deep.html",
            deep_html,
            stderr="{file}: HTML nesting is deeper than 2000 elements",
        ),
        Case(
            "deep-html-lower-limit",
            "the same with --max-html-depth 50",
            "deep.html",
            args=["parse", "{file}", "--max-html-depth", "50"],
            stderr="{file}: HTML nesting is deeper than 50 elements",
        ),
        Case(
            "zip-bomb-lower-limit",
            "the zip bomb with --max-inflated 50",
            "zip-bomb.docx",
            args=["parse", "{file}", "--max-inflated", "50"],
            stderr="{file}: the .docx would inflate to 210 MB, over the 50 MB limit (zip bomb?; "
            "raise it with --max-inflated)",
        ),
        Case(
            "xxe-html",
            "an HTML page whose DOCTYPE declares external entities",
            "xxe.html",
            xxe_html,
            stderr=f"{{file}}: {NOT_A_PLAN}",
            never=[CANARY, "root:x:0:0"],
        ),
    ]


YAML_CASES = [
    # (file, why, make, the error line after "{file}: ")
    (
        "yaml-python-object.yaml",
        "YAML tags that would run code (os.system, subprocess.Popen)",
        yaml_python_object,
        "unsupported YAML tag !!python/object/apply:os.system (line 4, column 8): "
        "plan files hold plain data only",
    ),
    (
        "yaml-alias-bomb.yaml",
        "nine levels of ten aliases each (5,000,000,000 values once expanded)",
        yaml_alias_bomb,
        "unsafe YAML (line 10, column 5): aliases expand to more than 1,000,000 values "
        "(an alias bomb?); refused",
    ),
    (
        "yaml-recursive-alias.yaml",
        "a list that contains itself",
        yaml_recursive_alias,
        "unsafe YAML (line 4, column 10): a recursive alias (a value that contains itself); "
        "refused",
    ),
    (
        "yaml-duplicate-keys.yaml",
        "the key goals twice",
        yaml_duplicate_keys,
        "invalid YAML (line 6, column 1): duplicate key 'goals'",
    ),
    (
        "yaml-deep.yaml",
        "10,000 nested lists",
        yaml_deep,
        "unsafe YAML: nested more than 100 levels deep; refused",
    ),
]
OTHER_PLAN = "data/plans/hanoi-2025-draft.yaml"


def yaml_cases() -> list[Case]:
    """Plan YAML given to validate and to diff: refused before any Plan is built."""
    out = []
    for name, why, make, line in YAML_CASES:
        stem = name.removesuffix(".yaml")
        line = "{file}: " + line
        out.append(
            Case(f"{stem}-validate", why, name, make, args=["validate", "{file}"], stderr=line)
        )
        out.append(
            Case(f"{stem}-diff", why, name, args=["diff", "{file}", OTHER_PLAN], stderr=line)
        )
    why = "a goal whose targets are a string, not a list"
    out.append(
        Case(
            "yaml-wrong-types-validate",
            why + ": validate reports it as a finding",
            "yaml-wrong-types.yaml",
            yaml_wrong_types,
            args=["validate", "{file}"],
            exit=1,
            stdout_contains="KH903  'nhiều' is not of type 'array'  [goals[0].targets]",
        )
    )
    out.append(
        Case(
            "yaml-wrong-types-diff",
            why,
            "yaml-wrong-types.yaml",
            args=["diff", "{file}", OTHER_PLAN],
            stderr="{file}: does not match the plan schema at goals.0.targets: "
            "Input should be a valid list (1 error(s))",
        )
    )
    return out


# -- hardening (issue 14): resource bombs and errors that were not messages -------------

_WIDE = (
    "columns (gridSpan, gridBefore or colspan), over the limit of 200 columns; refused "
    "(raise it with --max-columns)"
)


def _one_row_table(tc_pr: str = "", tr_pr: str = "") -> bytes:
    cell = f"<w:tc><w:tcPr>{tc_pr}</w:tcPr><w:p><w:r><w:t>TT</w:t></w:r></w:p></w:tc>"
    return document_xml(f"<w:tbl><w:tr><w:trPr>{tr_pr}</w:trPr>{cell}</w:tr></w:tbl>")


def _encrypted_entry(data: bytes, name: bytes) -> bytes:
    """Set the 'encrypted' flag of one zip entry, in its local and central headers."""
    raw = bytearray(data)
    for signature, flags_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        start = raw.find(signature)
        while start >= 0:
            if raw[start + name_at : start + name_at + len(name)] == name:
                flags = struct.unpack_from("<H", raw, start + flags_at)[0]
                struct.pack_into("<H", raw, start + flags_at, flags | 1)
            start = raw.find(signature, start + 4)
    return bytes(raw)


def hardening_cases() -> list[Case]:
    attributes = " ".join(f"a{i}=x" for i in range(5_000))
    return [
        Case(
            "docx-gridspan-bomb",
            "a cell spanning a billion grid columns (a list per column, per row)",
            "gridspan-bomb.docx",
            lambda: docx(_one_row_table('<w:gridSpan w:val="1000000000"/>')),
            stderr=f"{{file}}: a table row spans 1,000,000,000 {_WIDE}",
        ),
        Case(
            "docx-gridbefore-bomb",
            "a row starting a billion grid columns in",
            "gridbefore-bomb.docx",
            lambda: docx(_one_row_table(tr_pr='<w:gridBefore w:val="1000000000"/>')),
            stderr=f"{{file}}: a table row spans 1,000,000,001 {_WIDE}",
        ),
        Case(
            "docx-encrypted-part",
            "a zip entry flagged as encrypted (zipfile raised RuntimeError)",
            "encrypted-part.docx",
            lambda: _encrypted_entry(plan_docx(), b"word/document.xml"),
            stderr="{file}: not a valid .docx (word/document.xml is encrypted; save the "
            "document without a password)",
        ),
        Case(
            "html-attribute-bomb",
            "5,000 attributes on one element (libxml2 checks each against the others)",
            "attribute-bomb.html",
            lambda: f"<html><body><p {attributes}>x</p></body></html>\n".encode(),
            stderr="{file}: an element (line 1) has 5,000 attributes, over the limit of "
            "1,000; refused (raise it with --max-attributes)",
        ),
        Case(
            "yaml-bool-maybe",
            "!!bool maybe (PyYAML raised KeyError)",
            "yaml-bool-maybe.yaml",
            lambda: b"schema_version: 2\ndraft: !!bool maybe\n",
            args=["validate", "{file}"],
            stderr="{file}: invalid YAML (line 2, column 8): 'maybe' cannot be read as "
            "!!bool: not a !!bool value",
        ),
    ]


# -- more hardening (issue 14): content types, bombs, plan-file values, two documents ----


def _content_types(xml: bytes | None) -> bytes:
    """The plan .docx with its [Content_Types].xml replaced (or, for None, removed)."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES.encode(),
        "_rels/.rels": RELS.encode(),
        "word/document.xml": document_xml(_paragraphs(header_lines())),
    }
    if xml is None:
        del parts["[Content_Types].xml"]
    else:
        parts["[Content_Types].xml"] = xml
    return zip_parts(parts)


EMPTY_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>'
)

SMALL_PLAN = """\
UBND TỈNH AN PHÚ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: {number}/KH-UBND | An Phú, ngày 05 tháng 3 năm 2025
KẾ HOẠCH
Tổ chức Ngày hội đọc sách tỉnh An Phú năm 2025
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao văn hóa đọc trong cộng đồng.
II. NỘI DUNG
1. Tổ chức hội sách tại trung tâm tỉnh.
III. TỔ CHỨC THỰC HIỆN
1. Sở Văn hóa chủ trì tổ chức Ngày hội.
Nơi nhận:
- Các sở, ngành;
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Bình
PHỤ LỤC
(Kèm theo Kế hoạch số {number}/KH-UBND ngày 05 tháng 3 năm 2025)
TT | Nội dung | Đơn vị chủ trì | Thời gian thực hiện |
1 | Tổ chức hội sách tại trung tâm tỉnh | Sở Văn hóa | Tháng 4/2025 |
"""


def two_plans() -> bytes:
    """Two complete invented plans saved one after the other in one file."""
    return (SMALL_PLAN.format(number=12) + SMALL_PLAN.format(number=13)).encode()


def _yaml_case(cid: str, why: str, body: bytes, line: str) -> list[Case]:
    name = f"{cid}.yaml"
    make = lambda: b"schema_version: 2\ndocument:\n" + body + b"\n"  # noqa: E731
    return [
        Case(f"{cid}-validate", why, name, make, args=["validate", "{file}"], stderr=line),
        Case(f"{cid}-diff", why, name, args=["diff", "{file}", OTHER_PLAN], stderr=line),
    ]


def issue14_cases() -> list[Case]:
    cells = "".join(f"<td colspan=1000>{i}</td>" for i in range(50))
    return [
        Case(
            "docx-content-types-chunk",
            "[Content_Types].xml that lost a chunk (an AttributeError once)",
            "content-types-chunk.docx",
            lambda: _content_types(CONTENT_TYPES.encode()[: len(CONTENT_TYPES) // 2]),
            stderr_prefix="{file}: not a valid .docx (",
        ),
        Case(
            "docx-content-types-missing",
            "a zip with a Word document but no [Content_Types].xml",
            "content-types-missing.docx",
            lambda: _content_types(None),
            stderr="{file}: not a Word document (.docx): a zip without [Content_Types].xml",
        ),
        Case(
            "docx-content-types-empty",
            "[Content_Types].xml that names no part",
            "content-types-empty.docx",
            lambda: _content_types(EMPTY_TYPES),
            stderr='{file}: not a valid .docx ("no content type for partname '
            "'/word/document.xml' in [Content_Types].xml\")",
        ),
        Case(
            "docx-gridspan-100k",
            "a cell spanning 100,000 grid columns (a traceback and 1.9 GB once)",
            "gridspan-100k.docx",
            lambda: docx(_one_row_table('<w:gridSpan w:val="100000"/>')),
            stderr=f"{{file}}: a table row spans 100,000 {_WIDE}",
        ),
        Case(
            "html-colspan-bomb",
            "50 cells of colspan=1000 in one row",
            "colspan-bomb.html",
            lambda: (
                f"<html><body><table><tr><td>TT</td>{cells}</tr></table></body></html>\n".encode()
            ),
            stderr=f"{{file}}: a table row spans 50,001 {_WIDE}",
        ),
        Case(
            "two-plans-in-one-file",
            "two complete plans saved in one file: the first is read, with a warning",
            "two-plans.txt",
            two_plans,
            exit=0,
            warning="the file contains 2 documents; read the first (lines 1–19)",
        ),
        *_yaml_case(
            "yaml-5000-digit-int",
            "a 5,000-digit integer (ValueError from int() once)",
            b"  plan_year: " + b"9" * 5000,
            "{file}: invalid YAML (line 3, column 14): '99999999999999999999'… (5,000 "
            "characters) cannot be read as !!int: an integer of more than 4,300 digits",
        ),
        *_yaml_case(
            "yaml-impossible-date",
            "a date that does not exist (2025-02-31)",
            b"  issued_on: 2025-02-31",
            "{file}: invalid YAML: day is out of range for month",
        ),
        *_yaml_case(
            "yaml-year-zero",
            "the year 0",
            b"  issued_on: 0000-01-01",
            "{file}: invalid YAML: year 0 is out of range",
        ),
    ]


# -- found by the fuzz run (issue 14): parts python-docx leaves unparsed, plan numbers --

NUMBERING_REL = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/numbering" Target="numbering.xml"/></Relationships>'
)


def undeclared_numbering_docx() -> bytes:
    """A numbering part [Content_Types].xml does not declare, and that is not XML."""
    return zip_parts(
        {
            "[Content_Types].xml": CONTENT_TYPES.encode(),
            "_rels/.rels": RELS.encode(),
            "word/document.xml": document_xml(_paragraphs(header_lines())),
            "word/_rels/document.xml.rels": NUMBERING_REL.encode(),
            "word/numbering.xml": b"\x89PNG\r\n not xml",
        }
    )


def huge_number_plan() -> bytes:
    """A small plan file, valid but for a plan year of 401 digits."""
    return (
        "schema_version: 2\n"
        "source: {path: ke-hoach.txt, format: txt, sha256: '0000'}\n"
        f"document:\n  plan_year: {-(10**400)}\n"
    ).encode()


HUGE_NUMBER = (
    "-10000000000…0000 (401 digits) is not a number a plan can hold (numbers are finite "
    "and within ±2^53)"
)


def fuzzed_cases() -> list[Case]:
    other_namespace = document_xml(_paragraphs(header_lines())).replace(
        W_NS.encode(), b"http://example.invalid/w"
    )
    return [
        Case(
            "docx-main-part-other-namespace",
            "word/document.xml whose root is not in Word's namespace (an AttributeError once)",
            "document-other-namespace.docx",
            lambda: docx(other_namespace),
            stderr="{file}: not a valid .docx: word/document.xml is not a Word document "
            "(root <document> in namespace http://example.invalid/w)",
        ),
        Case(
            "docx-undeclared-numbering",
            "a numbering part without a content type, not XML (an AttributeError once)",
            "undeclared-numbering.docx",
            undeclared_numbering_docx,
            exit=0,
            stderr="{file}: warning: no task table (no tasks)",
            warning="the list numbering part word/numbering.xml is not readable XML",
        ),
        Case(
            "yaml-huge-number-validate",
            "a 401-digit plan year (OverflowError from float() once)",
            "yaml-huge-number.yaml",
            huge_number_plan,
            args=["validate", "{file}"],
            exit=1,
            stdout_contains=f"KH903  {HUGE_NUMBER}  [document.plan_year]",
        ),
        Case(
            "yaml-huge-number-diff",
            "a 401-digit plan year (OverflowError from float() once)",
            "yaml-huge-number.yaml",
            args=["diff", "{file}", OTHER_PLAN],
            stderr="{file}: does not match the plan schema at document.plan_year: "
            f"{HUGE_NUMBER} (1 error(s))",
        ),
    ]


# Files that are no case of their own (read by other cases)
FILES: dict[str, Callable[[], bytes]] = {
    "secret.txt": lambda: f"{CANARY}\n".encode(),
}

HEADER = """\
# Generated by scripts/make_bad_corpus.py (make bad-corpus): do not edit by hand.
# One entry per bad input: run `khtool ARGS` ({file} = the input path); expect the exit
# code and exactly this stderr line (or a line starting with stderr_prefix), and no
# output file. Exit 0 entries: the output Plan has a warning starting with `warning`.
# `setup` inputs are made by the test at run time; `never` must not appear anywhere.
"""


SLOW = {"zip-bomb.docx"}  # deflating 210 MB takes seconds: skipped by build(quick=True)


def build(quick: bool = False) -> dict[str, bytes]:
    """Every corpus file (name -> bytes) including manifest.yaml."""
    files: dict[str, bytes] = {}
    all_cases = cases()
    for case in all_cases:
        if case.make is not None and case.file is not None:
            if quick and case.file in SLOW:
                continue
            files[case.file] = case.make()
    for name, make in FILES.items():
        files[name] = make()
    manifest = {"cases": [c.entry() for c in all_cases]}
    text = yaml.safe_dump(
        manifest, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None
    )
    files["manifest.yaml"] = (HEADER + text).encode()
    return files


def main(argv: list[str]) -> int:
    check = "--check" in argv
    files = build()
    stale = []
    for name, data in files.items():
        path = BAD / name
        if check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    if check:
        for name in stale:
            print(f"stale: {REL}/{name} (run make bad-corpus)")
        return 1 if stale else 0
    total = sum(len(d) for d in files.values())
    print(f"{len(files)} files, {total / 1e6:.2f} MB in {REL}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
