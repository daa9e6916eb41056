"""A scoring panel read as a whole: each rater's composites, their agreement, the contested factors.

Each rater's composite of a factor is their four scores weighted with the
canvas's weights, as in the ranking. ``agreement`` is Kendall's coefficient of
concordance W over the raters' rankings of the factors by those composites,
tie corrected; ``spread`` is the range of a factor's composites over the
raters as a share of the score scale, and a factor is contested from
``CONTESTED_SPREAD``. The formulas, with a worked example, are in
``docs/diagnostics.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from positioning.core.model import CRITERIA, Canvas, frozen
from positioning.core.scoring import _TIE, Ranking, rank

#: A factor is contested when the raters' composites span at least this share of the score scale.
CONTESTED_SPREAD = 0.25
#: Plain readings of Kendall's W, from the lowest value of each (after Schmidt, 1997).
AGREEMENT_LEVELS: tuple[tuple[float, str], ...] = (
    (0.9, "very_strong"),
    (0.7, "strong"),
    (0.5, "moderate"),
    (0.3, "weak"),
    (0.0, "very_weak"),
)


@dataclass(frozen=True)
class PanelFactor:
    name: str
    spread: float
    contested: bool
    #: Each rater's composite, keyed by rater.
    composites: Mapping[str, float]

    def __post_init__(self) -> None:
        object.__setattr__(self, "composites", frozen(self.composites))


@dataclass(frozen=True)
class Panel:
    raters: tuple[str, ...]
    #: Kendall's W in [0, 1]: 1 when every rater ranks the factors alike.
    agreement: float
    #: In the ranking's order.
    factors: tuple[PanelFactor, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "raters", tuple(self.raters))
        object.__setattr__(self, "factors", tuple(self.factors))

    @property
    def contested(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.factors if f.contested)


def agreement_level(w: float) -> str:
    """The plain reading of Kendall's W, as a code.

    >>> agreement_level(0.64), agreement_level(0.2)
    ('moderate', 'very_weak')
    """
    return next(level for floor, level in AGREEMENT_LEVELS if w >= floor)


def average_ranks(values: Sequence[float]) -> list[float]:
    """Ranks, highest value first, tied values (within the ranking's tolerance) sharing their mean rank.

    >>> average_ranks([3.0, 4.0, 4.0, 1.0])
    [3.0, 1.5, 1.5, 4.0]
    """
    order = sorted(range(len(values)), key=lambda i: -values[i])
    ranks = [0.0] * len(values)
    start = 0
    for position in range(1, len(order) + 1):
        if position == len(order) or values[order[position - 1]] - values[order[position]] > _TIE:
            shared = (start + 1 + position) / 2  # mean of ranks start+1 .. position
            for i in order[start:position]:
                ranks[i] = shared
            start = position
    return ranks


def kendall_w(rankings: Sequence[Sequence[float]]) -> float:
    """Kendall's W of ``m`` raters' average ranks of ``n`` items, tie corrected.

    ``W = 12 S / (m^2 (n^3 - n) - m sum T)``, with ``S`` the sum of squared
    deviations of the items' rank sums from their mean and ``T = sum(t^3 - t)``
    over each rater's groups of ``t`` tied items. 1 when there is one item or
    when every rater ties every item (nothing to disagree on).

    >>> kendall_w([[1, 2, 3], [1, 2, 3]]), kendall_w([[1, 2], [2, 1]])
    (1.0, 0.0)
    """
    m, n = len(rankings), len(rankings[0]) if rankings else 0
    if n < 2:
        return 1.0
    sums = [sum(r[i] for r in rankings) for i in range(n)]
    mean = sum(sums) / n
    s = sum((x - mean) ** 2 for x in sums)
    ties = sum(t**3 - t for r in rankings for t in Counter(r).values())
    denominator = m * m * (n**3 - n) - m * ties
    if denominator <= 0:
        return 1.0
    return min(max(12 * s / denominator, 0.0), 1.0)


def read_panel(canvas: Canvas, ranking: Ranking | None = None) -> Panel | None:
    """The canvas's panel read as a whole (``None`` without a panel), by the weights of ``ranking`` (the
    canvas's own, when the caller has it already).

    A factor's composites come from the raters who scored it; the agreement
    is over the factors every rater scored.
    """
    if not canvas.panel:
        return None
    ranking = ranking or rank(canvas)
    low, high = canvas.scales.score
    composites = {
        f.name: {
            r.rater: sum(ranking.weights[c] * r.scores[f.name].as_dict()[c] for c in CRITERIA)
            for r in canvas.panel
            if f.name in r.scores
        }
        for f in ranking.factors
    }
    common = [mine for mine in composites.values() if len(mine) == len(canvas.panel)]
    rankings = [average_ranks([mine[r] for mine in common]) for r in canvas.raters]
    factors = tuple(
        PanelFactor(name, spread, spread >= CONTESTED_SPREAD - _TIE, mine)
        for name, mine in composites.items()
        for spread in [(max(mine.values()) - min(mine.values())) / (high - low) if mine else 0.0]
    )
    return Panel(raters=canvas.raters, agreement=kendall_w(rankings), factors=factors)
