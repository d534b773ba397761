"""Validation reports as SARIF 2.1.0, for code scanning (GitHub, GitLab, IDEs).

One run of the tool ``khtool``: each rule that fired is listed once in
``tool.driver.rules`` (id = rule code, short description = its title); each finding
is a result with its level (``error``, ``warning``, ``note`` for info), message,
file and line, and its YAML path as a logical location. Unreadable inputs are
``toolExecutionNotifications`` of the run's invocation, which is then not successful.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any

from khtool import __version__
from khtool.errors import KhtoolError
from khtool.validating.rules import Severity
from khtool.validating.validation import Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}


def _uri(path: str) -> str:
    return PurePath(path).as_posix()


def _location(path: str | None, line: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(path or "<plan>")}}
    if line:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def render_sarif(reports: list[Report], unreadable: list[KhtoolError]) -> str:
    rules: dict[str, dict[str, Any]] = {}
    results = []
    for report in reports:
        for f in report.findings:
            rules.setdefault(f.code, {"id": f.code, "shortDescription": {"text": f.title}})
            location = _location(report.path or report.source, f.line)
            if f.location:
                location["logicalLocations"] = [{"fullyQualifiedName": f.location}]
            results.append(
                {
                    "ruleId": f.code,
                    "level": _LEVEL[f.severity],
                    "message": {"text": f.message},
                    "locations": [location],
                }
            )
    notifications = [
        {
            "level": "error",
            "message": {"text": e.message},
            "locations": [_location(e.path, None)],
        }
        for e in unreadable
    ]
    run = {
        "tool": {
            "driver": {
                "name": "khtool",
                "version": __version__,
                "rules": sorted(rules.values(), key=lambda r: r["id"]),
            }
        },
        "invocations": [
            {
                "executionSuccessful": not unreadable,
                "toolExecutionNotifications": notifications,
            }
        ],
        "results": results,
    }
    data = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
