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
from the two term-incidence matrices (:func:`pair_scores`): a sparse product (an
inverted index: only pairs that share a term are visited, in C) for most terms,
and 64-bit words with one bit per term, ANDed and counted pair by pair, for the
few terms that most pairs share (``tổ chức``, ``doanh nghiệp`` in a long plan),
which would otherwise make the product's work grow as n² times their number. The
scores are computed with numpy by the same floating-point operations as
:func:`similarity`, so they are the same numbers. A pair sharing no term scores 0
and is never a candidate. Comparing every pair with rapidfuzz (``process.cdist``)
would also visit the pairs that share nothing, one term list at a time.

Up to ``_SMALL`` pairs (two plans of a few dozen tasks) the pairs are scored one by
one in Python, which needs neither numpy nor SciPy: the same scores, and a faster
start for the usual diff.

**Matching** is an optimal assignment (:mod:`khtool.diffing.assignment`): among the
pairs scoring at least the threshold, the one-to-one pairing with the largest total
score. With a ``margin``, items left alone are then paired when they score within
``margin`` below the threshold and are each other's single best remaining candidate
(:func:`~khtool.diffing.assignment.mutual_best`; on arrays,
:func:`~khtool.diffing.assignment.mutual_best_arrays`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from functools import cache, lru_cache, reduce
from itertools import chain, pairwise
from typing import Any, TypeVar

from rapidfuzz import utils
from rapidfuzz.distance import Indel

from khtool.diffing.assignment import (
    Pair,
    assign,
    assign_arrays,
    mutual_best,
    mutual_best_arrays,
)
from khtool.vocab import fold, load

T = TypeVar("T")
U = TypeVar("U")

# a term set with no term at all gets this one (no real term is empty), so two empty
# texts score 100 and an empty text scores 0 against any other, as in similarity()
_EMPTY = ""
_BLOCK = 1 << 16  # pairs scored per block of rows (bounds the memory, fits a cache)
_WORDS = 8  # at most 64 · _WORDS frequent terms per field are counted as bits
_TERM_SHARE = 1024  # a term shared by 1/_TERM_SHARE of the pairs may be a bit
_WORD_SHARE = 16  # a word of bits takes ≥ pairs/_WORD_SHARE multiply-adds off the product
_SLACK = 0.01  # a float32 estimate of a score is within 1e-4 of it: far within this
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
    # one string object per distinct term, however many texts have it: the cached
    # term lists of a long plan take a tenth of the memory, and are faster to look up
    return tuple(sorted(map(sys.intern, found)))


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
    a: Sequence[Sequence[str]], b: Sequence[Sequence[str]]
) -> tuple[Any, Any, Any, list[Any], list[Any]]:
    """Both sides' terms as sparse 0/1 incidence matrices (items × (field, term), int8),
    the field of every column, and the number of terms of every item in each field."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack

    parts: tuple[list[Any], list[Any]] = ([], [])
    sizes: tuple[list[Any], list[Any]] = ([], [])
    field = []
    for k, both_sides in enumerate(zip(a, b, strict=True)):
        found = [[terms(text) or (_EMPTY,) for text in texts] for texts in both_sides]
        index = dict.fromkeys(chain.from_iterable(found[0]))
        index.update(dict.fromkeys(chain.from_iterable(found[1])))
        column = {term: c for c, term in enumerate(index)}
        for side, lists in enumerate(found):
            size = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
            cols = np.fromiter(
                map(column.__getitem__, chain.from_iterable(lists)),
                dtype=np.int32,
                count=int(size.sum()),
            )
            indptr = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(size)])
            ones = np.ones(len(cols), dtype=np.int8)
            parts[side].append(csr_matrix((ones, cols, indptr), shape=(len(lists), len(column))))
            sizes[side].append(size)
        field.append(np.full(len(column), k, dtype=np.int64))
    ma, mb = (hstack(p, format="csr", dtype=np.int8) for p in parts)
    return ma, mb, np.concatenate(field), sizes[0], sizes[1]


def _frequent(df_a: Any, df_b: Any, field: Any, k: int, pairs: int) -> Any:
    """The columns of field k counted with bit sets rather than by the sparse product.

    A term costs the product one multiply-add per pair sharing it (``df_a · df_b``)
    and makes it write those pairs out; as one bit of a 64-bit word, it costs every
    pair a 64th of an AND, a popcount and an add. So the terms shared by at least
    ``pairs / _TERM_SHARE`` pairs, most shared first, 64 to a word, are bits, as many
    words (at most ``_WORDS``) as each takes ``pairs / _WORD_SHARE`` multiply-adds off
    the product.
    """
    import numpy as np

    cost = df_a.astype(np.float64) * df_b  # multiply-adds of the column in the product
    cols = np.flatnonzero((field == k) & (cost * _TERM_SHARE >= pairs))
    cols = cols[np.argsort(-cost[cols], kind="stable")][: 64 * _WORDS]
    words = 0
    while (
        words * 64 < len(cols)
        and cost[cols[words * 64 : words * 64 + 64]].sum() * _WORD_SHARE >= pairs
    ):
        words += 1
    return cols[: words * 64]


def _bitsets(matrix: Any, cols: Any) -> Any:
    """(items × words) uint64: bit p of an item is set if it has term ``cols[p]``."""
    import numpy as np

    position = np.full(matrix.shape[1], -1, dtype=np.int64)
    position[cols] = np.arange(len(cols))
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    p = position[matrix.indices]
    rows, p = rows[p >= 0], p[p >= 0]
    out = np.zeros((matrix.shape[0], (len(cols) + 63) // 64), dtype=np.uint64)
    np.bitwise_or.at(out, (rows, p >> 6), np.left_shift(np.uint64(1), (p & 63).astype(np.uint64)))
    return out


def _score(la: Any, lb: Any, both: Any) -> Any:
    """similarity() from the term counts, on numpy arrays (broadcast as they come):
    the same floating-point operations as similarity(), so the same numbers."""
    import numpy as np

    size = la + lb
    # Indel's normalized similarity is 1 - (|A|+|B|-2·|A∩B|)/(|A|+|B|)
    score = (size - 2 * both) / size
    np.subtract(1.0, score, out=score)
    score += both / np.minimum(la, lb)
    score *= 50.0
    return score


def _weighted(la: list[Any], lb: list[Any], both: list[Any], weights: Sequence[float]) -> Any:
    """``Σ weights[k] · score of field k / Σ weights``, as arrays."""
    total: Any = None
    for k, w in enumerate(weights):
        score = _score(la[k], lb[k], both[k])
        score *= w
        if total is None:
            total = score
        else:
            total += score
    total /= sum(weights) or 1.0
    return total


def _estimate(la: list[Any], lb: list[Any], both: list[Any], weights: Sequence[float]) -> Any:
    """:func:`_weighted` in float32, as ``Σ w·(100/(|A|+|B|) + 50/min(|A|,|B|))·|A∩B| / Σ w``
    (the same score, rearranged): within 1e-4 of the exact scores, in half the memory
    and fewer operations, to pick the pairs worth scoring exactly."""
    import numpy as np

    scale = 1.0 / (sum(weights) or 1.0)
    total: Any = None
    for k, w in enumerate(weights):
        score = la[k] + lb[k]
        np.divide(np.float32(100.0 * w * scale), score, out=score)
        least = np.minimum(la[k], lb[k])
        np.divide(np.float32(50.0 * w * scale), least, out=least)
        score += least
        np.multiply(score, both[k], out=score, dtype=np.float32, casting="unsafe")
        if total is None:
            total = score
        else:
            total += score
    return total


def _block_counts(
    packed: Any, bits_a: list[Any], bits_b: list[Any], start: int, stop: int, types: list[Any]
) -> list[Any]:
    """``|A∩B|`` of every field for rows start:stop × all columns, of type types[k]:
    the counts the product packed, plus the popcounts of the frequent terms' bits."""
    import numpy as np

    words = np.empty(packed.shape, dtype=np.uint64)  # one word of every pair
    ones = np.empty(packed.shape, dtype=np.uint8)  # its popcount
    both = []
    for k, (words_a, words_b) in enumerate(zip(bits_a, bits_b, strict=True)):
        count = ((packed >> (20 * k)) & (_FIELD - 1)).astype(types[k])
        for w in range(len(words_b)):
            np.bitwise_and(words_a[start:stop, w, None], words_b[w], out=words)
            count += np.bitwise_count(words, out=ones)
        both.append(count)
    return both


