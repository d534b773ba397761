"""The HTML reader: content root, site chrome, cells, spans, header rows, safety."""

from __future__ import annotations

import re
import socket
import unicodedata
from pathlib import Path

import pytest

import khtool
from khtool.errors import EncodingError, InputError, LimitExceededError
from khtool.limits import Limits
from khtool.reading import html as html_reader
from khtool.reading import read_document
from khtool.reading.blocks import Document, Paragraph, Table
from tests.conftest import FIXTURES


def read(page: str | bytes, limits: Limits | None = None) -> Document:
    data = page.encode("utf-8") if isinstance(page, str) else page
    return html_reader.read(Path("page.html"), data, limits or Limits())


def texts(doc: Document) -> list[str]:
    return [b.text.strip() for b in doc.blocks if isinstance(b, Paragraph)]


def tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def test_site_chrome_is_dropped_from_the_real_page() -> None:
    doc = read_document(FIXTURES / "plan-2025-draft.html")
    everything = " ".join(texts(doc)) + " ".join(
        p for t in tables(doc) for r in t.rows for c in r.cells for p in c
    )
    for chrome in (
        "Trang chủ",  # navigation
        "Đăng ký tài khoản",  # a string inside a script
        "not a paragraph of the plan",  # a comment inside a style
        "Vui lòng bật JavaScript",  # noscript
        "Thuộc tính văn bản",  # sidebar
        "bản quyền",  # footer
        "Tải về",  # tab bar inside the article
    ):
        assert chrome not in everything
    assert texts(doc)[0] == "KẾ HOẠCH"


def test_real_page_tables() -> None:
    doc = read_document(FIXTURES / "plan-2020-96-KH-UBND.html")
    header, signature, appendix = tables(doc)
    assert header.rows[0].cells == [
        ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"],
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
    ]
    assert signature.rows[0].cells == [[], ["TM. ỦY BAN NHÂN DÂN"]]
    assert appendix.rows[0].is_header
    assert appendix.rows[1].cells == [
        ["I"],
        ["Nâng cao nhận thức về sản xuất và tiêu dùng bền vững"],
        [],
        [],
        [],
        [],
    ]
    # <br> between the bullets of a cell (the 2020 page) gives one paragraph each
    assert appendix.rows[2].cells[4] == [
        "- Đơn vị chủ trì: Sở Công Thương.",
        "- Đơn vị phối hợp: Sở Tài nguyên và Môi trường; Sở Thông tin và Truyền thông; "
        "Sở Xây dựng; Đài Phát thanh và truyền hình Hà Nội, các cơ quan báo chí và truyền "
        "thông và đơn vị có liên quan.",
    ]


def test_br_and_p_inside_cells() -> None:
    page = (
        "<table><tr><td><p>một<br>hai</p><p>ba</p>bốn<div>năm</div></td><td>sáu</td></tr></table>"
    )
    (table,) = tables(read(page))
    assert table.rows[0].cells == [["một", "hai", "ba", "bốn", "năm"], ["sáu"]]


def test_a_break_that_clears_a_floating_picture_is_not_a_line_break() -> None:
    # a word processor's export: the anchor of a drawn line sits inside 'Số:'
    page = (
        '<p>S<img src="line.gif" align="left"><br clear="left"></img>ố: 12/KH-SCT</p>'
        '<p>một<br clear="all">hai</p><p>ba<img src="x.gif"> bốn<br clear="left">năm</p>'
    )
    assert texts(read(page)) == ["Số: 12/KH-SCT", "một", "hai", "ba bốn", "năm"]


