"""Post-correction of OCR'd words where the project's vocabulary says what is due.

Tesseract's commonest slips on a Vietnamese plan are tone marks (``Ghi chú`` read as
``Ghỉ chú``, ``đơn vị`` as ``đơn vi``) and roman numerals (``III`` read as ``IH``).
Both are corrected only where the vocabulary of ``khtool/data/*.yaml`` leaves one
reading:

* a run of words whose letters, without their marks, are those of a phrase of two
  or more words of the vocabulary (headings, column names, unit names and labels,
  time words), and of no other phrase, takes the phrase's marks; the case of each
  word is kept as read;
* a ``1`` glued before a marked lowercase letter is an ``l`` (``1ớp`` is ``lớp``; a
  number never runs into a Vietnamese letter, while ``1km`` stays as it is), and a
  ``©`` among capitals is a ``C`` (``KCN&©X``) or a second reading of the ``C``
  beside it (``KCN&C©X``);
* the numeral after a quarter word (``quý IH-IV``, ``Quý 11/2026``): letters that look
  like ``I`` (``l``, ``1``, ``|``) or like ``II`` (``H``) make a quarter I–IV, or are
  left alone (``quý 2`` is a quarter in digits);
* in such a phrase, a word in capitals among words that are not (``Các SỞ, ban,
  ngành``) takes the case of a title.

Single words are never changed: ``bán`` and ``bản`` differ only by a mark.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any

import regex

from khtool import vocab

PHRASE_FILES = (
    "headings",
    "sections",
    "columns",
    "units",
    "unit_heads",
    "issuers",
    "quantities",
    "targets",
    "time",
)
_EDGE = regex.compile(r"^(\P{L}*)(.*?)(\P{L}*)$")
_ROMANISH = regex.compile(r"^([IVHl1|]+)((?:[-–][IVHl1|]+)*)(.*)$")
_GLUED_ONE = regex.compile(r"(?<![\p{L}\p{N}])1(?=\p{Ll})(?=[^\x00-\x7f])")
_CIRCLED_C = regex.compile(r"(?<=\p{Lu}[&\p{Lu}]*)©|©(?=[&\p{Lu}]*\p{Lu})")
_AS_ROMAN = str.maketrans({"l": "I", "1": "I", "|": "I"})


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _core(word: str) -> tuple[str, str, str]:
    """The word's letters, and the punctuation before and after them."""
    m = _EDGE.match(word)
    assert m is not None  # the pattern matches any string
    return m.group(2), m.group(1), m.group(3)


@cache
def phrases() -> dict[tuple[str, ...], set[tuple[str, ...]]]:
    """{the phrase's words without marks: {its words as the vocabulary writes them}}."""
    out: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for name in PHRASE_FILES:
        for text in _strings(vocab.load(name)):
            words = tuple(_core(w)[0] for w in vocab.fold(text).split())
            if len(words) < 2 or not all(words):
                continue
            key = tuple(vocab.unmarked(w) for w in words)
            if key != words:  # a phrase with no mark has nothing to correct
                out.setdefault(key, set()).add(words)
    return out


@cache
def _longest() -> int:
    return max((len(k) for k in phrases()), default=0)


@cache
def _quarter_words() -> frozenset[str]:
    return frozenset(vocab.fold(w) for w in vocab.load("time")["quarter_words"])


@cache
def _quarters() -> frozenset[str]:
    return frozenset(str(q) for q in vocab.load("time")["quarters"])


def _as_cased(want: str, read: str) -> str:
    """``want`` (folded) in the case ``read`` was written in."""
    if read.isupper() and len(read) > 1:
        return want.upper()
    if read[:1].isupper():
        return want[:1].upper() + want[1:]
    return want


def _as_quarter(part: str) -> str:
    """The quarter I–IV that ``part`` looks like (``H``: two strokes, or a stroke
    with a serif), or empty. Digits alone are a quarter written in digits: ``quý 1``."""
    if part.isdigit() and not (len(part) > 1 and set(part) == {"1"}):
        return ""  # 'quý 2'; but there is no quarter 11 or 111: those are II and III
    for h in ("II", "I"):
        numeral = part.replace("H", h).translate(_AS_ROMAN)
        if numeral in _quarters():
            return numeral
    return ""


