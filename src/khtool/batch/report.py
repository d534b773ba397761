"""The record of a batch: one result per input, and ``OUTDIR/_report.json``."""

from __future__ import annotations

import hashlib
import json
import os
import stat
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
    reason: str | None = None  # why a file was skipped
    warnings: list[str] = field(default_factory=list)  # what a user must know of the plan

    @property
    def warning_lines(self) -> list[str]:
        """Each warning as the command line prints it."""
        return [printable(f"khtool: {self.input}: warning: {w}") for w in self.warnings]

    @property
    def line(self) -> str:
        """The one-line error message, as the command line prints it."""
        return printable(f"khtool: {self.input}: {self.error}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": shown(self.input),
            "status": self.status,
            "output": shown(self.output) if self.output else None,
            "error": self.error,
            "seconds": round(self.seconds, 4),
            "sha256": self.sha256,
            "key": self.key,
            "reason": self.reason,
            "warnings": [printable(w) for w in self.warnings],
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
    warnings: list[str] = field(default_factory=list)
    earlier: list[dict[str, Any]] = field(default_factory=list)
    """Report entries of earlier batches into the same folder, kept (see kept_entries)."""

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
        """The report file: this batch's files, then those kept from earlier batches
        (``"earlier": true``); the summary counts them all."""
        files = [f.to_dict() for f in self.files] + [
            {**entry, "earlier": True} for entry in self.earlier
        ]
        statuses = [f["status"] for f in files]
        return {
            "khtool_version": __version__,
            "format": self.fmt,
            "jobs": self.jobs,
            "cwd": shown(Path.cwd()),
            "seconds": round(self.seconds, 3),
            "interrupted": self.interrupted,
            "warnings": [printable(w) for w in self.warnings],
            "summary": {
                "total": len(files),
                "ok": statuses.count("ok"),
                "skipped": statuses.count("skipped"),
                "failed": statuses.count("failed"),
            },
            "files": files,
        }


def shown(path: Path | str) -> str:
    """A path as the report writes it: ``/``-separated, a byte that is not UTF-8 in a
    name shown as ``\\xff`` and control characters escaped (:func:`printable`), so the
    report is plain UTF-8 JSON any tool reads."""
    return printable(Path(path).as_posix())


_ENTRY_KEYS = (
    "input",
    "status",
    "output",
    "error",
    "seconds",
    "sha256",
    "key",
    "reason",
    "warnings",
)


def kept_entries(
    previous: dict[str, dict[str, Any]], inputs: Sequence[Path]
) -> list[dict[str, Any]]:
    """Entries of the previous report that this batch keeps: those of other inputs that
    still exist, with their output (when they had one) still in place.

    ``previous`` is keyed and made absolute by :func:`previous_report`; kept paths are
    written relative to the current folder when inside it, else absolute.
    """
    mine = {shown(os.path.abspath(p)) for p in inputs}
    kept: list[dict[str, Any]] = []
    for key, entry in previous.items():
        if key in mine or not isinstance(entry.get("status"), str):
            continue
        output = entry.get("output")
        if not _exists(key) or (output and not _exists(output)):
            continue
        out = {k: entry.get(k) for k in _ENTRY_KEYS}
        out["input"] = _relative(key)
        out["output"] = _relative(output) if output else None
        kept.append(out)
    return kept


def _exists(shown_path: str) -> bool:
    """Whether a path as the report shows it still names a file; a name with an
    escape (a backslash) cannot be checked and counts as present."""
    return "\\" in shown_path or os.path.isfile(shown_path)


def _relative(path: str) -> str:
    here = shown(Path.cwd())
    return path[len(here) + 1 :] if path.startswith(here + "/") else path


def cache_key(sha256: str, fmt: str, options: Sequence[tuple[str, Any]] = ()) -> str:
    """The re-run key: the input's sha256, the khtool version, the format and options."""
    parts = [sha256, __version__, fmt, json.dumps(sorted(options), ensure_ascii=False)]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


MAX_REPORT_BYTES = 64 * 1024 * 1024
"""A previous report larger than this is not read (100,000 entries take about 40 MB)."""


def previous_entries(out_dir: Path) -> dict[str, dict[str, Any]]:
    """Entries of the last run's report, keyed by absolute input path; {} when none."""
    return previous_report(out_dir)[0]


def previous_report(out_dir: Path) -> tuple[dict[str, dict[str, Any]], str | None]:
    """(entries of the last run's report keyed by absolute input path, a warning).

    Outputs are made absolute too, so a run from another folder still recognises them.
    A report that cannot be used (not a regular file, too large, not JSON, nested too
    deep, not a khtool report) counts as none: every file is converted, and the
    warning says why.
    """
    path = out_dir / REPORT_NAME
    try:
        text = _read_report(path)
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        return {}, _unusable(exc.strerror or type(exc).__name__)
    except ValueError as exc:
        return {}, _unusable(str(exc))
    try:
        data = json.loads(text)
        cwd = Path(data.get("cwd") or ".")
        entries = {
            shown(os.path.abspath(cwd / entry["input"])): {
                **entry,
                "output": shown(os.path.abspath(cwd / entry["output"]))
                if entry["output"]
                else None,
            }
            for entry in data["files"]
            if isinstance(entry, dict) and entry.get("input")
        }
    except RecursionError:
        return {}, _unusable("nested too deeply")
    except ValueError as exc:
        return {}, _unusable(f"not JSON ({_first_line(exc)})")
    except (KeyError, TypeError, AttributeError):
        return {}, _unusable("not a khtool batch report")
    return entries, None


def _read_report(path: Path) -> str:
    """The report's text; ValueError when it must not be read."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        if info.st_size > MAX_REPORT_BYTES:
            raise ValueError(f"larger than {MAX_REPORT_BYTES // (1024 * 1024)} MB")
        data = fh.read(MAX_REPORT_BYTES + 1)
    if len(data) > MAX_REPORT_BYTES:
        raise ValueError(f"larger than {MAX_REPORT_BYTES // (1024 * 1024)} MB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _unusable(why: str) -> str:
    return f"warning: previous report not used ({why}); converting every file"
