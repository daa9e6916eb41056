"""The robustness analysis, checked against independent computations.

The samples are ranked again one by one with :func:`positioning.core.scoring.rank`
(the pure-Python ranking the rest of the product uses) and counted in plain
Python; the smallest change is checked against scipy's linear programming
(HiGHS), one program per pair of factors, and against a brute-force grid.
"""

from __future__ import annotations

import itertools
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest
from scipy.optimize import linprog

from positioning.core.model import CRITERIA, Canvas, Weights
from positioning.core.robustness import analyse, sample_ranks, sample_weights, smallest_change, tornado
from positioning.core.scoring import competition_ranks, rank, weighted_scores

from .factory import make_canvas


def _canvas(matrix: list[list[float]], *, weights: dict[str, float] | None = None, top: int = 2, **extra) -> Canvas:
    n = len(matrix)
    return make_canvas(
        {"Us": [5] * n, "Them": [5] * n},
        [list(row) for row in matrix],
        weights=weights or dict.fromkeys(CRITERIA, 1),
        top=top,
        **extra,
    )


def _with_weights(canvas: Canvas, weights: np.ndarray) -> Canvas:
    return canvas.model_copy(update={"weights": Weights(**dict(zip(CRITERIA, map(float, weights), strict=True)))})


def _random_matrix(rng: np.random.Generator, n: int, *, integers: bool) -> list[list[float]]:
    if integers:
        return rng.integers(1, 6, size=(n, 4)).astype(float).tolist()
    return rng.uniform(1, 5, size=(n, 4)).round(3).tolist()


# --- ranks of the samples -----------------------------------------------------------------


@pytest.mark.parametrize("seed", range(20))
def test_sample_ranks_are_the_rankings_ranks_and_order(seed: int) -> None:
    rng = np.random.default_rng(seed)
    scores = rng.integers(1, 5, size=(30, 7)).astype(float) / 3  # many exact and near ties
    scores[:, 3] = scores[:, 2] + 5e-10  # a near tie, within the ranking's tolerance
    ranks, order = sample_ranks(scores)
    for row in range(scores.shape[0]):
        expected = competition_ranks(list(scores[row]))
        assert ranks[row].tolist() == expected
        assert order[row].tolist() == sorted(range(7), key=lambda i: (expected[i], i))


def test_zero_weights_stay_zero_and_samples_centre_on_the_weights() -> None:
    w = np.array([0.5, 0.0, 0.3, 0.2])
    drawn = sample_weights(w, concentration=40, samples=20_000, rng=np.random.default_rng(1))
    assert (drawn[:, 1] == 0).all()
    assert np.allclose(drawn.sum(axis=1), 1)
    assert np.allclose(drawn.mean(axis=0), w, atol=0.005)
    # Dirichlet variance: w(1 - w) / (concentration + 1)
    assert np.allclose(drawn.var(axis=0), w * (1 - w) / 41, rtol=0.1)


def test_one_weighted_criterion_is_never_moved() -> None:
    drawn = sample_weights(np.array([0.0, 1.0, 0.0, 0.0]), concentration=40, samples=10, rng=np.random.default_rng())
    assert (drawn == [0, 1, 0, 0]).all()


@pytest.mark.parametrize(("seed", "integers"), [(0, True), (1, False), (2, True), (3, False)])
def test_probabilities_match_ranking_every_sample_one_by_one(seed: int, integers: bool) -> None:
    rng = np.random.default_rng(seed)
    canvas = _canvas(
        _random_matrix(rng, 6, integers=integers),
        weights={"attractiveness": 3, "unmet_need": 1, "capability": 2, "barriers": 0},
        top=2,
        robustness={"samples": 300, "seed": seed, "concentration": 8},
    )
    result = analyse(canvas)
    w = np.array([rank(canvas).weights[c] for c in CRITERIA])
    drawn = sample_weights(w, concentration=8, samples=300, rng=np.random.default_rng(seed))
    shortlisted: Counter[str] = Counter()
    ranks: dict[str, list[int]] = {name: [] for name in canvas.factor_names}
    same = 0
    for weights in drawn:
        ranking = rank(_with_weights(canvas, weights))
        shortlisted.update(ranking.shortlist)
        same += set(ranking.shortlist) == set(rank(canvas).shortlist)
        for f in ranking.factors:
            ranks[f.name].append(f.rank)
    assert result.same_shortlist == same / 300
    for odds in result.factors:
        assert odds.shortlist_probability == shortlisted[odds.name] / 300
        counted = Counter(ranks[odds.name])
        assert list(odds.rank_probability) == [counted[r] / 300 for r in range(1, 7)]
        low, high = np.percentile(ranks[odds.name], [5, 95], method="inverted_cdf")
        assert odds.rank_range == (int(low), int(high))
    assert [f.name for f in result.factors] == [f.name for f in rank(canvas).factors]