def test_colspan_rowspan_and_header_rows() -> None:
    page = """<table>
    <thead><tr><th>TT</th><th>Danh mục</th><th>Đơn vị</th></tr></thead>
    <tr><th>(1)</th><th>(2)</th><th>(3)</th></tr>
    <tr><td>I</td><td colspan="2">Nhóm nhiệm vụ</td></tr>
    <tr><td>1</td><td>Nhiệm vụ A</td><td rowspan="2">Sở Công Thương</td></tr>
    <tr><td>2</td><td>Nhiệm vụ B</td></tr>
    <tr><td rowspan="2">3</td><td>Nhiệm vụ C</td><td>Sở Y tế</td></tr>
    <tr><td>tiếp</td><td>Sở Xây dựng</td></tr>
    </table>"""
    (table,) = tables(read(page))
    assert [r.is_header for r in table.rows] == [True, True, False, False, False, False, False]
    assert [r.cells for r in table.rows[2:]] == [
        [["I"], ["Nhóm nhiệm vụ"], []],
        [["1"], ["Nhiệm vụ A"], ["Sở Công Thương"]],
        [["2"], ["Nhiệm vụ B"], ["Sở Công Thương"]],
        [["3"], ["Nhiệm vụ C"], ["Sở Y tế"]],
        [[], ["tiếp"], ["Sở Xây dựng"]],
    ]


def test_lists_get_their_numbers_and_markers() -> None:
    page = (
        "<p>MỤC TIÊU</p><ol><li>Hỗ trợ</li><li>Nâng cao</li></ol>"
        "<ol start='4' type='I'><li>bốn</li></ol>"
        "<ul><li>Tuyên truyền</li></ul><ul style='list-style-type:none'><li>- gõ tay</li></ul>"
    )
    assert texts(read(page)) == [
        "MỤC TIÊU",
        "1. Hỗ trợ",
        "2. Nâng cao",
        "IV. bốn",
        "- Tuyên truyền",
        "- gõ tay",
    ]


def test_article_is_the_content_root() -> None:
    page = (
        "<html><body><header><p>Logo</p></header><div class='menu'><p>Menu</p></div>"
        "<article><p>KẾ HOẠCH</p><nav><p>Chia sẻ</p></nav><p>Nội dung</p></article>"
        "<footer><p>Liên hệ</p></footer></body></html>"
    )
    assert texts(read(page)) == ["KẾ HOẠCH", "Nội dung"]


def test_body_without_article_drops_page_header_footer_and_hidden() -> None:
    page = (
        "<body><header>Logo</header><p>KẾ HOẠCH</p><div hidden>ẩn</div>"
        "<p style='display: none'>ẩn nữa</p><p>I. MỤC TIÊU</p><footer>Liên hệ</footer></body>"
    )
    assert texts(read(page)) == ["KẾ HOẠCH", "I. MỤC TIÊU"]


def test_one_cell_layout_table_is_read_as_content() -> None:
    page = (
        "<table><tr><td><p>KẾ HOẠCH</p>"
        "<table><tr><td>TT</td><td>Danh mục</td></tr><tr><td>1</td><td>A</td></tr></table>"
        "<p>Ghi chú</p></td></tr></table>"
    )
    doc = read(page)
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Paragraph"]
    assert tables(doc)[0].rows[1].cells == [["1"], ["A"]]


def test_provenance_is_the_source_line() -> None:
    page = (
        "<html><body>\n<p>KẾ HOẠCH</p>\n\n<table>\n<tr><td>TT</td><td>Danh mục</td></tr>\n"
        "<tr><td>1</td><td>A</td></tr>\n</table></body></html>"
    )
    doc = read(page)
    assert doc.blocks[0].where.line == 2
    assert [r.where.line for r in tables(doc)[0].rows] == [5, 6]


def test_deep_nesting_is_a_clear_error_not_a_truncated_page() -> None:
    page = "<html><body>" + "<div>" * 10_000 + "<p>sâu</p>" + "</div>" * 10_000 + "</body></html>"
    with pytest.raises(LimitExceededError) as info:
        read(page)
    assert info.value.message == "HTML nesting is deeper than 2000 elements"


def test_nesting_limit_is_configurable() -> None:
    page = "<div>" * 300 + "<p>sâu</p>" + "</div>" * 300
    assert texts(read(page)) == ["sâu"]
    with pytest.raises(LimitExceededError, match="deeper than 100 elements"):
        read(page, Limits(max_html_depth=100))


def test_entities_in_a_doctype_are_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("KHTOOL-CANARY", "utf-8")
    page = (
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<html><body><p>x &xxe; &b; y</p></body></html>"
    )
    got = " ".join(texts(read(page)))
    assert "KHTOOL-CANARY" not in got
    assert "aaaaaaaaaa" not in got


