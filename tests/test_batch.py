"""Batch conversion: a folder of mixed fixtures, re-runs, failures, crashes, interrupts."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

import khtool
import khtool.io
from khtool.batch.inputs import expand_inputs, output_names
from khtool.batch.runner import CRASHED, REPORT_NAME, parse_many
from khtool.cli import main
from tests.conftest import FIXTURES, ROOT

PLAN_FIXTURES = sorted(FIXTURES.glob("plan-*.*"))
# PDF fixtures take seconds each (pdfplumber): only the mixed-folder test reads them
FAST = [p for p in PLAN_FIXTURES if p.suffix != ".pdf"]
_REAL_WRITE_ATOMIC = khtool.io.write_atomic


def _without_path(plan: khtool.Plan) -> dict:
    data = plan.to_dict()
    data["source"].pop("path")
    return data


@pytest.fixture(scope="module")
def expected() -> dict[str, dict]:
    """What khtool.parse gives for each fixture (the batch must give the same)."""
    os.chdir(ROOT)
    return {p.name: _without_path(khtool.parse(p)) for p in FAST}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The plan fixtures but PDFs, plus a same-named copy in a subfolder."""
    src = tmp_path / "in"
    (src / "2025").mkdir(parents=True)
    for path in FAST:
        shutil.copy(path, src / path.name)
    shutil.copy(FIXTURES / "plan-2025-draft.txt", src / "2025" / "plan-2025-draft.txt")
    (src / "notes.md").write_text("not a plan input: wrong suffix for a folder walk")
    return src


def _tmp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def test_folder_with_two_jobs_converts_every_file(folder, tmp_path, expected) -> None:
    out = tmp_path / "out"
    report = parse_many([folder], jobs=2, out_dir=out)
    assert report.jobs == 2
    assert report.failed == [] and report.exit_code == 0
    assert len(report.ok) == len(FAST) + 1  # notes.md is not walked
    for result in report.files:
        assert result.output is not None and result.output.parent == out
        plan = khtool.Plan.from_yaml(result.output)
        assert plan.source.path == result.input.as_posix()
        assert _without_path(plan) == expected[result.input.name]
    names = sorted(p.name for p in out.iterdir())
    # the two plan-2025-draft.txt files get distinct names
    assert "2025_plan-2025-draft.yaml" in names
    assert REPORT_NAME in names
    assert _tmp_files(out) == []


def test_report_lists_every_input(folder, tmp_path) -> None:
    out = tmp_path / "out"
    parse_many([folder], jobs=2, out_dir=out)
    data = json.loads((out / REPORT_NAME).read_text("utf-8"))
    assert data["khtool_version"] == khtool.__version__
    assert data["format"] == "yaml"
    assert data["summary"] == {
        "total": len(FAST) + 1,
        "ok": len(FAST) + 1,
        "skipped": 0,
        "failed": 0,
    }
    inputs = [f["input"] for f in data["files"]]
    assert inputs == [p.as_posix() for p in expand_inputs([folder])]
    draft = next(f for f in data["files"] if f["input"].endswith("in/plan-2025-draft.txt"))
    assert draft["status"] == "ok"
    # two inputs named plan-2025-draft.txt: each output is named after its folder
    assert draft["output"] == (out / "in_plan-2025-draft.yaml").as_posix()
    assert draft["sha256"] == khtool.parse(FIXTURES / "plan-2025-draft.txt").source.sha256
    assert draft["error"] is None and draft["seconds"] > 0


