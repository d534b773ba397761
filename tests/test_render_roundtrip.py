"""parse(render(plan)) gives the plan back: for every plan of data/plans/ and every real
plan of ../shared/realworld that parses.

Compared: everything but ``source``, ``warnings`` and each task's ``source`` (the page,
line, table and section it was read from: a rendered file has its own lines, one table
and, in Word, no pages). Fields that cannot survive, each for the reason given:

* ``document.issuer_lines`` when the plan has none (its source did not show the issuing
  body as lines): the layout needs the issuing body, so the render builds the lines
  from ``document.issuer`` and the parser reads them back.
* for a plan without a section tree (one read from a press report):
  ``sections`` (the body is written from the goals/content/funding/organisation views,
  and read back as a tree), ``goals[].id`` (synthetic ids ``p1``, ``p2`` … are written as
  the numbers 1, 2 …), ``partial`` (a Word document is read as a whole plan),
  ``document.period`` (the document parser derives it from the title; the press reader
  does not) and the case of ``document.issuer`` (rebuilt from the upper-case header
  lines: ``UBND Thành phố Hà Nội`` comes back as ``UBND thành phố Hà Nội``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

import khtool
from khtool.errors import KhtoolError
from khtool.model import Plan, Section, load_plan
from tests.conftest import ROOT
from tests.render_support import differences, round_trip

PLANS = sorted((ROOT / "data" / "plans").glob("*.yaml"))
REAL_DOCS = ROOT.parent / "shared" / "realworld" / "docs"
VIEWS = ("goals", "content", "content_notes", "funding", "organization", "organization_notes")
_MARK = regex.compile(r"^\s*(?:[-+•–*]|\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\))\s*")


def allowed(plan: Plan) -> list[str]:
    """Patterns of the paths that may differ after a round trip, and why (module doc)."""
    out = []
    if not plan.document.issuer_lines:
        out.append(r"document\.issuer_lines")
    if not plan.sections:
        out += [r"sections", r"goals\[\d+\]\.id", "partial", r"document\.period"]
        out.append(r"document\.issuer")
    return out


def unexpected(plan: Plan, again: Plan) -> list[str]:
    patterns = allowed(plan)
    found = differences(plan.model_dump(mode="json"), again.model_dump(mode="json"))
    return [d for d in found if not any(regex.fullmatch(p, d) for p in patterns)]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_plans_survive_a_round_trip(path: Path, tmp_path: Path) -> None:
    plan = load_plan(path)
    again = round_trip(plan, tmp_path)
    assert unexpected(plan, again) == []
    # what may differ differs only as described
    assert (again.document.issuer or "").casefold() == (plan.document.issuer or "").casefold()
    assert len(again.goals) == len(plan.goals)
    assert [g.targets for g in again.goals] == [g.targets for g in plan.goals]
    assert again.tasks() == [] or [t.name for t in again.tasks()] == [t.name for t in plan.tasks()]
    if plan.sections:
        assert again.sections == plan.sections


def test_the_press_plan_comes_back_numbered(tmp_path: Path) -> None:
    plan = load_plan(ROOT / "data" / "plans" / "hanoi-2024-263-KH-UBND.yaml")
    again = round_trip(plan, tmp_path)
    assert [g.id for g in again.goals] == [str(i) for i in range(1, len(plan.goals) + 1)]
    assert [s.title for s in again.sections] == ["MỤC TIÊU, YÊU CẦU", "NỘI DUNG"]
    assert again.missing == plan.missing == ["funding", "organization", "appendix"]
    assert again.document.number == "263/KH-UBND"
    assert str(again.document.issued_on) == "2023-11-06"


def _texts(sections: list[Section]) -> set[str]:
    out: set[str] = set()
    for s in sections:
        out |= {_MARK.sub("", t) for t in [s.title, *s.text]}
        out |= _texts(s.children)
    return out


def views_follow_tree(plan: Plan) -> bool:
    """Whether every line the views hold is a whole line of the section tree.

    Not so when the source wrapped a paragraph over several lines (line breaks in a
    Word paragraph, a PDF turned to markdown): the tree joins the lines back, but the
    views read them one by one (khtool/parsing/pipeline.py `_view_lines` gives the
    views `Node.body_lines()`, the raw lines, not the joined `Section.text`).
    """
    lines = _texts(plan.sections)
    items = [*plan.funding, *plan.content_notes]
    items += [t for c in plan.content for t in [c.title, *c.bullets]]
    items += [d for o in plan.organization for d in o.duties[1:]]
    # a unit's first duty may share the unit's line ('Sở Tài chính: bố trí kinh phí …')
    firsts = [(o.unit, o.duties[0]) for o in plan.organization if o.duties]
    joined = [_MARK.sub("", line) for line in lines]
    return all(_MARK.sub("", i) in lines for i in items) and all(
        _MARK.sub("", d) in lines or any(j.endswith(f"{u}: {d}") for j in joined) for u, d in firsts
    )


def _real_docs() -> list[Path]:
    if not REAL_DOCS.is_dir():
        return []
    return sorted(p for p in REAL_DOCS.iterdir() if p.is_file())


@pytest.mark.skipif(not REAL_DOCS.is_dir(), reason="../shared/realworld is absent")
@pytest.mark.parametrize("path", _real_docs(), ids=lambda p: p.name)
def test_real_plans_survive_a_round_trip(
    path: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    try:
        plan = khtool.parse(path)
    except KhtoolError as exc:
        pytest.skip(f"does not parse: {exc}")
    again = round_trip(plan, tmp_path)
    diffs = unexpected(plan, again)
    assert [d for d in diffs if d.split(".")[0].split("[")[0] not in VIEWS] == []
    if not views_follow_tree(plan):
        request.applymarker(
            pytest.mark.xfail(
                strict=True,
                reason="parser: the views (goals/content/funding/organization) read the "
                "source's wrapped lines one by one while the section tree joins them "
                "(parsing/pipeline.py _view_lines uses Node.body_lines()); the render "
                "writes the joined paragraphs, so the views come back joined",
            )
        )
    assert diffs == []
