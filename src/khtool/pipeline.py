"""From a file to a Plan: read → normalise → split → parse each part."""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

from khtool.appendix import parse_appendix
from khtool.blocks import Document
from khtool.errors import NotAPlanError
from khtool.header import parse_header, parse_signature
from khtool.limits import Limits
from khtool.model import Plan, Source
from khtool.normalize import normalize_document
from khtool.readers import READERS, read_bytes, sniff_format
from khtool.sections import parse_content, parse_funding, parse_goals, parse_organization
from khtool.structure import split_parts


def read_blocks(path: Path, limits: Limits) -> tuple[Document, str]:
    """Read and normalise a file; return the document and the sha256 of its bytes."""
    data = read_bytes(path, limits)
    fmt = sniff_format(path, data[:4096])
    reader = importlib.import_module(READERS[fmt]).read
    doc = reader(path, data, limits)
    return normalize_document(doc), hashlib.sha256(data).hexdigest()


def build_plan(doc: Document, source: Source, *, require_appendix: bool = True) -> Plan:
    """Turn a normalised document into a Plan (format-blind)."""
    parts = split_parts(doc)
    path = source.path
    if not parts.sections and not parts.appendix_rows:
        raise NotAPlanError(
            "not a plan: no numbered sections (I. MỤC TIÊU …) and no appendix task table found",
            path,
        )
    if require_appendix and not parts.appendix_rows:
        raise NotAPlanError(
            "no appendix task table (TT | Danh mục | …) found; "
            "use --allow-partial to read the sections anyway",
            path,
        )
    warnings = list(doc.warnings) + parts.warnings
    document, w = parse_header(parts.header)
    warnings += w
    signer, recipients = parse_signature(parts.signature)
    document.signer = signer
    document.recipients = recipients
    goals, w = parse_goals(parts.sections.get("goals", []))
    warnings += w
    content, content_notes, w = parse_content(parts.sections.get("content", []))
    warnings += w
    organization, org_notes, w = parse_organization(parts.sections.get("organization", []))
    warnings += w
    appendix = None
    missing = [
        key for key in ("goals", "content", "funding", "organization") if key not in parts.sections
    ]
    if parts.appendix_rows:
        appendix, w = parse_appendix(parts.appendix_head, parts.appendix_rows, parts.appendix_tail)
        warnings += w
    else:
        missing.append("appendix")
    for key in missing:
        warnings.append(f"the document has no {key} section")
    return Plan(
        source=source,
        document=document,
        goals=goals,
        content=content,
        content_notes=content_notes,
        funding=parse_funding(parts.sections.get("funding", [])),
        organization=organization,
        organization_notes=org_notes,
        appendix=appendix,
        partial=bool(missing),
        missing=missing,
        warnings=warnings,
    )


def parse(path: str | Path, *, limits: Limits | None = None, require_appendix: bool = True) -> Plan:
    """Parse one plan document (.txt, .docx, .pdf, .html) into a Plan."""
    path = Path(path)
    doc, sha = read_blocks(path, limits or Limits())
    source = Source(path=path.as_posix(), format=doc.format, sha256=sha, pages=doc.pages)
    return build_plan(doc, source, require_appendix=require_appendix)
