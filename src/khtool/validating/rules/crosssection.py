"""KH4xx cross-section: section II ↔ appendix, leads ↔ section IV, cross-references."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz

from khtool.model import ContentItem, Group, Plan
from khtool.parsing.outline import views
from khtool.validating.rules.base import (
    Finding,
    Severity,
    check,
    path,
    pattern,
    rule,
    setting,
    short,
    task_paths,
)
from khtool.validating.rules.units import canonical
from khtool.vocab import fold, spelled_out

E, W, INFO = Severity.error, Severity.warning, Severity.info

ITEM_WITHOUT_GROUP = rule(
    "KH401", E, "section II item without appendix group",
    "{content} item {id} ({title}) has no matching appendix group",
    "section II item 2 (Phát triển hệ thống phân phối bền vững) has no matching appendix group",
)  # fmt: skip
EMPTY_ITEM_WITHOUT_GROUP = rule(
    "KH402", INFO, "section II item without bullets or appendix group",
    "{content} item {id} ({title}) has no bullets and no appendix group",
    "section II item 4 (Thực hiện lồng ghép …) has no bullets and no appendix group",
)  # fmt: skip
GROUP_WITHOUT_ITEM = rule(
    "KH403", E, "appendix group without section II item",
    "appendix group {id} ({title}) matches no {content} item",
    "appendix group II (Phát triển hệ thống phân phối bền vững) matches no section II item",
)  # fmt: skip
GROUP_ORDER = rule(
    "KH404", W, "appendix group order differs from section II",
    "appendix group {id} matches {content} item {item} (position {position} there)",
    "appendix group II matches section II item 3 (position 3 there)",
)  # fmt: skip
TASK_WITHOUT_BULLET = rule(
    "KH405", E, "appendix task without section II bullet",
    "TT {tt} ({name}) matches no bullet of {content} item {item}",
    "TT 8 (Tuyên truyền nâng cao nhận thức về chống rác thải nhựa) "
    "matches no bullet of section II item 3",
)  # fmt: skip
BULLET_WITHOUT_TASK = rule(
    "KH406", E, "section II bullet without appendix task",
    "{content} item {item} bullet {bullet} ({text}) matches no task of appendix group {group}",
    "section II item 2 bullet 3 (Hướng dẫn triển khai thí điểm …) "
    "matches no task of appendix group II",
)  # fmt: skip
BULLET_COVERS_TASKS = rule(
    "KH407", INFO, "one section II bullet covers several tasks",
    "{content} item {item} bullet {bullet} covers {count} appendix tasks: TT {tts}",
    "section II item 3 bullet 2 covers 2 appendix tasks: TT 8, 9",
)  # fmt: skip
LEAD_WITHOUT_DUTIES = rule(
    "KH408", W, "lead unit not named in the organisation section",
    "lead unit {unit!r} ({tasks}) is not named in {organization}",
    "lead unit 'Sở Xây dựng' (TT 7) is not named in section IV",
)  # fmt: skip
BROKEN_REFERENCE = rule(
    "KH409", E, "cross-reference to a missing item",
    "{ref!r} points to {target}, which the plan does not have",
    "'mục 7, phần I' points to section I item 7, which the plan does not have",
)  # fmt: skip


def similarity(a: str, b: str) -> float:
    return float(fuzz.token_set_ratio(fold(a), fold(b)))


def pair_items_groups(content: list[ContentItem], groups: list[Group]) -> dict[int, int]:
    """{content index: group index}, by title similarity, ties broken by order."""
    best = float(setting("title_min_score"))
    positional = float(setting("title_positional_min_score"))
    scored = [
        (similarity(c.title, g.title), i, j)
        for i, c in enumerate(content)
        for j, g in enumerate(groups)
    ]
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for score, i, j in sorted(scored, key=lambda s: (-s[0], abs(s[1] - s[2]), s[1])):
        if score >= best and i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    for score, i, j in scored:  # same position and a weaker likeness still pair
        if i == j and score >= positional and i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return pairs


def mirrored_pairs(plan: Plan) -> dict[int, int] | None:
    """{content index: group index} when the appendix is grouped by the section II items;
    None when fewer than half of its named top groups pair with an item (no groups, or
    groups by region or phase): the appendix is organised otherwise."""
    assert plan.appendix is not None
    groups = plan.appendix.groups
    pairs = pair_items_groups(plan.content, groups)
    named = [g for g in groups if g.id and g.parent is None]
    if not named or 2 * sum(1 for j in pairs.values() if groups[j] in named) < len(named):
        return None
    return pairs


@check(
    ITEM_WITHOUT_GROUP,
    EMPTY_ITEM_WITHOUT_GROUP,
    GROUP_WITHOUT_ITEM,
    GROUP_ORDER,
    requires=("content", "appendix"),
)
def items_and_groups(plan: Plan) -> Iterator[Finding]:
    """Section II items ↔ appendix groups, for plans whose appendix is grouped by them."""
    assert plan.appendix is not None
    groups = plan.appendix.groups
    found = mirrored_pairs(plan)
    if found is None:
        return
    pairs = found
    for i, item in enumerate(plan.content):
        values = {"id": item.id, "title": short(item.title)}
        if i in pairs:
            continue
        if item.bullets:
            yield ITEM_WITHOUT_GROUP.at(path("content", i), **values)
        else:
            yield EMPTY_ITEM_WITHOUT_GROUP.at(path("content", i), **values)
    paired = {j: i for i, j in pairs.items()}
    for j, group in enumerate(groups):
        where = path("appendix", "groups", j)
        if j not in paired and group.parent is None:
            yield GROUP_WITHOUT_ITEM.at(where, id=group.id, title=short(group.title))
            continue
    # order: the groups' matched items should rise as the groups do
    ordered = sorted(paired)
    for k, j in enumerate(ordered):
        i = paired[j]
        if k > 0 and i < paired[ordered[k - 1]]:
            yield GROUP_ORDER.at(
                path("appendix", "groups", j),
                id=groups[j].id,
                item=plan.content[i].id,
                position=i + 1,
            )


@dataclass
class _Match:
    tt: str | None
    bullet: int | None
    score: float


def match_tasks(item: ContentItem, group: Group) -> list[_Match]:
    """Each task's most similar bullet (None when nothing is similar enough)."""
    floor = float(setting("bullet_min_score"))
    out: list[_Match] = []
    for t, task in enumerate(group.tasks):
        scores = [
            (similarity(task.name, b), -abs(b_i - t), b_i) for b_i, b in enumerate(item.bullets)
        ]
        score, _, b_i = max(scores)
        out.append(_Match(task.tt, b_i if score >= floor else None, score))
    return out


