"""Batch bookkeeping under hostile conditions: a broken previous report, a killed parent,
dot files and Word lock files in the input folder.

Each case is built at test time; khtool runs in a child process with a time and memory
cap (tests/test_hardening_support.py).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from khtool.batch.report import MAX_REPORT_BYTES, REPORT_NAME, previous_report
from tests.conftest import FIXTURES, ROOT
from tests.test_hardening_support import MEMORY_CAP, TIMEOUT, khtool

PLAN = (FIXTURES / "plan-2025-draft.txt").read_bytes()
WARNING = "warning: previous report not used ({why}); converting every file"


def _batch_folder(tmp_path: Path) -> tuple[Path, Path]:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    (src / "kehoach.txt").write_bytes(PLAN)
    return src, out


def _stderr_lines(result: subprocess.CompletedProcess[bytes]) -> list[str]:
    err = result.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    return err.splitlines()


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as fh:
        fh.truncate(size)


HOSTILE_REPORTS = [
    pytest.param(lambda p: p.write_text("[" * 100_000), "nested too deeply", id="100k-brackets"),
    pytest.param(
        lambda p: p.write_text('{"files": [}'),
        "not JSON (Expecting value: line 1 column 12 (char 11))",
        id="invalid-json",
    ),
    pytest.param(lambda p: p.write_bytes(b"\xff\xfe{}"), "not UTF-8 text", id="not-utf8"),
    pytest.param(lambda p: p.write_text("[1, 2]"), "not a khtool batch report", id="a-list"),
    pytest.param(
        lambda p: _sparse(p, MAX_REPORT_BYTES + 1),
        f"larger than {MAX_REPORT_BYTES // (1024 * 1024)} MB",
        id="huge",
    ),
    pytest.param(lambda p: os.mkfifo(p), "not a regular file", id="fifo"),
]


@pytest.mark.parametrize(("make", "why"), HOSTILE_REPORTS)
def test_a_hostile_previous_report_does_not_stop_the_batch(tmp_path: Path, make, why) -> None:
    src, out = _batch_folder(tmp_path)
    report = out / REPORT_NAME
    make(report)
    assert previous_report(out) == ({}, WARNING.format(why=why))
    result = khtool("parse", src, "-o", out)  # the timeout bounds it: a FIFO is not waited on
    if report.is_fifo():  # refused as the report's place before any file is converted
        assert result.returncode == 2
        assert _stderr_lines(result) == [
            f"khtool: {report.as_posix()}: is a named pipe (FIFO), not a regular file: "
            "refused as an output (-o - writes to stdout)"
        ]
        assert sorted(p.name for p in out.iterdir()) == [REPORT_NAME] and report.is_fifo()
        return
    lines = _stderr_lines(result)
    assert result.returncode == 0, lines
    assert f"khtool: {report.as_posix()}: {WARNING.format(why=why)}" in lines
    assert lines[-1].startswith("1 file(s): 1 converted, 0 skipped, 0 failed")
    data = json.loads(report.read_text("utf-8"))
    assert data["warnings"] == [f"{report.as_posix()}: {WARNING.format(why=why)}"]
    assert [f["status"] for f in data["files"]] == ["ok"]
    assert (out / "kehoach.yaml").is_file()
    # the report written now is a good one: the next run skips the unchanged file
    again = khtool("parse", src, "-o", out)
    assert again.returncode == 0
    assert not [x for x in _stderr_lines(again) if "warning" in x]
    assert json.loads(report.read_text("utf-8"))["summary"]["skipped"] == 1


def test_no_previous_report_is_no_warning(tmp_path: Path) -> None:
    _, out = _batch_folder(tmp_path)
    assert previous_report(out) == ({}, None)


def test_dot_files_and_word_lock_files_are_listed_as_skipped(tmp_path: Path) -> None:
    src, out = _batch_folder(tmp_path)
    (src / ".kehoach-cu.txt").write_bytes(PLAN)
    (src / "~$kehoach.docx").write_bytes(b"\x0bNguyen Van A" + b"\0" * 150)
    (src / ".git").mkdir()
    (src / ".git" / "config.txt").write_text("not listed: a hidden folder is not walked")
    result = khtool("parse", src, "-o", out, "--jobs", "2")
    lines = _stderr_lines(result)
    assert result.returncode == 0, lines
    assert lines[-1].startswith("3 file(s): 1 converted, 2 skipped, 0 failed")
    data = json.loads((out / REPORT_NAME).read_text("utf-8"))
    entries = {Path(f["input"]).name: (f["status"], f["reason"]) for f in data["files"]}
    assert entries == {
        ".kehoach-cu.txt": ("skipped", "a hidden file: its name starts with '.'"),
        "~$kehoach.docx": ("skipped", "a Word lock file, not a document"),
        "kehoach.txt": ("ok", None),
    }
    assert sorted(p.name for p in out.iterdir()) == [REPORT_NAME, "kehoach.yaml"]
    assert f"skipped  {src / '~$kehoach.docx'} (a Word lock file, not a document)" in "\n".join(
        lines
    )


_SLOW_BATCH = """
import os, sys, time
from pathlib import Path
import khtool.batch.runner as runner

marks = Path(sys.argv[1])

def slow(job):
    (marks / f"{os.getpid()}.pid").write_text(str(os.getpid()))
    time.sleep(120)
    raise AssertionError("never reached: the parent was killed")

runner._convert = slow
runner.parse_many(sys.argv[2:], jobs=2, out_dir=marks / "out")
"""


def _alive(pid: int) -> bool:
    """True while the process runs (a zombie waiting to be reaped counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _wait_for(condition, seconds: float) -> bool:
    """Poll ``condition`` until it holds or ``seconds`` pass (a timeout, not a speed test)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_workers_end_when_the_batch_parent_is_killed(tmp_path: Path) -> None:
    inputs = []
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_bytes(PLAN)
        inputs.append(str(tmp_path / name))

    def cap() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    parent = subprocess.Popen(
        [sys.executable, "-c", _SLOW_BATCH, str(tmp_path), *inputs],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=cap,
    )
    workers: list[int] = []
    try:
        assert _wait_for(lambda: len(list(tmp_path.glob("*.pid"))) == 2, TIMEOUT), (
            parent.poll(),
            parent.stderr.read() if parent.poll() is not None and parent.stderr else b"",
        )
        workers = [int(p.read_text()) for p in tmp_path.glob("*.pid")]
        assert all(_alive(pid) for pid in workers)
        parent.send_signal(signal.SIGKILL)
        parent.wait(TIMEOUT)
        assert _wait_for(lambda: not any(_alive(pid) for pid in workers), 30), [
            pid for pid in workers if _alive(pid)
        ]
    finally:
        if parent.poll() is None:
            parent.kill()
        for pid in workers:  # only the processes this test started
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if parent.stderr:
            parent.stderr.close()
