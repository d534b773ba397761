"""KH9xx schema: a YAML/JSON plan file checked against the Plan JSON Schema.

These rules run on the loaded data, before there is a Plan: every error is
reported (not only the first), each at its YAML path.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from khtool.model import SCHEMA_VERSION, plan_json_schema
from khtool.validating.rules.base import Finding, Severity, path, rule

E = Severity.error

MISSING_KEY = rule(
    "KH901", E, "required key missing", "required key {key!r} is missing",
    "required key 'tt' is missing",
)  # fmt: skip
UNKNOWN_KEY = rule(
    "KH902", E, "unknown key", "unknown key {key!r}",
    "unknown key 'leader'",
)  # fmt: skip
BAD_VALUE = rule(
    "KH903", E, "value does not match the schema", "{problem}",
    "'2025-13' does not match '^\\d{4}-(0[1-9]|1[0-2])$'",
)  # fmt: skip
SCHEMA_VERSION_UNSUPPORTED = rule(
    "KH904", E, "unsupported schema_version",
    "schema_version {found!r} is not supported (this khtool reads {supported})",
    "schema_version 3 is not supported (this khtool reads 2)",
)  # fmt: skip

SCHEMA_RULES = (MISSING_KEY, UNKNOWN_KEY, BAD_VALUE, SCHEMA_VERSION_UNSUPPORTED)


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(
        plan_json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def as_json(data: Any) -> Any:
    """YAML gives dates as date objects; the schema speaks of JSON strings."""
    return json.loads(json.dumps(data, default=str, ensure_ascii=False))


def _problem(error: ValidationError) -> str:
    if error.context:
        error = best_match(error.context)
    text = error.message
    return text if len(text) <= 160 else text[:157] + "…"


def _findings(error: ValidationError) -> Iterator[Finding]:
    where = path(*error.absolute_path)
    instance = error.instance
    if error.validator == "required" and isinstance(instance, dict):
        for key in error.validator_value:
            if key not in instance:
                yield MISSING_KEY.at(path(*error.absolute_path, str(key)), key=key)
    elif error.validator == "additionalProperties" and isinstance(instance, dict):
        known = set(error.schema.get("properties", {}))
        for key in instance:
            if key not in known:
                yield UNKNOWN_KEY.at(path(*error.absolute_path, str(key)), key=key)
    elif error.validator in ("anyOf", "oneOf") and (branch := _fitting_branch(error)):
        for sub in branch:  # e.g. 'appendix: Appendix | null' holding a broken Appendix
            yield from _findings(sub)
    else:
        yield BAD_VALUE.at(where, problem=_problem(error))


def _fitting_branch(error: ValidationError) -> list[ValidationError] | None:
    """The errors of the one alternative whose type fits the value, if just one does."""
    branches: dict[object, list[ValidationError]] = {}
    for sub in error.context or []:
        branches.setdefault(sub.schema_path[0], []).append(sub)
    fitting = [
        subs
        for subs in branches.values()
        if not any(s.validator == "type" and not s.relative_path for s in subs)
    ]
    return fitting[0] if len(fitting) == 1 else None


def schema_findings(data: dict[str, Any]) -> list[Finding]:
    """Every way ``data`` (a loaded plan file) departs from the Plan schema."""
    found: list[Finding] = []
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        found.append(
            SCHEMA_VERSION_UNSUPPORTED.at("schema_version", found=version, supported=SCHEMA_VERSION)
        )
        return found
    for error in _validator().iter_errors(as_json(data)):
        found.extend(_findings(error))
    return found
