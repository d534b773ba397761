"""Resource limits applied to every input, with defaults users can raise.

Each limit has a command-line flag (``khtool parse --max-size MB --max-pages N
--max-inflated MB --max-html-depth N``, and ``--ocr auto|always|never``, defined once in ``commands/options.py``).
An input over a limit is refused with :class:`~khtool.errors.LimitExceededError`
before the expensive work starts, naming the flag that raises it.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_BYTES = 50_000_000  # 50 MB of input
DEFAULT_MAX_PAGES = 500  # PDF pages
DEFAULT_MAX_INFLATED = 200_000_000  # bytes inflated from a .docx zip
DEFAULT_MAX_HTML_DEPTH = 2_000  # nesting of HTML elements


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_pages: int = DEFAULT_MAX_PAGES
    max_inflated: int = DEFAULT_MAX_INFLATED
    max_html_depth: int = DEFAULT_MAX_HTML_DEPTH
    ocr: str = "auto"  # PDF pages: auto (where a page needs it), always, never
