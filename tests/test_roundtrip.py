"""Property tests: YAML/JSON round trips give the same Plan."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

import khtool
from khtool.model import Plan
from tests.conftest import PLAN_2020, PLAN_2025

_PLANS = {name: khtool.parse(name) for name in (PLAN_2020, PLAN_2025)}

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(sorted(_PLANS)),
    new_name=_text,
    new_lead=st.lists(_text, max_size=3),
    note=_text,
)
def test_yaml_round_trip_of_edited_plans(
    name: str, new_name: str, new_lead: list[str], note: str
) -> None:
    plan = _PLANS[name].model_copy(deep=True)
    task = plan.tasks()[0]
    task.name = new_name
    task.lead = new_lead
    plan.warnings.append(note)
    again = Plan.from_yaml(plan.to_yaml())
    assert again == plan
    assert Plan.model_validate(json.loads(plan.to_json())) == plan


def test_written_files_get_normal_permissions(tmp_path) -> None:
    import os

    from khtool.io import write_atomic

    mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "plan.yaml", "x: 1\n")
    finally:
        os.umask(mask)
    assert (tmp_path / "plan.yaml").stat().st_mode & 0o777 == 0o644
