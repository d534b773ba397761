"""khtool validate on the command line: exit codes, text/json/github output, README."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from khtool.cli import main
from khtool.validating.output import escape_property, github_command
from khtool.validating.rules import RULES
from tests.conftest import PLAN_2020, PLAN_2025, ROOT

PLANS = ROOT / "data" / "plans"
PLAN_2025_YAML = "data/plans/hanoi-2025-draft.yaml"

# ::error file=F,line=L,title=T::message — properties escaped, no raw newline
GITHUB_LINE = re.compile(
    r"^::(error|warning|notice) "
    r"file=[^,:\r\n]+(,line=[1-9]\d*)?,title=(KH\d{3}|unreadable)"
    r"::[^\r\n]+$"
)


def _broken_yaml(tmp_path: Path) -> Path:
    """The 2025 plan with TT 1's timeline moved to 2024 (KH304)."""
    text = (ROOT / PLAN_2025_YAML).read_text("utf-8")
    old = "        text: Tháng 3 - 12/2025\n        kind: range\n        start: 2025-03\n"
    old += "        end: 2025-12\n"
    new = "        text: Tháng 3 - 12/2024\n        kind: range\n        start: 2024-03\n"
    new += "        end: 2024-12\n"
    assert old in text
    text = text.replace(old, new, 1)
    file = tmp_path / "hanoi-2025-broken.yaml"
    file.write_text(text, "utf-8")
    return file


def test_default_is_data_plans_and_passes(capsys) -> None:
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    count = len(list(PLANS.glob("*.yaml")))
    assert out.splitlines()[-1].startswith(f"{count} files checked: 0 errors, ")
    assert "data/plans/hanoi-2025-draft.yaml" in out
    assert "KH601" in out


def test_clean_plan_is_quiet(tmp_path, capsys) -> None:
    assert main(["validate", PLAN_2025_YAML, "--ignore", "KH6,KH4,KH2"]) == 0
    assert capsys.readouterr().out == "1 file checked: 0 errors, 0 warnings, 0 info.\n"


def test_broken_plan_exits_1(tmp_path, capsys) -> None:
    file = _broken_yaml(tmp_path)
    assert main(["validate", str(file)]) == 1
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "KH304" in x)
    assert "error" in line
    assert "TT 1: timeline 'Tháng 3 - 12/2024' (2024-03..2024-12) is outside the plan year" in line
    assert "[appendix.groups[0].tasks[0].timeline]" in line
    assert "(source line 192)" in line
    assert out.splitlines()[-1] == "1 file checked: 1 error, 2 warnings, 2 info."


