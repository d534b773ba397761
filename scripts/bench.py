"""make bench: speed and memory of khtool against its targets, as markdown tables.

Measures (printed, never asserted: machines are noisy):

* cold start of ``khtool --version`` (a fresh process, median of several runs) and the
  heavy libraries that command imports (there should be none: they load lazily);
* in-process parse CPU time of every ``tests/fixtures/plan-*.*`` file (median of many runs)
  against the floor of its format: the bare library reading the same file (for a PDF:
  pdfplumber's tables, pypdfium2's bare text, and the words with their positions and
  the ruling lines through pypdfium2's public API, side by side; python-docx for a
  .docx, lxml for HTML, the decoding for .txt);
* batch throughput of 200 files (copies of the fixtures, mixed formats) with
  ``--jobs 1`` and ``--jobs 2``, and the speed-up;
* peak memory of the ``--jobs 2`` batch: the proportional set size (PSS) of the whole
  process tree, sampled, and the RSS high-water mark of its largest process;
* scaling (``scripts/bench_scale.py``): diff and validate at 50, 500 and 2000 tasks with
  the fitted exponent, the YAML load of a 2000-task plan against the bare C loader, and
  the cold start of ``khtool parse`` against two bare Python processes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import bench_scale  # noqa: E402  (scripts/ is on sys.path when this script runs)

import khtool  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
PLAN_2025_TXT = "plan-2025-draft.txt"
BATCH_FILES = 200
HEAVY = ("pydantic", "yaml", "pdfplumber", "pdfminer", "docx", "lxml", "openpyxl", "rapidfuzz")

TARGET_START_S = 0.3
TARGET_PARSE_MS = 50.0
TARGET_SPEEDUP = 1.7
TARGET_MEMORY_MB = 200.0


def khtool_command() -> list[str]:
    script = Path(sys.executable).with_name("khtool")
    return [str(script)] if script.exists() else [sys.executable, "-m", "khtool.cli"]


def median_time(run: Callable[[], object], budget_s: float = 2.0) -> tuple[float, int]:
    """Median CPU seconds of run() (this process, user + sys: what other work on a shared
    machine does not add to) over as many runs as fit the budget (3 to 50)."""
    t0 = time.process_time()
    run()  # warm up imports and caches
    first = time.process_time() - t0
    runs = max(3, min(50, int(budget_s / max(first, 1e-4))))
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        run()
        times.append(time.process_time() - t0)
    return statistics.median(times), runs


def cold_start(runs: int = 15) -> float:
    cmd = [*khtool_command(), "--version"]
    subprocess.run(cmd, check=True, capture_output=True)  # warm the disk cache
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def heavy_imports_of_version() -> list[str]:
    code = (
        "import sys\nfrom khtool.cli import main\nmain(['--version'])\n"
        f"print('loaded:', *(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return out.split("loaded:", 1)[1].split()


def plain_pdfplumber(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def plain_pdfium(path: Path) -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        for page in pdf:
            page.get_textpage().get_text_range()
    finally:
        pdf.close()


def plain_pdfium_words(path: Path) -> None:
    """Words with their positions and the ruling lines through pypdfium2's public API,
    the plain way: the page's text in one call, each character's box
    (``get_charbox``), characters joined into words at whitespace, and the bounds of
    every path object (``get_objects`` filtered to paths, forms searched)."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    pdf = pypdfium2.PdfDocument(path)
    pages: list[tuple[list[list[Any]], list[tuple[float, ...]]]] = []
    try:
        for page in pdf:
            textpage = page.get_textpage()
            words: list[list[Any]] = []
            word: list[Any] | None = None
            for i, char in enumerate(textpage.get_text_range()):
                if char.isspace():
                    word = None
                    continue
                left, bottom, right, top = textpage.get_charbox(i)
                if word is None:
                    word = [char, left, bottom, right, top]
                    words.append(word)
                else:
                    word[0] += char
                    word[1:] = (
                        min(word[1], left),
                        min(word[2], bottom),
                        max(word[3], right),
                        max(word[4], top),
                    )
            paths = [obj.get_bounds() for obj in page.get_objects([pdfium_c.FPDF_PAGEOBJ_PATH])]
            pages.append((words, paths))
    finally:
        pdf.close()


