"""OCR accuracy and speed on scans of the project's own plans (``make bench-ocr``).

For each Hanoi plan the PDF rendering is scanned (``scripts/make_scanned_fixtures.py``:
grey, 200 dpi, turned a little, dusty) into a temporary folder, then:

* **fields right**: the Plan read from the scan against the golden Plan of the text
  fixture, field by field as ``tests/test_formats.py`` compares renderings (the same
  fields excluded: path, hash, provenance, the issuer's lines); the fields that differ
  are listed;
* **characters right**: 1 − the edit distance between the OCR'd text of each page and
  the page's text layer in the original PDF (both NFC, spaces collapsed), over all
  pages;
* **seconds per page**: the whole parse of the scan (and its CPU time, which other
  work on the machine does not change), of the original text PDF through khtool,
  and of plain pdfplumber ``extract_text`` on the original.

``--fields`` skips the characters (they OCR every page a second time).

``--engines`` also times pytesseract (the ``tesseract`` command) against tesserocr on
the same page images, the measurement behind the choice of binding.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import pdfplumber
import yaml
from rapidfuzz.distance import Levenshtein

import khtool

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from make_scanned_fixtures import PLANS, scan_pdf  # noqa: E402

EXCLUDED = re.compile(
    r"source\..*|document\.issuer_lines(\.__len__|\[\d+\])|warnings.*"
    r"|appendix\.groups\[\d+\]\.tasks\[\d+\]\.source\.(page|line|confidence)"
)


def flatten(data: object, prefix: str = "") -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(data, list):
        out[f"{prefix}.__len__"] = str(len(data))
        for i, value in enumerate(data):
            out.update(flatten(value, f"{prefix}[{i}]"))
    else:
        out[prefix] = None if data is None else str(data)
    return {k: v for k, v in out.items() if not EXCLUDED.fullmatch(k)}


def _common(a: str, b: str) -> int:
    """The length of the start ``a`` and ``b`` share."""
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def difference(want: str | None, got: str | None, context: int = 30) -> str:
    """``want -> got``, long values cut to the stretch around where they differ."""
    if want is None or got is None or max(len(want), len(got)) <= 2 * context + 20:
        return f"{want!r} -> {got!r}"
    start = _common(want, got)
    tail = _common(want[start:][::-1], got[start:][::-1])
    lo = max(start - context, 0)

    def cut(text: str) -> str:
        end = min(len(text) - tail + context, len(text))
        return ("…" if lo else "") + text[lo:end] + ("…" if end < len(text) else "")

    return f"{cut(want)!r} -> {cut(got)!r}"


def fields_right(plan: khtool.Plan, name: str) -> tuple[int, int, list[str]]:
    golden = ROOT / "tests" / "golden" / f"{name}.txt.yaml"
    want = flatten(yaml.safe_load(golden.read_text("utf-8")))
    got = flatten(plan.to_dict())
    wrong = [
        f"{k}: {difference(want[k], got.get(k, '<missing>'))}"
        for k in want
        if got.get(k) != want[k]
    ]
    return len(want) - len(wrong), len(want), wrong


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def chars_right(original: Path, scan: Path) -> float:
    import pypdfium2 as pdfium

    from khtool.reading.ocr import clean as ocr_clean
    from khtool.reading.ocr import skew as ocr_skew
    from khtool.reading.ocr import tesseract as ocr
    from khtool.reading.ocr.pdf_pages import render_dpi

    doc = pdfium.PdfDocument(scan)
    right = total = 0
    with (
        pdfplumber.open(original) as truth,
        pdfplumber.open(scan) as pages,
        ocr.tesseract() as engine,
    ):
        for n, (page, scanned) in enumerate(zip(truth.pages, pages.pages, strict=True)):
            want = _norm(page.extract_text() or "")
            dpi = render_dpi(scanned)
            image = doc[n].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            image = ocr_clean.despeckle(image, dpi)  # as the parse prepares a page
            engine.load(ocr.deskew(image, ocr_skew.skew(image)))
            got = _norm(" ".join(w["text"] for w in engine.words()))
            total += len(want)
            right += len(want) - Levenshtein.distance(want, got)
    return right / total


def timed(fn: object) -> tuple[object, float]:
    start = time.perf_counter()
    result = fn()  # type: ignore[operator]
    return result, time.perf_counter() - start


def engines(scan: Path, pages: int = 3) -> None:
    import pypdfium2 as pdfium
    import pytesseract

    from khtool.reading.ocr import tesseract as ocr

    doc = pdfium.PdfDocument(scan)
    images = [doc[n].render(scale=200 / 72, grayscale=True).to_pil() for n in range(pages)]
    _, t_cli = timed(lambda: [pytesseract.image_to_data(i, lang="vie") for i in images])
    with ocr.tesseract() as engine:

        def run() -> None:
            for image in images:
                engine.load(image)
                engine.words()

        _, t_api = timed(run)
    print(
        f"  engines: pytesseract {t_cli / pages:.2f} s/page, tesserocr {t_api / pages:.2f} s/page"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", action="store_true", help="also time pytesseract")
    parser.add_argument("--plans", nargs="*", default=PLANS)
    parser.add_argument(
        "--fields", action="store_true", help="fields only: skip the characters (a second OCR)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="khtool-ocr-") as tmp:
        for name in args.plans:
            original = ROOT / "tests" / "fixtures" / f"{name}.pdf"
            scan = Path(tmp) / f"{name}-scanned.pdf"
            scan.write_bytes(scan_pdf(original))
            with pdfplumber.open(original) as pdf:
                pages = len(pdf.pages)
                _, t_plumber = timed(lambda pdf=pdf: [p.extract_text() for p in pdf.pages])
            _, t_text = timed(lambda original=original: khtool.parse(original))
            cpu = time.process_time()
            plan, t_scan = timed(lambda scan=scan: khtool.parse(scan))
            cpu = time.process_time() - cpu  # the machine's other load does not count
            right, total, wrong = fields_right(plan, name)  # type: ignore[arg-type]
            print(f"{name} ({pages} pages)")
            print(f"  fields right: {right}/{total} ({right / total:.1%})")
            if not args.fields:
                print(f"  characters right: {chars_right(original, scan):.2%}")
            print(
                f"  s/page: OCR'd scan {t_scan / pages:.2f} (CPU {cpu / pages:.2f}), "
                f"text PDF {t_text / pages:.3f}, "
                f"pdfplumber extract_text {t_plumber / pages:.3f}"
            )
            for line in wrong:
                print(f"    wrong: {line[:240]}")
            if args.engines:
                engines(scan)
    return 0


if __name__ == "__main__":
    sys.exit(main())
