"""Inputs the fuzz run found still crashing or hanging (issue 14): each hostile file is
built here, at test time, and khtool runs on it in a capped child process. A damaged
file gets one line and exit 2 (or, where the damage does not hide the text, is read),
never an internal error, a traceback or a half-written output."""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from khtool.reading.ocr import tesseract as ocr
from tests.conftest import FIXTURES, ROOT
from tests.pdf_builder import build, stream
from tests.test_hardening_support import docx_with, khtool, one_line

DOCX = FIXTURES / "plan-2025-draft.docx"
PLAN = ROOT / "data" / "plans" / "hanoi-2025-draft.yaml"
needs_ocr = pytest.mark.skipif(ocr.missing() is not None, reason=str(ocr.missing()))


# --- .docx ---------------------------------------------------------------------------


def _docx(tmp_path: Path, **parts: bytes) -> Path:
    """The 2025 .docx with some parts replaced, by their names in the zip."""
    return docx_with(DOCX, tmp_path, parts)


def _part(name: str) -> bytes:
    return zipfile.ZipFile(DOCX).read(name)


def _without_override(part: str) -> bytes:
    types = _part("[Content_Types].xml")
    edited = re.sub(rb'<Override PartName="/word/' + part.encode() + rb'\.xml"[^>]*/>', b"", types)
    assert edited != types
    return edited


def _parsed(path: Path, out: Path) -> dict[str, Any]:
    result = khtool("parse", path, "-o", out)
    assert result.returncode == 0, result.stderr.decode()
    data: dict[str, Any] = yaml.safe_load(out.read_text("utf-8"))
    data.pop("source")
    return data


@pytest.mark.parametrize("part", ["numbering", "styles"])
def test_docx_part_without_a_content_type_is_still_read(tmp_path: Path, part: str) -> None:
    """python-docx leaves a part Word's [Content_Types].xml does not declare unparsed:
    its XML is read from its bytes, so the list labels come out as with the declaration."""
    path = _docx(tmp_path, **{"[Content_Types].xml": _without_override(part)})
    damaged = _parsed(path, tmp_path / "damaged.yaml")
    intact = _parsed(DOCX, tmp_path / "intact.yaml")
    assert damaged == intact
    assert [g["id"] for g in damaged["goals"]][:3] == ["1", "2", "3"]


def test_docx_undeclared_numbering_that_is_not_xml_is_skipped_with_a_warning(
    tmp_path: Path,
) -> None:
    path = _docx(
        tmp_path,
        **{
            "[Content_Types].xml": _without_override("numbering"),
            "word/numbering.xml": b"\x89PNG\r\n not xml at all",
        },
    )
    out = tmp_path / "plan.yaml"
    result = khtool("parse", path, "-o", out)
    assert result.returncode == 0, result.stderr.decode()
    plan = yaml.safe_load(out.read_text("utf-8"))
    assert plan["warnings"][0] == (
        "the list numbering part word/numbering.xml is not readable XML and was skipped; "
        "list labels may be missing"
    )
    assert plan["document"]["title"] == _parsed(DOCX, tmp_path / "x.yaml")["document"]["title"]


@pytest.mark.parametrize(
    ("namespace", "shown"),
    [
        (b"http://example.invalid/w", "<document> in namespace http://example.invalid/w"),
        (b"http://" + b"x" * 300, "<document> in namespace http://" + "x" * 73),
    ],
)
def test_docx_main_part_in_another_namespace_is_one_line(
    tmp_path: Path, namespace: bytes, shown: str
) -> None:
    main = _part("word/document.xml")
    w = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    assert w in main
    path = _docx(
        tmp_path, **{"word/document.xml": main.replace(w, b'xmlns:w="' + namespace + b'"')}
    )
    out = tmp_path / "plan.yaml"
    result = khtool("parse", path, "-o", out)
    assert result.returncode == 2
    assert one_line(result) == (
        f"khtool: {path}: not a valid .docx: word/document.xml is not a Word document "
        f"(root {shown})"
    )
    assert not out.exists()


