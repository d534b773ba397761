"""khtool schema: print or write the JSON Schema of a Plan."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from khtool.cli import app


@app.command()
def schema(
    output: Path | None = typer.Option(None, "-o", "--output", help="Write to this file."),
) -> None:
    """Print the JSON Schema of the Plan YAML (generated from the models)."""
    from khtool.io import write_atomic
    from khtool.model import plan_json_schema

    text = json.dumps(plan_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text)
