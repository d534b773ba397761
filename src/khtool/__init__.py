"""khtool: Vietnamese plan documents (Kế hoạch …/KH-UBND) as validated, structured data.

The public API (the command line is a thin layer over it)::

    import khtool
    plan = khtool.parse("plan.docx")          # -> khtool.Plan
    print(plan.to_yaml())
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

__all__ = ["KhtoolError", "Plan", "__version__", "diff", "parse", "parse_many", "validate"]

if TYPE_CHECKING:
    from khtool.batch.runner import parse_many
    from khtool.diffing.differ import diff
    from khtool.errors import KhtoolError
    from khtool.model import Plan
    from khtool.parsing.pipeline import parse
    from khtool.validating.validation import validate

_LAZY = {
    "parse": ("khtool.parsing.pipeline", "parse"),
    "parse_many": ("khtool.batch.runner", "parse_many"),
    "diff": ("khtool.diffing.differ", "diff"),
    "validate": ("khtool.validating.validation", "validate"),
    "Plan": ("khtool.model", "Plan"),
    "KhtoolError": ("khtool.errors", "KhtoolError"),
}


def __getattr__(name: str) -> Any:
    """Import heavy modules only when an API name is first used (fast CLI start)."""
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'khtool' has no attribute {name!r}")
