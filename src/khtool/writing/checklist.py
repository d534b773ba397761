"""What the officer must check in a next-year draft: targets carried over, tasks whose
deadline fell in the old year, timelines not read, units renamed since, and mentions of
the old year that were kept (dates, periods, numbers). Wording in ``data/draft.yaml``."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any

import regex

from khtool.model import Plan, Section, Task, TimelineKind
from khtool.vocab import load
from khtool.writing.years import left_over

_MAX_PLACES = 8


def _words() -> dict[str, str]:
    return dict(load("draft")["checklist"])


def _task_label(task: Task, index: int) -> str:
    return f"TT {task.tt}" if task.tt else f"nhiệm vụ {index + 1}"


def _places(labels: list[str]) -> str:
    unique = list(dict.fromkeys(labels))
    more = len(unique) - _MAX_PLACES
    shown = ", ".join(unique[:_MAX_PLACES])
    return f"{shown} và {more} chỗ khác" if more > 0 else shown


def _texts(plan: Plan) -> Iterator[tuple[str, str]]:
    """(where, text) of every text of the draft an officer edits."""
    if plan.document.title:
        yield "tiêu đề", plan.document.title

    def walk(sections: list[Section], path: tuple[str, ...]) -> Iterator[tuple[str, str]]:
        for s in sections:
            key = (*path, s.number) if s.number else path
            label = "mục " + ".".join(key) if key else "phần mở đầu"
            for text in [s.title, *s.text]:
                yield label, text
            yield from walk(s.children, key)

    yield from walk(plan.sections, ())
    if not plan.sections:
        for goal in plan.goals:
            yield f"mục tiêu {goal.id}", goal.text
        for item in plan.content:
            for text in [item.title, *item.bullets]:
                yield f"nội dung {item.id}", text
        for org in plan.organization:
            for text in [org.unit, *org.duties]:
                yield f"đơn vị {org.id}", text
    for i, task in enumerate(plan.tasks()):
        label = _task_label(task, i)
        for text in [task.name, *task.content, *task.targets, *task.lead, *task.coordinating]:
            yield label, text


@cache
def _renames() -> list[tuple[regex.Pattern[str], dict[str, Any]]]:
    out = []
    for item in load("draft")["renamed_units"]:
        old = unicodedata.normalize("NFC", str(item["old"]))
        pattern = regex.compile(rf"(?<!\w){regex.escape(old)}(?!\w)", regex.IGNORECASE)
        out.append((pattern, dict(item)))
    return out


def _renamed(plan: Plan, year: int) -> list[str]:
    words = _words()
    found: dict[str, tuple[dict[str, Any], list[str]]] = {}
    texts = [(w, unicodedata.normalize("NFC", t)) for w, t in _texts(plan)]
    for pattern, item in _renames():
        if int(item["year"]) > year:
            continue
        places = [where for where, text in texts if pattern.search(text)]
        if places:
            found[str(item["old"])] = (item, places)
    lines = []
    for old, (item, places) in found.items():
        if any(old != other and old.casefold() in other.casefold() for other in found):
            continue  # 'các quận, huyện' inside 'UBND các quận, huyện' is named once
        lines.append(
            words["renamed"].format(
                old=old, new=item["new"], since=item["year"], where=_places(places)
            )
        )
    return lines


def checklist(source: Plan, draft: Plan, old: int, new: int) -> list[str]:
    """The checklist of a draft for year ``new`` made from the plan of year ``old``."""
    w = _words()
    fmt: dict[str, Any] = {"from": old, "year": new}
    lines = [w["header"].format(**fmt), w["number"].format(**fmt)]
    refs = source.document.legal_basis
    if refs:
        lines.append(w["basis"].format(count=len(refs), **fmt))
    targets = [(g.id, t) for g in draft.goals for t in g.targets]
    if targets:
        where = _places([f"mục tiêu {gid}" for gid, _ in targets])
        lines.append(w["targets"].format(count=len(targets), where=where, **fmt))
    tasks = source.tasks()
    deadlines, unread = [], []
    for i, task in enumerate(tasks):
        timeline = task.timeline
        if timeline is None or timeline.kind is None:
            unread.append(_task_label(task, i))
        elif timeline.kind == TimelineKind.by or (
            timeline.end is not None and int(timeline.end[:4]) < old
        ):
            deadlines.append(_task_label(task, i))
    if tasks:
        lines.append(w["tasks"].format(count=len(tasks), **fmt))
    if deadlines:
        lines.append(w["deadlines"].format(where=_places(deadlines), **fmt))
    if unread:
        lines.append(w["unread"].format(where=_places(unread), **fmt))
    lines += _renamed(draft, new)
    kept = [where for where, text in _texts(draft) if left_over(text, old)]
    if kept:
        lines.append(w["leftover"].format(where=_places(kept), **fmt))
    if source.document.signer.name:
        lines.append(w["signer"].format(**fmt))
    return lines
