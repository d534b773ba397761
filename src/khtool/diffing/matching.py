"""Text similarity and optimal one-to-one matching for :mod:`khtool.diffing.differ`.

**Similarity** (0–100) compares *terms*: the syllables of the folded text that are
not stopwords (``khtool/data/diff.yaml``) and every pair of adjacent syllables (a
Vietnamese word is usually two syllables: ``tuyên truyền``, ``rác thải``). The score
is the mean of two measures on the two sets of terms A and B:

* the Dice coefficient ``2·|A∩B| / (|A|+|B|)`` (rapidfuzz's
  ``Indel.normalized_similarity`` on the sorted term lists): the share of all terms
  that are common;
* the overlap ``|A∩B| / min(|A|, |B|)``: how much of the shorter text the longer
  one contains, so a subject trimmed in the new plan (``… của các ngành sản xuất
  dệt may, …`` → ``… của các ngành sản xuất``) still scores high.

Word-level terms separate related from unrelated items far better than a
character-level ratio, which gives two unrelated Vietnamese sentences about the same
programme 45–55 because their syllables share letters.

**Many items at once** (:func:`match_texts`, used for the tasks of two appendices):
the score depends only on ``|A|``, ``|B|`` and ``|A∩B|``, so every ``|A∩B|`` comes
from one sparse product of the two term-incidence matrices (an inverted index: only
pairs that share a term are visited, in C), and the scores are computed on those
pairs with numpy, by the same floating-point operations as :func:`similarity`, so
they are the same numbers. A pair sharing no term scores 0 and is never a
candidate. Comparing every pair with rapidfuzz (``process.cdist``) would also visit
the pairs that share nothing, one term list at a time.

Up to ``_SMALL`` pairs (two plans of a few dozen tasks) the pairs are scored one by
one in Python, which needs neither numpy nor SciPy: the same scores, and a faster
start for the usual diff.

**Matching** is an optimal assignment (:mod:`khtool.diffing.assignment`): among the
pairs scoring at least the threshold, the one-to-one pairing with the largest total
score. With a ``margin``, items left alone are then paired when they score within
``margin`` below the threshold and are each other's single best remaining candidate
(:func:`~khtool.diffing.assignment.mutual_best`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from itertools import pairwise
from typing import Any, TypeVar

from rapidfuzz import utils
from rapidfuzz.distance import Indel

from khtool.diffing.assignment import Pair, assign, assign_arrays, mutual_best
from khtool.vocab import fold, load

T = TypeVar("T")
U = TypeVar("U")

# a term set with no term at all gets this one (no real term is empty), so two empty
# texts score 100 and an empty text scores 0 against any other, as in similarity()
_EMPTY = ""
_BLOCK = 1_000_000  # pairs scored per block of rows (bounds the memory used)
_FIELD = 1 << 20  # packs the common-term counts of several fields in one integer
_SMALL = 2_500  # up to this many pairs, match_texts scores them one by one in Python


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


# --- scoring many pairs at once ----------------------------------------------------
def _incidence(
    fields: Sequence[Sequence[str]], vocabulary: dict[tuple[int, str], int], weight: int
) -> tuple[Any, list[Any]]:
    """The items' terms as one sparse incidence matrix (items × (field, term)), each
    entry ``weight ** field``, and the number of terms of every item in each field."""
    import numpy as np
    from scipy.sparse import csr_matrix

    count = len(fields[0])
    indptr: list[int] = [0]
    indices: list[int] = []
    values: list[int] = []
    sizes = [np.zeros(count, dtype=np.int64) for _ in fields]
    for i in range(count):
        for k, texts in enumerate(fields):
            found = terms(texts[i]) or (_EMPTY,)
            indices.extend(vocabulary.setdefault((k, t), len(vocabulary)) for t in found)
            values.extend([weight**k] * len(found))
            sizes[k][i] = len(found)
        indptr.append(len(indices))
    matrix = csr_matrix(
        (np.array(values, dtype=np.int64), np.array(indices, dtype=np.int64), indptr),
        shape=(count, max(len(vocabulary), 1)),
    )
    return matrix, sizes


def pair_scores(
    a: Sequence[Sequence[str]],
    b: Sequence[Sequence[str]],
    weights: Sequence[float],
    floor: float = 0.0,
) -> tuple[Any, Any, Any]:
    """(rows, cols, scores): ``Σ weights[k] · similarity(a[k][i], b[k][j]) / Σ weights``
    for every pair (i, j) that shares a term and scores more than ``floor``.

    ``a[k][i]`` is text k of item i (e.g. k = 0 the names, k = 1 the whole texts).
    One sparse product gives every field's ``|A∩B|`` at once: side a's entries are
    1, side b's are ``2**20`` to the power of the field, so the product packs field
    k's count in bits 20·k to 20·k + 19. The scores are the same floating-point
    operations as :func:`similarity`, so the same numbers.
    """
    import numpy as np

    if len(a) * 20 > 62:
        raise ValueError("at most 3 text fields per item")
    vocabulary: dict[tuple[int, str], int] = {}
    ma, sizes_a = _incidence(a, vocabulary, 1)
    mb, sizes_b = _incidence(b, vocabulary, _FIELD)
    ma.resize(ma.shape[0], len(vocabulary))
    mb.resize(mb.shape[0], len(vocabulary))
    mb_t = mb.T.tocsr()
    total_weight = sum(weights) or 1.0
    out: list[tuple[Any, Any, Any]] = []
    step = max(1, _BLOCK // max(1, mb.shape[0]))
    for start in range(0, ma.shape[0], step):
        block = ma[start : start + step] @ mb_t
        rows = start + np.repeat(np.arange(block.shape[0]), np.diff(block.indptr))
        cols, packed = block.indices.astype(np.int64), block.data
        total: Any = None
        for k, w in enumerate(weights):
            both = (packed >> (20 * k)) & (_FIELD - 1)
            la, lb = sizes_a[k][rows], sizes_b[k][cols]
            # as similarity(): Indel's normalized similarity is 1 - (|A|+|B|-2·|A∩B|)/(|A|+|B|)
            score = 50.0 * ((1.0 - (la + lb - 2 * both) / (la + lb)) + both / np.minimum(la, lb))
            total = w * score if total is None else total + w * score
        total = total / total_weight
        keep = total > floor
        out.append((rows[keep], cols[keep], total[keep]))
    if not out:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    return tuple(np.concatenate(parts) for parts in zip(*out, strict=True))  # type: ignore[return-value]


def match_texts(
    a: Sequence[Sequence[str]],
    b: Sequence[Sequence[str]],
    weights: Sequence[float],
    threshold: float,
    margin: float = 0.0,
) -> list[Pair]:
    """Optimal one-to-one pairs by the weighted mean of several text similarities
    (see :func:`pair_scores`), scoring at least threshold once rounded to 0.1; then,
    with a margin, mutually best pairs of the items left alone scoring at least
    ``threshold - margin``."""
    na, nb = len(a[0]), len(b[0])
    if not na or not nb:
        return []
    floor = threshold - max(margin, 0.0)
    if na * nb <= _SMALL:  # a plan or two of usual size: no numpy or SciPy to load
        total_weight = sum(weights) or 1.0

        def score(i: int, j: int) -> float:
            total = 0.0
            for k, w in enumerate(weights):
                part = w * similarity(a[k][i], b[k][j])
                total = part if k == 0 else total + part
            return total / total_weight

        edges = _edges(range(na), range(nb), score, floor)
        paired = assign([e for e in edges if e[2] >= threshold], na, nb)
    else:
        # a score rounds up to the floor from at most 0.05 below it
        rows, cols, scores = pair_scores(a, b, weights, floor=floor - 0.06)
        scores = _round1(scores)
        keep = scores >= floor
        rows, cols, scores = rows[keep], cols[keep], scores[keep]
        strong = scores >= threshold
        paired = assign_arrays(rows[strong], cols[strong], scores[strong], na, nb)
        weak = ~strong
        edges = list(
            zip(rows[weak].tolist(), cols[weak].tolist(), scores[weak].tolist(), strict=True)
        )
    if floor >= threshold:
        return paired
    extra = mutual_best([e for e in edges if e[2] < threshold], paired)
    return sorted([*paired, *extra], key=lambda p: (p.j, p.i))


def _round1(values: Any) -> Any:
    """``round(x, 1)`` of every value, exactly as Python rounds: numpy's round is the
    same except right at a half, where Python's is used."""
    import numpy as np

    out = np.round(values, 1)
    tenths = values * 10.0
    near_half = np.abs(tenths - np.floor(tenths) - 0.5) < 1e-6
    if near_half.any():
        out[near_half] = [round(x, 1) for x in values[near_half].tolist()]
    return out


# --- one-to-one pairing ----------------------------------------------------------------
def match(
    a: Sequence[T],
    b: Sequence[U],
    score: Callable[[T, U], float],
    threshold: float,
) -> list[Pair]:
    """Optimal one-to-one pairs of a and b scoring at least threshold, for short lists
    (every pair is scored in Python; see :func:`match_texts` for long ones)."""
    return assign(_edges(a, b, score, threshold), len(a), len(b))


def _edges(
    a: Sequence[T], b: Sequence[U], score: Callable[[T, U], float], floor: float
) -> list[tuple[int, int, float]]:
    """Every pair (i, j, score rounded to 0.1) scoring at least floor."""
    edges = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            s = round(score(x, y), 1)
            if s >= floor:
                edges.append((i, j, s))
    return edges
