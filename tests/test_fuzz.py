"""Fuzz (short run): random bytes and mutated real fixtures through every reader and
through validate / diff; only KhtoolError may escape. ``make fuzz`` is the long run.

The inputs and targets are in tests/fuzz_targets.py. Examples are derandomised so CI is
stable; the long run (scripts/fuzz.py) explores further with other seeds.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings

from khtool.errors import KhtoolError
from tests.fuzz_targets import TARGETS, quiet, time_limit

TIMEOUT = 30.0  # seconds per example: longer is a hang
EXAMPLES = {
    "txt": 120,
    "docx": 80,
    "html": 80,
    "pdf": 40,
    "validate": 60,
    "diff": 40,
    "export": 40,
    "batch": 20,
}


def fuzz_test(name: str) -> Callable[[], None]:
    target = TARGETS[name]

    @pytest.mark.filterwarnings("ignore:Generating overly large repr")
    @settings(
        max_examples=EXAMPLES[name],
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(target.strategy())
    def test(data: bytes) -> None:
        quiet()
        try:
            with time_limit(TIMEOUT):
                target.run(data)
        except KhtoolError:
            pass

    test.__doc__ = f"Only KhtoolError escapes the {name} target."
    return test


test_fuzz_txt = fuzz_test("txt")
test_fuzz_docx = fuzz_test("docx")
test_fuzz_html = fuzz_test("html")
test_fuzz_pdf = fuzz_test("pdf")
test_fuzz_validate = fuzz_test("validate")
test_fuzz_diff = fuzz_test("diff")


def test_every_target_has_a_short_run() -> None:
    assert set(EXAMPLES) == set(TARGETS)


test_fuzz_export = fuzz_test("export")
test_fuzz_batch = fuzz_test("batch")
