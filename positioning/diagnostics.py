"""Step 3 of the method: judge the positioning chart by its three traits.

All measures work on levels normalised to [0, 1] over the canvas's level
scale, so they do not depend on whether levels run 0-10 or 1-7. The formulas
and thresholds are documented in ``docs/diagnostics.md``; the bare functions
take plain sequences so they can be tested on hand-computed cases.

:func:`diagnose` returns an immutable :class:`Diagnosis`: numbers, names and
codes (the verdict and one finding per trait); the sentences that explain
them are built in :mod:`positioning.wording`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from .model import Canvas, frozen
from .scoring import Ranking, rank

#: Trait 1 (clear peaks) holds when focus reaches this.
FOCUS_MIN = 0.4
#: Trait 2 (a different curve) holds when the closest rival is at least this divergent.
DIVERGENCE_MIN = 0.25
#: Below this the subject shadows its closest rival: the verdict is weak.
SHADOW_MAX = 0.15
#: Trait 3 (peaks where it matters) holds with a peak and at least this alignment.
ALIGNMENT_MIN = 0.5
#: A peak leads *every* competitor by at least this share of the level scale.
PEAK_MARGIN = 0.2
#: ERRC: raise / reduce when the subject is this share of the scale above / below
#: the competitors' average; in between it keeps the industry level.
ERRC_MARGIN = 0.15

Action = Literal["eliminate", "reduce", "raise", "create", "keep"]
ERRC_ACTIONS: tuple[Action, ...] = get_args(Action)
Verdict = Literal["strong", "moderate", "weak"]
#: Trait 1: the curve rises and falls clearly, or it is rather flat.
Shape = Literal["peaked", "flat"]
#: Trait 2: the curve stands apart from every rival, only partly, or shadows the closest one.
Difference = Literal["distinct", "partly", "shadows"]
#: Trait 3: no peak at all, peaks on high-ranked factors, or peaks mostly on low-ranked ones.
Placement = Literal["no_peaks", "valued", "misplaced"]
_EPS = 1e-9


@dataclass(frozen=True)
class Diagnosis:
    subject: str
    focus: float
    divergence: Mapping[str, float]
    closest_rival: str
    alignment: float
    peaks: tuple[str, ...]
    verdict: Verdict
    #: action -> factor names in file order, for every action in ERRC_ACTIONS.
    errc: Mapping[Action, tuple[str, ...]]

    def __post_init__(self) -> None:
        object.__setattr__(self, "divergence", frozen(self.divergence))
        object.__setattr__(self, "errc", frozen({a: tuple(names) for a, names in self.errc.items()}))
        object.__setattr__(self, "peaks", tuple(self.peaks))

    @property
    def rival_divergence(self) -> float:
        """Divergence from the closest rival."""
        return self.divergence[self.closest_rival]

    @property
    def shape(self) -> Shape:
        return "peaked" if self.focus >= FOCUS_MIN else "flat"

    @property
    def difference(self) -> Difference:
        if self.rival_divergence >= DIVERGENCE_MIN:
            return "distinct"
        return "shadows" if self.rival_divergence < SHADOW_MAX else "partly"

    @property
    def placement(self) -> Placement:
        if not self.peaks:
            return "no_peaks"
        return "valued" if self.alignment >= ALIGNMENT_MIN else "misplaced"

    @property
    def findings(self) -> tuple[Shape, Difference, Placement]:
        """One code per trait, in trait order (see :func:`positioning.wording.diagnosis_summary`)."""
        return (self.shape, self.difference, self.placement)

    def action_of(self, factor: str) -> Action:
        return next(a for a, names in self.errc.items() if factor in names)


# --- bare measures on normalised levels ----------------------------------------------


def _mean(xs: Sequence[float]) -> float:
    return sum(xs) / len(xs)


def _variance(xs: Sequence[float]) -> float:
    m = _mean(xs)
    return sum((x - m) ** 2 for x in xs) / len(xs)


def focus(subject: Sequence[float]) -> float:
    """Twice the population standard deviation of the subject's curve.

    0 for a flat curve; 1 when it sits half at the bottom and half at the top.

    >>> focus([0.5, 0.5, 0.5])
    0.0
    >>> focus([0.0, 1.0, 0.0, 1.0])
    1.0
    """
    return min(1.0, 2 * math.sqrt(_variance(subject)))


def divergence(subject: Sequence[float], rival: Sequence[float]) -> float:
    """How different two curves are, counting a uniform shift at half weight.

    ``sqrt(var(d) + mean(d)**2 / 4)`` with ``d = subject - rival``: 0 for
    identical curves, ``a/2`` for the same shape shifted by ``a``, ``a`` for a
    curve that crosses the rival's with the same mean gap ``a``; at most 1.

    >>> divergence([0.2, 0.8], [0.2, 0.8])
    0.0
    >>> round(divergence([0.6, 1.0], [0.2, 0.6]), 6)  # shifted up by 0.4
    0.2
    >>> round(divergence([0.6, 0.2], [0.2, 0.6]), 6)  # crosses, mean gap 0.4
    0.4
    """
    d = [s - r for s, r in zip(subject, rival, strict=True)]
    return min(1.0, math.sqrt(_variance(d) + _mean(d) ** 2 / 4))


def alignment(subject: Sequence[float], rivals: Sequence[Sequence[float]], ranks: Sequence[int]) -> float:
    """Share of the subject's lead that sits on high-ranked factors.

    The lead on a factor is how far the subject is above the competitors'
    average (0 when below). Each factor's importance is ``(n - rank) / (n - 1)``
    (1 for the top factor, 0 for the last). Alignment is the lead-weighted mean
    importance; 0 when the subject leads nowhere.

    >>> alignment([1.0, 0.0, 0.0], [[0.0, 0.0, 0.0]], [1, 2, 3])
    1.0
    >>> alignment([0.0, 0.0, 1.0], [[0.0, 0.0, 0.0]], [1, 2, 3])
    0.0
    """
    n = len(subject)
    importance = [(n - r) / (n - 1) if n > 1 else 1.0 for r in ranks]
    leads = [max(0.0, s - _mean(column)) for s, column in zip(subject, zip(*rivals, strict=True), strict=True)]
    total = sum(leads)
    if total <= _EPS:
        return 0.0
    return sum(lead * u for lead, u in zip(leads, importance, strict=True)) / total


def peak_indexes(subject: Sequence[float], rivals: Sequence[Sequence[float]]) -> list[int]:
    """Factors where the subject leads every competitor by ``PEAK_MARGIN`` or more."""
    return [i for i, s in enumerate(subject) if s - max(r[i] for r in rivals) >= PEAK_MARGIN - _EPS]


def errc_action(subject: float, rivals: Sequence[float]) -> Action:
    """Classify one factor from normalised levels (0 is the bottom of the scale).

    >>> errc_action(0.5, [0.0, 0.0])
    'create'
    >>> errc_action(0.0, [0.3, 0.0])
    'eliminate'
    >>> errc_action(0.7, [0.5, 0.5])
    'raise'
    """
    at_bottom = [r <= _EPS for r in rivals]
    average = _mean(rivals)
    if all(at_bottom) and subject > _EPS:
        return "create"
    if subject <= _EPS and average > _EPS:
        return "eliminate"
    if subject - average >= ERRC_MARGIN - _EPS:
        return "raise"
    if average - subject >= ERRC_MARGIN - _EPS:
        return "reduce"
    return "keep"


# --- the diagnosis of a canvas -----------------------------------------------------


def diagnose(canvas: Canvas, ranking: Ranking | None = None) -> Diagnosis:
    """Focus, divergence, alignment, peaks, verdict and ERRC grid of the subject."""
    ranking = ranking or rank(canvas)
    low, high = canvas.scales.level
    span = high - low

    def curve(player: str) -> list[float]:
        return [(v - low) / span for v in canvas.levels_of(player)]

    subject = curve(canvas.subject)
    rivals = {name: curve(name) for name in canvas.competitors}
    ranked = ranking.by_name()
    ranks = [ranked[name].rank for name in canvas.factor_names]

    div = {name: divergence(subject, c) for name, c in rivals.items()}
    closest = min(div, key=div.__getitem__)  # first in file order on a tie
    names = canvas.factor_names
    peaks = tuple(names[i] for i in peak_indexes(subject, list(rivals.values())))
    f = focus(subject)
    a = alignment(subject, list(rivals.values()), ranks)

    actions = [errc_action(s, [c[i] for c in rivals.values()]) for i, s in enumerate(subject)]
    errc = {act: tuple(n for n, a_ in zip(names, actions, strict=True) if a_ == act) for act in ERRC_ACTIONS}

    return Diagnosis(
        subject=canvas.subject,
        focus=f,
        divergence=div,
        closest_rival=closest,
        alignment=a,
        peaks=peaks,
        verdict=judge(f, div[closest], a, peaks),
        errc=errc,
    )


def judge(focus_: float, rival_divergence: float, alignment_: float, peaks: Sequence[str]) -> Verdict:
    """The verdict from the three traits.

    strong: all three traits hold. weak: the curve shadows its closest rival
    (divergence under ``SHADOW_MAX``) or at most one trait holds. Otherwise
    moderate.
    """
    met = (focus_ >= FOCUS_MIN) + (rival_divergence >= DIVERGENCE_MIN) + (bool(peaks) and alignment_ >= ALIGNMENT_MIN)
    if met == 3:
        return "strong"
    return "weak" if rival_divergence < SHADOW_MAX or met <= 1 else "moderate"
