"""A section tree for a plan that has none (e.g. one read from a press report).

The body is written from the older views instead: goals, content, funding and
organisation, each under the heading ``data/layout.yaml`` gives it, numbered I, II, …
in that order; parts the plan lacks are left out.
"""

from __future__ import annotations

import regex

from khtool.model import Plan, Section
from khtool.writing.layout import layout

_ID = regex.compile(r"^\d{1,2}(?:\.\d{1,2})*$")
_ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _bullet(text: str) -> str:
    """A bullet line; the marker keeps a line that starts in lower case from being read
    as the continuation of the line above it."""
    return f"- {text}"


def _number(given: str, index: int) -> str:
    """The item's id when it is a number as written (1, 4.1); else its position."""
    return given if _ID.match(given) else str(index)


def view_sections(plan: Plan) -> list[Section]:
    headings = layout().view_headings
    parts: list[tuple[str, list[str], list[Section]]] = []
    if plan.goals:
        goals = [
            Section(number=_number(g.id, i), title=g.text) for i, g in enumerate(plan.goals, 1)
        ]
        parts.append(("goals", [], goals))
    if plan.content:
        items = [
            Section(number=_number(c.id, i), title=c.title, text=[_bullet(b) for b in c.bullets])
            for i, c in enumerate(plan.content, 1)
        ]
        _notes(items, plan.content_notes)
        parts.append(("content", [] if items else list(plan.content_notes), items))
    if plan.funding:
        parts.append(("funding", [_bullet(f) for f in plan.funding], []))
    if plan.organization:
        units = []
        for i, o in enumerate(plan.organization, 1):
            title = f"{o.unit} ({o.role})" if o.role else o.unit
            units.append(
                Section(number=_number(o.id, i), title=title, text=[_bullet(d) for d in o.duties])
            )
        _notes(units, plan.organization_notes)
        parts.append(("organization", [], units))
    return [
        Section(number=_ROMANS[i], title=headings[view], text=text, children=children)
        for i, (view, text, children) in enumerate(parts)
    ]


def _notes(items: list[Section], notes: list[str]) -> None:
    if items and notes:
        items[-1].text.extend(notes)
