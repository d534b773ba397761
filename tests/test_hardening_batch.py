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
import yaml

from khtool.batch.report import MAX_REPORT_BYTES, REPORT_NAME, previous_report
from tests.conftest import FIXTURES, ROOT
from tests.test_hardening_support import MEMORY_CAP, TIMEOUT, khtool

PLAN = (FIXTURES / "plan-2025-draft.txt").read_bytes()
WARNING = "warning: previous report not used ({why}); converting every file"
NOT_A_PLAN = "not a plan: no numbered sections (I. MỤC TIÊU …) and no task table found"


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


CHILD = [sys.executable, "-c", "from khtool.cli import run; run()"]
_HELD_BATCH = """
import sys, time
from pathlib import Path
import khtool.batch.runner as runner

marks, real = Path(sys.argv[1]), runner._convert

def held(job):
    (marks / "converting").write_text("")
    while not (marks / "go").exists():
        time.sleep(0.05)
    return real(job)

runner._convert = held
report = runner.parse_many(sys.argv[3:], jobs=1, out_dir=sys.argv[2])
sys.exit(report.exit_code)
"""


def test_two_batches_into_one_folder_wait_for_each_other_and_share_the_report(
    tmp_path: Path,
) -> None:
    """Batch A (a real batch whose one conversion waits for a file) holds OUT while
    batch B, a real ``khtool parse``, starts: B waits, then both are in the report."""
    from khtool.batch.lock import LOCK_NAME

    out = tmp_path / "out"
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        (folder / "kehoach.txt").write_bytes(PLAN)
    (second / "khac.txt").write_bytes(PLAN)

    def cap() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    a = subprocess.Popen(
        [sys.executable, "-c", _HELD_BATCH, str(tmp_path), str(out), str(first)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=cap,
    )
    b_err = tmp_path / "b.err"
    b = None
    try:
        assert _wait_for(lambda: (tmp_path / "converting").exists(), TIMEOUT)
        assert (out / LOCK_NAME).read_text() == f"{a.pid}\n"
        with b_err.open("wb") as err:
            b = subprocess.Popen(
                [*CHILD, "parse", str(second), "-o", str(out), "--jobs", "1"],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=err,
                preexec_fn=cap,
            )
        assert _wait_for(lambda: b"waiting" in b_err.read_bytes(), TIMEOUT)
        assert not list(out.glob("*.yaml"))  # B waits: it has written nothing
        (tmp_path / "go").write_text("")
        assert a.wait(TIMEOUT) == 0
        assert b.wait(TIMEOUT) == 0
    finally:
        for process in (a, b):
            if process is not None and process.poll() is None:
                process.kill()
    lines = b_err.read_text("utf-8").splitlines()
    assert lines[0] == (
        f"khtool: {out}: another batch is writing into this folder (process {a.pid}); "
        "waiting for it to finish"
    )
    data = json.loads((out / REPORT_NAME).read_text("utf-8"))
    listed = {Path(f["input"]).relative_to(tmp_path).as_posix(): f for f in data["files"]}
    assert sorted(listed) == ["a/kehoach.txt", "b/kehoach.txt", "b/khac.txt"]
    assert data["summary"] == {"total": 3, "ok": 3, "skipped": 0, "failed": 0}
    assert listed["a/kehoach.txt"]["earlier"] is True
    outputs = {name: Path(entry["output"]).name for name, entry in listed.items()}
    # B's kehoach.txt never takes the name of A's output
    assert outputs == {
        "a/kehoach.txt": "kehoach.yaml",
        "b/kehoach.txt": "kehoach.txt.yaml",
        "b/khac.txt": "khac.yaml",
    }
    for name, output in outputs.items():
        plan = yaml.safe_load((out / output).read_text("utf-8"))
        assert plan["source"]["path"] == str(tmp_path / name)
    assert sorted(p.name for p in out.iterdir()) == sorted([REPORT_NAME, *outputs.values()])


def test_a_batch_after_another_keeps_its_entries_while_their_inputs_exist(
    tmp_path: Path,
) -> None:
    src, out = _batch_folder(tmp_path)
    other = tmp_path / "khac"
    other.mkdir()
    (other / "khac.txt").write_bytes(PLAN)
    assert khtool("parse", src, "-o", out).returncode == 0
    assert khtool("parse", other, "-o", out).returncode == 0
    data = json.loads((out / REPORT_NAME).read_text("utf-8"))
    assert [(Path(f["input"]).name, f.get("earlier", False)) for f in data["files"]] == [
        ("khac.txt", False),
        ("kehoach.txt", True),
    ]
    (src / "kehoach.txt").unlink()  # an input that is gone leaves the report
    assert khtool("parse", other, "-o", out).returncode == 0
    data = json.loads((out / REPORT_NAME).read_text("utf-8"))
    assert [(Path(f["input"]).name, f["status"]) for f in data["files"]] == [
        ("khac.txt", "skipped")
    ]


def test_a_lock_file_that_is_not_a_regular_file_is_one_line(tmp_path: Path) -> None:
    from khtool.batch.lock import LOCK_NAME

    src, out = _batch_folder(tmp_path)
    os.mkfifo(out / LOCK_NAME)
    result = khtool("parse", src, "-o", out)
    assert result.returncode == 2
    assert _stderr_lines(result) == [
        f"khtool: {out / LOCK_NAME}: is not a regular file: remove it (it locks the batch folder)"
    ]
    assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME]


def test_names_that_are_not_utf8_are_converted_and_escaped_in_the_report(
    tmp_path: Path,
) -> None:
    src, out = _batch_folder(tmp_path)
    raw = os.fsencode(src)
    for name in (b"b\xff.txt", b"c\xfe\xfd.txt"):
        with open(raw + b"/" + name, "wb") as fh:
            fh.write(PLAN)
    with open(raw + b"/d\xff.txt", "wb") as fh:
        fh.write("không phải kế hoạch\n".encode())
    result = khtool("parse", src, "-o", out, "--jobs", "2")
    assert result.returncode == 1
    lines = _stderr_lines(result)
    assert f"khtool: {src}/d\\xff.txt: {NOT_A_PLAN}" in lines
    assert lines[-1].startswith("4 file(s): 3 converted, 0 skipped, 1 failed")
    text = (out / REPORT_NAME).read_bytes().decode("utf-8")  # plain UTF-8
    data = json.loads(text)
    entries = {Path(f["input"]).name: (f["status"], f["output"]) for f in data["files"]}
    assert entries == {
        "b\\xff.txt": ("ok", f"{out}/b\\xff.yaml"),
        "c\\xfe\\xfd.txt": ("ok", f"{out}/c\\xfe\\xfd.yaml"),
        "d\\xff.txt": ("failed", None),
        "kehoach.txt": ("ok", f"{out}/kehoach.yaml"),
    }
    assert "\\udc" not in text
    assert sorted(os.listdir(os.fsencode(out))) == [
        b"_report.json",
        b"b\xff.yaml",
        b"c\xfe\xfd.yaml",
        b"kehoach.yaml",
    ]
    again = khtool("parse", src, "-o", out, "--jobs", "2")  # the escaped names still match
    assert _stderr_lines(again)[-1].startswith("4 file(s): 0 converted, 3 skipped, 1 failed")
