"""Plain-language summaries a department head reads in a minute.

``plan_summary`` tells what one plan holds (goals, targets, tasks, who leads them,
when); ``diff_summary`` tells what changed between two plans ("Chỉ tiêu … tăng từ
80% lên 100%", "9 nhiệm vụ mới, 6 nhiệm vụ không còn"). Both return sentences in
the language of the :class:`~khtool.reporting.wording.Wording` given; ``khtool diff``
prints the same sentences as the HTML report shows.
"""

from __future__ import annotations

from collections import Counter

from khtool.diffing.model import Counts, PlanDiff, PlanInfo, Status, TargetDiff
from khtool.model import Direction, Plan
from khtool.reporting.wording import Wording

_TARGETS_NAMED = 8  # changed targets told one by one; the rest are counted
_ITEMS_NAMED = 3  # new or dropped targets and areas named before 'và N … khác'


def lead_counts(plan: Plan) -> list[tuple[str, int]]:
    """Lead units with the number of tasks each leads, most first (then as first met)."""
    counts = Counter(unit for task in plan.tasks() for unit in task.lead)
    return counts.most_common()


def _months(plan: Plan) -> tuple[str | None, str | None]:
    starts = [t.timeline.start for t in plan.tasks() if t.timeline and t.timeline.start]
    ends = [t.timeline.end for t in plan.tasks() if t.timeline and t.timeline.end]
    return (min(starts) if starts else None), (max(ends) if ends else None)


def plan_summary(plan: Plan, w: Wording) -> list[str]:
    """What the plan holds, in a few sentences."""
    tasks = plan.tasks()
    targets = sum(len(g.targets) for g in plan.goals)
    groups = len(plan.appendix.groups) if plan.appendix else 0
    out = [
        w(
            "plan_counts",
            goals=w("n_goals", n=len(plan.goals)),
            targets=w("n_targets", n=targets),
            tasks=w("n_tasks", n=len(tasks)),
            areas=w("n_areas", n=len(plan.content)),
        )
    ]
    leads = lead_counts(plan)
    if leads:
        parts = [w("leads_one", unit=unit, tasks=w("n_tasks", n=n)) for unit, n in leads]
        out.append(w("leads", parts=w.listing(parts, shown=4)))
    if groups:
        out.append(w("plan_groups", groups=w("n_groups", n=groups)))
    first, last = _months(plan)
    if first and last:
        out.append(w("plan_months", start=w.month(first), end=w.month(last)))
    if plan.partial:
        out.append(w("plan_partial", parts=", ".join(w.part(p) for p in plan.missing)))
    return out


def target_sentence(t: TargetDiff, w: Wording) -> str:
    """'Chỉ tiêu “các khu, cụm công nghiệp” tăng từ 85% lên 100%.'"""
    assert t.a is not None and t.b is not None
    subject = w.quoted(t.b.subject)
    same_kind = t.a.direction == t.b.direction and t.a.unit == t.b.unit
    if not same_kind or not t.delta:
        return w("target_other", subject=subject, old=w.amount(t.a), new=w.amount(t.b))
    old, new = w.amount(t.a, with_direction=False), w.amount(t.b, with_direction=False)
    cut = "cut_" if t.b.direction == Direction.decrease else ""
    key = f"target_{cut}{'up' if t.delta > 0 else 'down'}"
    return w(key, subject=subject, old=old, new=new)


def _count_parts(c: Counts, noun: str, w: Wording, order: list[str]) -> list[str]:
    return [w(f"{noun}_{k}", n=getattr(c, k)) for k in order if getattr(c, k)]


def _lacking(d: PlanDiff, part: str) -> list[PlanInfo]:
    key = {"tasks": "appendix", "targets": "goals", "content": "content"}[part]
    return [info for info in (d.a, d.b) if key in info.missing]


def skipped_sentence(d: PlanDiff, note: str, w: Wording) -> str:
    """A part not compared, and why, in the report's language."""
    part = note.split()[0]
    lacking = _lacking(d, part)
    if not lacking:
        text = w("skipped_unknown", part=w.part(part))
        return text[:1].upper() + text[1:]
    plans = ", ".join(
        w("plan_partial_label" if i.partial else "plan_label", label=w.plan_label(i))
        for i in lacking
    )
    text = w("skipped", part=w.part(part), plans=plans, lacks=w(f"lacks_{part}"))
    return text[:1].upper() + text[1:]


def diff_summary(d: PlanDiff, w: Wording) -> list[str]:
    """What changed from A to B, in plain sentences (most telling first)."""
    a, b = w.plan_label(d.a), w.plan_label(d.b)
    if d.is_empty:
        return [w("diff_none", a=a, b=b)]
    s = d.summary
    order = ["changed", "unchanged", "added", "dropped"]
    parts = _count_parts(s.targets, "targets", w, order)
    out = [w("diff_lead", a=a, b=b, parts=", ".join(parts) or w("targets_none"))]
    changed = [t for t in d.targets if t.status == Status.changed]
    out += [target_sentence(t, w) for t in changed[:_TARGETS_NAMED]]
    if len(changed) > _TARGETS_NAMED:
        out.append(w("targets_more", n=len(changed) - _TARGETS_NAMED))
    for status in (Status.added, Status.dropped):
        sides = [t.b if status == Status.added else t.a for t in d.targets if t.status == status]
        subjects = [w.quoted(side.subject, 60) for side in sides if side is not None]
        if subjects:
            out.append(w(f"targets_list_{status.value}", items=w.listing(subjects, _ITEMS_NAMED)))
    areas = _count_parts(s.content, "areas", w, ["renamed", "changed", "added", "dropped"])
    if areas:
        out.append(w("areas", parts=", ".join(areas)))
    tasks_skipped = [n for n in d.skipped if n.startswith("tasks ")]
    if tasks_skipped:
        out.append(skipped_sentence(d, tasks_skipped[0], w))
    else:
        tasks = _count_parts(s.tasks, "tasks", w, ["added", "dropped", "changed", "unchanged"])
        if tasks:
            out.append(w("tasks", parts=", ".join(tasks)))
    out += [skipped_sentence(d, n, w) for n in d.skipped if not n.startswith("tasks ")]
    return out
