"""What a rule is, what it finds, and the registry of checks.

A :class:`Rule` declares a stable ``code`` (``KH101``), a :class:`Severity`, a
``title`` and a message ``template``; a *check* is a function over a
:class:`~khtool.model.Plan` that yields :class:`Finding` objects for one or more
rules. Checks declare the parts of the plan they need (``appendix``,
``organization`` …) so a partial plan skips them instead of failing them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from typing import Any

import regex

from khtool.model import Plan, Task
from khtool.parsing.outline import views
from khtool.vocab import load


class Severity(StrEnum):
    info = "info"
    warning = "warning"
    error = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    """One problem: what (code, message), how bad (severity) and where (location)."""

    code: str
    severity: Severity
    title: str
    message: str
    location: str  # YAML path, e.g. appendix.groups[1].tasks[2].timeline
    line: int | None = None  # line in the validated file (YAML line or source line)
    source_line: int | None = None  # line of the source document, when known
    source_page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "title": self.title,
            "message": self.message,
            "location": self.location,
            "line": self.line,
            "source": {"line": self.source_line, "page": self.source_page},
        }

    def with_lines(
        self, line: int | None, source_line: int | None, source_page: int | None
    ) -> Finding:
        return replace(self, line=line, source_line=source_line, source_page=source_page)


_LINE_BREAKS = regex.compile(r"[\r\n\t\v\f\x1c-\x1e\x85\u2028\u2029]+")

# The parts of a plan as messages name them: the numbers of the national template
# (I goals, II content, III funding, IV organisation) unless the plan being checked
# numbers them otherwise (see :func:`section_names`).
TEMPLATE_SECTIONS = {
    "goals": "section I",
    "content": "section II",
    "funding": "section III",
    "organization": "section IV",
}
_SECTIONS: ContextVar[dict[str, str]] = ContextVar("sections", default=TEMPLATE_SECTIONS)


def section_names(plan: Plan) -> dict[str, str]:
    """{view: 'section III'} from the plan's own numbering: the first top-level section
    whose role fills the view (data/sections.yaml ``views``)."""
    names = dict(TEMPLATE_SECTIONS)
    for view, roles in views().items():
        for section in plan.sections:
            if section.role in roles and section.number:
                names[view] = f"section {section.number}"
                break
    return names


@contextmanager
def naming_sections(plan: Plan) -> Iterator[None]:
    """Within it, messages name the parts with ``plan``'s own section numbers."""
    token = _SECTIONS.set(section_names(plan))
    try:
        yield
    finally:
        _SECTIONS.reset(token)


@dataclass(frozen=True)
class Rule:
    """A rule: stable code, severity, title and a message template."""

    code: str
    severity: Severity
    title: str
    template: str
    example: str = ""

    def at(self, location: str, **values: Any) -> Finding:
        """A finding of this rule at ``location``, its message filled from ``values``
        (on one line: line breaks in the values become spaces). ``{goals}``,
        ``{content}``, ``{funding}`` and ``{organization}`` in the template name those
        parts as the plan being checked numbers them."""
        message = self.template.format(**{**_SECTIONS.get(), **values})
        return Finding(
            code=self.code,
            severity=self.severity,
            title=self.title,
            message=_LINE_BREAKS.sub(" ", message),
            location=location,
        )


CheckFn = Callable[[Plan], Iterator[Finding]]


@dataclass(frozen=True)
class Check:
    """A function producing findings for ``rules``; it needs the plan ``requires``."""

    fn: CheckFn
    rules: tuple[Rule, ...]
    requires: tuple[str, ...] = ()
    name: str = field(default="")


RULES: dict[str, Rule] = {}
CHECKS: list[Check] = []


def rule(code: str, severity: Severity, title: str, template: str, example: str = "") -> Rule:
    """Declare a rule; codes are unique."""
    if code in RULES:
        raise ValueError(f"rule {code} is declared twice")
    r = Rule(code, severity, title, template, example)
    RULES[code] = r
    return r


def check(*rules: Rule, requires: tuple[str, ...] = ()) -> Callable[[CheckFn], CheckFn]:
    """Register a check function that yields findings of ``rules``."""

    def register(fn: CheckFn) -> CheckFn:
        CHECKS.append(Check(fn, rules, requires, fn.__name__))
        return fn

    return register


# --- helpers shared by the rule modules -----------------------------------------


@cache
def config() -> dict[str, Any]:
    """Thresholds and word lists of the rules (``khtool/data/rules.yaml``)."""
    return load("rules")


def setting(key: str) -> Any:
    return config()[key]


@cache
def pattern(key: str) -> regex.Pattern[str]:
    """A regular expression from rules.yaml (matched case-insensitively)."""
    return regex.compile(config()["patterns"][key], regex.IGNORECASE | regex.VERBOSE)


def path(*parts: str | int) -> str:
    """('appendix', 'groups', 1, 'tasks', 2) → 'appendix.groups[1].tasks[2]'."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


_PATH_PART = regex.compile(r"([^.\[\]]+)|\[(\d+)\]")


def split_path(location: str) -> tuple[str | int, ...]:
    """'appendix.groups[1].tasks[2]' → ('appendix', 'groups', 1, 'tasks', 2)."""
    parts: list[str | int] = []
    for m in _PATH_PART.finditer(location):
        parts.append(int(m.group(2)) if m.group(2) is not None else m.group(1))
    return tuple(parts)


def task_paths(plan: Plan) -> Iterator[tuple[str, Task]]:
    """(location, task) of every task, in document order: the task table's, or the
    body's when the plan has no task table."""
    if plan.appendix is None:
        for t, task in enumerate(plan.body_tasks):
            yield path("body_tasks", t), task
        return
    for g, group in enumerate(plan.appendix.groups):
        for t, task in enumerate(group.tasks):
            yield path("appendix", "groups", g, "tasks", t), task


def task_label(task: Task) -> str:
    """'TT 4', or the first words of the name of a task written without a TT."""
    if task.tt:
        return f"TT {task.tt}"
    return f"the task {short(task.name or '(no name)')!r} (no TT)"


def short(text: str, limit: int | None = None) -> str:
    """The first words of a long Vietnamese text, for a one-line message."""
    limit = limit or int(setting("message_text_chars"))
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + " …"
