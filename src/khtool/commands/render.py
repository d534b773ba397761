"""khtool render: a plan as a Word document in the national layout."""

from __future__ import annotations

from pathlib import Path

import typer

from khtool import console
from khtool.cli import app
from khtool.errors import UsageError


@app.command()
def render(
    plan: str = typer.Argument(
        ...,
        metavar="PLAN",
        help="A plan year found in --plans-dir (e.g. 2025), a plan file (.yaml, .json) "
        "or a document to parse (.txt .docx .pdf .html).",
        show_default=False,
    ),
    output: Path = typer.Option(..., "-o", "--output", help="The .docx file to write."),
    plans_dir: Path = typer.Option(
        Path("data/plans"), "--plans-dir", help="Where plan years are looked up."
    ),
    issuer: str | None = typer.Option(
        None, "--issuer", help="When a year matches several plans, keep the one of this issuer."
    ),
) -> None:
    """Write a plan as a .docx in the layout of Nghị định 30/2020/NĐ-CP.

    The header (issuing body, Số:, motto, place and date), KẾ HOẠCH and the title, the
    documents cited, the numbered sections, the signature block and Nơi nhận, and the
    appendix task table on landscape pages. khtool parse reads the file back to the
    same plan.

    Example: khtool render data/plans/hanoi-2025-draft.yaml -o plan-2025.docx
    """
    from khtool.diffing.plan_lookup import resolve_plan
    from khtool.writing.render import render as write_docx

    if output.suffix.lower() != ".docx":
        raise UsageError("the output must be a .docx file", output)
    found = resolve_plan(plan, plans_dir, issuer)
    write_docx(found, output)
    tasks = len(found.tasks())
    console.note(f"{output.as_posix()}: {found.document.title or 'plan'} ({tasks} tasks)")