def test_rerun_skips_unchanged_and_redoes_changed_or_forced(folder, tmp_path) -> None:
    out = tmp_path / "out"
    first = parse_many([folder], jobs=2, out_dir=out)
    stamps = {r.output: r.output.stat().st_mtime_ns for r in first.files if r.output}
    again = parse_many([folder], jobs=2, out_dir=out)
    assert [r.status for r in again.files] == ["skipped"] * len(first.files)
    assert {r.output: r.output.stat().st_mtime_ns for r in again.files if r.output} == stamps
    # a changed input is converted again, the rest still skipped
    changed = folder / "2025" / "plan-2025-draft.txt"
    changed.write_text(changed.read_text("utf-8").replace("Hà Nội", "Hải Phòng", 1), "utf-8")
    third = parse_many([folder], jobs=2, out_dir=out)
    assert [r.input for r in third.ok] == [changed]
    assert len(third.skipped) == len(first.files) - 1
    # another output format is another conversion
    assert parse_many([folder], jobs=1, out_dir=tmp_path / "json", fmt="json").failed == []
    assert len(parse_many([folder], jobs=2, out_dir=out, force=True).ok) == len(first.files)


def test_deleted_output_is_converted_again(folder, tmp_path) -> None:
    out = tmp_path / "out"
    first = parse_many([folder], jobs=1, out_dir=out)
    gone = first.files[0].output
    gone.unlink()
    second = parse_many([folder], jobs=1, out_dir=out)
    assert second.files[0].status == "ok" and gone.is_file()