def plain_docx(path: Path) -> None:
    import docx

    document = docx.Document(str(path))
    [p.text for p in document.paragraphs]
    [c.text for t in document.tables for r in t.rows for c in r.cells]


def plain_html(path: Path) -> None:
    import lxml.html

    lxml.html.fromstring(path.read_bytes()).text_content()


def plain_txt(path: Path) -> None:
    data = path.read_bytes()
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        data.decode("utf-16")


# format -> (floor label, bare reading of the file)
FLOORS: dict[str, list[tuple[str, Callable[[Path], None]]]] = {
    "pdf": [
        ("pdfplumber tables", plain_pdfplumber),
        ("pypdfium2 bare text", plain_pdfium),
        ("pypdfium2 words and ruling lines", plain_pdfium_words),
    ],
    "docx": [("python-docx", plain_docx)],
    "html": [("lxml.html", plain_html)],
    "txt": [("decode", plain_txt)],
}


def parse_table() -> tuple[list[str], dict[str, float], list[Path]]:
    """Rows of the per-fixture table, parse times by name, fixtures that parse."""
    rows = [
        "| fixture | format | runs | khtool parse (ms) | floor: bare library (ms) | parse / floor |",
        "|---|---|---:|---:|---|---|",
    ]
    times: dict[str, float] = {}
    good: list[Path] = []
    for path in sorted(FIXTURES.glob("plan-*.*")):
        fmt = path.suffix.lstrip(".")
        try:
            seconds, runs = median_time(lambda p=path: khtool.parse(p))
        except Exception as exc:  # report, keep going
            rows.append(f"| {path.name} | {fmt} | – | error: {str(exc)[:80]} | | |")
            continue
        good.append(path)
        times[path.name] = seconds * 1000
        floors, ratios = [], []
        for label, bare in FLOORS.get(fmt, []):
            try:
                plain_s, _ = median_time(lambda p=path, f=bare: f(p))  # type: ignore[misc]
            except Exception as exc:  # a library missing: say so, keep going
                floors.append(f"{label}: error {type(exc).__name__}")
                continue
            floors.append(f"{label} {plain_s * 1000:.1f}")
            ratios.append(f"{seconds / plain_s:.1f}× {label}")
        rows.append(
            f"| {path.name} | {fmt} | {runs} | {seconds * 1000:.1f} "
            f"| {'; '.join(floors)} | {'; '.join(ratios)} |"
        )
    return rows, times, good


