"""Next year's draft of a yearly plan, as the plan officer writes it each autumn.

Number and date blank, ``draft: true``; the plan year moved on in the title and the text
where it names the plan year (:mod:`khtool.writing.years`); every task carried over with
its timeline one year later (text, start and end; the kind kept); targets carried over
unchanged and marked to review; and a checklist of what the officer must check
(:mod:`khtool.writing.checklist`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import regex

from khtool.errors import UsageError
from khtool.model import Plan, Section, Task, Timeline, TimelineKind
from khtool.parsing.fields.timeline import parse_timeline
from khtool.writing.checklist import checklist
from khtool.writing.pages import issuer_lines
from khtool.writing.render import Comments
from khtool.writing.views import view_sections
from khtool.writing.years import move_year, shift_month, shift_years

Move = Callable[[str], str]


@dataclass
class Draft:
    plan: Plan
    issue_year: int  # the year the draft is written in (the blank date's year)
    checklist: list[str] = field(default_factory=list)
    comments: Comments = field(default_factory=Comments)


def make_draft(plan: Plan, year: int | None = None) -> Draft:
    """The draft for ``year`` (default: the year after the plan's) of a yearly plan."""
    old = plan.document.plan_year
    if old is None:
        span = plan.document.period
        what = f"the period {span.start}–{span.end}" if span else "no plan year in its title"
        raise UsageError(f"the plan has {what}: a next-year draft needs a yearly plan")
    new = year if year is not None else old + 1
    if new <= old:
        raise UsageError(f"the draft's year ({new}) must come after the plan's ({old})")
    issued = plan.document.issued_on
    issue_year = issued.year + (new - old) if issued else new - 1
    draft = plan.model_copy(deep=True)
    move: Move = lambda text: move_year(text, old, new)  # noqa: E731
    _document(draft, move, issue_year, new)
    _body(draft, move)
    for task in draft.appendix.tasks() if draft.appendix else []:
        _task(task, move)
        task.timeline = _shift(task.timeline, new - old)
    for task in draft.body_tasks:
        _task(task, move)
        task.timeline = _reread(task.timeline, move)
    if draft.appendix is not None:
        app = draft.appendix
        app.title = move(app.title) if app.title else None
        app.subtitle = _blank_subtitle(app.subtitle, issue_year) if app.subtitle else None
        app.notes = [move(n) for n in app.notes]
        for group in app.groups:
            group.title = move(group.title)
    result = Draft(draft, issue_year)
    result.checklist = checklist(plan, draft, old, new)
    result.comments = _comments(draft, old, result.checklist)
    draft.warnings = list(result.checklist)
    return result


def _document(plan: Plan, move: Move, issue_year: int, new: int) -> None:
    doc = plan.document
    doc.number, doc.issued_on, doc.draft = None, None, True
    if not doc.issuer_lines:  # the lines the draft's header shows
        doc.issuer_lines = [line.text for line in issuer_lines(plan)]
    if doc.issued_with is not None:
        doc.issued_with.number, doc.issued_with.date = None, None
        doc.issued_with.text = _blank_subtitle(doc.issued_with.text, issue_year)
    doc.title = move(doc.title) if doc.title else None
    doc.plan_year = new
    if doc.period is not None:
        doc.period.start, doc.period.end = new, new


def _body(plan: Plan, move: Move) -> None:
    def walk(sections: list[Section]) -> None:
        for s in sections:
            s.title, s.text = move(s.title), [move(t) for t in s.text]
            walk(s.children)

    walk(plan.sections)
    for goal in plan.goals:
        goal.text = move(goal.text)
        for target in goal.targets:
            target.subject, target.text = move(target.subject), move(target.text)
    for item in plan.content:
        item.title, item.bullets = move(item.title), [move(b) for b in item.bullets]
    plan.content_notes = [move(n) for n in plan.content_notes]
    plan.funding = [move(f) for f in plan.funding]
    for org in plan.organization:
        org.unit, org.duties = move(org.unit), [move(d) for d in org.duties]
        org.role = move(org.role) if org.role else None
    plan.organization_notes = [move(n) for n in plan.organization_notes]


def _task(task: Task, move: Move) -> None:
    task.name = move(task.name)
    task.content = [move(c) for c in task.content]
    task.targets = [move(t) for t in task.targets]
    for q in task.quantities:
        q.text = move(q.text)
    task.extra = {k: move(v) for k, v in task.extra.items()}


def _shift(timeline: Timeline | None, shift: int) -> Timeline | None:
    """A table task's timeline one year on: every year of its text, its start and end."""
    if timeline is None:
        return None
    return Timeline(
        text=shift_years(timeline.text, shift),
        kind=timeline.kind,
        start=shift_month(timeline.start, shift),
        end=shift_month(timeline.end, shift),
    )


def _reread(timeline: Timeline | None, move: Move) -> Timeline | None:
    """A body task's timeline, moved as the body text it stands in and read again."""
    if timeline is None:
        return None
    text = move(timeline.text)
    span = parse_timeline(text)
    kind = TimelineKind(span.kind) if span.kind else None
    return Timeline(text=text, kind=kind, start=span.start, end=span.end)


def _blank_subtitle(text: str, issue_year: int) -> str:
    """'(… Kế hoạch số 96/KH-UBND ngày 07/5/2020 …)' with the number and date blank."""
    text = regex.sub(r"(số\s*:?\s*)\d[\d\s]*(?=/)", r"\g<1>", text, flags=regex.I)
    text = regex.sub(r"ngày[\s\d./…_]*/[\s\d./…_]*/\s*\d{4}", f"ngày / /{issue_year}", text)
    text = regex.sub(
        r"ngày[\s\d…_.]*tháng[\s\d…_.]*năm\s*\d{4}", f"ngày tháng năm {issue_year}", text
    )
    return " ".join(text.split())  # as a reader gives it back: blanks are one space


def _comments(plan: Plan, old: int, lines: list[str]) -> Comments:
    note = load_note(old)
    comments = Comments(title=list(lines))
    goals = {g.id: g for g in plan.goals if g.targets}

    def walk(sections: list[Section], path: tuple[str, ...]) -> None:
        for s in sections:
            key = (*path, s.number or "")
            goal = goals.get(s.number or "")
            if goal is not None and goal.text.startswith(s.title):
                comments.sections[key] = note
            walk(s.children, key)

    walk(plan.sections or view_sections(plan), ())
    for i, task in enumerate(plan.appendix.tasks() if plan.appendix else []):
        if task.targets:
            comments.tasks[i] = note
    return comments


def load_note(old: int) -> str:
    from khtool.vocab import load

    return str(load("draft")["checklist"]["target_note"]).format(**{"from": old})
