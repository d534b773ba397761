"""Resource bombs in .docx and .html: every count that sizes a loop or a list is
bounded (issue 14, class 4). Run in a child with a memory cap and a timeout."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES
from tests.test_hardening_support import docx_with, khtool, one_line, page_with

DOCX = FIXTURES / "plan-2025-draft.docx"
HTML = FIXTURES / "plan-2025-draft.html"
WIDE = (
    "spans {n} columns (gridSpan, gridBefore or colspan), over the limit of 200 columns; "
    "refused (raise it with --max-columns)"
)


def _docx(tmp_path: Path, **parts: bytes) -> Path:
    """The 2025 .docx with some parts replaced (``word_document`` → word/document.xml)."""
    names = {key.replace("_", "/", 1) + ".xml": value for key, value in parts.items()}
    return docx_with(DOCX, tmp_path, names)


def _part(name: str) -> bytes:
    return zipfile.ZipFile(DOCX).read(name)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ('<w:tcPr><w:gridSpan w:val="100000"/>', "a table row " + WIDE.format(n="100,001")),
        (
            '<w:tcPr><w:gridSpan w:val="1000000000"/>',
            "a table row " + WIDE.format(n="1,000,000,001"),
        ),
    ],
)
def test_docx_gridspan_bomb(tmp_path: Path, edit: str, message: str) -> None:
    xml = _part("word/document.xml").replace(b"<w:tcPr>", edit.encode(), 1)
    path = _docx(tmp_path, word_document=xml)
    result = khtool("parse", path)
    assert result.returncode == 2
    assert one_line(result) == f"khtool: {path}: {message}"


def test_docx_gridbefore_bomb(tmp_path: Path) -> None:
    xml = _part("word/document.xml").replace(
        b"<w:tr>", b'<w:tr><w:trPr><w:gridBefore w:val="1000000000"/></w:trPr>', 1
    )
    path = _docx(tmp_path, word_document=xml)
    result = khtool("parse", path)
    assert result.returncode == 2
    assert one_line(result) == f"khtool: {path}: a table row " + WIDE.format(n="1,000,000,002")


def test_docx_table_grid_bomb(tmp_path: Path) -> None:
    cols = b'<w:gridCol w:w="1"/>' * 100_000
    xml = _part("word/document.xml").replace(b"<w:tblGrid>", b"<w:tblGrid>" + cols, 1)
    path = _docx(tmp_path, word_document=xml)
    result = khtool("parse", path)
    assert result.returncode == 2
    assert one_line(result) == (
        f"khtool: {path}: a table grid (w:tblGrid) " + WIDE.format(n="100,002")
    )


@pytest.mark.parametrize("fmt", ["lowerLetter", "upperRoman", "decimal"])
def test_docx_numbering_start_bomb_is_read_in_digits(tmp_path: Path, fmt: str) -> None:
    xml = _part("word/numbering.xml").decode()
    xml = re.sub(r'<w:start w:val="\d+"/>', '<w:start w:val="1000000000000"/>', xml)
    xml = re.sub(r'<w:numFmt w:val="decimal"/>', f'<w:numFmt w:val="{fmt}"/>', xml)
    path = _docx(tmp_path, word_numbering=xml.encode())
    result = khtool("parse", path)
    assert result.returncode == 0, result.stderr
    assert b"- 1000000000000. " in result.stdout and b"- 1000000000001. " in result.stdout


def test_list_numbers_are_bounded_work() -> None:
    from khtool.reading.docx.numbering import format_number

    assert [format_number(n, "lowerLetter") for n in (3, 27, 1040, 1041)] == [
        "c",
        "aa",
        "z" * 40,
        "1041",
    ]
    assert [format_number(n, "upperRoman") for n in (3999, 4000, 0)] == ["MMMCMXCIX", "4000", "0"]
    assert format_number(10**12, "lowerRoman") == "1000000000000"


def _page(tmp_path: Path, inserted: str) -> Path:
    return page_with(HTML, tmp_path, inserted)


def test_html_colspan_on_many_cells(tmp_path: Path) -> None:
    row = "<tr>" + "<td colspan=1000>x</td>" * 1000 + "</tr>"
    path = _page(tmp_path, f"<table>{row * 100}</table>")
    result = khtool("parse", path)
    assert result.returncode == 2
    assert one_line(result) == f"khtool: {path}: a table row " + WIDE.format(n="1,000,000")


def test_html_many_attributes(tmp_path: Path) -> None:
    attributes = " ".join(f'a{i}="x>"' for i in range(100_000))  # '>' in values too
    path = _page(tmp_path, f"<p {attributes}>x</p>")
    result = khtool("parse", path)
    assert result.returncode == 2
    assert one_line(result) == (
        f"khtool: {path}: an element (line 33) has 100,000 attributes, over the limit of "
        "1,000; refused (raise it with --max-attributes)"
    )


def test_html_ordered_list_with_a_huge_start(tmp_path: Path) -> None:
    items = "<li>mục</li>" * 5_000
    path = _page(tmp_path, f'<ol start="999999999999999" type="a">{items}</ol>')
    result = khtool("parse", path, "--format", "json")
    assert result.returncode == 0, result.stderr
    plan = yaml.safe_load(result.stdout)
    assert plan["document"]["title"]
