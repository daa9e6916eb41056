"""How sure is the ranking: weight sampling, the nearest shortlist change, a tornado.

The weights are a judgement, so the ranking is read again under many
plausible weights. Three answers, each a pure function of plain arrays:

* :func:`sample_outcomes`: weight vectors drawn from a Dirichlet distribution
  centred on the configured normalised weights (``alpha = concentration * w``;
  a zero weight stays zero), every factor ranked in every sample with the
  ranking's own tie rule (scores within ``_TIE`` tie, chained, ties in file
  order), giving each factor's chance of being shortlisted, the chance of each
  rank and its 5th-95th percentile ranks. With a scoring panel each sample
  also draws the raters with replacement and takes their aggregate.
* :func:`smallest_change`: the nearest normalised weights (largest change of
  any one weight, L-infinity) at which the shortlist changes, solved exactly:
  for a factor ``j`` outside and ``i`` inside the shortlist, ``max d.v`` over
  the weights within ``t`` of ``w`` (``d = scores_j - scores_i``) is a
  fractional knapsack, piecewise linear in ``t`` with breakpoints among
  ``sum(w_S) / q`` (``S`` a set of criteria, ``q`` 1..8); the smallest ``t``
  with ``max d.v >= 0`` (within the ranking's tie tolerance) is read off the
  segment where it crosses zero. Who enters and who leaves is read from the
  ranking (its tie rule) just beyond those weights.
* :func:`thresholds`: for each criterion alone (its weight moved, the others
  rescaled in proportion), the nearest weights below and above the current
  one at which the shortlist changes, read off where two factors' composites
  (linear along that path) cross.
* :func:`tornado`: every factor's composite when one weight moves by
  ``-step`` and ``+step`` and the others are rescaled to sum 1.

:func:`analyse` applies them to a canvas and returns an immutable
:class:`Robustness`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

import numpy as np
import numpy.typing as npt

from positioning.core.model import CRITERIA, Aggregate, Canvas, RobustnessSettings, frozen
from positioning.core.scoring import _TIE, Ranking

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

#: The shortlist is called stable when it is the same in at least this share of the samples.
STABLE_SHARE = 0.9
#: Percentiles of the rank range.
RANK_RANGE = (0.05, 0.95)
#: Most sample x factor cells one analysis ranks; more samples than fit are not taken (see affordable_samples).
MAX_CELLS = 10_000_000
#: Most rater scores one analysis aggregates over its samples (samples x raters x factors x 4, medians x8).
MAX_PANEL_WORK = 400_000_000
MIN_SAMPLES = 100
# A median costs about this many times a mean per value.
_MEDIAN_COST = 8
# Cells ranked at once (bounds the working memory).
_CHUNK_CELLS = 1_000_000
# Pairs of factors solved at once by smallest_change (bounds the working memory).
_PAIR_CHUNK = 4096
# Contenders compared with each other at once by _front (bounds the working memory).
_FRONT_BLOCK = 256
# Rater scores a median chunk holds at once.
_MEDIAN_CELLS = 4_000_000


@dataclass(frozen=True)
class FactorOdds:
    name: str
    shortlist_probability: float
    #: Probability of rank 1, 2, ... n (competition ranks: tied factors share the better rank).
    rank_probability: tuple[float, ...]
    #: The 5th and 95th percentile ranks.
    rank_range: tuple[int, int]

    def __post_init__(self) -> None:
        object.__setattr__(self, "rank_probability", tuple(self.rank_probability))


@dataclass(frozen=True)
class WeightChange:
    """The nearest weights at which the shortlist changes: ``enters`` takes ``leaves``' place."""

    distance: float
    weights: Mapping[str, float]
    enters: str
    leaves: str
    #: The configured normalised weights it moves from.
    before: Mapping[str, float]
    #: The ranking at :attr:`weights` themselves does not show this change yet (the entering factor
    #: is level and later in the file, or another pair changes there): it shows only just past them.
    just_past: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights", frozen(self.weights))
        object.__setattr__(self, "before", frozen(self.before))


@dataclass(frozen=True)
class Crossing:
    """Where one criterion's weight, moved alone, changes the shortlist: ``enters`` takes ``leaves``' place."""

    #: The criterion's weight (the others rescaled in proportion to sum 1).
    weight: float
    enters: str
    leaves: str
    #: ``"low"`` when the shortlist changes as the weight falls below :attr:`weight`, ``"high"`` as it
    #: rises above it (at a knife-edge the weight is the current one, so only the side tells).
    side: Literal["low", "high"] = "low"


