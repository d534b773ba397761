"""Two documents saved in one file: the first is read, with one warning.

A second header block (the national motto, the number line) over a document kind after
the first plan's body began opens another document. An appendix with a header of its
own, and a plan issued with a decision (the decision before the plan), stay one document.
The inputs are built at test time from the project's fixtures and invented text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import khtool
from khtool.parsing.documents import extent
from khtool.reading.blocks import Provenance
from tests.conftest import FIXTURES
from tests.test_hardening_support import khtool as child

DRAFT = FIXTURES / "plan-2025-draft.txt"
PLAN_2020 = FIXTURES / "plan-2020-96-KH-UBND.txt"


def _text(path: Path) -> str:
    text = path.read_text("utf-8")
    if path == PLAN_2020:  # its first line is a web page's caption, not the document's
        text = text.split("\n", 1)[1]
    return text.rstrip("\n")


def _lines(text: str) -> int:
    return text.count("\n") + 1


def _parse(tmp_path: Path, *texts: str, name: str = "two.txt") -> khtool.Plan:
    path = tmp_path / name
    path.write_text("\n".join(texts) + "\n", "utf-8")
    return khtool.parse(path)


def _same(plan: khtool.Plan, alone: khtool.Plan) -> None:
    """The plan read from a file of several documents is the first one, read alone."""
    got, want = plan.to_dict(), alone.to_dict()
    for data in (got, want):
        data.pop("source")
        data["warnings"] = [w for w in data["warnings"] if "documents" not in w]
    assert got == want


@pytest.mark.parametrize(("first", "second"), [(DRAFT, PLAN_2020), (PLAN_2020, DRAFT)])
def test_two_plans_in_one_file_read_the_first(tmp_path: Path, first: Path, second: Path) -> None:
    alone = _parse(tmp_path, _text(first), name="alone.txt")
    plan = _parse(tmp_path, _text(first), _text(second))
    warning = f"the file contains 2 documents; read the first (lines 1–{_lines(_text(first))})"
    assert warning in plan.warnings
    assert not [w for w in alone.warnings if "documents" in w]
    _same(plan, alone)
    assert len(plan.tasks()) == len(alone.tasks())


def test_three_documents_are_counted(tmp_path: Path) -> None:
    draft, other = _text(DRAFT), _text(PLAN_2020)
    plan = _parse(tmp_path, draft, other, draft)
    assert f"the file contains 3 documents; read the first (lines 1–{_lines(draft)})" in (
        plan.warnings
    )
    assert plan.document.plan_year == 2025 and len(plan.tasks()) == 13


def test_the_command_line_writes_the_first_plan(tmp_path: Path) -> None:
    draft, other = _text(DRAFT), _text(PLAN_2020)
    (tmp_path / "two.txt").write_text(f"{other}\n{draft}\n", "utf-8")
    result = child("parse", tmp_path / "two.txt", "-o", tmp_path / "two.yaml")
    assert result.returncode == 0, result.stderr
    plan = khtool.Plan.from_yaml(tmp_path / "two.yaml")
    assert plan.document.number == "96/KH-UBND"
    assert f"the file contains 2 documents; read the first (lines 1–{_lines(other)})" in (
        plan.warnings
    )


PLAN = """\
UBND TỈNH AN PHÚ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 12/KH-UBND | An Phú, ngày 05 tháng 3 năm 2025
KẾ HOẠCH
Tổ chức Ngày hội đọc sách tỉnh An Phú năm 2025
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao văn hóa đọc trong cộng đồng; 100% trường học tham gia.
II. NỘI DUNG
1. Tổ chức hội sách tại trung tâm tỉnh.
III. KINH PHÍ
Kinh phí do ngân sách tỉnh bảo đảm.
IV. TỔ CHỨC THỰC HIỆN
1. Sở Văn hóa chủ trì tổ chức Ngày hội.
Nơi nhận:
- Các sở, ngành;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Bình"""

ATTACHED = """\
UBND TỈNH AN PHÚ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
KẾ HOẠCH
(Kèm theo Kế hoạch số 12/KH-UBND ngày 05 tháng 3 năm 2025 của UBND tỉnh An Phú)
TT | Nội dung | Đơn vị chủ trì | Thời gian thực hiện |
1 | Tổ chức hội sách tại trung tâm tỉnh | Sở Văn hóa | Tháng 4/2025 |
2 | Trưng bày sách tại các trường học | Sở Giáo dục và Đào tạo | Tháng 5/2025 |"""

DECISION = """\
UBND TỈNH AN PHÚ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 45/QĐ-UBND | An Phú, ngày 02 tháng 4 năm 2025
QUYẾT ĐỊNH
Ban hành Kế hoạch tổ chức Ngày hội đọc sách tỉnh An Phú năm 2025
ỦY BAN NHÂN DÂN TỈNH AN PHÚ
Căn cứ Luật Tổ chức chính quyền địa phương;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch tổ chức Ngày hội đọc sách.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Nơi nhận:
- Như Điều 2;
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Bình
UBND TỈNH AN PHÚ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
KẾ HOẠCH
Tổ chức Ngày hội đọc sách tỉnh An Phú năm 2025
(Ban hành kèm theo Quyết định số 45/QĐ-UBND ngày 02 tháng 4 năm 2025 của UBND tỉnh An Phú)
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao văn hóa đọc trong cộng đồng.
II. NỘI DUNG
1. Tổ chức hội sách tại trung tâm tỉnh.
III. TỔ CHỨC THỰC HIỆN
1. Sở Văn hóa chủ trì tổ chức Ngày hội.
Nơi nhận:
- Các sở, ngành;
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Bình"""


def _document_warnings(plan: khtool.Plan) -> list[str]:
    return [w for w in plan.warnings if "documents" in w]


def test_invented_plans_one_after_another(tmp_path: Path) -> None:
    second = PLAN.replace("12/KH-UBND", "13/KH-UBND").replace("Ngày hội đọc sách", "Hội thi")
    plan = _parse(tmp_path, PLAN, second)
    assert _document_warnings(plan) == [
        f"the file contains 2 documents; read the first (lines 1–{_lines(PLAN)})"
    ]
    assert plan.document.number == "12/KH-UBND"
    assert plan.document.signer is not None and plan.document.signer.name == "Trần Văn Bình"


def test_an_appendix_with_a_header_of_its_own_is_part_of_the_plan(tmp_path: Path) -> None:
    plan = _parse(tmp_path, PLAN, ATTACHED)
    assert _document_warnings(plan) == []
    assert [t.name for t in plan.tasks()] == [
        "Tổ chức hội sách tại trung tâm tỉnh",
        "Trưng bày sách tại các trường học",
    ]
    # the project's 2025 draft: its appendix opens with the motto and PHỤ LỤC
    assert _document_warnings(khtool.parse(DRAFT)) == []


def test_a_plan_issued_with_a_decision_is_one_document(tmp_path: Path) -> None:
    plan = _parse(tmp_path, DECISION)
    assert _document_warnings(plan) == []
    assert plan.document.issued_with is not None
    assert plan.document.number == "45/QĐ-UBND"
    # two such decisions in one file are two documents
    twice = _parse(tmp_path, DECISION, DECISION.replace("45/QĐ-UBND", "46/QĐ-UBND"))
    assert _document_warnings(twice) == [
        f"the file contains 2 documents; read the first (lines 1–{_lines(DECISION)})"
    ]
    assert twice.document.number == "45/QĐ-UBND"


def test_the_extent_is_said_in_the_source_units() -> None:
    lines = [Provenance(None, n) for n in (1, 3, 4)]
    assert extent(lines, "txt") == "lines 1–4"
    assert extent(lines, "docx") == "paragraphs 1–4"
    assert extent([Provenance(1, 5), Provenance(2, 1)], "pdf") == "pages 1–2"
    assert extent([Provenance()] * 2, "html") == "its first 2 lines"


def test_a_task_table_ends_where_the_next_document_begins(tmp_path: Path) -> None:
    """A text dump glues the next document's header rows ('a | b') to the task table."""
    first = f"{PLAN}\n{ATTACHED}"
    plan = _parse(tmp_path, first, PLAN.replace("12/KH-UBND", "13/KH-UBND"))
    assert _document_warnings(plan) == [
        f"the file contains 2 documents; read the first (lines 1–{_lines(first)})"
    ]
    assert [w for w in plan.warnings if "row" in w] == []  # no header row read as a task
    assert len(plan.tasks()) == 2


def test_a_batch_says_which_file_held_several_documents(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    second = PLAN.replace("12/KH-UBND", "13/KH-UBND")
    (src / "hai.txt").write_text(f"{PLAN}\n{second}\n", "utf-8")
    (src / "mot.txt").write_text(f"{PLAN}\n", "utf-8")
    warning = f"the file contains 2 documents; read the first (lines 1–{_lines(PLAN)})"
    result = child("parse", src, "-o", out, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.decode().splitlines()
    assert f"khtool: {src / 'hai.txt'}: warning: {warning}" in lines
    assert not [line for line in lines if "mot.txt: warning" in line]
    report = json.loads((out / "_report.json").read_text("utf-8"))
    assert {Path(f["input"]).name: f["warnings"] for f in report["files"]} == {
        "hai.txt": [warning],
        "mot.txt": [],
    }
    child("parse", src, "-o", out, "--jobs", "1")  # skipped: the warning is kept
    report = json.loads((out / "_report.json").read_text("utf-8"))
    assert [(f["status"], f["warnings"]) for f in report["files"]] == [
        ("skipped", [warning]),
        ("skipped", []),
    ]
