"""Step 2 of the method: rank the factors and recommend single or combination.

The maths is a bare function (:func:`weighted_scores`) over plain numbers;
:func:`rank` applies it to a validated canvas and returns an immutable
:class:`Ranking`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import CRITERIA, Canvas

#: ``single`` is recommended only when the top factor leads the runner-up by at
#: least this share of the score scale (0.8 points on the default 1-5 scale).
DOMINANCE_GAP = 0.2

# Scores closer than this are a tie (weights like 0.1 make float sums inexact).
_TIE = 1e-9


@dataclass(frozen=True)
class RankedFactor:
    name: str
    rank: int
    score: float
    scores: Mapping[str, float]
    #: Each criterion's share of ``score``: weight x criterion score.
    contributions: Mapping[str, float]
    category: str | None
    source: str | None
    shortlisted: bool


@dataclass(frozen=True)
class Ranking:
    weights: Mapping[str, float]
    #: In rank order; ties keep file order.
    factors: tuple[RankedFactor, ...]
    shortlist: tuple[str, ...]
    strategy: str  # "single" | "combination"
    reason: str

    def by_name(self) -> dict[str, RankedFactor]:
        return {f.name: f for f in self.factors}


def weighted_scores(matrix: Sequence[Sequence[float]], weights: Sequence[float]) -> list[float]:
    """Weighted mean of each row, with weights normalised to sum 1.

    >>> weighted_scores([[5, 3, 5, 3], [1, 1, 1, 1]], [2, 1, 1, 0])
    [4.5, 1.0]
    """
    total = sum(weights)
    return [sum(w * s for w, s in zip(weights, row, strict=True)) / total for row in matrix]


def competition_ranks(scores: Sequence[float]) -> list[int]:
    """Rank per item, highest first; equal scores share the better rank ("1224").

    >>> competition_ranks([3.0, 4.0, 4.0, 1.0])
    [3, 1, 1, 4]
    """
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    ranks = [0] * len(scores)
    for position, i in enumerate(order):
        previous = order[position - 1] if position else None
        tied = previous is not None and scores[previous] - scores[i] <= _TIE
        ranks[i] = ranks[previous] if tied else position + 1
    return ranks


def rank(canvas: Canvas) -> Ranking:
    """Rank the canvas's factors by weighted score and pick the shortlist."""
    weights = canvas.weights.normalised()
    w = [weights[c] for c in CRITERIA]
    rows = [[f.scores.as_dict()[c] for c in CRITERIA] for f in canvas.factors]
    scores = weighted_scores(rows, w)
    ranks = competition_ranks(scores)
    order = sorted(range(len(scores)), key=lambda i: (ranks[i], i))
    shortlist = tuple(canvas.factors[i].name for i in order[: canvas.top])
    factors = tuple(
        RankedFactor(
            name=canvas.factors[i].name,
            rank=ranks[i],
            score=scores[i],
            scores=dict(zip(CRITERIA, rows[i], strict=True)),
            contributions={c: weights[c] * rows[i][k] for k, c in enumerate(CRITERIA)},
            category=canvas.factors[i].category,
            source=canvas.factors[i].source,
            shortlisted=canvas.factors[i].name in shortlist,
        )
        for i in order
    )
    strategy, reason = recommend(factors, canvas.scales.score)
    return Ranking(weights=weights, factors=factors, shortlist=shortlist, strategy=strategy, reason=reason)


def recommend(factors: Sequence[RankedFactor], scale: tuple[float, float]) -> tuple[str, str]:
    """``("single" | "combination", reason)`` from factors in rank order.

    The method prefers a combination (it is harder for rivals to copy), so
    ``single`` only when the top factor leads the runner-up by at least
    ``DOMINANCE_GAP`` of the score scale.
    """
    top = factors[0]
    if len(factors) == 1:
        return "single", f"'{top.name}' is the only candidate factor, so it carries the position alone."
    second = factors[1]
    gap = top.score - second.score
    share = gap / (scale[1] - scale[0])
    if share >= DOMINANCE_GAP - _TIE:
        return "single", (
            f"'{top.name}' leads the next factor, '{second.name}', by {gap:.2f} points "
            f"({share:.0%} of the score scale): it clearly dominates, so a single "
            "differentiation can carry the position."
        )
    if gap <= _TIE:
        return "combination", (
            f"'{top.name}' and '{second.name}' score the same ({top.score:.2f}): no factor dominates, "
            "so combine the shortlisted factors; a combination is also harder for rivals to copy."
        )
    return "combination", (
        f"'{top.name}' leads '{second.name}' by only {gap:.2f} points ({share:.0%} of the score "
        f"scale, under {DOMINANCE_GAP:.0%}): no factor clearly dominates, so combine the "
        "shortlisted factors; a combination is also harder for rivals to copy."
    )