def test_docx_main_part_without_a_namespace_is_one_line(tmp_path: Path) -> None:
    path = _docx(tmp_path, **{"word/document.xml": b"<document><body/></document>"})
    result = khtool("parse", path)
    assert result.returncode == 2
    assert one_line(result) == (
        f"khtool: {path}: not a valid .docx: word/document.xml is not a Word document "
        "(root <document> without a namespace)"
    )
    assert result.stdout == b""


# --- PDF -----------------------------------------------------------------------------

_IMAGE = (
    b"<< /Type /XObject /Subtype /Image /Width 40 /Height 20 /ColorSpace /DeviceGray "
    b"/BitsPerComponent 8 /Length 800 >>\nstream\n" + b"\x80" * 800 + b"\nendstream"
)
_PAGE = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
    b"/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>"
)
_PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"


def _scan(
    page: bytes = _PAGE,
    pages: bytes = _PAGES,
    image: bytes = _IMAGE,
    catalog: bytes = b"<< /Type /Catalog /Pages 2 0 R >>",
) -> bytes:
    """A one-page 'scan': no text, an image drawn over most of the page's width."""
    return build([catalog, pages, page, stream(b"q 480 0 0 240 57 560 cm /Im1 Do Q"), image])


def _run_pdf(tmp_path: Path, data: bytes) -> tuple[Path, Path, Any]:
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    out = tmp_path / "plan.yaml"
    return path, out, khtool("parse", path, "-o", out)


@needs_ocr
@pytest.mark.parametrize(
    ("page", "pages", "message"),
    [
        # a page with no /Type: PDFium takes it for a page, pdfminer does not
        (_PAGE.replace(b"/Type /Page ", b""), _PAGES, "PDFium finds 1 page, pdfplumber 0"),
        # the same page twice in the tree: PDFium counts it twice, pdfminer once
        (
            _PAGE,
            b"<< /Type /Pages /Kids [3 0 R 3 0 R] /Count 2 >>",
            "PDFium finds 2 pages, pdfplumber 1",
        ),
    ],
)
def test_pdf_page_trees_the_engines_disagree_on_are_one_line(
    tmp_path: Path, page: bytes, pages: bytes, message: str
) -> None:
    path, out, result = _run_pdf(tmp_path, _scan(page=page, pages=pages))
    assert result.returncode == 2
    assert (
        one_line(result) == f"khtool: {path}: not a valid PDF (its page tree is broken: {message})"
    )
    assert not out.exists()


@needs_ocr
@pytest.mark.parametrize(
    ("size", "shown"),
    [((59595, 842), "2,102 × 30"), ((3000, 3000), "106 × 106"), ((842, 10**9), "30 × 35,277,778")],
)
def test_pdf_page_too_large_to_render_is_refused_before_rendering(
    tmp_path: Path, size: tuple[int, int], shown: str
) -> None:
    page = _PAGE.replace(b"595 842", b"%d %d" % size)
    path, out, result = _run_pdf(tmp_path, _scan(page=page))
    assert result.returncode == 2
    assert one_line(result) == (
        f"khtool: {path}: page 1 is {shown} cm, too large to OCR "
        "(at most 36 million pixels: A0 paper at 150 dpi)"
    )
    assert not out.exists()


@needs_ocr
def test_pdf_image_size_that_is_a_keyword_is_not_trusted(tmp_path: Path) -> None:
    """pdfminer gives ``/Width abc`` as a keyword: the page is rendered at 300 dpi."""
    image = _IMAGE.replace(b"/Width 40", b"/Width abc")
    path, out, result = _run_pdf(tmp_path, _scan(image=image))
    assert result.returncode == 2
    assert one_line(result) == f"khtool: {path}: no text: OCR of page 1 recognised nothing"
    assert not out.exists()


@needs_ocr
def test_pdf_only_pdfplumber_opens_and_ocr_cannot_render_is_one_line(tmp_path: Path) -> None:
    data = _scan(catalog=b"<< /Type /ages /Kids [3 0 R] /Count 1 >>")
    path, out, result = _run_pdf(tmp_path, data)
    assert result.returncode == 2
    assert one_line(result) == (
        f"khtool: {path}: not a valid PDF (page 1 needs OCR, but the file is too damaged to render)"
    )
    assert not out.exists()


