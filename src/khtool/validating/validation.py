"""Validate a plan: schema and consistency rules → a :class:`Report` of findings.

Validation returns a report, it does not raise for a bad plan: every problem is a
:class:`~khtool.validating.rules.Finding` with a rule code, a severity, a message and a
location (a YAML path such as ``appendix.groups[1].tasks[2].timeline``, plus the
line in the validated file and in the source document when known). Only input
that cannot be read at all (missing, corrupt or unsafe YAML, not a plan) raises a
:class:`~khtool.errors.KhtoolError`.

    >>> report = validate("data/plans/hanoi-2025-draft.yaml")
    >>> [f.code for f in report.findings]       # doctest: +SKIP
    ['KH601', 'KH602', ...]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from khtool.errors import InputError, KhtoolError, PlanDataError, UsageError
from khtool.io import read_plan_text
from khtool.limits import Limits
from khtool.model import Plan
from khtool.validating.rules import CHECKS, RULES, SKIPPED, Finding, Severity
from khtool.validating.rules.base import TEMPLATE_SECTIONS, naming_sections, split_path
from khtool.validating.rules.base import path as yaml_path
from khtool.validating.rules.schema import BAD_VALUE, SCHEMA_RULES, schema_findings

DATA_SUFFIXES = (".yaml", ".yml", ".json")
FAIL_ON = ("error", "warning", "info", "never")

_PART_LABELS = {"appendix": "appendix", **TEMPLATE_SECTIONS}


@dataclass
class Report:
    """The findings for one plan, and what was validated."""

    path: str | None  # the file validated; None for a Plan given in memory
    findings: list[Finding] = field(default_factory=list)
    source: str | None = None  # the document the plan was read from
    plan_year: int | None = None
    partial: bool = False

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in reversed(Severity)}
        for f in self.findings:
            out[f.severity.value] += 1
        return out

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def fails(self, fail_on: str = "error") -> bool:
        """True when a finding is at least as severe as ``fail_on`` (never: False)."""
        if fail_on == "never":
            return False
        floor = Severity(fail_on).rank
        return any(f.severity.rank >= floor for f in self.findings)

    def exit_code(self, fail_on: str = "error") -> int:
        return 1 if self.fails(fail_on) else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "source": self.source,
            "plan_year": self.plan_year,
            "partial": self.partial,
            "counts": self.counts(),
            "findings": [f.to_dict() for f in self.findings],
        }


# --- which rules run ----------------------------------------------------------


def _selectors(values: Iterable[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or []:
        out.extend(v.strip().upper() for v in value.split(",") if v.strip())
    for sel in out:
        if not any(code.startswith(sel) for code in RULES):
            raise UsageError(
                f"unknown rule code {sel!r} (codes look like KH101; KH1 selects KH1xx)"
            )
    return out


def selected_codes(
    select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
) -> set[str]:
    """Rule codes that run: those matching a ``select`` prefix (all by default) and
    no ``ignore`` prefix, as ruff does (``KH1`` means every KH1xx rule)."""
    chosen = _selectors(select) or [""]
    dropped = _selectors(ignore)
    return {
        code
        for code in RULES
        if any(code.startswith(s) for s in chosen) and not any(code.startswith(s) for s in dropped)
    }


def _has(plan: Plan, part: str) -> bool:
    if part == "appendix":
        return plan.appendix is not None
    if part == "tasks":  # from the task table, or written in the body
        return plan.appendix is not None or bool(plan.body_tasks)
    return part not in plan.missing


def run_checks(plan: Plan, codes: set[str]) -> list[Finding]:
    """Run every check with a selected rule; a check needing a part the plan lacks is
    skipped, and one KH000 finding per missing part says so."""
    with naming_sections(plan):
        return _run_checks(plan, codes)


def _run_checks(plan: Plan, codes: set[str]) -> list[Finding]:
    found: list[Finding] = []
    skipped: dict[str, int] = {}
    for chk in CHECKS:
        wanted = [r for r in chk.rules if r.code in codes]
        if not wanted:
            continue
        lacking = [p for p in chk.requires if not _has(plan, p)]
        if lacking:
            part = "appendix" if lacking[0] == "tasks" else lacking[0]  # no tasks at all
            skipped[part] = skipped.get(part, 0) + len(wanted)
            continue
        found.extend(f for f in chk.fn(plan) if f.code in codes)
    if SKIPPED.code in codes and skipped:
        parts = list(skipped)
        reason = (
            f"partial plan (missing: {', '.join(plan.missing)})"
            if plan.partial and plan.missing
            else "the plan has no " + " and no ".join(parts)
        )
        what = " and ".join(_PART_LABELS[p] for p in parts)
        found.append(SKIPPED.at(parts[0], what=what, count=sum(skipped.values()), reason=reason))
    return found


# --- lines: YAML node marks and the tasks' source lines ---------------------


def line_map(text: str, name: str = "<string>") -> dict[tuple[str | int, ...], int]:
    """{YAML path: line (1-based)} for every key and list item of a YAML/JSON text."""
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    lines: dict[tuple[str | int, ...], int] = {(): 1}
    seen: set[int] = set()

    def walk(node: yaml.Node, parts: tuple[str | int, ...]) -> None:
        if id(node) in seen:
            raise PlanDataError(
                "YAML aliases (&anchor, *alias) are not allowed in plan files", name
            )
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*parts, str(key.value))
                lines[child] = key.start_mark.line + 1
                walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                lines[(*parts, i)] = item.start_mark.line + 1
                walk(item, (*parts, i))

    if root is not None:
        walk(root, ())
    return lines


def _line_of(lines: dict[tuple[str | int, ...], int], location: str) -> int | None:
    parts = split_path(location)
    while parts not in lines and parts:
        parts = parts[:-1]
    return lines.get(parts)


def _task_source(plan: Plan | None, location: str) -> tuple[int | None, int | None]:
    """(line, page) in the source document of the task a location lies in."""
    parts = split_path(location)
    if plan is None or plan.appendix is None or parts[:2] != ("appendix", "groups"):
        return None, None
    if len(parts) < 5 or parts[3] != "tasks":
        return None, None
    g, t = parts[2], parts[4]
    try:
        task = plan.appendix.groups[int(g)].tasks[int(t)]
    except (IndexError, ValueError):
        return None, None
    return task.source.line, task.source.page


def _place(
    findings: list[Finding], plan: Plan | None, lines: dict[tuple[str | int, ...], int] | None
) -> list[Finding]:
    out = []
    for f in findings:
        source_line, page = _task_source(plan, f.location)
        line = _line_of(lines, f.location) if lines is not None else source_line
        out.append(f.with_lines(line=line, source_line=source_line, source_page=page))
    return sorted(out, key=lambda f: (f.line or 0, f.code))


# --- inputs ------------------------------------------------------------------


def _validate_data(text: str, name: str, codes: set[str]) -> Report:
    from khtool.io import load_data

    data = load_data(text, name)  # refuses unsafe tags and duplicate keys
    if not isinstance(data, dict):
        raise PlanDataError("not a plan: the top level must be a mapping", name)
    lines = line_map(text, name)
    report = Report(path=name)
    # a file off the schema cannot be checked further: its KH9xx findings are reported
    # whatever --select/--ignore say, so it never passes unnoticed
    problems = schema_findings(data)
    plan: Plan | None = None
    if not problems:
        try:
            plan = Plan.model_validate(data)
        except ValidationError as exc:
            problems = [
                BAD_VALUE.at(yaml_path(*map(_key, e["loc"])), problem=e["msg"])
                for e in exc.errors()
            ]
    if plan is None:
        count = len(RULES) - len(SCHEMA_RULES) - 1
        reason = "the file does not match the plan schema"
        problems.append(SKIPPED.at("", what="consistency", count=count, reason=reason))
        report.findings = _place(problems, None, lines)
        return report
    report.source = plan.source.path
    report.plan_year = plan.document.plan_year
    report.partial = plan.partial
    report.findings = _place(run_checks(plan, codes), plan, lines)
    return report


def _key(part: Any) -> str | int:
    return part if isinstance(part, int) else str(part)


def _validate_plan(plan: Plan, name: str | None, codes: set[str]) -> Report:
    report = Report(
        path=name,
        source=plan.source.path,
        plan_year=plan.document.plan_year,
        partial=plan.partial,
    )
    report.findings = _place(run_checks(plan, codes), plan, None)
    return report


def validate(
    plan_or_path: Plan | str | Path,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    limits: Limits | None = None,
) -> Report:
    """Check one plan and return its :class:`Report`.

    ``plan_or_path`` is a :class:`~khtool.model.Plan`, a YAML/JSON plan file
    (checked against the schema first, findings placed at YAML lines), YAML text,
    or a source document (.txt .docx .pdf .html, parsed first; findings placed at
    the source lines of the tasks). ``select``/``ignore`` take rule codes or
    prefixes (``KH1`` means KH1xx). Raises :class:`~khtool.errors.KhtoolError`
    only for input that cannot be read.
    """
    codes = selected_codes(select, ignore)
    if isinstance(plan_or_path, Plan):
        return _validate_plan(plan_or_path, None, codes)
    if isinstance(plan_or_path, str) and "\n" in plan_or_path:
        return _validate_data(plan_or_path, "<string>", codes)
    file = Path(plan_or_path)
    if file.suffix.lower() in DATA_SUFFIXES:
        return _validate_data(
            read_plan_text(file, (limits or Limits()).max_bytes), str(plan_or_path), codes
        )
    from khtool.parsing.pipeline import parse

    plan = parse(file, limits=limits)
    return _validate_plan(plan, str(plan_or_path), codes)


def plan_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files to validate: each file as given, and every .yaml/.yml/.json file
    under each directory (sorted, hidden entries skipped)."""
    for given in paths:
        p = Path(given)
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in DATA_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                raise UsageError(f"no plan files ({', '.join(DATA_SUFFIXES)}) found", p)
            yield from found
        elif p.exists():
            yield p
        else:
            raise InputError("no such file or directory", p)


def validate_paths(
    paths: Iterable[str | Path],
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    limits: Limits | None = None,
) -> tuple[list[Report], list[KhtoolError]]:
    """Validate every plan file under ``paths``: (reports, errors of unreadable inputs).

    An input that cannot be read does not stop the others; its error is returned."""
    select, ignore = list(select or []), list(ignore or [])
    reports: list[Report] = []
    unreadable: list[KhtoolError] = []
    for given in paths:
        try:
            files = list(plan_files([given]))
        except KhtoolError as exc:
            unreadable.append(exc)
            continue
        for file in files:
            try:
                reports.append(validate(file, select=select, ignore=ignore, limits=limits))
            except KhtoolError as exc:
                unreadable.append(exc)
    return reports, unreadable
