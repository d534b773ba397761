"""make demo: parse a bundled plan and show what was read (header, targets, tasks)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

import khtool
from khtool.io import write_atomic

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    os.chdir(ROOT)
    source = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/plan-2025-draft.txt"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/khtool-demo.yaml")
    plan = khtool.parse(source)
    write_atomic(out, plan.to_yaml())
    console = Console()
    doc = plan.document
    console.print(f"[bold]{source}[/] → {out} ({len(plan.to_yaml().splitlines())} lines of YAML)")
    console.print(
        f"{doc.issuer} · số {doc.number or '(để trống)'} · {doc.place}, {doc.issued_on or '(chưa ký)'}"
        f" · năm kế hoạch {doc.plan_year} · {'DỰ THẢO' if doc.draft else 'ban hành'}"
    )
    console.print(f"[italic]{doc.title}[/]")
    targets = Table("goal", "target", "direction", "subject", title="Section I targets")
    for goal in plan.goals:
        for t in goal.targets:
            value = f"{t.value}" if t.value is not None else f"{t.min}–{t.max}"
            targets.add_row(goal.id, f"{value} {t.unit}", t.direction.value, t.subject[:70])
    console.print(targets)
    tasks = Table(
        "TT", "group", "lead", "partners", "months", "quantities", "name", title="Appendix tasks"
    )
    for group in plan.appendix.groups if plan.appendix else []:
        for task in group.tasks:
            span = f"{task.timeline.start}..{task.timeline.end}" if task.timeline else "?"
            quantities = "; ".join(
                f"{q.count if q.count is not None else f'{q.min}–{q.max}'} {q.item}"
                for q in task.quantities
            )
            tasks.add_row(
                str(task.tt),
                group.id,
                "; ".join(task.lead),
                str(len(task.coordinating)),
                span,
                quantities,
                task.name[:60],
            )
    console.print(tasks)


if __name__ == "__main__":
    main()
