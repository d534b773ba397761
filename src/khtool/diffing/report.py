"""Render a :class:`~khtool.diffing.model.PlanDiff` as text (rich tables) or Markdown.

Both show the same things: the two plans, the targets (all matched pairs, with
the unchanged ones, then new and dropped), the content areas that are not
unchanged, the tasks that are not unchanged with their field-level changes, the
parts not compared, and a summary line of counts. JSON is the model itself
(:meth:`PlanDiff.to_json`).

With ``lang`` ('en' or 'vi') the report also opens with the plain-language summary
of :mod:`khtool.reporting.summary` (the sentences the HTML report shows); in
Vietnamese the headings, columns, statuses and changes are Vietnamese too. Without
``lang`` the output is the table report alone.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from khtool.diffing.model import (
    ContentDiff,
    ContentSide,
    Counts,
    ListChange,
    PlanDiff,
    PlanInfo,
    Status,
    TargetDiff,
    TargetSide,
    TaskChanges,
    TaskDiff,
    TimelineChange,
)
from khtool.model import Direction

_LIST_SHOWN = 3  # list items named before '… N more'
_TITLE_SHOWN = 90  # characters of a content area title or task name


# --- small formatters shared by both renderers --------------------------------
def number(x: float | int | None) -> str:
    if x is None:
        return "?"
    if isinstance(x, int):  # float() of a huge integer overflows
        return str(x)
    return str(int(x)) if x.is_integer() else f"{x:g}"


def target_value(t: TargetSide | None) -> str:
    """'80 %', '60–70 %', 'decrease 3.5–4.5 %'; '—' when absent."""
    if t is None:
        return "—"
    shown = number(t.value) if t.value is not None else f"{number(t.min)}–{number(t.max)}"
    unit = f" {t.unit}" if t.unit else ""
    word = "" if t.direction == Direction.reach else f"{t.direction.value} "
    return f"{word}{shown}{unit}"


def target_change(d: TargetDiff) -> str:
    if d.status in (Status.added, Status.dropped):
        return "new" if d.status == Status.added else "dropped"
    if d.status == Status.unchanged:
        return "unchanged"
    assert d.a is not None and d.b is not None
    parts = []
    if d.delta:
        unit = "points" if d.b.unit == "%" else d.b.unit
        parts.append(f"{'+' if d.delta > 0 else '−'}{number(abs(d.delta))} {unit}")
    elif d.a.value != d.b.value or d.a.min != d.b.min or d.a.max != d.b.max:
        parts.append("range changed")
    if d.a.direction != d.b.direction:
        parts.append(f"{d.a.direction.value} → {d.b.direction.value}")
    if d.a.unit != d.b.unit:
        parts.append(f"unit {d.a.unit} → {d.b.unit}")
    return ", ".join(parts) or "changed"


def _names(items: list[str]) -> str:
    shown = "; ".join(items[:_LIST_SHOWN])
    more = len(items) - _LIST_SHOWN
    return f"{shown}; … {more} more" if more > 0 else shown


def _list(label: str, change: ListChange | None, named: bool) -> list[str]:
    if change is None:
        return []
    if not named:
        return [f"{label}: +{len(change.added)} −{len(change.removed)}"]
    out = []
    if change.added:
        out.append(f"{label} +: {_names(change.added)}")
    if change.removed:
        out.append(f"{label} −: {_names(change.removed)}")
    return out


def _months(n: int | None, word: str) -> str | None:
    if not n:
        return None
    return f"{word} {abs(n)} month{'s' if abs(n) != 1 else ''} {'later' if n > 0 else 'earlier'}"


def _timeline(t: TimelineChange | None) -> list[str]:
    if t is None:
        return []
    shifts = [s for s in (_months(t.start_shift, "starts"), _months(t.end_shift, "ends")) if s]
    tail = f" ({', '.join(shifts)})" if shifts else ""
    return [f"timeline: {t.old or '—'} → {t.new or '—'}{tail}"]


def _short(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def change_lines(c: TaskChanges) -> list[str]:
    """One line per changed field of a matched task."""
    lines: list[str] = []
    if c.tt:
        lines.append(f"TT {c.tt.old or '—'} → {c.tt.new or '—'}")  # a TT may be blank
    if c.group:
        lines.append(f"group: {_short(str(c.group.old))} → {_short(str(c.group.new))}")
    if c.name:
        lines.append("name reworded")
    lines += _list("lead", c.lead, named=True)
    lines += _list("partners", c.coordinating, named=True)
    lines += _timeline(c.timeline)
    if c.quantities:
        shown = [
            f"{q.item} {', '.join(q.old) or '—'} → {', '.join(q.new) or '—'}" for q in c.quantities
        ]
        lines.append("quantities: " + "; ".join(shown))
    lines += _list("content items", c.content, named=False)
    lines += _list("target cells", c.targets, named=False)
    return lines


def _task_label(d: TaskDiff, side: str) -> str:
    t = d.a if side == "a" else d.b
    return "—" if t is None else f"{t.group}/{t.tt or '—'}. {_short(t.name, _TITLE_SHOWN)}"


def _plan_line(p: PlanInfo) -> str:
    bits = [p.number or "no number", f"of {p.issued_on}" if p.issued_on else "undated"]
    head = " ".join(bits) if p.issued_on else ", ".join(bits)
    if p.draft:
        head += ", draft"
    if p.partial:
        head += f", partial (lacks {', '.join(p.missing)})" if p.missing else ", partial"
    return f"{p.label} — {head}; read from {p.path}"


def _counts(c: Counts, order: list[str]) -> str:
    parts = [f"{getattr(c, k)} {k}" for k in order if getattr(c, k)]
    return ", ".join(parts) or "none"


def summary_line(d: PlanDiff) -> str:
    s = d.summary
    words = ["changed", "unchanged", "added", "dropped"]
    parts = [f"targets {_counts(s.targets, words)}"]
    parts.append(
        f"content areas {_counts(s.content, ['renamed', 'changed', 'added', 'dropped', 'unchanged'])}"
    )
    if any(note.startswith("tasks ") for note in d.skipped):
        parts.append("tasks not compared")
    else:
        parts.append(f"tasks {_counts(s.tasks, words)}")
    verdict = "no differences" if d.is_empty else f"{s.differences} differences"
    return f"Summary: {'; '.join(parts)} — {verdict}"


def _bullets(d: ContentDiff) -> str:
    b = d.bullets
    parts = [f"+{len(b.added)}" if b.added else "", f"−{len(b.dropped)}" if b.dropped else ""]
    if b.reworded:
        parts.append(f"~{len(b.reworded)}")
    return " ".join(p for p in parts if p) or "="


def _area(side: ContentSide | None) -> str:
    return "—" if side is None else f"{side.id}. {_short(side.title, _TITLE_SHOWN)}"


# --- language: the plain summary, and Vietnamese labels -------------------------
_EN = {
    "h_targets": "Targets",
    "h_content": "Content areas",
    "h_tasks": "Tasks",
    "col_subject": "subject",
    "col_change": "change",
    "col_status": "status",
    "col_bullets": "bullets",
    "col_changes": "changes",
    "title": "Plan {a} → {b}",
}


def _plain(d: PlanDiff, lang: str | None) -> tuple[str, list[str]]:
    """(heading, sentences) of the plain-language summary; no sentences without lang."""
    if lang is None:
        return "", []
    from khtool.reporting.summary import diff_summary
    from khtool.reporting.wording import wording

    w = wording(lang)
    return w("plain_heading"), diff_summary(d, w)


class _Labels:
    """The words of the tables: today's English ones, or those of report_vi.yaml."""

    def __init__(self, d: PlanDiff, lang: str | None) -> None:
        from khtool.reporting.wording import wording

        self.w = wording(lang) if lang == "vi" else None
        self.a = self.w.plan_label(d.a) if self.w else d.a.label
        self.b = self.w.plan_label(d.b) if self.w else d.b.label

    def __call__(self, key: str, **fields: str) -> str:
        return self.w(key, **fields) if self.w else _EN[key].format(**fields)

    def plan(self, p: PlanInfo) -> str:
        if self.w is None:
            return _plan_line(p)
        w = self.w
        bits = [
            w("number", number=p.number) if p.number else w("no_number"),
            w("issued", date=w.date(p.issued_on)) if p.issued_on else w("undated"),
        ]
        if p.draft:
            bits.append(w("draft"))
        if p.partial:
            note = w("partial_note", parts=", ".join(w.part(x) for x in p.missing))
            bits.append(note[:1].lower() + note[1:])
        return f"{w.plan_label(p)} — {', '.join(bits).rstrip('.')}; {w('read_from_inline', path=p.path)}"

    def status(self, status: Status) -> str:
        return self.w(f"status_{status.value}") if self.w else status.value

    def value(self, t: TargetSide | None) -> str:
        return (self.w.amount(t) if t else "—") if self.w else target_value(t)

    def change(self, t: TargetDiff) -> str:
        if self.w is None:
            return target_change(t)
        from khtool.reporting.diff_view import target_change_words

        return target_change_words(t, self.w)[0]

    def changes(self, c: TaskChanges) -> list[str]:
        if self.w is None:
            return change_lines(c)
        from khtool.reporting.diff_view import change_words

        return change_words(c, self.w)

    def note(self, d: PlanDiff, note: str) -> str:
        if self.w is None:
            return f"Note: {note}"
        from khtool.reporting.summary import skipped_sentence

        return skipped_sentence(d, note, self.w)