def test_runs_repeat_and_the_seed_matters() -> None:
    canvas = _canvas(_random_matrix(np.random.default_rng(5), 8, integers=False), robustness={"concentration": 5})
    assert analyse(canvas) == analyse(canvas)
    other = canvas.model_copy(update={"robustness": canvas.robustness.model_copy(update={"seed": 9})})
    assert analyse(other).factors != analyse(canvas).factors


def test_a_clear_winner_is_stable_and_a_coin_toss_is_not() -> None:
    clear = analyse(_canvas([[5, 5, 5, 5], [1, 1, 1, 1], [2, 2, 2, 2]], top=1))
    assert clear.stable and clear.same_shortlist == 1.0 and clear.smallest_change is None
    toss = analyse(_canvas([[5, 1, 3, 3], [1, 5, 3, 3]], top=1))
    assert not toss.stable
    assert 0.4 < toss.factors[0].shortlist_probability < 0.6
    assert toss.smallest_change is not None and toss.smallest_change.distance == 0.0


# --- the smallest change -------------------------------------------------------------------


def _lp_distance(matrix: np.ndarray, w: np.ndarray, shortlist: list[int]) -> float | None:
    """The same question answered by scipy's LP solver, one program per (outside, inside) pair."""
    active = np.flatnonzero(w > 0)
    m = active.size
    best = None
    for j in set(range(len(matrix))) - set(shortlist):
        for i in shortlist:
            d = (matrix[j] - matrix[i])[active]
            # variables: v (m), t; minimise t
            a_ub = [[*(-d), 0.0]]
            b_ub = [0.0]
            for k in range(m):
                row = [0.0] * (m + 1)
                row[k], row[m] = 1.0, -1.0
                a_ub.append(row)
                b_ub.append(w[active][k])
                row = [0.0] * (m + 1)
                row[k], row[m] = -1.0, -1.0
                a_ub.append(row)
                b_ub.append(-w[active][k])
            solved = linprog(
                c=[0.0] * m + [1.0],
                A_ub=a_ub,
                b_ub=b_ub,
                A_eq=[[1.0] * m + [0.0]],
                b_eq=[1.0],
                bounds=[(0, None)] * (m + 1),
                method="highs",
            )
            if solved.status == 0 and (best is None or solved.fun < best):
                best = solved.fun
    return best


@pytest.mark.parametrize("seed", range(40))
def test_smallest_change_is_the_linear_programs_answer(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 9))
    matrix = rng.uniform(1, 5, size=(n, 4)).round(2)
    raw = rng.uniform(0, 1, size=4)
    if seed % 4 == 0:
        raw[rng.integers(0, 4)] = 0.0  # a criterion left out
    w = raw / raw.sum()
    top = int(rng.integers(1, n))
    canvas = _canvas(matrix.tolist(), weights=dict(zip(CRITERIA, raw.tolist(), strict=True)), top=top)
    shortlist = [canvas.factor_names.index(name) for name in rank(canvas).shortlist]
    found = smallest_change(matrix, w, shortlist)
    expected = _lp_distance(matrix, w, shortlist)
    if expected is None:
        assert found is None
        return
    assert found is not None
    distance, v, enters, leaves = found
    assert distance == pytest.approx(expected, abs=1e-7)
    assert v.sum() == pytest.approx(1.0) and (v >= -1e-12).all()
    assert np.abs(v - w).max() == pytest.approx(distance, abs=1e-9)
    assert (v[w == 0] == 0).all()
    assert enters not in shortlist and leaves in shortlist
    assert matrix[enters] @ v >= matrix[leaves] @ v - 1e-9


def _simplex_grid(steps: int) -> list[np.ndarray]:
    return [
        np.array([a, b, c, steps - a - b - c]) / steps
        for a, b, c in itertools.product(range(steps + 1), repeat=3)
        if a + b + c <= steps
    ]


