"""Errors that are not messages: bad values in YAML plans, odd HTML charsets, broken
.docx parts, and outputs the system refuses (issue 14, class 3). Each is one line,
exit 2, nothing left behind."""

from __future__ import annotations

import errno
import io
import os
import resource
import struct
import zipfile
from pathlib import Path

import pytest

import khtool
from khtool.cli import main
from khtool.errors import OutputError
from khtool.io import load_data, write_atomic
from tests.conftest import FIXTURES, PLAN_2025
from tests.test_hardening_support import khtool as run_khtool
from tests.test_hardening_support import one_line


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2025-02-31", "invalid YAML: day is out of range for month"),
        ("0000-01-01", "invalid YAML: year 0 is out of range"),
        ("2025-01-01 25:00:00", "invalid YAML: hour must be in 0..23"),
        (
            "!!bool maybe",
            "invalid YAML (line 3, column 3): 'maybe' cannot be read as !!bool: not a !!bool value",
        ),
        ("!!float abc", "invalid YAML: could not convert string to float: 'abc'"),
        (
            "9" * 5000,
            "invalid YAML (line 3, column 3): '99999999999999999999'… (5,000 characters) "
            "cannot be read as !!int: an integer of more than 4,300 digits",
        ),
    ],
)
def test_bad_yaml_values_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, problem: str
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(f"schema_version: 2\nwarnings:\n- {value}\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err == f"khtool: {path}: {problem}\n"
    assert main(["export", str(path), "--to", str(tmp_path / "x.csv")]) == 2
    assert capsys.readouterr().err == f"khtool: {path}: {problem}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_good_timestamps_still_load() -> None:
    assert str(load_data("a: 2025-02-28")["a"]) == "2025-02-28"


@pytest.mark.parametrize(
    "charset", ["base64", "rot13", "zlib", "hex", "unicode_escape", "undefined", "nope"]
)
def test_html_charset_that_is_not_a_text_encoding_reads_as_utf8(
    tmp_path: Path, charset: str
) -> None:
    page = (FIXTURES / "plan-2025-draft.html").read_bytes()
    path = tmp_path / "page.html"
    path.write_bytes(
        page.replace(b'<meta charset="utf-8">', f'<meta charset="{charset}">'.encode())
    )
    plan = khtool.parse(path)
    assert len(plan.tasks()) == len(khtool.parse(FIXTURES / "plan-2025-draft.html").tasks()) > 0


def _docx_with(tmp_path: Path, document_xml: bytes | None = None, encrypt: str = "") -> Path:
    """The 2025 .docx, with its document part replaced and/or one entry flagged encrypted."""
    source = zipfile.ZipFile(FIXTURES / "plan-2025-draft.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml" and document_xml is not None:
                data = document_xml
            out.writestr(info.filename, data)
    raw = bytearray(buffer.getvalue())
    if encrypt:  # set bit 0 (encrypted) of the entry's general purpose flags
        name = encrypt.encode()
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            name_at = {b"PK\x03\x04": 30, b"PK\x01\x02": 46}[signature]
            start = 0
            while (start := raw.find(signature, start)) >= 0:
                if raw[start + name_at : start + name_at + len(name)] == name:
                    flags = struct.unpack_from("<H", raw, start + offset)[0]
                    struct.pack_into("<H", raw, start + offset, flags | 1)
                start += 4
    path = tmp_path / "plan.docx"
    path.write_bytes(bytes(raw))
    return path


def test_docx_with_an_encrypted_entry_is_one_line(tmp_path: Path) -> None:
    path = _docx_with(tmp_path, encrypt="word/styles.xml")
    result = run_khtool("parse", path)
    assert result.returncode == 2
    assert one_line(result) == (
        f"khtool: {path}: not a valid .docx (word/styles.xml is encrypted; "
        "save the document without a password)"
    )


def test_docx_symbol_out_of_unicode_is_dropped(tmp_path: Path) -> None:
    xml = zipfile.ZipFile(FIXTURES / "plan-2025-draft.docx").read("word/document.xml")
    syms = b"".join(
        f'<w:r><w:sym w:font="Symbol" w:char="{code}"/></w:r>'.encode()
        for code in ("FFFFFFFF", "110000", "D800", "-5", "zz", "F0B7")
    )
    xml = xml.replace(b"</w:p>", syms + b"</w:p>", 1)
    path = _docx_with(tmp_path, xml)
    plan = khtool.parse(path)
    assert len(plan.tasks()) == len(khtool.parse(FIXTURES / "plan-2025-draft.docx").tasks())


def test_file_size_limit_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    result = run_khtool(
        "parse", PLAN_2025, "-o", out, extra_limit=(resource.RLIMIT_FSIZE, (4096, 4096))
    )
    assert result.returncode == 2
    assert one_line(result) == (
        f"khtool: {out}: cannot write (file too large (file size limit, ulimit -f)); "
        "nothing written"
    )
    assert list(tmp_path.iterdir()) == []


def test_file_name_too_long_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / ("x" * 300 + ".yaml")
    result = run_khtool("parse", PLAN_2025, "-o", out)
    assert result.returncode == 2
    assert one_line(result) == f"khtool: {out}: cannot write (file name too long); nothing written"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.ENOSPC, "no space left on the device"), (errno.EROFS, "read-only file system")],
)
def test_disk_full_or_read_only_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text("old\n")

    def fail(*args: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError) as caught:
        write_atomic(target, "new\n")
    assert str(caught.value) == f"{target}: cannot write ({reason}); nothing written"
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_debug_after_the_command_shows_the_traceback_and_keeps_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    for args in (["parse", missing, "--debug"], ["--debug", "parse", missing]):
        result = run_khtool(*args)
        assert result.returncode == 2
        err = result.stderr.decode()
        assert err.startswith("Traceback") and err.endswith(f"khtool: {missing}: no such file\n")