def make_batch_folder(fixtures: list[Path], folder: Path, count: int) -> dict[str, int]:
    mix: dict[str, int] = {}
    for i in range(count):
        src = fixtures[i % len(fixtures)]
        shutil.copy(src, folder / f"{i:03d}-{src.name}")
        mix[src.suffix] = mix.get(src.suffix, 0) + 1
    return mix


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_batch(folder: Path, out: Path, jobs: int) -> tuple[float, float, float, float]:
    """Wall time of ``khtool parse folder -o out --jobs N`` (a fresh process), its CPU
    time (all its processes), and the peak PSS and peak RSS sum of its process tree in
    MB (sampled every 20 ms)."""
    import psutil

    shutil.rmtree(out, ignore_errors=True)
    cmd = [*khtool_command(), "parse", str(folder), "-o", str(out), "--jobs", str(jobs)]
    cpu0, t0 = cpu_seconds(), time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(proc.pid)
    peak_pss = peak_rss = 0.0
    while proc.poll() is None:
        pss = rss = 0
        try:
            for p in [parent, *parent.children(recursive=True)]:
                info = p.memory_full_info()
                pss, rss = pss + info.pss, rss + info.rss
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            pass
        peak_pss, peak_rss = max(peak_pss, pss / 1e6), max(peak_rss, rss / 1e6)
        time.sleep(0.02)
    seconds, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
    summary = json.loads((out / "_report.json").read_text("utf-8"))["summary"]
    if proc.returncode != 0 or summary["ok"] != summary["total"]:
        print(f"warning: --jobs {jobs} exited {proc.returncode}: {summary}", file=sys.stderr)
    return seconds, cpu, peak_pss, peak_rss


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Linux {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def verdict(ok: bool) -> str:
    return "yes" if ok else "**no**"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=BATCH_FILES, help="batch size")
    parser.add_argument("--runs", type=int, default=1, help="batch runs per --jobs value")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=list(bench_scale.SIZES), help="tasks for diff"
    )
    args = parser.parse_args()
    os.chdir(ROOT)
    load_before = os.getloadavg()[0]
    start = cold_start()
    heavy = heavy_imports_of_version()
    parse_rows, times, good = parse_table()
    serial: list[tuple[float, float, float, float]] = []
    parallel: list[tuple[float, float, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="khtool-bench-") as tmp:
        folder, out = Path(tmp, "in"), Path(tmp, "out")
        folder.mkdir()
        mix = make_batch_folder(good, folder, args.files)
        for _ in range(args.runs):
            serial.append(run_batch(folder, out, 1))
            parallel.append(run_batch(folder, out, 2))
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB → MiB
    t1, cpu1 = (statistics.median(p[i] for p in serial) for i in (0, 1))
    t2, cpu2 = (statistics.median(p[i] for p in parallel) for i in (0, 1))
    pss, rss_sum = max(p[2] for p in parallel), max(p[3] for p in parallel)
    files, runs = args.files, args.runs
    mix_text = ", ".join(f"{n} {ext}" for ext, n in sorted(mix.items()))
    parse_2025 = times.get(PLAN_2025_TXT)
    rows = [
        "| measure | result | target | met |",
        "|---|---:|---:|:-:|",
        f"| `khtool --version` cold start (median of 15) | {start:.3f} s "
        f"| < {TARGET_START_S} s | {verdict(start < TARGET_START_S)} |",
        f"| heavy libraries imported by `khtool --version` | {', '.join(heavy) or 'none'} "
        f"| none | {verdict(not heavy)} |",
    ]
    if parse_2025 is not None:
        rows.append(
            f"| parse {PLAN_2025_TXT} (in process, median) | {parse_2025:.1f} ms "
            f"| < {TARGET_PARSE_MS:.0f} ms | {verdict(parse_2025 < TARGET_PARSE_MS)} |"
        )
    rows += [
        f"| batch of {files} files ({mix_text}), `--jobs 1`, {runs} run(s) "
        f"| {t1:.1f} s ({files / t1:.1f} files/s) | | |",
        f"| same batch, `--jobs 2` | {t2:.1f} s ({files / t2:.1f} files/s) | | |",
        f"| CPU time of the batch (user + sys, all processes), `--jobs 1` / `--jobs 2` "
        f"| {cpu1:.1f} s / {cpu2:.1f} s | | |",
        f"| batch speed-up, 2 jobs vs 1 | {t1 / t2:.2f}× | ≥ {TARGET_SPEEDUP}× "
        f"| {verdict(t1 / t2 >= TARGET_SPEEDUP)} |",
        f"| peak memory of the `--jobs 2` batch (PSS of all its processes) | {pss:.0f} MB "
        f"| < {TARGET_MEMORY_MB:.0f} MB | {verdict(pss < TARGET_MEMORY_MB)} |",
        f"| (sum of RSS, shared pages counted in each process) | {rss_sum:.0f} MB | | |",
        f"| (RSS high-water mark of the largest process) | {largest:.0f} MB | | |",
    ]
    load = f"load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    print(f"khtool {khtool.__version__}, {dt.date.today().isoformat()}, {machine()}; {load}\n")
    print("\n".join(rows))
    print()
    print("\n".join(parse_rows))
    print()
    print("\n".join(bench_scale.tables(list(args.sizes))))


if __name__ == "__main__":
    main()
