"""The bundled plans: which fixture makes which file in data/plans/ and tests/golden/."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# fixture (relative to the repository) -> name of the plan file
PLANS: dict[str, str] = {
    "tests/fixtures/plan-2020-96-KH-UBND.txt": "hanoi-2020-96-KH-UBND.yaml",
    "tests/fixtures/plan-2025-draft.txt": "hanoi-2025-draft.yaml",
}