@pytest.mark.parametrize("seed", range(8))
def test_no_weights_nearer_than_the_smallest_change_change_the_shortlist(seed: int) -> None:
    """A brute-force grid over every weight vector (steps of 1/24): none nearer changes the shortlist."""
    rng = np.random.default_rng(100 + seed)
    matrix = rng.integers(1, 6, size=(5, 4)).astype(float)
    canvas = _canvas(matrix.tolist(), top=2)
    shortlist = set(rank(canvas).shortlist)
    w = np.full(4, 0.25)
    found = smallest_change(matrix, w, [canvas.factor_names.index(s) for s in shortlist])
    changes = [
        float(np.abs(v - w).max())
        for v in _simplex_grid(24)
        if set(rank(_with_weights(canvas, v)).shortlist) != shortlist
    ]
    if found is None:
        assert not changes
        return
    assert changes, "a change was found but no grid point changes the shortlist"
    assert min(changes) >= found[0] - 1e-9
    assert min(changes) <= found[0] + 1 / 24 + 1e-9  # and one is near


def test_smallest_change_by_hand() -> None:
    # A: 5 on attractiveness, 1 on unmet need; B the opposite but 4. Weights 0.6/0.4: A 3.4, B 2.2.
    # B catches A when 5a + 1(1 - a) = 1a + 4(1 - a), a = 3/7: attractiveness falls by 0.6 - 3/7 = 0.1714...
    distance, v, enters, leaves = smallest_change(
        np.array([[5.0, 1, 0, 0], [1, 4, 0, 0]]), np.array([0.6, 0.4, 0, 0]), [0]
    )
    assert distance == pytest.approx(0.6 - 3 / 7)
    assert v == pytest.approx([3 / 7, 4 / 7, 0, 0])
    assert (enters, leaves) == (1, 0)


def test_a_tie_lets_the_earlier_factor_in_but_not_the_later() -> None:
    # Same scores: the later factor never overtakes the earlier one, whatever the weights.
    assert smallest_change(np.array([[3.0, 3, 3, 3], [3, 3, 3, 3]]), np.full(4, 0.25), [0]) is None
    # The earlier factor outside can tie its way in on barriers alone (distance 0.75).
    found = smallest_change(np.array([[1.0, 1, 1, 3], [4, 4, 4, 3]]), np.full(4, 0.25), [1])
    assert found is not None and found[0] == pytest.approx(0.75)


# --- the smallest change on canvases with ties, checked independently -------------------------------


def _shortlist_at(matrix: np.ndarray, v: np.ndarray, top: int) -> list[int]:
    """The ranking's own order (pure Python: weighted scores, competition ranks, file order breaks ties)."""
    ranks = competition_ranks(weighted_scores(matrix.tolist(), np.maximum(v, 0.0).tolist()))
    return sorted(range(len(ranks)), key=lambda k: (ranks[k], k))


def _pair_lp(d: np.ndarray, w: np.ndarray) -> float | None:
    """The smallest largest-weight change that brings ``d . v`` to 0: one linear program (HiGHS)."""
    m = d.size
    a_ub = [[*(-d), 0.0]]
    b_ub = [0.0]
    for k in range(m):
        for sign in (1.0, -1.0):
            row = [0.0] * (m + 1)
            row[k], row[m] = sign, -1.0
            a_ub.append(row)
            b_ub.append(sign * w[k])
    solved = linprog(
        c=[0.0] * m + [1.0],
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=[[1.0] * m + [0.0]],
        b_eq=[1.0],
        bounds=[(0, None)] * (m + 1),
        method="highs",
    )
    return float(solved.fun) if solved.status == 0 else None


def _lp_with_ties(matrix: np.ndarray, w: np.ndarray, shortlist: list[int]) -> float | None:
    """One program per (outside j, inside i); a pair that can only tie counts when j is earlier in the file."""
    active = np.flatnonzero(w > 0)
    found = []
    for j in sorted(set(range(len(matrix))) - set(shortlist)):
        for i in shortlist:
            d = (matrix[j] - matrix[i])[active]
            if d.max() < 0 or (d.max() == 0 and j > i):
                continue
            found.append(_pair_lp(d, w[active]))
    return min((f for f in found if f is not None), default=None)


