"""Plan files: YAML/JSON dumping and safe loading, and atomic writes."""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from khtool.errors import PlanDataError
from khtool.limits import DEFAULT_MAX_BYTES
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
MAX_YAML_DEPTH = 100  # nesting of sequences and mappings

_DEEP = f"nested more than {MAX_YAML_DEPTH} levels deep; refused"
_RECURSIVE = "a recursive alias (a value that contains itself); refused"
# the tags the safe constructor builds; any other tag (!!python/object …) is refused
_PLAIN_TAGS = frozenset(t for t in yaml.SafeLoader.yaml_constructors if t is not None)
_STR = "tag:yaml.org,2002:str"


class _YamlLimit(Exception):
    def __init__(self, message: str, node: yaml.Node | None = None) -> None:
        super().__init__(message)
        self.mark = node.start_mark if node is not None else None


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
                raise _YamlLimit(
                    f"aliases expand to more than {MAX_YAML_NODES:,} values (an alias bomb?); "
                    "refused",
                    node,
                )
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


def load_data(text: str, name: str = "<string>") -> Any:
    """Parse YAML (or JSON, a subset) safely.

    Only plain data (no tags that build objects or run code), no duplicate keys, no
    recursive aliases, at most ``MAX_YAML_NODES`` values once aliases are expanded and
    at most ``MAX_YAML_DEPTH`` levels of nesting; anything else is a PlanDataError.
    The text is parsed by libyaml (C) when PyYAML has it; the checks are one pass
    over the composed nodes (:func:`check_node_graph`), then the safe constructor
    builds the data.
    """
    if _flow_depth_exceeds(text, MAX_YAML_DEPTH):
        raise PlanDataError(f"unsafe YAML: {_DEEP}", name)
    try:
        loader = _checked(_Loader)(text)  # the reader refuses control characters here
    except yaml.YAMLError as exc:
        raise PlanDataError(f"invalid YAML: {str(exc).splitlines()[0]}", name) from None
    try:
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


def read_plan_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a YAML/JSON plan file as UTF-8, with the size limit and plain errors."""
    from khtool.reading import read_limited

    data = read_limited(path, max_bytes)
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
