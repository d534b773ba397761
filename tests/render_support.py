"""Helpers shared by the render and draft tests (no tests here): render a plan, read it
back, list the differences."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import khtool
from khtool.model import Plan
from khtool.writing import render_bytes
from khtool.writing.render import Comments

# Never compared: where the plan was read from, the parser's warnings, and each task's
# `source` (page/line/table/section of the document it was read from: a rendered file
# has other lines, one table, and no page numbers in Word).
IGNORED = ("source", "warnings")


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Dotted paths where two plan dicts differ (``goals[0].id``), IGNORED keys skipped."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for key in [*a, *(k for k in b if k not in a)]:
            if key in IGNORED:
                continue
            out += differences(a.get(key), b.get(key), f"{path}.{key}" if path else key)
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [path]
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in differences(x, y, f"{path}[{i}]")
        ]
    return [] if a == b else [path]


def round_trip(
    plan: Plan,
    tmp: Path,
    *,
    comments: Comments | None = None,
    issue_year: int | None = None,
    name: str = "plan.docx",
) -> Plan:
    out = tmp / name
    out.write_bytes(render_bytes(plan, comments=comments, issue_year=issue_year))
    return khtool.parse(out)


SOFFICE = shutil.which("soffice")


def to_pdf(docx: Path, timeout: int = 300) -> Path:
    """``docx`` converted to PDF beside it by LibreOffice (a private profile: no lock
    shared with other runs)."""
    profile = docx.parent / "lo-profile"
    result = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx.parent),
            str(docx),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    pdf = docx.with_suffix(".pdf")
    assert result.returncode == 0 and pdf.exists(), result.stderr
    return pdf
