"""Newcomer conventions: stdin and stdout as ``-``, the format from ``-o``'s extension,
``--debug`` after the command, a closed pipe (issue 14, class 5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import PLAN_2025, ROOT
from tests.test_hardening_support import TIMEOUT, khtool, one_line


def test_parse_dash_reads_stdin() -> None:
    data = Path(PLAN_2025).read_bytes()
    result = khtool("parse", "-", stdin=data)
    assert result.returncode == 0, result.stderr
    from_stdin = yaml.safe_load(result.stdout)
    from_file = yaml.safe_load(khtool("parse", PLAN_2025).stdout)
    assert from_stdin["source"]["path"] == "-"
    from_stdin["source"]["path"] = from_file["source"]["path"]
    assert from_stdin == from_file


def test_parse_dash_is_bounded_and_named_in_errors() -> None:
    result = khtool("parse", "-", "--max-size", "1", stdin=b"x" * 1_500_000)
    assert result.returncode == 2
    assert one_line(result) == (
        "khtool: -: file is more than 1 MB, over the 1 MB limit (raise it with --max-size)"
    )
    result = khtool("parse", "-", stdin=b"Hello\n")
    assert result.returncode == 2
    assert one_line(result).startswith("khtool: -: not a plan")
    result = khtool("parse", "-", PLAN_2025)
    assert one_line(result) == "khtool: - (stdin) is read alone, not with other inputs"


def test_output_format_follows_the_extension(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    assert khtool("parse", PLAN_2025, "-o", out).returncode == 0
    assert json.loads(out.read_text("utf-8"))["schema_version"] == 2
    result = khtool("parse", PLAN_2025, "-o", tmp_path / "x.yaml", "--format", "json")
    assert result.returncode == 2
    assert one_line(result) == (
        f"khtool: -o {tmp_path / 'x.yaml'} names a yaml file but --format is json; "
        "use a .json name or --format yaml"
    )
    diff = tmp_path / "changes.json"
    assert khtool("diff", "2020", "2025", "-o", diff).returncode == 0
    assert json.loads(diff.read_text("utf-8"))["diff_version"] == 1
    md = tmp_path / "changes.md"
    assert khtool("diff", "2020", "2025", "-o", md).returncode == 0
    assert md.read_text("utf-8").startswith("#")
    result = khtool("diff", "2020", "2025", "-o", tmp_path / "d.json", "--format", "text")
    assert result.returncode == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["changes.json", "changes.md", "plan.json"]


@pytest.mark.parametrize(
    "args",
    [["validate", "data/plans"], ["diff", "2020", "2025"], ["parse", PLAN_2025]],
    ids=["validate", "diff", "parse"],
)
def test_a_closed_pipe_exits_0_quietly(args: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte, like `| head -0`
    try:
        result = subprocess.run(
            [sys.executable, "-c", "from khtool.cli import run; run()", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            timeout=TIMEOUT,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (0, b"")


def test_validate_sarif(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("a: [\n")
    result = khtool("validate", "data/plans", bad, "--format", "sarif")
    assert result.returncode == 2  # an unreadable input, as in every format
    sarif = json.loads(result.stdout)
    assert sarif["version"] == "2.1.0" and len(sarif["runs"]) == 1
    run = sarif["runs"][0]
    rules = {r["id"]: r["shortDescription"]["text"] for r in run["tool"]["driver"]["rules"]}
    assert run["tool"]["driver"]["name"] == "khtool"
    text = json.loads(khtool("validate", "data/plans", "--format", "json").stdout)
    findings = [(f["path"], g) for f in text["files"] for g in f["findings"]]
    assert len(run["results"]) == len(findings) > 0
    level = {"error": "error", "warning": "warning", "info": "note"}
    for result_, (path, finding) in zip(run["results"], findings, strict=True):
        assert result_["ruleId"] == finding["code"] and rules[finding["code"]] == finding["title"]
        assert result_["level"] == level[finding["severity"]]
        assert result_["message"]["text"] == finding["message"]
        where = result_["locations"][0]
        assert where["physicalLocation"]["artifactLocation"]["uri"] == path
        assert where["physicalLocation"]["region"]["startLine"] == finding["line"]
        assert where["logicalLocations"] == [{"fullyQualifiedName": finding["location"]}]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == str(bad)
    assert note["message"]["text"].startswith("invalid YAML")
