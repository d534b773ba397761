"""Make the .docx, .pdf and .html renderings of the real plans (``make fixtures``).

For each text fixture ``tests/fixtures/plan-*.txt`` this writes, beside it:

* ``.docx`` — laid out as the department drafts it in Word: a borderless two-column
  header table (issuer | national motto, number | place and date), the title,
  sections with Word's automatic numbering (``1.``, ``4.1.``) and ``-`` bullets, a
  signature table (Nơi nhận | TM. ỦY BAN NHÂN DÂN …), then a landscape section with
  the appendix: a ruled Word table whose header row repeats on every page, group
  rows as one merged (gridSpan) cell, one paragraph per bullet in each cell, and a
  page number in the page header;
* ``.pdf`` — that .docx exported by LibreOffice (only when ``soffice`` is on PATH;
  the committed PDFs keep the tests independent of LibreOffice). Long appendix rows
  break across pages, as in the real plans;
* ``.html`` — a legal-library style page: site header, navigation, sidebar,
  scripts and footer around the plan's ``<p>`` and ``<table>`` markup;

plus ``utf16-plan-2025-draft.txt``: the 2025 text saved as Word's "Unicode Text"
(UTF-16 LE with BOM, CRLF, tab-separated table rows).

The content comes from the text fixture as khtool reads it (normalised blocks split
into header, sections, signature and appendix), so every rendering carries the same
plan. Two things differ on purpose, because the text renderings lost them: the
header table has the full issuer and motto lines (``THÀNH PHỐ HÀ NỘI``,
``Độc lập - Tự do - Hạnh phúc``), and the legal-library page title
(``Nội dung toàn văn …``) appears only in the HTML page.
"""

from __future__ import annotations

import argparse
import codecs
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from fixtures_docx import render_docx  # noqa: E402
from fixtures_html import render_html  # noqa: E402
from fixtures_layout import FIXTURES, build_layout  # noqa: E402

PLANS = ["plan-2020-96-KH-UBND", "plan-2025-draft"]
UTF16 = ("plan-2025-draft.txt", "utf16-plan-2025-draft.txt")


# ---------------------------------------------------------------------------
# .pdf (LibreOffice) and UTF-16 text


def write_pdf(docx_path: Path, out: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print(f"skip {out.name}: LibreOffice (soffice) is not installed", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp, "profile").as_uri()
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf:writer_pdf_Export",
                "--outdir",
                tmp,
                str(docx_path),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        pdf = Path(tmp, docx_path.with_suffix(".pdf").name).read_bytes()
    out.write_bytes(_stable_pdf(pdf))


def _stable_pdf(data: bytes) -> bytes:
    """Fixed date, file ID and checksum (same lengths, so offsets hold): reproducible PDFs."""
    data = re.sub(rb"/CreationDate\(D:\d{14}", b"/CreationDate(D:20241001080000", data)
    ident = rb"/ID \[ <[0-9A-F]{32}>\s<[0-9A-F]{32}> \]|/DocChecksum /[0-9A-F]{32}"
    digest = hashlib.md5(re.sub(ident, b"", data), usedforsecurity=False).hexdigest().upper()

    def fixed(m: re.Match[bytes]) -> bytes:
        return re.sub(rb"[0-9A-F]{32}", digest.encode(), m.group())

    return re.sub(ident, fixed, data)


def write_utf16(source: Path, out: Path) -> None:
    text = source.read_text("utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
    out.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-pdf", action="store_true", help="do not run LibreOffice")
    args = parser.parse_args(argv)
    for name in PLANS:
        layout = build_layout(name)
        docx_path = FIXTURES / f"{name}.docx"
        render_docx(layout, docx_path)
        (FIXTURES / f"{name}.html").write_text(render_html(layout), encoding="utf-8")
        print(f"wrote {docx_path.relative_to(ROOT)} and .html")
        if not args.no_pdf:
            write_pdf(docx_path, FIXTURES / f"{name}.pdf")
            print(f"wrote {name}.pdf")
    write_utf16(FIXTURES / UTF16[0], FIXTURES / UTF16[1])
    print(f"wrote {UTF16[1]}")


if __name__ == "__main__":
    main()
