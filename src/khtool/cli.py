"""The command line: thin typer commands over the library functions.

Each command lives in ``khtool/commands/<name>.py`` and registers itself on
:data:`app`. Library errors (:class:`~khtool.errors.KhtoolError`) become one line
on stderr and exit code 2; a traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import sys

import typer

try:  # typer < 0.22 uses click; newer releases ship it as typer._click
    from click import exceptions as click_exc
except ImportError:  # pragma: no cover - depends on the installed typer
    from typer._click import exceptions as click_exc  # type: ignore[no-redef]

from khtool import __version__
from khtool.errors import KhtoolError, printable

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
    """Print one red error line on stderr (control characters escaped: one line, no
    terminal escape sequences from file names or document text)."""
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"[bold red]khtool:[/] {escape(printable(message))}", markup=True
    )


class _ClosedPipe(Exception):
    """stdout was closed by the reader (``khtool validate | head -1``)."""


def _on_broken_pipe(self: object) -> None:
    # rich's default raises SystemExit(1), which would look like findings
    raise _ClosedPipe


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so flushing it at exit does not fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _debug_first(args: list[str]) -> tuple[list[str], bool]:
    """``--debug`` is accepted anywhere before ``--``: moved in front of the command."""
    cut = args.index("--") if "--" in args else len(args)
    if "--debug" not in args[:cut]:
        return args, False
    rest = [a for a in args[:cut] if a != "--debug"] + args[cut:]
    return ["--debug", *rest], True


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turning errors into one line and an exit code.

    With ``--debug`` the traceback is printed first; the exit code stays the same.
    """
    import traceback

    from rich.console import Console

    Console.on_broken_pipe = _on_broken_pipe  # type: ignore[method-assign,assignment]
    if hasattr(signal, "SIGXFSZ"):  # ulimit -f: a write fails with EFBIG, not a kill
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    args, debug = _debug_first(list(sys.argv[1:] if argv is None else argv))
    try:
        result = app(args=args, standalone_mode=False, prog_name="khtool")
        return int(result or 0)
    except KhtoolError as exc:
        if debug:
            traceback.print_exc()
        error(str(exc))
        return exc.exit_code
    except click_exc.NoArgsIsHelpError as exc:
        exc.show()
        return 0
    except click_exc.UsageError as exc:
        if debug:
            traceback.print_exc()
        exc.message = printable(exc.message)
        exc.show()
        return 2
    except getattr(click_exc, "Abort", ()):  # typer releases that vendor click lack Abort
        error("aborted")
        return 130
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except (BrokenPipeError, _ClosedPipe):
        _silence_stdout()
        return 0
    except SystemExit:
        # click turns a closed stdout (EPIPE) into exit 1 and wraps the streams
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            _silence_stdout()
            return 0
        raise
    except Exception as exc:
        if debug:
            traceback.print_exc()
        error(f"internal error: {type(exc).__name__}: {exc} (run with --debug)")
        return 3


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
