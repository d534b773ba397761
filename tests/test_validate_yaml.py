"""YAML plan files: schema findings at their YAML path and line; unsafe or corrupt
files are refused with one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from khtool.errors import InputError, PlanDataError
from khtool.validating.validation import line_map, validate
from tests.conftest import ROOT

PLAN_2025_YAML = ROOT / "data" / "plans" / "hanoi-2025-draft.yaml"


def _edited(tmp_path: Path, old: str, new: str, count: int = 1) -> tuple[Path, list[str]]:
    text = PLAN_2025_YAML.read_text("utf-8")
    assert old in text
    text = text.replace(old, new, count)
    file = tmp_path / "plan.yaml"
    file.write_text(text, "utf-8")
    return file, text.splitlines()


def _schema(file: Path) -> list:
    """The findings other than KH000 (consistency checks skipped)."""
    return [f for f in validate(file).findings if f.code != "KH000"]


def _line_of(lines: list[str], needle: str) -> int:
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_kh903_bad_month_at_its_yaml_line(tmp_path: Path) -> None:
    file, lines = _edited(tmp_path, "start: 2025-03", "start: 2025-13")
    report = validate(file)
    [finding] = [f for f in report.findings if f.code != "KH000"]
    assert (finding.code, finding.location) == (
        "KH903",
        "appendix.groups[0].tasks[0].timeline.start",
    )
    assert finding.line == _line_of(lines, "start: 2025-13")
    assert finding.message == "'2025-13' does not match '^\\\\d{4}-(0[1-9]|1[0-2])$'"
    assert report.exit_code() == 1


def test_kh901_missing_tt(tmp_path: Path) -> None:
    file, lines = _edited(tmp_path, "    - tt: '5'\n      name:", "    - name:")
    [finding] = _schema(file)
    assert (finding.code, finding.location) == ("KH901", "appendix.groups[1].tasks[0].tt")
    assert finding.message == "required key 'tt' is missing"
    # the key is missing, so the line is the task's own line
    assert finding.line == _line_of(lines, "- name: Đánh giá hiện trạng mạng lưới")


def test_kh902_unknown_key(tmp_path: Path) -> None:
    file, lines = _edited(tmp_path, "      lead:\n", "      leader:\n")
    assert [(f.code, f.location, f.line) for f in _schema(file)] == [
        ("KH902", "appendix.groups[0].tasks[0].leader", _line_of(lines, "leader:"))
    ]


def test_kh903_every_error_is_reported(tmp_path: Path) -> None:
    file, _ = _edited(tmp_path, "  plan_year: 2025", "  plan_year: năm 2025")
    # a TT is a string: an unquoted 7 (as schema_version 1 wrote it) is an integer
    text = file.read_text("utf-8")
    assert "    - tt: '7'\n" in text
    text = text.replace("    - tt: '7'\n", "    - tt: 7\n")
    file.write_text(text, "utf-8")
    report = validate(file)
    assert [(f.code, f.location) for f in report.findings] == [
        ("KH000", ""),  # no Plan, so the consistency rules could not run
        ("KH903", "document.plan_year"),
        ("KH903", "appendix.groups[1].tasks[2].tt"),
    ]
    assert report.findings[0].message.startswith("consistency checks skipped (")
    assert report.findings[2].message == "7 is not of type 'string'"


def test_kh904_schema_version(tmp_path: Path) -> None:
    file, _ = _edited(tmp_path, "schema_version: 2", "schema_version: 3")
    [finding] = _schema(file)
    assert (finding.code, finding.location, finding.line) == ("KH904", "schema_version", 1)
    assert finding.message == "schema_version 3 is not supported (this khtool reads 2)"


def test_yaml_consistency_finding_points_at_the_yaml_line(tmp_path: Path) -> None:
    old = "        text: Tháng 3 - 12/2025\n        kind: range\n        start: 2025-03\n"
    old += "        end: 2025-12\n"
    new = "        text: Tháng 3 - 12/2024\n        kind: range\n        start: 2024-03\n"
    new += "        end: 2024-12\n"
    file, lines = _edited(tmp_path, old, new)
    report = validate(file)
    errors = [f for f in report.findings if f.severity.value == "error"]
    assert [(f.code, f.location) for f in errors] == [
        ("KH304", "appendix.groups[0].tasks[0].timeline")
    ]
    assert lines[errors[0].line - 1] == "      timeline:"
    assert errors[0].source_line == 192  # the task's row in the source document


def test_duplicate_key_is_refused(tmp_path: Path) -> None:
    file, _ = _edited(tmp_path, "  plan_year: 2025\n", "  plan_year: 2025\n  plan_year: 2024\n")
    with pytest.raises(PlanDataError, match="duplicate key 'plan_year'"):
        validate(file)


def test_python_tag_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "evil.yaml"
    file.write_text("schema_version: !!python/object/apply:os.system ['true']\n", "utf-8")
    with pytest.raises(PlanDataError, match="unsupported YAML tag"):
        validate(file)


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    file = tmp_path / "alias.yaml"
    file.write_text("a: &x [1, 2]\nb: *x\n", "utf-8")
    with pytest.raises(PlanDataError, match="aliases"):
        validate(file)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("document: [unclosed\n", "invalid YAML (line 2, column 1)"),
        ("- a list\n", "not a plan: the top level must be a mapping"),
        ("", "not a plan: the top level must be a mapping"),
    ],
)
def test_corrupt_files_raise(tmp_path: Path, content: str, message: str) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text(content, "utf-8")
    with pytest.raises(PlanDataError) as info:
        validate(file)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file_raises() -> None:
    with pytest.raises(InputError, match="no such file"):
        validate("no/such/plan.yaml")


def test_line_map_paths() -> None:
    lines = line_map("a:\n  b:\n  - x\n  - y: 1\n    z: 2\n")
    assert lines[("a",)] == 1
    assert lines[("a", "b")] == 2
    assert lines[("a", "b", 1)] == 4
    assert lines[("a", "b", 1, "z")] == 5


def test_schema_findings_are_reported_whatever_is_selected(tmp_path: Path) -> None:
    file, _ = _edited(tmp_path, "start: 2025-03", "start: 2025-13")
    report = validate(file, select=["KH3"], ignore=["KH9"])
    assert report.codes() == ["KH000", "KH903"]
    assert report.exit_code() == 1
