"""Press reports about a plan → a *partial* Plan (``khtool parse --press``).

Some plans are known only from a press report that retells them. The report gives
the plan's number and date (``(Kế hoạch 263/KH-UBND, ngày 6/11/2023)``), its issuer
(``UBND Thành phố Hà Nội vừa ban hành Kế hoạch …``), its content areas introduced by
ordinal words (``Thứ nhất, … Thứ năm, …``), its purpose and, in the last paragraphs,
its numeric targets. It never gives the funding, the organisation or the appendix
task table, so the Plan is marked ``partial: true`` with those parts in ``missing``.

What the reader produces, and the choices it makes:

* ``content``: one item per ordinal word, ids ``1``, ``2`` … in order. The title is
  the area's first sentence without the ordinal word; if that sentence has a ``;``
  before any ``:``, the title stops there (a ``;`` after a ``:`` separates the items
  of a list and stays in the title). The bullets are the remaining sentences of the
  area, one per sentence.
* ``goals``: the paragraphs after the last content area. Paragraphs before the first
  one with a percentage are the plan's purposes (goals without targets; a sentence
  ``… ban hành Kế hoạch … nhằm X`` gives ``X``); then each sentence with a
  percentage is one goal whose targets come from
  :func:`khtool.parsing.fields.targets.find_targets`. Anything after the last target
  sentence (the byline, the source line) is dropped. Goal ids are **synthetic**:
  ``p1``, ``p2`` … in reading order (the report does not number them).
* Photos are dropped: a line that is a file name (``xxx.jpg``) and the caption on
  the next line, and any paragraph ending in a caption marker (``(Ảnh minh họa).``).

Vocabulary (ordinal words, image extensions, caption markers, verbs) lives in
``khtool/data/press.yaml``. A document that is not a press report about a plan (no
plan citation, or neither content areas nor targets) raises
:class:`~khtool.errors.NotAPlanError`; a press report is never read by
:func:`khtool.parse`, and a plan is never guessed to be a press report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import regex

from khtool.errors import NotAPlanError
from khtool.limits import Limits
from khtool.model import ContentItem, DocumentInfo, Goal, Plan, Source, Target
from khtool.parsing.fields.targets import find_targets
from khtool.parsing.pipeline import read_blocks
from khtool.reading.blocks import Paragraph
from khtool.vocab import fold, load

PRESS_FORMAT = "press"
MISSING = ["funding", "organization", "appendix"]
PRESS_WARNING = (
    "read from a press report: the content areas and goals are the report's wording, "
    "and the plan's funding, organisation and appendix are not in it"
)

_SENTENCE_END = regex.compile(r"(?<=[.!?])\s+(?=[\p{Lu}\d])")
_PERCENT = regex.compile(r"\d\s*%")
_DATE = r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"


@dataclass(frozen=True, slots=True)
class _Citation:
    number: str
    issued_on: dt.date | None


def _vocab() -> dict[str, Any]:
    return load("press")


@cache
def _image_re() -> regex.Pattern[str]:
    exts = "|".join(regex.escape(str(e)) for e in _vocab()["image_extensions"])
    return regex.compile(rf"^\S+\.(?:{exts})$", regex.IGNORECASE)


@cache
def _ordinal_res() -> list[regex.Pattern[str]]:
    words = [str(w) for w in _vocab()["ordinals"]]
    return [regex.compile(rf"^{regex.escape(w)}\s*[,:]\s*", regex.IGNORECASE) for w in words]


@cache
def _citation_re() -> regex.Pattern[str]:
    kinds = "|".join(regex.escape(str(k)) for k in _vocab()["plan_kinds"])
    number = load("references")["number_pattern"]
    return regex.compile(
        rf"(?:{kinds})\s+(?:số\s+)?(?P<number>{number})(?:\s*,?\s*ngày\s+{_DATE})?",
        regex.IGNORECASE,
    )


def _words(key: str) -> list[str]:
    return [str(w) for w in _vocab()[key]]


def _is_caption(text: str) -> bool:
    tail = fold(text[-40:])
    return any(fold(m) in tail for m in _words("caption_markers"))


def _paragraphs(blocks: list[object]) -> list[Paragraph]:
    """Text paragraphs in reading order, without photo file names and captions."""
    out: list[Paragraph] = []
    skip_line: int | None = None
    for block in blocks:
        if not isinstance(block, Paragraph):
            continue
        line = block.where.line
        if _image_re().match(block.text):
            skip_line = line + 1 if line is not None else None
            continue
        if skip_line is not None and line == skip_line:
            skip_line = None
            continue
        if _is_caption(block.text):
            continue
        out.append(block)
    return out


def sentences(text: str) -> list[str]:
    """Split a paragraph at '. ' before a capital letter or a digit."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _find_citation(paras: list[Paragraph]) -> _Citation | None:
    first: _Citation | None = None
    for para in paras:
        for m in _citation_re().finditer(para.text):
            date = None
            if m.group("y"):
                try:
                    date = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                except ValueError:
                    date = None
            citation = _Citation(m.group("number"), date)
            if date is not None:
                return citation
            first = first or citation
    return first


