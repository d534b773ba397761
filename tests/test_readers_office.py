"""Old Word (.doc) and OpenDocument (.odt): through LibreOffice, or one clear error."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import khtool
from khtool.errors import UnsupportedFormatError
from khtool.reading import sniff_format
from khtool.reading.docx import office
from tests.conftest import FIXTURES
from tests.test_golden import _flatten

SOFFICE = office.find_soffice()


@pytest.mark.parametrize(
    ("name", "head", "fmt"),
    [
        ("plan.doc", office.OLE_MAGIC, "doc"),
        ("plan.docx", office.OLE_MAGIC, "doc"),  # an old Word file named .docx
        ("plan.doc", b"PK\x03\x04", "docx"),  # a .docx named .doc
        ("plan.odt", b"PK\x03\x04", "odt"),
    ],
)
def test_formats_are_told_by_content_then_name(name: str, head: bytes, fmt: str) -> None:
    assert sniff_format(Path(name), head) == fmt


@pytest.mark.parametrize("suffix", [".doc", ".odt"])
def test_without_libreoffice_one_error_says_how_to_convert(
    suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    path = tmp_path / f"plan{suffix}"
    head = office.OLE_MAGIC if suffix == ".doc" else b"PK\x03\x04"
    path.write_bytes(head + b" not really a document")
    with pytest.raises(UnsupportedFormatError) as info:
        khtool.parse(path)
    assert info.value.message == (
        f"{suffix} files are read through LibreOffice, which is not installed; install it "
        "or save the file as .docx (e.g. libreoffice --headless --convert-to docx FILE)"
    )


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("suffix", ["doc", "odt"])
def test_converted_through_libreoffice_gives_the_same_plan(suffix: str, tmp_path: Path) -> None:
    source = FIXTURES / "plan-2020-96-KH-UBND.docx"
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", suffix,
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    converted = tmp_path / f"plan-2020-96-KH-UBND.{suffix}"
    plan = khtool.parse(converted)
    assert plan.source.format == suffix
    want = _flatten(khtool.parse(source).to_dict())  # the .docx it was converted from
    got = _flatten(plan.to_dict())
    ignore = ("source.", ".source.line", ".source.page")
    diffs = [
        k
        for k in set(want) | set(got)
        if not k.startswith(ignore[0]) and not k.endswith(ignore[1:]) and want.get(k) != got.get(k)
    ]
    assert diffs == []