@check(
    TASK_WITHOUT_BULLET, BULLET_WITHOUT_TASK, BULLET_COVERS_TASKS, requires=("content", "appendix")
)
def bullets_and_tasks(plan: Plan) -> Iterator[Finding]:
    assert plan.appendix is not None
    for i, j in sorted((mirrored_pairs(plan) or {}).items()):
        item, group = plan.content[i], plan.appendix.groups[j]
        if not item.bullets or not group.tasks:
            continue  # an item written as one paragraph is matched as a whole
        matches = match_tasks(item, group)
        covered: dict[int, list[str | None]] = {}
        for t, m in enumerate(matches):
            if m.bullet is None:
                yield TASK_WITHOUT_BULLET.at(
                    path("appendix", "groups", j, "tasks", t),
                    tt=m.tt,
                    name=short(group.tasks[t].name),
                    item=item.id,
                )
            else:
                covered.setdefault(m.bullet, []).append(m.tt)
        for b, text in enumerate(item.bullets):
            where = path("content", i, "bullets", b)
            tts = covered.get(b, [])
            if not tts:
                yield BULLET_WITHOUT_TASK.at(
                    where, item=item.id, bullet=b + 1, text=short(text), group=group.id
                )
            elif len(tts) > 1:
                yield BULLET_COVERS_TASKS.at(
                    where, item=item.id, bullet=b + 1, count=len(tts), tts=", ".join(map(str, tts))
                )


def _org_units(plan: Plan) -> list[str]:
    """Canonical and folded names of every unit the organisation section lists."""
    names: list[str] = []
    for org in plan.organization:
        names.append(canonical(org.unit))
        names.extend(canonical(part) for part in org.unit.split(";") if part.strip())
    return names


def _org_text(plan: Plan) -> str:
    """The organisation section's whole text, folded with abbreviations written out: its
    units, their duties, its notes and every line of the section (a unit is often named
    inside a sentence there)."""
    parts: list[str] = []
    for org in plan.organization:
        parts.append(org.unit)
        parts.extend(org.duties)
    parts.extend(plan.organization_notes)
    roles = set(views()["organization"])
    stack = [s for s in plan.sections if s.role in roles]
    while stack:
        section = stack.pop()
        parts.append(section.title)
        parts.extend(section.text)
        stack.extend(section.children)
    return spelled_out(" ".join(parts))


