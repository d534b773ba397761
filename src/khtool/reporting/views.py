"""What the templates show: plain dicts and lists built from plans and diffs.

The templates only lay these out; every word comes from the report's
:class:`~khtool.reporting.wording.Wording` and every value from a document is
escaped by Jinja2's autoescaping when it is written.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

import regex

from khtool.model import Plan, Task
from khtool.reporting.calendar import calendar
from khtool.reporting.summary import lead_counts, plan_summary
from khtool.reporting.trends import chart, series
from khtool.reporting.wording import Wording

_NUMBER = regex.compile(r"\d+")


def header(plan: Plan, w: Wording) -> dict[str, Any]:
    """The plan's identity: issuer, number, date, title, year, draft/partial, source."""
    d = plan.document
    number = w("number", number=d.number) if d.number else w("no_number")
    return {
        "issuer": d.issuer or "",
        "number": number,
        "date": w("issued", date=w.date(d.issued_on)) if d.issued_on else w("undated"),
        "title": d.title or "",
        "year": d.plan_year,
        "label": w("label_draft", year=d.plan_year) if d.draft else str(d.plan_year or ""),
        "draft": d.draft,
        "partial": plan.partial,
        "missing": ", ".join(w.part(p) for p in plan.missing),
        "signer": ", ".join(x for x in (d.signer.title, d.signer.name) if x),
        "source": plan.source.path,
    }


def source_link(plan: Plan, task: Task, base: Path | None, w: Wording) -> tuple[str, str]:
    """(label, href) of the task's place in its source: 'dòng 61', 'tr. 3, dòng 8'."""
    s = task.source
    parts = [
        w("source_page", page=s.page) if s.page else "",
        w("source_line", line=s.line) if s.line else "",
    ]
    label = ", ".join(p for p in parts if p)
    path = Path(plan.source.path)
    target = os.path.relpath(path.resolve(), base.resolve()) if base is not None else str(path)
    href = quote(Path(target).as_posix()) + (f"#page={s.page}" if s.page else "")
    return label, href


def _sort_key(tt: str | None) -> str:
    """TT as a zero-padded key so '10' sorts after '9' in the table."""
    return _NUMBER.sub(lambda m: m.group().zfill(6), tt or "")


def plan_view(plan: Plan, w: Wording, base: Path | None) -> dict[str, Any]:
    tasks = plan.tasks()
    leads = [unit for unit, _ in lead_counts(plan)]
    group_of = {id(t): g for g in (plan.appendix.groups if plan.appendix else []) for t in g.tasks}
    rows = []
    for i, task in enumerate(tasks):
        label, href = source_link(plan, task, base, w)
        group = group_of.get(id(task))
        tl = task.timeline
        rows.append(
            {
                "index": i,
                "tt": task.tt or "—",
                "tt_key": _sort_key(task.tt) or f"{i:06d}",
                "group": group.id if group else "",
                "group_title": group.title if group else "",
                "name": task.name,
                "lead": task.lead,
                "leads": " ".join(str(leads.index(u)) for u in task.lead),
                "coordinating": task.coordinating,
                "timeline": tl.text if tl else "—",
                "start": (tl.start or tl.end or "") if tl else "",
                "quantities": [q.text for q in task.quantities],
                "source_label": label,
                "source_href": href,
            }
        )
    targets = [
        {"goal": g.id, "subject": t.subject, "amount": w.amount(t), "text": t.text}
        for g in plan.goals
        for t in g.targets
    ]
    return {
        "kind": "plan",
        "page_title": w("title_plan", label=header(plan, w)["label"]),
        "plan": header(plan, w),
        "summary": plan_summary(plan, w),
        "targets": targets,
        "leads": lead_counts(plan),
        "tasks": rows,
        "calendar": calendar(tasks, leads, plan.document.plan_year),
    }


def trends_view(plans: list[Plan], w: Wording) -> dict[str, Any]:
    heads = [header(p, w) for p in plans]
    labels = [h["label"] or Path(p.source.path).name for h, p in zip(heads, plans, strict=True)]
    rows: list[dict[str, Any]] = []
    for s in series(plans):
        amounts = [w.amount(side) if side else "" for side in s.sides]
        rows.append({"series": chart(s, amounts), "subject": s.latest.subject, "amounts": amounts})
    spanning = [r for r in rows if r["series"].years > 1]
    changed = [r for r in spanning if r["series"].changed]
    summary = [
        w(
            "trends_lead",
            plans=w.listing(labels, shown=len(labels)),
            targets=w("n_targets", n=len(rows)),
        ),
        w("trends_spanning", n=len(spanning), changed=len(changed)),
    ]
    for r in changed[:8]:
        steps = [f"{a} ({lab})" for a, lab in zip(r["amounts"], labels, strict=True) if a]
        summary.append(w("trend_sentence", subject=w.quoted(r["subject"]), steps=" → ".join(steps)))
    return {
        "kind": "trends",
        "page_title": w("title_trends", plans=", ".join(labels)),
        "plans": heads,
        "labels": labels,
        "chart_labels": [str(p.document.plan_year or k + 1) for k, p in enumerate(plans)],
        "summary": summary,
        "rows": rows,
    }
