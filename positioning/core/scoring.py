"""Step 2 of the method: rank the factors and recommend single or combination.

The maths is a bare function (:func:`weighted_scores`) over plain numbers;
:func:`rank` applies it to a validated canvas and returns an immutable
:class:`Ranking`: numbers, names and codes (the strategy and the reason for
it). The sentences that explain them are built in :mod:`positioning.i18n.wording`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from positioning.core.model import CRITERIA, Canvas, Category, Source, frozen

#: ``single`` is recommended only when the top factor leads the runner-up by at
#: least this share of the score scale (0.8 points on the default 1-5 scale).
DOMINANCE_GAP = 0.2

# Scores closer than this are a tie (weights like 0.1 make float sums inexact).
_TIE = 1e-9

Strategy = Literal["single", "combination"]
#: Why the strategy: the only factor; a top factor that dominates; several
#: factors tied at the top; a lead too small to dominate.
Reason = Literal["only", "dominant", "tie", "close"]


@dataclass(frozen=True)
class RankedFactor:
    name: str
    rank: int
    score: float
    scores: Mapping[str, float]
    #: Each criterion's share of ``score``: weight x criterion score.
    contributions: Mapping[str, float]
    category: Category | None
    source: Source | None
    shortlisted: bool

    def __post_init__(self) -> None:
        object.__setattr__(self, "scores", frozen(self.scores))
        object.__setattr__(self, "contributions", frozen(self.contributions))


@dataclass(frozen=True)
class Ranking:
    """Factors in rank order, the shortlist and the recommended strategy."""

    weights: Mapping[str, float]
    #: In rank order; ties keep file order.
    factors: tuple[RankedFactor, ...]
    shortlist: tuple[str, ...]
    strategy: Strategy
    score_scale: tuple[float, float]

    def __post_init__(self) -> None:
        object.__setattr__(self, "weights", frozen(self.weights))
        object.__setattr__(self, "factors", tuple(self.factors))
        object.__setattr__(self, "shortlist", tuple(self.shortlist))

    @property
    def lead(self) -> float:
        """Points by which the top factor leads the runner-up (0 for a single factor)."""
        return self.factors[0].score - self.factors[1].score if len(self.factors) > 1 else 0.0

    @property
    def lead_share(self) -> float:
        """:attr:`lead` as a share of the score scale."""
        low, high = self.score_scale
        return self.lead / (high - low)

    @property
    def tied(self) -> tuple[str, ...]:
        """Names of the factors that share the top rank."""
        return tuple(f.name for f in self.factors if f.rank == self.factors[0].rank)

    @property
    def reason(self) -> Reason:
        """Why :attr:`strategy`, as a code (see :func:`positioning.i18n.wording.strategy_reason`)."""
        if len(self.factors) == 1:
            return "only"
        if self.strategy == "single":
            return "dominant"
        return "tie" if self.lead <= _TIE else "close"

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
        previous = order[position - 1]
        tied = position > 0 and scores[previous] - scores[i] <= _TIE
        ranks[i] = ranks[previous] if tied else position + 1
    return ranks


def rank(canvas: Canvas) -> Ranking:
    """Rank the canvas's factors by weighted score and pick the shortlist."""
    weights = canvas.weights.normalised()
    w = [weights[c] for c in CRITERIA]
    rows = [[s.as_dict()[c] for c in CRITERIA] for s in canvas.factor_scores()]
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
    return Ranking(
        weights=weights,
        factors=factors,
        shortlist=shortlist,
        strategy=recommend(factors, canvas.scales.score),
        score_scale=canvas.scales.score,
    )


def recommend(factors: Sequence[RankedFactor], scale: tuple[float, float]) -> Strategy:
    """``"single"`` or ``"combination"`` from factors in rank order.

    The method prefers a combination (it is harder for rivals to copy), so
    ``single`` only when the top factor leads the runner-up by at least
    ``DOMINANCE_GAP`` of the score scale, or when it is the only factor.
    """
    if len(factors) == 1:
        return "single"
    share = (factors[0].score - factors[1].score) / (scale[1] - scale[0])
    return "single" if share >= DOMINANCE_GAP - _TIE else "combination"
