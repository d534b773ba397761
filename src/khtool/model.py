"""The Plan data model (pydantic v2).

Keys are English and stable for scripts; string values keep the document's
Vietnamese exactly as written. ``schemas/plan.schema.json`` is generated from
these models (``khtool schema``), never written by hand.
"""

from __future__ import annotations

import datetime as dt
import math
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from khtool.errors import PlanDataError
from khtool.io import dump_yaml, load_data, read_plan_text

SCHEMA_VERSION = 2


# The largest integer a float holds exactly (2^53): no count, share, year or page of a
# plan comes near it, and every number within it converts to a float, compares and
# exports exactly. A number beyond it (or inf/nan) is damage, refused when the plan is
# loaded, so no command meets it.
MAX_MAGNITUDE = 2**53
_N = TypeVar("_N", int, float)


def _plan_number(value: _N) -> _N:
    if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > MAX_MAGNITUDE:
        raise PydanticCustomError(
            "plan_number",
            "{shown} is not a number a plan can hold (numbers are finite and within ±2^53)",
            {"shown": _shown(value)},
        )
    return value


def _shown(value: float) -> str:
    """``value`` short enough for a one-line message (an integer of 190 digits cut)."""
    if isinstance(value, float):
        return repr(value)
    if value.bit_length() > 10_000:  # str() refuses integers past 4,300 digits
        return f"{'-' if value < 0 else ''}an integer of over 3,000 digits"
    text = str(value)
    digits = len(text.lstrip("-"))
    return text if digits <= 20 else f"{text[:12]}…{text[-4:]} ({digits:,} digits)"


def _plan_count(value: _N) -> _N:
    # its own function: ``int | float == float | int``, so with the same validator
    # typing would hand back PlanNumber, and the schema's order of types would change
    return _plan_number(value)


