"""The command line: thin typer commands over the library functions.

Each command lives in ``khtool/commands/<name>.py`` and registers itself on
:data:`app`. Library errors (:class:`~khtool.errors.KhtoolError`) become one line
on stderr and exit code 2; a traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import importlib
import sys

import typer

try:  # typer < 0.22 uses click; newer releases ship it as typer._click
    from click import exceptions as click_exc
except ImportError:  # pragma: no cover - depends on the installed typer
    from typer._click import exceptions as click_exc  # type: ignore[no-redef]

from khtool import __version__
from khtool.errors import KhtoolError

app = typer.Typer(
    name="khtool",
    help=(
        "Turn Vietnamese plan documents (Kế hoạch …/KH-UBND) into validated YAML, "
        "compare plans year to year and check them for consistency.\n\n"
        "Examples:\n\n"
        "  khtool parse plan.docx > plan.yaml\n\n"
        "  khtool validate data/plans/\n\n"
        "  khtool diff 2024 2025"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class _State:
    debug = False


state = _State()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"khtool {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    state.debug = debug


# One module per command; each registers itself on ``app`` when imported.
COMMANDS = ["parse", "schema", "export", "diff", "validate", "report", "render", "draft"]
for _name in COMMANDS:
    importlib.import_module(f"khtool.commands.{_name}")


def error(message: str) -> None:
    """Print one red error line on stderr."""
    from rich.console import Console

    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"[bold red]khtool:[/] {message}", markup=True
    )


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turning errors into one line and an exit code."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        result = app(args=args, standalone_mode=False, prog_name="khtool")
        return int(result or 0)
    except KhtoolError as exc:
        if debug:
            raise
        error(_escape(str(exc)))
        return exc.exit_code
    except click_exc.NoArgsIsHelpError as exc:
        exc.show()
        return 0
    except click_exc.UsageError as exc:
        if debug:
            raise
        exc.show()
        return 2
    except getattr(click_exc, "Abort", ()):  # typer releases that vendor click lack Abort
        error("aborted")
        return 130
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if debug:
            raise
        error(f"internal error: {type(exc).__name__}: {_escape(str(exc))} (run with --debug)")
        return 3


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