class _Page:
    def __init__(self, width: object, height: object, images: list[dict[str, Any]]) -> None:
        self.width, self.height, self.images = width, height, images


def test_render_dpi_ignores_values_that_are_not_numbers() -> None:
    from pdfminer.psparser import KWD, LIT

    from khtool.reading.ocr.pdf_pages import DPI, render_dpi

    scan = {"x0": 0, "x1": 500, "srcsize": (1389, 1965)}  # a 200 dpi scan over the page
    assert render_dpi(_Page(595, 842, [scan])) == 200
    for bad in (KWD(b"abc"), LIT("Width"), None, "400", True, math.nan, math.inf):
        assert render_dpi(_Page(595, 842, [{**scan, "srcsize": (bad, 20)}])) == DPI
        assert render_dpi(_Page(595, 842, [{**scan, "x0": bad}])) == DPI
        assert render_dpi(_Page(bad, 842, [scan])) == DPI
    assert render_dpi(_Page(595, 842, [{"x0": 0, "x1": 500, "srcsize": KWD(b"x")}])) == DPI


def test_render_dpi_keeps_a_large_page_within_the_pixel_bound() -> None:
    from khtool.reading.ocr.pdf_pages import MAX_PIXELS, render_dpi, too_large

    a0 = (2384, 3370)  # points
    dpi = render_dpi(_Page(*a0, []))
    assert 150 <= dpi < 300
    assert a0[0] * a0[1] * (dpi / 72) ** 2 <= MAX_PIXELS
    assert too_large(*a0, dpi) is None
    assert render_dpi(_Page(595, 842, [])) == 300  # A4 as before
    assert too_large(595, 842, 300) is None
    assert too_large(math.nan, 842, 300) is not None


def test_skew_of_a_sliver_or_a_huge_image_is_bounded() -> None:
    from PIL import Image

    from khtool.reading.ocr import skew as ocr_skew

    assert ocr_skew.skew(Image.new("L", (1, 4000), 0)) == 0.0
    wide = Image.new("L", (20000, 1000), 255)  # 20 Mpx: measured on a 9 Mpx copy or less
    wide.paste(0, (0, 500, 20000, 510))
    assert ocr_skew.skew(wide) == 0.0


# --- plan files with numbers no plan holds ------------------------------------------


def _plan(tmp_path: Path, edit: Any) -> Path:
    data = yaml.safe_load(PLAN.read_text("utf-8"))
    edit(data)
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _target(value: object) -> Any:
    def edit(data: dict[str, Any]) -> None:
        goal = next(g for g in data["goals"] if g["targets"])
        goal["targets"][0]["value"] = value

    return edit


def _goal_at(data: dict[str, Any]) -> str:
    index = next(i for i, g in enumerate(data["goals"]) if g["targets"])
    return f"goals.{index}.targets.0.value"


