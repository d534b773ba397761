from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden"
PLAN_2020 = "tests/fixtures/plan-2020-96-KH-UBND.txt"
PLAN_2025 = "tests/fixtures/plan-2025-draft.txt"


@pytest.fixture(autouse=True, scope="session")
def _repo_root() -> None:
    """Tests run from the repository root so source paths are stable."""
    os.chdir(ROOT)


@pytest.fixture(scope="session")
def plan_2020():
    import khtool

    os.chdir(ROOT)
    return khtool.parse(PLAN_2020)


@pytest.fixture(scope="session")
def plan_2025():
    import khtool

    os.chdir(ROOT)
    return khtool.parse(PLAN_2025)
