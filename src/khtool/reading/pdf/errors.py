"""One clear line for a PDF that pdfminer, pdfplumber or PDFium cannot open or lay out."""

from __future__ import annotations

import os

_LIBRARIES = ("pdfminer", "pdfplumber", "pypdfium2")


def open_error(exc: Exception) -> str:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause = exc.args[0] if exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect):
        return "the PDF is encrypted with a password; save an unprotected copy first"
    if isinstance(cause, PDFEncryptionError):
        return f"the PDF is encrypted in a way khtool cannot read ({cause})"
    reason = str(cause).splitlines()[0][:100] if str(cause) else type(cause).__name__
    return f"not a valid PDF ({reason})"


def from_pdf_library(exc: BaseException) -> bool:
    """True when pdfminer, pdfplumber or pypdfium2 raised ``exc``: one of their classes, or a plain
    TypeError/IndexError/… from deep inside them on a malformed object (a MediaBox of
    the wrong shape). An error in khtool's own code is not hidden."""
    if type(exc).__module__.startswith(_LIBRARIES):
        return True
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = tb.tb_frame.f_code.co_filename if tb is not None else ""
    return any(f"{os.sep}{lib}{os.sep}" in where for lib in _LIBRARIES)
