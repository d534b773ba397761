"""khtool diff on the command line: plan years, formats, exit codes, errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import khtool
from khtool.cli import main
from khtool.io import dump_yaml, load_data

PLANS = Path("data/plans")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_report_of_2024_to_2025(capsys) -> None:
    code, out, err = run(capsys, "2024", "2025")
    assert (code, err) == (0, "")
    for row in [
        ("các khu, cụm công nghiệp", "85 %", "100 %", "+15 points"),
        ("các chợ truyền thống", "60–70 %", "70–80 %", "+10 points"),
    ]:
        assert any(all(cell in line for cell in row) for line in out.splitlines()), row
    assert "decrease 3.5–4.5 %" in out and "decrease 5–8 %" in out
    assert "Note: tasks not compared: 2024 (a partial plan) has no appendix task table" in out
    assert out.rstrip().endswith(
        "Summary: targets 5 changed, 1 unchanged; content areas 4 renamed, 1 dropped; "
        "tasks not compared — 10 differences"
    )


def test_exit_code_option_like_git_diff(capsys) -> None:
    assert run(capsys, "2024", "2025", "--exit-code")[0] == 1
    assert run(capsys, "2025", "2025", "--exit-code")[0] == 0
    code, out, _ = run(capsys, "2020", "2020")
    assert code == 0 and "no differences" in out


def test_json_equals_the_library_and_is_stable(capsys) -> None:
    code, out, _ = run(capsys, "2020", "2025", "--format", "json")
    assert code == 0
    data = json.loads(out)
    want = khtool.diff(PLANS / "hanoi-2020-96-KH-UBND.yaml", PLANS / "hanoi-2025-draft.yaml")
    assert data == want.model_dump(mode="json")
    assert run(capsys, "2020", "2025", "--format", "json")[1] == out  # byte for byte
    assert list(data) == [
        "diff_version",
        "a",
        "b",
        "options",
        "summary",
        "targets",
        "content",
        "tasks",
        "skipped",
    ]
    assert data["diff_version"] == 1
    task = next(t for t in data["tasks"] if t["status"] == "changed")
    assert list(task) == ["status", "score", "a", "b", "changes"]
    assert list(task["changes"]) == [
        "name",
        "tt",
        "group",
        "lead",
        "coordinating",
        "timeline",
        "quantities",
        "content",
        "targets",
    ]
    target = data["targets"][0]
    assert list(target) == ["status", "score", "a", "b", "delta"]
    assert list(target["b"]) == [
        "goal",
        "index",
        "subject",
        "value",
        "min",
        "max",
        "unit",
        "direction",
        "text",
    ]


def test_markdown_report(capsys) -> None:
    code, out, _ = run(capsys, "2024", "2025", "-f", "markdown")
    assert code == 0
    assert out.startswith("## Plan 2024 → 2025 draft\n")
    assert "| các chợ truyền thống | 60–70 % | 70–80 % | +10 points |" in out
    assert "| dropped | 4. Hà Nội tăng cường quan hệ hợp tác quốc tế" in out


def test_output_file(tmp_path: Path, capsys) -> None:
    out = tmp_path / "changes.md"
    code, stdout, _ = run(capsys, "2020", "2025", "-f", "markdown", "-o", str(out))
    assert (code, stdout) == (0, "")
    text = out.read_text("utf-8")
    assert "### Tasks" in text and "| changed | I/1. Tuyên truyền nâng cao nhận thức" in text


def test_paths_instead_of_years(capsys) -> None:
    code, out, _ = run(
        capsys, str(PLANS / "hanoi-2024-263-KH-UBND.yaml"), "tests/fixtures/plan-2025-draft.txt"
    )
    assert code == 0 and "+20 points" in out


def test_unknown_year_is_one_line_exit_2(capsys) -> None:
    code, out, err = run(capsys, "2023", "2025")
    assert (code, out) == (2, "")
    assert err.strip() == (
        "khtool: data/plans: no plan of year 2023 (plan years here: 2020, 2024, 2025) "
        "and no file named '2023'"
    )


def test_missing_file_is_one_line_exit_2(capsys) -> None:
    code, _, err = run(capsys, "no/such.yaml", "2025")
    assert code == 2 and err.strip() == "khtool: no/such.yaml: no such file"


def test_a_press_report_given_as_a_path_is_not_a_plan(capsys) -> None:
    code, _, err = run(capsys, "tests/fixtures/press-2024-263-KH-UBND.txt", "2025")
    assert code == 2 and "not a plan" in err and "\n" not in err.strip()


@pytest.fixture
def two_plans_of_2025(tmp_path: Path) -> Path:
    """A plans folder holding the 2025 plan of Hà Nội and a copy issued by another province."""
    shutil.copy(PLANS / "hanoi-2025-draft.yaml", tmp_path / "hanoi-2025-draft.yaml")
    shutil.copy(PLANS / "hanoi-2024-263-KH-UBND.yaml", tmp_path / "hanoi-2024.yaml")
    data = load_data((PLANS / "hanoi-2025-draft.yaml").read_text("utf-8"))
    data["document"]["issuer"] = "UBND tỉnh Bắc Ninh"
    (tmp_path / "bacninh-2025.yaml").write_text(dump_yaml(data), "utf-8")
    return tmp_path


def test_several_plans_of_a_year_are_listed_and_issuer_chooses(capsys, two_plans_of_2025) -> None:
    folder = str(two_plans_of_2025)
    code, _, err = run(capsys, "2024", "2025", "--plans-dir", folder)
    assert code == 2
    assert err.strip() == (
        f"khtool: {folder}: 2 plans of year 2025: bacninh-2025.yaml (UBND tỉnh Bắc Ninh, draft); "
        "hanoi-2025-draft.yaml (UBND thành phố Hà Nội, draft); choose one with --issuer TEXT "
        "or give the file's path"
    )
    code, out, _ = run(capsys, "2024", "2025", "--plans-dir", folder, "--issuer", "Hà Nội")
    assert code == 0 and "+20 points" in out


def test_thresholds_are_options_and_checked(capsys) -> None:
    args = ["2020", "2025", "-f", "json", "--task-threshold", "40"]
    code, out, _ = run(capsys, *args, "--task-margin", "0")
    assert code == 0
    data = json.loads(out)
    assert (data["options"]["task_threshold"], data["options"]["task_margin"]) == (40, 0)
    assert data["summary"]["tasks"]["changed"] == 1
    code, out, _ = run(capsys, *args)  # default margin 5: 9 → 3 at 36.1 is paired too
    assert json.loads(out)["summary"]["tasks"]["changed"] == 2
    assert run(capsys, "2020", "2025", "--task-threshold", "101")[0] == 2


def test_help_explains_matching_and_thresholds(capsys) -> None:
    assert main(["diff", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for phrase in (
        "--target-threshold",
        "--content-threshold",
        "--task-threshold",
        "Pairing is optimal",
        "--task-margin",
        "--exit-code",
        "--issuer",
    ):
        assert phrase in out


def test_help_defaults_match_the_data_file() -> None:
    """--help states the thresholds of data/diff.yaml without loading it at start-up."""
    import inspect

    from khtool.commands import diff as diff_command
    from khtool.diffing.differ import default_options

    source = inspect.getsource(diff_command)
    defaults = default_options()
    assert f'_threshold("target", {defaults.target_threshold:g},' in source
    assert f'_threshold("content", {defaults.content_threshold:g},' in source
    assert f'_threshold("task", {defaults.task_threshold:g},' in source
    assert f"[default: {defaults.task_margin:g}, set in src/khtool/data/diff.yaml]" in source
