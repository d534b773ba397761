"""Render validation reports: text (rich, for people), concise (one
``path:line: CODE severity: message`` line per finding, for editors and grep), json
(for scripts), github (workflow-command annotations for CI).

JSON keys (stable, ``version`` 1)::

    {"version": 1, "fail_on": "error", "exit_code": 0,
     "summary": {"files", "error", "warning", "info", "unreadable"},
     "files": [{"path", "source", "plan_year", "partial",
                "counts": {"error", "warning", "info"},
                "findings": [{"code", "severity", "title", "message", "location",
                              "line", "source": {"line", "page"}}]}],
     "unreadable": [{"path", "message"}]}
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from khtool.errors import KhtoolError, printable
from khtool.validating.rules import Finding, Severity
from khtool.validating.validation import Report

if TYPE_CHECKING:
    from rich.console import Console

JSON_VERSION = 1
_STYLE = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}
_GITHUB_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}


def exit_code(reports: list[Report], unreadable: list[KhtoolError], fail_on: str) -> int:
    """2 when an input could not be read, 1 when a finding reaches ``fail_on``, else 0."""
    if unreadable:
        return 2
    return 1 if any(r.fails(fail_on) for r in reports) else 0


def summary(reports: list[Report], unreadable: list[KhtoolError]) -> dict[str, int]:
    out = {"files": len(reports), "error": 0, "warning": 0, "info": 0}
    for r in reports:
        for key, n in r.counts().items():
            out[key] += n
    out["unreadable"] = len(unreadable)
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 or word == "info" else "s")


def summary_line(reports: list[Report], unreadable: list[KhtoolError]) -> str:
    s = summary(reports, unreadable)
    line = (
        f"{_plural(s['files'], 'file')} checked: {_plural(s['error'], 'error')}, "
        f"{_plural(s['warning'], 'warning')}, {s['info']} info"
    )
    if unreadable:
        line += f"; {_plural(len(unreadable), 'file')} could not be read"
    return line + "."


def _where(report: Report, f: Finding) -> str:
    name = report.path or report.source or "<plan>"
    return f"{name}:{f.line}" if f.line else name


def render_text(
    reports: list[Report], unreadable: list[KhtoolError], console: Console | None = None
) -> None:
    """Findings grouped by file (clean files stay quiet), then one summary line."""
    from rich.text import Text

    from khtool.console import rich_console

    console = console or rich_console(stderr=False)
    for report in reports:
        if not report.findings:
            continue
        name = printable(report.path or report.source or "<plan>")
        console.print(Text(name, style="bold underline"))
        for f in report.findings:
            line = Text("  ")
            line.append(f"{f.line or '-':>5}  ", style="dim")
            line.append(f"{f.severity.value:<7} ", style=_STYLE[f.severity])
            line.append(f"{f.code}  ", style="bold")
            line.append(printable(f.message))
            extra = f"  [{f.location}]" if f.location else ""
            if f.source_line and report.path and f.source_line != f.line:
                extra += f" (source line {f.source_line})"
            if f.source_page:
                extra += f" (page {f.source_page})"
            line.append(extra, style="dim")
            console.print(line)
    style = "bold red" if any(r.counts()["error"] for r in reports) or unreadable else "bold"
    console.print(Text(summary_line(reports, unreadable), style=style))


def concise_line(report: Report, f: Finding) -> str:
    """``path:line: CODE severity: message [location]`` (no ``:line`` when the finding
    has no line), on one terminal-safe line."""
    text = f"{_where(report, f)}: {f.code} {f.severity.value}: {f.message}"
    if f.location:
        text += f" [{f.location}]"
    if f.source_page:
        text += f" (page {f.source_page})"
    return printable(text)


def render_concise(reports: list[Report], unreadable: list[KhtoolError]) -> str:
    """One line per finding, then the summary line."""
    lines = [concise_line(r, f) for r in reports for f in r.findings]
    return "".join(line + "\n" for line in [*lines, summary_line(reports, unreadable)])


def render_json(reports: list[Report], unreadable: list[KhtoolError], fail_on: str) -> str:
    data: dict[str, Any] = {
        "version": JSON_VERSION,
        "fail_on": fail_on,
        "exit_code": exit_code(reports, unreadable, fail_on),
        "summary": summary(reports, unreadable),
        "files": [r.to_dict() for r in reports],
        "unreadable": [{"path": e.path, "message": e.message} for e in unreadable],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def escape_data(text: str) -> str:
    """Escape a workflow command's message (GitHub Actions toolkit rules), and any
    other control character (a terminal escape in a file name) as ``\\x1b``."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """Escape a workflow command's property value: also ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(level: str, message: str, **props: str | int | None) -> str:
    """``::error file=F,line=L,title=T::message`` with every part escaped."""
    fields = ",".join(
        f"{key}={escape_property(str(value))}" for key, value in props.items() if value is not None
    )
    return (
        f"::{level} {fields}::{escape_data(message)}"
        if fields
        else f"::{level}::{escape_data(message)}"
    )


def render_github(reports: list[Report], unreadable: list[KhtoolError]) -> str:
    """One annotation per finding and per unreadable file."""
    lines = [
        github_command("error", e.message, file=e.path, title="unreadable") for e in unreadable
    ]
    for report in reports:
        for f in report.findings:
            lines.append(
                github_command(
                    _GITHUB_LEVEL[f.severity],
                    f"{f.message} [{f.location}]" if f.location else f.message,
                    file=report.path or report.source,
                    line=f.line,
                    title=f.code,
                )
            )
    return "".join(line + "\n" for line in lines)
