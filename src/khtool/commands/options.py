"""Options shared by several commands, defined once."""

from __future__ import annotations

from enum import StrEnum

import typer

from khtool.limits import (
    DEFAULT_MAX_ATTRIBUTES,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CHARS,
    DEFAULT_MAX_COLUMNS,
    DEFAULT_MAX_ELEMENTS,
    DEFAULT_MAX_HTML_DEPTH,
    DEFAULT_MAX_INFLATED,
    DEFAULT_MAX_LINES,
    DEFAULT_MAX_PAGES,
    DEFAULT_MAX_PLAN_BYTES,
    DEFAULT_MAX_ROWS,
    DEFAULT_MAX_TASKS,
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

MAX_LINES = typer.Option(
    DEFAULT_MAX_LINES,
    "--max-lines",
    min=1,
    help="Refuse text, .docx and HTML documents with more paragraphs and table rows than this.",
)
MAX_CHARS = typer.Option(
    DEFAULT_MAX_CHARS,
    "--max-chars",
    min=1,
    help="Refuse text documents, HTML pages and .docx files with more characters than this.",
)
MAX_ELEMENTS = typer.Option(
    DEFAULT_MAX_ELEMENTS,
    "--max-elements",
    min=1,
    help="Refuse .docx files and HTML pages with more XML/HTML elements than this.",
)
MAX_COLUMNS = typer.Option(
    DEFAULT_MAX_COLUMNS,
    "--max-columns",
    min=1,
    help="Refuse tables with a row spanning more columns than this.",
)
MAX_ATTRIBUTES = typer.Option(
    DEFAULT_MAX_ATTRIBUTES,
    "--max-attributes",
    min=1,
    help="Refuse HTML with an element carrying more attributes than this.",
)
MAX_PLAN_SIZE = typer.Option(
    DEFAULT_MAX_PLAN_BYTES // 1_000_000,
    "--max-plan-size",
    metavar="MB",
    min=1,
    help="Refuse YAML/JSON plan files larger than this many megabytes.",
)
MAX_TASKS = typer.Option(
    DEFAULT_MAX_TASKS,
    "--max-tasks",
    min=1,
    help="Refuse YAML/JSON plan files with more tasks than this.",
)


MAX_ROWS = typer.Option(
    DEFAULT_MAX_ROWS,
    "--max-rows",
    min=1,
    help="Refuse an export of more rows than this (tasks and targets of all plans).",
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
    max_size: int = DEFAULT_MAX_BYTES // 1_000_000,
    max_pages: int = DEFAULT_MAX_PAGES,
    max_inflated: int = DEFAULT_MAX_INFLATED // 1_000_000,
    max_html_depth: int = DEFAULT_MAX_HTML_DEPTH,
    ocr: str = "auto",
    *,
    max_lines: int = DEFAULT_MAX_LINES,
    max_elements: int = DEFAULT_MAX_ELEMENTS,
    max_chars: int = DEFAULT_MAX_CHARS,
    max_columns: int = DEFAULT_MAX_COLUMNS,
    max_attributes: int = DEFAULT_MAX_ATTRIBUTES,
    max_plan_size: int = DEFAULT_MAX_PLAN_BYTES // 1_000_000,
    max_tasks: int = DEFAULT_MAX_TASKS,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> Limits:
    return Limits(
        max_bytes=max_size * 1_000_000,
        max_pages=max_pages,
        max_inflated=max_inflated * 1_000_000,
        max_html_depth=max_html_depth,
        ocr=str(ocr),
        max_lines=max_lines,
        max_elements=max_elements,
        max_chars=max_chars,
        max_columns=max_columns,
        max_attributes=max_attributes,
        max_plan_bytes=max_plan_size * 1_000_000,
        max_rows=max_rows,
        max_tasks=max_tasks,
    )