def _named(lead: str, units: list[str], text: str) -> bool:
    """``lead`` (or every unit of a lead written 'A/B', 'A; B' or 'A và B') is one of
    ``units`` or appears in ``text``."""
    pieces = [p for p in pattern("lead_unit_separator").split(lead) if p.strip()] or [lead]
    return all(
        canonical(p) in units or spelled_out(p) in text or spelled_out(canonical(p)) in text
        for p in pieces
    )


def _tasks_label(tts: list[str | None]) -> str:
    """'TT 1, 12, 14', '3 tasks without TT' or both."""
    numbered = [t for t in tts if t]
    bare = len(tts) - len(numbered)
    parts = [f"TT {', '.join(numbered)}"] if numbered else []
    if bare:
        parts.append(f"{bare} task{'s' if bare > 1 else ''} without TT")
    return " and ".join(parts)


@check(LEAD_WITHOUT_DUTIES, requires=("appendix", "organization"))
def leads_have_duties(plan: Plan) -> Iterator[Finding]:
    """Every lead unit of the task table is named somewhere in the organisation section
    (a warning: plans often give the duties of a group of units in one sentence)."""
    units, text = _org_units(plan), _org_text(plan)
    missing: dict[str, tuple[str, str, list[str | None]]] = {}
    for loc, task in task_paths(plan):
        for k, lead in enumerate(task.lead):
            if _named(lead, units, text):
                continue
            entry = missing.setdefault(canonical(lead), (lead, path(loc, "lead", k), []))
            entry[2].append(task.tt)
    for lead, where, tts in missing.values():
        yield LEAD_WITHOUT_DUTIES.at(where, unit=lead, tasks=_tasks_label(tts))


def _texts(plan: Plan) -> Iterator[tuple[str, str]]:
    """(location, text) of every free text that may cite another part of the plan."""
    for i, goal in enumerate(plan.goals):
        yield path("goals", i, "text"), goal.text
    for i, item in enumerate(plan.content):
        yield path("content", i, "title"), item.title
        for b, text in enumerate(item.bullets):
            yield path("content", i, "bullets", b), text
    for key in ("content_notes", "funding", "organization_notes"):
        for i, text in enumerate(getattr(plan, key)):
            yield path(key, i), text
    for i, org in enumerate(plan.organization):
        for d, text in enumerate(org.duties):
            yield path("organization", i, "duties", d), text
    for i, text in enumerate(plan.document.recipients):
        yield path("document", "recipients", i), text
    if plan.appendix is not None:
        for i, text in enumerate(plan.appendix.notes):
            yield path("appendix", "notes", i), text


def _part_view(plan: Plan, part: str) -> str | None:
    """The view (goals, content, funding, organization) of the plan's section numbered
    ``part``, from its role; for a plan without a section tree, the national template's
    numbering (rules.yaml ``parts``)."""
    if not plan.sections:
        key = setting("parts").get(part)
        return str(key) if key is not None else None
    for section in plan.sections:
        if section.number == part:
            for view, roles in views().items():
                if section.role in roles:
                    return str(view)
            return None
    return None


def _section_ids(plan: Plan, part: str) -> tuple[str, set[str]] | None:
    """(section key, its item ids) for a roman part number; None if unknown or missing."""
    key = _part_view(plan, part)
    if key is None or key in plan.missing:
        return None
    items = getattr(plan, key)
    if key == "funding":
        return key, {str(n + 1) for n in range(len(items))}
    return key, {str(item.id) for item in items}


@check(BROKEN_REFERENCE)
def cross_references(plan: Plan) -> Iterator[Finding]:
    item_ref, section_ref = pattern("item_reference"), pattern("section_reference")
    split = pattern("reference_list_separator")
    for where, text in _texts(plan):
        for m in item_ref.finditer(text):
            part = m.group("part").upper()
            section = _section_ids(plan, part)
            if section is None:
                continue
            for item_id in split.split(m.group("items")):
                if item_id.strip() and item_id.strip() not in section[1]:
                    target = f"section {part} item {item_id.strip()}"
                    yield BROKEN_REFERENCE.at(where, ref=m.group(0), target=target)
        for m in section_ref.finditer(text):
            part = m.group("part").upper()
            key = _part_view(plan, part)
            if key is not None and key not in plan.missing and not getattr(plan, key):
                yield BROKEN_REFERENCE.at(where, ref=m.group(0), target=f"section {part}")