@dataclass(frozen=True)
class Threshold:
    """One criterion's weight moved alone: the nearest change below (``low``) and above (``high``)
    the current weight, ``None`` where none exists between 0 and 1."""

    criterion: str
    #: The criterion's weight now (normalised).
    weight: float
    low: Crossing | None
    high: Crossing | None

    @property
    def nearest(self) -> Crossing | None:
        """The nearer of :attr:`low` and :attr:`high` (``low`` when they are as near)."""
        sides = [s for s in (self.low, self.high) if s is not None]
        return min(sides, key=lambda s: abs(s.weight - self.weight), default=None)


@dataclass(frozen=True)
class TornadoBar:
    factor: str
    criterion: str
    #: The factor's composite with the criterion's weight moved down by the step (up for ``high``).
    low: float
    high: float


@dataclass(frozen=True)
class Robustness:
    samples: int
    concentration: float
    seed: int
    step: float
    #: In the ranking's order.
    factors: tuple[FactorOdds, ...]
    smallest_change: WeightChange | None
    tornado: tuple[TornadoBar, ...]
    #: Share of the samples whose shortlist is the configured one.
    same_shortlist: float
    #: Whether the raters were resampled too.
    panel_resampled: bool = False
    #: The samples the settings asked for (``samples`` is fewer when that was beyond the work limits).
    requested: int = 0
    #: One per criterion, in :data:`~positioning.core.model.CRITERIA` order.
    thresholds: tuple[Threshold, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "factors", tuple(self.factors))
        object.__setattr__(self, "tornado", tuple(self.tornado))
        object.__setattr__(self, "thresholds", tuple(self.thresholds))

    @property
    def stable(self) -> bool:
        return self.same_shortlist >= STABLE_SHARE

    @property
    def nearest_threshold(self) -> tuple[Threshold, Crossing] | None:
        """The criterion whose weight, moved alone, changes the shortlist soonest, and that change."""
        found = [(th, th.nearest) for th in self.thresholds if th.nearest is not None]
        return min(
            ((th, near) for th, near in found if near is not None),
            key=lambda pair: abs(pair[1].weight - pair[0].weight),
            default=None,
        )

    def by_name(self) -> dict[str, FactorOdds]:
        return {f.name: f for f in self.factors}


@dataclass(frozen=True)
class Outcomes:
    """What the samples say, per factor in file order."""

    shortlist_probability: Floats
    #: ``[factor, rank - 1]``.
    rank_probability: Floats
    #: ``[factor, (low, high)]``.
    rank_range: Ints
    same_shortlist: float


# --- sampling -----------------------------------------------------------------------------


def sample_weights(weights: Floats, *, concentration: float, samples: int, rng: np.random.Generator) -> Floats:
    """``samples`` weight vectors around ``weights`` (summing 1); zero weights stay zero."""
    active = weights > 0
    drawn = np.zeros((samples, weights.size))
    if active.sum() == 1:
        drawn[:, active] = 1.0
    else:
        drawn[:, active] = rng.dirichlet(concentration * weights[active], size=samples)
    return drawn


def sample_ranks(scores: Floats) -> tuple[Ints, Ints]:
    """Competition ranks and shortlist order of every row of ``scores`` (samples x factors).

    As :func:`positioning.core.scoring.rank`: scores within ``_TIE`` of the one
    before tie (chained), tied factors share the better rank, and factors are
    ordered by (rank, file order).

    >>> ranks, order = sample_ranks(np.array([[3.0, 4.0, 4.0, 1.0], [1.0, 2.0, 3.0, 4.0]]))
    >>> ranks.tolist(), order.tolist()
    ([[3, 1, 1, 4], [4, 3, 2, 1]], [[1, 2, 0, 3], [3, 2, 1, 0]])
    """
    order, run_ranks = _ordered_ranks(scores)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, run_ranks, axis=1)
    return ranks, order


