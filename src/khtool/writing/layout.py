"""The layout vocabulary of ``data/layout.yaml``, loaded once and checked."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict

from khtool.vocab import load


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Margins(_Model):
    top: float
    bottom: float
    left: float
    right: float


class Page(_Model):
    width: float
    height: float
    margins: Margins


class Sizes(_Model):
    body: float
    header: float
    motto: float
    number: float
    motto_line: float
    recipients_label: float
    recipients: float
    table: float
    page_number: float


class Opening(_Model):
    cite: str
    by: str
    close: str


class Column(_Model):
    header: str
    width: float


class Layout(_Model):
    font: str
    sizes: Sizes
    first_line_indent: float
    space_after: float
    portrait: Page
    landscape: Page
    header_columns: tuple[float, float]
    signature_columns: tuple[float, float]
    motto: tuple[str, str]
    document_kind: str
    number_label: str
    blank: str
    recipients_label: str
    appendix_label: str
    notes_label: str
    draft_mark: str
    issuer_long_forms: dict[str, str]
    initials_skip: list[str]
    opening: Opening
    view_headings: dict[str, str]
    columns: dict[str, Column]
    extra_width: float


@cache
def layout() -> Layout:
    """The layout of ``data/layout.yaml``."""
    return Layout.model_validate(load("layout"))
