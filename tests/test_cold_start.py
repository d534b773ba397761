"""Cold start: a command imports only what it needs (checked in a fresh child process,
by the modules loaded; no clock is read)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from khtool.cli import COMMANDS
from tests.conftest import PLAN_2025, ROOT
from tests.test_hardening_support import TIMEOUT, _cap_memory

# libraries that only some commands or formats need
HEAVY = (
    "rich",
    "jinja2",
    "docx",
    "lxml",
    "pdfplumber",
    "pdfminer",
    "pypdfium2",
    "openpyxl",
    "scipy",
    "numpy",
    "rapidfuzz",
    "jsonschema",
    "cv2",
    "tesserocr",
)
# khtool packages of other commands
OTHERS = (
    "khtool.diffing",
    "khtool.validating",
    "khtool.reporting",
    "khtool.writing",
    "khtool.export",
    "khtool.batch.runner",
)


def _loaded_after(args: list[str]) -> tuple[int, set[str]]:
    """Exit code of ``khtool ARGS`` in a fresh interpreter, and the modules it loaded."""
    code = (
        "import json, sys\n"
        "from khtool.cli import main\n"
        f"rc = main({args!r})\n"
        "sys.stdout.flush()\n"
        "sys.__stderr__.write('\\nMODULES ' + json.dumps(sorted(sys.modules)) + '\\n')\n"
        "sys.exit(rc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=TIMEOUT,
        preexec_fn=_cap_memory,
        check=False,
    )
    marker = done.stderr.rsplit("\nMODULES ", 1)
    assert len(marker) == 2, done.stderr
    return done.returncode, set(json.loads(marker[1]))


def _tops(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_parse_txt_loads_no_other_command_nor_heavy_library(tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    rc, modules = _loaded_after(["parse", PLAN_2025, "-o", str(out)])
    assert rc == 0 and out.exists()
    assert "khtool.commands.parse" in modules and "khtool.parsing.pipeline" in modules
    others = {f"khtool.commands.{name}" for name in COMMANDS if name != "parse"}
    assert not others & modules
    assert not _tops(modules) & set(HEAVY)
    assert not {m for m in modules if m.startswith(OTHERS)}


def test_a_failing_parse_loads_no_rich(tmp_path: Path) -> None:
    rc, modules = _loaded_after(["parse", "no/such/plan.txt"])
    assert rc == 2
    assert "rich" not in _tops(modules)


def test_version_loads_no_command_and_no_pydantic() -> None:
    rc, modules = _loaded_after(["--version"])
    assert rc == 0
    assert not {m for m in modules if m.startswith("khtool.commands")}
    assert not _tops(modules) & {"pydantic", "yaml", "rich", *HEAVY}


@pytest.mark.parametrize("name", COMMANDS)
def test_a_command_help_loads_only_its_own_module(name: str) -> None:
    rc, modules = _loaded_after([name, "--help"])
    assert rc == 0
    loaded = {
        m.removeprefix("khtool.commands.") for m in modules if m.startswith("khtool.commands.")
    }
    assert loaded - {"options"} == {name}
    assert not _tops(modules) & set(HEAVY)


def test_the_main_help_lists_commands_without_their_libraries() -> None:
    rc, modules = _loaded_after(["--help"])
    assert rc == 0
    assert not _tops(modules) & set(HEAVY)
    assert not {m for m in modules if m.startswith(OTHERS)}