def test_corrupt_file_exits_2_with_one_line(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("document: [unclosed\n", "utf-8")
    assert main(["validate", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip()
    assert "\n" not in err
    assert err.startswith(f"khtool: {bad}: invalid YAML (line 2, column 1)")


def test_missing_path_exits_2(capsys) -> None:
    assert main(["validate", "no/such/plans"]) == 2
    assert capsys.readouterr().err.strip() == "khtool: no/such/plans: no such file or directory"


def test_empty_directory_exits_2(tmp_path, capsys) -> None:
    assert main(["validate", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"khtool: {tmp_path}: no plan files (.yaml, .yml, .json) found"


def test_not_a_plan_document_exits_2(capsys) -> None:
    assert main(["validate", "tests/fixtures/press-2023-event.txt"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("khtool: tests/fixtures/press-2023-event.txt: not a plan")


def test_one_unreadable_file_among_good_ones(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- not a mapping\n", "utf-8")
    assert main(["validate", PLAN_2025_YAML, str(bad)]) == 2
    captured = capsys.readouterr()
    assert "KH601" in captured.out  # the readable file is still reported
    assert captured.out.splitlines()[-1].endswith("; 1 file could not be read.")
    assert captured.err.count("\n") == 1


def test_source_documents_are_parsed_first(capsys) -> None:
    assert main(["validate", PLAN_2020, PLAN_2025]) == 0
    out = capsys.readouterr().out
    assert f"{PLAN_2025}\n" in out
    assert "207  info    KH203" in out  # the source line of TT 6


@pytest.mark.parametrize(
    ("fail_on", "code"), [("error", 0), ("warning", 1), ("info", 1), ("never", 0)]
)
def test_fail_on(fail_on: str, code: int, capsys) -> None:
    assert main(["validate", PLAN_2025_YAML, "--fail-on", fail_on]) == code


def test_fail_on_never_with_errors(tmp_path) -> None:
    assert main(["validate", str(_broken_yaml(tmp_path)), "--fail-on", "never"]) == 0


def test_bad_fail_on_is_a_usage_error(capsys) -> None:
    assert main(["validate", "--fail-on", "sometimes"]) == 2


def test_select_and_ignore(tmp_path, capsys) -> None:
    file = str(_broken_yaml(tmp_path))
    assert main(["validate", file, "--select", "KH3", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in data["files"][0]["findings"]] == ["KH304"]
    assert main(["validate", file, "--ignore", "KH304"]) == 0
    capsys.readouterr()
    assert main(["validate", file, "--select", "KH3", "--ignore", "KH30"]) == 0


def test_unknown_rule_code_exits_2(capsys) -> None:
    assert main(["validate", "--select", "KH77"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == ("khtool: unknown rule code 'KH77' (codes look like KH101; KH1 selects KH1xx)")


def test_json_format(tmp_path, capsys) -> None:
    file = _broken_yaml(tmp_path)
    assert main(["validate", str(file), PLAN_2020, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"version", "fail_on", "exit_code", "summary", "files", "unreadable"}
    assert (data["version"], data["fail_on"], data["exit_code"]) == (1, "error", 1)
    assert data["summary"] == {
        "files": 2,
        "error": 1,
        "warning": 3,
        "info": 3,
        "unreadable": 0,
    }
    first = data["files"][0]
    assert first["path"] == str(file)
    assert (first["source"], first["plan_year"], first["partial"]) == (
        "tests/fixtures/plan-2025-draft.txt",
        2025,
        False,
    )
    kh304 = next(f for f in first["findings"] if f["code"] == "KH304")
    assert kh304 == {
        "code": "KH304",
        "severity": "error",
        "title": "timeline outside the plan year",
        "message": "TT 1: timeline 'Tháng 3 - 12/2024' (2024-03..2024-12) "
        "is outside the plan year 2025",
        "location": "appendix.groups[0].tasks[0].timeline",
        "line": kh304["line"],
        "source": {"line": 192, "page": None},
    }
    lines = file.read_text("utf-8").splitlines()
    assert lines[kh304["line"] - 1] == "      timeline:"


def test_json_lists_unreadable_files(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("[1, 2]\n", "utf-8")
    assert main(["validate", str(bad), "--format", "json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["unreadable"] == [
        {"path": str(bad), "message": "not a plan: the top level must be a mapping"}
    ]
    assert data["exit_code"] == 2


def test_github_format(tmp_path, capsys) -> None:
    file = _broken_yaml(tmp_path)
    assert main(["validate", str(file), PLAN_2020, "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 7
    for line in out:
        assert GITHUB_LINE.match(line), line
    kh304 = next(x for x in out if "title=KH304" in x)
    lines = file.read_text("utf-8").splitlines()
    yaml_line = lines.index("        text: Tháng 3 - 12/2024")  # 1-based line of 'timeline:'
    assert lines[yaml_line - 1] == "      timeline:"
    assert kh304 == (
        f"::error file={file},line={yaml_line},title=KH304::TT 1: timeline "
        "'Tháng 3 - 12/2024' (2024-03..2024-12) is outside the plan year 2025 "
        "[appendix.groups[0].tasks[0].timeline]"
    )
    assert f"::notice file={PLAN_2020},title=KH407::section II item 3 bullet 2" in "\n".join(out)
    assert any(x.startswith(f"::warning file={PLAN_2020},title=KH606::") for x in out)


def test_github_escaping() -> None:
    assert escape_property("a,b:c%d\ne") == "a%2Cb%3Ac%25d%0Ae"
    assert (
        github_command("warning", "50% done\r\nnext: a, b", file="x,y.yaml", line=3, title="KH1")
        == "::warning file=x%2Cy.yaml,line=3,title=KH1::50%25 done%0D%0Anext: a, b"
    )
    assert github_command("notice", "100%") == "::notice::100%25"


def test_github_reports_unreadable_files(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [\n", "utf-8")
    assert main(["validate", str(bad), "--format", "github"]) == 2
    [line] = capsys.readouterr().out.splitlines()
    assert GITHUB_LINE.match(line)
    assert line.startswith(f"::error file={bad},title=unreadable::invalid YAML")


def test_readme_lists_every_rule_code() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    start = readme.index("## khtool validate")
    end = readme.find("\n## ", start + 1)
    section = readme[start : end if end > 0 else len(readme)]
    missing = [code for code in sorted(RULES) if f"`{code}`" not in section]
    assert not missing, f"rule codes missing from the README section: {missing}"


def test_every_rule_has_title_and_example() -> None:
    for code, rule in RULES.items():
        assert re.fullmatch(r"KH\d{3}", code)
        assert rule.title and rule.template and rule.example, code


def test_pre_commit_hook_runs_khtool_validate() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    [hook] = hooks
    assert hook["entry"] == "khtool validate"
    assert re.search(hook["files"], "data/plans/hanoi-2025-draft.yaml")
    assert not re.search(hook["files"], "tests/fixtures/plan-2025-draft.txt")


def test_yaml_over_the_size_limit_exits_2(tmp_path, capsys) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 1_100_000 + "\n", "utf-8")
    assert main(["validate", str(big), "--max-size", "1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"khtool: {big}: file is 1.1 MB, over the 1 MB limit (raise it with --max-size)"


def test_python_api_example_in_the_readme() -> None:
    import khtool

    report = khtool.validate("data/plans/hanoi-2025-draft.yaml", ignore=["KH2"])
    assert [(f.code, f.location, f.line) for f in report.findings] == [
        ("KH601", "document.number", 11),
        ("KH602", "document.issued_on", 12),
        ("KH402", "content[3]", 356),
    ]
    assert report.counts() == {"error": 0, "warning": 2, "info": 1}
    assert report.exit_code("warning") == 1
