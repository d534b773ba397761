"""Regenerate data/plans/ from the fixtures (make plans)."""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from plans import PLANS, ROOT, build

from khtool.io import write_atomic


def main() -> None:
    os.chdir(ROOT)
    for fixture, name in PLANS.items():
        plan = build(fixture)
        write_atomic(ROOT / "data" / "plans" / name, plan.to_yaml())
        print(f"data/plans/{name}: {len(plan.tasks())} tasks")


if __name__ == "__main__":
    main()
