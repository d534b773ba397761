"""Special files and outputs: only regular files are read; an output never replaces a
device, a link, a folder, an input or the batch report (issue 14, class 1)."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, PLAN_2025
from tests.test_hardening_support import khtool, one_line

PLAN = FIXTURES / "plan-2025-draft.txt"
FIFO = "is a named pipe (FIFO), not a regular file; refused"


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "p.txt"
    os.mkfifo(path)
    return path


def test_fifo_input_is_refused_without_hanging(fifo: Path) -> None:
    result = khtool("parse", fifo)
    assert result.returncode == 2
    assert one_line(result) == f"khtool: {fifo}: {FIFO}"
    assert result.stdout == b""


@pytest.mark.parametrize("command", ["validate", "export"])
def test_fifo_plan_file_is_refused_without_hanging(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    args = ["--to", str(tmp_path / "x.csv")] if command == "export" else []
    result = khtool(command, fifo, *args)
    assert result.returncode == 2
    assert one_line(result) == f"khtool: {fifo}: {FIFO}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_fifo_in_a_batch_fails_alone(tmp_path: Path, fifo: Path) -> None:
    shutil.copy(PLAN, tmp_path / "a.txt")
    out = tmp_path / "out"
    result = khtool("parse", tmp_path, "-o", out, "--jobs", "2")
    assert result.returncode == 1
    assert f"khtool: {fifo}: {FIFO}\n".encode() in result.stderr
    report = json.loads((out / "_report.json").read_text("utf-8"))
    assert {Path(f["input"]).name: f["status"] for f in report["files"]} == {
        "a.txt": "ok",
        "p.txt": "failed",
    }
    # a second run, with the FIFO's last entry in the report, does not hang either
    assert khtool("parse", tmp_path, "-o", out, "--jobs", "2").returncode == 1


def test_dev_zero_is_refused() -> None:
    result = khtool("parse", "/dev/zero")
    assert result.returncode == 2
    assert one_line(result) == (
        "khtool: /dev/zero: is a character device, not a regular file; refused"
    )


def test_huge_sparse_file_is_refused_before_reading(tmp_path: Path) -> None:
    sparse = tmp_path / "huge.txt"
    with sparse.open("wb") as fh:
        fh.truncate(5_000_000_000)  # 5 GB of holes: nothing on disk
    result = khtool("parse", sparse)
    assert result.returncode == 2
    assert one_line(result) == (
        f"khtool: {sparse}: file is 5000.0 MB, over the 50 MB limit (raise it with --max-size)"
    )


def _refused(path: Path, kind: str) -> str:
    return f"khtool: {path}: is {kind}, not a regular file: refused as an output (-o - writes to stdout)"


def test_output_onto_a_device_node_is_refused(tmp_path: Path) -> None:
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
    except PermissionError:
        pytest.skip("creating a device node needs root")
    result = khtool("parse", PLAN_2025, "-o", node)
    assert result.returncode == 2
    assert one_line(result) == _refused(node, "a character device")
    assert stat.S_ISCHR(os.lstat(node).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_output_onto_a_symlink_or_fifo_is_refused(tmp_path: Path, fifo: Path) -> None:
    target = tmp_path / "kept.yaml"
    target.write_text("kept\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    for path, kind in ((link, "a symbolic link"), (fifo, "a named pipe (FIFO)")):
        result = khtool("parse", PLAN_2025, "-o", path)
        assert result.returncode == 2
        assert one_line(result) == _refused(path, kind)
    assert link.is_symlink() and target.read_text() == "kept\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.yaml", "link.yaml", "p.txt"]


def test_output_dash_is_stdout(tmp_path: Path) -> None:
    result = khtool("parse", PLAN_2025, "-o", "-", "--format", "json", cwd=tmp_path)
    assert result.returncode == 2  # the plan is not in tmp_path: nothing named '-' either
    assert sorted(tmp_path.iterdir()) == []
    result = khtool("parse", PLAN_2025, "-o", "-")
    assert result.returncode == 0
    from khtool.output import SCHEMA_COMMENT

    assert result.stdout.startswith(SCHEMA_COMMENT.encode() + b"schema_version: 2\n")
    assert not Path("-").exists()


@pytest.mark.parametrize("hard_link", [False, True])
def test_output_equal_to_an_input_is_refused(tmp_path: Path, hard_link: bool) -> None:
    source = tmp_path / "plan.txt"
    shutil.copy(PLAN, source)
    output = source
    if hard_link:
        output = tmp_path / "other-name.txt"
        os.link(source, output)
    result = khtool("parse", source, "-o", output)
    assert result.returncode == 2
    assert one_line(result) == (
        f"khtool: {output}: is an input: refused as an output (it would be replaced)"
    )
    assert source.read_bytes() == PLAN.read_bytes()


def test_diff_output_equal_to_an_input_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "a.yaml"
    shutil.copy("data/plans/hanoi-2025-draft.yaml", plan)
    before = plan.read_bytes()
    result = khtool("diff", plan, "2020", "-o", plan)
    assert result.returncode == 2
    assert one_line(result) == (
        f"khtool: {plan}: is an input: refused as an output (it would be replaced)"
    )
    assert plan.read_bytes() == before


def test_export_checks_every_target_before_writing_any(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x-targets.csv")
    result = khtool("export", "data/plans", "--to", tmp_path / "x.csv")
    assert result.returncode == 2
    assert one_line(result) == (
        f"khtool: {tmp_path / 'x-targets.csv'}: is a named pipe (FIFO), not a regular file: "
        "refused as an output"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x-targets.csv"]


def test_export_to_a_directory_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "x.xlsx"
    folder.mkdir()
    result = khtool("export", "data/plans", "--to", folder)
    assert result.returncode == 2
    assert one_line(result) == (
        f"khtool: {folder}: is a directory, not a regular file: refused as an output"
    )
    assert list(folder.iterdir()) == []


def test_batch_output_never_takes_the_report_or_an_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(PLAN, out / "_report.txt")  # would be out/_report.json in JSON
    shutil.copy(PLAN, out / "b.txt")
    (out / "b.json").write_bytes(PLAN.read_bytes())  # a document named .json, an input
    inputs = [out / "_report.txt", out / "b.txt", out / "b.json"]
    before = {p: p.read_bytes() for p in inputs}
    result = khtool("parse", *inputs, "-o", out, "--format", "json", "--jobs", "1")
    report = json.loads((out / "_report.json").read_text("utf-8"))
    outputs = {
        Path(f["input"]).name: Path(f["output"]).name for f in report["files"] if f["output"]
    }
    assert outputs["_report.txt"] == "_report.txt.json"
    assert outputs["b.txt"] == "b.txt.json"
    assert all(p.read_bytes() == data for p, data in before.items())
    assert report["summary"]["total"] == 3
    failed = [(Path(f["input"]).name, f["error"]) for f in report["files"] if f["error"]]
    assert failed == [
        ("b.json", "unsupported file type '.json'; khtool reads .txt, .docx, .pdf and .html")
    ]
    assert result.returncode == 1
