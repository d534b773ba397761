"""Find the plan a command-line argument names: a plan year or a file.

``2024`` names the plan in the plans folder (``data/plans/`` by default) whose
``document.plan_year`` is 2024; anything else, or a year that is also an existing
file, is a path: a YAML/JSON plan file or a source document that is parsed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import regex

from khtool.errors import InputError, UsageError
from khtool.model import Plan
from khtool.vocab import fold

DEFAULT_PLANS_DIR = Path("data/plans")
_YEAR = regex.compile(r"\d{4}")
_SUFFIXES = (".yaml", ".yml", ".json")


_TOP_KEY = regex.compile(r"^([A-Za-z_]\w*):", regex.MULTILINE)


def _header(path: Path) -> dict[str, Any]:
    """The ``document`` mapping of a plan file, read without loading the whole plan.

    A block-style YAML plan (what khtool writes) has ``document:`` as a top-level key
    followed by indented lines; only that block is parsed. Any other layout (JSON,
    flow style) falls back to loading the whole file.
    """
    from khtool.io import load_data, read_plan_text

    text = read_plan_text(path)  # a regular file within the size limit, UTF-8
    keys = list(_TOP_KEY.finditer(text))
    for k, m in enumerate(keys):
        if m.group(1) == "document":
            end = keys[k + 1].start() if k + 1 < len(keys) else len(text)
            data = load_data(text[m.start() : end], str(path))
            if isinstance(data, dict) and isinstance(data.get("document"), dict):
                return data["document"]
    data = load_data(text, str(path))
    document = data.get("document") if isinstance(data, dict) else None
    return document if isinstance(document, dict) else {}


def plan_headers(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every plan file of a folder (sorted by name) with its ``document`` header."""
    if not folder.is_dir():
        raise InputError("plans folder not found (set it with --plans-dir)", folder)
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in _SUFFIXES)
    return [(f, _header(f)) for f in files]


def _describe(path: Path, document: dict[str, Any]) -> str:
    issuer = document.get("issuer") or "issuer unknown"
    number = document.get("number") or ("draft" if document.get("draft") else "no number")
    return f"{path.name} ({issuer}, {number})"


def resolve_plan(spec: str, plans_dir: Path = DEFAULT_PLANS_DIR, issuer: str | None = None) -> Plan:
    """The plan that ``spec`` names: a plan year looked up in plans_dir, or a file."""
    from khtool.diffing.differ import load_plan_file

    path = Path(spec)
    if path.exists() or not _YEAR.fullmatch(spec):
        return load_plan_file(path)
    year = int(spec)
    every = plan_headers(plans_dir)
    found = [(f, d) for f, d in every if d.get("plan_year") == year]
    if issuer is not None:
        found = [(f, d) for f, d in found if fold(issuer) in fold(str(d.get("issuer") or ""))]
    if not found:
        where = f" with an issuer containing {issuer!r}" if issuer else ""
        years = sorted({d["plan_year"] for _, d in every if isinstance(d.get("plan_year"), int)})
        known = ", ".join(map(str, years)) or "none"
        raise UsageError(
            f"no plan of year {year}{where} (plan years here: {known}) and no file named {spec!r}",
            plans_dir,
        )
    if len(found) > 1:
        listed = "; ".join(_describe(f, d) for f, d in found)
        raise UsageError(
            f"{len(found)} plans of year {year}: {listed}; choose one with --issuer TEXT "
            "or give the file's path",
            plans_dir,
        )
    return load_plan_file(found[0][0])
