"""Property tests: validation returns a report for any edit of a real plan, never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khtool.model import Plan, Target, Timeline, TimelineKind
from khtool.validating.rules import RULES
from khtool.validating.rules.base import split_path
from khtool.validating.validation import validate

MONTH = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(2018, 2027), st.integers(1, 12))
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
NUMBER = st.one_of(st.none(), st.integers(-5, 300), st.floats(-5, 300, allow_nan=False))


@st.composite
def edits(draw: st.DrawFn) -> dict:
    return {
        "timeline": draw(
            st.one_of(
                st.none(),
                st.builds(
                    Timeline,
                    text=TEXT,
                    kind=st.one_of(st.none(), st.sampled_from(TimelineKind)),
                    start=st.one_of(st.none(), MONTH),
                    end=st.one_of(st.none(), MONTH),
                ),
            )
        ),
        "lead": draw(st.lists(TEXT, max_size=3)),
        "coordinating": draw(st.lists(TEXT, max_size=3)),
        # a TT as written: a number, 1.1, a letter, blank, any text, or None
        "tt": draw(
            st.one_of(
                st.none(),
                st.integers(-3, 30).map(str),
                st.sampled_from(["1.1", "2.3", "a", "b", "", " 7 ", "07", "٣", "²", "IV"]),
                TEXT,
            )
        ),
        "goal_text": draw(TEXT),
        "goal_id": draw(st.one_of(TEXT, st.sampled_from(["4.9", "p1", "0", "1.1.1"]))),
        "target": draw(
            st.builds(Target, value=NUMBER, min=NUMBER, max=NUMBER, subject=TEXT, text=TEXT)
        ),
        "bullet": draw(TEXT),
        "year": draw(st.one_of(st.none(), st.integers(1990, 2100))),
        "duty": draw(TEXT.map(lambda t: f"tại mục {t}, phần II")),
    }


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edit=edits())
def test_validate_never_raises(plan_2025: Plan, edit: dict) -> None:
    plan = plan_2025.model_copy(deep=True)
    assert plan.appendix is not None
    task = plan.appendix.groups[1].tasks[2]
    task.timeline = edit["timeline"]
    task.lead = edit["lead"]
    task.coordinating = edit["coordinating"]
    task.tt = edit["tt"]
    plan.goals[4].text = edit["goal_text"]
    plan.goals[5].id = edit["goal_id"]
    plan.goals[6].targets.append(edit["target"])
    plan.content[0].bullets.append(edit["bullet"])
    plan.document.plan_year = edit["year"]
    plan.organization[0].duties.append(edit["duty"])
    report = validate(plan)
    for f in report.findings:
        assert f.code in RULES
        assert f.message and len(f.message.splitlines()) == 1
        assert split_path(f.location) or f.location == ""
