"""Word automatic numbering: rebuild the label Word shows before a list paragraph.

A paragraph with ``w:numPr`` (directly or through its style) shows a label that is
not in its text: ``1.``, ``4.1.``, ``a)``, ``II.`` or a bullet. :class:`Numbering`
reads ``numbering.xml``, keeps one counter set per list definition (``abstractNum``,
shared by the ``num`` instances that use it, restarted by a ``startOverride``) and
returns the label for each numbered paragraph in document order, so the text reads as its
plain-text rendering (``4.1. Giảm 5 – 8% …``, ``- Tổ chức …``).

Covered: ``numFmt`` decimal, decimalZero, upper/lowerRoman, upper/lowerLetter,
bullet and none; ``lvlText`` patterns with ``%1``…``%9``; ``start`` and
``lvlOverride/startOverride``; ``isLgl``; numbering inherited from paragraph
styles (``basedOn`` chain). Deeper levels restart when a higher level advances.

A package whose ``[Content_Types].xml`` does not declare ``numbering.xml`` or
``styles.xml`` leaves python-docx with an unparsed part: its XML is read from the
part's bytes with python-docx's own parser (no entities; DOCTYPEs were refused before),
and a part that is not XML is skipped with a warning (its paragraphs read without labels).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
LEVELS = 9
# bullet characters shown as themselves; any other bullet glyph reads as '•'
_PLAIN_BULLETS = set("-–—+•*·")


@dataclass(slots=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False


@dataclass
class Numbering:
    """Numbering definitions of one document and the running counters."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = field(default_factory=dict)
    style_numpr: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    style_parent: dict[str, str] = field(default_factory=dict)
    default_style: str | None = None
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[tuple[str, int]] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def from_document(cls, document: Any) -> Numbering:
        numbering = cls()
        for rel in document.part.rels.values():
            if rel.is_external:
                continue
            if rel.reltype == RT_NUMBERING:
                root = numbering._root(rel.target_part, "list numbering")
                if root is not None:
                    numbering._load_numbering(root)
            elif rel.reltype == RT_STYLES:
                root = numbering._root(rel.target_part, "styles")
                if root is not None:
                    numbering._load_styles(root)
        return numbering

    def _root(self, part: Any, what: str) -> Any:
        """The root element of a part, parsed from its bytes when python-docx left it
        unparsed (no content type declared); None, with a warning, if it is not XML."""
        element = getattr(part, "element", None)
        if element is not None:
            return element
        from docx.oxml.parser import parse_xml
        from lxml import etree

        try:
            return parse_xml(part.blob)
        except (etree.XMLSyntaxError, ValueError):
            name = str(part.partname).lstrip("/")
            self.warnings.append(
                f"the {what} part {name} is not readable XML and was skipped; "
                "list labels may be missing"
            )
            return None

    def _load_numbering(self, root: Any) -> None:
        for node in root.findall(f"{W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{W}lvl"):
                levels[_int(lvl.get(f"{W}ilvl"), 0)] = _level(lvl)
            self.abstract[node.get(f"{W}abstractNumId", "")] = levels
        for node in root.findall(f"{W}num"):
            abstract_id = _val(node.find(f"{W}abstractNumId")) or ""
            overrides: dict[int, Level] = {}
            starts: dict[int, int] = {}
            for override in node.findall(f"{W}lvlOverride"):
                ilvl = _int(override.get(f"{W}ilvl"), 0)
                lvl = override.find(f"{W}lvl")
                if lvl is not None:
                    overrides[ilvl] = _level(lvl)
                start = override.find(f"{W}startOverride")
                if start is not None:
                    starts[ilvl] = _int(_val(start), 1)
            self.nums[node.get(f"{W}numId", "")] = (abstract_id, overrides, starts)

    def _load_styles(self, root: Any) -> None:
        for style in root.findall(f"{W}style"):
            if style.get(f"{W}type") != "paragraph":
                continue
            style_id = style.get(f"{W}styleId", "")
            if style.get(f"{W}default") in ("1", "true", "on"):
                self.default_style = style_id
            parent = _val(style.find(f"{W}basedOn"))
            if parent:
                self.style_parent[style_id] = parent
            numpr = style.find(f"{W}pPr/{W}numPr")
            if numpr is not None:
                ilvl = numpr.find(f"{W}ilvl")
                self.style_numpr[style_id] = (
                    _val(numpr.find(f"{W}numId")),
                    _int(_val(ilvl), 0) if ilvl is not None else None,
                )

    def _from_style(self, style_id: str | None) -> tuple[str | None, int | None]:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if style_id in self.style_numpr:
                return self.style_numpr[style_id]
            style_id = self.style_parent.get(style_id)
        return None, None

    def label(self, p: Any) -> str | None:
        """The label Word shows before paragraph ``p`` (advancing the counters), or None."""
        ppr = p.find(f"{W}pPr")
        numpr = ppr.find(f"{W}numPr") if ppr is not None else None
        num_id: str | None = None
        ilvl: int | None = None
        if numpr is not None:
            num_id = _val(numpr.find(f"{W}numId"))
            ilvl_node = numpr.find(f"{W}ilvl")
            ilvl = _int(_val(ilvl_node), 0) if ilvl_node is not None else None
        if num_id is None or ilvl is None:
            style = _val(ppr.find(f"{W}pStyle")) if ppr is not None else None
            style_num, style_ilvl = self._from_style(style or self.default_style)
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_ilvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        ilvl = min(max(ilvl or 0, 0), LEVELS - 1)
        levels = self._levels(num_id)
        level = levels.get(ilvl, Level())
        # Counters belong to the list definition (abstractNum), shared by every num
        # that uses it; a num with a startOverride restarts the level where it is
        # first used (Word and LibreOffice write restarted lists that way).
        counters = self.counters.setdefault(self.nums[num_id][0], [None] * LEVELS)
        current = counters[ilvl]
        restart = ilvl in self.nums[num_id][2] and (num_id, ilvl) not in self.started
        self.started.add((num_id, ilvl))
        if current is None or restart:
            counters[ilvl] = self._start(num_id, ilvl, level)
        else:
            counters[ilvl] = current + 1
        for deeper in range(ilvl + 1, LEVELS):
            counters[deeper] = None
        if level.fmt == "bullet":
            return _bullet(level.text)
        out = level.text
        for k in range(LEVELS, 0, -1):
            token = f"%{k}"
            if token in out:
                lvl = levels.get(k - 1, Level())
                value = counters[k - 1]
                if value is None:
                    value = self._start(num_id, k - 1, lvl)
                fmt = "decimal" if level.legal else lvl.fmt
                out = out.replace(token, format_number(value, fmt))
        return out.strip() or None

    def _levels(self, num_id: str) -> dict[int, Level]:
        abstract_id, overrides, _starts = self.nums[num_id]
        levels = dict(self.abstract.get(abstract_id, {}))
        levels.update(overrides)
        return levels

    def _start(self, num_id: str, ilvl: int, level: Level) -> int:
        return self.nums[num_id][2].get(ilvl, level.start)


