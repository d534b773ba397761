"""Is a page's text layer usable, and a second text engine (PDFium) for when it is not.

A text layer is unusable when its words are glyph codes rather than letters:

* ``(cid:NN)`` runs — pdfminer's answer for a font without a ToUnicode map;
* private-use (U+E000–U+F8FF) or replacement (U+FFFD) characters;
* words that are no Vietnamese syllables (:func:`khtool.reading.legacy.score`, the
  legacy-encoding detector): a font whose map is shifted gives ``7+ѬѪ1*`` for
  ``THƯƠNG``.

PDFium (pypdfium2, installed with pdfplumber) decodes some fonts pdfminer cannot;
its characters are grouped into words with pdfplumber's keys, so the reader can use
them in place of pdfplumber's. Measured on the one real broken-font plan at hand
(a Word file through Ghostscript), PDFium and poppler's ``pdftotext`` both read the
same shifted codes as pdfminer; that page then goes on to OCR.
"""

from __future__ import annotations

from typing import Any

import regex

from khtool.reading import legacy

CID = regex.compile(r"\(cid:\d+\)")
_BAD_CHARS = regex.compile(r"[\uE000-\uF8FF\uFFFD]")
CID_SHARE_LIMIT = 0.2  # above this share of glyph codes the text layer is unusable
BAD_CHAR_LIMIT = 0.05  # share of private-use or replacement characters
MIN_SYLLABLES = 0.5  # share of non-ASCII words that must be Vietnamese syllables
MIN_JUDGED = 8  # fewer non-ASCII words than this: too little text to judge by syllables
WORD_GAP = 0.3  # a gap wider than this share of the word's height separates two words


def unusable(words: list[dict[str, Any]]) -> str | None:
    """Why the text of ``words`` is not the page's text (a phrase), or None if it is."""
    text = " ".join(w["text"] for w in words)
    if not text.strip():
        return None
    total = len(text)
    has_codes = "(cid:" in text  # most pages: no glyph code to count or take out
    coded = sum(len(m) for m in CID.findall(text)) if has_codes else 0
    if coded / total > CID_SHARE_LIMIT:
        return f"(cid:NN) glyph codes for {coded / total:.0%} of the text"
    bad = len(_BAD_CHARS.findall(text))
    if bad / total > BAD_CHAR_LIMIT:
        return f"private-use or replacement characters for {bad / total:.0%} of the text"
    valid, judged = legacy.score(CID.sub(" ", text) if has_codes else text)
    if judged >= MIN_JUDGED and valid / judged < MIN_SYLLABLES:
        return f"only {valid / judged:.0%} of its words are Vietnamese syllables"
    return None


def pdfium_words(page: Any) -> list[dict[str, Any]]:
    """The words of a pypdfium2 page, with pdfplumber's keys (points, top-down)."""
    textpage = page.get_textpage()
    height = float(page.get_height())
    words: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for i in range(textpage.count_chars()):
        char = textpage.get_text_range(i, 1)
        left, bottom, right, top = textpage.get_charbox(i)
        if not char.strip() or right <= left:
            current = None
            continue
        box = {"x0": left, "x1": right, "top": height - top, "bottom": height - bottom}
        if (
            current is not None
            and box["top"] < current["bottom"]  # the boxes overlap: one line
            and box["bottom"] > current["top"]
            and -0.5 * _size(current) < box["x0"] - current["x1"] < WORD_GAP * _size(current)
        ):
            current["text"] += char
            current["x1"] = max(current["x1"], box["x1"])
            current["top"] = min(current["top"], box["top"])
            current["bottom"] = max(current["bottom"], box["bottom"])
            continue
        current = {"text": char, **box}
        words.append(current)
    textpage.close()
    return words


def _size(word: dict[str, Any]) -> float:
    return max(float(word["bottom"] - word["top"]), 1.0)
