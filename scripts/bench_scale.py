"""Scaling figures for ``make bench``: diff, validate and plan loading at n tasks, and
the cold start of ``khtool parse`` against two bare Python processes.

The synthetic plans are made from the project's own plans (``data/plans/``): plan A
cycles the 2020 plan's tasks, plan B the 2025 draft's, each to ``n`` tasks. Copy k of
a task gets `` (gói k)`` after its name, so the copies are distinct tasks, as in a
long plan. Times are CPU seconds (user + system), medians; nothing is asserted.

    .venv/bin/python scripts/bench_scale.py            # n = 50, 500, 2000
    .venv/bin/python scripts/bench_scale.py --sizes 50 200
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from khtool.model import Group, Plan  # noqa: E402

PLANS = ROOT / "data" / "plans"
PLAN_A = PLANS / "hanoi-2020-96-KH-UBND.yaml"
PLAN_B = PLANS / "hanoi-2025-draft.yaml"
PARSE_INPUT = ROOT / "tests" / "fixtures" / "plan-2025-draft.txt"
SIZES = (50, 500, 2000)

TARGET_DIFF_S = 5.0  # diff of two 2000-task plans
TARGET_EXPONENT = 1.3  # of diff time in n, between 500 and 2000
TARGET_LOAD_RATIO = 2.0  # plan loading vs the bare C loader
TARGET_START_RATIO = 3.0  # khtool parse vs python -c "import yaml, pydantic"


def synthetic_plan(base: Plan, n: int) -> Plan:
    """base with its appendix tasks cycled to n tasks, copies renamed and renumbered."""
    plan = base.model_copy(deep=True)
    assert plan.appendix is not None
    located = [(g, t) for g in plan.appendix.groups for t in g.tasks]
    groups = [g.model_copy(update={"tasks": []}) for g in plan.appendix.groups]
    by_id: dict[str, Group] = {g.id: g for g in groups}
    for k in range(n):
        group, task = located[k % len(located)]
        copy = k // len(located)
        name = task.name if copy == 0 else f"{task.name} (gói {copy})"
        by_id[group.id].tasks.append(task.model_copy(update={"tt": str(k + 1), "name": name}))
    plan.appendix.groups = groups
    return plan


def cpu_now() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cold_caches() -> None:
    """Forget what earlier runs cached (folded strings, term lists), as a new process would."""
    from khtool.diffing.matching import terms
    from khtool.vocab import fold

    terms.cache_clear()
    fold.cache_clear()


def cpu_of(run: Callable[[], object], runs: int) -> float:
    """Median CPU seconds of run() in this process, each run with cold caches."""
    times = []
    for _ in range(runs):
        cold_caches()
        t0 = cpu_now()
        run()
        times.append(cpu_now() - t0)
    return statistics.median(times)


def process_cpu(cmd: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    """Median CPU seconds (user + system) of a whole process."""
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, check=False, capture_output=True, env=env)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(times)


def exponent(n1: int, t1: float, n2: int, t2: float) -> float:
    return math.log(t2 / t1) / math.log(n2 / n1)


def fitted(ns: list[int], ts: list[float]) -> float:
    """Least-squares slope of log t against log n."""
    xs, ys = [math.log(n) for n in ns], [math.log(max(t, 1e-6)) for t in ts]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def khtool_command() -> list[str]:
    script = Path(sys.executable).with_name("khtool")
    return [str(script)] if script.exists() else [sys.executable, "-m", "khtool.cli"]


DIFF_RUNS = 9  # in-process diff runs at every size (medians; interleaved)


def diff_cpu_by_size(pairs: dict[int, tuple[Plan, Plan]], runs: int) -> dict[int, float]:
    """Median CPU seconds of diff(a, b) at every size, each run with cold caches.

    One untimed round first (imports, first-use caches), then ``runs`` rounds that
    each time every size once: a burst of load from other processes on the machine
    then slows every size alike instead of one, so the ratios between sizes (the
    exponent) hold better than with the sizes measured one after the other.
    """
    from khtool import diff

    times: dict[int, list[float]] = {n: [] for n in pairs}
    for round_ in range(runs + 1):
        for n, (a, b) in pairs.items():
            cold_caches()
            t0 = cpu_now()
            diff(a, b)
            if round_:
                times[n].append(cpu_now() - t0)
    return {n: statistics.median(t) for n, t in times.items()}


def scale_rows(sizes: list[int], tmp: Path) -> tuple[list[str], dict[str, float]]:
    """diff (in process and as `khtool diff`) and validate (as `khtool validate`) at n.

    The in-process diff (the figure of the targets) is the median of ``DIFF_RUNS``
    runs at every size; the whole-process and validate columns, which take seconds a
    run at 2,000 tasks, are medians of 3 runs up to 500 tasks and one run above.
    """
    from khtool import validate
    from khtool.io import plan_limits
    from khtool.limits import Limits

    base_a, base_b = Plan.from_yaml(PLAN_A), Plan.from_yaml(PLAN_B)
    rows = [
        "| tasks (n) | diff in process (s) | `khtool diff a.yaml b.yaml` (s) "
        "| validate in process (s) | `khtool validate b.yaml` (s) |",
        "|---:|---:|---:|---:|---:|",
    ]
    series: dict[str, list[float]] = {
        "diff": [],
        "diff_cli": [],
        "validate": [],
        "validate_cli": [],
    }
    pairs = {n: (synthetic_plan(base_a, n), synthetic_plan(base_b, n)) for n in sizes}
    diff_cpu = diff_cpu_by_size(pairs, DIFF_RUNS)
    for n in sizes:
        a, b = pairs[n]
        fa, fb = tmp / f"a-{n}.yaml", tmp / f"b-{n}.yaml"
        fa.write_text(a.to_yaml(), "utf-8")
        fb.write_text(b.to_yaml(), "utf-8")
        runs = 3 if n <= 500 else 1
        # plan files of more than 1,000 tasks need the limit raised (--max-tasks)
        limit = ["--max-tasks", str(max(n, 1000))]
        d = diff_cpu[n]
        d_cli = process_cpu(
            [*khtool_command(), "diff", str(fa), str(fb), "--format", "json", *limit], runs
        )
        with plan_limits(Limits(max_tasks=max(n, 1000))):
            v = cpu_of(lambda fb=fb: validate(fb), runs)
        v_cli = process_cpu([*khtool_command(), "validate", str(fb), *limit], runs)
        for key, value in zip(series, (d, d_cli, v, v_cli), strict=True):
            series[key].append(value)
        rows.append(f"| {n} | {d:.2f} | {d_cli:.2f} | {v:.2f} | {v_cli:.2f} |")
    figures: dict[str, float] = {}
    if len(sizes) > 1:
        slopes = [fitted(sizes, series[k]) for k in series]
        rows.append(
            "| fitted exponent (log t = k · log n) | "
            + " | ".join(f"{s:.2f}" for s in slopes)
            + " |"
        )
        if sizes[-1] >= 2000 and 500 in sizes:
            i, j = sizes.index(500), sizes.index(sizes[-1])
            figures["diff_exponent"] = exponent(500, series["diff"][i], sizes[j], series["diff"][j])
        figures["diff_largest"] = series["diff"][-1]
    return rows, figures


def load_rows(n: int, tmp: Path) -> tuple[list[str], float]:
    """The YAML load of an n-task plan: khtool's safe loader vs the bare loaders."""
    import yaml

    from khtool.io import load_data, plan_limits
    from khtool.limits import Limits
    from khtool.model import load_plan

    text = synthetic_plan(Plan.from_yaml(PLAN_B), n).to_yaml()
    runs = 3
    bare_c = cpu_of(lambda: yaml.load(text, Loader=yaml.CSafeLoader), runs)
    bare_py = cpu_of(lambda: yaml.load(text, Loader=yaml.SafeLoader), 1)
    with plan_limits(Limits(max_tasks=max(n, 1000))):
        ours = cpu_of(lambda: load_data(text), runs)
        plan = cpu_of(lambda: load_plan(text), runs)
    rows = [
        f"| YAML load of a {n}-task plan ({len(text.encode()) / 1e6:.1f} MB) | CPU (s) | vs bare C loader |",
        "|---|---:|---:|",
        f"| `yaml.load(text, Loader=yaml.CSafeLoader)` (bare C loader) | {bare_c:.2f} | 1.00× |",
        f"| `yaml.load(text, Loader=yaml.SafeLoader)` (pure Python) | {bare_py:.2f} | {bare_py / bare_c:.2f}× |",
        f"| `khtool.io.load_data` (with the safety checks) | {ours:.2f} | {ours / bare_c:.2f}× |",
        f"| `Plan.from_yaml` (load + pydantic) | {plan:.2f} | {plan / bare_c:.2f}× |",
    ]
    return rows, ours / bare_c


