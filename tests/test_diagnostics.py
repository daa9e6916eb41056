"""Diagnostics: each measure on hand-computed cases, the ERRC rules, the
verdict and the finding codes; a diagnosis cannot be changed."""

from __future__ import annotations

import dataclasses

import pytest

from positioning import canvas_from_data, diagnose, load_canvas
from positioning.core.diagnostics import alignment, divergence, errc_action, focus, peak_indexes
from positioning.i18n.wording import diagnosis_summary

from .conftest import ROOT
from .factory import canvas_data, make_canvas


def test_focus_is_zero_for_a_flat_curve_and_grows_with_peaks():
    assert focus([0.5, 0.5, 0.5, 0.5]) == 0.0
    assert focus([0.0, 1.0, 0.0, 1.0]) == 1.0
    # [0.2, 0.4, 0.6, 0.8]: variance 0.05, 2 * sqrt(0.05) = 0.4472
    assert focus([0.2, 0.4, 0.6, 0.8]) == pytest.approx(0.447214, abs=1e-6)


def test_focus_uses_the_level_scale():
    canvas = make_canvas({"Us": [2, 4, 6, 8], "Them": [5, 5, 5, 5]})
    assert diagnose(canvas).focus == pytest.approx(0.447214, abs=1e-6)
    wide = make_canvas({"Us": [2, 4, 6, 8], "Them": [5, 5, 5, 5]}, scales={"level": [0, 20]})
    assert diagnose(wide).focus == pytest.approx(0.223607, abs=1e-6)


def test_divergence_identical_shifted_and_crossing():
    rival = [0.2, 0.6, 0.4, 0.8]
    assert divergence(rival, rival) == 0.0
    shifted = [r + 0.2 for r in rival]  # same shape, mean gap 0.2
    crossing = [0.4, 0.4, 0.6, 0.6]  # gaps +0.2, -0.2, +0.2, -0.2: same mean absolute gap
    assert divergence(shifted, rival) == pytest.approx(0.1)
    assert divergence(crossing, rival) == pytest.approx(0.2)
    assert divergence(shifted, rival) < divergence(crossing, rival)
    assert divergence([1, 0, 1, 0], [0, 1, 0, 1]) == 1.0


def test_divergence_on_a_canvas_names_the_closest_rival():
    canvas = make_canvas({"Us": [8, 2, 6, 4], "Shadow": [7, 1, 5, 3], "Other": [2, 8, 4, 6]})
    d = diagnose(canvas)
    assert d.divergence["Shadow"] == pytest.approx(0.05)  # shifted by 0.1 -> 0.1 / 2
    assert d.closest_rival == "Shadow"
    assert d.divergence["Other"] > 0.4


def test_alignment_hand_computed():
    # competitor mean [0.25, 0.25, 0.5]; leads [0.75, 0.25, 0]; importance by rank [2, 1, 3] -> [0.5, 1, 0]
    value = alignment([1.0, 0.5, 0.0], [[0.0, 0.5, 0.5], [0.5, 0.0, 0.5]], [2, 1, 3])
    assert value == pytest.approx((0.75 * 0.5 + 0.25 * 1.0) / 1.0)
    assert alignment([0.2, 0.2], [[0.5, 0.5]], [1, 2]) == 0.0  # no lead anywhere
    assert alignment([1.0], [[0.0]], [1]) == 1.0


def test_alignment_follows_the_ranking():
    levels = {"Us": [9, 5, 5], "Them": [5, 5, 5]}
    on_top = make_canvas(levels, [[5] * 4, [3] * 4, [1] * 4])
    on_bottom = make_canvas(levels, [[1] * 4, [3] * 4, [5] * 4])
    assert diagnose(on_top).alignment == 1.0
    assert diagnose(on_bottom).alignment == 0.0


def test_peaks_lead_every_competitor_by_the_margin():
    assert peak_indexes([0.9, 0.5, 0.8], [[0.7, 0.5, 0.1], [0.2, 0.6, 0.7]]) == [0]
    canvas = make_canvas({"Us": [9, 9, 3], "A": [7, 3, 1], "B": [2, 8, 1]})
    assert diagnose(canvas).peaks == ("F1", "F3")


@pytest.mark.parametrize(
    ("subject", "rivals", "action"),
    [
        (0.5, [0.0, 0.0], "create"),  # every competitor at the bottom, the subject above
        (0.0, [0.0, 0.0], "keep"),  # nobody offers it
        (0.0, [0.3, 0.0], "eliminate"),  # the subject at the bottom, competitors not
        (0.65, [0.5, 0.5], "raise"),  # exactly the margin above the average
        (0.64, [0.5, 0.5], "keep"),
        (0.35, [0.5, 0.5], "reduce"),
        (0.36, [0.5, 0.5], "keep"),
        (0.1, [0.0, 0.6], "reduce"),  # against the average (0.3), not the best rival
    ],
)
def test_errc_rules(subject, rivals, action):
    assert errc_action(subject, rivals) == action


