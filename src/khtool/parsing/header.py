"""The plan's header by the national layout (Nghị định 30/2020/NĐ-CP): issuer and
``Số:`` top left, motto and ``Place, ngày …`` top right, ``KẾ HOẠCH``, title, subtitle
``(Ban hành kèm theo …)`` and basis; a decision the plan is attached to may come first."""

from __future__ import annotations

import datetime as dt
from functools import cache

import regex

from khtool.model import DocumentInfo, IssuedWith, Period, Reference, Signer
from khtool.parsing.fields.issuer import (
    choose_issuer,
    clean_line,
    issuer_block,
    issuer_from_phrase,
    read_bodies,
)
from khtool.parsing.fields.references import find_references
from khtool.parsing.structure import Line
from khtool.vocab import fold, headings, load, reference_kinds, unmarked

# the number line: 'Số:' (also 'Số 12/…', 'Số/…'); in capitals (as OCR may read it) only
# with its colon, since 'SỐ 1050/QĐ-SCT' in capitals is an issuer's name that wraps
_NUMBER = regex.compile(
    r"^(?:Số(?:\s*:|\s+(?=[\d/.…_])|(?=/))|SỐ\s*:)\s*(?P<num>\d(?:\s?\d)*\p{L}*(?:-\p{Lu}+)?)?[\s.…_]*"
    r"(?:/\s*(?P<code>[\p{L}\d&]+(?:[-/.][\p{L}\d&]+)*))?"
)
_LONE_CODE = regex.compile(r"^[\s.…_]*/\s*[\p{L}\d&]+(?:[-/.][\p{L}\d&]+)*\s*$")
_BLANK = r"[\s.…_—–-]*"
_DATE = (
    rf"ngày{_BLANK}(?:(?P<d>\d{{1,2}})\s*[/.-]\s*(?P<m>\d{{1,2}})\s*[/.-]\s*(?P<y>\d{{4}})"
    rf"|(?P<d>\d(?:\s?\d)?)?{_BLANK}tháng{_BLANK}(?P<m>\d(?:\s?\d)?)?{_BLANK}"
    rf"năm{_BLANK}(?P<y>\d(?:\s?\d){{3}})?)"
)
_PLACE_DATE = regex.compile(rf"^(?:(?P<place>[^,\d()]{{2,40}}?)\s*,\s*)?{_DATE}", regex.IGNORECASE)
_ANY_DATE = regex.compile(_DATE, regex.IGNORECASE)
_KH = regex.compile(r"(?<!\p{L})KH(?!\p{L})")
_BASIS = regex.compile(r"^(?:Thực hiện\s*:|Căn cứ\b)", regex.IGNORECASE)
_NAME = regex.compile(r"^(?:\p{Lu}\p{Ll}*)(?:\s+\p{Lu}\p{Ll}*){1,5}$")
_Y = r"(?:19|20)\d{2}"


