"""PlanDiff: what changed from plan A to plan B (pydantic; its JSON is stable).

Every list holds one entry per matched pair or unmatched item, with a ``status``;
``unchanged`` entries are kept so scripts see the whole pairing, and a diff with no
entry of another status is *empty* (:attr:`PlanDiff.is_empty`). Entries are ordered
by their position in B, and the items only in A (``dropped``) follow in A's order.
Keys are English and every key is always present (``null`` when not applicable);
``diff_version`` changes if a key is ever renamed or removed.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from khtool.model import Direction

DIFF_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Status(StrEnum):
    added = "added"  # only in B
    dropped = "dropped"  # only in A
    changed = "changed"  # matched, some compared field differs
    renamed = "renamed"  # content areas: matched, the title differs
    unchanged = "unchanged"


class PlanInfo(_Model):
    """Which plan a side of the diff is."""

    label: str = Field(description="short name used in reports: the plan year, or the file")
    path: str
    plan_year: int | None
    number: str | None
    issued_on: dt.date | None
    issuer: str | None
    draft: bool
    partial: bool
    missing: list[str]


class DiffOptions(_Model):
    """Matching thresholds (0–100) and task score weights; defaults in data/diff.yaml."""

    target_threshold: float
    content_threshold: float
    task_threshold: float
    task_margin: float = Field(
        0.0,
        description="tasks left alone are paired when each is the other's single best "
        "remaining candidate and they score at most this far below task_threshold",
    )
    task_name_weight: float
    task_text_weight: float


# --- targets -----------------------------------------------------------------
class TargetSide(_Model):
    goal: str = Field(description="id of the goal holding the target ('4.2'; 'p6' is synthetic)")
    index: int = Field(description="position of the target within its goal, from 0")
    subject: str
    value: float | int | None
    min: float | int | None
    max: float | int | None
    unit: str
    direction: Direction
    text: str


class TargetDiff(_Model):
    status: Status
    score: float | None = Field(description="subject similarity of a matched pair")
    a: TargetSide | None
    b: TargetSide | None
    delta: float | None = Field(
        description="midpoint of B minus midpoint of A (a range counts as its middle)"
    )


# --- content areas -----------------------------------------------------------
class ContentSide(_Model):
    id: str
    title: str


class Reworded(_Model):
    old: str
    new: str
    score: float


class BulletChanges(_Model):
    added: list[str] = Field(default_factory=list)
    dropped: list[str] = Field(default_factory=list)
    reworded: list[Reworded] = Field(default_factory=list)


class ContentDiff(_Model):
    status: Status
    score: float | None
    a: ContentSide | None
    b: ContentSide | None
    bullets: BulletChanges = Field(default_factory=BulletChanges)


# --- tasks -------------------------------------------------------------------
class TaskSide(_Model):
    group: str = Field(description="group id in the appendix (I, II …)")
    tt: str | None
    name: str


class ValueChange(_Model):
    old: str | int | None
    new: str | int | None


class ListChange(_Model):
    added: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)


class TimelineChange(_Model):
    old: str | None
    new: str | None
    start_shift: int | None = Field(
        description="months; within the plan year when both years are known (Tháng 7 → Tháng 3: -4)"
    )
    end_shift: int | None


class QuantityChange(_Model):
    item: str = Field(description="the deliverable noun, e.g. hội nghị")
    old: list[str] = Field(description="counts in A, e.g. ['5'] or ['120–150']; [] if none")
    new: list[str]


class TaskChanges(_Model):
    """Field-level changes of a matched task; null means that field is unchanged."""

    name: ValueChange | None = None
    tt: ValueChange | None = None
    group: ValueChange | None = None
    lead: ListChange | None = None
    coordinating: ListChange | None = None
    timeline: TimelineChange | None = None
    quantities: list[QuantityChange] = Field(default_factory=list)
    content: ListChange | None = None
    targets: ListChange | None = None

    def fields(self) -> list[str]:
        """Names of the fields that changed, in a fixed order."""
        return [name for name in type(self).model_fields if getattr(self, name) not in (None, [])]


class TaskDiff(_Model):
    status: Status
    score: float | None = Field(description="weighted name + text similarity of a matched pair")
    a: TaskSide | None
    b: TaskSide | None
    changes: TaskChanges = Field(default_factory=TaskChanges)


# --- the whole diff ----------------------------------------------------------
class Counts(_Model):
    added: int = 0
    dropped: int = 0
    changed: int = 0
    renamed: int = 0
    unchanged: int = 0

    @property
    def differences(self) -> int:
        return self.added + self.dropped + self.changed + self.renamed


class Summary(_Model):
    targets: Counts
    content: Counts
    tasks: Counts
    differences: int = Field(description="entries whose status is not 'unchanged'")


class PlanDiff(_Model):
    """The differences between plan A (older) and plan B (newer)."""

    diff_version: int = DIFF_VERSION
    a: PlanInfo
    b: PlanInfo
    options: DiffOptions
    summary: Summary
    targets: list[TargetDiff]
    content: list[ContentDiff]
    tasks: list[TaskDiff]
    skipped: list[str] = Field(
        default_factory=list, description="parts not compared, and why (e.g. no appendix)"
    )

    @property
    def is_empty(self) -> bool:
        return self.summary.differences == 0

    def to_json(self, indent: int = 2) -> str:
        import json

        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, indent=indent) + "\n"
