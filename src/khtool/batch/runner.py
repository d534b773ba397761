"""Batch conversion: many documents → one YAML/JSON file each, in parallel processes.

:func:`parse_many` is the library function behind ``khtool parse DIR|GLOB... -o OUTDIR``.
Guarantees:

* one failing file never stops the batch: its error is collected in the report;
* outputs are written atomically (temporary file + rename) and no temporary file is
  left behind, not even after a crashed worker or a KeyboardInterrupt;
* with an output folder, ``OUTDIR/_report.json`` lists every input with its status,
  output, error and time, and an input whose content hash (sha256 of its bytes, the
  khtool version, the output format and the parse options) matches the previous run's
  report is skipped unless ``force=True``;
* one batch at a time writes into an output folder (:mod:`khtool.batch.lock`): a
  second one waits, and the report keeps the entries of earlier batches into the
  folder whose input still exists (their output names are never given again), so
  two batches into one folder leave one report that lists both.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from khtool.batch.inputs import expand_inputs, hidden_reason, output_names, sweep_temp_files
from khtool.batch.lock import folder_lock
from khtool.batch.report import (
    REPORT_NAME,
    BatchReport,
    FileResult,
    cache_key,
    kept_entries,
    previous_report,
    shown,
)
from khtool.batch.workers import worker_init
from khtool.errors import KhtoolError, UsageError
from khtool.limits import Limits

__all__ = ["REPORT_NAME", "BatchReport", "FileResult", "default_jobs", "parse_many"]

FORMATS = ("yaml", "json")

ProgressCallback = Callable[[FileResult, int, int], None]
"""Called after each file as ``progress(result, done, total)``."""

CRASHED = "the worker process stopped while reading this file (crash or out of memory)"
INTERRUPTED = "not converted: the batch was interrupted"


@dataclass(frozen=True)
class _Job:
    index: int
    path: Path
    output: Path | None
    fmt: str
    limits: Limits
    options: tuple[tuple[str, Any], ...]
    keep_plan: bool


def _one_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return lines[0] if lines else ""


def _convert(job: _Job) -> FileResult:
    """Parse one file and write its output (runs in a worker process)."""
    t0 = time.perf_counter()
    try:
        from khtool.io import dump, write_atomic
        from khtool.parsing.documents import is_several
        from khtool.parsing.pipeline import parse

        plan = parse(job.path, limits=job.limits, **dict(job.options))
        if job.output is not None:
            from khtool.output import check_output

            check_output(job.output, [job.path])
            write_atomic(job.output, dump(plan.to_dict(), job.fmt))
        sha = plan.source.sha256
        return FileResult(
            input=job.path,
            status="ok",
            output=job.output,
            seconds=time.perf_counter() - t0,
            sha256=sha,
            key=cache_key(sha, job.fmt, job.options),
            plan=plan if job.keep_plan else None,
            warnings=[w for w in plan.warnings if is_several(w)],
        )
    except KhtoolError as exc:
        error = _one_line(exc.message)
    except Exception as exc:  # a bug in one reader must not stop the batch
        error = f"internal error: {type(exc).__name__}: {_one_line(str(exc))}"
    return FileResult(job.path, "failed", error=error, seconds=time.perf_counter() - t0)


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _file_sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # a FIFO would never end
            os.close(fd)
            return None
        with os.fdopen(fd, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _skip(job: _Job, previous: dict[str, dict[str, Any]]) -> FileResult | None:
    """A 'skipped' result when the last run converted exactly this content."""
    entry = previous.get(shown(os.path.abspath(job.path)))
    if not entry or entry.get("status") not in ("ok", "skipped") or job.output is None:
        return None
    if entry["output"] != shown(os.path.abspath(job.output)) or not job.output.is_file():
        return None
    sha = _file_sha256(job.path)
    if sha is None or entry.get("key") != cache_key(sha, job.fmt, job.options):
        return None
    kept = entry.get("warnings")
    warnings = [w for w in kept if isinstance(w, str)] if isinstance(kept, list) else []
    return FileResult(
        job.path, "skipped", output=job.output, sha256=sha, key=entry["key"], warnings=warnings
    )


def _run_pool(
    jobs: list[_Job],
    workers: int,
    record: Callable[[FileResult], None],
    store: Callable[[FileResult], None],
) -> list[_Job]:
    """Convert jobs in a process pool; return the jobs lost to a broken pool.

    ``record`` takes each result as it comes (and reports progress); ``store`` takes
    the results that finish after an interruption.
    """
    lost: list[_Job] = []
    _preload(jobs)
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=worker_init, initargs=(os.getpid(),)
    )
    futures: dict[Future[FileResult], _Job] = {}
    seen: set[Future[FileResult]] = set()
    try:
        # largest files first, so that no long PDF is left alone at the end
        futures = {pool.submit(_convert, j): j for j in sorted(jobs, key=_size, reverse=True)}
        for future in as_completed(futures):
            seen.add(future)
            try:
                record(future.result())
            except BrokenProcessPool:
                lost.append(futures[future])
    finally:
        # on Ctrl-C: pending files are cancelled, running ones finish (workers ignore
        # SIGINT) and are stored, so the report lists every output that was written
        pool.shutdown(wait=True, cancel_futures=True)
        for future in futures.keys() - seen:
            if future.done() and not future.cancelled() and future.exception() is None:
                store(future.result())
    return lost


def _size(job: _Job) -> int:
    try:
        return job.path.stat().st_size
    except OSError:
        return 0


def _preload(jobs: list[_Job]) -> None:
    """Import the parser and the readers the batch needs before the workers fork,
    so they are imported once instead of once per worker."""
    import importlib
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        return
    from khtool.reading import EXTENSIONS, READERS

    modules = {"khtool.parsing.pipeline"}
    modules |= {READERS[f] for f in {EXTENSIONS.get(j.path.suffix.lower()) for j in jobs} if f}
    for module in sorted(modules):
        # a reader that cannot load fails per file, in the worker
        with contextlib.suppress(ImportError):
            importlib.import_module(module)


def _run_isolated(job: _Job) -> FileResult:
    """Retry one job in a pool of its own, so a crash names the file that caused it."""
    with ProcessPoolExecutor(
        max_workers=1, initializer=worker_init, initargs=(os.getpid(),)
    ) as pool:
        try:
            return pool.submit(_convert, job).result()
        except BrokenProcessPool:
            return FileResult(job.path, "failed", error=CRASHED)


def parse_many(
    paths: str | Path | Iterable[str | Path],
    *,
    jobs: int | None = None,
    out_dir: str | Path | None = None,
    fmt: str = "yaml",
    force: bool = False,
    limits: Limits | None = None,
    progress: ProgressCallback | None = None,
    require: Iterable[str] = (),
) -> BatchReport:
    """Parse many documents (files, folders, glob patterns) in parallel processes.

    With ``out_dir``, each plan is written to ``out_dir/<input stem>.<fmt>`` and the
    batch report to ``out_dir/_report.json``; without it the plans are returned in
    memory (``report.plans()``). ``jobs`` defaults to the number of cores. Failures
    are collected in the report (``report.failed``), never raised; bad arguments
    raise :class:`~khtool.errors.UsageError`.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown output format {fmt!r}; use yaml or json")
    if jobs is not None and jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    inputs = expand_inputs([paths] if isinstance(paths, str | Path) else paths)
    if not inputs:
        raise UsageError("no input files found (khtool reads .txt .docx .pdf .html)")
    folder = Path(out_dir) if out_dir is not None else None
    with contextlib.ExitStack() as stack:
        if folder is not None:
            if folder.exists() and not folder.is_dir():
                raise UsageError(f"{folder}: -o must be a folder when converting several files")
            folder.mkdir(parents=True, exist_ok=True)
            stack.enter_context(folder_lock(folder))  # one batch at a time in a folder
        return _parse_locked(inputs, folder, jobs, fmt, force, limits, progress, require)
    raise AssertionError("unreachable")  # pragma: no cover - for mypy