HUGE = -(10**190)
TOO_BIG = "is not a number a plan can hold (numbers are finite and within ±2^53)"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (HUGE, "-10000000000…0000 (191 digits)"),
        (math.inf, "inf"),
        (-math.inf, "-inf"),
        (math.nan, "nan"),
        (2**53 + 1, "9007199254740993"),
        (-(2.0**53) * 2, "-1.8014398509481984e+16"),
        (1e300, "1e+300"),
    ],
)
@pytest.mark.parametrize("command", ["diff", "export", "report"])
def test_plan_number_beyond_what_a_plan_means_is_one_line(
    tmp_path: Path, value: object, shown: str, command: str
) -> None:
    path = _plan(tmp_path, _target(value))
    at = _goal_at(yaml.safe_load(PLAN.read_text("utf-8")))
    out = tmp_path / "out"
    out.mkdir()
    args: dict[str, list[str | Path]] = {
        "diff": ["diff", path, PLAN, "-o", out / "diff.md"],
        "export": ["export", path, "--to", out / "plan.csv"],
        "report": ["report", path, "-o", out / "report.html"],
    }
    result = khtool(*args[command])
    assert result.returncode == 2, result.stderr.decode()
    assert one_line(result) == (
        f"khtool: {path}: does not match the plan schema at {at}: {shown} {TOO_BIG} (1 error(s))"
    )
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    ("edit", "at", "shown"),
    [
        (
            lambda d: d["appendix"]["groups"][1]["tasks"][0].update(
                quantities=[{"count": HUGE, "item": "hội nghị", "text": "x hội nghị"}]
            ),
            "appendix.groups.1.tasks.0.quantities.0.count",
            "-10000000000…0000 (191 digits)",
        ),
        (
            lambda d: d["document"].update(plan_year=-(10**400)),
            "document.plan_year",
            "-10000000000…0000 (401 digits)",
        ),
        (
            lambda d: d["source"].update(ocr_confidence={"1": math.inf}),
            "source.ocr_confidence.1",
            "inf",
        ),
    ],
)
def test_plan_numbers_of_every_kind_are_checked(
    tmp_path: Path, edit: Any, at: str, shown: str
) -> None:
    path = _plan(tmp_path, edit)
    result = khtool("diff", path, PLAN)
    assert result.returncode == 2, result.stderr.decode()
    assert one_line(result) == (
        f"khtool: {path}: does not match the plan schema at {at}: {shown} {TOO_BIG} (1 error(s))"
    )
    assert result.stdout == b""


def test_validate_reports_the_number_as_a_schema_finding(tmp_path: Path) -> None:
    path = _plan(tmp_path, _target(HUGE))
    at = _goal_at(yaml.safe_load(PLAN.read_text("utf-8")))
    (index,) = re.findall(r"goals\.(\d+)\.", at)
    result = khtool("validate", path)
    err = result.stdout.decode() + result.stderr.decode()
    assert result.returncode == 1, err
    assert "Traceback" not in err and "internal error" not in err
    assert re.search(
        rf"error\s+KH903\s+-10000000000…0000 \(191 digits\) {re.escape(TOO_BIG)}"
        rf"\s+\[goals\[{index}\]\.targets\[0\]\.value\]",
        err,
    ), err


def test_the_largest_plausible_numbers_still_load(tmp_path: Path) -> None:
    from khtool.model import load_plan

    path = _plan(tmp_path, _target(-(2**53)))
    goal = next(g for g in load_plan(path).goals if g.targets)
    assert goal.targets[0].value == -9_007_199_254_740_992
    path = _plan(tmp_path, _target(-123.5))
    assert next(g for g in load_plan(path).goals if g.targets).targets[0].value == -123.5


def test_number_formatters_do_not_overflow() -> None:
    from khtool.diffing.report import number
    from khtool.diffing.tasks import _number
    from khtool.validating.rules.targets import _as_float, _fmt

    big = 10**400
    assert number(big) == _number(big) == _fmt(big) == str(big)
    assert number(2.5) == _number(2.5) == "2.5" and number(3.0) == "3"
    assert _as_float(big) == math.inf and _as_float(-big) == -math.inf


@pytest.mark.parametrize("digits", [20, 400])
def test_a_document_with_an_absurd_percentage_still_parses(tmp_path: Path, digits: int) -> None:
    text = (FIXTURES / "plan-2025-draft.txt").read_text("utf-8")
    assert "Giảm 5 – 8%" in text
    path = tmp_path / "plan.txt"
    path.write_text(text.replace("Giảm 5 – 8%", "Giảm 5 – " + "9" * digits + "%", 1), "utf-8")
    out = tmp_path / "plan.yaml"
    result = khtool("parse", path, "-o", out)
    assert result.returncode == 0, result.stderr.decode()
    plan = yaml.safe_load(out.read_text("utf-8"))
    numbers = [
        n
        for goal in plan["goals"]
        for target in goal["targets"]
        for n in (target["value"], target["min"], target["max"])
        if n is not None
    ]
    assert numbers and all(abs(n) <= 2**53 for n in numbers)
