"""The body of a plan as a tree of sections.

Every numbering scheme of Vietnamese administrative documents is read: ``PHẦN I`` /
``Phần thứ nhất``, ``I.``, ``1.``, ``1.1.``, ``1.1.1.``, ``a)``; bullets (``-``, ``+``,
``•``) stay text of the section above them. A marker ranks by its scheme (a part is above
a roman numeral, above an arabic one, …), so a plan without roman numerals simply starts
at ``1.``. Lines wrapped by a text export are joined back: a line that starts in lower
case continues the line before it, and an upper-case heading continues on the next line
while that line is upper case too. Each section keeps its lines as written
(:attr:`Node.lines`) so the older views (goals, content, …) can be read from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import regex

from khtool.model import Section, SectionRole
from khtool.parsing.markers import marker, roman_value
from khtool.parsing.structure import Line
from khtool.vocab import fold, load, unmarked

WRAP_WIDTH = 120  # wider lines are paragraphs, not a page's lines
_BULLET = regex.compile(r"^[-+•–*]\s*")
_ENDS_SENTENCE = regex.compile(r"(?r)[.;:!?…)\]”\"]$")  # (?r): searched from the end
MAX_JOINED = 20_000  # characters a paragraph joined from wrapped lines may grow to


@dataclass
class Node:
    """A section while the tree is built: its lines as written, and its children."""

    number: str | None
    title: str
    rank: int
    lines: list[Line] = field(default_factory=list)  # heading lines first, then text lines
    head: int = 1  # how many of the lines are the heading (a wrapped heading takes more)
    logical: list[Line] = field(default_factory=list)  # heading and paragraphs, joined
    text: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    role: SectionRole | None = None

    def all_lines(self) -> list[Line]:
        """The heading's and the text's lines of this node and its children, in order."""
        out = list(self.lines)
        for child in self.children:
            out.extend(child.all_lines())
        return out

    def body_lines(self) -> list[Line]:
        """Everything under the heading, line by line as written."""
        return self.all_lines()[self.head :]

    def all_logical(self) -> list[Line]:
        out = list(self.logical)
        for child in self.children:
            out.extend(child.all_logical())
        return out

    def body_paragraphs(self) -> list[Line]:
        """Everything under the heading with wrapped lines joined: one line per heading
        and per paragraph (what the older views read)."""
        return self.all_logical()[1 if self.head else 0 :]

    def to_section(self) -> Section:
        return Section(
            number=self.number,
            title=self.title,
            role=self.role,
            text=list(self.text),
            children=[c.to_section() for c in self.children],
        )


@cache
def _role_rules() -> list[tuple[SectionRole, tuple[str, ...], tuple[str, ...]]]:
    rules = []
    for rule in load("sections")["roles"]:
        starts = tuple(fold(w) for w in rule.get("starts") or [])
        anywhere = tuple(fold(w) for w in rule.get("any") or [])
        rules.append((SectionRole(rule["role"]), starts, anywhere))
    return rules


def section_role(title: str) -> SectionRole | None:
    """The role of a section, from its title (``MỤC ĐÍCH, YÊU CẦU`` → purpose)."""
    folded = fold(regex.sub(r"[*_]", "", title)).strip(" :.")
    for role, starts, anywhere in _role_rules():
        if any(folded.startswith(s) for s in starts) or any(a in folded for a in anywhere):
            return role
    if title.isupper():  # an upper-case title whose marks OCR misread: TÔ CHỨC THỰC HIỆN
        bare = unmarked(folded)
        for role, starts, anywhere in _role_rules():
            if any(bare.startswith(unmarked(s)) for s in starts) or any(
                unmarked(a) in bare for a in anywhere
            ):
                return role
    return None


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _continues(text: str) -> bool:
    """A wrapped line: it starts in lower case (a word cut by the export)."""
    first = text[:1]
    return first.isalpha() and first.islower()


def hard_wrapped(lines: list[Line]) -> bool:
    """The text was wrapped at a fixed width (a PDF-to-text export): most lines are about
    as long as the longest usual one, and that width is a line's, not a paragraph's."""
    lengths = sorted(len(line.text) for line in lines)
    if len(lengths) < 20:
        return False
    width = lengths[int(len(lengths) * 0.9)]
    near = sum(1 for n in lengths if 0.75 * width <= n <= 1.05 * width)
    return width <= WRAP_WIDTH and near >= 0.5 * len(lengths)


def _wrapped_on(previous: str, text: str) -> bool:
    """In hard-wrapped text, a line that is no list item goes on with the paragraph
    above it unless that one ended a sentence."""
    return not _ENDS_SENTENCE.search(previous) and not _BULLET.match(text)


def build_outline(lines: list[Line]) -> list[Node]:
    """The section tree of the body's lines."""
    wrapped = hard_wrapped(lines)
    roots: list[Node] = []
    stack: list[Node] = []
    joinable_title = False  # the last line was a heading that may wrap
    next_roman = 1
    for line in lines:
        text = line.text
        top = stack[-1] if stack else None
        found = marker(text, next_roman)
        if found is None and top is not None:
            if (
                joinable_title
                and not top.text
                and len(top.title) < MAX_JOINED
                and (
                    (_is_upper(top.title) and _is_upper(text) and not _BULLET.match(text))
                    or _continues(text)
                )
            ):
                top.title = f"{top.title} {text}"
                top.lines.append(line)
                top.head += 1
                top.logical[0] = Line(f"{top.logical[0].text} {text}", top.logical[0].where)
                continue
            if (
                top.text
                and len(top.text[-1]) < MAX_JOINED
                and (
                    (_continues(text) and not _ENDS_SENTENCE.search(top.text[-1]))
                    or (wrapped and _wrapped_on(top.text[-1], text))
                )
            ):
                top.text[-1] = f"{top.text[-1]} {text}"
                top.lines.append(line)
                top.logical[-1] = Line(f"{top.logical[-1].text} {text}", top.logical[-1].where)
                joinable_title = False
                continue
        if found is None:
            if top is None:  # text before the first heading: a section without a number
                top = Node(None, "", -1, head=0)
                roots.append(top)
                stack.append(top)
            top.text.append(text)
            top.lines.append(line)
            top.logical.append(line)
            joinable_title = False
            continue
        scheme, rank, number, title = found
        if scheme == "roman":
            next_roman = roman_value(number) + 1
        node = Node(number, title, rank, [line], logical=[line])
        while stack and (stack[-1].rank >= rank or stack[-1].number is None):
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
        joinable_title = True
    for node in roots:
        node.role = section_role(node.title) if node.title else None
        if node.rank == 0:  # a part: its sections have the roles
            for child in node.children:
                child.role = section_role(child.title)
    return roots


def find_role(roots: list[Node], roles: list[str]) -> list[Node]:
    """The top-level sections (or the sections of a part) with one of the roles, in order."""
    wanted = {SectionRole(r) for r in roles}
    tops = [c for n in roots for c in (n.children if n.rank == 0 else [n])]
    return [n for n in tops if n.role in wanted]


def views() -> dict[str, list[str]]:
    return {k: list(v) for k, v in load("sections")["views"].items()}
