"""Make scanned renderings of the project's own PDFs (``tests/fixtures/scanned/``).

A scan is made as a copier makes one: each page rasterised in grey at ``--dpi``
(200 by default), turned by a small angle (a sheet never lies quite straight),
blurred a little, speckled with dust, and stored as a JPEG image on a PDF page of the original's
size, with no text layer.

Committed (small, a few hundred KB):

* ``plan-2020-96-KH-UBND-mixed.pdf`` — page 1 (the header, goals) and page 7 (a page
  of the task table) scanned in black and white, the other pages the original text
  pages: a file like a signed first page scanned in front of the rest.

The whole-plan scans (``--all``, or :func:`scan_pdf` from the tests and
``scripts/bench_ocr.py``) are made at run time into a temporary folder, not committed:
they are grey JPEG scans, a few MB each. Everything is seeded, so a scan is the same on every run.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
OUT = FIXTURES / "scanned"
PLANS = ["plan-2020-96-KH-UBND", "plan-2025-draft"]
SPECKLE = 0.002  # share of pixels turned to dust
BLACK_BELOW = 150  # grey level under which a black-and-white scan prints black
MIXED = ("plan-2020-96-KH-UBND", [1, 7])  # the pages scanned in the committed mixed file


def scan_page(
    page: pdfium.PdfPage, dpi: int, rng: random.Random, bilevel: bool = False
) -> Image.Image:
    """One page as a grey (or black-and-white), slightly turned, dusty image."""
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    angle = rng.uniform(0.3, 0.8) * rng.choice((-1, 1))
    image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(0.6))  # a scanner's soft focus
    pixels = np.asarray(image).copy()
    noise = np.random.default_rng(rng.randrange(2**32))
    dust = noise.random(pixels.shape) < SPECKLE
    pixels[dust] = noise.integers(0, 256, int(dust.sum()), dtype=np.uint8)
    scan = Image.fromarray(pixels, mode="L")
    if bilevel:  # a copier's black-and-white mode: stored as CCITT G4, a few dozen KB
        return scan.point(lambda v: 255 if v > BLACK_BELOW else 0).convert("1")
    return scan


def _image_pdf(images: list[Image.Image], dpi: int) -> bytes:
    buffer = io.BytesIO()
    first, *rest = images
    options = {} if first.mode == "1" else {"quality": 55}
    first.save(buffer, "PDF", save_all=True, append_images=rest, resolution=dpi, **options)
    return buffer.getvalue()


def scan_pdf(
    source: Path,
    pages: Iterable[int] | None = None,
    *,
    dpi: int = 200,
    seed: int = 7,
    bilevel: bool = False,
) -> bytes:
    """The PDF ``source`` with ``pages`` (1-based; all when None) replaced by scans."""
    rng = random.Random(f"{source.name}:{seed}")
    original = pdfium.PdfDocument(source)
    count = len(original)
    wanted = sorted(set(pages)) if pages is not None else list(range(1, count + 1))
    scans = {n: scan_page(original[n - 1], dpi, rng, bilevel) for n in wanted}
    if len(wanted) == count:
        return _image_pdf([scans[n] for n in wanted], dpi)
    scanned = pdfium.PdfDocument(_image_pdf([scans[n] for n in wanted], dpi))
    out = pdfium.PdfDocument(source)  # the text pages keep their shared fonts
    for i, n in enumerate(wanted):
        out.del_page(n - 1)
        out.import_pages(scanned, [i], index=n - 1)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument(
        "--all", metavar="DIR", type=Path, help="also write whole-plan scans into DIR"
    )
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    name, pages = MIXED
    target = OUT / f"{name}-mixed.pdf"
    target.write_bytes(scan_pdf(FIXTURES / f"{name}.pdf", pages, dpi=args.dpi, bilevel=True))
    print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size // 1000} KB)")
    if args.all:
        args.all.mkdir(parents=True, exist_ok=True)
        for plan in PLANS:
            target = args.all / f"{plan}-scanned.pdf"
            target.write_bytes(scan_pdf(FIXTURES / f"{plan}.pdf", dpi=args.dpi))
            print(f"wrote {target} ({target.stat().st_size // 1000} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
