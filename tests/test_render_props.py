"""Property: edited plans survive render → parse.

Edits are what an officer types into a plan: a task's name, its lead and partner units,
its time, its targets. Each edited field comes back as written, and the fields the
parser derives from it (timeline kind and months, quantities) are what the parser reads
from the same text.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khtool.model import Quantity, Timeline, TimelineKind, load_plan
from khtool.parsing.fields.quantities import find_quantities
from khtool.parsing.fields.timeline import parse_timeline
from khtool.vocab import canonical_units
from tests.conftest import ROOT
from tests.render_support import differences, round_trip

_PLAN = load_plan(ROOT / "data" / "plans" / "hanoi-2025-draft.yaml")
_WORDS = [
    "Tổ chức", "hội nghị", "tuyên truyền", "sản xuất", "tiêu dùng", "bền vững", "xây dựng",
    "tài liệu", "hướng dẫn", "doanh nghiệp", "năm 2026", "(nếu có)", "mô hình", "số hóa",
]  # fmt: skip
_UNITS = sorted(canonical_units())[:40]
_name = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8).map(
    lambda ws: " ".join(ws)[:1].upper() + " ".join(ws)[1:]
)
_month = st.integers(1, 12)
_year = st.integers(2020, 2030)
_time = st.one_of(
    st.builds(lambda a, b, y: f"Tháng {min(a, b)} - {max(a, b)}/{y}", _month, _month, _year),
    st.builds(lambda q, y: f"Quý {q}/{y}", st.sampled_from(["I", "II", "III", "IV"]), _year),
    st.builds(lambda y: f"Năm {y}", _year),
    st.sampled_from(["Thường xuyên", "Hàng năm"]),
)
_target = st.builds(
    lambda n, item: f"Tổ chức {n:02d} {item}",
    st.integers(1, 99),
    st.sampled_from(["hội nghị", "lớp tập huấn", "bài viết", "phóng sự"]),
)


def _timeline(text: str) -> Timeline:
    span = parse_timeline(text)
    kind = TimelineKind(span.kind) if span.kind else None
    return Timeline(text=text, kind=kind, start=span.start, end=span.end)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(0, len(_PLAN.tasks()) - 1),
    name=_name,
    lead=st.lists(st.sampled_from(_UNITS), min_size=1, max_size=2, unique=True),
    partners=st.lists(st.sampled_from(_UNITS), max_size=3, unique=True),
    time=_time,
    targets=st.lists(_target, max_size=3),
)
def test_edited_tasks_survive(
    index: int, name: str, lead: list[str], partners: list[str], time: str, targets: list[str]
) -> None:
    plan = _PLAN.model_copy(deep=True)
    task = plan.tasks()[index]
    task.name, task.lead, task.coordinating = name, lead, partners
    task.timeline = _timeline(time)
    task.targets = targets
    task.quantities = [Quantity.model_validate(q) for t in targets for q in find_quantities(t)]
    with tempfile.TemporaryDirectory() as tmp:
        again = round_trip(plan, Path(tmp))
    assert differences(plan.model_dump(mode="json"), again.model_dump(mode="json")) == [
        "document.issuer_lines"  # built from the issuer: see test_render_roundtrip.py
    ]