def test_nothing_is_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the HTML reader opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    page = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'
        '<html><head><link rel="stylesheet" href="http://example.invalid/a.css">'
        '<script src="http://example.invalid/a.js"></script></head><body>'
        '<img src="http://example.invalid/a.png"><iframe src="http://example.invalid/"></iframe>'
        "<p>KẾ HOẠCH</p></body></html>"
    )
    assert texts(read(page)) == ["KẾ HOẠCH"]


def test_meta_charset_is_honoured() -> None:
    # Windows-1258 writes 'ế' as 'ê' + a combining acute, 'ạ' as 'a' + a combining dot
    text = "Kê\u0301 hoa\u0323ch"
    page = f"<html><head><meta charset='windows-1258'></head><body><p>{text}</p></body></html>"
    got = texts(read(page.encode("cp1258")))
    assert [unicodedata.normalize("NFC", t) for t in got] == ["Kế hoạch"]


def test_undecodable_page() -> None:
    with pytest.raises(EncodingError, match="not valid UTF-8"):
        read(b"<html><body><p>K\xe1\xba hoach \xff\xfe</p></body></html>")


def test_binary_junk_with_an_html_name() -> None:
    with pytest.raises(InputError) as info:
        read(bytes(range(256)) * 16)
    assert info.value.message == "binary data, not an HTML page"


@pytest.mark.parametrize("name", ["plan-2020-96-KH-UBND", "plan-2025-draft"])
def test_a_page_built_from_divs_gives_the_same_plan(name: str, tmp_path: Path) -> None:
    """The fixture page with its semantic tags turned into <div>s, as many legal
    libraries still write them: chrome is found by class name or by its links."""
    html = (FIXTURES / f"{name}.html").read_text("utf-8")
    for tag, css in [
        ("header", "site-header"),
        ("nav", "menu"),
        ("aside", "sidebar"),
        ("footer", "footer"),
        ("main", "wrapper"),
        ("article", "content"),
    ]:
        html = re.sub(rf"<{tag}\b[^>]*>", f'<div class="{css}">', html).replace(
            f"</{tag}>", "</div>"
        )
    html = html.replace('<div class="menu">\n    <ul>', '<div class="topbar">\n    <ul>')
    assert "<nav" not in html and "<article" not in html and 'class="topbar"' in html
    page = tmp_path / f"{name}.html"
    page.write_text(html, "utf-8")
    want = khtool.parse(FIXTURES / f"{name}.txt").to_dict()
    got = khtool.parse(page).to_dict()
    for plan in (want, got):
        plan.pop("source")
        for group in plan["appendix"]["groups"]:
            for task in group["tasks"]:
                task.pop("source")  # provenance: lines of each file
    # the page's header table has the full issuer, whose lines the text fixture lost
    assert got["document"]["issuer_lines"] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]
    want["document"]["issuer_lines"] = got["document"]["issuer_lines"]
    assert got == want


def test_chrome_by_name_and_by_links_but_not_the_content() -> None:
    page = (
        "<body><div class='topbar'><a href='/'>Trang chủ</a> <a href='/a'>Văn bản</a> "
        "<a href='/b'>Tin tức</a></div>"
        "<div class='left-menu'><p>Danh mục</p></div>"
        "<div class='header'><p>KẾ HOẠCH</p><p>I. MỤC TIÊU</p><p>1. Hỗ trợ doanh nghiệp "
        "theo <a href='/qd'>Quyết định 76/QĐ-TTg</a> của Thủ tướng Chính phủ</p></div>"
        "<div class='links'><a>a</a> <a>b</a> <a>c</a><table><tr><td>TT</td><td>x</td></tr>"
        "<tr><td>1</td><td>y</td></tr></table></div></body>"
    )
    doc = read(page)
    assert texts(doc) == [
        "KẾ HOẠCH",
        "I. MỤC TIÊU",
        "1. Hỗ trợ doanh nghiệp theo Quyết định 76/QĐ-TTg của Thủ tướng Chính phủ",
        "a b c",
    ]
    assert len(tables(doc)) == 1
