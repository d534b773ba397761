"""The command line: thin typer commands over the library functions.

Each command lives in ``khtool/commands/<name>.py`` and registers itself on
:data:`app` when imported. The module of a command is imported only when that command
runs (or when the help lists the commands): ``khtool parse`` never loads what diff,
export or render need. Library errors (:class:`~khtool.errors.KhtoolError`) become
one line on stderr and exit code 2; a traceback is shown only with ``--debug``.
Global options (``--quiet``, ``--verbose``, ``--color``, ``--debug``) may also follow
the command; their state lives in :mod:`khtool.console`.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import sys
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

import typer
from typer.core import TyperGroup
from typer.main import get_command_from_info, get_command_name

try:  # typer < 0.22 uses click; newer releases ship it as typer._click
    from click import exceptions as click_exc
except ImportError:  # pragma: no cover - depends on the installed typer
    from typer._click import exceptions as click_exc  # type: ignore[no-redef]

from khtool import __version__, console
from khtool.console import ClosedPipe, ColorMode
from khtool.errors import KhtoolError, printable

# One module per command, in the order the help lists them; each registers itself on
# ``app`` when imported, which happens only when the command is needed.
COMMANDS = ["parse", "schema", "export", "diff", "validate", "report", "render", "draft"]


class _LazyCommands(MutableMapping[str, Any]):
    """The commands of the group by name: every name in :data:`COMMANDS` is there, its
    module imported when the command itself is first looked up."""

    def __init__(self, loaded: Mapping[str, Any]) -> None:
        self._loaded = dict(loaded)

    def __getitem__(self, name: str) -> Any:
        if name not in self._loaded and name in COMMANDS:
            command = load_command(name)
            if command is None:
                raise KeyError(name)
            self._loaded[name] = command
        return self._loaded[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._loaded[name]

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self._loaded

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (n for n in self._loaded if n not in COMMANDS)

    def __len__(self) -> int:
        return len(set(COMMANDS) | set(self._loaded))


class LazyGroup(TyperGroup):
    """A group whose command modules are imported when a command is looked up."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _LazyCommands(self.commands)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names only: no module imported


def load_command(name: str) -> Any:
    """The click command of ``name``, its module imported now."""
    importlib.import_module(f"khtool.commands.{name}")
    for info in app.registered_commands:
        callback_name = info.callback.__name__ if info.callback else ""
        if (info.name or get_command_name(callback_name)) == name:
            return get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
    return None


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
    cls=LazyGroup,
    no_args_is_help=True,
    add_completion=True,
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
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="Print only errors (no warnings, progress or notes)."
    ),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Print more detail on stderr (e.g. the time per file)."
    ),
    color: ColorMode = typer.Option(
        ColorMode.auto,
        "--color",
        case_sensitive=False,
        help="Colour on stderr and in tables: auto (a terminal, unless NO_COLOR is set; "
        "FORCE_COLOR forces it), always or never.",
    ),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    if quiet and verbose:
        raise click_exc.UsageError("--quiet and --verbose cannot be used together")
    state.debug = debug
    console.configure(quiet=quiet, verbose=verbose, color=color)


def error(message: str) -> None:
    """Print one error line on stderr (control characters escaped: one line, no
    terminal escape sequences from file names or document text)."""
    console.error(message)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so flushing it at exit does not fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


_FLAGS = frozenset(["--debug", "--quiet", "-q", "--verbose", "-v"])
_VALUED = "--color"


def _globals_first(args: list[str]) -> tuple[list[str], bool]:
    """The global options (``--debug``, ``--quiet``/``-q``, ``--verbose``/``-v``,
    ``--color X``) are accepted anywhere before ``--``: moved in front of the command.
    Returns the arguments and whether ``--debug`` was among them."""
    cut = args.index("--") if "--" in args else len(args)
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < cut:
        arg = args[i]
        if arg in _FLAGS or arg.startswith(_VALUED + "="):
            front.append(arg)
        elif arg == _VALUED and i + 1 < cut:
            front += [arg, args[i + 1]]
            i += 1
        else:
            rest.append(arg)
        i += 1
    return [*front, *rest, *args[cut:]], "--debug" in front


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turning errors into one line and an exit code.

    With ``--debug`` the traceback is printed first; the exit code stays the same.
    """
    import traceback

    console.configure()  # a fresh state for each call (tests call main() repeatedly)
    # The commands use no pydantic plugins; looking for them (package metadata of every
    # installed distribution) costs more than reading a plan. A user's setting wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if hasattr(signal, "SIGXFSZ"):  # ulimit -f: a write fails with EFBIG, not a kill
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    args, debug = _globals_first(list(sys.argv[1:] if argv is None else argv))
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
    except (BrokenPipeError, ClosedPipe):
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
    # ``python -m khtool.cli``: the commands register on the imported module, so run it
    from khtool.cli import run as _run

    _run()
