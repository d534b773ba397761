"""khtool export: tasks and targets of the real plans, read back from .xlsx and .csv."""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

import khtool
from khtool.cli import main
from khtool.export import TARGET_COLUMNS, TASK_COLUMNS, export
from tests.conftest import PLAN_2025, ROOT
from tests.test_hardening_support import khtool as child

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
        (
            ["data/plans/hanoi-2025-draft.yaml", "--to", "t.xls"],
            "t.xls: --to must end in .xlsx, .csv or .json (or give --format)",
        ),
        (
            ["data/plans/hanoi-2025-draft.yaml", "--to", "t.csv", "--format", "json"],
            "--to t.csv names a csv file but --format is json; use a .json name or --format csv",
        ),
        (
            ["data/plans/hanoi-2025-draft.yaml", "--to", "-", "--format", "csv"],
            "--to - writes one file: use --format json (or xlsx); csv is two files, the "
            "tasks and the targets",
        ),
        (["no/such.yaml", "--to", "t.csv"], "no/such.yaml: no such file"),
    ],
)
def test_bad_arguments_are_one_line_exit_2(args, message, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["export", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("khtool: ") and err.endswith(message) and "\n" not in err
    assert not (ROOT / "t.csv").exists() and not (ROOT / "t.xls").exists()
    assert not (ROOT / "t-targets.csv").exists() and not (ROOT / "-").exists()


def test_json_has_the_same_rows(tmp_path) -> None:
    out = tmp_path / "tasks.json"
    result = export(PLANS, out)
    assert (result.files, result.format) == ([out], "json")
    data = json.loads(out.read_text("utf-8"))
    assert list(data) == ["tasks", "targets"]
    assert list(data["tasks"][0]) == list(TASK_COLUMNS)
    _check_tasks(data["tasks"])
    _check_targets(data["targets"])
    # --format names the format of a file whose extension says none
    export(PLANS, tmp_path / "tasks.out", fmt="json")
    assert json.loads((tmp_path / "tasks.out").read_text("utf-8")) == data


def test_to_stdout_writes_json_or_a_workbook_and_no_file(tmp_path) -> None:
    result = child("export", *PLANS, "--to", "-", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr.decode() == "stdout: 23 tasks and 14 targets from 2 plan(s)\n"
    data = json.loads(result.stdout)
    _check_tasks(data["tasks"])
    _check_targets(data["targets"])
    result = child("export", *PLANS, "--to", "-", "--format", "xlsx", cwd=tmp_path)
    assert result.returncode == 0
    book = load_workbook(io.BytesIO(result.stdout), read_only=True)
    assert book.sheetnames == ["tasks", "targets"]
    assert list(tmp_path.iterdir()) == []


def _csv_sizes(tmp_path: Path, plan: Path) -> tuple[int, int]:
    probe = tmp_path / "probe"
    export([plan], probe / "x.csv")
    sizes = (probe / "x.csv").stat().st_size, (probe / "x-targets.csv").stat().st_size
    shutil.rmtree(probe)
    return sizes


def test_an_export_that_fails_on_its_second_file_writes_neither(tmp_path) -> None:
    """ulimit -f between the sizes of the two CSV files: the tasks file would fit, the
    targets file does not. Neither old file is replaced and no temporary file is left."""
    plan = khtool.Plan.from_yaml(PLANS[0])
    plan.appendix.groups[0].tasks[:] = plan.appendix.groups[0].tasks[:1]
    plan.appendix.groups[1:] = []
    for goal in plan.goals:
        goal.targets[:] = goal.targets * 40
    source = tmp_path / "plan.yaml"
    source.write_text(plan.to_yaml(), "utf-8")
    tasks_size, targets_size = _csv_sizes(tmp_path, source)
    assert tasks_size * 4 < targets_size
    out = tmp_path / "out"
    out.mkdir()
    (out / "x.csv").write_text("old tasks\n")
    (out / "x-targets.csv").write_text("old targets\n")
    limit = (resource.RLIMIT_FSIZE, (tasks_size * 2, tasks_size * 2))
    result = child("export", source, "--to", out / "x.csv", extra_limit=limit)
    assert result.returncode == 2
    assert result.stderr.decode() == (
        f"khtool: {out / 'x-targets.csv'}: cannot write (file too large (file size limit, "
        "ulimit -f)); nothing written\n"
    )
    assert (out / "x.csv").read_text() == "old tasks\n"
    assert (out / "x-targets.csv").read_text() == "old targets\n"
    assert sorted(p.name for p in out.iterdir()) == ["x-targets.csv", "x.csv"]


def test_a_rename_that_fails_puts_back_the_files_already_replaced(tmp_path, monkeypatch) -> None:
    import khtool.write_all as write_all

    (tmp_path / "x.csv").write_text("old tasks\n")
    real = os.replace
    calls: list[str] = []

    def second_fails(src, dst) -> None:
        calls.append(os.fspath(dst))
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(write_all.os, "replace", second_fails)
    with pytest.raises(khtool.errors.OutputError) as caught:
        export(PLANS, tmp_path / "x.csv")
    assert str(caught.value) == (
        f"{tmp_path / 'x-targets.csv'}: cannot write (no space left on the device); nothing written"
    )
    assert (tmp_path / "x.csv").read_text() == "old tasks\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv"]
    # and a target that did not exist before is removed again
    (tmp_path / "x.csv").unlink()
    calls.clear()
    with pytest.raises(khtool.errors.OutputError):
        export(PLANS, tmp_path / "x.csv")
    assert list(tmp_path.iterdir()) == []


HOSTILE = ["=1+2", "+1", "-1 tỷ", "@SUM(A1)", "\t=1+2", "\r=1+2"]


def test_values_that_look_like_formulas_are_exported_as_text(tmp_path) -> None:
    """A plan file whose values merely look hostile is accepted; every formula start
    (= + - @, a tab, a carriage return) stays text in CSV and in the workbook."""
    plan = khtool.Plan.from_yaml(PLANS[1])
    tasks = [task for group in plan.appendix.groups for task in group.tasks]
    for task, value in zip(tasks, HOSTILE, strict=False):
        task.name = value
    tasks[len(HOSTILE)].name = "Tổ chức \x1b[31m hội nghị \u202e"
    source = tmp_path / "plan.yaml"
    source.write_text(plan.to_yaml(), "utf-8")
    result = child("export", source, "--to", tmp_path / "t.csv")
    assert result.returncode == 0, result.stderr
    with (tmp_path / "t.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["name"] for r in rows[: len(HOSTILE)]] == ["'" + v for v in HOSTILE]
    assert rows[len(HOSTILE)]["name"] == "Tổ chức \x1b[31m hội nghị \u202e"
    assert child("export", source, "--to", tmp_path / "t.xlsx").returncode == 0
    sheet = load_workbook(tmp_path / "t.xlsx")["tasks"]
    cells = [sheet.cell(row=i + 2, column=7) for i in range(len(HOSTILE))]
    assert [c.value for c in cells] == HOSTILE
    assert {c.data_type for c in cells} == {"s"}
    assert child("export", source, "--to", tmp_path / "t.json").returncode == 0
    data = json.loads((tmp_path / "t.json").read_text("utf-8"))
    assert [t["name"] for t in data["tasks"][: len(HOSTILE)]] == HOSTILE  # data, not cells


def test_a_plan_file_with_numbers_no_plan_can_hold_is_refused_in_one_line(tmp_path) -> None:
    """A 60-digit year (found by the fuzz run: openpyxl raised OverflowError) is refused
    when the plan file is loaded, before any file is written."""
    plan = khtool.Plan.from_yaml(PLANS[1])
    plan.document.plan_year = -(10**60)
    source = tmp_path / "plan.yaml"
    source.write_text(plan.to_yaml(), "utf-8")
    result = child("export", source, "--to", tmp_path / "t.xlsx")
    assert result.returncode == 2
    assert (
        "does not match the plan schema at document.plan_year: -10000000000…0000 (61 digits)"
        in result.stderr.decode()
    )
    assert not (tmp_path / "t.xlsx").exists()
