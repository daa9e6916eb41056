"""The faster ranking of the weight samples gives the same answers as before (issue 25).

The samples used to be ranked by a stable sort of the rounded scores; they are now ranked by one
sort of unique integer keys. The former implementation is kept here, verbatim, as the reference,
and both are run on the same scores: random canvases full of exact ties (integer scores, repeated
rows), near ties inside the ranking's tolerance, gaps at the tolerance itself, negative and large
scores (the keys' fallback), a scoring panel, and samples split over several chunks.
"""

from __future__ import annotations

import numpy as np
import pytest

from positioning.core.model import CRITERIA, Canvas
from positioning.core.robustness import (
    _CHUNK_CELLS,
    _TIE,
    Outcomes,
    _rank_range,
    affordable_samples,
    analyse,
    outcomes,
    panel_arrays,
    panel_scores,
    sample_ranks,
    sample_weights,
    smallest_change,
)
from positioning.core.scoring import rank

from .factory import make_canvas

# --- the former implementation, the reference ---------------------------------------------------


def _old_ordered_ranks(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    count = scores.shape[1]
    scores = np.round(scores, 12)
    order = np.argsort(-scores, axis=1, kind="stable")
    ordered = np.take_along_axis(scores, order, axis=1)
    gaps = ordered[:, :-1] - ordered[:, 1:]
    tied = np.zeros(ordered.shape, dtype=bool)
    tied[:, 1:] = gaps <= _TIE
    positions = np.arange(1, count + 1)
    if tied.any():
        run_ranks = np.maximum.accumulate(np.where(tied, 0, positions), axis=1)
    else:
        run_ranks = np.broadcast_to(positions, order.shape).copy()
    rows = np.flatnonzero(((gaps > 0) & tied[:, 1:]).any(axis=1))
    if rows.size:
        ranks = np.empty((rows.size, count), dtype=order.dtype)
        np.put_along_axis(ranks, order[rows], run_ranks[rows], axis=1)
        order[rows] = np.argsort(ranks * count + np.arange(count), axis=1, kind="stable")
        run_ranks[rows] = np.take_along_axis(ranks, order[rows], axis=1)
    return order, run_ranks


def _old_outcomes(chunks: list[np.ndarray], *, top: int, shortlist: list[int]) -> Outcomes:
    count = chunks[0].shape[1]
    expected = np.zeros(count, dtype=bool)
    expected[shortlist] = True
    chosen = np.zeros(count, dtype=np.int64)
    ranks = np.zeros((count, count), dtype=np.int64)
    samples = same = 0
    for scores in chunks:
        order, run_ranks = _old_ordered_ranks(scores)
        samples += scores.shape[0]
        chosen += np.bincount(order[:, :top].ravel(), minlength=count)
        same += int(expected[order[:, :top]].all(axis=1).sum())
        cells = (order * count + (run_ranks - 1)).ravel()
        ranks += np.bincount(cells, minlength=count * count).reshape(count, count)
    return Outcomes(chosen / samples, ranks / samples, _rank_range(ranks, samples), same / samples)


def _old_analysis(canvas: Canvas) -> tuple[list[tuple], float]:
    """``analyse``'s odds (in the ranking's order, as plain tuples) and same-shortlist share, the former way."""
    settings, ranking = canvas.robustness, rank(canvas)
    index = {name: k for k, name in enumerate(canvas.factor_names)}
    shortlist = [index[name] for name in ranking.shortlist]
    w = np.array([ranking.weights[c] for c in CRITERIA])
    matrix = np.array([[s.as_dict()[c] for c in CRITERIA] for s in canvas.factor_scores()])
    resample = bool(canvas.panel) and any(f.scores is None for f in canvas.factors)
    raters = len(canvas.panel) if resample else 0
    samples = affordable_samples(settings.samples, len(canvas.factors), raters, canvas.panel_aggregate)
    rng = np.random.default_rng(settings.seed)
    drawn = sample_weights(w, concentration=settings.concentration, samples=samples, rng=rng)
    picks = rng.integers(0, raters, size=(samples, raters)) if resample else None
    panel, fixed = panel_arrays(canvas) if resample else (None, None)
    step = max(1, _CHUNK_CELLS // len(canvas.factors))
    chunks = []
    for start in range(0, samples, step):
        part = slice(start, start + step)
        if picks is None or panel is None:
            chunks.append(drawn[part] @ matrix.T)
        else:
            chunks.append(panel_scores(drawn[part], panel, picks[part], aggregate=canvas.panel_aggregate, fixed=fixed))
    seen = _old_outcomes(chunks, top=canvas.top, shortlist=shortlist)
    odds = [
        (
            f.name,
            float(seen.shortlist_probability[index[f.name]]),
            tuple(float(p) for p in seen.rank_probability[index[f.name]]),
            (int(seen.rank_range[index[f.name], 0]), int(seen.rank_range[index[f.name], 1])),
        )
        for f in ranking.factors
    ]
    return odds, seen.same_shortlist


# --- scores with every kind of tie ----------------------------------------------------------------


def _tied_scores(rng: np.random.Generator, rows: int, count: int) -> np.ndarray:
    """Composites of integer scores under drawn weights (exact ties, repeated rows, last-bit
    differences), with near ties and gaps at the tolerance planted in some rows."""
    matrix = rng.integers(1, 6, size=(count, 4)).astype(float)
    matrix[rng.integers(0, count, size=count // 3)] = matrix[0]  # repeated rows: exact ties
    weights = rng.dirichlet(np.full(4, rng.uniform(1, 60)), size=rows)
    weights[: rows // 4] = np.round(weights[: rows // 4], 1)  # weights like 0.1: inexact sums
    scores = weights @ matrix.T
    planted = rng.integers(0, rows, size=rows // 2)
    a, b = rng.integers(0, count, size=(2, planted.size))
    offsets = rng.choice([5e-10, -5e-10, 1e-9, -1e-9, 1e-9 + 1e-12, 1e-9 - 1e-12, 2e-12, 1e-13], size=planted.size)
    scores[planted, b] = scores[planted, a] + offsets
    return scores


@pytest.mark.parametrize("seed", range(12))
def test_samples_rank_as_the_former_stable_sort_did(seed: int) -> None:
    rng = np.random.default_rng(seed)
    count = int(rng.choice([1, 2, 3, 7, 40, 129, 600]))
    scores = _tied_scores(rng, 300, count)
    if seed % 3 == 1:
        scores = scores - 4.0  # negative composites
    old_order, old_runs = _old_ordered_ranks(scores.copy())
    ranks, order = sample_ranks(scores)
    assert np.array_equal(order, old_order)
    old_ranks = np.empty_like(old_order)
    np.put_along_axis(old_ranks, old_order, old_runs, axis=1)
    assert np.array_equal(ranks, old_ranks)


@pytest.mark.parametrize("scale", [1e6, -1e6, 3e15])
def test_scores_too_large_for_the_keys_rank_as_before(scale: float) -> None:
    scores = _tied_scores(np.random.default_rng(7), 200, 50) * scale
    ranks, order = sample_ranks(scores)
    old_order, old_runs = _old_ordered_ranks(scores.copy())
    assert np.array_equal(order, old_order)
    assert np.array_equal(np.take_along_axis(ranks, order, axis=1), old_runs)


@pytest.mark.parametrize("seed", range(8))
def test_counts_over_chunks_are_the_former_counts(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    count = int(rng.integers(2, 60))
    top = int(rng.integers(1, count + 1))
    shortlist = sorted(rng.choice(count, size=top, replace=False).tolist())
    chunks = [_tied_scores(rng, int(rng.integers(1, 90)), count) for _ in range(4)]
    old = _old_outcomes([c.copy() for c in chunks], top=top, shortlist=shortlist)
    new = outcomes(np.concatenate(chunks), top=top, shortlist=shortlist)
    assert np.array_equal(new.shortlist_probability, old.shortlist_probability)
    assert np.array_equal(new.rank_probability, old.rank_probability)
    assert np.array_equal(new.rank_range, old.rank_range)
    assert new.same_shortlist == old.same_shortlist


# --- whole analyses ---------------------------------------------------------------------------------


def _random_canvas(seed: int) -> Canvas:
    rng = np.random.default_rng(seed)
    n = int(rng.choice([3, 12, 60, 240, 650]))
    scores = rng.integers(1, 6, size=(n, 4)).astype(float)
    if seed % 2:
        scores = np.round(rng.uniform(1, 5, size=(n, 4)), 1)
    scores[rng.integers(0, n, size=n // 2)] = scores[0]  # many factors level with the first
    weights = {c: int(x) for c, x in zip(CRITERIA, rng.integers(0, 4, size=4), strict=True)}
    weights["attractiveness"] = max(weights["attractiveness"], 1)
    settings = {"samples": int(rng.choice([100, 777, 4001])), "seed": seed, "concentration": float(rng.uniform(2, 80))}
    return make_canvas(
        {"Us": [5] * n, "Them": [5] * n},
        scores.tolist(),
        weights=weights,
        top=int(rng.integers(1, min(n, 6) + 1)),
        robustness=settings,
    )


def _as_plain(result) -> tuple[list[tuple], float]:
    odds = [(f.name, f.shortlist_probability, f.rank_probability, f.rank_range) for f in result.factors]
    return odds, result.same_shortlist


@pytest.mark.parametrize("seed", range(10))
def test_an_analysis_is_the_former_analysis(seed: int) -> None:
    canvas = _random_canvas(seed)
    assert _as_plain(analyse(canvas)) == _old_analysis(canvas)


@pytest.mark.parametrize("aggregate", ["mean", "median"])
def test_an_analysis_with_a_panel_is_the_former_analysis(aggregate: str) -> None:
    rng = np.random.default_rng(11)
    names = [f"F{i + 1}" for i in range(30)]
    panel = [
        {
            "rater": f"R{k}",
            "scores": {n: dict(zip(CRITERIA, map(float, rng.integers(1, 6, size=4)), strict=True)) for n in names},
        }
        for k in range(4)
    ]
    data = make_canvas(
        {"Us": [5] * 30, "Them": [5] * 30},
        [[3, 3, 3, 3]] * 30,
        top=3,
        panel=panel,
        panel_aggregate=aggregate,
        robustness={"samples": 1500, "seed": 4},
    ).model_dump()
    for f in data["factors"][1:]:
        f.pop("scores")
    canvas = Canvas.model_validate(data)
    result = analyse(canvas)
    assert result.panel_resampled
    assert _as_plain(result) == _old_analysis(canvas)


# --- the contenders of the smallest change ----------------------------------------------------------


def _old_front(matrix: np.ndarray, members: np.ndarray, active: np.ndarray, *, upper: bool) -> np.ndarray:
    scores = matrix[np.ix_(members, np.flatnonzero(active))]
    sign = 1.0 if upper else -1.0
    ge = (sign * (scores[:, None, :] - scores[None, :, :]) >= 0).all(axis=2)
    gt = (sign * (scores[:, None, :] - scores[None, :, :]) > 0).all(axis=2)
    earlier = members[:, None] < members[None, :] if upper else members[:, None] > members[None, :]
    beaten = (ge & earlier) | gt
    np.fill_diagonal(beaten, False)
    return members[~beaten.any(axis=0)]


def _old_named(matrix: np.ndarray, points, inside: np.ndarray):
    top = inside.size
    for point in points:
        order, _ = _old_ordered_ranks((matrix @ (point / point.sum()))[None, :])
        new = order[0, :top]
        entering = [int(k) for k in new if k not in inside]
        if entering:
            leaving = [int(k) for k in order[0, top:] if k in inside]
            return entering[0], leaving[0]
    return None


def _contenders(rng: np.random.Generator, n: int) -> np.ndarray:
    kind = rng.integers(0, 3)
    if kind == 0:  # integer scores: many repeated rows
        return rng.integers(1, 6, size=(n, 4)).astype(float)
    if kind == 1:  # scores along a trade-off: large fronts
        a = rng.uniform(0, 1, size=n)
        return np.stack([a, 1 - a, rng.integers(1, 3, size=n), np.round(a * 7) / 7], axis=1)
    return np.round(rng.uniform(1, 5, size=(n, 4)), 1)


@pytest.mark.parametrize("seed", range(16))
def test_the_contenders_are_the_former_contenders(seed: int) -> None:
    from positioning.core.robustness import _front

    rng = np.random.default_rng(seed)
    n = int(rng.choice([1, 2, 5, 60, 257, 700]))
    matrix = _contenders(rng, n)
    members = np.sort(rng.choice(n, size=int(rng.integers(1, n + 1)), replace=False)).astype(np.int64)
    active = rng.random(4) < 0.75
    active[rng.integers(0, 4)] = True
    for upper in (True, False):
        former = _old_front(matrix, members, active, upper=upper)
        assert np.array_equal(_front(matrix, members, active, upper=upper), former)


@pytest.mark.parametrize("seed", range(6))
def test_the_smallest_change_and_thresholds_are_the_former_ones(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from positioning.core import robustness

    rng = np.random.default_rng(50 + seed)
    matrix = _contenders(rng, int(rng.choice([20, 300, 900])))
    weights = rng.dirichlet(np.ones(4))
    order = sorted(range(matrix.shape[0]), key=lambda i: (-round(float(matrix[i] @ weights), 9), i))
    shortlist = order[: int(rng.integers(1, 6))]
    found, alone = smallest_change(matrix, weights, shortlist), robustness.thresholds(matrix, weights, shortlist)
    monkeypatch.setattr(robustness, "_front", _old_front)
    monkeypatch.setattr(robustness, "_named", _old_named)
    former = smallest_change(matrix, weights, shortlist)
    assert alone == robustness.thresholds(matrix, weights, shortlist)
    assert (found is None) == (former is None)
    if found is not None and former is not None:
        assert (found[0], found[1].tolist(), found[2:]) == (former[0], former[1].tolist(), former[2:])
