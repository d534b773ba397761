"""The project's own PDF plans as ``pdftotext -layout`` dumps, compared field by field
with the golden parse of the same plan (tests/golden/).

The dumps are made at test time (poppler-utils; skipped without ``pdftotext``). Which
task fields differ is listed below with the reason, so a change for better or worse
shows up here.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import pytest
import yaml

import khtool
from tests.conftest import FIXTURES, GOLDEN

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")

FIELDS = ("tt", "name", "lead", "coordinating", "timeline")

# (tt, field) that differ from the golden parse, and why.
DIFFERENT = {
    # The name and content columns stand one space apart on many lines, so a word at
    # their boundary goes to the wrong one: these names carry a word of the content
    # beside them (no word of the name is lost).
    "plan-2020-96-KH-UBND": {(tt, "name") for tt in ("1", "3", "4", "7", "8", "9", "10")},
    # The table is wider than the page's text: every column runs into the next one with
    # a single space, and the narrow 'Đơn vị chủ trì' column ('Sở Công Thương' over
    # three lines) is split between its neighbours; names and partners take the odd
    # word of the column beside them.
    "plan-2025-draft": {
        *(
            (tt, "lead")
            for tt in ("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13")
        ),
        *((tt, "name") for tt in ("1", "5", "10", "12", "13")),
        *((tt, "coordinating") for tt in ("1", "4", "5", "6", "10", "13")),
        ("1", "timeline"),
        ("6", "timeline"),
    },
}
PLANS = sorted(DIFFERENT)


def _tasks(data: dict[str, Any]) -> list[dict[str, Any]]:
    groups = (data.get("appendix") or {}).get("groups", [])
    return [task for group in groups for task in group.get("tasks", [])]


def _value(task: dict[str, Any], field: str) -> object:
    value = task.get(field)
    return (value or {}).get("text") if field == "timeline" else value


@pytest.fixture(scope="module", params=PLANS)
def parsed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    name = request.param
    dump = tmp_path_factory.mktemp("layout") / f"{name}-layout.txt"
    pdf = FIXTURES / f"{name}.pdf"
    subprocess.run(["pdftotext", "-layout", str(pdf), str(dump)], check=True, timeout=60)
    plan = khtool.parse(dump)
    want = yaml.safe_load((GOLDEN / f"{name}.txt.yaml").read_text("utf-8"))
    return name, plan.to_dict(), want, plan.warnings


def test_same_tasks_and_groups(parsed) -> None:
    _name, got, want, warnings = parsed
    assert [t["tt"] for t in _tasks(got)] == [t["tt"] for t in _tasks(want)]
    group_ids = [g["id"] for g in got["appendix"]["groups"]]
    assert group_ids == [g["id"] for g in want["appendix"]["groups"]]
    assert any("rebuilt from space-aligned columns" in w for w in warnings)


def test_header_as_golden(parsed) -> None:
    _name, got, want, _warnings = parsed
    for key in ("issuer", "number", "issued_on", "place"):
        assert got["document"][key] == want["document"][key], key


def test_task_fields_differ_only_where_listed(parsed) -> None:
    name, got, want, _warnings = parsed
    differ = {
        (w["tt"], field)
        for g, w in zip(_tasks(got), _tasks(want), strict=True)
        for field in FIELDS
        if _value(g, field) != _value(w, field)
    }
    assert differ == DIFFERENT[name]


def test_no_word_of_a_2020_cell_is_lost(parsed) -> None:
    name, got, want, _warnings = parsed
    if name != "plan-2020-96-KH-UBND":
        pytest.skip("the 2025 dump loses words of its narrow lead column")
    for g, w in zip(_tasks(got), _tasks(want), strict=True):
        for field in ("name", "lead", "coordinating"):
            have = " ".join(g[field]) if isinstance(g[field], list) else g[field]
            need = " ".join(w[field]) if isinstance(w[field], list) else w[field]
            lost = [word for word in need.split() if word not in have.split()]
            assert not lost, (w["tt"], field, lost)
