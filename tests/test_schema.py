"""The committed JSON Schema is generated from the models and the plans validate."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

import khtool
from khtool.model import plan_json_schema
from tests.conftest import PLAN_2020, PLAN_2025, ROOT


def test_committed_schema_has_not_drifted() -> None:
    committed = json.loads((ROOT / "schemas" / "plan.schema.json").read_text("utf-8"))
    assert committed == plan_json_schema(), "run `make schema` and commit the result"


@pytest.mark.parametrize("fixture", [PLAN_2020, PLAN_2025])
def test_parsed_yaml_validates_against_schema(fixture: str) -> None:
    schema = json.loads((ROOT / "schemas" / "plan.schema.json").read_text("utf-8"))
    data = yaml.safe_load(khtool.parse(fixture).to_yaml())
    # YAML turns ISO dates into date objects; the schema speaks of JSON strings
    data = json.loads(json.dumps(data, default=str))
    jsonschema.validate(data, schema)


def test_schema_rejects_a_broken_plan() -> None:
    schema = plan_json_schema()
    data = json.loads(khtool.parse(PLAN_2025).to_json())
    data["appendix"]["groups"][0]["tasks"][0]["timeline"]["start"] = "2025-13"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