def test_cli_mixed_folder_corrupt_file_reported_rest_converted_rerun_skips(
    tmp_path, capsys
) -> None:
    """The whole story: every fixture format, a corrupt PDF, --jobs 2, then a re-run."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in PLAN_FIXTURES:
        shutil.copy(path, folder / path.name)
    (folder / "x.pdf").write_bytes(b"\x00\x9f junk, not a PDF \xff" * 50)
    assert {p.suffix for p in PLAN_FIXTURES} >= {".txt", ".docx", ".pdf", ".html"}
    out = tmp_path / "out"
    assert main(["parse", str(folder), "-o", str(out), "--jobs", "2"]) == 1
    err = capsys.readouterr().err
    failure = [line for line in err.splitlines() if line.startswith("khtool: ")]
    assert len(failure) == 1 and failure[0].startswith(f"khtool: {folder / 'x.pdf'}: ")
    assert "Traceback" not in err and "internal error" not in err
    assert f"[1/{len(PLAN_FIXTURES) + 1}] " in err  # plain lines when not a terminal
    assert f"{len(PLAN_FIXTURES)} converted, 0 skipped, 1 failed" in err
    data = json.loads((out / REPORT_NAME).read_text("utf-8"))
    bad = [f for f in data["files"] if f["status"] == "failed"]
    assert [f["input"] for f in bad] == [(folder / "x.pdf").as_posix()]
    assert bad[0]["output"] is None and bad[0]["error"] == failure[0].split(": ", 2)[2]
    assert not (out / "x.yaml").exists() and not (out / "x.pdf.yaml").exists()
    # each format of a plan gives the same plan header and the same tasks
    for entry in data["files"]:
        if entry["status"] != "ok":
            continue
        plan = khtool.Plan.from_yaml(entry["output"])
        source = Path(entry["input"])
        assert plan.source.format == source.suffix.lstrip(".")
        text = khtool.Plan.from_yaml(out / f"{source.stem}.txt.yaml")
        assert plan.document.plan_year == text.document.plan_year
        assert [t.name for t in plan.tasks()] == [t.name for t in text.tasks()]
        assert [t.lead for t in plan.tasks()] == [t.lead for t in text.tasks()]
    assert len(list(out.glob("*.yaml"))) == len(PLAN_FIXTURES)
    assert _tmp_files(out) == []
    # re-running skips every converted file and tries the bad one again
    assert main(["parse", str(folder), "-o", str(out), "--jobs", "2"]) == 1
    assert f"0 converted, {len(PLAN_FIXTURES)} skipped, 1 failed" in capsys.readouterr().err


def test_cli_glob_and_usage_errors(folder, tmp_path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["parse", f"{folder}/**/*.txt", "-o", str(out), "-j", "1"]) == 0
    txt = [p for p in FAST if p.suffix == ".txt"]
    assert len(list(out.glob("*.yaml"))) == len(txt) + 1
    capsys.readouterr()
    assert main(["parse", str(folder)]) == 2
    assert capsys.readouterr().err.strip() == (
        "khtool: batch conversion of several files needs -o DIR"
    )
    assert main(["parse", f"{folder}/*.nothing", "-o", str(out)]) == 2
    assert "no files match" in capsys.readouterr().err


def test_in_memory_batch_returns_plans(expected) -> None:
    txt = [p for p in PLAN_FIXTURES if p.suffix == ".txt"]
    report = khtool.parse_many(txt, jobs=2)
    assert [_without_path(p) for p in report.plans()] == [expected[p.name] for p in txt]
    assert report.report_path is None


def test_output_names_are_unique_and_stable() -> None:
    inputs = [Path("a/plan.txt"), Path("a/plan.pdf"), Path("b/plan.txt"), Path("a/other.html")]
    names = output_names(inputs, "yaml")
    assert names == ["a_plan.yaml", "plan.pdf.yaml", "b_plan.yaml", "other.yaml"]
    assert output_names(inputs, "yaml") == names
    # case-insensitive file systems: Plan.txt and plan.txt must not share an output
    assert output_names([Path("x/Plan.txt"), Path("y/plan.txt")], "json") == [
        "x_Plan.json",
        "y_plan.json",
    ]


# --- a crashing worker and an interrupted batch leave no temporary file -----------------


def _crash_while_writing(path: Path, text: str) -> None:
    """Stand-in for write_atomic that dies half-way through writing crash.yaml."""
    if path.name.startswith("crash"):
        fd, _ = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.write(fd, text[:100].encode())
        os._exit(9)
    _REAL_WRITE_ATOMIC(path, text)


def test_worker_crash_names_the_file_and_leaves_no_temp_file(folder, tmp_path, monkeypatch) -> None:
    shutil.copy(FIXTURES / "plan-2020-96-KH-UBND.txt", folder / "crash.txt")
    monkeypatch.setattr(khtool.io, "write_atomic", _crash_while_writing)
    out = tmp_path / "out"
    report = parse_many([folder], jobs=2, out_dir=out)
    assert [(r.input.name, r.error) for r in report.failed] == [("crash.txt", CRASHED)]
    assert len(report.ok) == len(FAST) + 1
    assert _tmp_files(out) == []


def test_keyboard_interrupt_writes_the_report_and_leaves_no_temp_file(folder, tmp_path) -> None:
    out = tmp_path / "out"

    def stop(result, done, total) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        parse_many([folder], jobs=2, out_dir=out, progress=stop)
    data = json.loads((out / REPORT_NAME).read_text("utf-8"))
    assert data["interrupted"] is True
    statuses = [f["status"] for f in data["files"]]
    # the two seen by progress, and those already running in a worker when it stopped;
    # how many others were still queued depends on the machine's load
    assert statuses.count("ok") >= 2
    assert set(statuses) <= {"ok", "failed"}
    assert len(statuses) == len(FAST) + 1
    assert len(list(out.glob("*.yaml"))) == statuses.count("ok")
    for entry in data["files"]:
        if entry["status"] == "ok":
            assert Path(entry["output"]).is_file()
        else:
            assert entry["error"] == "not converted: the batch was interrupted"
    assert _tmp_files(out) == []
    # the next run converts only what was not done
    rerun = parse_many([folder], jobs=2, out_dir=out)
    assert len(rerun.skipped) == statuses.count("ok") and rerun.failed == []


def test_rerun_with_relative_paths_from_another_folder_still_skips(
    folder, tmp_path, monkeypatch
) -> None:
    out = tmp_path / "out"
    first = parse_many([folder], jobs=1, out_dir=out)
    monkeypatch.chdir(tmp_path)
    again = parse_many(["in"], jobs=1, out_dir="out")
    assert [r.status for r in again.files] == ["skipped"] * len(first.files)
    assert again.files[0].input == Path("in") / first.files[0].input.relative_to(folder)
