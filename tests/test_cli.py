"""The command line: exit codes, exact error lines, and parity with the library."""

from __future__ import annotations

import json
from pathlib import Path

import khtool
from khtool.cli import main
from tests.conftest import PLAN_2025


def test_parse_json_equals_library(capsys) -> None:
    assert main(["parse", PLAN_2025, "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == khtool.parse(PLAN_2025).to_dict()


def test_parse_writes_output_file(tmp_path) -> None:
    out = tmp_path / "plan.yaml"
    assert main(["parse", PLAN_2025, "-o", str(out)]) == 0
    assert khtool.Plan.from_yaml(out).document.plan_year == 2025


def test_missing_file_is_one_line_exit_2(capsys) -> None:
    assert main(["parse", "no/such/plan.txt"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "khtool: no/such/plan.txt: no such file"


def test_not_a_plan_is_one_line_exit_2(capsys) -> None:
    assert main(["parse", "tests/fixtures/press-2023-event.txt"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("khtool: tests/fixtures/press-2023-event.txt: not a plan")
    assert err.endswith(" and no task table found")
    assert "\n" not in err


def test_plan_without_a_task_table_parses_with_one_warning(tmp_path, capsys) -> None:
    text = Path(PLAN_2025).read_text("utf-8")
    assert text.count("\nPHỤ LỤC\n") == 1
    source = tmp_path / "no-table.txt"
    source.write_text(text.split("\nPHỤ LỤC\n")[0], "utf-8")  # the body, no appendix
    out = tmp_path / "plan.yaml"
    assert main(["parse", str(source), "-o", str(out)]) == 0
    [warning] = capsys.readouterr().err.splitlines()
    assert warning.startswith(f"khtool: {source}: warning: no task table (")
    plan = khtool.Plan.from_yaml(out)
    assert plan.appendix is None
    assert plan.document.plan_year == 2025 and plan.goals and plan.organization
    # a task table can still be required
    required = tmp_path / "required.yaml"
    assert main(["parse", str(source), "-o", str(required), "--require", "appendix"]) == 2
    err = capsys.readouterr().err.strip()
    assert "no task table" in err and "\n" not in err
    assert not required.exists()


def test_version(capsys) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"khtool {khtool.__version__}"


def test_every_command_has_help_and_is_in_readme(capsys) -> None:
    from khtool.cli import app
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text("utf-8")
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"command {name} has no help"
        assert f"khtool {name}" in readme, f"command {name} is missing from the README"
