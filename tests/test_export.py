"""khtool export: tasks and targets of the real plans, read back from .xlsx and .csv."""

from __future__ import annotations

import csv
import shutil

import pytest
from openpyxl import load_workbook

import khtool
from khtool.cli import main
from khtool.export import TARGET_COLUMNS, TASK_COLUMNS, export
from tests.conftest import PLAN_2025, ROOT

PLANS = [
    str(ROOT / "data" / "plans" / "hanoi-2020-96-KH-UBND.yaml"),
    str(ROOT / "data" / "plans" / "hanoi-2025-draft.yaml"),
]


def _records(header: list[str], rows: list[list]) -> list[dict]:
    return [dict(zip(header, row, strict=True)) for row in rows]


def _check_tasks(tasks: list[dict]) -> None:
    """Values of the real plans, as the documents write them."""
    assert len(tasks) == 23  # 10 tasks in plan 96/KH-UBND (2020) + 13 in the 2025 draft
    assert [t["plan_year"] for t in tasks].count(2020) == 10
    first = tasks[0]
    assert first["plan_number"] == "96/KH-UBND"
    assert first["issuer"] == "UBND thành phố Hà Nội"
    assert (first["group_id"], first["tt"]) == ("I", "1")  # the TT as written: text
    assert first["lead"] == "Sở Công Thương"
    assert first["partners"].startswith(
        "Sở Tài nguyên và Môi trường; Sở Thông tin và Truyền thông; "
    )
    assert (first["start"], first["end"], first["timeline"]) == (
        "2020-07",
        "2020-10",
        "Tháng 7-10/2020",
    )
    assert first["quantities"] == "30 bài viết; 06 phóng sự; 5.000 cẩm nang"
    aero = next(t for t in tasks if t["plan_year"] == 2025 and t["tt"] == "6")
    assert aero["plan_number"] in (None, "")  # the draft leaves 'Số: /KH-UBND' blank
    assert aero["group_id"] == "II"
    assert "AeroExpo Hanoi" in aero["name"]
    assert aero["timeline"] == "Tháng 01 - 12/2025"
    assert (aero["start"], aero["end"]) == ("2025-01", "2025-12")
    assert aero["quantities"] == "120-150 gian hàng"
    assert aero["partners"].endswith("Công ty Advanced Business Events - Cộng hòa Pháp")
    t7 = next(t for t in tasks if t["plan_year"] == 2020 and t["tt"] == "7")
    assert t7["lead"] == "Sở Tài nguyên và Môi trường"


def _check_targets(targets: list[dict]) -> None:
    years = [t["plan_year"] for t in targets]
    assert years.count(2020) == 8 and years.count(2025) == 6
    goal = next(t for t in targets if t["plan_year"] == 2025 and t["goal_id"] == "4.1")
    assert goal["subject"] == "mức tiêu hao nguyên, nhiên vật liệu của các ngành sản xuất"
    assert (goal["min"], goal["max"], goal["unit"], goal["direction"]) == (5, 8, "%", "decrease")


def test_xlsx_has_one_row_per_task_and_a_targets_sheet(tmp_path) -> None:
    out = tmp_path / "tasks.xlsx"
    assert main(["export", *PLANS, "--to", str(out)]) == 0
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["tasks", "targets"]
    rows = [list(r) for r in book["tasks"].iter_rows(values_only=True)]
    assert rows[0] == list(TASK_COLUMNS)
    _check_tasks(_records(rows[0], rows[1:]))
    rows = [list(r) for r in book["targets"].iter_rows(values_only=True)]
    assert rows[0] == list(TARGET_COLUMNS)
    _check_targets(_records(rows[0], rows[1:]))
    assert [p.name for p in tmp_path.iterdir()] == ["tasks.xlsx"]  # no temporary file


def test_csv_is_utf8_with_bom_and_has_a_targets_file(tmp_path) -> None:
    out = tmp_path / "tasks.csv"
    result = export(PLANS, out)
    assert result.files == [out, tmp_path / "tasks-targets.csv"]
    assert (result.plans, result.tasks, result.targets) == (2, 23, 14)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Sở Công Thương".encode() in raw
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    typed = [{**r, "plan_year": int(r["plan_year"])} for r in _records(rows[0], rows[1:])]
    _check_tasks(typed)
    with (tmp_path / "tasks-targets.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    targets = [
        {**r, "plan_year": int(r["plan_year"]), "min": r["min"] and int(r["min"])}
        | {"max": r["max"] and int(r["max"])}
        for r in _records(rows[0], rows[1:])
    ]
    _check_targets(targets)


def test_folder_of_plans_and_source_documents(tmp_path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    for plan in PLANS:
        shutil.copy(plan, folder)
    (folder / "_report.json").write_text('{"files": []}')  # a batch report is not a plan
    result = export([folder], tmp_path / "a.csv")
    assert (result.plans, result.tasks) == (2, 23)
    # a source document is parsed on the fly
    result = export([PLAN_2025], tmp_path / "b.xlsx")
    assert (result.plans, result.tasks) == (1, 13)
    plans = [khtool.Plan.from_yaml(p) for p in PLANS]
    assert export(plans, tmp_path / "c.csv").tasks == 23


def test_formula_like_text_stays_text(tmp_path) -> None:
    plan = khtool.Plan.from_yaml(PLANS[1])
    plan.appendix.groups[0].tasks[0].name = '=HYPERLINK("http://example.invalid")'
    export([plan], tmp_path / "t.xlsx")
    cell = load_workbook(tmp_path / "t.xlsx")["tasks"]["G2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    export([plan], tmp_path / "t.csv")
    assert "'=HYPERLINK" in (tmp_path / "t.csv").read_text("utf-8-sig")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["data/plans/hanoi-2025-draft.yaml", "--to", "t.xls"], "--to must end in .xlsx or .csv"),
        (["no/such.yaml", "--to", "t.csv"], "no/such.yaml: no such file"),
    ],
)
def test_bad_arguments_are_one_line_exit_2(args, message, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["export", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("khtool: ") and err.endswith(message) and "\n" not in err
    assert not (ROOT / "t.csv").exists() and not (ROOT / "t.xls").exists()