# --- text (rich) ---------------------------------------------------------------
def print_text(d: PlanDiff, console: Console, lang: str | None = None) -> None:
    """Print the report as rich tables on console (with a plain summary when lang is set)."""
    lab = _Labels(d, lang)
    la, lb = lab.a, lab.b

    def line(text: str) -> None:
        console.print(text, markup=False, highlight=False, soft_wrap=True)

    line(f"A: {lab.plan(d.a)}")
    line(f"B: {lab.plan(d.b)}")
    heading, sentences = _plain(d, lang)
    if sentences:
        line(f"{heading}:")
        for sentence in sentences:
            line(f"  - {sentence}")
    if any(t.status != Status.unchanged for t in d.targets):
        table = Table(title=lab("h_targets"), title_justify="left", show_lines=False, expand=True)
        table.add_column(lab("col_subject"), ratio=3)
        table.add_column(la, no_wrap=True)
        table.add_column(lb, no_wrap=True)
        table.add_column(lab("col_change"), no_wrap=True)
        for t in d.targets:
            side = t.b or t.a
            assert side is not None
            style = "dim" if t.status == Status.unchanged else None
            table.add_row(side.subject, lab.value(t.a), lab.value(t.b), lab.change(t), style=style)
        console.print(table)
    areas = [c for c in d.content if c.status != Status.unchanged]
    if areas:
        table = Table(title=lab("h_content"), title_justify="left", expand=True)
        table.add_column(lab("col_status"))
        table.add_column(la, ratio=1)
        table.add_column(lb, ratio=1)
        table.add_column(lab("col_bullets"))
        for c in areas:
            table.add_row(lab.status(c.status), _area(c.a), _area(c.b), _bullets(c))
        console.print(table)
    tasks = [t for t in d.tasks if t.status != Status.unchanged]
    if tasks:
        table = Table(title=lab("h_tasks"), title_justify="left", expand=True)
        table.add_column(lab("col_status"))
        table.add_column(la, ratio=1)
        table.add_column(lb, ratio=1)
        table.add_column(lab("col_changes"), ratio=1)
        for task in tasks:
            table.add_row(
                lab.status(task.status),
                _task_label(task, "a"),
                _task_label(task, "b"),
                "\n".join(lab.changes(task.changes)),
            )
        console.print(table)
    for note in d.skipped:
        line(lab.note(d, note))
    if lang != "vi":  # the Vietnamese summary above already says it in words
        line(summary_line(d))


