"""KH6xx document: draft header, one plan year everywhere, text cut off in the source."""

from __future__ import annotations

from collections.abc import Iterator

from khtool.model import Plan
from khtool.validating.rules.base import Finding, Severity, check, path, pattern, rule

E, W = Severity.error, Severity.warning

NO_NUMBER = rule(
    "KH601", W, "draft: document number blank",
    "the document number is blank (Số: /KH-UBND): a draft",
    "the document number is blank (Số: /KH-UBND): a draft",
)  # fmt: skip
NO_DATE = rule(
    "KH602", W, "draft: issue date blank",
    "the issue date is blank (ngày … tháng … năm …): a draft",
    "the issue date is blank (ngày … tháng … năm …): a draft",
)  # fmt: skip
YEAR_DISAGREES = rule(
    "KH603", E, "plan year disagrees",
    "{part} says {found} but the plan year is {year}",
    "the title says 2024 but the plan year is 2025",
)  # fmt: skip
NO_YEAR = rule(
    "KH604", W, "plan year unknown",
    "the plan year is unknown (no year in the title), so timelines are not checked against it",
    "the plan year is unknown (no year in the title), so timelines are not checked against it",
)  # fmt: skip
ISSUED_AFTER_YEAR = rule(
    "KH605", E, "issued after its plan year",
    "issued on {date}, after the plan year {year} ended",
    "issued on 2026-01-05, after the plan year 2025 ended",
)  # fmt: skip
TRUNCATED = rule(
    "KH606", W, "section IV text cut off in the source",
    "{organization} item {id} ({unit}) is cut off in the source: {tail!r}",
    "section IV item 5 (Sở Giáo dục và Đào tạo) is cut off in the source: '… vận ……………'",
)  # fmt: skip


@check(NO_NUMBER, NO_DATE)
def draft(plan: Plan) -> Iterator[Finding]:
    if not (plan.document.number or "").strip():
        yield NO_NUMBER.at("document.number")
    if plan.document.issued_on is None:
        yield NO_DATE.at("document.issued_on")


def _last_year(text: str | None) -> int | None:
    if not text:
        return None
    years = pattern("year").findall(text)
    return int(years[-1]) if years else None


@check(YEAR_DISAGREES, NO_YEAR, ISSUED_AFTER_YEAR)
def plan_year(plan: Plan) -> Iterator[Finding]:
    doc = plan.document
    year = doc.plan_year
    if year is None:
        if doc.period is None:  # a multi-year plan has its period instead
            yield NO_YEAR.at("document.plan_year")
        return
    title_year = _last_year(doc.title)
    if title_year is not None and title_year != year:
        yield YEAR_DISAGREES.at("document.title", part="the title", found=title_year, year=year)
    if plan.appendix is not None:
        found = _last_year(plan.appendix.title)
        if found is not None and found != year:
            yield YEAR_DISAGREES.at(
                "appendix.title", part="the appendix title", found=found, year=year
            )
    goal_year = pattern("goal_year")
    for i, goal in enumerate(plan.goals):
        for m in goal_year.finditer(goal.text):
            found = int(m.group("year"))
            if found != year:
                part = f"goal {goal.id} ({m.group(0).strip()!r})"
                yield YEAR_DISAGREES.at(path("goals", i, "text"), part=part, found=found, year=year)
    if doc.issued_on is not None and doc.issued_on.year > year:
        yield ISSUED_AFTER_YEAR.at("document.issued_on", date=doc.issued_on.isoformat(), year=year)


@check(TRUNCATED, requires=("organization",))
def truncated(plan: Plan) -> Iterator[Finding]:
    for i, org in enumerate(plan.organization):
        if org.truncated:
            words = org.duties[-1].split() if org.duties else []
            tail = ("… " if len(words) > 4 else "") + " ".join(words[-4:])
            yield TRUNCATED.at(path("organization", i), id=org.id, unit=org.unit, tail=tail)
