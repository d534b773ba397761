"""Plan × Plan → :class:`~khtool.diffing.model.PlanDiff`: what changed from A to B.

Matching, not a line diff:

* **targets** (the numbers in the goals) are paired by the similarity of their
  subjects (``Tỷ lệ các quận, huyện, thị xã tổ chức tuyên truyền …``), whatever
  goal or position they sit in, and compared by value (``value`` or ``min``/``max``),
  unit and direction;
* **content areas** (section II) are paired by title; a paired area whose title
  differs is *renamed*; its bullets are paired the same way (added, dropped,
  reworded);
* **tasks** (the appendix) are paired one-to-one by name and text
  (:mod:`khtool.diffing.tasks`), then compared field by field.

Pairing is the one-to-one assignment with the largest total similarity among the pairs
at or above a threshold (:mod:`khtool.diffing.matching`);
the thresholds and weights default to ``khtool/data/diff.yaml``. A part that one of
the plans lacks (a partial plan from a press report has no appendix) is not
compared, and :attr:`PlanDiff.skipped` says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from khtool.diffing.matching import match, same_words, similarity
from khtool.diffing.model import (
    BulletChanges,
    ContentDiff,
    ContentSide,
    Counts,
    DiffOptions,
    PlanDiff,
    PlanInfo,
    Reworded,
    Status,
    Summary,
    TargetDiff,
    TargetSide,
    TaskDiff,
)
from khtool.diffing.tasks import diff_tasks
from khtool.model import ContentItem, Plan, Target
from khtool.vocab import load

_COMPARED = ("value", "min", "max", "unit", "direction")


def default_options(**overrides: Any) -> DiffOptions:
    """Thresholds and weights from data/diff.yaml, with keyword overrides (None = default)."""
    data = load("diff")
    values: dict[str, Any] = {
        "target_threshold": data["thresholds"]["target"],
        "content_threshold": data["thresholds"]["content"],
        "task_threshold": data["thresholds"]["task"],
        "task_margin": data["margins"]["task"],
        "task_name_weight": data["task_weights"]["name"],
        "task_text_weight": data["task_weights"]["text"],
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    return DiffOptions.model_validate(values)


def load_plan_file(path: str | Path) -> Plan:
    """A plan from a YAML/JSON plan file or any source document khtool.parse reads."""
    from khtool.model import load_plan
    from khtool.parsing.pipeline import parse

    path = Path(path)
    if path.suffix.lower() in {".yaml", ".yml", ".json"}:
        plan: Plan = load_plan(path)
        return plan
    return parse(path)


def _info(plan: Plan, other: Plan) -> PlanInfo:
    def label(p: Plan) -> str:
        if p.document.plan_year is None:
            return Path(p.source.path).name
        return f"{p.document.plan_year}{' draft' if p.document.draft else ''}"

    own, theirs = label(plan), label(other)
    if own == theirs:
        own = Path(plan.source.path).name
    d = plan.document
    return PlanInfo(
        label=own,
        path=plan.source.path,
        plan_year=d.plan_year,
        number=d.number,
        issued_on=d.issued_on,
        issuer=d.issuer,
        draft=d.draft,
        partial=plan.partial,
        missing=list(plan.missing),
    )


# --- targets -----------------------------------------------------------------
def _targets(plan: Plan) -> list[TargetSide]:
    return [
        TargetSide(goal=g.id, index=k, **t.model_dump(include={"subject", "text", *_COMPARED}))
        for g in plan.goals
        for k, t in enumerate(g.targets)
    ]


def midpoint(t: TargetSide | Target) -> float | None:
    if t.value is not None:
        return float(t.value)
    ends = [float(x) for x in (t.min, t.max) if x is not None]
    return sum(ends) / len(ends) if ends else None


def _diff_targets(a: Plan, b: Plan, options: DiffOptions) -> list[TargetDiff]:
    ta, tb = _targets(a), _targets(b)
    pairs = match(ta, tb, lambda x, y: similarity(x.subject, y.subject), options.target_threshold)
    by_b = {p.j: p for p in pairs}
    out: list[TargetDiff] = []
    for j, y in enumerate(tb):
        pair = by_b.get(j)
        if pair is None:
            out.append(TargetDiff(status=Status.added, score=None, a=None, b=y, delta=None))
            continue
        x = ta[pair.i]
        same = all(getattr(x, f) == getattr(y, f) for f in _COMPARED)
        mx, my = midpoint(x), midpoint(y)
        delta = None if mx is None or my is None else round(my - mx, 4)
        status = Status.unchanged if same else Status.changed
        out.append(TargetDiff(status=status, score=pair.score, a=x, b=y, delta=delta))
    matched = {p.i for p in pairs}
    out += [
        TargetDiff(status=Status.dropped, score=None, a=x, b=None, delta=None)
        for i, x in enumerate(ta)
        if i not in matched
    ]
    return out


# --- content areas -----------------------------------------------------------
def _bullets(old: list[str], new: list[str], threshold: float) -> BulletChanges:
    pairs = match(old, new, similarity, threshold)
    matched_a, matched_b = {p.i for p in pairs}, {p.j for p in pairs}
    return BulletChanges(
        added=[x for j, x in enumerate(new) if j not in matched_b],
        dropped=[x for i, x in enumerate(old) if i not in matched_a],
        reworded=[
            Reworded(old=old[p.i], new=new[p.j], score=p.score)
            for p in pairs
            if not same_words(old[p.i], new[p.j])
        ],
    )


def _diff_content(a: Plan, b: Plan, options: DiffOptions) -> list[ContentDiff]:
    ca, cb = a.content, b.content
    threshold = options.content_threshold
    pairs = match(ca, cb, lambda x, y: similarity(x.title, y.title), threshold)
    by_b = {p.j: p for p in pairs}

    def side(c: ContentItem) -> ContentSide:
        return ContentSide(id=c.id, title=c.title)

    out: list[ContentDiff] = []
    for j, y in enumerate(cb):
        pair = by_b.get(j)
        if pair is None:
            out.append(
                ContentDiff(
                    status=Status.added,
                    score=None,
                    a=None,
                    b=side(y),
                    bullets=BulletChanges(added=list(y.bullets)),
                )
            )
            continue
        x = ca[pair.i]
        bullets = _bullets(x.bullets, y.bullets, threshold)
        if not same_words(x.title, y.title):
            status = Status.renamed
        elif bullets.added or bullets.dropped or bullets.reworded:
            status = Status.changed
        else:
            status = Status.unchanged
        out.append(
            ContentDiff(status=status, score=pair.score, a=side(x), b=side(y), bullets=bullets)
        )
    matched = {p.i for p in pairs}
    out += [
        ContentDiff(
            status=Status.dropped,
            score=None,
            a=side(x),
            b=None,
            bullets=BulletChanges(dropped=list(x.bullets)),
        )
        for i, x in enumerate(ca)
        if i not in matched
    ]
    return out


# --- the whole diff ----------------------------------------------------------
def _counts(entries: list[Any]) -> Counts:
    counts = Counts()
    for e in entries:
        setattr(counts, e.status.value, getattr(counts, e.status.value) + 1)
    return counts


# part -> (what a plan lacks, test that it has it)
_PARTS: dict[str, tuple[str, Any]] = {
    "targets": ("no goals", lambda p: "goals" not in p.missing),
    "content": ("no content section", lambda p: "content" not in p.missing),
    "tasks": ("no appendix task table", lambda p: p.appendix is not None),
}


def _skip_note(part: str, plans: list[tuple[Plan, PlanInfo]]) -> str | None:
    """Why a part cannot be compared (one of the plans lacks it), or None."""
    what, has = _PARTS[part]
    lacking = [
        info.label + (" (a partial plan)" if plan.partial else "")
        for plan, info in plans
        if not has(plan)
    ]
    if not lacking:
        return None
    verb = "has" if len(lacking) == 1 else "have"
    return f"{part} not compared: {' and '.join(lacking)} {verb} {what}"


def diff(
    a: Plan | str | Path, b: Plan | str | Path, *, options: DiffOptions | None = None
) -> PlanDiff:
    """What changed from plan ``a`` (older) to plan ``b`` (newer).

    ``a`` and ``b`` are Plans or paths (YAML/JSON plan files or source documents).
    """
    pa = a if isinstance(a, Plan) else load_plan_file(a)
    pb = b if isinstance(b, Plan) else load_plan_file(b)
    options = options or default_options()
    ia, ib = _info(pa, pb), _info(pb, pa)
    plans = [(pa, ia), (pb, ib)]
    notes = {part: _skip_note(part, plans) for part in _PARTS}
    skipped = [n for n in notes.values() if n]
    targets = [] if notes["targets"] else _diff_targets(pa, pb, options)
    content = [] if notes["content"] else _diff_content(pa, pb, options)
    tasks: list[TaskDiff] = []
    if pa.appendix is not None and pb.appendix is not None:
        years = (pa.document.plan_year, pb.document.plan_year)
        tasks = diff_tasks(pa.appendix, pb.appendix, options, years)
    counts = Summary(
        targets=_counts(targets),
        content=_counts(content),
        tasks=_counts(tasks),
        differences=0,
    )
    counts.differences = sum(c.differences for c in (counts.targets, counts.content, counts.tasks))
    return PlanDiff(
        a=ia,
        b=ib,
        options=options,
        summary=counts,
        targets=targets,
        content=content,
        tasks=tasks,
        skipped=skipped,
    )
