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
    score_scale: tuple[float, float]

    @property
    def reason(self) -> str:
        """Why this strategy, in English (see :func:`explain_strategy`)."""
        return explain_strategy(self)

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
    return Ranking(
        weights=weights,
        factors=factors,
        shortlist=shortlist,
        strategy=recommend(factors, canvas.scales.score),
        score_scale=canvas.scales.score,
    )


def recommend(factors: Sequence[RankedFactor], scale: tuple[float, float]) -> str:
    """``"single"`` or ``"combination"`` from factors in rank order.

    The method prefers a combination (it is harder for rivals to copy), so
    ``single`` only when the top factor leads the runner-up by at least
    ``DOMINANCE_GAP`` of the score scale, or when it is the only factor.
    """
    if len(factors) == 1:
        return "single"
    share = (factors[0].score - factors[1].score) / (scale[1] - scale[0])
    return "single" if share >= DOMINANCE_GAP - _TIE else "combination"


_REASONS = {
    "en": {
        "only": "'{top}' is the only candidate factor, so it carries the position alone.",
        "dominant": "'{top}' leads the next factor, '{second}', by {gap:.2f} points ({share:.0%} of the score "
        "scale): it clearly dominates, so a single differentiation can carry the position.",
        "tie": "{tied} score the same ({score:.2f}): no factor dominates, so combine the "
        "shortlisted factors; a combination is also harder for rivals to copy.",
        "close": "'{top}' leads '{second}' by only {gap:.2f} points ({share:.0%} of the score scale, under "
        "{limit:.0%}): no factor clearly dominates, so combine the shortlisted factors; a combination is "
        "also harder for rivals to copy.",
    },
    "zh": {
        "only": "“{top}”是唯一的候选要素，可单独构成差异化定位。",
        "dominant": "“{top}”比第二名“{second}”高 {gap:.2f} 分（占评分区间的 {share:.0%}），"
        "优势明显，可采用单一差异化。",
        "tie": "{tied}得分相同（{score:.2f}），没有要素占明显优势，建议组合入围要素；组合差异化也更难被对手模仿。",
        "close": "“{top}”仅比“{second}”高 {gap:.2f} 分（占评分区间的 {share:.0%}，低于 {limit:.0%}），"
        "没有要素占明显优势，建议组合入围要素；组合差异化也更难被对手模仿。",
    },
}


def explain_strategy(ranking: Ranking, language: str = "en") -> str:
    """Why the ranking recommends its strategy, in ``"en"`` or ``"zh"``."""
    top = ranking.factors[0]
    if len(ranking.factors) == 1:
        return _REASONS[language]["only"].format(top=top.name)
    second = ranking.factors[1]
    gap = top.score - second.score
    low, high = ranking.score_scale
    case = "dominant" if ranking.strategy == "single" else "tie" if gap <= _TIE else "close"
    tied = [f.name for f in ranking.factors if f.rank == top.rank]
    return _REASONS[language][case].format(
        top=top.name,
        second=second.name,
        tied=_quoted(tied, language),
        gap=gap,
        share=gap / (high - low),
        score=top.score,
        limit=DOMINANCE_GAP,
    )


def _quoted(names: Sequence[str], language: str) -> str:
    """'A', 'B' and 'C' / “A”、“B”和“C”."""
    if language == "zh":
        quoted = [f"“{n}”" for n in names]
        return "、".join(quoted[:-1]) + "和" + quoted[-1]
    quoted = [f"'{n}'" for n in names]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]
