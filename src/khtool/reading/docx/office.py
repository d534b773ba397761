"""Old Word (.doc) and OpenDocument (.odt) files, read through LibreOffice.

When ``soffice`` (LibreOffice) is on PATH the file is converted to .docx in a
private temporary folder (its own LibreOffice profile, a time limit) and read by
the .docx reader; the Document keeps the original format name. Without LibreOffice
the user gets one error saying how to convert the file.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from khtool.errors import InputError, UnsupportedFormatError
from khtool.limits import Limits
from khtool.reading import OLE_MAGIC
from khtool.reading.blocks import Document
from khtool.reading.docx import reader as docx_reader

CONVERT_TIMEOUT = 120  # seconds LibreOffice may take to convert one file
SOFFICE = ("soffice", "libreoffice")


def find_soffice() -> str | None:
    for name in SOFFICE:
        found = shutil.which(name)
        if found:
            return found
    return None


def read(path: Path, data: bytes, limits: Limits) -> Document:
    suffix = ".doc" if data.startswith(OLE_MAGIC) else path.suffix.lower() or ".odt"
    soffice = find_soffice()
    if soffice is None:
        raise UnsupportedFormatError(
            f"{suffix} files are read through LibreOffice, which is not installed; install it "
            "or save the file as .docx (e.g. libreoffice --headless --convert-to docx FILE)",
            path,
        )
    converted = convert_to_docx(soffice, suffix, data, path)
    document = docx_reader.read(path, converted, limits)
    document.format = suffix.lstrip(".")
    return document


def convert_to_docx(soffice: str, suffix: str, data: bytes, path: Path) -> bytes:
    """Run LibreOffice headless on a private copy of the file; return the .docx bytes."""
    with tempfile.TemporaryDirectory(prefix="khtool-") as tmp:
        folder = Path(tmp)
        source = folder / f"input{suffix}"
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        try:
            subprocess.run(
                command, capture_output=True, timeout=CONVERT_TIMEOUT, check=False, cwd=folder
            )
        except subprocess.TimeoutExpired:
            raise InputError(
                f"LibreOffice did not convert the file within {CONVERT_TIMEOUT} s", path
            ) from None
        except OSError as exc:
            raise InputError(f"cannot run LibreOffice ({exc.strerror or exc})", path) from None
        result = folder / "out" / "input.docx"
        if not result.is_file():
            raise InputError(f"LibreOffice could not convert this {suffix} file", path)
        return result.read_bytes()
