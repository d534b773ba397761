"""Every case of tests/fixtures/bad/manifest.yaml: one exact stderr line, the exit code,
no output file left behind, nothing leaked (scripts/make_bad_corpus.py writes the corpus).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import khtool
from khtool.cli import main
from khtool.errors import KhtoolError
from tests.conftest import FIXTURES, PLAN_2025, ROOT

BAD = FIXTURES / "bad"
CASES: list[dict[str, Any]] = yaml.safe_load((BAD / "manifest.yaml").read_text("utf-8"))["cases"]
SECRET = (BAD / "secret.txt").read_text("utf-8").strip()
SETPRIV = shutil.which("setpriv")
NO_DAC = "-dac_override,-dac_read_search"


def commands() -> set[str]:
    import typer.main

    from khtool.cli import app

    return set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def make_input(case: dict[str, Any], tmp_path: Path) -> str:
    """The input path of a case; ``setup`` cases are made here."""
    setup = case.get("setup")
    if setup is None:
        return str(case["file"])
    path = tmp_path / "input" / "plan.txt"
    path.parent.mkdir()
    if setup == "missing":
        pass
    elif setup == "directory":
        path.mkdir()
    elif setup == "unreadable":
        path.write_bytes(Path(PLAN_2025).read_bytes())
        path.chmod(0)
    elif setup == "sparse-100mb":
        with path.open("wb") as fh:
            fh.truncate(100_000_000)  # sparse: no disk used, and khtool reads none of it
    elif setup == "text-2mb":
        text = Path(PLAN_2025).read_bytes()
        path.write_bytes((text * (2_000_000 // len(text) + 1))[:2_000_000])
    else:
        raise AssertionError(f"unknown setup {setup!r}")
    return str(path)


def run(
    args: list[str], capsys: pytest.CaptureFixture[str], *, without_root_read: bool = False
) -> tuple[int, str, str]:
    """Run the command line in-process, or in a child process that cannot bypass file modes.

    Tests run as root, and root reads a mode-000 file; ``without_root_read`` runs khtool
    through ``setpriv`` with the capabilities that allow that (CAP_DAC_OVERRIDE,
    CAP_DAC_READ_SEARCH) dropped, so the kernel refuses the read as it would for a user.
    """
    if without_root_read and os.geteuid() == 0:
        if SETPRIV is None:
            pytest.skip("root reads mode-000 files and setpriv is not installed")
        drop = [SETPRIV, f"--inh-caps={NO_DAC}", f"--bounding-set={NO_DAC}"]
        result = subprocess.run(
            [*drop, sys.executable, "-c", "from khtool.cli import run; run()", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        return result.returncode, result.stdout, result.stderr
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def expected_line(case: dict[str, Any], path: str) -> tuple[str, bool]:
    """(text, exact): the stderr line, or its prefix when the manifest gives one."""
    if "stderr" in case:
        return "khtool: " + case["stderr"].replace("{file}", path), True
    return "khtool: " + case["stderr_prefix"].replace("{file}", path), False


def check_error(err: str, line: str, exact: bool) -> None:
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    if exact:
        assert err.rstrip("\n") == line
    else:
        assert err.startswith(line)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_input(
    case: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make_input(case, tmp_path)
    args = [a.replace("{file}", path) for a in case["args"]]
    assert args[0] in commands()
    as_user = case.get("setup") == "unreadable"
    code, out, err = run(args, capsys, without_root_read=as_user)
    assert code == case["exit"], err
    for secret in [SECRET, *case.get("never", [])]:
        assert secret not in out and secret not in err
    if case["exit"] == 1:  # validate: a finding, reported on stdout
        assert case["stdout_contains"] in out
        return
    if case["exit"] != 0:
        check_error(err, *expected_line(case, path))
        assert out == ""
        if args[0] == "parse":
            # with -o the output file is neither created nor left half-written
            target = tmp_path / "out" / "plan.yaml"
            code, out, err = run([*args, "-o", str(target)], capsys, without_root_read=as_user)
            assert code == case["exit"]
            check_error(err, *expected_line(case, path))
            assert not target.exists()
            assert not target.parent.exists() or list(target.parent.iterdir()) == []
        return
    if "stderr" in case:  # a plan read with one warning line
        check_error(err, *expected_line(case, path))
    plan = khtool.Plan.from_yaml(out)
    if "warning" in case:
        assert any(w.startswith(case["warning"]) for w in plan.warnings), plan.warnings
    if "same_as" in case:
        same = khtool.parse(case["same_as"]).to_dict()
        got = plan.to_dict()
        for d in (same, got):
            d.pop("source")
            d.pop("warnings")
        assert got == same


def test_yaml_payloads_never_run(tmp_path: Path) -> None:
    """A YAML file with !!python/object tags is refused and its commands do not run."""
    os.chdir(tmp_path)
    try:
        with pytest.raises(KhtoolError):
            khtool.Plan.from_yaml(BAD / "yaml-python-object.yaml")
        assert list(tmp_path.iterdir()) == []  # no khtool-pwned-canary
    finally:
        os.chdir(ROOT)


def test_unreadable_file_in_process_as_a_user(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads a mode-000 file: test_bad_input[unreadable] uses setpriv")
    path = tmp_path / "plan.txt"
    path.write_bytes(Path(PLAN_2025).read_bytes())
    path.chmod(0)
    code, _, err = run(["parse", str(path)], capsys)
    assert (code, err.strip()) == (2, f"khtool: {path}: permission denied")


def test_every_corpus_file_is_a_case() -> None:
    from scripts.make_bad_corpus import FILES

    listed = {Path(c["file"]).name for c in CASES if "file" in c}
    on_disk = {p.name for p in BAD.iterdir()} - {"manifest.yaml"}
    assert (
        on_disk == (listed & on_disk) | set(FILES) == {*FILES, *listed} - {"press-2023-event.txt"}
    )


def test_corpus_is_up_to_date() -> None:
    """The committed corpus is exactly what scripts/make_bad_corpus.py writes."""
    from scripts.make_bad_corpus import SLOW, build

    files = build(quick=True)
    assert set(files) | SLOW == {p.name for p in BAD.iterdir()}
    for name, data in files.items():
        assert (BAD / name).read_bytes() == data, f"{name} is stale: run make bad-corpus"


def test_zip_bomb_is_small_and_inflates_past_the_limit() -> None:
    """The one corpus file not rebuilt above (`make bad-corpus` does): check what it is."""
    import zipfile

    from scripts.make_bad_corpus import BOMB_INFLATED

    from khtool.limits import DEFAULT_MAX_INFLATED

    path = BAD / "zip-bomb.docx"
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("word/document.xml").file_size == BOMB_INFLATED > DEFAULT_MAX_INFLATED
    assert path.stat().st_size < 300_000


BATCH_BAD = ["empty.txt", "junk.pdf", "xxe.docx", "truncated.docx", "invalid-utf8.txt"]


def test_batch_reports_bad_files_and_converts_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """khtool parse DIR -o OUT: each bad file is one line, the good ones are converted."""
    src, out = tmp_path / "plans", tmp_path / "out"
    src.mkdir()
    good = ["plan-2025-draft.txt", "plan-2025-vni.txt"]
    (src / good[0]).write_bytes(Path(PLAN_2025).read_bytes())
    for name in [good[1], *BATCH_BAD]:
        (src / name).write_bytes((BAD / name).read_bytes())
    code, _, err = run(["parse", str(src), "-o", str(out), "--jobs", "2"], capsys)
    assert code == 1
    lines = {line for line in err.splitlines() if line.startswith("khtool: ")}
    by_file = {c["file"]: c for c in CASES if "file" in c and c["args"] == ["parse", "{file}"]}
    for name in BATCH_BAD:
        expected, _ = expected_line(by_file[f"tests/fixtures/bad/{name}"], str(src / name))
        assert expected in lines
    assert "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == [
        "_report.json",
        "plan-2025-draft.yaml",
        "plan-2025-vni.yaml",
    ]
    plans = [khtool.Plan.from_yaml(out / f"{Path(n).stem}.yaml") for n in good]
    assert plans[0].tasks() == plans[1].tasks()
    assert SECRET not in err