def _named_beyond(matrix: np.ndarray, w: np.ndarray, v: np.ndarray, distance: float, top: int):
    """Who enters and who leaves just beyond ``v``, moving on from ``w`` through ``v`` (a weight brought to
    zero stays there); None when that does not change it (a knife-edge has no "through v", and a move that
    only brings weights to zero stays at ``v``). Not at ``v`` itself: a tie of several factors there may
    let in or drop another pair than any move past it."""
    before = _shortlist_at(matrix, w, top)[:top]
    points = [np.maximum(v + 1e-6 * (v - w) / distance, 0)] if distance > 0 else []
    for point in points:
        order = _shortlist_at(matrix, point, top)
        new = order[:top]
        if set(new) != set(before):
            return next(k for k in new if k not in before), next(k for k in order[top:] if k in before)
    return None


def test_smallest_change_on_canvases_with_ties_is_the_lps_distance_and_names_the_pair_just_beyond() -> None:
    """300 seeded canvases of whole-number scores and weights (ties everywhere): the distance is the
    linear programs' and the pair named is the one the ranking shows just beyond the boundary."""
    rng = np.random.default_rng(2023)
    named = 0
    for _ in range(300):
        n = int(rng.integers(3, 8))
        matrix = rng.integers(1, 6, size=(n, 4)).astype(float)
        raw = rng.integers(0, 5, size=4).astype(float)
        if raw.sum() == 0:
            raw[0] = 1.0
        w = raw / raw.sum()
        top = int(rng.integers(1, n))
        shortlist = _shortlist_at(matrix, w, top)[:top]
        found = smallest_change(matrix, w, shortlist)
        expected = _lp_with_ties(matrix, w, shortlist)
        if expected is None:
            assert found is None
            continue
        assert found is not None, (matrix.tolist(), w.tolist(), top)
        distance, v, enters, leaves = found
        assert distance == pytest.approx(expected, abs=1e-7), (matrix.tolist(), w.tolist(), top)
        assert v.sum() == pytest.approx(1.0) and (v >= -1e-12).all()
        assert np.abs(v - w).max() == pytest.approx(distance, abs=1e-9)
        beyond = _named_beyond(matrix, w, v, distance, top)
        if beyond is not None:
            named += 1
            assert (enters, leaves) == beyond, (matrix.tolist(), w.tolist(), top)
    assert named >= 200  # the pair is checked on most canvases (a knife-edge has no "through v")


# --- the tornado ----------------------------------------------------------------------------


def test_tornado_matches_the_ranking_with_moved_weights() -> None:
    canvas = _canvas(
        [[5, 3, 4, 1], [2, 5, 1, 4], [3, 3, 3, 3]],
        weights={"attractiveness": 2, "unmet_need": 1, "capability": 1, "barriers": 0},
    )
    result = analyse(canvas)
    w = np.array([0.5, 0.25, 0.25, 0.0])
    for bar in result.tornado:
        c = CRITERIA.index(bar.criterion)
        for value, step in ((bar.low, -0.1), (bar.high, 0.1)):
            moved = w.copy()
            moved[c] = min(max(w[c] + step, 0), 1)
            others = [k for k in range(4) if k != c]
            moved[others] = w[others] * (1 - moved[c]) / w[others].sum()
            score = rank(_with_weights(canvas, moved)).by_name()[bar.factor].score
            assert value == pytest.approx(score)
    assert len(result.tornado) == 3 * 4


def test_tornado_of_a_single_weight_shares_the_rest_equally() -> None:
    low, high = tornado(np.array([[4.0, 1, 1, 1]]), np.array([1.0, 0, 0, 0]), 0.1)
    assert low[0, 0] == pytest.approx(0.9 * 4 + 0.1)
    assert high[0, 0] == pytest.approx(4.0)  # clamped at 1


# --- a panel resampled ---------------------------------------------------------------------------


def _panel_canvas(raters: list[list[list[float]]], **extra) -> Canvas:
    names = [f"F{i + 1}" for i in range(len(raters[0]))]
    panel = [
        {
            "rater": f"R{k}",
            "scores": {n: dict(zip(CRITERIA, row, strict=True)) for n, row in zip(names, rows, strict=True)},
        }
        for k, rows in enumerate(raters)
    ]
    canvas = _canvas(raters[0], top=1, panel=panel, **extra)
    data = canvas.model_dump()
    for f in data["factors"]:
        f.pop("scores")
    return Canvas.model_validate(data)


