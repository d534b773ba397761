"""make fuzz: the long fuzz run — N examples per target, with a per-example timeout.

Targets (tests/fuzz_targets.py): every reader (txt, docx, html, pdf) through the whole
pipeline and the YAML round trip; validate, diff and export on mutated plan YAML; and a
batch over a folder of hostile file names. Besides byte, line and cell mutations the
inputs carry the classes of issue 14: a damaged [Content_Types].xml, resource bombs
(gridSpan, gridBefore, list starts, w:sym, colspan, rowspan, <ol start>, thousands of
attributes), odd <meta charset>, plan-file values that do not load (!!bool maybe,
5,000-digit integers, impossible dates, anchors and aliases, deep nesting) or merely
look hostile (formulas, control characters), and names with control characters or
bytes that are not UTF-8. An example passes when it gives a Plan/report or raises
KhtoolError; any other exception, or no answer within the timeout (a hang), is
reported with its traceback and the input is saved under --out for replay.

Usage: python scripts/fuzz.py [--examples 10000] [--timeout 30] [--jobs 2]
                              [--out /tmp/khtool-fuzz] [--seed 0] [--json FILE] [TARGET ...]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from tests.fuzz_targets import TARGETS, Hang, quiet, time_limit  # noqa: E402

from khtool.errors import KhtoolError  # noqa: E402

MAX_REPORTED = 20  # distinct failures kept per target


def fuzz(name: str, examples: int, timeout: float, out: Path, seed_value: int) -> dict[str, Any]:
    """Run one target; return its figures and failures (first of each kind)."""
    quiet()
    target = TARGETS[name]
    counts: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    failures: dict[str, dict[str, Any]] = {}
    slowest = 0.0

    @seed(seed_value)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(target.strategy())
    def run(data: bytes) -> None:
        nonlocal slowest
        counts["examples"] += 1
        started = time.perf_counter()
        try:
            with time_limit(timeout):
                target.run(data)
            counts["ok"] += 1
        except KhtoolError as exc:
            counts["khtool_error"] += 1
            errors[type(exc).__name__] += 1
        except Hang as exc:
            counts["hang"] += 1
            _record(failures, "hang", exc, data, target.suffix, out, name)
        except Exception as exc:  # the contract: nothing else may escape
            counts["unexpected"] += 1
            _record(failures, type(exc).__name__, exc, data, target.suffix, out, name)
        slowest = max(slowest, time.perf_counter() - started)

    started = time.perf_counter()
    run()
    return {
        "target": name,
        "examples": counts["examples"],
        "ok": counts["ok"],
        "khtool_error": counts["khtool_error"],
        "unexpected": counts["unexpected"],
        "hang": counts["hang"],
        "errors": dict(errors.most_common()),
        "seconds": round(time.perf_counter() - started, 1),
        "slowest": round(slowest, 2),
        "failures": list(failures.values()),
    }


def _record(
    failures: dict[str, dict[str, Any]],
    kind: str,
    exc: BaseException,
    data: bytes,
    suffix: str,
    out: Path,
    name: str,
) -> None:
    tb = traceback.extract_tb(exc.__traceback__)
    where = f"{tb[-1].filename}:{tb[-1].lineno}" if tb else "?"
    key = f"{kind} at {where}"
    if key in failures:
        failures[key]["count"] += 1
        return
    if len(failures) >= MAX_REPORTED:
        return
    out.mkdir(parents=True, exist_ok=True)
    file = out / f"{name}-{hashlib.sha256(data).hexdigest()[:12]}{suffix}"
    file.write_bytes(data)
    failures[key] = {
        "kind": key,
        "message": f"{type(exc).__name__}: {exc}"[:300],
        "input": str(file),
        "count": 1,
        "traceback": "".join(traceback.format_exception(exc))[-3000:],
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", metavar="TARGET", help=", ".join(TARGETS))
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per example")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("/tmp/khtool-fuzz"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    names = args.targets or list(TARGETS)
    unknown = sorted(set(names) - set(TARGETS))
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; choose from {', '.join(TARGETS)}")
    print(f"fuzzing {', '.join(names)}: {args.examples} examples each, {args.timeout:g} s limit")
    results = []
    # a fresh process per target: a long run never mixes modules loaded at different
    # times, and one target's memory is returned before the next starts
    with ProcessPoolExecutor(max_workers=args.jobs, max_tasks_per_child=1) as pool:
        futures = [
            pool.submit(fuzz, n, args.examples, args.timeout, args.out, args.seed) for n in names
        ]
        for future in as_completed(futures):  # each target's figures as soon as it ends
            result = future.result()
            results.append(result)
            print(
                f"{result['target']:<9} {result['examples']:>6} examples  "
                f"{result['ok']:>6} ok  {result['khtool_error']:>6} KhtoolError  "
                f"{result['unexpected']:>3} unexpected  {result['hang']:>3} hangs  "
                f"{result['seconds']:>7.1f} s (slowest {result['slowest']:.2f} s)",
                flush=True,
            )
            for failure in result["failures"]:
                print(f"  ! {failure['kind']} ×{failure['count']}: {failure['message']}")
                print(f"    input: {failure['input']}")
                print("    " + failure["traceback"].replace("\n", "\n    "))
    total = sum(r["examples"] for r in results)
    bad = sum(r["unexpected"] + r["hang"] for r in results)
    print(f"total: {total} examples, {bad} unexpected exceptions or hangs")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
