"""khtool draft: next year's plan drafted from this year's."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from khtool import console
from khtool.cli import app
from khtool.errors import UsageError


class DraftFormat(StrEnum):
    docx = "docx"
    yaml = "yaml"
    json = "json"


_BY_SUFFIX = {".docx": DraftFormat.docx, ".yaml": DraftFormat.yaml, ".yml": DraftFormat.yaml}
_BY_SUFFIX[".json"] = DraftFormat.json


@app.command()
def draft(
    source: str = typer.Option(
        ...,
        "--from",
        metavar="PLAN",
        help="This year's plan: a plan year found in --plans-dir (e.g. 2025), a plan file "
        "(.yaml, .json) or a document to parse.",
        show_default=False,
    ),
    year: int | None = typer.Option(
        None, "--year", min=1900, max=2200, help="The draft's plan year [default: the next]."
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="The file to write (a .docx needs one)."
    ),
    fmt: DraftFormat | None = typer.Option(
        None, "--format", "-f", help="docx, yaml or json [default: by the output's suffix]."
    ),
    plans_dir: Path = typer.Option(
        Path("data/plans"), "--plans-dir", help="Where plan years are looked up."
    ),
    issuer: str | None = typer.Option(
        None, "--issuer", help="When a year matches several plans, keep the one of this issuer."
    ),
) -> None:
    """Draft next year's plan: number and date blank, the plan year moved on, every task
    carried over one year later, targets kept and marked to review.

    The checklist of what to check before submitting (targets, tasks whose deadline fell
    in the old year, units renamed since, dates kept) is printed on stderr, attached to
    the .docx as Word comments and kept in the YAML's warnings.

    Example: khtool draft --from 2025 --year 2026 -o draft-2026.docx
    """
    from khtool.diffing.plan_lookup import resolve_plan
    from khtool.io import write_atomic
    from khtool.output import plan_text
    from khtool.writing.draft import make_draft
    from khtool.writing.render import render

    kind = fmt or (_BY_SUFFIX.get(output.suffix.lower()) if output else None) or DraftFormat.docx
    if kind is DraftFormat.docx and output is None:
        raise UsageError("a .docx draft needs -o FILE (or choose --format yaml)")
    result = make_draft(resolve_plan(source, plans_dir, issuer), year)
    if kind is DraftFormat.docx:
        assert output is not None
        render(result.plan, output, comments=result.comments, issue_year=result.issue_year)
    else:
        text = plan_text(result.plan.to_dict(), kind.value)
        if output is None:
            typer.echo(text, nl=False)
        else:
            write_atomic(output, text)
    for line in result.checklist:
        console.note(f"  {line}" if line is not result.checklist[0] else line)
    if output is not None:
        tasks = len(result.plan.tasks())
        console.note(
            f"{output.as_posix()}: draft for {result.plan.document.plan_year}, {tasks} tasks"
        )
