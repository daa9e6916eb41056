"""Step 3 of the method: judge the positioning chart by its three traits.

All measures work on levels normalised to [0, 1] over the canvas's level
scale, so they do not depend on whether levels run 0-10 or 1-7. The formulas
and thresholds are documented in ``docs/diagnostics.md``; the bare functions
take plain sequences so they can be tested on hand-computed cases.

:func:`diagnose` returns an immutable :class:`Diagnosis`: numbers, names and
codes (the verdict and one finding per trait); the sentences that explain
them are built in :mod:`positioning.i18n.wording`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from positioning.core.model import CATEGORIES, SOURCES, Canvas, frozen
from positioning.core.scoring import Ranking, rank
from positioning.core.survey import UncertainCall, uncertain_calls

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

ErrcAction = Literal["eliminate", "reduce", "raise", "create", "keep"]
ERRC_ACTIONS: tuple[ErrcAction, ...] = get_args(ErrcAction)
Verdict = Literal["strong", "moderate", "weak"]
#: Trait 1: the curve rises and falls clearly, or it is rather flat.
Shape = Literal["peaked", "flat"]
#: Trait 2: the curve stands apart from every rival, only partly, or shadows the closest one.
Difference = Literal["distinct", "partly", "shadows"]
#: Trait 3: no peak at all, peaks on high-ranked factors, or peaks mostly on low-ranked ones.
Placement = Literal["no_peaks", "valued", "misplaced"]
Basis = Literal["importance", "rank"]
_EPS = 1e-9
#: Over-delivery: importance in the lowest third of the score scale; under-delivery: in the top third.
IMPORTANCE_THIRD = 1 / 3
#: Sources that only copy what exists: a shortlist drawn only from them cannot differentiate.
COPY_SOURCES = ("current", "industry")


@dataclass(frozen=True)
class Reading:
    """One curve read by the three traits (the to-be curve, with targets)."""

    focus: float
    divergence: Mapping[str, float]
    closest_rival: str
    alignment: float
    peaks: tuple[str, ...]
    verdict: Verdict

    def __post_init__(self) -> None:
        object.__setattr__(self, "divergence", frozen(self.divergence))
        object.__setattr__(self, "peaks", tuple(self.peaks))


@dataclass(frozen=True)
class Lead:
    """How far the subject leads (or trails) its nearest rival on one factor, in level points, by value
    (a lower level counts as a lead where lower is better); a peak leads by ``margin`` or more."""

    factor: str
    rival: str
    points: float
    margin: float

    @property
    def peak(self) -> bool:
        return self.points >= self.margin - _EPS


@dataclass(frozen=True)
class ErrcPlace:
    """Where one factor of the curve the ERRC grid reads (the target, else today's) stands against the
    industry, and the subject's move on it."""

    factor: str
    action: ErrcAction
    #: The subject's level today, and its target (None without targets).
    level: float
    target: float | None
    #: The levels within which the curve keeps the industry level: the competitors' average plus or
    #: minus ``ERRC_MARGIN`` of the scale, within the scale.
    industry: tuple[float, float]

    @property
    def moves(self) -> bool:
        """The target differs from today's level."""
        return self.target is not None and abs(self.target - self.level) > _EPS


@dataclass(frozen=True)
class SegmentFit:
    """How the subject's curve serves one customer segment."""

    name: str
    alignment: float
    over_delivery: tuple[str, ...]
    under_delivery: tuple[str, ...]


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
    errc: Mapping[ErrcAction, tuple[str, ...]]
    #: What ``alignment`` weighs the lead by: the customers' importance, or the factors' rank.
    alignment_basis: Basis = "rank"
    #: Leading where customers care little, and behind where they care most (with importance).
    over_delivery: tuple[str, ...] = ()
    under_delivery: tuple[str, ...] = ()
    segments: tuple[SegmentFit, ...] = ()
    #: The segment the subject's curve serves best (highest alignment), if there are segments.
    best_segment: str | None = None
    #: Factors whose target differs from the level: (factor, level, target).
    moves: tuple[tuple[str, float, float], ...] = ()
    #: The to-be curve read by the same traits, with targets.
    target: Reading | None = None
    #: Counts of the shortlisted factors' categories and sources (step 1).
    shortlist_mix: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    #: Every shortlisted factor comes from the current offer or the industry: it copies, not differentiates.
    copies_industry: bool = False
    #: Each factor's lead over the nearest rival, largest first: why it is a peak or not.
    leads: tuple[Lead, ...] = ()
    #: The factors where a lower level is better (``better: lower``), in file order: said wherever
    #: over- or under-delivery is judged.
    lower_better: tuple[str, ...] = ()
    #: Each factor's place in the ERRC grid, in file order: its action, the subject's move, the industry's range.
    places: tuple[ErrcPlace, ...] = ()
    #: Over- and under-delivery calls whose survey interval of importance reaches into another third.
    uncertain: tuple[UncertainCall, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "divergence", frozen(self.divergence))
        object.__setattr__(self, "errc", frozen({a: tuple(names) for a, names in self.errc.items()}))
        object.__setattr__(self, "peaks", tuple(self.peaks))
        object.__setattr__(self, "shortlist_mix", frozen({k: frozen(v) for k, v in self.shortlist_mix.items()}))
        object.__setattr__(self, "places", tuple(self.places))
        object.__setattr__(self, "lower_better", tuple(self.lower_better))

    def place_of(self, factor: str) -> ErrcPlace:
        return next(p for p in self.places if p.factor == factor)

    @property
    def moves_within_industry(self) -> tuple[ErrcPlace, ...]:
        """The factors the subject moves on whose target stays within the industry's range: the grid
        keeps them at the industry level although they move."""
        return tuple(p for p in self.places if p.moves and p.action == "keep")

    @property
    def errc_basis(self) -> Literal["levels", "target"]:
        """Which curve the ERRC grid reads: today's levels, or the targets."""
        return "target" if self.target is not None else "levels"

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
        """One code per trait, in trait order (see :func:`positioning.i18n.wording.diagnosis_summary`)."""
        return (self.shape, self.difference, self.placement)

    def action_of(self, factor: str) -> ErrcAction:
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
    return weighted_alignment(subject, rivals, [(n - r) / (n - 1) if n > 1 else 1.0 for r in ranks])


def weighted_alignment(
    subject: Sequence[float], rivals: Sequence[Sequence[float]], importance: Sequence[float]
) -> float:
    """:func:`alignment` with each factor's importance given (0 to 1) instead of derived from its rank.

    >>> weighted_alignment([1.0, 0.0], [[0.0, 0.0]], [0.25, 1.0])
    0.25
    """
    leads = [max(0.0, s - _mean(column)) for s, column in zip(subject, zip(*rivals, strict=True), strict=True)]
    total = sum(leads)
    if total <= _EPS:
        return 0.0
    return sum(lead * u for lead, u in zip(leads, importance, strict=True)) / total


def delivery(
    subject: Sequence[float], rivals: Sequence[Sequence[float]], importance: Sequence[float]
) -> tuple[list[int], list[int]]:
    """Over- and under-delivery on values (1 = most value to the customer) and importance (0 to 1).

    Over: the subject is at or above every competitor where importance is in
    the lowest third. Under: importance in the top third and the subject
    below the competitors' average.

    >>> delivery([0.9, 0.2], [[0.5, 0.6]], [0.1, 0.9])
    ([0], [1])
    """
    over, under = [], []
    for i, (s, u) in enumerate(zip(subject, importance, strict=True)):
        column = [r[i] for r in rivals]
        if u <= IMPORTANCE_THIRD + _EPS and all(s >= r - _EPS for r in column):
            over.append(i)
        if u >= 1 - IMPORTANCE_THIRD - _EPS and s < _mean(column) - _EPS:
            under.append(i)
    return over, under


def peak_indexes(subject: Sequence[float], rivals: Sequence[Sequence[float]]) -> list[int]:
    """Factors where the subject leads every competitor by ``PEAK_MARGIN`` or more."""
    return [i for i, s in enumerate(subject) if s - max(r[i] for r in rivals) >= PEAK_MARGIN - _EPS]


def errc_action(subject: float, rivals: Sequence[float]) -> ErrcAction:
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
    """Focus, divergence, alignment, peaks, verdict and ERRC grid of the subject, with the customer's voice.

    Focus, divergence and the ERRC grid read the levels as drawn; leads,
    peaks, alignment and over- and under-delivery read the value to the
    customer (``1 - level`` where lower is better). With targets, the ERRC
    grid reads the to-be curve and ``target`` judges it.
    """
    ranking = ranking or rank(canvas)
    curves = _Curves.of(canvas, ranking)
    today = curves.read(curves.subject)
    to_be = curves.read(curves.target) if curves.target is not None else None
    errc = curves.errc(curves.target if curves.target is not None else curves.subject)
    importance = curves.importance
    over, under = delivery(curves.value(curves.subject), curves.value_rivals(), importance) if importance else ([], [])
    names = canvas.factor_names
    fits = tuple(
        curves.segment_fit(g.name, weights) for g, weights in zip(canvas.segments, curves.segments, strict=True)
    )
    return Diagnosis(
        subject=canvas.subject,
        focus=today.focus,
        divergence=today.divergence,
        closest_rival=today.closest_rival,
        alignment=today.alignment,
        peaks=today.peaks,
        verdict=today.verdict,
        errc=errc,
        alignment_basis="importance" if importance is not None else "rank",
        over_delivery=tuple(names[i] for i in over),
        under_delivery=tuple(names[i] for i in under),
        segments=fits,
        best_segment=max(fits, key=lambda f: f.alignment).name if fits else None,  # first on a tie
        moves=_moves(canvas),
        target=to_be,
        leads=curves.leads(),
        places=_places(canvas, errc),
        lower_better=tuple(f.name for f in canvas.factors if f.better == "lower"),
        uncertain=uncertain_calls(canvas, [names[i] for i in over], [names[i] for i in under]),
        **_mix(canvas, ranking),
    )


@dataclass(frozen=True)
class _Curves:
    """A canvas's curves normalised to [0, 1], with what the readings need."""

    canvas: Canvas
    subject: list[float]
    rivals: dict[str, list[float]]
    target: list[float] | None
    lower: list[bool]
    #: The importance of each factor in [0, 1] (the customers', else None), and the rank-derived one.
    importance: list[float] | None
    by_rank: list[float]
    segments: list[list[float]]

    @classmethod
    def of(cls, canvas: Canvas, ranking: Ranking) -> _Curves:
        low, high = canvas.scales.level
        score_low, score_high = canvas.scales.score

        def norm(values: Sequence[float]) -> list[float]:
            return [(v - low) / (high - low) for v in values]

        def weight(values: Sequence[float]) -> list[float]:
            return [(v - score_low) / (score_high - score_low) for v in values]

        ranked = ranking.by_name()
        n = len(canvas.factors)
        ranks = [ranked[name].rank for name in canvas.factor_names]
        importance = canvas.importance()
        targets = [f.target for f in canvas.factors]
        return cls(
            canvas=canvas,
            subject=norm(canvas.levels_of(canvas.subject)),
            rivals={name: norm(canvas.levels_of(name)) for name in canvas.competitors},
            target=norm([float(t or 0.0) for t in targets]) if targets[0] is not None else None,
            lower=[f.better == "lower" for f in canvas.factors],
            importance=weight(importance) if importance is not None else None,
            by_rank=[(n - r) / (n - 1) if n > 1 else 1.0 for r in ranks],
            segments=[weight([g.importance[name] for name in canvas.factor_names]) for g in canvas.segments],
        )

    def value(self, curve: Sequence[float]) -> list[float]:
        """Value to the customer: the level, or ``1 - level`` where lower is better."""
        return [1 - x if lower else x for x, lower in zip(curve, self.lower, strict=True)]

    def value_rivals(self) -> list[list[float]]:
        return [self.value(c) for c in self.rivals.values()]

    def read(self, curve: list[float]) -> Reading:
        """The three traits of ``curve`` (today's or the to-be one) against the competitors."""
        div = {name: divergence(curve, c) for name, c in self.rivals.items()}
        closest = min(div, key=div.__getitem__)  # first in file order on a tie
        values, rivals = self.value(curve), self.value_rivals()
        names = self.canvas.factor_names
        peaks = tuple(names[i] for i in peak_indexes(values, rivals))
        a = weighted_alignment(values, rivals, self.importance if self.importance is not None else self.by_rank)
        f = focus(curve)
        return Reading(f, div, closest, a, peaks, judge(f, div[closest], a, peaks))

    def errc(self, curve: list[float]) -> dict[ErrcAction, tuple[str, ...]]:
        """The four actions of ``curve`` against the industry, on levels (it describes the curve)."""
        names = self.canvas.factor_names
        actions = [errc_action(s, [c[i] for c in self.rivals.values()]) for i, s in enumerate(curve)]
        return {act: tuple(n for n, a in zip(names, actions, strict=True) if a == act) for act in ERRC_ACTIONS}

    def leads(self) -> tuple[Lead, ...]:
        """Today's lead over the nearest rival on every factor, in level points, largest first."""
        low, high = self.canvas.scales.level
        values, rivals = self.value(self.subject), {n: self.value(c) for n, c in self.rivals.items()}
        found = []
        for i, name in enumerate(self.canvas.factor_names):
            nearest = max(rivals, key=lambda r: rivals[r][i])  # the first in file order on a tie
            points = (values[i] - rivals[nearest][i]) * (high - low)
            found.append(Lead(name, nearest, round(points, 9), PEAK_MARGIN * (high - low)))
        return tuple(sorted(found, key=lambda lead: -lead.points))

    def segment_fit(self, name: str, importance: list[float]) -> SegmentFit:
        values, rivals = self.value(self.subject), self.value_rivals()
        over, under = delivery(values, rivals, importance)
        names = self.canvas.factor_names
        return SegmentFit(
            name=name,
            alignment=weighted_alignment(values, rivals, importance),
            over_delivery=tuple(names[i] for i in over),
            under_delivery=tuple(names[i] for i in under),
        )


def _moves(canvas: Canvas) -> tuple[tuple[str, float, float], ...]:
    """Every factor whose target differs from the subject's level."""
    return tuple(
        (f.name, float(f.levels[canvas.subject]), float(f.target))
        for f in canvas.factors
        if f.target is not None and abs(f.target - f.levels[canvas.subject]) > _EPS
    )


def _places(canvas: Canvas, errc: Mapping[ErrcAction, Sequence[str]]) -> tuple[ErrcPlace, ...]:
    """Each factor's :class:`ErrcPlace`; the industry's range is where :func:`errc_action` says "keep"
    (short of eliminating or creating): within ``ERRC_MARGIN`` of the scale of the competitors' average."""
    low, high = canvas.scales.level
    margin = ERRC_MARGIN * (high - low)
    action = {name: a for a, names in errc.items() for name in names}
    places = []
    for f in canvas.factors:
        average = _mean([float(f.levels[c]) for c in canvas.competitors])
        industry = (round(max(low, average - margin), 9), round(min(high, average + margin), 9))
        target = float(f.target) if f.target is not None else None
        places.append(ErrcPlace(f.name, action[f.name], float(f.levels[canvas.subject]), target, industry))
    return tuple(places)


def _mix(canvas: Canvas, ranking: Ranking) -> dict[str, Any]:
    """Step 1 over the shortlist: how many factors of each category and source, and whether it only copies."""
    shortlisted = [f for f in canvas.factors if f.name in set(ranking.shortlist)]
    mix = {
        "category": {c: sum(f.category == c for f in shortlisted) for c in CATEGORIES},
        "source": {s: sum(f.source == s for f in shortlisted) for s in SOURCES},
    }
    copies = bool(shortlisted) and all(f.source in COPY_SOURCES for f in shortlisted)
    return {"shortlist_mix": mix, "copies_industry": copies}


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
