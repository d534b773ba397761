"""KH2xx units: every task has a lead, no unit leads and partners one task, known names."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from rapidfuzz import fuzz, process

from khtool.model import Plan
from khtool.validating.rules.base import (
    Finding,
    Severity,
    check,
    path,
    rule,
    setting,
    task_label,
    task_paths,
)
from khtool.vocab import fold, unit_aliases

E, INFO = Severity.error, Severity.info

NO_LEAD = rule(
    "KH201", E, "task without a lead unit", "{task} has no lead unit (Đơn vị chủ trì)",
    "TT 4 has no lead unit (Đơn vị chủ trì)",
)  # fmt: skip
LEAD_AND_PARTNER = rule(
    "KH202", E, "unit is both lead and partner",
    "{task}: {unit!r} is both the lead unit and a coordinating unit",
    "TT 7: 'Sở Tài nguyên và Môi trường' is both the lead unit and a coordinating unit",
)  # fmt: skip
UNKNOWN_UNIT = rule(
    "KH203", INFO, "unit not in the unit vocabulary",
    "{task}: {role} unit {unit!r} is not in the unit vocabulary{nearest}",
    "TT 2: lead unit 'Sở Công Thưong' is not in the unit vocabulary "
    "(nearest: 'Sở Công Thương')",
)  # fmt: skip


def canonical(name: str) -> str:
    """The vocabulary's canonical name of a unit, or its folded text if unknown."""
    folded = fold(name)
    return unit_aliases().get(folded, folded)


def unit_heads(name: str) -> list[str]:
    """The canonical names an entry stands for: the whole entry, and its part before
    the first comma ('Đài Phát thanh …, các cơ quan báo chí …' names the Đài)."""
    heads = [canonical(name)]
    head = name.split(",", 1)[0]
    if head != name:
        heads.append(canonical(head))
    return heads


def is_known(name: str) -> bool:
    return any(h in unit_aliases().values() for h in unit_heads(name))


@check(NO_LEAD, LEAD_AND_PARTNER, requires=("tasks",))
def leads(plan: Plan) -> Iterator[Finding]:
    """A task without a lead unit, in a plan whose other tasks have one (a schedule of
    inspections, say, has no lead column at all: nothing to report)."""
    located = list(task_paths(plan))
    with_leads = any(u.strip() for _, task in located for u in task.lead)
    for loc, task in located:
        if with_leads and not [u for u in task.lead if u.strip()]:
            yield NO_LEAD.at(path(loc, "lead"), task=task_label(task))
        partners = {h: j for j, u in enumerate(task.coordinating) for h in unit_heads(u)}
        for lead in task.lead:
            if canonical(lead) in partners:
                j = partners[canonical(lead)]
                yield LEAD_AND_PARTNER.at(
                    path(loc, "coordinating", j), task=task_label(task), unit=lead
                )


def _names_a_unit(name: str) -> bool:
    """True for a named unit ('Sở …', 'Ban …'), false for a collective phrase
    ('Các sở, ngành …', 'các doanh nghiệp …') the vocabulary cannot hold."""
    folded = fold(name)
    if any(folded.startswith(fold(g)) for g in setting("generic_units")):
        return False
    first = folded.split(" ", 1)[0]
    kinds = {fold(k) for k in setting("unit_kinds")}
    return first in kinds or any(folded.startswith(k + " ") for k in kinds if " " in k)


@cache
def _choices() -> tuple[list[str], list[str]]:
    """(folded names and aliases, canonical name of each)."""
    aliases = unit_aliases()  # holds every canonical name too
    return list(aliases), list(aliases.values())


def nearest_unit(name: str) -> tuple[str, float] | None:
    """The closest known unit name and its similarity (0–100), if close enough."""
    keys, names = _choices()
    head = name.split(",", 1)[0]
    match = process.extractOne(fold(head), keys, scorer=fuzz.ratio)
    if match is None or match[1] < float(setting("unit_suggest_min_score")):
        return None
    return names[match[2]], match[1]


@check(UNKNOWN_UNIT, requires=("tasks",))
def unknown_units(plan: Plan) -> Iterator[Finding]:
    for loc, task in task_paths(plan):
        for role, key, units in (
            ("lead", "lead", task.lead),
            ("coordinating", "coordinating", task.coordinating),
        ):
            for j, unit in enumerate(units):
                if is_known(unit) or not _names_a_unit(unit):
                    continue
                near = nearest_unit(unit)
                nearest = f" (nearest: {near[0]!r})" if near else " (no close known name)"
                yield UNKNOWN_UNIT.at(
                    path(loc, key, j), task=task_label(task), role=role, unit=unit, nearest=nearest
                )
