"""The words of the reports, in Vietnamese or English, from ``data/report_<lang>.yaml``.

Every sentence is a ``str.format`` pattern with named fields; a key whose value is a
mapping ``{one: …, other: …}`` is a count phrase (English needs the plural, Vietnamese
does not). Numbers are written the language's way (``3,5`` in Vietnamese).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from khtool.diffing.model import PlanInfo, TargetSide
from khtool.errors import UsageError
from khtool.model import Direction, Target
from khtool.vocab import load

LANGUAGES = ("vi", "en")


class Wording:
    """Report words of one language."""

    def __init__(self, lang: str, data: dict[str, Any]) -> None:
        self.lang = lang
        self._data = data
        self.words: dict[str, Any] = data["words"]
        self.months: list[str] = data["months"]

    def __call__(self, key: str, **fields: Any) -> str:
        pattern = self.words[key]
        if isinstance(pattern, dict):
            n = fields.get("n", 0)
            pattern = pattern["one"] if n == 1 else pattern["other"]
        return str(pattern).format(**fields)

    def part(self, name: str) -> str:
        """A part of a plan ('appendix' → 'phụ lục nhiệm vụ'); unknown names as they are."""
        return str(self.words.get(f"part_{name}", name))

    def raw(self, key: str) -> str:
        """A pattern as written, for the page's script to fill in."""
        return str(self.words[key])

    def num(self, x: float | int | None) -> str:
        if x is None:
            return "?"
        text = str(int(x)) if float(x).is_integer() else f"{x:g}"
        return text.replace(".", self._data["decimal"])

    def amount(self, t: TargetSide | Target, with_direction: bool = True) -> str:
        """'80%', '60–70%', 'giảm 3,5–4,5%' (the direction word unless reach)."""
        exact = t.value is not None
        shown = self.num(t.value) if exact else f"{self.num(t.min)}–{self.num(t.max)}"
        shown += t.unit if t.unit == "%" else f" {t.unit}" if t.unit else ""
        if with_direction and t.direction != Direction.reach:
            return self(f"direction_{t.direction.value}", value=shown)
        return shown

    def date(self, d: dt.date | None) -> str:
        return self("date", d=d.day, m=d.month, y=d.year) if d else ""

    def month(self, ym: str) -> str:
        """'2025-03' → 'T3/2025'."""
        year, month = ym.split("-")
        return f"{self.months[int(month) - 1]}/{year}"

    def plan_label(self, info: PlanInfo) -> str:
        """'2025 (dự thảo)' for a plan year, else the label the diff gave (a file name)."""
        year = info.plan_year
        if year is not None and info.label.startswith(str(year)):
            return self("label_draft", year=year) if info.draft else str(year)
        return info.label

    def quoted(self, text: str, width: int = 80) -> str:
        short = text if len(text) <= width else text[: width - 1].rstrip() + "…"
        return self("quote", text=short)

    def listing(self, items: list[str], shown: int = 3) -> str:
        """'a, b, c và 2 mục khác' — at most ``shown`` items named."""
        named = ", ".join(items[:shown])
        more = len(items) - shown
        return self("and_more", items=named, n=more) if more > 0 else named


@cache
def wording(lang: str) -> Wording:
    """The words of ``lang`` ('vi' or 'en')."""
    if lang not in LANGUAGES:
        raise UsageError(f"unknown report language {lang!r} (choose {' or '.join(LANGUAGES)})")
    return Wording(lang, load(f"report_{lang}"))