def _ordered_ranks(scores: Floats) -> tuple[Ints, Ints]:
    """Every row's factors in shortlist order, and the rank at each position.

    Scores are rounded to 1e-12 first: a matrix product may round identical
    rows differently in its last bit, and those exact ties should need no
    second sort (1e-12 is far inside the ranking's tie tolerance).
    """
    count = scores.shape[1]
    order, ordered = _sorted(scores)
    gaps = ordered[:, :-1] - ordered[:, 1:]
    tied = np.zeros(ordered.shape, dtype=bool)
    np.less_equal(gaps, _TIE, out=tied[:, 1:])
    positions = np.arange(1, count + 1)
    if tied.any():
        run_ranks = np.where(tied, 0, positions)
        np.maximum.accumulate(run_ranks, axis=1, out=run_ranks)
    else:
        run_ranks = np.broadcast_to(positions, order.shape).copy()
    rows = np.flatnonzero(((gaps > 0) & tied[:, 1:]).any(axis=1))
    if rows.size:  # near ties (not exactly equal) may be out of file order: sort them by (rank, index)
        ranks = np.empty((rows.size, count), dtype=order.dtype)
        np.put_along_axis(ranks, order[rows], run_ranks[rows], axis=1)
        order[rows] = np.argsort(ranks * count + np.arange(count), axis=1, kind="stable")
        run_ranks[rows] = np.take_along_axis(ranks, order[rows], axis=1)
    return order, run_ranks


def _sorted(scores: Floats) -> tuple[Ints, Floats]:
    """Every row's factors by score rounded to 1e-12, highest first, equal scores in file order, and
    the rounded scores in that order.

    One sort of integer keys, each the rounded score (in units of 1e-12, negated) with the factor's
    index in its low bits: the keys are unique, so any sort gives the stable sort's order, and numpy
    sorts 64-bit integers several times faster than it sorts floats stably. Scores too large for
    the keys (beyond about 4,000 with 1,000 factors) take the stable sort of the floats instead.
    """
    count = scores.shape[1]
    units = scores * 1e12
    np.rint(units, out=units)  # np.round(scores, 12) is this divided by 1e12
    bits = max(1, (count - 1).bit_length())
    limit = 2.0 ** (62 - bits)
    if not (-limit < units.min() and units.max() < limit):  # NaN too
        rounded = units / 1e12
        order = np.argsort(-rounded, axis=1, kind="stable")
        return order, np.take_along_axis(rounded, order, axis=1)
    keys = units.astype(np.int64)
    np.negative(keys, out=keys)
    keys <<= bits
    keys |= np.arange(count)
    keys.sort(axis=1)
    order = keys & ((1 << bits) - 1)
    keys >>= bits
    np.negative(keys, out=keys)
    return order, np.divide(keys, 1e12, out=units)


class Tally:
    """Counts over samples ranked chunk by chunk (so memory stays bounded)."""

    def __init__(self, count: int, *, top: int, shortlist: Sequence[int]) -> None:
        self.count, self.top, self.samples = count, top, 0
        self.expected = np.zeros(count, dtype=bool)
        self.expected[list(shortlist)] = True
        self.chosen = np.zeros(count, dtype=np.int64)
        # Counted at cell factor * count + rank (1-based, so cell 0 stays empty): one pass less per sample.
        self._cells = np.zeros(count * count + 1, dtype=np.int64)
        self.ranks = self._cells[1:].reshape(count, count)  # a view: [factor, rank - 1]
        self.same = 0

    def add(self, scores: Floats) -> None:
        """Rank the samples (rows) of ``scores`` and count them in."""
        order, run_ranks = _ordered_ranks(scores)
        count, top = self.count, self.top
        self.samples += scores.shape[0]
        self.chosen += np.bincount(order[:, :top].ravel(), minlength=count)
        # as many as the shortlist, all in it: the same shortlist
        self.same += int(self.expected[order[:, :top]].all(axis=1).sum())
        order *= count
        order += run_ranks
        self._cells += np.bincount(order.ravel(), minlength=self._cells.size)

    def outcomes(self) -> Outcomes:
        return Outcomes(
            shortlist_probability=self.chosen / self.samples,
            rank_probability=self.ranks / self.samples,
            rank_range=_rank_range(self.ranks, self.samples),
            same_shortlist=self.same / self.samples,
        )


def outcomes(scores: Floats, *, top: int, shortlist: Sequence[int]) -> Outcomes:
    """Shortlist and rank probabilities from composite scores (samples x factors)."""
    tally = Tally(scores.shape[1], top=top, shortlist=shortlist)
    tally.add(scores)
    return tally.outcomes()


def _rank_range(counts: Ints, samples: int) -> Ints:
    """Nearest-rank percentiles (inverted CDF): the smallest rank whose cumulative share reaches q."""
    cumulative = np.cumsum(counts, axis=1)
    low = np.argmax(cumulative * 20 >= samples, axis=1) + 1  # 5%
    high = np.argmax(cumulative * 20 >= samples * 19, axis=1) + 1  # 95%
    return np.stack([low, high], axis=1)


