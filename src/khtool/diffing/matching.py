"""Text similarity and one-to-one matching for :mod:`khtool.diffing.differ`.

**Similarity** (0–100) compares *terms*: the syllables of the folded text that are
not stopwords (``khtool/data/diff.yaml``) and every pair of adjacent syllables (a
Vietnamese word is usually two syllables: ``tuyên truyền``, ``rác thải``). The score
is the mean of two rapidfuzz measures on the sorted term lists:

* ``Indel.normalized_similarity``, which on sorted lists of distinct terms is the
  Dice coefficient ``2·|A∩B| / (|A|+|B|)``: the share of all terms that are common;
* the overlap ``|A∩B| / min(|A|, |B|)``: how much of the shorter text the longer
  one contains, so a subject trimmed in the new plan (``… của các ngành sản xuất
  dệt may, …`` → ``… của các ngành sản xuất``) still scores high.

Word-level terms separate related from unrelated items far better than a
character-level ratio, which gives two unrelated Vietnamese sentences about the same
programme 45–55 because their syllables share letters.

**Matching** is greedy by best score: every pair at or above the threshold is sorted
by score (ties by position, so results are deterministic), the best pair is fixed
and its two items leave the pool, and so on. With the few dozen items of a plan this
is instant, and it is what a reader does by hand: pair the obvious ones first. It
is not a global optimum like the Hungarian method, but the scores rarely conflict,
and a greedy pairing is easy to explain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from typing import TypeVar

from rapidfuzz import utils
from rapidfuzz.distance import Indel

from khtool.vocab import fold, load

T = TypeVar("T")
U = TypeVar("U")


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(fold(str(w)) for w in load("diff")["stopwords"])


@lru_cache(maxsize=8192)
def terms(text: str) -> tuple[str, ...]:
    """Sorted distinct terms: non-stopword syllables and adjacent syllable pairs."""
    words = utils.default_process(fold(text)).split()
    stop = _stopwords()
    found = {w for w in words if w not in stop}
    found.update(f"{x} {y}" for x, y in pairwise(words) if x not in stop or y not in stop)
    if not found:  # only stopwords: compare them rather than nothing
        found = set(words)
    return tuple(sorted(found))


def same_words(a: str, b: str) -> bool:
    """True if two texts have the same words in the same order (case and punctuation aside)."""
    return utils.default_process(fold(a)).split() == utils.default_process(fold(b)).split()


def similarity(a: str, b: str) -> float:
    """0–100: mean of the Dice coefficient and the overlap of the two texts' terms."""
    ta, tb = terms(a), terms(b)
    if ta == tb:
        return 100.0
    if not ta or not tb:
        return 0.0
    dice = Indel.normalized_similarity(ta, tb)
    overlap = len(set(ta) & set(tb)) / min(len(ta), len(tb))
    return 50.0 * (dice + overlap)


@dataclass(frozen=True, slots=True)
class Pair:
    """Items ``a[i]`` and ``b[j]`` matched with ``score``."""

    i: int
    j: int
    score: float


def match(
    a: Sequence[T],
    b: Sequence[U],
    score: Callable[[T, U], float],
    threshold: float,
) -> list[Pair]:
    """Greedy one-to-one pairs of a and b scoring at least threshold (best first)."""
    candidates: list[Pair] = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            s = round(score(x, y), 1)
            if s >= threshold:
                candidates.append(Pair(i, j, s))
    candidates.sort(key=lambda p: (-p.score, p.i, p.j))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[Pair] = []
    for p in candidates:
        if p.i in used_a or p.j in used_b:
            continue
        used_a.add(p.i)
        used_b.add(p.j)
        pairs.append(p)
    return sorted(pairs, key=lambda p: (p.j, p.i))
