"""KH1xx numbering: appendix TT, group ids, and the ids of sections I, II and IV."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from khtool.model import Plan
from khtool.parsing.outline import views
from khtool.validating.rules.base import Finding, Severity, check, path, pattern, rule, task_paths

E, W = Severity.error, Severity.warning

TT_DUPLICATE = rule(
    "KH101", E, "TT duplicated", "TT {tt} is used twice (first at {first})",
    "TT 3 is used twice (first at appendix.groups[0].tasks[2])",
)  # fmt: skip
TT_GAP = rule(
    "KH102", E, "TT missing from the sequence", "TT {missing} is missing: TTs run {first}–{last}",
    "TT 4 is missing: TTs run 1–13",
)  # fmt: skip
TT_ORDER = rule(
    "KH103", E, "TT out of order", "TT {tt} comes after TT {previous}",
    "TT 5 comes after TT 6",
)  # fmt: skip
GROUP_ID = rule(
    "KH104", E, "appendix group id out of order",
    "group id {found!r} where {expected!r} was expected (groups are numbered I, II, III …)",
    "group id 'III' where 'II' was expected (groups are numbered I, II, III …)",
)  # fmt: skip
GOAL_ID = rule(
    "KH105", E, "section I id malformed or out of order", "{goals} item {id!r}: {problem}",
    "section I item '4.3': follows '4.1' (expected '4.2')",
)  # fmt: skip
CONTENT_ID = rule(
    "KH106", E, "section II id malformed or out of order", "{content} item {id!r}: {problem}",
    "section II item '3': follows '1' (expected '2')",
)  # fmt: skip
ORG_ID = rule(
    "KH107", E, "section IV id malformed or out of order", "{organization} item {id!r}: {problem}",
    "section IV item '5a': not a number like 1 or 4.1 (nor p1 for an unnumbered paragraph)",
)  # fmt: skip
EMPTY_GROUP = rule(
    "KH108", W, "appendix group without tasks", "group {id} ({title}) has no tasks",
    "group II (Phát triển hệ thống phân phối bền vững) has no tasks",
)  # fmt: skip


def _restarts(plan: Plan) -> bool:
    """TT numbers start again at 1 in every group (a common layout)."""
    groups = [g for g in plan.appendix.groups if g.tasks] if plan.appendix else []
    firsts = [g.tasks[0].tt for g in groups]
    return len(groups) > 1 and all(t in ("1", "a") for t in firsts)


@check(TT_DUPLICATE, TT_GAP, TT_ORDER, requires=("appendix",))
def tt_numbers(plan: Plan) -> Iterator[Finding]:
    """Whole-number TTs are unique and in order (per group when they restart in each);
    TTs written otherwise (1.1, a) or left blank are not checked here."""
    per_group = _restarts(plan)
    seen: dict[tuple[str, int], str] = {}
    previous: dict[str, int] = {}
    for loc, task in task_paths(plan):
        if task.tt is None or not task.tt.isdecimal():  # isdigit() takes '²', int() not
            continue
        scope = loc.split(".tasks")[0] if per_group else ""
        tt = int(task.tt)
        where = path(loc, "tt")
        if (scope, tt) in seen:
            yield TT_DUPLICATE.at(where, tt=tt, first=seen[(scope, tt)])
        else:
            if scope in previous and tt < previous[scope]:
                yield TT_ORDER.at(where, tt=tt, previous=previous[scope])
            seen[(scope, tt)] = loc
        previous[scope] = tt
    for scope in dict.fromkeys(s for s, _ in seen):
        numbers = {n for s, n in seen if s == scope}
        first, last = 1, max(numbers)
        for number in range(first, last + 1):
            if number not in numbers:
                where = scope or "appendix.groups"
                yield TT_GAP.at(where, missing=number, first=first, last=last)


def roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += letters
            n -= value
    return out


@check(GROUP_ID, EMPTY_GROUP, requires=("appendix",))
def group_ids(plan: Plan) -> Iterator[Finding]:
    """Top groups count I, II, III …; a table without group rows (one group with no id)
    and sub-groups (a schedule's steps) are not numbered by this rule. A top group is
    empty only when neither it nor a sub-group of it holds a task."""
    assert plan.appendix is not None
    groups = plan.appendix.groups
    if len(groups) == 1 and not groups[0].id:
        return
    top = 0
    for g, group in enumerate(groups):
        if group.parent is not None:
            continue
        top += 1
        expected = roman(top)
        if group.id.strip().upper() != expected:
            yield GROUP_ID.at(
                path("appendix", "groups", g, "id"), found=group.id, expected=expected
            )
        held = group.tasks or any(s.tasks for s in groups if s.parent == group.id)
        if not held:
            yield EMPTY_GROUP.at(path("appendix", "groups", g), id=group.id, title=group.title)


def id_problems(ids: Sequence[str], section: str | None = None) -> Iterator[tuple[int, str]]:
    """(index, problem) for ids that are malformed, repeated or out of order.

    Ids are dotted numbers: top-level items count 1, 2, 3 …; the children of
    ``4`` count ``4.1``, ``4.2`` … and come after ``4``. Paragraphs a source does
    not number (a plan read from a press report) count ``p1``, ``p2`` ….
    ``section``: the number of the section the items are in, when the plan numbers its
    sections 1, 2, 3 … rather than I, II, III: the items of section ``4`` may then
    count ``4.1``, ``4.2`` …, and an item ``4`` is the section's own paragraph.
    """
    numbered, unnumbered = pattern("item_id"), pattern("unnumbered_item_id")
    seen: set[tuple[str | int, ...]] = set()
    last_child: dict[tuple[str | int, ...], int] = {}
    previous: str | None = None
    own = section.strip() if section and numbered.fullmatch(section.strip()) else None
    prefixed = own is not None and any(i.strip().startswith(own + ".") for i in ids)
    if own is not None and (prefixed or all(i.strip() == own for i in ids)):
        own_key = tuple(int(p) for p in own.split("."))
        seen.add(own_key)
        last_child[own_key[:-1]] = own_key[-1]
    else:
        own = None
    for i, raw in enumerate(ids):
        text = raw.strip()
        key: tuple[str | int, ...]
        if text == own:
            previous = raw
            continue
        if numbered.fullmatch(text):
            key = tuple(int(p) for p in text.split("."))
        elif m := unnumbered.fullmatch(text):
            key = ("p", int(m.group("n")))
        else:
            yield i, "not a number like 1 or 4.1 (nor p1 for an unnumbered paragraph)"
            continue
        parent = key[:-1]
        number = key[-1]
        assert isinstance(number, int)
        if key in seen:
            yield i, "used twice"
        elif parent and parent != ("p",) and parent not in seen:
            yield i, f"comes without its parent item {'.'.join(map(str, parent))!r} before it"
        else:
            expected = last_child.get(parent, 0) + 1
            if number != expected:
                want = (
                    "p" + str(expected)
                    if parent == ("p",)
                    else ".".join(map(str, (*parent, expected)))
                )
                after = f"follows {previous!r}" if previous is not None else "comes first"
                yield i, f"{after} (expected {want!r})"
        seen.add(key)
        last_child[parent] = max(last_child.get(parent, 0), number)
        previous = raw


@check(GOAL_ID)
def goal_ids(plan: Plan) -> Iterator[Finding]:
    """Goal ids are checked within each section they come from."""
    for section in dict.fromkeys(g.section for g in plan.goals):
        index = [i for i, g in enumerate(plan.goals) if g.section == section]
        for k, problem in id_problems([plan.goals[i].id for i in index], section):
            i = index[k]
            yield GOAL_ID.at(path("goals", i, "id"), id=plan.goals[i].id, problem=problem)


@check(CONTENT_ID)
def content_ids(plan: Plan) -> Iterator[Finding]:
    for i, problem in id_problems([c.id for c in plan.content]):
        yield CONTENT_ID.at(path("content", i, "id"), id=plan.content[i].id, problem=problem)


@check(ORG_ID)
def organization_ids(plan: Plan) -> Iterator[Finding]:
    roles = set(views()["organization"])
    section = next((s.number for s in plan.sections if s.role in roles), None)
    for i, problem in id_problems([o.id for o in plan.organization], section):
        yield ORG_ID.at(path("organization", i, "id"), id=plan.organization[i].id, problem=problem)