# the JSON schema of these is that of the plain types
PlanInt = Annotated[int, AfterValidator(_plan_number)]
PlanFloat = Annotated[float, AfterValidator(_plan_number)]
PlanNumber = Annotated[float | int, AfterValidator(_plan_number)]
PlanCount = Annotated[int | float, AfterValidator(_plan_count)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


def _empty(value: object) -> bool:
    return value is None or value == [] or value == {}


class Source(_Model):
    """The file the plan was read from."""

    path: str
    format: str = Field(description="txt, docx, pdf, html, yaml, json, press")
    sha256: str
    pages: PlanInt | None = None
    # written only for a PDF with OCR'd pages
    ocr_pages: list[PlanInt] = Field(
        default_factory=list, description="PDF pages read by OCR (1-based)", exclude_if=_empty
    )
    ocr_confidence: dict[str, PlanFloat] = Field(
        default_factory=dict,
        description="mean OCR word confidence (0-1) by page number",
        exclude_if=_empty,
    )


class Reference(_Model):
    """A document cited by the plan (e.g. the decision it implements)."""

    kind: str = Field(description="Quyết định, Kế hoạch, Văn bản, Tờ trình, …")
    number: str | None = Field(description="e.g. 889/QĐ-TTg")
    date: dt.date | None = None
    issuer: str | None = None
    text: str = Field(description="the citation as written")


class Signer(_Model):
    name: str | None = None
    title: str | None = Field(default=None, description="e.g. PHÓ CHỦ TỊCH")
    authority: list[str] = Field(
        default_factory=list, description="lines such as 'TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH'"
    )


class IssuedWith(_Model):
    """The document a plan is issued with ("Ban hành kèm theo Quyết định số …")."""

    kind: str = Field(description="Quyết định, Nghị quyết, …")
    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    text: str = Field(description="the line as written")


class Period(_Model):
    """The years a plan covers (giai đoạn 2021 – 2030 → 2021..2030)."""

    start: PlanInt
    end: PlanInt


class DocumentInfo(_Model):
    """The plan's header, read by the national layout of administrative documents."""

    issuer: str | None = Field(
        default=None, description="short conventional form: UBND tỉnh Lào Cai, Bộ Xây dựng"
    )
    issuer_lines: list[str] = Field(
        default_factory=list, description="the issuing body's lines as written"
    )
    parent: str | None = Field(
        default=None, description="the parent authority written above the issuer (UBND TỈNH …)"
    )
    number: str | None = Field(default=None, description="null while a draft leaves it blank")
    issued_on: dt.date | None = None
    issued_with: IssuedWith | None = Field(
        default=None,
        description="the decision the plan is attached to; number, date and issuer are then its",
    )
    place: str | None = None
    title: str | None = None
    plan_year: PlanInt | None = Field(
        default=None, description="the single year the title names; null for multi-year plans"
    )
    period: Period | None = None
    draft: bool = False
    signer: Signer = Field(default_factory=Signer)
    legal_basis: list[Reference] = Field(default_factory=list)
    recipients: list[str] = Field(default_factory=list, description="Nơi nhận")


class Direction(StrEnum):
    decrease = "decrease"
    increase = "increase"
    reach = "reach"


class Target(_Model):
    """A numeric target: a single value or a min–max range."""

    value: PlanNumber | None = None
    min: PlanNumber | None = None
    max: PlanNumber | None = None
    unit: str = "%"
    direction: Direction = Direction.reach
    subject: str
    text: str = Field(description="the phrase the numbers were read from")


class Goal(_Model):
    """An item of the purpose or goals section (MỤC ĐÍCH, YÊU CẦU / MỤC TIÊU); ids keep
    their nesting ("4", "4.1")."""

    id: str
    text: str
    targets: list[Target] = Field(default_factory=list)
    section: str | None = Field(
        default=None,
        description="the section's number (I, II) when goals come from more than one section",
    )


class ContentItem(_Model):
    """An item of section II (NỘI DUNG)."""

    id: str
    title: str
    bullets: list[str] = Field(default_factory=list)


class OrgItem(_Model):
    """An item of section IV (TỔ CHỨC THỰC HIỆN): a unit and its duties."""

    id: str
    unit: str
    role: str | None = None
    duties: list[str] = Field(default_factory=list)
    truncated: bool = Field(default=False, description="the source text stops mid-sentence")


class Quantity(_Model):
    """A counted deliverable read from Chỉ tiêu, kế hoạch (e.g. 05 hội nghị)."""

    count: PlanCount | None = None
    min: PlanCount | None = None
    max: PlanCount | None = None
    item: str
    per: str | None = Field(default=None, description="e.g. 80-120 gian hàng/chương trình")
    text: str


class TimelineKind(StrEnum):
    range = "range"
    by = "by"
    recurring = "recurring"
    continuous = "continuous"


class Timeline(_Model):
    """Thời gian thực hiện, as start and end months (YYYY-MM) and a kind."""

    text: str
    kind: TimelineKind | None = Field(
        default=None,
        description="range (start..end), by (a deadline: end only), recurring (Hàng năm), "
        "continuous (Thường xuyên); null when the text could not be read",
    )
    start: str | None = Field(default=None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    end: str | None = Field(default=None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$")


class TaskSource(_Model):
    table: PlanInt | None = Field(default=None, description="1-based task table number")
    section: str | None = Field(default=None, description="section path of a body task (III.2)")
    page: PlanInt | None = None
    line: PlanInt | None = None
    confidence: PlanFloat | None = Field(
        default=None,
        description="OCR confidence (0-1) of the page the task was read from (OCR'd rows only)",
        exclude_if=_empty,
    )


class Task(_Model):
    """One task: a row of a task table, or an item of the body with its units."""

    tt: str | None = Field(description="the TT as written (1, 1.1, a), or null")
    name: str
    content: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    lead: list[str] = Field(default_factory=list)
    coordinating: list[str] = Field(default_factory=list)
    timeline: Timeline | None = None
    extra: dict[str, str] = Field(
        default_factory=dict, description="other columns, by their header as written"
    )
    source: TaskSource = Field(default_factory=TaskSource)


class Group(_Model):
    id: str
    title: str
    parent: str | None = Field(default=None, description="id of the enclosing group")
    tasks: list[Task] = Field(default_factory=list)


class SectionRole(StrEnum):
    basis = "basis"
    review = "review"
    purpose = "purpose"
    goals = "goals"
    tasks = "tasks"
    solutions = "solutions"
    funding = "funding"
    organization = "organization"
    reporting = "reporting"


class Section(_Model):
    """A section or numbered item of the body, with everything under it."""

    number: str | None = Field(description="I, 1, 1.1, a … as written, without punctuation")
    title: str
    role: SectionRole | None = None
    text: list[str] = Field(default_factory=list, description="paragraphs under the title")
    children: list[Section] = Field(default_factory=list)


class Appendix(_Model):
    title: str | None = None
    subtitle: str | None = Field(default=None, description="(Ban hành kèm theo …)")
    groups: list[Group] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    def tasks(self) -> list[Task]:
        return [t for g in self.groups for t in g.tasks]


class Plan(_Model):
    """A whole plan document."""

    schema_version: PlanInt = SCHEMA_VERSION
    source: Source
    document: DocumentInfo = Field(default_factory=DocumentInfo)
    sections: list[Section] = Field(default_factory=list, description="the body as a tree")
    goals: list[Goal] = Field(default_factory=list)
    content: list[ContentItem] = Field(default_factory=list)
    content_notes: list[str] = Field(default_factory=list)
    funding: list[str] = Field(default_factory=list)
    organization: list[OrgItem] = Field(default_factory=list)
    organization_notes: list[str] = Field(default_factory=list)
    appendix: Appendix | None = None
    body_tasks: list[Task] = Field(
        default_factory=list, description="tasks written in the body (plans without a task table)"
    )
    partial: bool = Field(default=False, description="read from a secondary source")
    missing: list[str] = Field(default_factory=list, description="parts the source lacks")
    warnings: list[str] = Field(default_factory=list)

    # --- serialisation helpers (the library's public API) -------------------
    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_yaml(self) -> str:
        return dump_yaml(self.to_dict())

    def to_json(self, indent: int = 2) -> str:
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent) + "\n"

    @classmethod
    def from_yaml(cls, text_or_path: str | Path) -> Plan:
        return load_plan(text_or_path)

    def tasks(self) -> list[Task]:
        """The task table's tasks, or the body's when the plan has no task table."""
        return self.appendix.tasks() if self.appendix else list(self.body_tasks)


def load_plan(source: str | Path) -> Plan:
    """Load a Plan from a YAML/JSON file path or from YAML text (safely: see khtool.io)."""
    if isinstance(source, Path) or (
        isinstance(source, str)
        and "\n" not in source
        and Path(source).suffix.lower() in {".yaml", ".yml", ".json"}
    ):
        path = Path(source)
        text = read_plan_text(path)
        name = str(path)
    else:
        text, name = str(source), "<string>"
    data = load_data(text, name)
    if data is None:
        raise PlanDataError("not a plan: the file is empty", name)
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


def plan_json_schema() -> dict[str, Any]:
    schema = Plan.model_json_schema()
    from khtool.output import SCHEMA_ID

    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    return schema
