"""Ranking: hand-computed composite scores, ties, weights, the strategy rule
and its reason code; a ranking cannot be changed."""

from __future__ import annotations

import dataclasses

import pytest

from positioning import rank
from positioning.core.scoring import competition_ranks, weighted_scores

from .factory import make_canvas

SW_WEIGHTS = {"attractiveness": 0.4, "unmet_need": 0.2, "capability": 0.2, "barriers": 0.2}


def test_composite_is_the_weighted_mean_on_the_score_scale():
    canvas = make_canvas(
        {"Us": [1, 1], "Them": [1, 1]},
        [[5, 3, 5, 3], [2, 4, 1, 5]],
        weights=SW_WEIGHTS,
    )
    ranking = rank(canvas)
    scores = {f.name: f.score for f in ranking.factors}
    # 0.4*5 + 0.2*3 + 0.2*5 + 0.2*3 = 4.2 ; 0.4*2 + 0.2*4 + 0.2*1 + 0.2*5 = 2.8
    assert scores == {"F1": pytest.approx(4.2), "F2": pytest.approx(2.8)}
    first = ranking.factors[0]
    assert first.contributions == pytest.approx(
        {"attractiveness": 2.0, "unmet_need": 0.6, "capability": 1.0, "barriers": 0.6}
    )
    assert sum(first.contributions.values()) == pytest.approx(first.score)


def test_weights_are_normalised_so_scale_does_not_matter():
    a = make_canvas(
        scores=[[5, 3, 5, 3], [2, 4, 1, 5], [3, 3, 3, 3]],
        weights={"attractiveness": 4, "unmet_need": 2, "capability": 2, "barriers": 2},
    )
    b = make_canvas(scores=[[5, 3, 5, 3], [2, 4, 1, 5], [3, 3, 3, 3]], weights=SW_WEIGHTS)
    ra, rb = rank(a), rank(b)
    assert ra.weights == pytest.approx(SW_WEIGHTS)
    assert [f.score for f in ra.factors] == pytest.approx([f.score for f in rb.factors])
    # a zero weight drops the criterion: only attractiveness counts here
    c = make_canvas(
        scores=[[5, 1, 1, 1], [2, 5, 5, 5], [3, 3, 3, 3]],
        weights={"attractiveness": 1, "unmet_need": 0, "capability": 0, "barriers": 0},
    )
    assert [(f.name, f.score) for f in rank(c).factors] == [("F1", 5.0), ("F3", 3.0), ("F2", 2.0)]


def test_default_weights_are_equal():
    ranking = rank(make_canvas(scores=[[5, 3, 5, 3], [1, 1, 1, 1], [2, 2, 2, 2]]))
    assert ranking.weights == {c: 0.25 for c in SW_WEIGHTS}
    assert ranking.factors[0].score == 4.0


def test_ties_share_a_rank_and_keep_file_order():
    canvas = make_canvas(
        {"Us": [1, 1, 1, 1], "Them": [1, 1, 1, 1]},
        [[2, 2, 2, 2], [3, 3, 3, 3], [4, 4, 4, 4], [3, 3, 3, 3]],
        names=["Low", "TieA", "Top", "TieB"],
    )
    ranking = rank(canvas)
    assert [(f.name, f.rank) for f in ranking.factors] == [("Top", 1), ("TieA", 2), ("TieB", 2), ("Low", 4)]


def test_float_rounding_does_not_break_ties():
    weights = {"attractiveness": 0.1, "unmet_need": 0.2, "capability": 0.3, "barriers": 0.4}
    # 0.1*4 + 0.2*3 + 0.3*2 + 0.4*1 = 2.0 = 0.1*2 + 0.2*2 + 0.3*2 + 0.4*2, inexact in binary floats
    canvas = make_canvas(scores=[[4, 3, 2, 1], [2, 2, 2, 2], [1, 1, 1, 1]], weights=weights)
    assert [f.rank for f in rank(canvas).factors] == [1, 1, 3]


