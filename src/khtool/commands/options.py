"""Options shared by several commands, defined once."""

from __future__ import annotations

from enum import StrEnum

import typer

from khtool.limits import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_HTML_DEPTH,
    DEFAULT_MAX_INFLATED,
    DEFAULT_MAX_PAGES,
    Limits,
)


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
MAX_INFLATED = typer.Option(
    DEFAULT_MAX_INFLATED // 1_000_000,
    "--max-inflated",
    metavar="MB",
    min=1,
    help="Refuse .docx files whose parts inflate to more than this many megabytes.",
)
MAX_HTML_DEPTH = typer.Option(
    DEFAULT_MAX_HTML_DEPTH,
    "--max-html-depth",
    min=1,
    help="Refuse HTML whose elements nest deeper than this.",
)


class OcrMode(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


OCR = typer.Option(
    OcrMode.auto,
    "--ocr",
    case_sensitive=False,
    help="PDF pages: OCR (Tesseract, Vietnamese) only the pages without a usable text "
    "layer (auto), every page (always), or none (never).",
)


def limits(
    max_size: int,
    max_pages: int,
    max_inflated: int = DEFAULT_MAX_INFLATED // 1_000_000,
    max_html_depth: int = DEFAULT_MAX_HTML_DEPTH,
    ocr: str = "auto",
) -> Limits:
    return Limits(
        max_bytes=max_size * 1_000_000,
        max_pages=max_pages,
        max_inflated=max_inflated * 1_000_000,
        max_html_depth=max_html_depth,
        ocr=str(ocr),
    )
