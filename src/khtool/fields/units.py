"""Lead and coordinating units from appendix cells."""

from __future__ import annotations

from functools import cache

import regex

from khtool.vocab import unit_labels

_TRIM = " .,;:-–"


def split_units(items: list[str]) -> list[str]:
    """Split unit items on ';' and trim list punctuation: '… Thành phố.' → '… Thành phố'."""
    out: list[str] = []
    for item in items:
        for part in item.split(";"):
            part = part.strip().strip(_TRIM).strip()
            if part:
                out.append(part)
    return out


@cache
def _label_pattern() -> regex.Pattern[str]:
    alternatives = []
    for role, labels in unit_labels().items():
        names = "|".join(regex.escape(label) for label in sorted(labels, key=len, reverse=True))
        alternatives.append(rf"(?P<{role}>{names})")
    return regex.compile(
        rf"(?:^|(?<=\s)|(?<=[.;]))-?\s*(?:{'|'.join(alternatives)})\s*:", regex.IGNORECASE
    )


def split_combined(text: str) -> tuple[str, str] | None:
    """'- Đơn vị chủ trì: X. - Đơn vị phối hợp: Y' → ('X.', 'Y'); None without labels."""
    matches = list(_label_pattern().finditer(text))
    if not matches:
        return None
    parts: dict[str, list[str]] = {"lead": [], "coordinating": []}
    for i, m in enumerate(matches):
        role = "lead" if m.group("lead") else "coordinating"
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        parts[role].append(text[m.end() : end].strip())
    return " ".join(parts["lead"]), " ".join(parts["coordinating"])