def pair_scores(
    a: Sequence[Sequence[str]],
    b: Sequence[Sequence[str]],
    weights: Sequence[float],
    floor: float = 0.0,
) -> tuple[Any, Any, Any]:
    """(rows, cols, scores): ``Σ weights[k] · similarity(a[k][i], b[k][j]) / Σ weights``
    for every pair (i, j) that shares a term and scores more than ``floor``.

    ``a[k][i]`` is text k of item i (e.g. k = 0 the names, k = 1 the whole texts).
    ``|A∩B|`` of every field is the sum of two counts:

    * the terms shared by a large share of the pairs (``tổ chức``, ``doanh nghiệp``
      in a long plan) are bits of a few 64-bit words per item, and a pair counts
      them as the popcount of the AND of its two words;
    * the other terms go through one sparse product of the two incidence matrices
      (an inverted index: only pairs that share such a term are visited, in C).
      Side a's entries are 1, side b's ``2**20`` to the power of the field, so the
      product packs field k's count in bits 20·k to 20·k + 19.

    In the product a term costs one multiply-add per pair sharing it, and in a long
    plan the common terms are shared by most pairs: its work would grow as n² times
    the number of common terms; as bits, 64 of them cost a few word operations per
    pair. With bit sets, the pairs of a block of rows are counted as whole (rows × nb)
    arrays; when most of them share a term, a float32 estimate of every score
    (:func:`_estimate`) picks those within ``_SLACK`` of the floor or above, and only
    those are scored exactly. Without bit sets (few or short items), the pairs the
    product visits are scored. Either way the scores are the same floating-point
    operations as :func:`similarity` (:func:`_score`), so the same numbers.
    """
    import numpy as np

    fields = len(a)
    if fields * 20 > 62:
        raise ValueError("at most 3 text fields per item")
    empty = np.zeros(0, dtype=np.int64)
    if not len(a[0]) or not len(b[0]):
        return empty, empty, np.zeros(0)
    ma, mb, field, sizes_a, sizes_b = _incidence(a, b)
    (na, width), nb = ma.shape, mb.shape[0]
    df_a = np.bincount(ma.indices, minlength=width)
    df_b = np.bincount(mb.indices, minlength=width)
    frequent = [_frequent(df_a, df_b, field, k, na * nb) for k in range(fields)]
    bits_a = [_bitsets(ma, cols) for cols in frequent]  # items × words
    bits_b = [np.ascontiguousarray(_bitsets(mb, cols).T) for cols in frequent]  # words × items
    rare = np.ones(width, dtype=bool)
    for cols in frequent:
        rare[cols] = False
    ma, mb = ma[:, rare], mb[:, rare]
    ma.data = np.ones(len(ma.data), dtype=np.int64)
    mb.data = _FIELD ** field[rare][mb.indices]
    mb_t = mb.T.tocsr()
    whole = any(len(words) for words in bits_b)
    # a pair's count is at most the smaller size: 16 bits hold it (and twice it, as
    # _score computes) for any real text
    types = [
        np.uint16 if min(int(x.max()), int(y.max())) < 1 << 15 else np.int64
        for x, y in zip(sizes_a, sizes_b, strict=True)
    ]
    float_a = [s.astype(np.float32) for s in sizes_a]
    float_b = [s.astype(np.float32) for s in sizes_b]
    out: list[tuple[Any, Any, Any]] = []
    step = max(1, _BLOCK // max(1, nb))
    for start in range(0, na, step):
        stop = min(start + step, na)
        block = ma[start:stop] @ mb_t
        if not whole:  # the pairs the product visits
            rows = start + np.repeat(np.arange(stop - start), np.diff(block.indptr))
            cols, packed = block.indices.astype(np.int64), block.data
            both = [(packed >> (20 * k)) & (_FIELD - 1) for k in range(fields)]
        else:  # every pair of the block
            both = _block_counts(block.toarray(), bits_a, bits_b, start, stop, types)
            candidates = reduce(np.bitwise_or, both) > 0  # the pairs sharing a term
            if np.count_nonzero(candidates) * 4 >= candidates.size:  # most of them
                la = [s[start:stop, None] for s in float_a]
                rough = _estimate(la, [s[None, :] for s in float_b], both, weights)
                candidates &= rough > floor - _SLACK
            rows, cols = np.nonzero(candidates)
            both = [count[rows, cols] for count in both]
            rows += start
        total = _weighted([s[rows] for s in sizes_a], [s[cols] for s in sizes_b], both, weights)
        keep = total > floor
        out.append((rows[keep], cols[keep], total[keep]))
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
        if floor >= threshold:
            return paired
        extra = mutual_best([e for e in edges if e[2] < threshold], paired)
    else:
        # a score rounds up to the floor from at most 0.05 below it
        rows, cols, scores = pair_scores(a, b, weights, floor=floor - 0.06)
        scores = _round1(scores)
        keep = scores >= floor
        rows, cols, scores = rows[keep], cols[keep], scores[keep]
        strong = scores >= threshold
        paired = assign_arrays(rows[strong], cols[strong], scores[strong], na, nb)
        if floor >= threshold:
            return paired
        weak = ~strong
        extra = mutual_best_arrays(rows[weak], cols[weak], scores[weak], paired, na, nb)
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
