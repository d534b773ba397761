"""Conventions users expect from ruff/yamllint: --quiet/--verbose/--color (with NO_COLOR
and FORCE_COLOR), ``path:line: CODE`` lines, the schema named in YAML outputs, output
that passes the shipped yamllint config, shell completion, and a help that lists every
command although command modules load lazily."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import khtool
from khtool.cli import COMMANDS, main
from khtool.output import SCHEMA_COMMENT, SCHEMA_ID, plan_text
from tests.conftest import FIXTURES, PLAN_2025, ROOT
from tests.test_hardening_support import TIMEOUT, _cap_memory

RED = "\x1b[1;31m"
YELLOW = "\x1b[33m"
RESET = "\x1b[0m"


def _run(
    *args: str, env: dict[str, str] | None = None, stderr: int | None = None
) -> subprocess.CompletedProcess[bytes]:
    """khtool ARGS in a capped child, with ``env`` added to a colour-neutral environment."""
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-c", "from khtool.cli import run; run()", *args],
        input=b"",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE if stderr is None else stderr,
        cwd=ROOT,
        env={**base, **(env or {})},
        timeout=TIMEOUT,
        preexec_fn=_cap_memory,
        check=False,
    )


def _no_table(tmp_path: Path) -> Path:
    """A plan without a task table (the 2025 fixture's body): parsed with one warning."""
    text = Path(PLAN_2025).read_text("utf-8")
    source = tmp_path / "no-table.txt"
    source.write_text(text.split("\nPHỤ LỤC\n")[0], "utf-8")
    return source


# --quiet / --verbose


def test_warning_is_printed_by_default_and_left_out_by_quiet(tmp_path: Path, capsys) -> None:
    source = _no_table(tmp_path)
    out = tmp_path / "plan.yaml"
    assert main(["parse", str(source), "-o", str(out)]) == 0
    assert capsys.readouterr().err.startswith(f"khtool: {source}: warning: no task table (")
    for args in (["-q", "parse", str(source)], ["parse", str(source), "--quiet"]):
        out.unlink()
        assert main([*args, "-o", str(out)]) == 0
        assert capsys.readouterr().err == ""
        assert khtool.Plan.from_yaml(out).document.plan_year == 2025


def test_quiet_still_prints_errors(capsys) -> None:
    assert main(["parse", "no/such/plan.txt", "-q"]) == 2
    assert capsys.readouterr().err == "khtool: no/such/plan.txt: no such file\n"


def test_quiet_silences_the_notes_of_render(tmp_path: Path, capsys) -> None:
    out = tmp_path / "plan.docx"
    assert main(["render", "data/plans/hanoi-2025-draft.yaml", "-o", str(out)]) == 0
    assert capsys.readouterr().err.startswith(f"{out.as_posix()}: ")
    out.unlink()
    assert main(["-q", "render", "data/plans/hanoi-2025-draft.yaml", "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    assert out.stat().st_size > 0


def test_quiet_batch_prints_only_its_failures(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "plan.txt").write_text(Path(PLAN_2025).read_text("utf-8"), "utf-8")
    out = tmp_path / "out"
    done = _run("parse", str(inputs), "-o", str(out), "-j", "1", "-q")
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert (out / "plan.yaml").exists()
    (inputs / "broken.docx").write_bytes(b"not a zip")
    failed = _run("parse", str(inputs), "-o", str(out), "-j", "1", "-q")
    assert failed.returncode == 1
    [line] = failed.stderr.decode().splitlines()
    assert line.startswith(f"khtool: {inputs / 'broken.docx'}: ")


def test_verbose_tells_what_read_the_file_and_how_long_it_took(capsys) -> None:
    assert main(["parse", PLAN_2025, "-v", "-o", "-"]) == 0
    [line] = capsys.readouterr().err.splitlines()
    assert re.fullmatch(
        rf"khtool: {re.escape(PLAN_2025)}: read as txt: 13 tasks, 4 sections, 0 warnings "
        r"in \d+\.\d\d s",
        line,
    ), line


def test_verbose_validate_tells_how_long_the_check_took(capsys) -> None:
    assert main(["validate", "data/plans/hanoi-2025-draft.yaml", "--verbose"]) == 0
    err = capsys.readouterr().err
    assert re.fullmatch(r"khtool: 1 file read and checked in \d+\.\d\d s\n", err), err
    assert main(["validate", "data/plans/hanoi-2025-draft.yaml"]) == 0
    assert capsys.readouterr().err == ""


def test_quiet_and_verbose_together_are_refused(capsys) -> None:
    assert main(["-q", "-v", "parse", PLAN_2025]) == 2
    err = capsys.readouterr().err
    assert "Error: --quiet and --verbose cannot be used together" in err
    assert "Traceback" not in err


# --color, NO_COLOR, FORCE_COLOR


@pytest.mark.parametrize(
    ("flags", "env", "coloured"),
    [
        ([], {}, False),  # stderr is a pipe
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        (["--color", "always"], {"NO_COLOR": "1"}, True),
        (["--color=never"], {"FORCE_COLOR": "1"}, False),
        (["--color", "never"], {}, False),
    ],
)
def test_colour_of_an_error_line(flags: list[str], env: dict[str, str], coloured: bool) -> None:
    done = _run("parse", "no/such/plan.txt", *flags, env=env)
    assert done.returncode == 2
    err = done.stderr.decode()
    prefix = f"{RED}khtool:{RESET}" if coloured else "khtool:"
    assert err == f"{prefix} no/such/plan.txt: no such file\n"


def test_colour_follows_the_terminal_unless_no_color() -> None:
    for env, coloured in (({}, True), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False)):
        leader, follower = pty.openpty()
        try:
            done = _run("parse", "no/such/plan.txt", env={"TERM": "xterm", **env}, stderr=follower)
            os.close(follower)
            err = os.read(leader, 4096).decode()
        finally:
            os.close(leader)
        assert done.returncode == 2
        assert err.startswith(f"{RED}khtool:{RESET}" if coloured else "khtool:"), (env, err)


def test_coloured_warning(tmp_path: Path) -> None:
    source = _no_table(tmp_path)
    done = _run("parse", str(source), "-o", str(tmp_path / "p.yaml"), "--color", "always")
    assert done.returncode == 0
    assert done.stderr.decode().startswith(f"khtool: {source}: {YELLOW}warning:{RESET} no task")


def test_validate_text_is_coloured_only_when_asked() -> None:
    plain = _run("validate", PLAN_2025, "--color", "never")
    coloured = _run("validate", PLAN_2025, "--color", "always")
    assert plain.returncode == coloured.returncode == 0
    assert b"\x1b[" not in plain.stdout
    assert b"\x1b[" in coloured.stdout
    strip = re.sub(rb"\x1b\[[0-9;]*m", b"", coloured.stdout)
    assert strip == plain.stdout


# validate: path:line: CODE lines


def test_validate_concise_lines(capsys) -> None:
    assert main(["validate", PLAN_2025, "--format", "concise"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert f"{PLAN_2025}:207: KH203 info: TT 6: coordinating unit " in "\n".join(lines)
    assert f"{PLAN_2025}: KH601 warning: the document number is blank " in "\n".join(lines)
    assert lines[-1] == "1 file checked: 0 errors, 2 warnings, 2 info."
    for line in lines[:-1]:
        assert re.match(rf"{re.escape(PLAN_2025)}(:\d+)?: KH\d{{3}} (error|warning|info): ", line)
    assert main(["validate", PLAN_2025, "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert len(lines) - 1 == len(findings)


# the schema named in YAML outputs


def test_yaml_output_names_the_schema_and_loads_back(tmp_path: Path, capsys) -> None:
    out = tmp_path / "plan.yaml"
    assert main(["parse", PLAN_2025, "-o", str(out)]) == 0
    text = out.read_text("utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={SCHEMA_ID}"
    assert text == SCHEMA_COMMENT + khtool.parse(PLAN_2025).to_yaml()
    assert khtool.Plan.from_yaml(out) == khtool.Plan.from_yaml(
        _write(tmp_path / "bare.yaml", khtool.parse(PLAN_2025).to_yaml())
    )
    assert main(["parse", PLAN_2025, "--format", "json"]) == 0
    assert capsys.readouterr().out.startswith("{\n")  # JSON has no comments


def _write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def test_schema_has_the_id_the_outputs_name() -> None:
    schema = json.loads((ROOT / "schemas" / "plan.schema.json").read_text("utf-8"))
    assert schema["$id"] == SCHEMA_ID


# yamllint with the shipped config


def test_output_and_data_plans_pass_yamllint(tmp_path: Path) -> None:
    pytest.importorskip("yamllint")
    config = ROOT / ".yamllint.yaml"
    assert yaml.safe_load(config.read_text("utf-8"))["extends"] == "default"
    outputs = []
    for fixture in sorted(FIXTURES.glob("plan-*.*")):
        if fixture.suffix == ".pdf":
            continue  # the same plans as the .docx and .txt, at a second each
        out = tmp_path / f"{fixture.name}.yaml"
        out.write_text(plan_text(khtool.parse(fixture).to_dict(), "yaml"), "utf-8")
        outputs.append(str(out))
    assert len(outputs) >= 6
    plans = sorted(str(p) for p in (ROOT / "data" / "plans").glob("*.yaml"))
    assert plans
    done = subprocess.run(
        [sys.executable, "-m", "yamllint", "-c", str(config), "-f", "parsable", *outputs, *plans],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


def test_yamllint_config_catches_a_badly_indented_plan(tmp_path: Path) -> None:
    pytest.importorskip("yamllint")
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 2\nsource:\n    path: x\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "yamllint", "-c", str(ROOT / ".yamllint.yaml"), str(bad)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 1
    assert "wrong indentation: expected 2 but found 4" in done.stdout


# help and completion


def test_help_lists_every_command_in_order(capsys) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    listed = re.findall(r"^  ([a-z]+) {2,}\S", out.split("Commands:\n", 1)[1], re.M)
    assert listed == COMMANDS
    for flag in ("--quiet", "--verbose", "--color", "--install-completion", "--show-completion"):
        assert flag in out


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_its_help(name: str, capsys) -> None:
    assert main([name, "--help"]) == 0
    assert capsys.readouterr().out.startswith(f"Usage: khtool {name} [OPTIONS]")


def test_unknown_command_is_a_usage_error(capsys) -> None:
    assert main(["pasre", PLAN_2025]) == 2
    assert "No such command 'pasre'" in capsys.readouterr().err


def test_shell_completion() -> None:
    script = _run("--show-completion", env={"SHELL": "/bin/bash"})
    assert script.returncode == 0
    assert b"_khtool_completion()" in script.stdout
    assert b"complete -o default -F _khtool_completion khtool" in script.stdout
    env = {"_KHTOOL_COMPLETE": "complete_bash", "COMP_WORDS": "khtool va", "COMP_CWORD": "1"}
    assert _run(env=env).stdout.split() == [b"validate"]
    env = {**env, "COMP_WORDS": "khtool validate --fa", "COMP_CWORD": "2"}
    assert _run(env=env).stdout.split() == [b"--fail-on"]
