"""Find the plan a command-line argument names: a plan year or a file.

``2024`` names the plan in the plans folder (``data/plans/`` by default) whose
``document.plan_year`` is 2024; anything else, or a year that is also an existing
file, is a path: a YAML/JSON plan file or a source document that is parsed.
"""

from __future__ import annotations

from pathlib import Path

import regex

from khtool.errors import InputError, UsageError
from khtool.model import Plan
from khtool.vocab import fold

DEFAULT_PLANS_DIR = Path("data/plans")
_YEAR = regex.compile(r"\d{4}")
_SUFFIXES = (".yaml", ".yml", ".json")


def plans_in(folder: Path) -> list[tuple[Path, Plan]]:
    """Every plan file of a folder (sorted by name), loaded and validated."""
    from khtool.io import load_plan

    if not folder.is_dir():
        raise InputError("plans folder not found (set it with --plans-dir)", folder)
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in _SUFFIXES)
    return [(f, load_plan(f)) for f in files]


def _describe(path: Path, plan: Plan) -> str:
    d = plan.document
    bits = [d.issuer or "issuer unknown", d.number or ("draft" if d.draft else "no number")]
    return f"{path.name} ({', '.join(bits)})"


def resolve_plan(spec: str, plans_dir: Path = DEFAULT_PLANS_DIR, issuer: str | None = None) -> Plan:
    """The plan that ``spec`` names: a plan year looked up in plans_dir, or a file."""
    from khtool.differ import load_plan_file

    path = Path(spec)
    if path.exists() or not _YEAR.fullmatch(spec):
        return load_plan_file(path)
    year = int(spec)
    every = plans_in(plans_dir)
    found = [(f, p) for f, p in every if p.document.plan_year == year]
    if issuer is not None:
        found = [(f, p) for f, p in found if fold(issuer) in fold(p.document.issuer or "")]
    if not found:
        where = f" with an issuer containing {issuer!r}" if issuer else ""
        years = sorted({p.document.plan_year for _, p in every if p.document.plan_year})
        known = ", ".join(map(str, years)) or "none"
        raise UsageError(
            f"no plan of year {year}{where} (plan years here: {known}) and no file named {spec!r}",
            plans_dir,
        )
    if len(found) > 1:
        listed = "; ".join(_describe(f, p) for f, p in found)
        raise UsageError(
            f"{len(found)} plans of year {year}: {listed}; choose one with --issuer TEXT "
            "or give the file's path",
            plans_dir,
        )
    return found[0][1]
