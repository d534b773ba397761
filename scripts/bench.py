"""make bench: in-process parse time of each fixture (median of many runs).

Timings are printed, never asserted: machines are noisy.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import khtool  # noqa: E402
from khtool.errors import KhtoolError  # noqa: E402

RUNS = 30


def median_ms(path: Path, runs: int = RUNS) -> float:
    khtool.parse(path)  # warm up imports and caches
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        khtool.parse(path)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    os.chdir(ROOT)
    print("| fixture | format | median parse time (ms) |")
    print("|---|---|---:|")
    for path in sorted((ROOT / "tests" / "fixtures").glob("plan-*.*")):
        try:
            ms = median_ms(path.relative_to(ROOT))
        except KhtoolError as exc:
            print(f"| {path.name} | {path.suffix[1:]} | error: {exc} |")
            continue
        print(f"| {path.name} | {path.suffix[1:]} | {ms:.1f} |")


if __name__ == "__main__":
    main()
