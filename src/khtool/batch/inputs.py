"""Command-line inputs: folders and glob patterns → files; unique output names.

Shared by batch conversion (:mod:`khtool.batch.runner`) and export (:mod:`khtool.export`).
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path

from khtool.errors import UsageError

SOURCE_SUFFIXES = frozenset({".txt", ".docx", ".pdf", ".html", ".htm"})
"""What a folder is searched for when it is given as an input document."""

PLAN_SUFFIXES = frozenset({".yaml", ".yml", ".json"})
"""Plan files (khtool's own output)."""

_GLOB_CHARS = frozenset("*?[")


def hidden_reason(name: str) -> str | None:
    """Why a file found in a folder is not a document to convert, or None."""
    if name.startswith("~$"):
        return "a Word lock file, not a document"
    if name.startswith("."):
        return "a hidden file: its name starts with '.'"
    return None


def _hidden(name: str) -> bool:
    # dot files (our own temporary files among them), Word lock files (~$plan.docx)
    # and the report of a batch conversion
    return hidden_reason(name) is not None or name == "_report.json"


def walk(folder: Path, suffixes: Collection[str], hidden: bool = False) -> list[Path]:
    """Files under folder (recursively, sorted) whose suffix is one of suffixes;
    dot files and Word lock files too when ``hidden`` (a batch lists them as skipped)."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [
            Path(root, name)
            for name in sorted(files)
            if Path(name).suffix.lower() in suffixes
            and name != "_report.json"
            and (hidden or not _hidden(name))
        ]
    return found


def expand_inputs(
    paths: Iterable[str | Path],
    suffixes: Collection[str] = SOURCE_SUFFIXES,
    hidden: bool | None = None,
) -> list[Path]:
    """Expand folders (recursively) and glob patterns; keep plain paths as given.

    A path that does not exist is kept, so that it is reported as a failed input.
    Duplicates (the same file named twice) are dropped; order is kept. Dot files and
    Word lock files in a folder are kept when ``hidden`` (by default for source
    documents, whose batch report lists them as skipped with the reason) and left out
    otherwise.
    """
    if hidden is None:
        hidden = set(suffixes) == SOURCE_SUFFIXES
    found: list[Path] = []
    for item in paths:
        text = os.fspath(item)
        path = Path(text)
        if path.is_dir():
            found += walk(path, suffixes, hidden)
        elif not path.exists() and _GLOB_CHARS & set(text):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                raise UsageError(f"no files match {text!r}")
            for match in map(Path, matches):
                found += walk(match, suffixes, hidden) if match.is_dir() else [match]
        else:
            found.append(path)
    seen: set[str] = set()
    unique: list[Path] = []
    for path in found:
        real = os.path.normcase(os.path.realpath(path))
        if real not in seen:
            seen.add(real)
            unique.append(path)
    return unique


def _candidates(path: Path) -> list[str]:
    """Ever more specific output stems for one input."""
    parents = [p for p in Path(os.path.abspath(path)).parent.parts if p not in ("/", "\\")]
    names = [path.stem, path.name]
    for depth in range(1, len(parents) + 1):
        prefix = "_".join(parents[-depth:])
        names += [f"{prefix}_{path.stem}", f"{prefix}_{path.name}"]
    digest = hashlib.sha1(os.fsencode(os.path.abspath(path))).hexdigest()[:8]
    names.append(f"{path.name}-{digest}")
    return names


def output_names(inputs: Sequence[Path], ext: str, reserved: Iterable[str] = ()) -> list[str]:
    """One output file name per input: its stem + ``.ext``, made unique when needed.

    Inputs that share a stem get the source suffix (``plan.pdf.yaml`` beside
    ``plan.txt.yaml``), then their parent folder names (``2024_plan.yaml``), case-
    insensitively; names are stable for the same set of inputs. A name in ``reserved``
    (the batch report, an input in the output folder) is never given.
    """
    taken = {name.casefold() for name in reserved}
    options = [_candidates(p) for p in inputs]
    level = [0] * len(inputs)
    while True:
        names = [f"{opts[lv]}.{ext}".casefold() for opts, lv in zip(options, level, strict=True)]
        counts = Counter(names)
        clashing = [i for i, n in enumerate(names) if counts[n] > 1 or n in taken]
        movable = [i for i in clashing if level[i] < len(options[i]) - 1]
        if not movable:
            break
        for i in movable:
            level[i] += 1
    return [f"{opts[lv]}.{ext}" for opts, lv in zip(options, level, strict=True)]


def sweep_temp_files(folder: Path, names: Iterable[str]) -> int:
    """Delete temporary files left by an interrupted atomic write of any of names."""
    removed = 0
    for name in set(names):
        for tmp in folder.glob(f".{glob.escape(name[:200])}.*.tmp"):
            tmp.unlink(missing_ok=True)
            removed += 1
    return removed


def is_batch(paths: Sequence[str | Path], output: Path | None) -> bool:
    """True when the command line asks for a batch: several inputs, a folder, a glob
    pattern, or an existing folder as the output."""
    if len(paths) > 1 or (output is not None and _is_dir(output)):
        return True
    text = os.fspath(paths[0]) if paths else ""
    path = Path(text)
    return _is_dir(path) or (not os.path.lexists(path) and bool(_GLOB_CHARS & set(text)))


def _is_dir(path: Path) -> bool:
    """Path.is_dir, False for a name the system refuses (too long, …) too."""
    return os.path.isdir(path)
