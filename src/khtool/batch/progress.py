"""Progress of a batch on stderr: a rich bar on a terminal, plain lines in a pipe or CI."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from khtool.errors import printable

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

    from khtool.batch.runner import BatchReport, FileResult


def _label(result: FileResult) -> str:
    name = printable(str(result.input))
    if result.status == "failed":
        return f"failed   {name}"
    where = f" -> {printable(str(result.output))}" if result.output else ""
    if result.status == "skipped":
        return f"skipped  {name} ({printable(result.reason or 'unchanged')}){where}"
    return f"ok       {name}{where} ({result.seconds:.2f} s)"


class BatchProgress(AbstractContextManager["BatchProgress"]):
    """A ``progress(result, done, total)`` callback for :func:`khtool.batch.runner.parse_many`.

    On a terminal it draws a bar (files done, elapsed time, current file); otherwise it
    prints one plain line per file, so CI logs stay readable.
    """

    def __init__(self, total: int, console: Console | None = None) -> None:
        from rich.console import Console

        self.console = console or Console(stderr=True, highlight=False, soft_wrap=True)
        self.total = total
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    @property
    def is_terminal(self) -> bool:
        return self.console.is_terminal

    def __enter__(self) -> BatchProgress:
        if self.is_terminal:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._bar = Progress(
                TextColumn("parsing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.fields[current]}", markup=False),
                console=self.console,
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("parse", total=self.total, current="")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def __call__(self, result: FileResult, done: int, total: int) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(
                self._task, completed=done, total=total, current=printable(result.input.name)
            )
        else:
            self.console.out(f"[{done}/{total}] {_label(result)}", highlight=False)

    def interrupted(self, out_dir: Path) -> None:
        """After Ctrl-C: say where the record of what was done is."""
        if self._bar is not None:
            self._bar.stop()
        report = printable((out_dir / "_report.json").as_posix())
        self.console.out(
            f"khtool: interrupted; the files converted so far are listed in {report} "
            "and skipped by the next run",
            highlight=False,
        )

    def finish(self, report: BatchReport) -> None:
        """Print each warning (of the batch, and of a file that held several documents)
        and each failure as one ``khtool: FILE: message`` line, then a summary."""
        for warning in report.warnings:
            self.console.out(printable(f"khtool: {warning}"), highlight=False)
        for result in report.ok:
            for line in result.warning_lines:
                self.console.out(line, highlight=False)
        for result in report.failed:
            self.console.out(result.line, highlight=False)
        self.console.out(printable(report.summary()), highlight=False)
