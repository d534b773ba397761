"""Whole plans compared field by field with reviewed golden YAML (make golden rewrites)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

import khtool
from tests.conftest import FIXTURES, GOLDEN, ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from plans import PLANS, build

FIXTURE_FILES = sorted(FIXTURES.glob("plan-*.txt"))


def _flatten(data: object, prefix: str = "") -> dict[str, object]:
    """{'appendix.groups[0].tasks[2].lead[0]': 'Sở Công Thương', …}"""
    out: dict[str, object] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(data, list):
        out[f"{prefix}.__len__"] = len(data)
        for i, value in enumerate(data):
            out.update(_flatten(value, f"{prefix}[{i}]"))
    else:
        out[prefix] = data
    return out


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=lambda p: p.name)
def test_plan_matches_golden_field_by_field(fixture: Path) -> None:
    rel = fixture.relative_to(ROOT).as_posix()
    got = _flatten(khtool.parse(rel).to_dict())
    want = _flatten(yaml.safe_load((GOLDEN / f"{fixture.name}.yaml").read_text("utf-8")))
    # dates come back from YAML as strings or dates; compare as text
    got = {k: str(v) if v is not None else None for k, v in got.items()}
    want = {k: str(v) if v is not None else None for k, v in want.items()}
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    changed = [
        f"{k}: {want[k]!r} -> {got[k]!r}" for k in sorted(set(got) & set(want)) if got[k] != want[k]
    ]
    assert not missing and not extra and not changed, "\n".join(
        [f"missing {k}" for k in missing] + [f"extra {k}" for k in extra] + changed
    )


@pytest.mark.parametrize(("fixture", "name"), sorted(PLANS.items()))
def test_data_plans_are_up_to_date(fixture: str, name: str) -> None:
    """data/plans/ must be what the parser produces now (make plans)."""
    committed = (ROOT / "data" / "plans" / name).read_text("utf-8")
    assert build(fixture).to_yaml() == committed, f"run `make plans`: {name} is stale"


@pytest.mark.parametrize("name", sorted(PLANS.values()))
def test_data_plans_load_back(name: str) -> None:
    plan = khtool.Plan.from_yaml(ROOT / "data" / "plans" / name)
    assert plan.to_yaml() == (ROOT / "data" / "plans" / name).read_text("utf-8")
