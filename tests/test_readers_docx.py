"""The .docx reader: body order, merged cells, header rows, numbering, safety."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from khtool.errors import InputError, LimitExceededError
from khtool.limits import Limits
from khtool.reading import read_document
from khtool.reading.blocks import Document, Paragraph, Table
from khtool.reading.docx import reader as docx_reader
from khtool.reading.docx.numbering import format_number
from tests.conftest import FIXTURES

W = nsdecls("w")


def _p(text: str, ppr: str = "", runs: str | None = None) -> str:
    body = runs if runs is not None else f"<w:r><w:t xml:space='preserve'>{text}</w:t></w:r>"
    return f"<w:p><w:pPr>{ppr}</w:pPr>{body}</w:p>"


def _num(num_id: int, level: int = 0) -> str:
    return f"<w:numPr><w:ilvl w:val='{level}'/><w:numId w:val='{num_id}'/></w:numPr>"


def _tc(*paragraphs: str, props: str = "") -> str:
    inner = "".join(_p(t) for t in paragraphs) or "<w:p/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{inner}</w:tc>"


def _tbl(rows: list[str], columns: int) -> str:
    grid = "".join("<w:gridCol w:w='1000'/>" for _ in range(columns))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def _levels(*levels: tuple[int, str, str], start: int = 1) -> str:
    return "".join(
        f"<w:lvl w:ilvl='{i}'><w:start w:val='{start}'/><w:numFmt w:val='{fmt}'/>"
        f"<w:lvlText w:val='{text}'/></w:lvl>"
        for i, fmt, text in levels
    )


def make_docx(
    body: str, numbering: dict[int, str] | None = None, overrides: str = "", nums: str = ""
) -> bytes:
    """A real python-docx package whose body is ``body`` (WordprocessingML)."""
    document = docx.Document()
    element = document.element.body
    sect = element.sectPr
    for child in list(element):
        element.remove(child)
    wrapper = parse_xml(f"<w:body {W}>{body}</w:body>")
    for child in list(wrapper):
        element.append(child)
    if sect is not None:
        element.append(sect)
    if numbering:
        root = document.part.numbering_part.element
        first = root.find(f"{{{root.nsmap['w']}}}num")
        for ident, levels in numbering.items():
            abstract = parse_xml(
                f"<w:abstractNum {W} w:abstractNumId='{ident}'>{levels}</w:abstractNum>"
            )
            if first is not None:
                first.addprevious(abstract)
            else:
                root.append(abstract)
            root.append(
                parse_xml(
                    f"<w:num {W} w:numId='{ident}'><w:abstractNumId w:val='{ident}'/>"
                    f"{overrides if ident == max(numbering) else ''}</w:num>"
                )
            )
        for num in parse_xml(f"<w:x {W}>{nums}</w:x>"):
            root.append(num)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def read(data: bytes, limits: Limits | None = None) -> Document:
    return docx_reader.read(Path("test.docx"), data, limits or Limits())


def texts(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


# -- body, cells, merges ---------------------------------------------------------------


def test_paragraphs_and_tables_in_body_order() -> None:
    body = _p("KẾ HOẠCH") + _tbl([f"<w:tr>{_tc('a')}{_tc('b')}</w:tr>"], 2) + _p("I. MỤC TIÊU")
    doc = read(make_docx(body))
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph"]
    assert texts(doc) == ["KẾ HOẠCH", "I. MỤC TIÊU"]
    assert [b.where.line for b in doc.blocks] == [1, 2, 3]


def test_group_row_merged_by_gridspan_appears_once() -> None:
    header = (
        "<w:tr>" + "".join(_tc(t) for t in ["TT", "Danh mục", "Nội dung", "Thời gian"]) + "</w:tr>"
    )
    group = (
        f"<w:tr>{_tc('I')}" + _tc("Nâng cao nhận thức", props="<w:gridSpan w:val='3'/>") + "</w:tr>"
    )
    row = (
        "<w:tr>"
        + "".join(_tc(t) for t in ["1", "Tuyên truyền", "Truyền thông", "Tháng 7"])
        + "</w:tr>"
    )
    table = tables(read(make_docx(_tbl([header, group, row], 4))))[0]
    assert table.rows[1].cells == [["I"], ["Nâng cao nhận thức"], [], []]
    assert len(table.rows[2].cells) == 4


def test_grid_before_and_after_keep_the_columns() -> None:
    row = (
        "<w:tr><w:trPr><w:gridBefore w:val='1'/><w:gridAfter w:val='1'/></w:trPr>"
        f"{_tc('giữa')}</w:tr>"
    )
    table = tables(read(make_docx(_tbl([row], 3))))[0]
    assert table.rows[0].cells == [[], ["giữa"], []]


def test_vertical_merge_repeats_over_records_and_not_inside_one() -> None:
    restart = "<w:vMerge w:val='restart'/>"
    cont = "<w:vMerge/>"
    rows = [
        f"<w:tr>{_tc('1')}{_tc('Nhiệm vụ A')}{_tc('Sở Công Thương', props=restart)}</w:tr>",
        # a new task (its own TT): the merged lead applies to it too
        f"<w:tr>{_tc('2')}{_tc('Nhiệm vụ B')}{_tc(props=cont)}</w:tr>",
        # TT merged from above: a continuation of task 2, the lead is not repeated
        f"<w:tr>{_tc('3', props=restart)}{_tc('Nhiệm vụ C')}{_tc('Sở Xây dựng')}</w:tr>",
        f"<w:tr>{_tc(props=cont)}{_tc('tiếp')}{_tc('Sở Y tế', props=restart)}</w:tr>",
        f"<w:tr>{_tc(props=cont)}{_tc('nữa')}{_tc(props=cont)}</w:tr>",
    ]
    table = tables(read(make_docx(_tbl(rows, 3))))[0]
    assert [r.cells for r in table.rows] == [
        [["1"], ["Nhiệm vụ A"], ["Sở Công Thương"]],
        [["2"], ["Nhiệm vụ B"], ["Sở Công Thương"]],
        [["3"], ["Nhiệm vụ C"], ["Sở Xây dựng"]],
        [[], ["tiếp"], ["Sở Y tế"]],
        [[], ["nữa"], []],
    ]


def test_several_paragraphs_and_line_breaks_in_a_cell() -> None:
    runs = "<w:r><w:t>- Đơn vị chủ trì: Sở Công Thương.</w:t><w:br/><w:t>- Đơn vị phối hợp: Sở Y tế</w:t></w:r>"
    cell = f"<w:tc>{_p('Dòng 1')}{_p('', runs=runs)}<w:p/></w:tc>"
    table = tables(read(make_docx(_tbl([f"<w:tr>{cell}</w:tr>"], 1))))[0]
    assert table.rows[0].cells == [
        ["Dòng 1", "- Đơn vị chủ trì: Sở Công Thương.", "- Đơn vị phối hợp: Sở Y tế"]
    ]


def test_header_rows_marked_to_repeat() -> None:
    head = f"<w:tr><w:trPr><w:tblHeader/></w:trPr>{_tc('TT')}</w:tr>"
    off = f"<w:tr><w:trPr><w:tblHeader w:val='false'/></w:trPr>{_tc('1')}</w:tr>"
    plain = f"<w:tr>{_tc('2')}</w:tr>"
    table = tables(read(make_docx(_tbl([head, off, plain], 1))))[0]
    assert [r.is_header for r in table.rows] == [True, False, False]


def test_nested_table_adds_its_paragraphs_to_the_cell() -> None:
    inner = _tbl([f"<w:tr>{_tc('x')}{_tc('y')}</w:tr>"], 2)
    cell = f"<w:tc>{_p('trước')}{inner}{_p('sau')}</w:tc>"
    table = tables(read(make_docx(_tbl([f"<w:tr>{cell}</w:tr>"], 1))))[0]
    assert table.rows[0].cells == [["trước", "x", "y", "sau"]]


def test_tracked_changes_fields_hidden_text_and_content_controls() -> None:
    runs = (
        "<w:r><w:t xml:space='preserve'>Giảm </w:t></w:r>"
        "<w:del><w:r><w:delText>10</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>5 – 8</w:t></w:r></w:ins>"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        "<w:r><w:instrText>PAGE</w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r>"
        "<w:r><w:t>%</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t> (ẩn)</w:t></w:r>"
    )
    body = (
        _p("", runs=runs) + f"<w:sdt><w:sdtContent>{_p('trong ô nội dung')}</w:sdtContent></w:sdt>"
    )
    assert texts(read(make_docx(body))) == ["Giảm 5 – 8%", "trong ô nội dung"]


# -- automatic numbering ----------------------------------------------------------------


def test_multilevel_numbering_is_written_into_the_text() -> None:
    levels = _levels((0, "decimal", "%1."), (1, "decimal", "%1.%2."))
    body = "".join(
        [
            _p("MỤC TIÊU"),
            _p("Hỗ trợ doanh nghiệp", _num(7)),
            _p("Nâng cao nhận thức", _num(7)),
            _p("Phấn đấu đạt các chỉ tiêu:", _num(7)),
            _p("Giảm 5 – 8% mức tiêu hao", _num(7, 1)),
            _p("Tỷ lệ đạt 100%", _num(7, 1)),
            _p("Góp phần đạt chỉ tiêu quốc gia:", _num(7)),
            _p("Tỷ lệ đạt 45%", _num(7, 1)),
        ]
    )
    assert texts(read(make_docx(body, {7: levels}))) == [
        "MỤC TIÊU",
        "1. Hỗ trợ doanh nghiệp",
        "2. Nâng cao nhận thức",
        "3. Phấn đấu đạt các chỉ tiêu:",
        "3.1. Giảm 5 – 8% mức tiêu hao",
        "3.2. Tỷ lệ đạt 100%",
        "4. Góp phần đạt chỉ tiêu quốc gia:",
        "4.1. Tỷ lệ đạt 45%",
    ]


def test_bullets_roman_letters_and_restarts() -> None:
    numbering = {
        3: _levels((0, "bullet", "-")),
        4: _levels((0, "bullet", "\uf0b7")),  # Symbol-font bullet
        5: _levels((0, "upperRoman", "%1.")),
        6: _levels((0, "lowerLetter", "%1)")),
    }
    body = "".join(
        [
            _p("Tuyên truyền", _num(3)),
            _p("Tập huấn", _num(4)),
            _p("MỤC TIÊU", _num(5)),
            _p("NỘI DUNG", _num(5)),
            _p("thứ nhất", _num(6)),
            _p("thứ hai", _num(6)),
        ]
    )
    # numId 6 restarts at 3 through lvlOverride/startOverride
    overrides = "<w:lvlOverride w:ilvl='0'><w:startOverride w:val='3'/></w:lvlOverride>"
    assert texts(read(make_docx(body, numbering, overrides))) == [
        "- Tuyên truyền",
        "• Tập huấn",
        "I. MỤC TIÊU",
        "II. NỘI DUNG",
        "c) thứ nhất",
        "d) thứ hai",
    ]


def test_nums_sharing_a_list_share_its_counters() -> None:
    """LibreOffice writes a list as a restarting num for the first item and a plain num
    of the same list for the others; a later restarting num starts again."""
    levels = _levels((0, "decimal", "%1."), (1, "decimal", "%1.%2."))
    restart = "<w:lvlOverride w:ilvl='0'><w:startOverride w:val='1'/></w:lvlOverride>"
    nums = (
        f"<w:num w:numId='21'><w:abstractNumId w:val='8'/>{restart}</w:num>"
        f"<w:num w:numId='22'><w:abstractNumId w:val='8'/>{restart}</w:num>"
    )
    body = "".join(
        [
            _p("Hỗ trợ", _num(21)),
            _p("Nâng cao", _num(8)),
            _p("Giảm 5%", _num(8, 1)),
            _p("Phấn đấu", _num(8)),
            _p("II. NỘI DUNG"),
            _p("Truyền thông", _num(22)),
            _p("Phân phối", _num(8)),
        ]
    )
    assert texts(read(make_docx(body, {8: levels}, nums=nums))) == [
        "1. Hỗ trợ",
        "2. Nâng cao",
        "2.1. Giảm 5%",
        "3. Phấn đấu",
        "II. NỘI DUNG",
        "1. Truyền thông",
        "2. Phân phối",
    ]


def test_numbering_from_the_paragraph_style() -> None:
    document = docx.Document()
    document.add_paragraph("Hội nghị", style="List Number")
    document.add_paragraph("Hội thảo", style="List Number")
    document.add_paragraph("Tờ rơi", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    got = texts(read(buffer.getvalue()))
    assert got[:2] == ["1. Hội nghị", "2. Hội thảo"]
    assert got[2] in ("• Tờ rơi", "- Tờ rơi")


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (4, "upperRoman", "IV"),
        (14, "lowerRoman", "xiv"),
        (3, "decimalZero", "03"),
        (27, "lowerLetter", "aa"),
        (2, "upperLetter", "B"),
        (12, "decimal", "12"),
    ],
)
def test_number_formats(value: int, fmt: str, text: str) -> None:
    assert format_number(value, fmt) == text


def test_real_plan_numbers_come_from_word_numbering() -> None:
    """The 2025 .docx holds no '4.1.' in its text; the reader rebuilds it."""
    path = FIXTURES / "plan-2025-draft.docx"
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    assert ">4.1. " not in xml and "<w:numPr>" in xml
    got = texts(read_document(path))
    assert (
        "4.1. Giảm 5 – 8% mức tiêu hao nguyên, nhiên vật liệu của các ngành sản xuất, cụ thể: dệt may, rượu bia nước giải khát, thép, nhựa."
        in got
    )
    assert got[got.index("II. NỘI DUNG") + 1] == (
        "1. Đẩy mạnh truyền thông về sản xuất và tiêu dùng bền vững"
    )


def test_real_plan_tables() -> None:
    doc = read_document(FIXTURES / "plan-2025-draft.docx")
    header, *_, appendix = tables(doc)
    assert header.rows[0].cells == [
        ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"],
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
    ]
    assert appendix.rows[0].is_header and appendix.rows[0].cells[0] == ["TT"]
    assert appendix.rows[1].cells == [
        ["I"],
        ["Đẩy mạnh truyền thông về sản xuất và tiêu dùng bền vững"],
        [],
        [],
        [],
        [],
        [],
    ]
    task6 = next(r for r in appendix.rows if r.cells[0] == ["6"])
    assert task6.cells[5][-1] == "- Công ty Advanced Business Events - Cộng hòa Pháp."


# -- hostile and broken files -----------------------------------------------------------


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _replace_part(data: bytes, name: str, content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[name] = content
    return _zip(parts)


def test_corrupt_zip() -> None:
    data = make_docx(_p("KẾ HOẠCH"))
    with pytest.raises(InputError) as info:
        read(data[: len(data) // 2])
    assert info.value.message == "not a valid .docx (corrupt zip)"


def test_junk_with_a_docx_name() -> None:
    with pytest.raises(InputError, match="corrupt zip"):
        read(bytes(range(256)) * 16)


def test_a_zip_that_is_not_a_word_document() -> None:
    with pytest.raises(InputError, match=r"not a Word document \(\.docx\)"):
        read(_zip({"hello.txt": b"xin chao"}))


def test_zip_bomb_is_refused_before_inflating() -> None:
    document = b"<w:document/>" + b" " * 5_000_000
    data = _replace_part(make_docx(_p("x")), "word/document.xml", document)
    assert len(data) < 100_000
    with pytest.raises(LimitExceededError, match=r"inflate to \d+ MB, over the 1 MB limit"):
        read(data, Limits(max_inflated=1_000_000))


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>',
        '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
    ],
    ids=["xxe", "billion-laughs"],
)
def test_doctype_and_entities_are_refused(doctype: str) -> None:
    data = make_docx(_p("KẾ HOẠCH"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    head, _, rest = xml.partition("?>")
    hostile = f"{head}?>{doctype}{rest}".replace("KẾ HOẠCH", "&xxe;&b;").encode("utf-8")
    with pytest.raises(InputError, match="declares a DOCTYPE or XML entities"):
        read(_replace_part(data, "word/document.xml", hostile))


def test_doctype_in_utf16_part_is_refused() -> None:
    data = make_docx(_p("x"))
    hostile = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'
    with pytest.raises(InputError, match="DOCTYPE"):
        read(_replace_part(data, "word/settings.xml", hostile.encode("utf-16")))


def test_a_broken_document_part() -> None:
    data = _replace_part(make_docx(_p("x")), "word/document.xml", b"<w:document><unclosed>")
    with pytest.raises(InputError) as info:
        read(data)
    assert info.value.message.startswith("not a valid .docx (")


def test_another_office_file_named_docx() -> None:
    data = make_docx(_p("x"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml").replace(
            b"wordprocessingml.document.main", b"spreadsheetml.sheet.main"
        )
    with pytest.raises(InputError) as info:
        read(_replace_part(data, "[Content_Types].xml", types))
    assert info.value.message == "not a Word document (.docx): another kind of Office file"


def test_a_document_without_a_body_is_empty() -> None:
    data = make_docx(_p("x"))
    empty = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    assert read(_replace_part(data, "word/document.xml", empty)).blocks == []
