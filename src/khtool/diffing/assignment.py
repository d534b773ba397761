"""One-to-one pairing of scored candidates: the assignment with the largest total score.

Greedy pairing (best pair first) can take an item that a second item needed when the
first had an almost as good alternative: with a0–b0 90, a0–b1 85 and a1–b0 80, greedy
pairs a0–b0 and leaves a1 alone (90); the optimum pairs a0–b1 and a1–b0 (165).

Equal totals are settled by preferring pairs at similar relative positions in their
lists (``|i/len(a) − j/len(b)|``, far too small to outweigh a better total), so the
result is deterministic and the same both ways (A→B mirrors B→A).

The candidate graph splits into connected components; a component of one pair is
taken as it is, a small one (a plan of usual size) is solved exactly by enumerating
its pairings, in Python. Larger ones go to SciPy's sparse minimum-cost full matching
(LAPJVsp, :func:`_optimal`), so small diffs never load numpy or SciPy. The hundreds
of thousands of candidates of two long plans stay numpy arrays throughout
(:func:`assign_arrays`, :func:`mutual_best_arrays`): no Python object per candidate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

_ENUMERATED = 12  # candidate pairs in a component solved by enumeration (≤ 2**12 subsets)
_TIE = 0.05  # total of the position tie-breaks: under half the 0.1 step of the scores

Edge = tuple[int, int, float]


@dataclass(frozen=True, slots=True)
class Pair:
    """Items ``a[i]`` and ``b[j]`` matched with ``score``."""

    i: int
    j: int
    score: float


def _sorted(edges: Any) -> list[Pair]:
    return sorted((Pair(i, j, s) for i, j, s in edges), key=lambda p: (p.j, p.i))


def _tie(i: Any, j: Any, na: int, nb: int) -> Any:
    """Position tie-break of a pair (the same arithmetic for floats and numpy arrays)."""
    return _TIE / (min(na, nb) + 1) * abs(i / na - j / nb)


def _components(edges: Sequence[Edge]) -> list[list[Edge]]:
    """Candidate pairs grouped by connected component (union-find on the items)."""
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def root(node: tuple[int, int]) -> tuple[int, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for i, j, _ in edges:
        ra, rb = root((0, i)), root((1, j))
        if ra != rb:
            parent[ra] = rb
    groups: dict[tuple[int, int], list[Edge]] = {}
    for edge in edges:
        groups.setdefault(root((0, edge[0])), []).append(edge)
    return list(groups.values())


def _enumerate(edges: Sequence[Edge], na: int, nb: int) -> list[Edge]:
    """The best pairing of a small component, by trying every pairing."""
    gain = [s - _tie(i, j, na, nb) for i, j, s in edges]
    best: tuple[float, list[int]] = (0.0, [])

    def search(
        k: int, used_a: frozenset[int], used_b: frozenset[int], total: float, chosen: list[int]
    ) -> None:
        nonlocal best
        if k == len(edges):
            if total > best[0]:
                best = (total, list(chosen))
            return
        i, j, _ = edges[k]
        if i not in used_a and j not in used_b:
            chosen.append(k)
            search(k + 1, used_a | {i}, used_b | {j}, total + gain[k], chosen)
            chosen.pop()
        search(k + 1, used_a, used_b, total, chosen)

    search(0, frozenset(), frozenset(), 0.0, [])
    return [edges[k] for k in best[1]]


def assign(edges: Sequence[Edge], na: int, nb: int) -> list[Pair]:
    """The candidate pairs (i, j, score) of the one-to-one pairing with the largest
    total score, sorted by j."""
    chosen: list[Edge] = []
    large: list[Edge] = []
    for component in _components(edges):
        if len(component) == 1:
            chosen += component
        elif len(component) <= _ENUMERATED:
            chosen += _enumerate(component, na, nb)
        else:
            large += component
    if large:
        import numpy as np

        i, j, s = (np.array([e[k] for e in large]) for k in range(3))
        picked = _optimal(i, j, s, na, nb)
        chosen += zip(i[picked].tolist(), j[picked].tolist(), s[picked].tolist(), strict=True)
    return _sorted(chosen)


def mutual_best(edges: Sequence[Edge], paired: Sequence[Pair]) -> list[Pair]:
    """Pairs of items that no pair in ``paired`` uses, each the other's single best
    candidate among those items (a strict maximum of its row and of its column).

    Run on candidates just below the threshold, it pairs a reworded item whose only
    plausible successor is equally alone, without letting a weak pair displace a
    stronger one: every pair it adds is the best either item can still have.
    """
    used_a = {p.i for p in paired}
    used_b = {p.j for p in paired}
    free = [(i, j, s) for i, j, s in edges if i not in used_a and j not in used_b]
    best_a: dict[int, list[float]] = {}
    best_b: dict[int, list[float]] = {}
    for i, j, s in free:
        for best, key in ((best_a, i), (best_b, j)):
            top = best.setdefault(key, [-1.0, -1.0])  # the best and second best score
            if s > top[0]:
                top[:] = [s, top[0]]
            elif s > top[1]:
                top[1] = s
    out = [
        Pair(i, j, s)
        for i, j, s in free
        if best_a[i][0] == s > best_a[i][1] and best_b[j][0] == s > best_b[j][1]
    ]
    return _sorted((p.i, p.j, p.score) for p in out)


def mutual_best_arrays(
    i: Any, j: Any, s: Any, paired: Sequence[Pair], na: int, nb: int
) -> list[Pair]:
    """:func:`mutual_best` for candidates given as numpy arrays (many of them): the
    same pairs, by a strict maximum of every row and column found in whole arrays."""
    import numpy as np

    used_a, used_b = np.zeros(na, dtype=bool), np.zeros(nb, dtype=bool)
    used_a[[p.i for p in paired]] = True
    used_b[[p.j for p in paired]] = True
    free = ~used_a[i] & ~used_b[j]
    i, j, s = i[free], j[free], s[free]
    keep = _strict_maximum(i, s, na) & _strict_maximum(j, s, nb)
    return _sorted(zip(i[keep].tolist(), j[keep].tolist(), s[keep].tolist(), strict=True))


def _strict_maximum(keys: Any, s: Any, n: int) -> Any:
    """True where s is the greatest value of its key, and no other value of the key equals it."""
    import numpy as np

    best = np.full(n, -np.inf)
    np.maximum.at(best, keys, s)
    top = s == best[keys]
    return top & (np.bincount(keys[top], minlength=n)[keys] == 1)


def assign_arrays(i: Any, j: Any, s: Any, na: int, nb: int) -> list[Pair]:
    """:func:`assign` for candidates given as numpy arrays (many of them)."""
    import numpy as np

    if np.bincount(i).max(initial=0) <= 1 and np.bincount(j).max(initial=0) <= 1:
        picked = np.arange(len(i))  # no item in two candidate pairs: nothing to choose
    else:
        picked = _optimal(i, j, s, na, nb)
    return _sorted(zip(i[picked].tolist(), j[picked].tolist(), s[picked].tolist(), strict=True))


def _optimal(i: Any, j: Any, s: Any, na: int, nb: int) -> Any:
    """Indices of the chosen candidates: a maximum-weight matching, found as a
    minimum-cost *full* matching of an augmented graph.

    Rows are the a items then one "b_j unpaired" node per b item; columns are the b
    items then one "a_i unpaired" node per a item. Edges: a_i–b_j (cost K − score),
    a_i–"a_i unpaired" and "b_j unpaired"–b_j (cost C), and "b_j unpaired"–"a_i
    unpaired" for each candidate (cost D), so a full matching always exists. With k
    pairs chosen its cost is ``const + k·(K + D − 2C) − Σ scores``; K + D = 2C makes
    it ``const − Σ scores``. All costs are positive (SciPy drops zero weights).
    """
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    big_k, unpaired, dummies = 200.0, 100.5, 1.0
    a_idx, b_idx = np.arange(na), np.arange(nb)
    rows = np.concatenate([i, a_idx, na + b_idx, na + j])
    cols = np.concatenate([j, nb + a_idx, b_idx, nb + i])
    costs = np.concatenate(
        [
            big_k - s + _tie(i, j, na, nb),
            np.full(na, unpaired),
            np.full(nb, unpaired),
            np.full(len(s), dummies),
        ]
    )
    graph = csr_matrix((costs, (rows, cols)), shape=(na + nb, nb + na))
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    real = (row_ind < na) & (col_ind < nb)
    keys = i.astype(np.int64) * nb + j
    order = np.argsort(keys, kind="stable")
    found = row_ind[real].astype(np.int64) * nb + col_ind[real]
    return order[np.searchsorted(keys[order], found)]