def _header(paras: list[Paragraph], citation: _Citation) -> DocumentInfo:
    """Issuer and title from the sentence announcing the plan; plan year from the title."""
    verbs = sorted(_words("issue_verbs"), key=len, reverse=True)
    kinds = _words("plan_kinds")
    verb_re = regex.compile(
        rf"(?P<issuer>[^.;]*?)\s+(?:{'|'.join(map(regex.escape, verbs))})\s+"
        rf"(?:{'|'.join(map(regex.escape, kinds))})\s+(?P<title>[^(.;]+)",
        regex.IGNORECASE,
    )
    issuer = title = None
    for para in paras:
        m = verb_re.search(para.text)
        if m:
            # the issuer is the last comma-separated phrase before the verb
            name = m.group("issuer").split(",")[-1].strip()
            if any(fold(name).startswith(fold(p)) for p in _words("issuer_prefixes")):
                issuer = name
            title = m.group("title").strip(" ,")
            break
    year = None
    years = "|".join(map(regex.escape, _words("year_words")))
    for text in [title or "", paras[0].text if paras else ""]:
        y = regex.search(rf"(?:{years})\s+(?P<y>\d{{4}})\b", text, regex.IGNORECASE)
        if y:
            year = int(y.group("y"))
            break
    return DocumentInfo(
        issuer=issuer,
        number=citation.number,
        issued_on=citation.issued_on,
        title=title,
        plan_year=year,
        draft=False,
    )


def _area_title(first_sentence: str) -> tuple[str, list[str]]:
    """Title of a content area and the rest of its first sentence (if split at ';')."""
    semi, colon = first_sentence.find(";"), first_sentence.find(":")
    if semi >= 0 and (colon < 0 or semi < colon):
        rest = first_sentence[semi + 1 :].strip()
        return first_sentence[:semi].strip(), [rest] if rest else []
    return first_sentence.rstrip(" ."), []


def _content_areas(paras: list[Paragraph]) -> tuple[list[ContentItem], int]:
    """Content areas introduced by ordinal words; returns them and where they end."""
    ordinals = _ordinal_res()
    end_markers = [fold(m) for m in _words("area_end_markers")]
    areas: list[tuple[str, list[str]]] = []  # (first paragraph without ordinal, more)
    end = 0
    for i, para in enumerate(paras):
        nxt = ordinals[len(areas)] if len(areas) < len(ordinals) else None
        m = nxt.match(para.text) if nxt else None
        if m:
            areas.append((para.text[m.end() :], []))
            end = i + 1
        elif areas and end == i:
            if any(marker in fold(para.text) for marker in end_markers):
                continue
            areas[-1][1].append(para.text)
            end = i + 1
    items: list[ContentItem] = []
    for n, (first, more) in enumerate(areas, start=1):
        parts = sentences(first)
        if not parts:
            continue
        title, rest = _area_title(parts[0])
        bullets = rest + parts[1:] + [s for text in more for s in sentences(text)]
        items.append(ContentItem(id=str(n), title=title, bullets=bullets))
    return items, end


def _purpose(text: str) -> str:
    if not any(fold(m) in fold(text) for m in _words("area_end_markers")):
        return text
    for marker in _words("purpose_markers"):
        m = regex.search(rf"\s{regex.escape(marker)}\s+", text, regex.IGNORECASE)
        if m:
            return text[m.end() :].strip()
    return text


def _goals(paras: list[Paragraph]) -> list[Goal]:
    """Purposes, then one goal per sentence with a percentage; ids p1, p2, …"""
    with_targets = [i for i, p in enumerate(paras) if _PERCENT.search(p.text)]
    if not with_targets:
        return []
    texts = [_purpose(p.text) for p in paras[: with_targets[0]]]
    found: list[tuple[str, list[Target]]] = [(t, []) for t in texts]
    for para in paras[with_targets[0] : with_targets[-1] + 1]:
        for sentence in sentences(para.text):
            targets = [Target.model_validate(t) for t in find_targets(sentence)]
            if targets:
                found.append((sentence, targets))
            elif found and found[-1][1]:
                # a sentence without numbers after a target sentence continues that goal
                text, prev = found[-1]
                found[-1] = (f"{text} {sentence}", prev)
    return [Goal(id=f"p{n}", text=t, targets=ts) for n, (t, ts) in enumerate(found, start=1)]


def parse_press(path: str | Path, *, limits: Limits | None = None) -> Plan:
    """Read a press report about a plan (any supported format) into a partial Plan."""
    path = Path(path)
    doc, sha = read_blocks(path, limits or Limits())
    paras = _paragraphs(list(doc.blocks))
    citation = _find_citation(paras)
    if citation is None:
        raise NotAPlanError(
            "not a press report on a plan: no plan citation such as "
            "'Kế hoạch 263/KH-UBND, ngày 6/11/2023' found",
            path.as_posix(),
        )
    content, end = _content_areas(paras)
    goals = _goals(paras[end:]) if content else []
    if not content:
        raise NotAPlanError(
            "not a press report retelling a plan: no content areas "
            "introduced by 'Thứ nhất, …' found",
            path.as_posix(),
        )
    return Plan(
        source=Source(path=path.as_posix(), format=PRESS_FORMAT, sha256=sha, pages=doc.pages),
        document=_header(paras, citation),
        goals=goals,
        content=content,
        partial=True,
        missing=list(MISSING),
        warnings=[*doc.warnings, PRESS_WARNING],
    )