def _alt(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


def _starts(text: str, openers: list[str]) -> bool:
    return any(regex.match(rf"{regex.escape(o)}\b", text, regex.IGNORECASE) for o in openers)


def _digits(text: str | None) -> str | None:
    return text.replace(" ", "") if text else None


def _date(m: regex.Match[str]) -> dt.date | None:
    d, mo, y = (_digits(m.group(k)) for k in ("d", "m", "y"))
    if not (d and mo and y):
        return None
    try:
        return dt.date(int(y), int(mo), int(d))
    except ValueError:
        return None


def _number(m: regex.Match[str]) -> str | None:
    num, code = _digits(m.group("num")), m.group("code")
    return f"{num}/{code}" if num and code else None


def _place_date(texts: list[str]) -> tuple[str | None, dt.date | None, int | None] | None:
    """The first 'Place, ngày … tháng … năm …' line (a line wrapped in a narrow header
    column may carry its month or year on to the next line)."""
    for i, text in enumerate(texts):
        nxt = texts[i + 1] if i + 1 < len(texts) else ""
        m = _PLACE_DATE.match(text)
        if nxt and (m is None or not m.group("y")) and regex.search(r"ngày", text, regex.I):
            joined = _PLACE_DATE.match(f"{text} {nxt}")
            if joined and joined.group("y"):
                m = joined
        if m:
            place = m.group("place").strip() if m.group("place") else None
            year = _digits(m.group("y"))
            return place, _date(m), int(year) if year else None
    return None


@cache
def _years_patterns() -> dict[str, regex.Pattern[str]]:
    w = {k: _alt(v) for k, v in load("headings")["plan_years"].items()}
    year = rf"(?:(?:{w['year']})\s+)?"
    patterns = {
        "date": rf"ngày\s+\d{{1,2}}\s+tháng\s+\d{{1,2}}\s+{year}{_Y}|\d{{1,2}}/\d{{1,2}}/{_Y}",
        "vision": rf"(?:{w['vision']})\s+(?:(?:{w['deadline']})\s+)?{year}{_Y}\b",
        "period": rf"(?:(?:{w['period']})\s+)?{year}(?P<a>{_Y})\s*(?:[-–—]\s*|\s(?:đến|tới)\s+"
        rf"{year})(?P<b>{_Y})\b",
        "deadline": rf"(?:{w['deadline']})\s+{year}(?P<y>{_Y})\b",
        "single": rf"\b(?:{w['year']})\s+(?P<y>{_Y})\b",
    }
    return {k: regex.compile(v, regex.IGNORECASE) for k, v in patterns.items()}


def plan_years(title: str, issued_year: int | None) -> tuple[int | None, Period | None]:
    """(plan_year, period) named by a title.

    Dates of cited documents and 'tầm nhìn đến năm …' are not plan years. A period
    ('giai đoạn 2026 – 2030') gives plan_year null, unless a single 'năm Y' inside it names
    the year of a yearly plan. A deadline alone ('đến năm 2030') is the plan year only
    when it is the year the plan is issued in ('từ nay đến cuối năm 2025'); otherwise
    both are null.
    """
    p = _years_patterns()
    text = p["vision"].sub(" ", p["date"].sub(" ", title))
    periods = [
        (int(m.group("a")), int(m.group("b")))
        for m in p["period"].finditer(text)
        if m.group("a") <= m.group("b")
    ]
    text = p["period"].sub(" ", text)
    deadlines = [int(m.group("y")) for m in p["deadline"].finditer(text)]
    singles = sorted(
        {int(m.group("y")) for m in p["single"].finditer(p["deadline"].sub(" ", text))}
    )
    if periods:
        start, end = periods[0]
        inside = [y for y in singles if start <= y <= end]
        if len(inside) == 1:
            return inside[0], Period(start=inside[0], end=inside[0])
        return None, Period(start=start, end=end)
    if len(singles) == 1:
        return singles[0], Period(start=singles[0], end=singles[0])
    if singles:
        return None, Period(start=singles[0], end=singles[-1])
    if deadlines and deadlines[-1] == issued_year:
        return issued_year, Period(start=issued_year, end=issued_year)
    return None, None


@cache
def _kind_of_line() -> dict[str, str]:
    kinds = {fold(k): "plan" for k in headings("document_kind")}
    kinds.update({fold(k): "decision" for k in headings("decision_kind")})
    return kinds


@cache
def _unmarked_kinds() -> dict[str, str]:
    return {unmarked(k): v for k, v in _kind_of_line().items()}


def kind_of_line(text: str) -> str | None:
    """'plan' for KẾ HOẠCH, 'decision' for QUYẾT ĐỊNH (also with a mark misread by OCR,
    on an upper-case line), else None."""
    found = _kind_of_line().get(fold(text))
    if found is None and text.isupper():
        found = _unmarked_kinds().get(unmarked(text))
    return found


@cache
def _subtitle() -> regex.Pattern[str]:
    kinds = _alt(list(reference_kinds()))
    number = load("references")["number_pattern"]
    return regex.compile(
        rf"^\(?\s*(?:{_alt(headings('issued_with_openers'))})\s+(?P<kind>{kinds})\b"
        rf"(?:\s+số\s*:?\s*(?P<number>{number})?)?(?P<rest>.*?)\)?\s*$",
        regex.IGNORECASE,
    )


def _issued_with(text: str) -> IssuedWith | None:
    m = _subtitle().match(text)
    if not m:
        return None
    kind = reference_kinds().get(m.group("kind").casefold(), m.group("kind"))
    date = _ANY_DATE.search(m.group("rest"))
    by = regex.search(r"\bcủa\s+(?P<issuer>[^()]+?)\s*$", m.group("rest"))
    issuer = by.group("issuer").strip(" .,;") if by else None
    return IssuedWith(
        kind=kind, number=m.group("number"), date=date and _date(date), issuer=issuer, text=text
    )


def _is_basis(text: str, first: bool) -> bool:
    """Whether a line after 'KẾ HOẠCH' opens the basis rather than continuing the title."""
    if not _starts(text, headings("header_basis_openers")) or (text.isupper() and not first):
        return False
    if _BASIS.match(text) or not _starts(text, ["Thực hiện"]):
        return True
    sentence = text.rstrip().endswith((":", ";", ",", ".")) or len(text) > 250
    return not first or sentence or bool(regex.search(r"(ban hành|xây dựng) kế hoạch", fold(text)))


def _title_and_basis(texts: list[str]) -> tuple[list[str], str | None, list[str]]:
    """Split the lines after 'KẾ HOẠCH' into title lines, the subtitle and basis lines."""
    for i, text in enumerate(texts):
        if _starts(text.lstrip("( "), headings("issued_with_openers")):
            j = i + 1  # a subtitle wrapped over lines ends at its ')'
            while text.startswith("(") and ")" not in text and j < min(len(texts), i + 4):
                text, j = f"{text} {texts[j]}", j + 1
            return texts[:i], text, texts[j:]
        if _is_basis(text, first=i == 0):
            return texts[:i], None, texts[i:]
    return texts, None, []


def _repost_number(texts: list[str]) -> tuple[str, dt.date | None] | None:
    opener, number = _alt(headings("repost_openers")), load("references")["number_pattern"]
    pattern = regex.compile(rf"^\(?\s*(?:{opener})\s+số\s*:?\s*(?P<n>{number})", regex.I)
    for text in texts:
        if m := pattern.match(text):
            date = _ANY_DATE.search(text[m.end() :])
            return m.group("n"), _date(date) if date else None
    return None


_LATE_DATE = 6  # lines after 'KẾ HOẠCH' where a displaced 'Place, ngày …' line may stand


def _displaced(texts: list[str]) -> int:
    """How many of the lines after 'KẾ HOẠCH' are the header's right column put there by
    the reading order (the motto and the 'Place, ngày …' line, wrapped or not)."""
    skip = 0
    for j in range(1, min(len(texts), _LATE_DATE) + 1):
        joined = clean_line(" ".join(texts[:j]))
        m = _PLACE_DATE.match(joined) if joined else None
        if not joined or (m and m.end() == len(joined) and m.group("y")):
            skip = j
    return skip


def parse_header(lines: list[Line]) -> tuple[DocumentInfo, list[str]]:
    info = DocumentInfo()
    warnings: list[str] = []
    texts = [
        " ".join(line.text.replace("*", " ").split()).strip("_ ").lstrip("# ") for line in lines
    ]
    kinds = [kind_of_line(t) for t in texts]
    plan_i = max((i for i, k in enumerate(kinds) if k == "plan"), default=None)
    # a decision the plan is attached to comes before it
    decision_i = next((i for i, k in enumerate(kinds[:plan_i]) if k == "decision"), None)
    top = texts[: next((i for i, k in enumerate(kinds) if k), len(texts))]
    num_i = next((i for i, t in enumerate(top) if _NUMBER.match(t)), None)
    rest = list(top)
    if num_i is not None:  # only the first 'Số:' line of the issuer block counts
        m = _NUMBER.match(top[num_i])
        rest[num_i] = top[num_i][m.end() :].strip() if m else ""
    else:  # no 'Số:' line at the top: one anywhere in the header, if it has a code
        m = next((n for t in texts if (n := _NUMBER.match(t)) and n.group("code")), None)
    info.number = _number(m) if m else None
    own_plan_number = bool(m and _KH.search(m.group(0)))
    if m is not None and num_i is not None and not m.group("code"):
        # a text dump may put the code of a blank number on a line of its own ('/KH-SCT')
        own_plan_number = own_plan_number or any(
            _LONE_CODE.match(t) and _KH.search(t) for t in top[num_i + 1 :]
        )
    block = top[: num_i if num_i is not None else len(top)]
    info.issuer_lines = [line for body in issuer_block(block) for line in body]
    bodies = read_bodies(block)
    found = _place_date([clean_line(t) for t in rest])
    if found is None and plan_i is not None:
        # a reading order that put the header's right column after 'KẾ HOẠCH'
        found = _place_date([clean_line(t) for t in texts[plan_i + 1 : plan_i + _LATE_DATE]])
    issued_year = None
    if found:
        info.place, info.issued_on, issued_year = found
    basis: list[str] = []
    subtitle = None
    if plan_i is not None:
        after = texts[plan_i + 1 :]
        title, subtitle, basis = _title_and_basis(after[_displaced(after) :])
        info.title = " ".join(title) or None
    else:
        warnings.append("no 'KẾ HOẠCH' line found in the header")
        basis = [t for t in texts if _BASIS.match(t)]
    if not basis and decision_i is not None:  # the decision's basis is the plan's
        basis = [t for t in texts[decision_i + 1 : plan_i] if _BASIS.match(t)]
    basis_text = " ".join(basis)
    info.legal_basis = [Reference.model_validate(r) for r in find_references(basis_text)]
    info.issuer, info.parent = choose_issuer(bodies, basis_text)
    issued_with = _issued_with(subtitle) if subtitle else None
    if issued_with and fold(issued_with.kind) not in {fold(k) for k in headings("decision_kind")}:
        issued_with = None
    if issued_with and decision_i is None and own_plan_number:
        issued_with = None  # the plan has its own number: it implements that document
    if issued_with is None and decision_i is not None:
        kind = reference_kinds().get(fold(texts[decision_i]), texts[decision_i].capitalize())
        head = " ".join(texts[decision_i : decision_i + 2])
        issued_with = IssuedWith(kind=kind, number=None, issuer=info.issuer, text=head)
    if issued_with:
        issued_with.number = issued_with.number or info.number
        issued_with.date = issued_with.date or info.issued_on
        info.number, info.issued_on = issued_with.number, issued_with.date
        if info.issuer is None and issued_with.issuer:
            info.issuer = issuer_from_phrase(issued_with.issuer)
        issued_with.issuer = issued_with.issuer or info.issuer
        info.issued_with = issued_with
        which = " ".join(filter(None, [issued_with.kind, issued_with.number]))
        warnings.append(f"number and date are those of {which}, which the plan is issued with")
    if m is None and info.number is None and (repost := _repost_number(texts)):
        info.number = repost[0]
        info.issued_on = info.issued_on or repost[1]
        warnings.append(f"number {repost[0]} read from the '(Theo Kế hoạch số …)' line")
    elif m is None and info.issued_with is None:
        warnings.append("no 'Số: …' line found in the header")
    if info.title:
        info.plan_year, info.period = plan_years(info.title, issued_year)
    info.draft = info.number is None or info.issued_on is None
    return info, warnings


def _split_authority(
    text: str, prefixes: tuple[str, ...], titles: set[str]
) -> tuple[list[str], str | None]:
    """An authority line and what a flattened source ran into it:
    ``KT. BỘ TRƯỞNG THỨ TRƯỞNG`` → (['KT. BỘ TRƯỞNG'], 'THỨ TRƯỞNG');
    ``TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH`` → (['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH'], None).
    A line that is one authority and nothing more is returned as it is."""
    alternatives = "|".join(map(regex.escape, prefixes))
    starts = [0] + [m.start() for m in regex.finditer(rf"\s(?=(?:{alternatives})\s)", text)]
    parts = [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    last = parts[-1]
    words = last.split()
    for k in range(2, len(words)):  # the longest title ending the line, after the head's
        tail, head = " ".join(words[k:]), fold(" ".join(words[1:k]))
        # KT./TL./Q. stand before a title (KT. GIÁM ĐỐC), TM. before the agency's name
        if fold(tail) in titles and (head in titles or fold(words[0]) == "tm."):
            return [*parts[:-1], " ".join(words[:k])], tail
    return parts, None


def parse_signature(lines: list[Line]) -> tuple[Signer, list[str]]:
    """Recipients (Nơi nhận) and the signer block."""
    signer = Signer()
    recipients: list[str] = []
    prefixes = tuple(headings("signature_prefixes"))
    titles = {fold(t) for t in headings("signer_titles")}
    state = "start"
    for line in lines:
        text = line.text
        folded = fold(text)
        if state == "start" and any(folded.startswith(fold(r)) for r in headings("recipients")):
            state = "recipients"
            continue
        if text.startswith(prefixes) and text.upper() == text:
            authority, title = _split_authority(text, prefixes, titles)
            signer.authority.extend(authority)
            if title and signer.title is None:
                signer.title = title
            state = "authority"
            continue
        if state != "done" and folded in titles and text.upper() == text:
            signer.title = signer.title or text  # a head signing in the agency's own name
            state = "authority"
            continue
        if state == "recipients":
            if text.startswith(("-", "+", "•")) or not recipients:
                recipients.append(text.lstrip("-+• ").strip())
            else:
                recipients[-1] = f"{recipients[-1]} {text}"
            continue
        if state == "authority":
            if folded in titles and signer.title is None:
                signer.title = text
                continue
            if _NAME.match(text) and text.upper() != text:
                signer.name = text
                state = "done"
    return signer, recipients
