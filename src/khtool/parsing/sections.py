"""Sections I–IV: goals with targets, content items, funding, organisation."""

from __future__ import annotations

import regex

from khtool.model import ContentItem, Goal, OrgItem, Target
from khtool.parsing.fields.targets import find_targets
from khtool.parsing.items import has_marker, strip_marker
from khtool.parsing.structure import Line
from khtool.vocab import fold, headings

_ID = regex.compile(r"^(?P<id>\d{1,2}(?:\.\d{1,2})*)\.\s+(?P<text>.+)$")
_ROLE = regex.compile(r"^(?P<unit>.+?)\s*\((?P<role>[^()]+)\)\s*:?$")
_TRUNCATED = regex.compile(r"\s(?:…+|\.{3,})\s*$")


def _closing(text: str) -> bool:
    return any(fold(text).startswith(fold(p)) for p in headings("closing_openers"))


def _unnumbered(section: str, texts: list[str]) -> list[str]:
    """One warning for the paragraphs of a section that come before its first number."""
    if not texts:
        return []
    return [
        f"the {section} section: {len(texts)} paragraph(s) before its first numbered item "
        f"are kept only in the section tree (first: {texts[0][:60]!r})"
    ]


def parse_goals(lines: list[Line]) -> tuple[list[Goal], list[str]]:
    goals: list[Goal] = []
    warnings: list[str] = []
    before: list[str] = []
    for line in lines:
        m = _ID.match(line.text)
        if m:
            goals.append(Goal(id=m.group("id"), text=m.group("text")))
        elif goals:
            goals[-1].text = f"{goals[-1].text} {strip_marker(line.text)}"
        else:
            before.append(line.text)
    warnings += _unnumbered("goals", before)
    for goal in goals:
        goal.targets = [Target.model_validate(t) for t in find_targets(goal.text)]
    return goals, warnings


def parse_content(lines: list[Line]) -> tuple[list[ContentItem], list[str], list[str]]:
    items: list[ContentItem] = []
    notes: list[str] = []
    warnings: list[str] = []
    before: list[str] = []
    for line in lines:
        text = line.text
        m = _ID.match(text)
        if m and not has_marker(text):
            items.append(ContentItem(id=m.group("id"), title=m.group("text")))
        elif text.startswith("(") and text.rstrip(".").endswith(")"):
            notes.append(text)
        elif items:
            items[-1].bullets.append(strip_marker(text))
        else:
            before.append(text)
    warnings = _unnumbered("content", before) + warnings
    return items, notes, warnings


def parse_funding(lines: list[Line]) -> list[str]:
    return [strip_marker(line.text) for line in lines]


_UNIT_WORDS = 15  # a unit's name before a colon is short; a longer head is a sentence


def _unit_and_duty(head: str) -> tuple[str, str | None]:
    """'Sở Tài chính: bố trí kinh phí …' → ('Sở Tài chính', 'bố trí kinh phí …'): a
    unit and its duty written on one line; a line without such a colon is all unit."""
    unit, colon, duty = head.partition(":")
    duty = duty.strip()
    if not colon or not duty or not unit.strip() or len(unit.split()) > _UNIT_WORDS:
        return head, None
    return unit.rstrip(), duty


def parse_organization(lines: list[Line]) -> tuple[list[OrgItem], list[str], list[str]]:
    items: list[OrgItem] = []
    notes: list[str] = []
    warnings: list[str] = []
    before: list[str] = []
    for line in lines:
        text = line.text
        if notes or _closing(text):
            notes.append(text)
            continue
        m = _ID.match(text)
        if m and not has_marker(text):
            head, duty = _unit_and_duty(m.group("text").rstrip())
            rm = _ROLE.match(head)
            unit, role = (rm.group("unit"), rm.group("role")) if rm else (head.rstrip(":"), None)
            items.append(OrgItem(id=m.group("id"), unit=unit.strip(), role=role))
            if duty:
                items[-1].duties.append(duty)
        elif items:
            items[-1].duties.append(strip_marker(text))
        else:
            before.append(text)
    for item in items:
        if item.duties and _TRUNCATED.search(item.duties[-1]):
            item.truncated = True
            warnings.append(f"section IV item {item.id} ({item.unit}) is cut off in the source")
    warnings = _unnumbered("organization", before) + warnings
    return items, notes, warnings
