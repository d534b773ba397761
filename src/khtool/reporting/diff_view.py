"""The two-plan report's content: a PlanDiff laid out side by side, in the report's words."""

from __future__ import annotations

from typing import Any

from khtool.diffing.differ import diff
from khtool.diffing.model import (
    ContentDiff,
    ContentSide,
    ListChange,
    PlanDiff,
    Status,
    TargetDiff,
    TaskChanges,
    TaskDiff,
    TimelineChange,
)
from khtool.model import Plan
from khtool.reporting.summary import diff_summary, skipped_sentence
from khtool.reporting.views import header
from khtool.reporting.wording import Wording


def target_change_words(t: TargetDiff, w: Wording) -> tuple[str, str]:
    """(words, css class) of a target's change: '+15 điểm %', 'up'."""
    if t.status in (Status.added, Status.dropped):
        return w(f"status_{t.status.value}"), t.status.value
    if t.status == Status.unchanged or t.a is None or t.b is None:
        return w("status_unchanged"), "same"
    if t.delta:
        unit = w("points") if t.b.unit == "%" else t.b.unit
        sign = "+" if t.delta > 0 else "−"
        return f"{sign}{w.num(abs(t.delta))} {unit}", "up" if t.delta > 0 else "down"
    return w("status_changed"), "other"


def _targets(d: PlanDiff, w: Wording) -> list[dict[str, Any]]:
    rows = []
    for t in d.targets:
        side = t.b or t.a
        assert side is not None
        change, css = target_change_words(t, w)
        rows.append(
            {
                "subject": side.subject,
                "a": w.amount(t.a) if t.a else "—",
                "b": w.amount(t.b) if t.b else "—",
                "change": change,
                "css": css,
            }
        )
    return rows


def _area(side: ContentSide | None) -> str:
    return f"{side.id}. {side.title}" if side else "—"


def _content(c: ContentDiff, w: Wording) -> dict[str, Any]:
    return {
        "status": c.status.value,
        "status_label": w(f"status_{c.status.value}"),
        "a": _area(c.a),
        "b": _area(c.b),
        "added": c.bullets.added,
        "dropped": c.bullets.dropped,
        "reworded": [(r.old, r.new) for r in c.bullets.reworded],
    }


def _shift(t: TimelineChange, w: Wording) -> str:
    notes = []
    for what, n in (("start", t.start_shift), ("end", t.end_shift)):
        if n:
            notes.append(w(f"{what}_{'later' if n > 0 else 'earlier'}", n=abs(n)))
    return ", ".join(notes)


def _list(label: str, change: ListChange | None) -> dict[str, Any] | None:
    if change is None:
        return None
    return {"label": label, "added": change.added, "removed": change.removed}


def _fields(c: TaskChanges, w: Wording) -> list[dict[str, Any]]:
    """One row per changed field: its name, old → new, or the items added and removed."""
    rows: list[dict[str, Any] | None] = []
    for name in ("name", "tt", "group"):
        value = getattr(c, name)
        if value is not None:
            rows.append({"label": w(f"field_{name}"), "old": value.old, "new": value.new})
    rows.append(_list(w("field_lead"), c.lead))
    rows.append(_list(w("field_coordinating"), c.coordinating))
    if c.timeline:
        t = c.timeline
        rows.append(
            {"label": w("field_timeline"), "old": t.old, "new": t.new, "note": _shift(t, w)}
        )
    for q in c.quantities:
        rows.append(
            {
                "label": w("field_quantity", item=q.item),
                "old": ", ".join(q.old) or "—",
                "new": ", ".join(q.new) or "—",
            }
        )
    rows.append(_list(w("field_content"), c.content))
    rows.append(_list(w("field_targets"), c.targets))
    return [r for r in rows if r is not None]


def change_words(c: TaskChanges, w: Wording) -> list[str]:
    """One line per changed field, for text and Markdown: 'Đơn vị phối hợp +: …'."""
    lines = []
    for row in _fields(c, w):
        if "added" in row and row["label"] in (w("field_content"), w("field_targets")):
            lines.append(f"{row['label']}: +{len(row['added'])} −{len(row['removed'])}")
        elif "added" in row:
            for sign, items in (("+", row["added"]), ("−", row["removed"])):
                if items:
                    lines.append(f"{row['label']} {sign}: {w.listing(items)}")
        elif row["label"] == w("field_name"):
            lines.append(w("name_reworded"))
        else:
            note = f" ({row['note']})" if row.get("note") else ""
            lines.append(f"{row['label']}: {row['old'] or '—'} → {row['new'] or '—'}{note}")
    return lines


def _task(t: TaskDiff) -> dict[str, Any]:
    def label(side: Any) -> str:
        return f"{side.group}/{side.tt or '—'}. {side.name}" if side else "—"

    return {"a": label(t.a), "b": label(t.b), "score": t.score}


def diff_view(a: Plan, b: Plan, w: Wording) -> dict[str, Any]:
    d = diff(a, b)
    tasks = {s: [t for t in d.tasks if t.status == s] for s in Status}
    changed = [{**_task(t), "fields": _fields(t.changes, w)} for t in tasks[Status.changed]]
    la, lb = w.plan_label(d.a), w.plan_label(d.b)
    return {
        "kind": "diff",
        "page_title": w("title_diff", a=la, b=lb),
        "a": {**header(a, w), "label": la},
        "b": {**header(b, w), "label": lb},
        "summary": diff_summary(d, w),
        "targets": _targets(d, w),
        "content": [_content(c, w) for c in d.content],
        "tasks_added": [_task(t) for t in tasks[Status.added]],
        "tasks_dropped": [_task(t) for t in tasks[Status.dropped]],
        "tasks_changed": changed,
        "tasks_unchanged": len(tasks[Status.unchanged]),
        "tasks_compared": not any(n.startswith("tasks ") for n in d.skipped),
        "skipped": [skipped_sentence(d, n, w) for n in d.skipped],
        "counts": d.summary,
    }
