"""Tasks written in the body, for plans without a task table.

A numbered item is a task when its own text, or the titles of its lettered children,
carry unit labels (``Đơn vị chủ trì: …``, ``Cơ quan phối hợp: …``) or a time label
(``Thời gian thực hiện: …``), on lines of their own or after the item's name (``Rà soát
thủ tục (chủ trì: Sở Tư pháp; thời gian: Quý II/2026).``). The item's number is the TT, its title the name, its other
paragraphs the content; the task says which section it came from.
"""

from __future__ import annotations

from functools import cache

import regex

from khtool.model import Task, TaskSource
from khtool.parsing.appendix import task_from_cells
from khtool.parsing.items import strip_marker
from khtool.parsing.outline import Node
from khtool.vocab import load, unit_labels


@cache
def _label_pattern() -> regex.Pattern[str]:
    names: list[tuple[str, str]] = []
    for role, labels in unit_labels().items():
        names += [(role, label) for label in labels]
    names += [("timeline", label) for label in load("columns")["time_labels"]]
    names.sort(key=lambda p: len(p[1]), reverse=True)
    groups = "|".join(
        f"(?P<{role}_{i}>{regex.escape(label)})" for i, (role, label) in enumerate(names)
    )
    return regex.compile(rf"(?:^|(?<=[\s.;,(]))(?:{groups})\s*:\s*", regex.I)


def _labelled(text: str) -> dict[str, str]:
    """{field: text} of the labels in one paragraph (several may share a line)."""
    head, labels = _split_labels(strip_marker(text))
    return labels if not head else {}


def _split_labels(text: str) -> tuple[str, dict[str, str]]:
    """(the words before the first label, {field: text} of the labels): a task's name
    may carry its labels after it, after a full stop or in parentheses ('Rà soát thủ tục
    (chủ trì: Sở Tư pháp; thời gian: Quý II/2026).')."""
    matches = list(_label_pattern().finditer(text))
    if not matches:
        return text, {}
    head = text[: matches[0].start()].strip()
    if head and not regex.search(r"(?:[.;(]|\s[-–])$", head):
        return text, {}  # 'Giao Sở Y tế chủ trì: …' is a sentence, not a label
    bracketed = head.endswith("(")
    head = head.rstrip("(-–:;,. ").strip()
    out: dict[str, str] = {}
    for i, m in enumerate(matches):
        role = next(k for k, v in m.groupdict().items() if v is not None).rsplit("_", 1)[0]
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[m.end() : end].strip()
        if bracketed and i + 1 == len(matches):  # the closing parenthesis, then a full stop
            value = regex.sub(r"\)\s*\.?$", "", value)
        value = value.rstrip(";.,").strip()
        out[role] = f"{out[role]}; {value}" if role in out else value
    return head, out


def _task(node: Node, path: str, warnings: list[str]) -> Task | None:
    name, labels = _split_labels(node.title)
    if not name:  # a title that is all labels names nothing
        name, labels = node.title, {}
    content: list[str] = []
    for text in node.text:
        found = _labelled(text)
        if found:
            for k, v in found.items():
                labels[k] = f"{labels[k]}; {v}" if k in labels else v
        else:
            content.append(text)
    for child in node.children:
        found = _labelled(child.title) if not child.children else {}
        for k, v in found.items():
            labels[k] = f"{labels[k]}; {v}" if k in labels else v
        if not found:  # an unlabelled item of the task: its words are content
            content.append(child.title)
        content.extend(child.text)
    if not labels.keys() & {"lead", "coordinating", "timeline"}:
        return None
    cells = {"name": [name], "content": content}
    cells.update({k: [v] for k, v in labels.items()})
    return task_from_cells(node.number, cells, TaskSource(section=path), warnings)


def _path(prefix: str, number: str | None) -> str:
    """'II.2' + '2.1' → 'II.2.1' (a decimal number already holds its parent's)."""
    if not number:
        return prefix
    if not prefix:
        return number
    parts = prefix.split(".")
    if "." in number and number.startswith(parts[-1] + "."):
        return ".".join([*parts[:-1], number])
    return f"{prefix}.{number}"


def body_tasks(roots: list[Node]) -> tuple[list[Task], list[str]]:
    """Every labelled numbered item of the body, in document order."""
    tasks: list[Task] = []
    warnings: list[str] = []

    def walk(nodes: list[Node], prefix: str) -> None:
        for node in nodes:
            path = _path(prefix, node.number)
            task = _task(node, path, warnings) if node.number else None
            if task is not None:
                tasks.append(task)
            else:
                walk(node.children, path)

    walk(roots, "")
    return tasks, warnings
