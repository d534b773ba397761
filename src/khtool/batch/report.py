"""The record of a batch: one result per input, and ``OUTDIR/_report.json``."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from khtool import __version__
from khtool.errors import printable

if TYPE_CHECKING:
    from khtool.model import Plan

REPORT_NAME = "_report.json"

Status = Literal["ok", "skipped", "failed"]


@dataclass
class FileResult:
    """What happened to one input of a batch."""

    input: Path
    status: Status
    output: Path | None = None
    error: str | None = None
    seconds: float = 0.0
    sha256: str | None = None
    key: str | None = None
    plan: Plan | None = field(default=None, repr=False, compare=False)

    @property
    def line(self) -> str:
        """The one-line error message, as the command line prints it."""
        return printable(f"khtool: {self.input}: {self.error}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input.as_posix(),
            "status": self.status,
            "output": self.output.as_posix() if self.output else None,
            "error": self.error,
            "seconds": round(self.seconds, 4),
            "sha256": self.sha256,
            "key": self.key,
        }


@dataclass
class BatchReport:
    """The outcome of :func:`parse_many`: one :class:`FileResult` per input, in input order."""

    files: list[FileResult]
    out_dir: Path | None
    fmt: str
    jobs: int
    seconds: float
    interrupted: bool = False

    def _with(self, status: Status) -> list[FileResult]:
        return [f for f in self.files if f.status == status]

    @property
    def ok(self) -> list[FileResult]:
        return self._with("ok")

    @property
    def skipped(self) -> list[FileResult]:
        return self._with("skipped")

    @property
    def failed(self) -> list[FileResult]:
        return self._with("failed")

    @property
    def exit_code(self) -> int:
        """0 when every file was converted or skipped, 1 when any failed."""
        return 1 if self.failed else 0

    @property
    def report_path(self) -> Path | None:
        return self.out_dir / REPORT_NAME if self.out_dir else None

    def plans(self) -> list[Plan]:
        """The parsed plans (kept in memory only when no output folder is given)."""
        return [f.plan for f in self.files if f.plan is not None]

    def summary(self) -> str:
        text = (
            f"{len(self.files)} file(s): {len(self.ok)} converted, {len(self.skipped)} "
            f"skipped, {len(self.failed)} failed in {self.seconds:.1f} s"
        )
        if self.report_path:
            text += f" (report: {self.report_path.as_posix()})"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "khtool_version": __version__,
            "format": self.fmt,
            "jobs": self.jobs,
            "cwd": Path.cwd().as_posix(),
            "seconds": round(self.seconds, 3),
            "interrupted": self.interrupted,
            "summary": {
                "total": len(self.files),
                "ok": len(self.ok),
                "skipped": len(self.skipped),
                "failed": len(self.failed),
            },
            "files": [f.to_dict() for f in self.files],
        }


def cache_key(sha256: str, fmt: str, options: Sequence[tuple[str, Any]] = ()) -> str:
    """The re-run key: the input's sha256, the khtool version, the format and options."""
    parts = [sha256, __version__, fmt, json.dumps(sorted(options), ensure_ascii=False)]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def previous_entries(out_dir: Path) -> dict[str, dict[str, Any]]:
    """Entries of the last run's report, keyed by absolute input path (outputs made
    absolute too, so a run from another folder still recognises them)."""
    try:
        data = json.loads((out_dir / REPORT_NAME).read_text("utf-8"))
        cwd = Path(data.get("cwd") or ".")
        return {
            os.path.abspath(cwd / entry["input"]): {
                **entry,
                "output": os.path.abspath(cwd / entry["output"]) if entry["output"] else None,
            }
            for entry in data["files"]
            if isinstance(entry, dict) and entry.get("input")
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}  # no usable report: convert everything