_FLOOR = (
    "import typer, yaml\nfrom pydantic import BaseModel\nclass A(BaseModel):\n    x: int\nA(x=1)"
)


def installed_env(pycache: Path) -> dict[str, str]:
    """The environment of an installed khtool: bytecode caches written and used (in
    ``pycache``, not in the checkout), even when the caller sets PYTHONDONTWRITEBYTECODE
    (which would make every process compile khtool's sources again)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def start_rows(runs: int = 9) -> tuple[list[str], float]:
    """Cold start: `khtool parse plan.txt` as a whole process vs two bare Pythons, each
    with its bytecode cached as in an installed copy (a first run of each fills it)."""
    with tempfile.TemporaryDirectory(prefix="khtool-bench-pycache-") as pycache:
        return _start_rows(runs, installed_env(Path(pycache)))


def _start_rows(runs: int, env: dict[str, str]) -> tuple[list[str], float]:
    py = sys.executable
    out = Path(tempfile.gettempdir()) / "khtool-bench-parse.yaml"
    cases = [
        ("`python -c pass`", [py, "-c", "pass"]),
        ('`python -c "import yaml, pydantic"`', [py, "-c", "import yaml, pydantic"]),
        (
            "`python -c` typer + one pydantic model (the floor of a command building a Plan)",
            [py, "-c", _FLOOR],
        ),
        ("`khtool --version`", [*khtool_command(), "--version"]),
        (
            f"`khtool parse {PARSE_INPUT.name} -o …`",
            [*khtool_command(), "parse", str(PARSE_INPUT), "-o", str(out)],
        ),
    ]
    for _, cmd in cases:  # warm the disk and bytecode caches
        process_cpu(cmd, 1, env)
    times = [process_cpu(cmd, runs, env) for _, cmd in cases]
    base = times[1]
    rows = [
        f"| cold start (whole process, median of {runs}) | CPU (s) | vs `import yaml, pydantic` |",
        "|---|---:|---:|",
    ]
    rows += [
        f"| {label} | {t:.3f} | {t / base:.2f}× |"
        for (label, _), t in zip(cases, times, strict=True)
    ]
    return rows, times[-1] / base


def verdict(ok: bool) -> str:
    return "yes" if ok else "**no**"


def tables(sizes: list[int]) -> list[str]:
    """Every table of this module, with the targets of issue 15 at the end."""
    with tempfile.TemporaryDirectory(prefix="khtool-scale-") as tmp:
        scale, figures = scale_rows(sizes, Path(tmp))
    load, load_ratio = load_rows(max(sizes), Path(tmp))
    start, start_ratio = start_rows()
    targets = ["| target | result | met |", "|---|---:|:-:|"]
    if "diff_exponent" in figures:
        e = figures["diff_exponent"]
        targets.append(
            f"| diff time exponent in n, 500 → {max(sizes)} < {TARGET_EXPONENT} | {e:.2f} "
            f"| {verdict(e < TARGET_EXPONENT)} |"
        )
    if max(sizes) >= 2000:
        d = figures["diff_largest"]
        targets.append(
            f"| diff of two {max(sizes)}-task plans < {TARGET_DIFF_S:.0f} s CPU | {d:.2f} s "
            f"| {verdict(d < TARGET_DIFF_S)} |"
        )
    targets += [
        f"| plan load < {TARGET_LOAD_RATIO:.0f}× the bare C loader | {load_ratio:.2f}× "
        f"| {verdict(load_ratio < TARGET_LOAD_RATIO)} |",
        f'| `khtool parse` < {TARGET_START_RATIO:.0f}× `python -c "import yaml, pydantic"` '
        f"| {start_ratio:.2f}× | {verdict(start_ratio < TARGET_START_RATIO)} |",
    ]
    return [*scale, "", *load, "", *start, "", *targets]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()
    print("\n".join(tables(sorted(args.sizes))))


if __name__ == "__main__":
    main()