def _val(node: Any) -> str | None:
    return node.get(f"{W}val") if node is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(lvl: Any) -> Level:
    text_node = lvl.find(f"{W}lvlText")
    return Level(
        start=_int(_val(lvl.find(f"{W}start")), 1),
        fmt=_val(lvl.find(f"{W}numFmt")) or "decimal",
        text=(_val(text_node) or "") if text_node is not None else "",
        legal=lvl.find(f"{W}isLgl") is not None,
    )


def _bullet(text: str) -> str:
    char = text.strip()[:1]
    if not char:
        return "•"
    code = ord(char)
    if 0xF000 <= code <= 0xF0FF:  # symbol fonts: '-' stays a dash, anything else a bullet
        return "-" if code - 0xF000 == 0x2D else "•"
    return char if char in _PLAIN_BULLETS else "•"


_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def _roman(value: int) -> str:
    out = []
    for number, letters in _ROMAN:
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def _letters(value: int) -> str:
    # Word repeats the letter past z: a … z, aa … zz, aaa …
    value = max(value, 1)
    letter = chr(ord("a") + (value - 1) % 26)
    return letter * ((value - 1) // 26 + 1)


MAX_ROMAN = 3_999  # the largest roman numeral (MMMCMXCIX)
MAX_LETTERS = 26 * 40  # "a" … "zzz…" (40 letters): past that, digits


def format_number(value: int, fmt: str) -> str:
    """A counter value in a Word ``numFmt``.

    The work is bounded whatever the value (a ``w:start`` of 10**12): a roman numeral
    past 3,999 or a repeated letter past 40 letters is written in digits instead.
    """
    if fmt in ("upperRoman", "lowerRoman") and not 0 < value <= MAX_ROMAN:
        return str(value)
    if fmt in ("upperLetter", "lowerLetter") and value > MAX_LETTERS:
        return str(value)
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "upperRoman":
        return _roman(value)
    if fmt == "lowerRoman":
        return _roman(value).lower()
    if fmt == "upperLetter":
        return _letters(value).upper()
    if fmt == "lowerLetter":
        return _letters(value)
    if fmt == "none":
        return ""
    return str(value)
