"""From a file to a Plan: read → normalise → split → parse each part."""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Collection
from pathlib import Path

from khtool.errors import NotAPlanError
from khtool.limits import Limits
from khtool.model import Goal, Plan, Source, Target, Task
from khtool.parsing.appendix import parse_appendix
from khtool.parsing.body_tasks import body_tasks
from khtool.parsing.fields.targets import find_targets
from khtool.parsing.header import parse_header, parse_signature
from khtool.parsing.outline import Node, build_outline, find_role, views
from khtool.parsing.sections import parse_content, parse_funding, parse_goals, parse_organization
from khtool.parsing.structure import Line, split_parts
from khtool.reading import READERS, read_bytes, sniff_format
from khtool.reading.blocks import Document
from khtool.reading.normalize import normalize_document


def read_blocks(path: Path, limits: Limits) -> tuple[Document, str]:
    """Read and normalise a file; return the document and the sha256 of its bytes."""
    data = read_bytes(path, limits)
    fmt = sniff_format(path, data[:4096])
    reader = importlib.import_module(READERS[fmt]).read
    doc = reader(path, data, limits)
    return normalize_document(doc), hashlib.sha256(data).hexdigest()


def build_plan(doc: Document, source: Source, *, require: Collection[str] = ()) -> Plan:
    """Turn a normalised document into a Plan (format-blind).

    ``require`` names parts the caller insists on (``appendix``: a task table; ``tasks``:
    tasks from a table or the body); a plan lacking one raises :class:`NotAPlanError`.
    """
    parts = split_parts(doc)
    path = source.path
    roots = build_outline(parts.body)
    numbered = [n for n in roots if n.number]
    if not numbered and not parts.tables:
        raise NotAPlanError(
            "not a plan: no numbered sections (I. MỤC TIÊU …) and no task table found", path
        )
    warnings = list(doc.warnings) + parts.warnings
    document, w = parse_header(parts.header)
    warnings += w
    signer, recipients = parse_signature(parts.signature)
    document.signer = signer
    document.recipients = recipients
    view_lines = _view_lines(roots)
    goals, w = _goals(roots)
    warnings += w
    content, content_notes, w = parse_content(view_lines.get("content", []))
    warnings += w
    organization, org_notes, w = parse_organization(view_lines.get("organization", []))
    warnings += w
    appendix = None
    missing = [
        key for key in ("goals", "content", "funding", "organization") if key not in view_lines
    ]
    tasks_in_body: list[Task] = []
    if parts.tables:
        appendix, w = parse_appendix(parts.tables)
        warnings += w
    else:
        missing.append("appendix")
        tasks_in_body, w = body_tasks(roots)
        warnings += w
    for key in missing:
        warnings.append(f"the document has no {key} section")
    for part in require:
        if part == "appendix" and appendix is None:
            raise NotAPlanError("no task table found (required by --require appendix)", path)
        if part == "tasks" and appendix is None and not tasks_in_body:
            raise NotAPlanError("no tasks found (required by --require tasks)", path)
    return Plan(
        source=source,
        document=document,
        sections=[n.to_section() for n in roots],
        goals=goals,
        content=content,
        content_notes=content_notes,
        funding=parse_funding(view_lines.get("funding", [])),
        organization=organization,
        organization_notes=org_notes,
        appendix=appendix,
        body_tasks=tasks_in_body,
        missing=missing,
        warnings=warnings,
    )


def _goals(roots: list[Node]) -> tuple[list[Goal], list[str]]:
    """Goals from the purpose section and from a goals section after it (each keeps its
    section's number when there are several, so their ids stay unique)."""
    found = find_role(roots, views()["goals"])
    goals: list[Goal] = []
    warnings: list[str] = []
    for node in found[:2] if len(found) > 1 and found[0].role != found[1].role else found[:1]:
        part, w = parse_goals(node.body_paragraphs())
        if not part and node.number and node.number.isdigit():
            # a plan numbered from '1. Mục tiêu' with bullets under it: the section is the goal
            text = " ".join([node.title, *(line.text for line in node.body_paragraphs())])
            part = [Goal(id=node.number, text=text)]
            part[0].targets = [Target.model_validate(t) for t in find_targets(text)]
            w = []
        warnings += w
        if len(found) > 1 and found[0].role != found[1].role:
            for goal in part:
                goal.section = node.number
        goals += part
    return goals, warnings


def _view_lines(roots: list[Node]) -> dict[str, list[Line]]:
    """The lines each older view (goals, content, funding, organization) reads."""
    out: dict[str, list[Line]] = {}
    for view, roles in views().items():
        found = find_role(roots, roles)
        if found:
            out[view] = [line for node in found[:1] for line in node.body_paragraphs()]
    return out


def parse(path: str | Path, *, limits: Limits | None = None, require: Collection[str] = ()) -> Plan:
    """Parse one plan document (.txt, .md, .docx, .pdf, .html) into a Plan."""
    path = Path(path)
    doc, sha = read_blocks(path, limits or Limits())
    source = Source(path=path.as_posix(), format=doc.format, sha256=sha, pages=doc.pages)
    plan = build_plan(doc, source, require=require)
    if doc.format == "pdf":
        from khtool.reading.ocr.pdf_pages import record_ocr  # pages read by OCR, confidences

        record_ocr(doc, plan)
    return plan
