"""Rewrite tests/golden/ from the parser (make golden). Review the diff before committing."""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from plans import ROOT

import khtool
from khtool.io import write_atomic


def main() -> None:
    os.chdir(ROOT)
    for fixture in sorted((ROOT / "tests" / "fixtures").glob("plan-*.txt")):
        rel = fixture.relative_to(ROOT).as_posix()
        plan = khtool.parse(rel)
        out = ROOT / "tests" / "golden" / f"{fixture.name}.yaml"
        write_atomic(out, plan.to_yaml())
        print(f"{out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