def panel_scores(weights: Floats, panel: Floats, picks: Ints, *, aggregate: Aggregate, fixed: Floats | None) -> Floats:
    """Composite scores when each sample's scores are the aggregate of the raters it drew.

    ``panel`` is raters x factors x criteria, ``picks`` samples x raters (the
    raters each sample drew, with replacement); ``fixed`` (factors x criteria,
    NaN where the panel decides) holds the scores the file gives itself,
    which are not resampled.
    """
    samples, raters = picks.shape
    scores = np.zeros((samples, panel.shape[1]))
    if aggregate == "mean":
        counts = np.zeros((samples, raters))
        np.add.at(counts, (np.arange(samples)[:, None], picks), 1.0 / raters)
        for c in range(panel.shape[2]):  # the drawn raters' mean, criterion by criterion, as one matrix product
            scores += weights[:, c : c + 1] * (counts @ panel[:, :, c])
    else:
        step = max(1, _MEDIAN_CELLS // panel[0].size // raters)
        for start in range(0, samples, step):
            part = slice(start, start + step)
            matrices = np.median(panel[picks[part]], axis=1)  # chunk x factors x criteria
            scores[part] = np.einsum("sfc,sc->sf", matrices, weights[part])
    if fixed is not None:
        given = ~np.isnan(fixed).any(axis=1)
        scores[:, given] = weights @ fixed[given].T
    return scores


def affordable_samples(requested: int, factors: int, raters: int, aggregate: Aggregate) -> int:
    """The samples an analysis takes: as asked, or fewer so its work stays within
    :data:`MAX_CELLS` ranked cells and :data:`MAX_PANEL_WORK` panel values (never under 100)."""
    fit = MAX_CELLS // factors
    if raters:
        fit = min(fit, MAX_PANEL_WORK // (factors * raters * 4 * (_MEDIAN_COST if aggregate == "median" else 1)))
    return max(min(requested, fit), min(requested, MIN_SAMPLES))


# --- the nearest change -------------------------------------------------------------------------


def smallest_change(matrix: Floats, weights: Floats, shortlist: Sequence[int]) -> tuple[float, Floats, int, int] | None:
    """``(distance, weights, enters, leaves)``: the nearest weights that change the shortlist.

    ``matrix`` is factors x criteria, ``weights`` sum 1, ``shortlist`` the
    shortlisted factors' indexes. Only criteria with a positive weight move
    (as in the sampling). ``None`` when no such weights exist.

    >>> m = np.array([[5.0, 1.0], [1.0, 4.0]])
    >>> distance, v, enters, leaves = smallest_change(m, np.array([0.6, 0.4]), [0])
    >>> round(distance, 6), v.round(6).tolist(), enters, leaves
    (0.171429, [0.428571, 0.571429], 1, 0)
    """
    inside = np.asarray(sorted(shortlist), dtype=np.int64)
    outside = np.setdiff1d(np.arange(matrix.shape[0]), inside)
    if outside.size == 0:
        return None
    active = weights > 0
    enter = _front(matrix, outside, active, upper=True)
    leave = _front(matrix, inside, active, upper=False)
    j, i = (a.ravel() for a in np.meshgrid(enter, leave, indexing="ij"))
    best: tuple[float, Floats, int, int] | None = None
    candidates = _breakpoints(weights, active)
    for start in range(0, j.size, _PAIR_CHUNK):
        part = slice(start, start + _PAIR_CHUNK)
        found = _nearest(matrix[j[part]] - matrix[i[part]], weights, active, candidates, j[part] < i[part])
        if found is not None and (best is None or found[0] < best[0] - 1e-15):
            k = start + found[2]
            best = (found[0], found[1], int(j[k]), int(i[k]))
    if best is None:
        return None
    distance, v, j0, i0 = best
    beyond = _beyond(matrix[j0] - matrix[i0], weights, active, v, distance)
    enters, leaves = _named(matrix, beyond, inside) or (j0, i0)
    return distance, v, enters, leaves


def shown_at(matrix: Floats, v: Floats, shortlist: Sequence[int]) -> tuple[int, int] | None:
    """``(enters, leaves)`` as the ranking reads them at ``v`` itself, ``None`` when the shortlist
    there is still ``shortlist``."""
    return _named(matrix, [v], np.asarray(sorted(shortlist), dtype=np.int64))


#: How far past a boundary "just beyond" looks (largest change of any one weight).
_PAST = 1e-6


def _beyond(d: Floats, weights: Floats, active: npt.NDArray[np.bool_], v: Floats, distance: float) -> list[Floats]:
    """Where to read the shortlist just beyond the boundary ``v`` (not at ``v``, where a tie of
    several factors may let in or drop another pair than any move past it): the move from
    ``weights`` through ``v`` taken :data:`_PAST` further (a weight it brought to zero stays at
    zero), then the pair's own nearest weights a little further."""
    points = []
    if distance > 0:
        points.append(np.maximum(v + _PAST * (v - weights) / distance, 0.0))
    points.append(_best_within(d[None, :], weights, active, np.array([distance + _PAST]))[1][0, 0])
    return points


def _named(matrix: Floats, points: Sequence[Floats], inside: Ints) -> tuple[int, int] | None:
    """``(enters, leaves)`` by the ranking (its tie rule) at the first of ``points`` whose shortlist
    is not ``inside``: the best-placed newcomer and the best-placed factor that drops out."""
    top, shortlisted = inside.size, np.isin(np.arange(matrix.shape[0]), inside)
    for point in points:
        order, _ = _ordered_ranks((matrix @ (point / point.sum()))[None, :])
        new, rest = order[0, :top], order[0, top:]
        entering = new[~shortlisted[new]]
        if entering.size:
            return int(entering[0]), int(rest[shortlisted[rest]][0])
    return None


def _front(matrix: Floats, members: Ints, active: npt.NDArray[np.bool_], *, upper: bool) -> Ints:
    """The members no other member makes redundant as a contender.

    For entering (``upper``): ``j`` is redundant when some ``k`` scores at
    least as high on every weighted criterion and either comes earlier in the
    file or is strictly higher on all of them, so ``k`` overtakes whatever
    ``j`` can, no later. For leaving, the mirror image.

    That "``k`` beats ``j``" is a strict partial order, so whoever beats ``j`` is in the front or
    beaten by one who is (and who then beats ``j`` too), and comes before ``j`` in lexicographic
    order of the scores, highest first, then file order. Members are taken in that order, a block at
    a time, each checked against the front found so far and its own block: about members x front
    comparisons instead of members squared (5,000 factors took seconds).
    """
    sign = 1.0 if upper else -1.0
    scores = sign * matrix[np.ix_(members, np.flatnonzero(active))]
    position = members if upper else -members  # lower is earlier
    order = np.lexsort((position, *(-scores[:, c] for c in reversed(range(scores.shape[1])))))
    keep = np.zeros(members.size, dtype=bool)
    front = order[:0]
    for start in range(0, order.size, _FRONT_BLOCK):
        block = order[start : start + _FRONT_BLOCK]
        beaten = _beats(scores, position, front, block).any(axis=0) | _beats(scores, position, block, block).any(axis=0)
        keep[block[~beaten]] = True
        front = np.concatenate([front, block[~beaten]])
    return members[keep]


def _beats(scores: Floats, position: Ints, k: Ints, j: Ints) -> npt.NDArray[np.bool_]:
    """``[k, j]``: member ``k`` is at least as high as ``j`` on every criterion and earlier, or higher on all."""
    diff = scores[k][:, None, :] - scores[j][None, :, :]
    earlier = position[k][:, None] < position[j][None, :]
    beats: npt.NDArray[np.bool_] = ((diff >= 0).all(axis=2) & earlier) | (diff > 0).all(axis=2)
    return beats


def _breakpoints(weights: Floats, active: npt.NDArray[np.bool_]) -> Floats:
    """Every ``t`` where the best reachable ``d.v`` can bend: ``sum(w_S) / q``, plus 0 and 1."""
    w = weights[active]
    sums = {0.0, 1.0}
    for size in range(1, w.size + 1):
        for subset in combinations(w, size):
            sums.update(float(sum(subset)) / q for q in range(1, 9))
    return np.array(sorted(t for t in sums if 0.0 <= t <= 1.0))


def _best_within(d: Floats, weights: Floats, active: npt.NDArray[np.bool_], t: Floats) -> tuple[Floats, Floats]:
    """``max d.v`` over normalised ``v`` within ``t`` of ``weights``, and the ``v``: a fractional knapsack.

    ``d`` is pairs x criteria and ``t`` candidates; results are pairs x candidates (x criteria).
    """
    low = np.where(active, np.maximum(weights[None, :] - t[:, None], 0.0), 0.0)  # candidates x criteria
    room = np.where(active, weights[None, :] + t[:, None] - low, 0.0)
    left = 1.0 - low.sum(axis=1)  # mass to hand out, candidates
    order = np.argsort(-np.where(active, d, -np.inf), axis=1, kind="stable")  # pairs x criteria
    room_sorted = room[:, order].transpose(1, 0, 2)  # pairs x candidates x criteria
    before = np.cumsum(room_sorted, axis=2) - room_sorted
    fill_sorted = np.clip(left[None, :, None] - before, 0.0, room_sorted)
    fill = np.empty_like(fill_sorted)
    np.put_along_axis(fill, np.broadcast_to(order[:, None, :], fill.shape), fill_sorted, axis=2)
    v = low[None, :, :] + fill
    return np.einsum("pc,ptc->pt", d, v), v


def _nearest(
    d: Floats,
    weights: Floats,
    active: npt.NDArray[np.bool_],
    candidates: Floats,
    earlier: npt.NDArray[np.bool_],
) -> tuple[float, Floats, int] | None:
    """The smallest ``t`` at which some pair's ``d.v`` reaches 0, its ``v`` and the pair's index."""
    top = np.where(active, d, -np.inf).max(axis=1)
    can = (top > _TIE) | ((top >= -_TIE) & earlier)  # a tie lets the earlier factor in
    if not can.any():
        return None
    values, _ = _best_within(d, weights, active, candidates)
    # Reached as the ranking reads a tie: a crossing that evaluates to -1e-16 is a crossing.
    reached = values >= -_TIE
    reached[:, -1] |= can  # t = 1 covers every weight vector
    first = np.argmax(reached, axis=1)
    before = np.maximum(first - 1, 0)
    rows = np.arange(d.shape[0])
    g0, g1 = values[rows, before], values[rows, first]
    t0, t1 = candidates[before], candidates[first]
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing = np.clip(t0 + (0.0 - g0) * (t1 - t0) / (g1 - g0), t0, t1)
        t = np.where((first == 0) | (g1 <= g0) | (g1 <= 0.0), t1, crossing)
    t = np.where(can, t, np.inf)
    k = int(np.argmin(t))
    _, v = _best_within(d[k : k + 1], weights, active, np.array([t[k]]))
    return float(t[k]), v[0, 0], k


# --- one weight at a time ------------------------------------------------------------------------

#: A crossing: the criterion's weight and the (enters, leaves) pair, as file indexes.
Found = tuple[float, int, int]


def thresholds(matrix: Floats, weights: Floats, shortlist: Sequence[int]) -> list[tuple[Found | None, Found | None]]:
    """Per criterion, the nearest change of the shortlist as its weight falls and as it rises alone.

    Along criterion ``c``'s path (its weight ``x``, the others rescaled in proportion, as the tornado
    moves them) every composite is linear in ``x``; a factor ``j`` outside passes ``i`` inside where
    their difference crosses 0, if it ends past the ranking's tie (a tie lets the earlier factor in).
    The pair is named by the ranking just past the crossing (at it when it is 0% or 100%).

    F2 passes F1 when attractiveness falls to 20% (``5x + 7/3 (1 - x) = x + 10/3 (1 - x)``) or unmet
    need rises to 4/13; capability and barriers never let it past (at best a tie, and F1 is first):

    >>> m = np.array([[5.0, 1, 3, 3], [1.0, 4, 3, 3]])
    >>> [tuple(s and round(s[0], 6) for s in sides) for sides in thresholds(m, np.full(4, 0.25), [0])]
    [(0.2, None), (None, 0.307692), (None, None), (None, None)]
    """
    inside = np.asarray(sorted(shortlist), dtype=np.int64)
    outside = np.setdiff1d(np.arange(matrix.shape[0]), inside)
    found: list[tuple[Found | None, Found | None]] = []
    for c in range(weights.size):
        if outside.size == 0:
            found.append((None, None))
            continue
        start, end = matrix @ _along(weights, c, 0.0), matrix @ _along(weights, c, 1.0)
        j, i = (a.ravel() for a in np.meshgrid(outside, inside, indexing="ij"))
        a, b = start[j] - start[i], (end[j] - start[j]) - (end[i] - start[i])
        sides: list[Found | None] = []
        for bound, sign in ((0.0, -1.0), (1.0, 1.0)):
            last = a + b * bound
            can = (last > _TIE) | ((last >= -_TIE) & (j < i))
            with np.errstate(divide="ignore", invalid="ignore"):
                x = np.where(sign * b > 0, -a / b, weights[c])
            x = np.clip(x, min(bound, weights[c]), max(bound, weights[c]))
            if not can.any():
                sides.append(None)
                continue
            k = int(np.argmin(np.where(can, sign * x, np.inf)))
            sides.append(
                _crossing(matrix, weights, c, float(x[k]), sign, inside) or (float(x[k]), int(j[k]), int(i[k]))
            )
        found.append((sides[0], sides[1]))
    return found


def _crossing(matrix: Floats, weights: Floats, c: int, x: float, sign: float, inside: Ints) -> Found | None:
    beyond = min(max(x + sign * _PAST, 0.0), 1.0)
    named = _named(matrix, [_along(weights, c, beyond)], inside)  # just past the crossing (at 0% or 100%: at it)
    return None if named is None else (x, *named)


def _along(weights: Floats, c: int, x: float) -> Floats:
    """``weights`` with criterion ``c``'s at ``x`` and the others rescaled to sum 1 with it
    (shared equally when they are all zero)."""
    others = np.delete(weights, c)
    rest = others.sum()
    scaled = others * (1.0 - x) / rest if rest > 0 else np.full(weights.size - 1, (1.0 - x) / (weights.size - 1))
    return np.insert(scaled, c, x)


# --- the tornado ---------------------------------------------------------------------------------


def tornado(matrix: Floats, weights: Floats, step: float) -> tuple[Floats, Floats]:
    """Composite of every factor (rows) when each criterion's weight (columns) moves down and up by ``step``.

    The moved weight is clamped to [0, 1] and the others rescaled to sum 1
    with it (shared equally when they are all zero).

    >>> low, high = tornado(np.array([[5.0, 1.0]]), np.array([0.5, 0.5]), 0.1)
    >>> low.round(6).tolist(), high.round(6).tolist()
    ([[2.6, 3.4]], [[3.4, 2.6]])
    """
    return matrix @ _moved(weights, -step).T, matrix @ _moved(weights, step).T


def _moved(weights: Floats, step: float) -> Floats:
    """criteria x criteria: row ``c`` is ``weights`` with ``c`` moved by ``step`` and the rest rescaled."""
    return np.array([_along(weights, c, min(max(weights[c] + step, 0.0), 1.0)) for c in range(weights.size)])


# --- the canvas ----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Inputs:
    """All a canvas's robustness depends on, as plain arrays: canvases with the same :meth:`key`
    have the same :class:`Robustness` (their titles, players and levels may differ)."""

    #: The factors' names, in file order.
    names: tuple[str, ...]
    #: Factors x criteria (the panel's aggregate where the panel decides, as the ranking reads it).
    matrix: Floats
    #: The normalised weights, in criterion order.
    weights: Floats
    #: The ranking's order and its shortlist, as file indexes.
    order: tuple[int, ...]
    shortlist: tuple[int, ...]
    top: int
    settings: RobustnessSettings
    #: Raters x factors x criteria and the file's own scores, when the raters are resampled.
    panel: Floats | None = None
    fixed: Floats | None = None
    aggregate: Aggregate = "mean"

    @classmethod
    def of(cls, canvas: Canvas, ranking: Ranking | None = None) -> Inputs:
        """``canvas``'s inputs, with its ranking (``ranking``, when the caller has it already)."""
        from positioning.core.scoring import rank

        ranking = ranking or rank(canvas)
        index = {name: k for k, name in enumerate(canvas.factor_names)}
        resample = bool(canvas.panel) and any(f.scores is None for f in canvas.factors)
        panel, fixed = panel_arrays(canvas) if resample else (None, None)
        return cls(
            names=tuple(canvas.factor_names),
            matrix=np.array([[s.as_dict()[c] for c in CRITERIA] for s in canvas.factor_scores()]),
            weights=np.array([ranking.weights[c] for c in CRITERIA]),
            order=tuple(index[f.name] for f in ranking.factors),
            shortlist=tuple(index[name] for name in ranking.shortlist),
            top=canvas.top,
            settings=canvas.robustness,
            panel=panel,
            fixed=fixed,
            aggregate=canvas.panel_aggregate,
        )

    def key(self) -> bytes:
        """A digest of everything above: equal for equal inputs, and (short of a BLAKE2 collision)
        different otherwise."""
        digest = hashlib.blake2b(digest_size=32)
        settings = sorted(self.settings.model_dump().items())  # every setting, those to come too
        digest.update(repr((self.names, self.order, self.shortlist, self.top, self.aggregate, settings)).encode())
        for array in (self.matrix, self.weights, self.panel, self.fixed):
            shape = () if array is None else array.shape
            digest.update(repr(shape).encode())
            digest.update(b"" if array is None else np.ascontiguousarray(array, dtype=np.float64).tobytes())
        return digest.digest()


def analyse(canvas: Canvas, ranking: Ranking | None = None) -> Robustness:
    """Everything above for a canvas, with its ``robustness`` settings and its ranking's tie rule
    (``ranking``, the canvas's own, when the caller has it already)."""
    return measure(Inputs.of(canvas, ranking))


def measure(inputs: Inputs) -> Robustness:
    """Everything above from a canvas's :class:`Inputs`.

    With a scoring panel that decides some factor's scores, every sample also
    draws the raters with replacement. Samples are ranked in chunks, and a
    request beyond the work limits takes fewer samples (:func:`affordable_samples`).
    """
    settings, matrix, w, names = inputs.settings, inputs.matrix, inputs.weights, inputs.names
    panel, fixed = inputs.panel, inputs.fixed
    raters = 0 if panel is None else panel.shape[0]
    samples = affordable_samples(settings.samples, len(names), raters, inputs.aggregate)
    rng = np.random.default_rng(settings.seed)
    drawn = sample_weights(w, concentration=settings.concentration, samples=samples, rng=rng)
    picks = rng.integers(0, raters, size=(samples, raters)) if panel is not None else None
    tally = Tally(len(names), top=inputs.top, shortlist=inputs.shortlist)
    step = max(1, _CHUNK_CELLS // len(names))
    for start in range(0, samples, step):
        part = slice(start, start + step)
        if picks is None or panel is None:
            tally.add(drawn[part] @ matrix.T)
        else:
            tally.add(panel_scores(drawn[part], panel, picks[part], aggregate=inputs.aggregate, fixed=fixed))
    seen = tally.outcomes()
    low, high = tornado(matrix, w, settings.step)
    return Robustness(
        samples=samples,
        concentration=settings.concentration,
        seed=settings.seed,
        step=settings.step,
        factors=tuple(_odds(names[k], k, seen) for k in inputs.order),
        smallest_change=_change(names, matrix, w, inputs.shortlist),
        tornado=tuple(
            TornadoBar(factor=name, criterion=c, low=float(low[k, m]), high=float(high[k, m]))
            for k, name in enumerate(names)
            for m, c in enumerate(CRITERIA)
        ),
        same_shortlist=seen.same_shortlist,
        panel_resampled=panel is not None,
        requested=settings.samples,
        thresholds=_thresholds(names, matrix, w, inputs.shortlist),
    )


def panel_arrays(canvas: Canvas) -> tuple[Floats, Floats]:
    """The panel as raters x factors x criteria, and the file's own scores (NaN where the panel decides).

    A rater may leave out a factor that has scores of its own: NaN there, never used.
    """
    missing = dict.fromkeys(CRITERIA, np.nan)
    panel = np.array(
        [
            [
                [(r.scores[f.name].as_dict() if f.name in r.scores else missing)[c] for c in CRITERIA]
                for f in canvas.factors
            ]
            for r in canvas.panel
        ]
    )
    fixed = np.array([[(f.scores.as_dict() if f.scores else missing)[c] for c in CRITERIA] for f in canvas.factors])
    return panel, fixed


def _odds(name: str, k: int, seen: Outcomes) -> FactorOdds:
    return FactorOdds(
        name=name,
        shortlist_probability=float(seen.shortlist_probability[k]),
        rank_probability=tuple(seen.rank_probability[k].tolist()),
        rank_range=(int(seen.rank_range[k, 0]), int(seen.rank_range[k, 1])),
    )


def _change(names: Sequence[str], matrix: Floats, w: Floats, shortlist: Sequence[int]) -> WeightChange | None:
    found = smallest_change(matrix, w, shortlist)
    if found is None:
        return None
    distance, v, enters, leaves = found
    return WeightChange(
        just_past=shown_at(matrix, v, shortlist) != (enters, leaves),
        distance=distance,
        weights={c: float(x) for c, x in zip(CRITERIA, v, strict=True)},
        enters=names[enters],
        leaves=names[leaves],
        before={c: float(x) for c, x in zip(CRITERIA, w, strict=True)},
    )


def _thresholds(names: Sequence[str], matrix: Floats, w: Floats, shortlist: Sequence[int]) -> tuple[Threshold, ...]:
    def crossing(found: Found | None, side: Literal["low", "high"]) -> Crossing | None:
        if found is None:
            return None
        return Crossing(weight=found[0], enters=names[found[1]], leaves=names[found[2]], side=side)

    return tuple(
        Threshold(criterion=c, weight=float(w[m]), low=crossing(low, "low"), high=crossing(high, "high"))
        for m, (c, (low, high)) in enumerate(zip(CRITERIA, thresholds(matrix, w, shortlist), strict=True))
    )
