"""The plan's header: number, date, place, issuer, title, plan year, basis, signer."""

from __future__ import annotations

import datetime as dt

import regex

from khtool.fields.references import find_references
from khtool.model import DocumentInfo, Reference, Signer
from khtool.structure import Line
from khtool.vocab import fold, headings

_NUMBER = regex.compile(r"^Số\s*:?\s*(?P<value>\S*)")
_PLACE_DATE = regex.compile(
    r"^(?P<place>[^,\d]+?),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})?",
    regex.IGNORECASE,
)
_YEAR = regex.compile(r"\bnăm\s+(\d{4})\b", regex.IGNORECASE)
_ISSUER_IN_BASIS = regex.compile(
    r"(?:^|[,;]\s*)(?P<issuer>(?:UBND|Ủy ban nhân dân|ỦY BAN NHÂN DÂN|Uỷ ban nhân dân)[^,;]*?)\s+ban hành",
)
_BASIS = regex.compile(r"^(?:Thực hiện\s*:|Căn cứ\b)", regex.IGNORECASE)
_NAME = regex.compile(r"^(?:\p{Lu}\p{Ll}*)(?:\s+\p{Lu}\p{Ll}*){1,5}$")


def _number(value: str) -> str | None:
    m = regex.match(r"^(\d+[\w.]*)/\S+$", value)
    return value if m else None


def _date(m: regex.Match[str]) -> dt.date | None:
    if not (m.group("d") and m.group("m") and m.group("y")):
        return None
    try:
        return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None


def parse_header(lines: list[Line]) -> tuple[DocumentInfo, list[str]]:
    info = DocumentInfo()
    warnings: list[str] = []
    texts = [line.text for line in lines]
    kind_index = next(
        (i for i, t in enumerate(texts) if fold(t) in {fold(k) for k in headings("document_kind")}),
        None,
    )
    number_seen = False
    for text in texts:
        m = _NUMBER.match(text)
        if m and not number_seen:
            number_seen = True
            info.number = _number(m.group("value"))
            continue
        pd = _PLACE_DATE.match(text)
        if pd and info.place is None:
            info.place = pd.group("place").strip()
            info.issued_on = _date(pd)
    basis: list[str] = []
    title: list[str] = []
    if kind_index is not None:
        for text in texts[kind_index + 1 :]:
            if _BASIS.match(text) or basis:
                basis.append(text)
            else:
                title.append(text)
    else:
        warnings.append("no 'KẾ HOẠCH' line found in the header")
        basis = [t for t in texts if _BASIS.match(t)]
    info.title = " ".join(title) or None
    if info.title:
        years = _YEAR.findall(info.title)
        info.plan_year = int(years[-1]) if years else None
    basis_text = " ".join(basis)
    refs = find_references(basis_text)
    info.legal_basis = [Reference.model_validate(r) for r in refs]
    im = _ISSUER_IN_BASIS.search(basis_text)
    if im:
        info.issuer = im.group("issuer").strip()
    else:
        for _i, text in enumerate(texts[: kind_index or len(texts)]):
            if fold(text).startswith(fold("ỦY BAN NHÂN DÂN")) or fold(text).startswith("ubnd"):
                info.issuer = text
                break
    info.draft = info.number is None or info.issued_on is None
    if not number_seen:
        warnings.append("no 'Số: …' line found in the header")
    return info, warnings


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
            signer.authority.append(text)
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
    signer_recipients = recipients
    return signer, signer_recipients