def test_errc_grid_of_a_canvas_lists_every_factor_once():
    canvas = make_canvas(
        {"Us": [0, 3, 5, 8, 6], "A": [6, 6, 5, 5, 0], "B": [4, 6, 6, 5, 0]},
        names=["Lounges", "Meals", "Speed", "Service", "Wifi"],
    )
    d = diagnose(canvas)
    assert d.errc == {
        "eliminate": ("Lounges",),
        "reduce": ("Meals",),
        "raise": ("Service",),
        "create": ("Wifi",),
        "keep": ("Speed",),
    }
    assert d.action_of("Wifi") == "create"


def test_southwest_published_canvas_is_strong():
    d = diagnose(load_canvas(ROOT / "configs" / "southwest_airlines.yaml"))
    assert d.verdict == "strong"
    assert d.peaks == ("Friendly service", "Frequent point-to-point departures")
    assert d.errc["eliminate"] == ("Lounges",)
    assert d.findings == ("peaked", "distinct", "valued")


def test_a_curve_that_shadows_the_industry_is_weak():
    canvas = make_canvas(
        {"Follower": [6, 5, 7, 4, 6], "Leader": [7, 5, 8, 4, 6], "Other": [5, 6, 6, 5, 5]},
        [[5, 4, 4, 4], [4, 4, 4, 4], [3, 3, 3, 3], [2, 2, 2, 2], [1, 1, 1, 1]],
    )
    d = diagnose(canvas)
    assert d.verdict == "weak"
    assert d.closest_rival == "Leader"
    assert d.findings == ("flat", "shadows", "no_peaks")


def test_shifted_copy_is_weaker_than_a_crossing_curve():
    rival = [2, 6, 4, 8, 3]
    shifted = make_canvas({"Us": [r + 2 for r in rival], "Them": rival})
    crossing = make_canvas({"Us": [4, 4, 6, 6, 5], "Them": rival})  # mean |gap| 2 as well
    assert diagnose(shifted).divergence["Them"] < diagnose(crossing).divergence["Them"]


def test_moderate_when_two_traits_hold():
    # Peaked and distinct, but the lead sits on the lowest-ranked factors.
    canvas = make_canvas(
        {"Us": [1, 1, 2, 9, 9], "Them": [5, 5, 5, 3, 3]},
        [[5] * 4, [4] * 4, [3] * 4, [2] * 4, [1] * 4],
    )
    d = diagnose(canvas)
    assert d.focus >= 0.4 and d.divergence["Them"] >= 0.25 and d.alignment < 0.5
    assert d.verdict == "moderate"
    assert d.findings == ("peaked", "distinct", "misplaced")


def test_every_value_is_within_zero_and_one():
    for path in sorted((ROOT / "configs").glob("*.yaml")):
        d = diagnose(load_canvas(path))
        for value in (d.focus, d.alignment, *d.divergence.values()):
            assert 0.0 <= value <= 1.0


@pytest.mark.parametrize(
    ("divergence", "difference"),
    [(0.25, "distinct"), (0.2499, "partly"), (0.15, "partly"), (0.1499, "shadows")],
)
def test_difference_codes_follow_the_thresholds(divergence, difference):
    d = diagnose(make_canvas())
    d = dataclasses.replace(d, divergence={"Them": divergence}, closest_rival="Them")
    assert d.difference == difference and d.rival_divergence == divergence


def test_shape_and_placement_codes_follow_the_thresholds():
    d = diagnose(make_canvas())
    assert dataclasses.replace(d, focus=0.4).shape == "peaked"
    assert dataclasses.replace(d, focus=0.3999).shape == "flat"
    assert dataclasses.replace(d, peaks=(), alignment=1.0).placement == "no_peaks"
    assert dataclasses.replace(d, peaks=("F1",), alignment=0.5).placement == "valued"
    assert dataclasses.replace(d, peaks=("F1",), alignment=0.4999).placement == "misplaced"


def test_a_diagnosis_cannot_be_changed():
    d = diagnose(load_canvas(ROOT / "configs" / "southwest_airlines.yaml"))
    with pytest.raises(TypeError):
        d.divergence["Car"] = 1.0
    with pytest.raises(TypeError):
        d.errc["create"] = ("Lounges",)
    with pytest.raises(AttributeError):
        d.errc["raise"].append("Lounges")
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.verdict = "weak"
    assert d.divergence["Car"] == pytest.approx(0.298237, abs=1e-6)


# --- the customer's voice, targets and step 1 -------------------------------------------------