def _quarter(token: str) -> str:
    """``token`` after a quarter word, its numerals mended when that makes quarters."""
    m = _ROMANISH.match(token)
    if m is None:
        return token
    parts = [m.group(1), *regex.findall(r"[-–]([IVHl1|]+)", m.group(2))]
    mended = [_as_quarter(p) for p in parts]
    if not all(mended):
        return token
    separators = regex.findall(r"[-–]", m.group(2))
    out = mended[0] + "".join(s + p for s, p in zip(separators, mended[1:], strict=True))
    return out + m.group(3)


def _slipped(word: str) -> bool:
    """A word in capitals that is not an abbreviation: its letters carry a tone mark
    or a vowel's hook (``SỞ``), which the initials of an abbreviation (``UBND``,
    ``HĐND``) do not."""
    if len(word) < 2 or not word.isupper():
        return False
    return any(unicodedata.category(ch) == "Mn" for ch in unicodedata.normalize("NFD", word))


def _unblot(m: regex.Match[str]) -> str:
    """A ``©`` among capitals: the ``C`` it is, or a second reading of the ``C`` beside it."""
    text, at = m.string, m.start()
    return "" if "C" in (text[at - 1 : at], text[at + 1 : at + 2]) else "C"


@cache
def _lower_case_words() -> frozenset[str]:
    return frozenset(vocab.fold(w) for w in vocab.load("ocr")["lower_case_words"])


@cache
def _never_open() -> frozenset[str]:
    return frozenset(vocab.fold(w) for w in vocab.load("ocr")["never_open"])


def _same_line(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Word ``b`` follows ``a`` on the same line (words without boxes: assumed so)."""
    if "top" not in a or "top" not in b:
        return True
    height = max(a.get("bottom", a["top"]) - a["top"], 1.0)
    return abs(b["top"] - a["top"]) < height / 2 and b.get("x0", 0) >= a.get("x0", 0)


def _case_slips(words: list[dict[str, Any]]) -> None:
    """A function word capitalised after a lower-case word (``sản xuất Và tiêu``), or a
    word in capitals with a tone mark between words that are not (``Các SỞ, ban``): a
    slip of case, put back as the sentence writes it."""
    texts = [w["text"] for w in words]
    for i in range(1, len(words)):
        before, text = texts[i - 1], texts[i]
        if not before or not before[-1].islower():
            continue  # after a sentence end, a number or a capital: as read
        core, head, tail = _core(text)
        # a line may open a paragraph whatever the line above ends with
        words_here = _lower_case_words() if _same_line(words[i - 1], words[i]) else _never_open()
        after = texts[i + 1] if i + 1 < len(texts) else ""
        if core[:1].isupper() and core[1:].islower() and vocab.fold(core) in words_here:
            words[i]["text"] = head + core.lower() + tail
        elif not _same_line(words[i - 1], words[i]):
            continue
        elif _slipped(core) and not after.isupper():
            words[i]["text"] = head + core.capitalize() + tail


def correct(words: list[dict[str, Any]]) -> None:
    """Correct the ``text`` of OCR'd ``words`` (in reading order) in place."""
    for word in words:
        word["text"] = _CIRCLED_C.sub(_unblot, _GLUED_ONE.sub("l", word["text"]))
    _case_slips(words)
    cores = [_core(w["text"]) for w in words]
    keys = [vocab.unmarked(c[0]) for c in cores]
    table = phrases()
    i = 0
    while i < len(words):
        if i and vocab.fold(_core(words[i - 1]["text"])[0]) in _quarter_words():
            words[i]["text"] = _quarter(words[i]["text"])
        for size in range(min(_longest(), len(words) - i), 1, -1):
            found = table.get(tuple(keys[i : i + size]))
            if not found or len(found) != 1:
                continue
            (want,) = found
            read = cores[i : i + size]
            # a word in capitals among words that are not ('Các SỞ, ban, ngành') is a
            # slip of case: it takes the case of a title
            capitals = all(c[0].isupper() for c in read)
            cased = [c[0] if capitals or not _slipped(c[0]) else c[0].capitalize() for c in read]
            if tuple(vocab.fold(c[0]) for c in read) != want or any(
                c != r[0] for c, r in zip(cased, read, strict=True)
            ):
                for j, (_read, before, after) in enumerate(read):
                    words[i + j]["text"] = before + _as_cased(want[j], cased[j]) + after
            i += size - 1
            break
        i += 1
