"""The pieces that make OCR of scans accurate, each on invented images and words:
dust and paper cleaned off (``reading.ocr.clean``), the skew measured from the ink
(``reading.ocr.skew``), rules carried across narrow cells and snapped over pages
(``reading.ocr.grid``), vocabulary post-correction (``reading.ocr.fix``), TT cells read as numbers
(``reading.ocr.pdf_pages``)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from khtool.reading.ocr import clean as ocr_clean
from khtool.reading.ocr import fix as ocr_fix
from khtool.reading.ocr import grid as ocr_grid
from khtool.reading.ocr import skew as ocr_skew
from khtool.reading.ocr import tesseract as ocr

needs_ocr = pytest.mark.skipif(ocr.missing() is not None, reason=str(ocr.missing()))
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
needs_font = pytest.mark.skipif(not FONT.is_file(), reason="DejaVu fonts not installed")


def _page(size: tuple[int, int] = (1200, 500)) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("L", size, 235)  # a grey paper, as a scanner sees it
    return image, ImageDraw.Draw(image)


def _dust(image: Image.Image, share: float, seed: int = 3) -> Image.Image:
    pixels = np.asarray(image).copy()
    noise = np.random.default_rng(seed)
    specks = noise.random(pixels.shape) < share
    pixels[specks] = noise.integers(0, 120, int(specks.sum()), dtype=np.uint8)
    return Image.fromarray(pixels, mode="L")


# -- ocr_clean ----------------------------------------------------------------------


def test_despeckle_whitens_the_paper_and_removes_specks_but_keeps_marks() -> None:
    image, draw = _page()
    draw.rectangle((100, 100, 130, 160), fill=20)  # a stroke
    draw.rectangle((200, 100, 202, 102), fill=20)  # a dot of 9 pixels (an i's dot)
    draw.point((600, 300), fill=10)  # a speck of one pixel
    draw.rectangle((700, 300, 701, 300), fill=10)  # … of two
    clean = np.asarray(ocr_clean.despeckle(image, 200))
    assert clean[300, 600] == 255 and clean[300, 700] == 255  # specks gone
    assert clean[130, 115] == 20 and clean[101, 201] == 20  # marks kept, grey as it was
    assert clean[10, 10] == 255  # the grey paper is white


def test_speck_area_grows_with_the_square_of_the_resolution() -> None:
    assert ocr_clean.speck_area(200) == ocr_clean.SPECK_AREA
    assert ocr_clean.speck_area(400) == 4 * ocr_clean.SPECK_AREA


# -- ocr_skew -----------------------------------------------------------------------


@needs_font
@pytest.mark.parametrize("angle", [-0.7, -0.3, 0.0, 0.4, 1.2])
def test_skew_is_measured_from_the_lines_of_the_page(angle: float) -> None:
    font = ImageFont.truetype(str(FONT), 28)
    image = Image.new("L", (1600, 1100), 255)
    draw = ImageDraw.Draw(image)
    rng = random.Random(1)
    words = ["Kế hoạch", "thực hiện", "sản xuất", "tiêu dùng", "bền vững", "năm"]
    for row in range(12):
        line = " ".join(rng.choice(words) for _ in range(9))
        draw.text((120, 100 + row * 75), line, font=font, fill=0)
    turned = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert ocr_skew.skew(turned) == pytest.approx(-angle, abs=0.1)


def test_a_blank_page_has_no_skew() -> None:
    assert ocr_skew.skew(Image.new("L", (400, 300), 255)) == 0.0


# -- ocr_grid -----------------------------------------------------------------------


def _grid(narrow_rule: bool) -> Image.Image:
    """A table whose first column (70 pixels) is narrower than the rule kernel (96);
    the rule under its second row crosses that column or not."""
    image = Image.new("L", (2400, 700), 255)
    draw = ImageDraw.Draw(image)
    for y in (100, 250, 600):
        draw.line([(100, y), (2300, y)], fill=0, width=2)
    draw.line([(170, 400), (2300, 400)], fill=0, width=2)
    for x in (100, 170, 1200, 2300):
        draw.line([(x, 100), (x, 600)], fill=0, width=2)
    if narrow_rule:  # over the narrow column, a pixel lower: no row of it is long enough
        draw.line([(100, 402), (170, 402)], fill=0, width=2)
    return image


def test_a_rule_over_a_narrow_column_is_carried_across_it_where_its_ink_runs() -> None:
    rules = ocr_grid.find_rules(_grid(narrow_rule=True))
    row_rule = next(r for r in rules if r.horizontal and abs(r.at - 400) <= 2)
    assert row_rule.start <= 102  # carried across the 70-pixel column to its left rule


def test_a_cell_merged_over_two_rows_stays_merged() -> None:
    rules = ocr_grid.find_rules(_grid(narrow_rule=False))
    row_rule = next(r for r in rules if r.horizontal and abs(r.at - 400) <= 2)
    assert row_rule.start >= 168  # no ink over the narrow column: nothing to carry


def test_a_rule_stopping_inside_a_cell_is_mended_to_the_next_rule() -> None:
    h = ocr_grid.Segment(True, 300, 140, 1000, 2)  # ends 40 px into the cell 100–170
    verticals = [ocr_grid.Segment(False, x, 100, 600, 2) for x in (100, 170, 1000)]
    mended = ocr_grid.mend([h, *verticals])
    assert (mended[0].start, mended[0].end) == (100, 1000)
    underline = ocr_grid.Segment(True, 700, 300, 500, 2)  # below the table: left alone
    assert ocr_grid.mend([underline, *verticals])[0] == underline


def test_column_rules_of_a_later_page_snap_to_the_earlier_ones() -> None:
    columns = ocr_grid.Columns()
    first = [ocr_grid.Segment(False, x, 0, 500, 2) for x in (173, 252, 567)]
    later = [ocr_grid.Segment(False, x, 0, 500, 2) for x in (174, 251, 700)]
    columns.snap(first, 72 / 200)
    snapped = columns.snap(later, 72 / 200)
    assert [r.at for r in snapped] == [173, 252, 700]  # 700 is a new column, kept


# -- ocr_fix ------------------------------------------------------------------------


def _fixed(text: str) -> str:
    words = [{"text": t} for t in text.split()]
    ocr_fix.correct(words)
    return " ".join(w["text"] for w in words)


def test_vocabulary_phrases_take_their_marks() -> None:
    assert _fixed("Ghỉ chú:") == "Ghi chú:"
    assert _fixed("các đơn vi có liên quan") == "các đơn vị có liên quan"
    assert _fixed("ĐƠN VI THỰC HIỆN") == "ĐƠN VỊ THỰC HIỆN"  # the case as read


def test_single_words_and_ambiguous_phrases_are_left_alone() -> None:
    assert _fixed("bán hàng") == "bán hàng"  # no phrase: a mark may be meant
    assert _fixed("hàng nam") == "hàng nam"  # hàng năm or hằng năm: not guessed
    assert _fixed("Ghi chú") == "Ghi chú"


def test_quarter_numerals_are_mended_only_into_quarters() -> None:
    assert _fixed("Trong quý IH-IV/2020") == "Trong quý III-IV/2020"
    assert _fixed("quý lV/2025") == "quý IV/2025"
    assert _fixed("quý 1/2025") == "quý 1/2025"  # digits are a quarter written in digits
    assert _fixed("quý VIII") == "quý VIII"  # no such quarter: left as read
    assert _fixed("IH-IV/2020") == "IH-IV/2020"  # not after a quarter word
    assert _fixed("Xong trong Quý 11/2026") == "Xong trong Quý II/2026"  # no quarter 11
    assert _fixed("quý 111-IV") == "quý III-IV"
    assert _fixed("quý 12") == "quý 12"


def test_a_word_in_capitals_among_lower_case_takes_the_case_of_a_title() -> None:
    assert _fixed("Các SỞ Xây dựng") == "Các Sở Xây dựng"
    assert _fixed("SỞ XÂY DỰNG") == "SỞ XÂY DỰNG"  # all in capitals: as read
    assert _fixed("Sở Xây Dựng") == "Sở Xây Dựng"


def test_glued_one_and_blots() -> None:
    assert _fixed("01 ngày/1ớp) 1km 1a ©2020") == "01 ngày/lớp) 1km 1a ©2020"
    assert _fixed("KCN&C©X KCN&©X ©X") == "KCN&CX KCN&CX CX"


# -- OCR of invented images -------------------------------------------------------


@needs_ocr
@needs_font
def test_a_blank_dusty_cell_reads_as_nothing_after_cleaning() -> None:
    image, draw = _page((900, 300))
    font = ImageFont.truetype(str(FONT), 30)
    draw.text((420, 120), "Sở Công Thương", font=font, fill=0)
    dusty = ocr_clean.despeckle(_dust(image, 0.003), 200)
    with ocr.tesseract() as engine:
        engine.load(dusty)
        blank = engine.words((20, 20, 380, 280), block=True)
        text = engine.words((400, 100, 880, 180), block=True)
    assert blank == []
    assert " ".join(w["text"] for w in text) == "Sở Công Thương"


@needs_ocr
@needs_font
def test_a_tt_cell_is_read_as_a_numeral() -> None:
    """A lone serif ``I`` alone in its box, which Tesseract reads as ``lÍ``."""
    from khtool.reading.ocr.pdf_pages import _tt_words

    font = ImageFont.truetype(str(SERIF), 26)
    image = Image.new("L", (300, 300), 255)
    draw = ImageDraw.Draw(image)
    for y, text in ((20, "I"), (120, "III"), (220, "12")):
        draw.text((30, y), text, font=font, fill=0)
    with ocr.tesseract() as engine:
        engine.load(image)
        lone, group, task = (_tt_words((10, y - 15, 110, y + 50), engine) for y in (20, 120, 220))
    assert [w["text"] for w in lone] == ["I"]
    assert len(group) == 1 and group[0]["text"] in ("II", "III")  # the count is the
    # sequence's: repair_numerals gives the group the numeral due
    assert [w["text"] for w in task] == ["12"]


def test_abbreviations_in_capitals_keep_their_case() -> None:
    assert _fixed("UBND Thành phố") == "UBND Thành phố"
    assert _fixed("HĐND tỉnh") == "HĐND tỉnh"


def test_slips_of_case_in_a_sentence_are_put_back() -> None:
    assert _fixed("sản xuất Và tiêu dùng") == "sản xuất và tiêu dùng"
    assert _fixed("Các SỞ, ban, ngành") == "Các Sở, ban, ngành"
    assert _fixed("hoạt động. Và như vậy") == "hoạt động. Và như vậy"  # a sentence opens
    assert _fixed("CỦA CÁC SỞ, BAN, NGÀNH") == "CỦA CÁC SỞ, BAN, NGÀNH"  # a title
    assert _fixed("về ĐẠI HỘI") == "về ĐẠI HỘI"  # a name in capitals


def test_a_word_that_opens_a_line_keeps_its_capital() -> None:
    words = [
        {"text": "vận", "top": 10.0, "bottom": 20.0, "x0": 300.0},
        {"text": "Trong", "top": 30.0, "bottom": 40.0, "x0": 10.0},
        {"text": "khi", "top": 30.0, "bottom": 40.0, "x0": 60.0},
        {"text": "Và", "top": 30.0, "bottom": 40.0, "x0": 90.0},
        {"text": "Và", "top": 50.0, "bottom": 60.0, "x0": 10.0},  # 'và' opens no paragraph
    ]
    ocr_fix.correct(words)
    assert [w["text"] for w in words] == ["vận", "Trong", "khi", "và", "và"]
