"""The Python API: the README example runs, and the public names behave as documented."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

import khtool
from khtool.batch.runner import BatchReport
from tests.conftest import PLAN_2020, PLAN_2025, ROOT


def _readme_example() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "no ```python block under '## Python API' in README.md"
    return match.group(1)


def test_readme_python_example_runs(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    exec(compile(_readme_example(), "README.md (Python API)", "exec"), {})
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "2025 13 tasks"
    assert lines[1] == "1 Sở Công Thương 2025-03 2025-12"
    assert "96/KH-UBND 2020" in lines
    assert (
        "khtool: tests/fixtures/press-2023-event.txt: not a plan: no numbered sections "
        "(I. MỤC TIÊU …) and no task table found"
    ) in lines
    assert "10 rows; first: 1 Sở Công Thương Tháng 7-10/2020" in lines
    # the 2025 draft leaves its number blank: validate says so; diff counts tasks
    assert any(line.startswith("KH601 warning ") for line in lines)
    assert any(line.startswith("tasks: ") and "added=" in line for line in lines)
    assert [p.name for p in tmp_path.rglob("*.xlsx")] == ["tasks.xlsx"]


def test_parse_returns_a_plan_and_yaml_round_trips() -> None:
    plan = khtool.parse(PLAN_2020)
    assert isinstance(plan, khtool.Plan)
    assert plan.document.number == "96/KH-UBND"
    assert khtool.Plan.from_yaml(plan.to_yaml()).to_dict() == plan.to_dict()


def test_from_yaml_reads_a_file(tmp_path) -> None:
    plan = khtool.parse(PLAN_2025)
    path = tmp_path / "plan.yaml"
    path.write_text(plan.to_yaml(), "utf-8")
    assert khtool.Plan.from_yaml(path).to_dict() == plan.to_dict()
    assert khtool.Plan.from_yaml(str(path)).document.plan_year == 2025


def test_parse_many_reports_in_input_order() -> None:
    paths = [PLAN_2025, "tests/fixtures/press-2022-conference.txt", PLAN_2020]
    report = khtool.parse_many(paths, jobs=2)
    assert isinstance(report, BatchReport)
    assert [r.input.as_posix() for r in report.files] == paths
    assert [r.status for r in report.files] == ["ok", "failed", "ok"]
    assert report.exit_code == 1
    assert [p.document.plan_year for p in report.plans()] == [2025, 2020]
    assert report.failed[0].line.startswith("khtool: tests/fixtures/press-2022-conference.txt: ")


def test_parse_many_takes_one_folder_or_pattern_as_well() -> None:
    report = khtool.parse_many("tests/fixtures/plan-20*.txt", jobs=1)
    assert [p.document.plan_year for p in report.plans()] == [2020, 2025]


def test_progress_callback_sees_every_file() -> None:
    seen: list[tuple[str, int, int]] = []
    khtool.parse_many(
        [PLAN_2025, PLAN_2020], jobs=1, progress=lambda r, d, t: seen.append((r.status, d, t))
    )
    assert seen == [("ok", 1, 2), ("ok", 2, 2)]


def test_errors_are_khtool_errors() -> None:
    with pytest.raises(khtool.KhtoolError, match="no such file"):
        khtool.parse("tests/fixtures/missing.txt")
    with pytest.raises(khtool.KhtoolError, match="no input files found"):
        khtool.parse_many([ROOT / "schemas"])


def test_package_is_typed() -> None:
    package = Path(khtool.__file__).parent
    assert (package / "py.typed").is_file()
    for name in ("parse", "parse_many", "diff", "validate", "Plan", "KhtoolError"):
        assert name in khtool.__all__
        assert callable(getattr(khtool, name))
