"""Validation rules, one module per family; importing this package registers them.

========  ==============================================
KH000     checks skipped (partial plan)
KH1xx     numbering (:mod:`khtool.validating.rules.numbering`)
KH2xx     units (:mod:`khtool.validating.rules.units`)
KH3xx     timelines (:mod:`khtool.validating.rules.timelines`)
KH4xx     cross-section (:mod:`khtool.validating.rules.crosssection`)
KH5xx     targets (:mod:`khtool.validating.rules.targets`)
KH6xx     document and header (:mod:`khtool.validating.rules.document`)
KH9xx     schema of a YAML/JSON file (:mod:`khtool.validating.rules.schema`)
========  ==============================================
"""

from __future__ import annotations

from khtool.validating.rules import (
    crosssection,
    document,
    numbering,
    schema,
    targets,
    timelines,
    units,
)
from khtool.validating.rules.base import CHECKS, RULES, Check, Finding, Rule, Severity, rule

SKIPPED = rule(
    "KH000",
    Severity.info,
    "checks skipped",
    "{what} checks skipped ({count} rules): {reason}",
    "appendix and section IV checks skipped (22 rules): partial plan "
    "(missing: funding, organization, appendix)",
)

__all__ = [
    "CHECKS",
    "RULES",
    "SKIPPED",
    "Check",
    "Finding",
    "Rule",
    "Severity",
    "crosssection",
    "document",
    "numbering",
    "schema",
    "targets",
    "timelines",
    "units",
]
