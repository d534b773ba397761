"""Plan files: YAML/JSON dumping and safe loading, and atomic writes."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from khtool.errors import InputError, PlanDataError


class _Dumper(yaml.SafeDumper):
    """Block style, Unicode kept, no line folding, keys in model order."""


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


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
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_data(text: str, name: str = "<string>") -> Any:
    """Parse YAML (or JSON, a subset) safely: no tags that run code, no duplicate keys."""
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PlanDataError(f"invalid YAML{where}: {problem}", name) from None


def load_plan(source: str | Path) -> Any:
    """Load a Plan from a YAML/JSON file path or from YAML text."""
    from khtool.model import Plan

    if isinstance(source, Path) or (
        isinstance(source, str)
        and "\n" not in source
        and Path(source).suffix.lower() in {".yaml", ".yml", ".json"}
    ):
        path = Path(source)
        try:
            text = path.read_text("utf-8")
        except FileNotFoundError:
            raise InputError("no such file", path) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read file ({exc})", path) from None
        name = str(path)
    else:
        text, name = str(source), "<string>"
    data = load_data(text, name)
    if not isinstance(data, dict):
        raise PlanDataError("not a plan: the top level must be a mapping", name)
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise PlanDataError(
            f"does not match the plan schema at {loc}: {first['msg']} "
            f"({exc.error_count()} error(s))",
            name,
        ) from None


def write_atomic(path: Path, text: str) -> None:
    """Write text to path via a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
