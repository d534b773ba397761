"""Terminal safety: control characters in file names and messages are escaped in every
error line, and a name that is not UTF-8 is shown, not a crash (issue 14, class 2)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import yaml

from khtool.errors import InputError, printable
from tests.conftest import FIXTURES
from tests.test_hardening_support import khtool, one_line

HOSTILE = "a\x1b]0;owned\x07\nb\r\x9b2J\u202e.txt"  # OSC title, newline, CR, CSI, RLO
SHOWN = "a\\x1b]0;owned\\x07\\nb\\r\\x9b2J\\u202e.txt"


def test_printable_escapes_controls_and_keeps_text() -> None:
    assert printable(HOSTILE) == SHOWN
    assert printable("Sở Công Thương C:\\plans") == "Sở Công Thương C:\\plans"
    assert printable(os.fsdecode(b"b\xff.txt")) == "b\\xff.txt"
    assert str(InputError("bad\x1b[31m\nthing", "x\ty")) == "x\\ty: bad\\x1b[31m\\nthing"


def test_missing_file_with_escapes_in_its_name(tmp_path: Path) -> None:
    result = khtool("parse", tmp_path / HOSTILE)
    assert result.returncode == 2
    assert one_line(result) == f"khtool: {tmp_path}/{SHOWN}: no such file"
    assert b"\x1b" not in result.stderr


def test_validate_and_batch_lines_are_escaped(tmp_path: Path) -> None:
    bad = tmp_path / ("p\x1b[2J\n" + ".yaml")
    bad.write_text("a: [\n")
    result = khtool("validate", bad)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "\x1b" not in err and err.count("\n") == 1 + err.count("checked")
    assert err.startswith(f"khtool: {tmp_path}/p\\x1b[2J\\n.yaml: invalid YAML")
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(FIXTURES / "plan-2025-draft.txt", src / "ok\x1b[31m.txt")
    (src / "bad\x07.txt").write_text("không phải kế hoạch\n")
    result = khtool("parse", src, "-o", tmp_path / "out", "--jobs", "1")
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert b"\x1b" not in result.stderr and b"\x07" not in result.stderr
    assert f"khtool: {src}/bad\\x07.txt: not a plan" in "\n".join(lines)
    assert any(line.startswith(f"[2/2] ok       {src}/ok\\x1b[31m.txt -> ") for line in lines)


def test_a_name_that_is_not_utf8_is_converted_and_shown(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/k\xe9 ho\xe1ch.txt"  # Latin-1 bytes
    shutil.copy(FIXTURES / "plan-2025-draft.txt", name)
    result = khtool("parse", name)
    assert result.returncode == 0
    plan = yaml.safe_load(result.stdout)
    assert plan["source"]["path"] == f"{tmp_path}/k\\udce9 ho\\udce1ch.txt"
    out = tmp_path / "out"
    result = khtool("parse", os.fsencode(tmp_path), "-o", out, "--format", "json")
    assert result.returncode == 0
    report = json.loads((out / "_report.json").read_text("utf-8"))
    assert [f["status"] for f in report["files"]] == ["ok"]
    assert b"k\\xe9 ho\\xe1ch.txt" in result.stderr
