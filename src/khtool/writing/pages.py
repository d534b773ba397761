"""What a rendered plan shows, in order, before any Word formatting.

:func:`build_pages` turns a :class:`~khtool.model.Plan` into the blocks of the national
layout (Nghị định 30/2020/NĐ-CP): the two-column header, ``KẾ HOẠCH`` and the title, the
opening paragraph citing the documents, the numbered sections, the signature block and
the appendix task table. Every text is written so that khtool's own parser reads the
same plan back (see ``tests/test_render_roundtrip.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import regex

from khtool.model import Plan, Section
from khtool.writing.appendix import AppendixPage, build_appendix
from khtool.writing.layout import layout
from khtool.writing.views import view_sections

_LETTER = regex.compile(r"^[a-zđ]$")
_CITES = regex.compile(r"(?<!\p{L})số(?!\p{L})", regex.I)
_CODE = regex.compile(r"/\s*(KH-[\p{Lu}Đ&]+(?:-[\p{Lu}Đ&]+)*)")


@dataclass
class Para:
    """A paragraph of the body: its text, its style and the section it heads, if any."""

    text: str
    style: str = "body"  # body, roman, arabic, decimal, letter
    key: tuple[str, ...] = ()  # the path of section numbers it heads (for comments)


@dataclass
class HeaderLine:
    text: str
    bold: bool = True


@dataclass
class Pages:
    issuer: list[HeaderLine] = field(default_factory=list)
    number: str | None = None
    place_date: str | None = None
    title: str | None = None
    subtitle: str | None = None
    opening: list[str] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    authority: list[str] = field(default_factory=list)
    signer_title: str | None = None
    signer_name: str | None = None
    appendix: AppendixPage | None = None
    draft: bool = False


def build_pages(plan: Plan, *, issue_year: int | None = None) -> Pages:
    """The blocks of the plan's document. ``issue_year`` fills the year of a blank date."""
    doc = plan.document
    pages = Pages(draft=doc.draft)
    pages.issuer = issuer_lines(plan)
    if doc.issued_with is None:
        pages.number = number_line(plan)
    pages.place_date = place_date(doc.place, doc.issued_on, issue_year)
    pages.title = doc.title
    pages.subtitle = doc.issued_with.text if doc.issued_with else None
    pages.opening = opening(plan)
    sections = plan.sections or view_sections(plan)
    for section in sections:
        _section(section, (), pages.body)
    pages.recipients = list(doc.recipients)
    pages.authority = list(doc.signer.authority)
    pages.signer_title = doc.signer.title
    pages.signer_name = doc.signer.name
    if plan.appendix is not None:
        pages.appendix = build_appendix(plan.appendix)
    return pages


def issuer_lines(plan: Plan) -> list[HeaderLine]:
    """The issuing body over its parent, as written or built from the short form."""
    doc = plan.document
    parent = doc.parent
    if doc.issuer_lines:
        lines = list(doc.issuer_lines)
        first_is_parent = bool(parent) and lines[0].casefold() == str(parent).casefold()
        return [HeaderLine(t, bold=not (i == 0 and first_is_parent)) for i, t in enumerate(lines)]
    out: list[HeaderLine] = []
    issuer = doc.issuer or ""
    if parent:
        out.append(HeaderLine(parent.upper(), bold=False))
        place = regex.sub(r"^\S+\s+", "", parent)  # 'UBND tỉnh Lào Cai' → 'tỉnh Lào Cai'
        if issuer.casefold().endswith(" " + place.casefold()):
            issuer = issuer[: -len(place) - 1]
    if issuer:
        head, _, rest = issuer.partition(" ")
        long = layout().issuer_long_forms.get(head)
        if long and rest:
            out += [HeaderLine(long), HeaderLine(rest.upper())]
        else:
            out.append(HeaderLine(issuer.upper()))
    return out


def plan_code(plan: Plan) -> str:
    """The code of the plan's number (KH-UBND), for a number left blank."""
    doc = plan.document
    for text in (doc.number, plan.appendix.subtitle if plan.appendix else None):
        m = _CODE.search(text or "")
        if m:
            return m.group(1)
    issuer = doc.issuer or ""
    head = issuer.split(" ", 1)[0]
    if head.isupper() and len(head) > 1:  # UBND, HĐND
        return f"KH-{head}"
    own = issuer
    if doc.parent:
        place = regex.sub(r"^\S+\s+", "", doc.parent)
        own = regex.sub(rf"\s+{regex.escape(place)}$", "", issuer, flags=regex.I)
    skip = {w.casefold() for w in layout().initials_skip}
    initials = "".join(w[0].upper() for w in own.split() if w.casefold() not in skip)
    return f"KH-{initials}" if initials else "KH"


def number_line(plan: Plan) -> str:
    lay = layout()
    number = plan.document.number
    if number:
        return f"{lay.number_label} {number}"
    return f"{lay.number_label}{lay.blank}/{plan_code(plan)}"


def date_words(day: dt.date | None, year: int | None = None) -> str:
    """'ngày 05 tháng 02 năm 2025' (day under 10 and months 1–2 with a zero, as the
    rules ask), or the words with blanks where a draft has no date yet."""
    blank = layout().blank
    if day is None:
        return f"ngày{blank}tháng{blank}năm {year}" if year else f"ngày{blank}tháng{blank}năm"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(place: str | None, day: dt.date | None, year: int | None) -> str:
    words = date_words(day, year)
    return f"{place}, {words}" if place else words[:1].upper() + words[1:]


def opening(plan: Plan) -> list[str]:
    """One line per cited document, then the sentence that issues the plan."""
    refs = plan.document.legal_basis
    if not refs:
        return []
    words = layout().opening
    lines = []
    for ref in refs:
        if ref.issuer and ref.issuer not in ref.text:
            lines.append(words.by.format(issuer=ref.issuer, text=ref.text))
        else:
            lines.append(words.cite.format(text=ref.text))
    issuer = plan.document.issuer
    if issuer and not _CITES.search(issuer):  # 'Đoàn kiểm tra theo Quyết định số …'
        lines.append(words.close.format(issuer=issuer))
    return lines


def heading(number: str | None, title: str) -> tuple[str, str]:
    """(text, style) of a section heading: 'I. …', '1. …', '4.1. …', 'a) …'."""
    if not number:
        return title, "body"
    if _LETTER.match(number):
        return f"{number}) {title}", "letter"
    if regex.fullmatch(r"[IVXLC]+", number):
        return f"{number}. {title}", "roman"
    style = "decimal" if "." in number else "arabic"
    return f"{number}. {title}", style


def _section(section: Section, path: tuple[str, ...], out: list[Para]) -> None:
    key = (*path, section.number or "")
    if section.number or section.title:
        text, style = heading(section.number, section.title)
        out.append(Para(text, style, key))
    out.extend(Para(text) for text in section.text)
    for child in section.children:
        _section(child, key, out)
