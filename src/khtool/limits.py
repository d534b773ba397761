"""Resource limits applied to every input, with defaults users can raise.

Each limit has a command-line flag, defined once in ``commands/options.py``:

====================  ==================  ==========================================
flag                  default             bounds
====================  ==================  ==========================================
``--max-size``        50 MB               bytes of a source document
``--max-pages``       500                 pages of a PDF
``--max-inflated``    100 MB              bytes a .docx zip inflates to
``--max-lines``       10,000              paragraphs and table rows of a text, .docx
                                          or HTML document
``--max-chars``       5,000,000           characters of a text document (checked
                                          before a legacy encoding is converted),
                                          of an HTML page (markup included) or of
                                          a .docx's paragraphs
``--max-elements``    1,000,000           XML/HTML elements of a .docx or a page
``--max-html-depth``  2,000               nesting of HTML elements
``--max-columns``     200                 columns one table row spans
``--max-attributes``  1,000               attributes of one HTML element
``--max-plan-size``   10 MB               bytes of a YAML/JSON plan file
``--max-tasks``       1,000               tasks of a plan file (and 100 values a
                                          task, 100,000 at least)
====================  ==================  ==========================================

An input over a limit is refused with :class:`~khtool.errors.LimitExceededError`
while it is read, before the expensive work starts, naming the flag that raises it.
The defaults keep the worst input within them to seconds and a few hundred MB.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

DEFAULT_MAX_BYTES = 50_000_000  # 50 MB of input
DEFAULT_MAX_PAGES = 500  # PDF pages
DEFAULT_MAX_INFLATED = 100_000_000  # bytes inflated from a .docx zip
DEFAULT_MAX_HTML_DEPTH = 2_000  # nesting of HTML elements
DEFAULT_MAX_LINES = 50_000  # paragraphs and table rows (a real plan has ~1,000)
DEFAULT_MAX_CHARS = 5_000_000  # characters of a text document (a real plan: ~200,000)
DEFAULT_MAX_ELEMENTS = 1_000_000  # elements of a .docx's XML or a page (a plan: ~50,000)
DEFAULT_MAX_COLUMNS = 200  # columns a table row spans (Word allows 63; a plan has ~10)
DEFAULT_MAX_ATTRIBUTES = 1_000  # attributes on one HTML element (a real one has a handful)
DEFAULT_MAX_PLAN_BYTES = 10_000_000  # a YAML/JSON plan file (a real one: ~60 KB)
DEFAULT_MAX_TASKS = 1_000  # tasks in a plan file (a real plan has ~100)
DEFAULT_MAX_ROWS = 100_000  # rows of one export, all plans together (tasks and targets)


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_pages: int = DEFAULT_MAX_PAGES
    max_inflated: int = DEFAULT_MAX_INFLATED
    max_html_depth: int = DEFAULT_MAX_HTML_DEPTH
    ocr: str = "auto"  # PDF pages: auto (where a page needs it), always, never
    max_lines: int = DEFAULT_MAX_LINES
    max_elements: int = DEFAULT_MAX_ELEMENTS
    max_chars: int = DEFAULT_MAX_CHARS
    max_columns: int = DEFAULT_MAX_COLUMNS
    max_attributes: int = DEFAULT_MAX_ATTRIBUTES
    max_plan_bytes: int = DEFAULT_MAX_PLAN_BYTES
    max_tasks: int = DEFAULT_MAX_TASKS
    max_rows: int = DEFAULT_MAX_ROWS


def too_many_lines(count: int, limit: int, what: str = "paragraphs and table rows") -> str:
    """The message of a document over ``--max-lines``."""
    return (
        f"the document has more than {limit:,} {what}, over the limit (raise it with --max-lines)"
    )


def too_many_chars(limit: int, what: str = "the text") -> str:
    """The message of a text (a page, a document) over ``--max-chars``."""
    return f"{what} has more than {limit:,} characters, over the limit (raise it with --max-chars)"


def count_upto(items: Iterable[object], limit: int) -> int:
    """How many items there are, counting no further than ``limit + 1``."""
    return sum(1 for _ in islice(items, limit + 1))