def _parse_locked(
    inputs: list[Path],
    folder: Path | None,
    jobs: int | None,
    fmt: str,
    force: bool,
    limits: Limits | None,
    progress: ProgressCallback | None,
    require: Iterable[str],
) -> BatchReport:
    """parse_many once the output folder (if any) is locked."""
    names: list[str] = []
    previous: dict[str, dict[str, Any]] = {}
    earlier: list[dict[str, Any]] = []
    warnings: list[str] = []
    if folder is not None:
        from khtool.output import check_output

        check_output(folder / REPORT_NAME, inputs)  # refused before any work, not after
        previous, warning = previous_report(folder)
        if warning:
            warnings.append(f"{(folder / REPORT_NAME).as_posix()}: {warning}")
        earlier = kept_entries(previous, inputs)
        taken = {Path(e["output"]).name for e in earlier if e.get("output")}
        names = output_names(inputs, fmt, _reserved(folder, inputs) | taken)
        if force:
            previous = {}
    options: tuple[tuple[str, Any], ...] = (("require", tuple(sorted(set(require)))),)
    all_jobs = [
        _Job(
            i,
            p,
            folder / names[i] if folder else None,
            fmt,
            limits or Limits(),
            options,
            not folder,
        )
        for i, p in enumerate(inputs)
    ]
    workers = max(1, jobs or default_jobs())
    results: dict[int, FileResult] = {}
    by_path = {job.path: job.index for job in all_jobs}

    def store(result: FileResult) -> None:
        results[by_path[result.input]] = result

    def record(result: FileResult) -> None:
        store(result)
        if progress is not None:
            progress(result, len(results), len(all_jobs))

    t0 = time.perf_counter()
    interrupted = False
    try:
        todo = []
        for job in all_jobs:
            reason = hidden_reason(job.path.name)
            if reason:
                record(FileResult(job.path, "skipped", reason=reason))
                continue
            skipped = _skip(job, previous) if previous else None
            if skipped:
                record(skipped)
            else:
                todo.append(job)
        workers = min(workers, max(1, len(todo)))
        if workers == 1:
            for job in todo:
                record(_convert(job))
        else:
            for job in _run_pool(todo, workers, record, store):
                record(_run_isolated(job))
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        report = BatchReport(
            files=[
                results.get(job.index) or FileResult(job.path, "failed", error=INTERRUPTED)
                for job in all_jobs
            ],
            out_dir=folder,
            fmt=fmt,
            jobs=workers,
            seconds=time.perf_counter() - t0,
            interrupted=interrupted,
            warnings=warnings,
            earlier=earlier,
        )
        if folder is not None:
            _finish(folder, names, report)
    return report


def _reserved(folder: Path, inputs: list[Path]) -> set[str]:
    """Names no output may take: the report, and every input inside the output folder."""
    here = os.path.realpath(folder)
    return {REPORT_NAME} | {p.name for p in inputs if os.path.realpath(p.parent) == here}


def _finish(folder: Path, names: list[str], report: BatchReport) -> None:
    """Remove stray temporary files and write the batch report atomically."""
    from khtool.io import write_atomic
    from khtool.output import check_output

    try:
        sweep_temp_files(folder, [*names, REPORT_NAME])
    finally:
        text = json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
        check_output(folder / REPORT_NAME, [f.input for f in report.files])
        write_atomic(folder / REPORT_NAME, text)