def render_text(d: PlanDiff, width: int = 100, lang: str | None = None) -> str:
    """The text report as a string without colour (for files and tests)."""
    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system=None, highlight=False)
    print_text(d, console, lang)
    return buf.getvalue()


# --- Markdown ------------------------------------------------------------------
def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def render_markdown(d: PlanDiff, lang: str | None = None) -> str:
    """The report as Markdown (headings and pipe tables), to paste into a document."""
    lab = _Labels(d, lang)
    la, lb = lab.a, lab.b
    out = [
        f"## {lab('title', a=la, b=lb)}",
        "",
        f"- A: {lab.plan(d.a)}",
        f"- B: {lab.plan(d.b)}",
        "",
    ]
    heading, sentences = _plain(d, lang)
    if sentences:
        out += [f"### {heading}", "", *[f"- {_cell(x)}" for x in sentences], ""]
    if any(t.status != Status.unchanged for t in d.targets):
        head = [lab("col_subject"), la, lb, lab("col_change")]
        out += [f"### {lab('h_targets')}", "", _row(head), "|---|---|---|---|"]
        for t in d.targets:
            side = t.b or t.a
            assert side is not None
            out.append(_row([side.subject, lab.value(t.a), lab.value(t.b), lab.change(t)]))
        out.append("")
    areas = [c for c in d.content if c.status != Status.unchanged]
    if areas:
        head = [lab("col_status"), la, lb, lab("col_bullets")]
        out += [f"### {lab('h_content')}", "", _row(head), "|---|---|---|---|"]
        out += [_row([lab.status(c.status), _area(c.a), _area(c.b), _bullets(c)]) for c in areas]
        out.append("")
    tasks = [t for t in d.tasks if t.status != Status.unchanged]
    if tasks:
        head = [lab("col_status"), la, lb, lab("col_changes")]
        out += [f"### {lab('h_tasks')}", "", _row(head), "|---|---|---|---|"]
        for task in tasks:
            lines = "\n".join(lab.changes(task.changes))
            row = [lab.status(task.status), _task_label(task, "a"), _task_label(task, "b"), lines]
            out.append(_row(row))
        out.append("")
    out += [f"> {lab.note(d, note)}" for note in d.skipped]
    if d.skipped:
        out.append("")
    if lang != "vi":
        out.append(f"**{summary_line(d)}**")
    return "\n".join(out) + "\n"