def test_competition_ranks_function():
    assert competition_ranks([3.0, 4.0, 4.0, 1.0]) == [3, 1, 1, 4]
    assert competition_ranks([1.0]) == [1]
    assert weighted_scores([[1, 2, 3, 4]], [0, 0, 0, 1]) == [4.0]


def test_shortlist_is_the_first_top_in_rank_order():
    canvas = make_canvas(
        {"Us": [1] * 4, "Them": [1] * 4}, [[2] * 4, [3] * 4, [4] * 4, [3] * 4], names=["A", "B", "C", "D"], top=2
    )
    ranking = rank(canvas)
    assert ranking.shortlist == ("C", "B")
    assert [f.name for f in ranking.factors if f.shortlisted] == ["C", "B"]
    assert rank(make_canvas(top=10)).shortlist == ("F1", "F2", "F3")


def test_single_only_when_one_factor_clearly_dominates():
    # top leads by exactly 20% of the 1-5 scale (0.8 points): single
    single = rank(make_canvas(scores=[[4.8] * 4, [4] * 4, [1] * 4]))
    assert (single.strategy, single.reason) == ("single", "dominant")
    assert single.lead == pytest.approx(0.8) and single.lead_share == pytest.approx(0.2)
    # just under: combination
    combo = rank(make_canvas(scores=[[4.7] * 4, [4] * 4, [1] * 4]))
    assert (combo.strategy, combo.reason) == ("combination", "close")
    assert combo.tied == ("F1",)
    # a tie at the top is always a combination
    tie = rank(make_canvas(scores=[[4] * 4, [4] * 4, [1] * 4]))
    assert (tie.strategy, tie.reason, tie.tied, tie.lead) == ("combination", "tie", ("F1", "F2"), 0.0)
    three = rank(make_canvas(scores=[[4] * 4, [4] * 4, [4] * 4, [1] * 4], levels={"Us": [1] * 4, "Them": [2] * 4}))
    assert (three.reason, three.tied) == ("tie", ("F1", "F2", "F3"))
    # the gap is relative to the scale: 0.8 on a 1-10 scale is not dominant
    wide = rank(make_canvas(scores=[[4.8] * 4, [4] * 4, [1] * 4], scales={"score": [1, 10]}))
    assert (wide.strategy, wide.reason) == ("combination", "close")
    assert wide.lead_share == pytest.approx(0.8 / 9)


def test_a_single_factor_is_single():
    canvas = make_canvas({"Us": [5], "Them": [3]})
    ranking = rank(canvas)
    assert (ranking.strategy, ranking.reason, ranking.lead) == ("single", "only", 0.0)


def test_rank_does_not_mutate_the_canvas():
    canvas = make_canvas()
    before = canvas.model_dump()
    rank(canvas)
    assert canvas.model_dump() == before


def test_a_ranking_cannot_be_changed():
    ranking = rank(make_canvas())
    first = ranking.factors[0]
    with pytest.raises(TypeError):
        ranking.weights["barriers"] = 5
    with pytest.raises(TypeError):
        first.scores["capability"] = 1
    with pytest.raises(TypeError):
        first.contributions["capability"] = 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        ranking.strategy = "single"
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.score = 5.0
    with pytest.raises(AttributeError):
        ranking.factors.append(first)
    assert ranking.weights == {"attractiveness": 0.25, "unmet_need": 0.25, "capability": 0.25, "barriers": 0.25}


def test_mappings_given_to_a_ranking_are_frozen_too():
    ranking = rank(make_canvas())
    weights = dict(ranking.weights)
    copy = dataclasses.replace(ranking, weights=weights)
    weights["barriers"] = 9.0  # the caller's dict, not the ranking's
    assert copy.weights["barriers"] == 0.25
    with pytest.raises(TypeError):
        copy.weights["barriers"] = 9.0
