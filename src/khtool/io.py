"""Plan files: YAML/JSON dumping and safe loading, and atomic writes."""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from khtool.errors import LimitExceededError, PlanDataError
from khtool.limits import Limits
from khtool.output import check_output, write_error

# libyaml's emitter when PyYAML was built with it (several times faster), else pure Python
_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[valid-type,misc]
    """Block style, Unicode kept, no line folding, keys in model order."""


_LINE_BREAKS = ("\x85", "\u2028", "\u2029")  # YAML reads these as line breaks


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # PyYAML writes NEL/LS/PS raw inside single quotes, where they fold to a space on
    # reading; double quotes escape them (\N, \L, \P) so the value reads back exactly
    style = '"' if any(c in value for c in _LINE_BREAKS) else None
    value = utf8_safe(value)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def utf8_safe(text: str) -> str:
    """text, with a lone surrogate (a file name byte that is not UTF-8, as os.fsdecode
    keeps it) written as ``\\udcff`` so that the text can be encoded."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


_Dumper.add_representer(str, _str_presenter)


def dump_yaml(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000,
        default_flow_style=False,
    )


def dump(data: Any, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return dump_yaml(data)


def _c_loader() -> type[yaml.SafeLoader] | None:
    """libyaml's parser and composer (C) with the safe constructor, when PyYAML has it
    and libyaml caps nesting (0.2.5 and later: 1000 levels, so its recursive composer
    cannot exhaust the C stack)."""
    loader = getattr(yaml, "CSafeLoader", None)
    version = getattr(getattr(yaml, "_yaml", None), "get_version", lambda: (0, 0, 0))()
    return loader if loader is not None and tuple(version) >= (0, 2, 5) else None


_Loader: type[yaml.SafeLoader] = _c_loader() or yaml.SafeLoader


class _BadValue(Exception):
    def __init__(self, message: str, node: yaml.Node) -> None:
        super().__init__(message)
        self.mark = node.start_mark


_CHECKED: dict[type[yaml.SafeLoader], type[yaml.SafeLoader]] = {}


def _checked(base: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """``base`` (libyaml's loader, or PyYAML's) whose constructor turns what PyYAML
    raises on a value it cannot build into one message: ``!!bool maybe`` (KeyError),
    an int of 5,000 digits (Python's own limit), a value of the wrong kind."""
    if base not in _CHECKED:

        def construct_object(self: yaml.SafeLoader, node: yaml.Node, deep: bool = False) -> Any:
            try:
                return base.construct_object(self, node, deep)  # type: ignore[no-untyped-call]
            except ValueError as exc:  # a date that does not exist: PyYAML's words
                if "integer string conversion" in str(exc):
                    raise _BadValue(
                        _value_problem(node, "an integer of more than 4,300 digits"), node
                    ) from None
                raise
            except (KeyError, TypeError, OverflowError, IndexError):
                raise _BadValue(_value_problem(node, f"not a {_tag(node)} value"), node) from None

        _CHECKED[base] = type("CheckedLoader", (base,), {"construct_object": construct_object})
    return _CHECKED[base]


def _tag(node: yaml.Node) -> str:
    return str(node.tag).replace("tag:yaml.org,2002:", "!!")


def _value_problem(node: yaml.Node, reason: str) -> str:
    value = node.value if isinstance(node, yaml.ScalarNode) else ""
    shown = repr(value) if len(value) <= 40 else f"{value[:20]!r}… ({len(value):,} characters)"
    return f"{shown} cannot be read as {_tag(node)}: {reason}"


# Limits on what one YAML/JSON document may expand to. A real plan has ~10,000 nodes,
# nests ~8 deep and uses no aliases.
MAX_YAML_NODES = 1_000_000  # nodes after expanding every alias (billion laughs)
MAX_YAML_VALUES = 100_000  # values as written, at least (a real plan has about 2,000)
VALUES_PER_TASK = 100  # and more with --max-tasks: a real task takes 20 to 60
MAX_YAML_DEPTH = 100  # nesting of sequences and mappings

_DEEP = f"nested more than {MAX_YAML_DEPTH} levels deep; refused"
_BOMB = f"aliases expand to more than {MAX_YAML_NODES:,} values (an alias bomb?); refused"
_RECURSIVE = "a recursive alias (a value that contains itself); refused"
# the tags the safe constructor builds; any other tag (!!python/object …) is refused
_PLAIN_TAGS = frozenset(t for t in yaml.SafeLoader.yaml_constructors if t is not None)
_STR = "tag:yaml.org,2002:str"


class _YamlLimit(Exception):
    def __init__(self, message: str, node: yaml.Node | yaml.Event | _Frame | None = None) -> None:
        super().__init__(message)
        self.mark = getattr(node, "start_mark", None) or getattr(node, "mark", None)


class _BadTag(_YamlLimit):
    pass


class _BadKey(_YamlLimit):
    pass


def _check_tag(node: yaml.Node) -> None:
    if node.tag not in _PLAIN_TAGS:
        raise _BadTag(node.tag.replace("tag:yaml.org,2002:", "!!"), node)


def _check_keys(loader: yaml.SafeLoader, node: yaml.MappingNode) -> None:
    """Refuse a key that repeats (compared as constructed: ``1`` and ``0x1`` repeat)
    or that is a list or a mapping."""
    seen: set[Any] = set()
    for key_node, _ in node.value:
        _check_tag(key_node)
        if not isinstance(key_node, yaml.ScalarNode):
            raise _BadKey("a mapping key that is a list or a mapping", key_node)
        key = (
            key_node.value if key_node.tag == _STR else loader.construct_object(key_node)  # type: ignore[no-untyped-call]
        )
        if key in seen:
            raise _BadKey(f"duplicate key {key!r}", key_node)
        seen.add(key)


def check_node_graph(root: yaml.Node, loader: yaml.SafeLoader | None = None) -> None:
    """Every safety check on the composed node graph, in one linear pass: tags other
    than plain data, duplicate or unhashable keys, recursive aliases, alias bombs and
    deep nesting, before anything is constructed.

    Aliases make the node graph a DAG; the size of the data it stands for is the size
    of the tree with every alias expanded, counted here without expanding it (each
    node is visited once; a node reached again through an alias reuses its size).
    Keys are checked only when a loader is given (it constructs non-string keys).
    """
    size: dict[int, int] = {}  # collection node id -> values once aliases are expanded
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    if isinstance(root, yaml.ScalarNode):
        _check_tag(root)
        return
    while stack:
        node, done = stack.pop()
        key = id(node)
        kids: list[yaml.Node] = (
            node.value
            if isinstance(node, yaml.SequenceNode)
            else [n for pair in node.value for n in pair]
        )
        if done:
            on_path.discard(key)
            total, deepest = 1, 0
            for kid in kids:
                kid_key = id(kid)
                if kid_key in size:
                    total += size[kid_key]
                    deepest = max(deepest, depth[kid_key])
                else:  # a scalar
                    total += 1
                    deepest = max(deepest, 1)
            size[key], depth[key] = total, deepest + 1
            if total > MAX_YAML_NODES:
                raise _YamlLimit(_BOMB, node)
            if deepest + 1 > MAX_YAML_DEPTH:
                raise _YamlLimit(_DEEP, node)
            continue
        if key in size:
            continue
        if key in on_path:
            raise _YamlLimit(_RECURSIVE, node)
        _check_tag(node)
        if loader is not None and isinstance(node, yaml.MappingNode):
            _check_keys(loader, node)
        on_path.add(key)
        stack.append((node, True))
        for kid in reversed(kids):  # reversed: visited in document order
            if isinstance(kid, yaml.ScalarNode):
                _check_tag(kid)
                continue
            kid_key = id(kid)
            if kid_key in on_path:
                raise _YamlLimit(_RECURSIVE, kid)
            if kid_key not in size:
                stack.append((kid, False))


# the limits plan files are read with (--max-plan-size, --max-tasks); a command sets
# them for the plans it loads with :func:`plan_limits`
_PLAN_LIMITS: ContextVar[Limits | None] = ContextVar("plan_limits", default=None)


@contextlib.contextmanager
def plan_limits(limits: Limits) -> Iterator[None]:
    """Read every plan file loaded inside the block with ``limits``."""
    token = _PLAN_LIMITS.set(limits)
    try:
        yield
    finally:
        _PLAN_LIMITS.reset(token)


def current_plan_limits() -> Limits:
    return _PLAN_LIMITS.get() or Limits()


_TASK_KEYS = frozenset({"tasks", "body_tasks"})  # the lists whose items are tasks


class _TooManyTasks(Exception):
    pass


@dataclass(slots=True)
class _Frame:
    """An open sequence or mapping while the events are scanned."""

    start: int  # values counted before it (aliases expanded)
    mark: Any
    anchor: str | None
    mapping: bool
    tasks: bool  # a list of tasks (the value of a ``tasks`` key)
    at_key: bool = True  # a mapping's next item is a key
    key: object = None


def _item(parent: _Frame | None, value: object = None) -> None:
    """A key or a value of ``parent`` is complete."""
    if parent is not None and parent.mapping:
        if parent.at_key:
            parent.key = value
        parent.at_key = not parent.at_key


def _scan_events(loader: yaml.SafeLoader, max_tasks: int) -> None:
    """The size limits, counted on the parser's events before any node is composed
    (composing takes far more time and memory than parsing): at most
    ``MAX_YAML_VALUES`` values as written (``VALUES_PER_TASK`` per task of
    ``max_tasks`` when that is more), ``MAX_YAML_NODES`` once aliases are
    expanded (each anchor's size is counted once and reused by its aliases, so a
    bomb is never expanded; linear in the events, however many anchors there are),
    ``MAX_YAML_DEPTH`` levels, and ``max_tasks`` items in the task lists.
    """
    stack: list[_Frame] = []
    sizes: dict[str, int] = {}  # anchor -> values once expanded
    written = expanded = tasks = 0
    max_values = max(MAX_YAML_VALUES, VALUES_PER_TASK * max_tasks)
    many = (
        f"more than {max_values:,} values (a plan has about 2,000); refused "
        "(raise it with --max-tasks)"
    )
    get_event = loader.get_event
    while True:
        event = get_event()  # type: ignore[no-untyped-call]
        kind = type(event)
        parent = stack[-1] if stack else None
        if kind is yaml.ScalarEvent:  # the most frequent: kept short
            written += 1
            expanded += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
            if parent is not None and parent.mapping:
                if parent.at_key:
                    parent.key = event.value
                parent.at_key = not parent.at_key
            if written > max_values:
                raise _YamlLimit(many, event)
            continue
        if kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            frame = stack.pop()
            size = expanded - frame.start
            if size > MAX_YAML_NODES:
                raise _YamlLimit(_BOMB, frame)
            if frame.anchor is not None:
                sizes[frame.anchor] = size
            _item(stack[-1] if stack else None)
            continue
        if event is None or kind is yaml.StreamEndEvent:
            return
        if not isinstance(event, yaml.NodeEvent):
            continue  # stream and document starts, document ends
        written += 1
        if written > max_values:
            raise _YamlLimit(many, event)
        if parent is not None and parent.tasks:
            tasks += 1
            if tasks > max_tasks:
                raise _TooManyTasks(
                    f"more than {max_tasks:,} tasks{_where(event.start_mark)}, over the limit "
                    "(raise it with --max-tasks)"
                )
        if kind is yaml.AliasEvent:
            # an anchor not seen (or still open: a recursive alias) is refused later
            expanded += sizes.get(event.anchor or "", 1)
            _item(parent)
            continue
        # a sequence or a mapping starts
        is_tasks = (
            kind is yaml.SequenceStartEvent
            and parent is not None
            and parent.mapping
            and not parent.at_key
            and parent.key in _TASK_KEYS
        )
        mapping = kind is yaml.MappingStartEvent
        stack.append(_Frame(expanded, event.start_mark, event.anchor, mapping, is_tasks))
        expanded += 1
        if len(stack) > MAX_YAML_DEPTH:
            raise _YamlLimit(_DEEP)


_FLOW = re.compile(r"[\[\]{}]")


def _flow_depth_exceeds(text: str, limit: int) -> bool:
    """True when ``[``/``{`` nest deeper than ``limit`` (a bracket in a string counts too).

    PyYAML's scanner is quadratic in the nesting of flow collections (20 KB of ``[``
    takes seconds), so this is checked on the raw text before scanning.
    """
    depth = 0
    for m in _FLOW.finditer(text):
        if m.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        elif depth:
            depth -= 1
    return False


def _where(mark: Any) -> str:
    return f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""


def _tag_problem(problem: str) -> str | None:
    """The tag SafeLoader has no constructor for (e.g. !!python/object), if that is the problem."""
    prefix = "could not determine a constructor for the tag "
    if not problem.startswith(prefix):
        return None
    return problem[len(prefix) :].strip("'").replace("tag:yaml.org,2002:", "!!")


def _unsupported(tag: str, mark: Any, name: str) -> PlanDataError:
    return PlanDataError(
        f"unsupported YAML tag {tag}{_where(mark)}: plan files hold plain data only", name
    )


def load_data(text: str, name: str = "<string>", limits: Limits | None = None) -> Any:
    """Parse YAML (or JSON, a subset) safely.

    Only plain data (no tags that build objects or run code), no duplicate keys, no
    recursive aliases, at most ``MAX_YAML_NODES`` values once aliases are expanded,
    ``MAX_YAML_VALUES`` as written, ``limits.max_tasks`` tasks (``--max-tasks``;
    by default the :func:`plan_limits` in force) and at most ``MAX_YAML_DEPTH``
    levels of nesting; anything else is a PlanDataError (a LimitExceededError for
    the tasks). The text is parsed by libyaml (C) when PyYAML has it; the sizes are
    counted on the parser's events first (:func:`_scan_events`), then the nodes are
    composed and checked in one pass (:func:`check_node_graph`), then the safe
    constructor builds the data.
    """
    max_tasks = (limits or current_plan_limits()).max_tasks
    if _flow_depth_exceeds(text, MAX_YAML_DEPTH):
        raise PlanDataError(f"unsafe YAML: {_DEEP}", name)
    try:
        loader = _checked(_Loader)(text)  # the reader refuses control characters here
        scanner = _Loader(text)
    except yaml.YAMLError as exc:
        raise PlanDataError(f"invalid YAML: {str(exc).splitlines()[0]}", name) from None
    try:
        try:
            _scan_events(scanner, max_tasks)
        finally:
            scanner.dispose()  # type: ignore[no-untyped-call]
        node = loader.get_single_node()  # type: ignore[no-untyped-call]
        if node is None:
            return None
        check_node_graph(node, loader)
        return loader.construct_document(node)  # type: ignore[no-untyped-call]
    except _BadTag as exc:
        raise _unsupported(str(exc), exc.mark, name) from None
    except _BadKey as exc:
        raise PlanDataError(f"invalid YAML{_where(exc.mark)}: {exc}", name) from None
    except _YamlLimit as exc:
        raise PlanDataError(f"unsafe YAML{_where(exc.mark)}: {exc}", name) from None
    except _TooManyTasks as exc:
        raise LimitExceededError(str(exc), name) from None
    except RecursionError:
        raise PlanDataError(f"unsafe YAML: {_DEEP}", name) from None
    except _BadValue as exc:
        raise PlanDataError(f"invalid YAML{_where(exc.mark)}: {exc}", name) from None
    except ValueError as exc:  # e.g. a date that does not exist (2020-13-45)
        raise PlanDataError(f"invalid YAML: {exc}", name) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if "exceeded maximum nesting depth" in str(exc):  # libyaml's own cap (1000 levels)
            raise PlanDataError(f"unsafe YAML: {_DEEP}", name) from None
        tag = _tag_problem(problem)
        if tag:
            raise _unsupported(tag, mark, name) from None
        raise PlanDataError(f"invalid YAML{_where(mark)}: {problem}", name) from None
    finally:
        loader.dispose()  # type: ignore[no-untyped-call]


def read_plan_text(path: Path, max_bytes: int | None = None) -> str:
    """Read a YAML/JSON plan file as UTF-8, with plain errors, within the plan size
    limit (``--max-plan-size``; by default the :func:`plan_limits` in force) and
    ``max_bytes`` (``--max-size``) when that is lower."""
    from khtool.reading import read_limited

    plan_bytes = current_plan_limits().max_plan_bytes
    if max_bytes is not None and max_bytes < plan_bytes:
        data = read_limited(path, max_bytes)  # its message names --max-size
    else:
        try:
            data = read_limited(path, plan_bytes)
        except LimitExceededError:
            raise LimitExceededError(
                f"plan file is over the {plan_bytes / 1e6:.0f} MB limit "
                "(raise it with --max-plan-size)",
                path,
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PlanDataError(f"not valid UTF-8 (line {line}); plan files are UTF-8", path) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str | bytes, inputs: Iterable[Path] = ()) -> None:
    """Write text (UTF-8, LF) or bytes to path via a temporary file in the same folder
    and a rename: the target is complete or untouched, and a failure (disk full,
    read-only, file size limit, name too long) is one :class:`OutputError` with the
    temporary file removed.

    The target must be a regular file or a new name, and not one of ``inputs``
    (:func:`check_output`). The file gets the usual permissions of a new file (0666
    less the umask), not the 0600 of the temporary file.
    """
    check_output(path, inputs)
    # a file name that is not UTF-8 (a surrogate escape) is written as \udcff, not lost
    data = text.encode("utf-8", "backslashreplace") if isinstance(text, str) else text
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:200]}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        check_output(path, inputs)  # nothing appeared in its place meanwhile
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise write_error(exc, path) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