def test_agreeing_raters_change_nothing_and_disagreeing_raters_widen_the_ranges() -> None:
    rows = [[4, 4, 4, 4], [3.5, 3.5, 3.5, 3.5], [2, 2, 2, 2]]
    same = _panel_canvas([rows, rows, rows])
    assert analyse(same).factors == analyse(_canvas(rows, top=1)).factors
    apart = _panel_canvas([rows, [[2, 2, 2, 2], [5, 5, 5, 5], [2, 2, 2, 2]], rows])
    resampled = analyse(apart)
    assert resampled.panel_resampled
    first = resampled.by_name()["F1"]
    # The panel's mean puts F2 first; F1 wins only in the samples that never draw rater R1: (2/3)^3.
    assert rank(apart).shortlist == ("F2",)
    assert first.rank_range == (1, 2)
    assert first.shortlist_probability == pytest.approx(8 / 27, abs=0.015)


def test_medians_of_the_drawn_raters() -> None:
    rows = [[4, 4, 4, 4], [3.5, 3.5, 3.5, 3.5], [2, 2, 2, 2]]
    apart = _panel_canvas([rows, [[2, 2, 2, 2], [5, 5, 5, 5], [2, 2, 2, 2]], rows], panel_aggregate="median")
    assert rank(apart).shortlist == ("F1",)
    # F1 keeps first place while rater R1 is drawn at most once of three: 20/27.
    assert analyse(apart).by_name()["F1"].shortlist_probability == pytest.approx(20 / 27, abs=0.015)


def test_the_files_own_scores_are_not_resampled() -> None:
    rows = [[4, 4, 4, 4], [3.5, 3.5, 3.5, 3.5], [2, 2, 2, 2]]
    apart = _panel_canvas([rows, [[2, 2, 2, 2], [5, 5, 5, 5], [2, 2, 2, 2]], rows])
    data = apart.model_dump()
    data["factors"][1]["scores"] = dict.fromkeys(CRITERIA, 1.0)  # F2 scored in the file: always last
    fixed = Canvas.model_validate(data)
    odds = analyse(fixed).by_name()
    assert odds["F2"].rank_probability == (0.0, 0.0, 1.0)
    assert odds["F1"].shortlist_probability == 1.0


# --- the file's settings -----------------------------------------------------------------------


def test_settings_in_the_file_are_checked_with_line_numbers_and_round_trip() -> None:
    from positioning import CanvasError, parse_canvas
    from positioning.output.writer import dump_canvas

    from .factory import to_yaml

    data = _canvas([[1, 2, 3, 4], [4, 3, 2, 1]]).model_dump(exclude_defaults=True)
    data["robustness"] = {"samples": 5, "concentration": 0, "seed": -2, "step": 0.7, "sample": 1}
    with pytest.raises(CanvasError) as caught:
        parse_canvas(to_yaml(data), name="r.yaml")
    found = {str(p).split(": ", 1)[1] for p in caught.value.problems}
    assert found == {
        "robustness.samples: 5 is too small; it must be at least 100",
        "robustness.concentration: 0 is too small; it must be at least 0.1",
        "robustness.seed: -2 is negative; it must be at least 0",
        "robustness.step: 0.7 is too large; it must be at most 0.5",
        "robustness.sample: unknown key 'sample'",
    }
    data["robustness"] = {"samples": 2000, "concentration": 12.5}
    canvas = parse_canvas(to_yaml(data))
    assert (canvas.robustness.samples, canvas.robustness.concentration, canvas.robustness.seed) == (2000, 12.5, 0)
    assert parse_canvas(dump_canvas(canvas)) == canvas
    assert "robustness" not in dump_canvas(_canvas([[1, 2, 3, 4], [4, 3, 2, 1]]))  # defaults are not written


