"""Plan files: YAML/JSON dumping and safe loading, and atomic writes."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml

from khtool.errors import PlanDataError
from khtool.limits import DEFAULT_MAX_BYTES

# libyaml's emitter when PyYAML was built with it (several times faster), else pure Python
_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[valid-type,misc]
    """Block style, Unicode kept, no line folding, keys in model order."""


_LINE_BREAKS = ("\x85", "\u2028", "\u2029")  # YAML reads these as line breaks


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # PyYAML writes NEL/LS/PS raw inside single quotes, where they fold to a space on
    # reading; double quotes escape them (\N, \L, \P) so the value reads back exactly
    style = '"' if any(c in value for c in _LINE_BREAKS) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


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


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate mapping keys."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
        try:
            duplicate = key in seen
            seen.add(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key that is a list or a mapping", key_node.start_mark
            ) from None
        if duplicate:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# Limits on what one YAML/JSON document may expand to. A real plan has ~10,000 nodes,
# nests ~8 deep and uses no aliases.
MAX_YAML_NODES = 1_000_000  # nodes after expanding every alias (billion laughs)
MAX_YAML_DEPTH = 100  # nesting of sequences and mappings


class _YamlLimit(Exception):
    def __init__(self, message: str, node: yaml.Node | None = None) -> None:
        super().__init__(message)
        self.mark = node.start_mark if node is not None else None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def check_node_graph(root: yaml.Node) -> None:
    """Refuse recursive aliases, alias bombs and deep nesting before constructing.

    Aliases make the node graph a DAG; the size of the data it stands for is the
    size of the tree with every alias expanded, counted here without expanding it.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            kids = _children(node)
            size[key] = 1 + sum(size[id(k)] for k in kids)
            depth[key] = 1 + max((depth[id(k)] for k in kids), default=0)
            if size[key] > MAX_YAML_NODES:
                raise _YamlLimit(
                    f"aliases expand to more than {MAX_YAML_NODES:,} values (an alias bomb?); "
                    "refused",
                    node,
                )
            if depth[key] > MAX_YAML_DEPTH:
                raise _YamlLimit(f"nested more than {MAX_YAML_DEPTH} levels deep; refused", node)
            continue
        if key in size:
            continue
        if key in on_path:
            raise _YamlLimit("a recursive alias (a value that contains itself); refused", node)
        on_path.add(key)
        stack.append((node, True))
        for kid in _children(node):
            kid_key = id(kid)
            if kid_key in on_path:
                raise _YamlLimit("a recursive alias (a value that contains itself); refused", kid)
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


def load_data(text: str, name: str = "<string>") -> Any:
    """Parse YAML (or JSON, a subset) safely.

    Only plain data (no tags that build objects or run code), no duplicate keys, no
    recursive aliases, at most ``MAX_YAML_NODES`` values once aliases are expanded and
    at most ``MAX_YAML_DEPTH`` levels of nesting; anything else is a PlanDataError.
    """
    if _flow_depth_exceeds(text, MAX_YAML_DEPTH):
        raise PlanDataError(
            f"unsafe YAML: nested more than {MAX_YAML_DEPTH} levels deep; refused", name
        )
    try:
        loader = _UniqueKeyLoader(text)  # the reader refuses control characters here
    except yaml.YAMLError as exc:
        raise PlanDataError(f"invalid YAML: {str(exc).splitlines()[0]}", name) from None
    try:
        node = loader.get_single_node()  # type: ignore[no-untyped-call]
        if node is None:
            return None
        check_node_graph(node)
        return loader.construct_document(node)  # type: ignore[no-untyped-call]
    except _YamlLimit as exc:
        raise PlanDataError(f"unsafe YAML{_where(exc.mark)}: {exc}", name) from None
    except RecursionError:
        raise PlanDataError(
            f"unsafe YAML: nested more than {MAX_YAML_DEPTH} levels deep; refused", name
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        tag = _tag_problem(problem)
        if tag:
            raise PlanDataError(
                f"unsupported YAML tag {tag}{_where(mark)}: plan files hold plain data only",
                name,
            ) from None
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


def write_atomic(path: Path, text: str) -> None:
    """Write text to path via a temporary file in the same folder and a rename.

    The file gets the usual permissions of a new file (0666 less the umask), not the
    0600 of the temporary file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
