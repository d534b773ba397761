"""khtool report: one self-contained HTML report of a plan, a diff or targets across years."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from khtool.cli import app


class Lang(StrEnum):
    vi = "vi"
    en = "en"


@app.command()
def report(
    plans: list[str] = typer.Argument(
        ...,
        metavar="PLAN",
        show_default=False,
        help="Plan years found in --plans-dir (e.g. 2024), plan files (.yaml, .json) or "
        "documents: one → the plan, two → what changed, three or more → targets by year.",
    ),
    output: Path = typer.Option(..., "-o", "--output", help="The HTML file to write."),
    lang: Lang = typer.Option(Lang.vi, "--lang", help="vi (Vietnamese) or en (English)."),
    plans_dir: Path = typer.Option(
        Path("data/plans"), "--plans-dir", help="Where plan years are looked up."
    ),
    issuer: str | None = typer.Option(
        None, "--issuer", help="When a year matches several plans, keep the one of this issuer."
    ),
) -> None:
    """Write an HTML report that opens anywhere without a network (a USB stick will do).

    Example: khtool report 2024 2025 -o diff.html
    """
    from khtool.diffing.plan_lookup import resolve_plan
    from khtool.io import write_atomic
    from khtool.reporting import render_report

    loaded = [resolve_plan(p, plans_dir, issuer) for p in plans]
    html = render_report(loaded, lang=lang.value, base=output.absolute().parent)
    write_atomic(output, html)