def test_a_request_beyond_the_work_limits_takes_fewer_samples_and_says_so() -> None:
    from positioning.core.robustness import MAX_CELLS, MAX_PANEL_WORK, affordable_samples
    from positioning.i18n.wording import robustness_summary

    assert affordable_samples(10_000, 50, 0, "mean") == 10_000
    assert affordable_samples(100_000, 1000, 0, "mean") == MAX_CELLS // 1000
    assert affordable_samples(10_000, 200, 100, "median") == MAX_PANEL_WORK // (200 * 100 * 4 * 8)
    assert affordable_samples(10_000, 1000, 200, "median") == 100  # never under 100
    assert affordable_samples(50, 1000, 200, "median") == 50
    rng = np.random.default_rng(3)
    canvas = _canvas(rng.uniform(1, 5, size=(400, 4)).round(2).tolist(), robustness={"samples": 100_000})
    result = analyse(canvas)
    assert (result.samples, result.requested) == (MAX_CELLS // 400, 100_000)
    assert sum(result.factors[0].rank_probability) == pytest.approx(1)
    assert "(100,000 samples were asked for" in robustness_summary(result)


def test_samples_ranked_in_chunks_count_as_one_batch() -> None:
    from positioning.core.robustness import Tally, outcomes

    scores = np.random.default_rng(4).integers(1, 9, size=(500, 12)).astype(float)
    whole = outcomes(scores, top=3, shortlist=[0, 1, 2])
    tally = Tally(12, top=3, shortlist=[0, 1, 2])
    for start in range(0, 500, 70):
        tally.add(scores[start : start + 70])
    parts = tally.outcomes()
    assert np.array_equal(parts.rank_probability, whole.rank_probability)
    assert np.array_equal(parts.shortlist_probability, whole.shortlist_probability)
    assert (parts.same_shortlist, parts.rank_range.tolist()) == (whole.same_shortlist, whole.rank_range.tolist())


def test_a_knife_edge_is_said_in_words() -> None:
    from positioning.i18n.wording import smallest_change_text

    change = analyse(_canvas([[5, 3, 4, 4], [3, 5, 4, 4]], top=1)).smallest_change
    assert change is not None and change.distance == 0.0
    assert smallest_change_text(change) == (
        "The shortlist is on a knife-edge: the slightest change of weights lets 'F2' replace 'F1'."
    )


def test_a_panel_that_decides_nothing_is_not_resampled() -> None:
    rows = [[4, 4, 4, 4], [3.5, 3.5, 3.5, 3.5], [2, 2, 2, 2]]
    canvas = _panel_canvas([rows, [[1, 1, 1, 1]] * 3])
    data = canvas.model_dump()
    for f, row in zip(data["factors"], rows, strict=True):
        f["scores"] = dict(zip(CRITERIA, row, strict=True))
    assert not analyse(Canvas.model_validate(data)).panel_resampled


# --- one weight at a time -----------------------------------------------------------------------


def _exact_order(matrix: list[list[int]], v: list[Fraction]) -> list[int]:
    """Factors in shortlist order with exact arithmetic: equal composites tie, file order breaks ties."""
    scores = [sum((s * x for s, x in zip(row, v, strict=True)), Fraction(0)) for row in matrix]
    return sorted(range(len(matrix)), key=lambda k: (-scores[k], k))


def _exact_path(w: list[Fraction], c: int, x: Fraction) -> list[Fraction]:
    rest = sum(w) - w[c]
    v = [wk * (1 - x) / rest if rest else (1 - x) / 3 for wk in w]
    v[c] = x
    return v


def _exact_thresholds(matrix: list[list[int]], w: list[Fraction], c: int, top: int) -> list[tuple | None]:
    """(low, high): walk every point where two composites cross along criterion c's path, in exact
    fractions, and read the shortlist at each and between each and the next."""
    before = _exact_order(matrix, w)[:top]
    ends = [_exact_path(w, c, Fraction(e)) for e in (0, 1)]
    events = {Fraction(0), Fraction(1)}
    for p, q in itertools.combinations(range(len(matrix)), 2):
        a = sum(s * x for s, x in zip(matrix[p], ends[0], strict=True)) - sum(
            s * x for s, x in zip(matrix[q], ends[0], strict=True)
        )
        b = (
            sum(s * x for s, x in zip(matrix[p], ends[1], strict=True))
            - sum(s * x for s, x in zip(matrix[q], ends[1], strict=True))
            - a
        )
        if b and 0 <= -a / b <= 1:
            events.add(-a / b)
    result = []
    for side in (-1, 1):
        walk = sorted((x for x in events if side * (x - w[c]) >= 0), key=lambda x: side * x)
        found = None
        for x, following in zip(walk, [*walk[1:], None], strict=True):
            points = [(x + following) / 2] if following is not None else [x]  # just past x (at 0% or 100%: x)
            for point in points:
                order = _exact_order(matrix, _exact_path(w, c, point))
                new = order[:top]
                if set(new) != set(before):
                    found = (x, next(k for k in new if k not in before), next(k for k in order[top:] if k in before))
                    break
            if found:
                break
        result.append(found)
    return result


def test_single_criterion_thresholds_are_the_exact_walks_along_each_path() -> None:
    """150 seeded canvases of whole numbers: each criterion's nearest change below and above, and who
    enters and leaves there, as an exact walk in fractions over every crossing finds them."""
    from positioning.core.robustness import thresholds

    rng = np.random.default_rng(77)
    checked = 0
    for _ in range(150):
        n = int(rng.integers(3, 7))
        matrix = rng.integers(1, 6, size=(n, 4))
        raw = rng.integers(0, 5, size=4)
        if raw.sum() == 0:
            raw[1] = 1
        top = int(rng.integers(1, n))
        w = [Fraction(int(r), int(raw.sum())) for r in raw]
        shortlist = _exact_order(matrix.tolist(), w)[:top]
        found = thresholds(matrix.astype(float), raw / raw.sum(), shortlist)
        for c in range(4):
            expected = _exact_thresholds(matrix.tolist(), w, c, top)
            for got, wanted in zip(found[c], expected, strict=True):
                context = (matrix.tolist(), raw.tolist(), top, c)
                if wanted is None:
                    assert got is None, context
                    continue
                checked += 1
                assert got is not None, context
                assert got[0] == pytest.approx(float(wanted[0]), abs=1e-9), context
                assert got[1:] == wanted[1:], context
    assert checked > 300


def test_thresholds_in_the_analysis_name_the_factors_and_the_nearest_leads() -> None:
    canvas = _canvas([[5, 1, 3, 3], [1, 4, 3, 3], [1, 1, 1, 1]], top=1)
    result = analyse(canvas)
    attractiveness, unmet_need, capability, barriers = result.thresholds
    assert attractiveness.low is not None and attractiveness.low.weight == pytest.approx(0.2)
    assert (attractiveness.low.enters, attractiveness.low.leaves, attractiveness.high) == ("F2", "F1", None)
    assert unmet_need.high is not None and unmet_need.high.weight == pytest.approx(4 / 13)
    assert capability.low is capability.high is barriers.low is barriers.high is None
    assert result.nearest_threshold == (attractiveness, attractiveness.low)


def test_the_change_is_said_led_by_the_nearest_single_weight_in_both_languages() -> None:
    from positioning.i18n.wording import robustness_lines, threshold_lines

    result = analyse(_canvas([[5, 1, 3, 3], [1, 4, 3, 3], [1, 1, 1, 1]], top=1))
    lines = robustness_lines(result)
    assert lines[1] == (
        "If the weight of Market attractiveness falls below 20% (now 25%; the other weights rescaled in proportion), "
        "'F2' replaces 'F1'."
    )
    assert result.smallest_change is not None
    points = f"{result.smallest_change.distance * 100:.1f}"
    assert lines[2].startswith(
        f"With all four weights moving at once, the nearest change moves none by more than {points} percentage points. "
        "The shortlist changes just past the point where "  # at those weights F2 only draws level (F1 first)
    )
    assert (
        robustness_lines(result, "zh")[1]
        == "若市场吸引力的权重降到 20% 以下（现为 25%，其余权重按比例调整），“F2” 将取代 “F1”。"
    )
    assert threshold_lines(result)[1:] == [
        "If the weight of Unmet need rises above 31% (now 25%; the other weights rescaled in proportion), "
        "'F2' replaces 'F1'.",
        "Moving the weight of Capability alone (now 25%) anywhere from 0% to 100% leaves the shortlist as it is.",
        "Moving the weight of Entry barriers alone (now 25%) anywhere from 0% to 100% leaves the shortlist as it is.",
    ]
    # Only a zero weight lets F1 back (a tie at 0%, F1 first in the file): "falls to 0%", never "below 0%".
    edge = analyse(_canvas([[1, 1, 1, 1], [2, 1, 1, 1]], top=1))
    assert threshold_lines(edge)[0] == (
        "If the weight of Market attractiveness falls to 0% (now 25%; the other weights rescaled in proportion), "
        "'F1' replaces 'F2'."
    )
