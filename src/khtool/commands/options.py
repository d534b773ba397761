"""Options shared by several commands, defined once."""

from __future__ import annotations

from enum import StrEnum

import typer

from khtool.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_PAGES, Limits


class OutputFormat(StrEnum):
    yaml = "yaml"
    json = "json"


MAX_SIZE = typer.Option(
    DEFAULT_MAX_BYTES // 1_000_000,
    "--max-size",
    metavar="MB",
    min=1,
    help="Refuse input files larger than this many megabytes.",
)
MAX_PAGES = typer.Option(
    DEFAULT_MAX_PAGES, "--max-pages", min=1, help="Refuse PDFs with more pages than this."
)


def limits(max_size: int, max_pages: int) -> Limits:
    return Limits(max_bytes=max_size * 1_000_000, max_pages=max_pages)
