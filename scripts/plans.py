"""The bundled plans: which fixture makes which file in data/plans/ and tests/golden/."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from khtool.model import Plan

ROOT = Path(__file__).resolve().parent.parent

# fixture (relative to the repository) -> name of the plan file
PLANS: dict[str, str] = {
    "tests/fixtures/plan-2020-96-KH-UBND.txt": "hanoi-2020-96-KH-UBND.yaml",
    "tests/fixtures/plan-2025-draft.txt": "hanoi-2025-draft.yaml",
    "tests/fixtures/press-2024-263-KH-UBND.txt": "hanoi-2024-263-KH-UBND.yaml",
}

# fixtures among PLANS that are press reports about a plan (read into a partial plan)
PRESS_REPORTS: set[str] = {"tests/fixtures/press-2024-263-KH-UBND.txt"}


def build(fixture: str) -> Plan:
    """The Plan a fixture makes: khtool.parsing.press.parse_press for a press report, else khtool.parse."""
    if fixture in PRESS_REPORTS:
        from khtool.parsing.press import parse_press

        return parse_press(fixture)
    import khtool

    return khtool.parse(fixture)