def _voice_canvas(**extra):
    """Us is cheap (price 2 against 7 and 6) and fast; importance and targets on demand."""
    data = canvas_data(
        {"Us": [2, 8, 5], "Them": [7, 5, 5], "Other": [6, 4, 5]},
        [[5, 3, 5, 3], [4, 3, 3, 3], [2, 2, 2, 2]],
        names=["Price", "Speed", "Meals"],
        top=2,
    )
    for factor, values in zip(data["factors"], extra.pop("factors", [{}] * 3), strict=True):
        factor.update(values)
    data.update(extra)
    return canvas_from_data(data)


def test_a_low_price_counts_as_a_lead_when_lower_is_better():
    plain = diagnose(_voice_canvas())
    assert plain.peaks == ("Speed",)  # a level of 2 against 7: no lead
    cheap = diagnose(_voice_canvas(factors=[{"better": "lower"}, {}, {}]))
    assert cheap.peaks == ("Price", "Speed")  # value 0.8 against 0.3 and 0.4
    assert cheap.errc == plain.errc  # the ERRC grid stays on levels: it describes the curve
    assert cheap.focus == plain.focus


def test_alignment_uses_the_customers_importance_when_given():
    importance = [{"importance": 4.6, "better": "lower"}, {"importance": 3.0}, {"importance": 1.0}]
    found = diagnose(_voice_canvas(factors=importance))
    assert found.alignment_basis == "importance"
    # leads on values: Price 0.8 - 0.35 = 0.45, Speed 0.8 - 0.45 = 0.35, Meals 0;
    # importance on 1-5: Price 0.9, Speed 0.5, Meals 0
    assert found.alignment == pytest.approx((0.45 * 0.9 + 0.35 * 0.5) / 0.8)
    assert "sit on what customers value most" in diagnosis_summary(found)


def test_over_and_under_delivery_at_the_thirds_of_the_scale():
    # importance 1 + 4/3 is the top of the lowest third (over), 5 - 4/3 the bottom of the top third (under)
    factors = [{"importance": 5 - 4 / 3}, {"importance": 1 + 4 / 3}, {"importance": 4.0}]
    levels = {"Us": [2, 8, 4], "Them": [7, 5, 5], "Other": [6, 4, 5]}
    data = canvas_data(levels, [[3, 3, 3, 3]] * 3, names=["Price", "Speed", "Meals"])
    for factor, values in zip(data["factors"], factors, strict=True):
        factor.update(values)
    found = diagnose(canvas_from_data(data))
    assert found.over_delivery == ("Speed",)  # at or above every rival, little valued
    assert found.under_delivery == ("Price", "Meals")  # much valued, below the rivals' average
    summary = diagnosis_summary(found)
    assert "It over-delivers where customers care little: Speed." in summary
    assert "It under-delivers where customers care most: Price, Meals." in summary


def test_segments_each_read_with_their_own_importance_and_the_best_named():
    segments = [
        {"name": "Business", "importance": {"Price": 1, "Speed": 5, "Meals": 3}},
        {"name": "Leisure", "importance": {"Price": 5, "Speed": 2, "Meals": 1}},
    ]
    found = diagnose(_voice_canvas(segments=segments, factors=[{"better": "lower"}, {}, {}]))
    fits = {f.name: f for f in found.segments}
    assert fits["Business"].alignment == pytest.approx((0.45 * 0 + 0.35 * 1) / 0.8)
    assert fits["Leisure"].alignment == pytest.approx((0.45 * 1 + 0.35 * 0.25) / 0.8)
    assert fits["Business"].over_delivery == ("Price",)  # cheapest where business travellers care least
    assert found.best_segment == "Leisure"
    assert found.alignment_basis == "importance"  # the segments' mean stands for the overall importance
    assert "Its curve serves Leisure best" in diagnosis_summary(found)


def test_targets_move_the_errc_grid_to_the_to_be_curve():
    targets = [{"target": 2}, {"target": 10}, {"target": 0}]
    found = diagnose(_voice_canvas(factors=targets))
    assert found.moves == (("Speed", 8.0, 10.0), ("Meals", 5.0, 0.0))
    assert found.errc_basis == "target"
    assert found.errc["eliminate"] == ("Meals",)  # the to-be curve drops Meals
    assert found.target is not None and found.target.focus > found.focus
    assert "The target curve would be a" in diagnosis_summary(found)


def test_the_shortlist_mix_and_a_warning_when_it_only_copies_the_industry():
    copied = _voice_canvas(factors=[{"source": "industry", "category": "product"}, {"source": "current"}, {}])
    found = diagnose(copied)
    assert dict(found.shortlist_mix["source"]) == {"current": 1, "industry": 1, "adjacent": 0, "future": 0}
    assert found.shortlist_mix["category"]["product"] == 1
    assert found.copies_industry
    assert "only copies the industry cannot differentiate" in diagnosis_summary(found)
    new = diagnose(_voice_canvas(factors=[{"source": "industry"}, {"source": "future"}, {}]))
    assert not new.copies_industry
