"""The signature block (Nghị định 30/2020/NĐ-CP, Phụ lục I): authority lines (TM., KT.,
TL., TUQ., Q.), the signer's title and name; invented lines."""

from __future__ import annotations

import pytest

from khtool.parsing.header import parse_signature
from khtool.parsing.structure import Line
from khtool.reading.blocks import Provenance


def sign(*texts: str) -> tuple[str | None, str | None, list[str], list[str]]:
    signer, recipients = parse_signature([Line(t, Provenance()) for t in texts])
    return signer.title, signer.name, signer.authority, recipients


def test_a_head_signing_in_the_agencys_own_name() -> None:
    # a department's director signs without TM./KT.: the title stands alone
    assert sign("Nơi nhận:", "- UBND tỉnh (b/c);", "- Lưu: VT.", "GIÁM ĐỐC", "Trần Văn Bình") == (
        "GIÁM ĐỐC",
        "Trần Văn Bình",
        [],
        ["UBND tỉnh (b/c);", "Lưu: VT."],
    )


@pytest.mark.parametrize(
    ("line", "authority", "title"),
    [
        # a table cell flattened onto one line: the authority, then the signer's title
        ("KT. BỘ TRƯỞNG THỨ TRƯỞNG", ["KT. BỘ TRƯỞNG"], "THỨ TRƯỞNG"),
        ("KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC", ["KT. GIÁM ĐỐC"], "PHÓ GIÁM ĐỐC"),
        (
            "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
            "PHÓ CHỦ TỊCH",
        ),
        ("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN"], "CHỦ TỊCH"),
        # one authority and nothing more: kept whole ('TỔNG' is no head's title)
        ("KT. TỔNG GIÁM ĐỐC", ["KT. TỔNG GIÁM ĐỐC"], None),
        ("KT. CHỦ TỊCH", ["KT. CHỦ TỊCH"], None),
    ],
)
def test_authority_lines_run_together(line: str, authority: list[str], title: str | None) -> None:
    got_title, name, got_authority, _ = sign(line, "Nguyễn Văn An")
    assert (got_authority, got_title, name) == (authority, title, "Nguyễn Văn An")


def test_the_title_under_the_authority_lines() -> None:
    assert sign("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Hoa")[:3] == (
        "PHÓ CHỦ TỊCH",
        "Lê Thị Hoa",
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
    )
