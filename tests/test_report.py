"""Reports: the JSON document keeps every number at full precision and its
sentences in English; the text table rounds for reading."""

from __future__ import annotations

import json

import pytest

from positioning import diagnose, load_canvas, rank, report
from positioning.output.report import text_report

from .conftest import CONFIGS, ROOT
from .factory import make_canvas

SOUTHWEST = ROOT / "configs" / "southwest_airlines.yaml"


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_numbers_keep_full_precision_through_json(path):
    canvas = load_canvas(path)
    ranking = rank(canvas)
    diagnosis = diagnose(canvas, ranking)
    doc = json.loads(json.dumps(report(canvas, ranking, diagnosis)))
    assert doc["weights"] == dict(ranking.weights)
    assert [f["score"] for f in doc["factors"]] == [f.score for f in ranking.factors]
    assert [f["scores"] for f in doc["factors"]] == [dict(f.scores) for f in ranking.factors]
    diag = doc["diagnostics"]
    assert (diag["focus"], diag["alignment"]) == (diagnosis.focus, diagnosis.alignment)
    assert diag["divergence"] == dict(diagnosis.divergence)


def test_a_value_with_many_digits_is_not_rounded():
    doc = report(load_canvas(SOUTHWEST))
    assert doc["diagnostics"]["focus"] == pytest.approx(0.7810249675906653, abs=1e-15)
    assert doc["diagnostics"]["divergence"]["Car"] != round(doc["diagnostics"]["divergence"]["Car"], 4)
    thirds = report(make_canvas(weights={"attractiveness": 1, "unmet_need": 1, "capability": 1, "barriers": 0}))
    assert thirds["weights"]["attractiveness"] == 1 / 3


def test_the_document_and_its_english_sentences():
    doc = report(load_canvas(ROOT / "configs" / "ride_hailing_zh.yaml"))
    assert list(doc) == [
        "title",
        "subject",
        "weights",
        "factors",
        "shortlist",
        "strategy",
        "strategy_reason",
        "diagnostics",
        "errc",
        "errc_basis",
        "moves",
        "target_diagnostics",
        "segments",
        "best_segment",
        "shortlist_mix",
        "robustness",
        "panel",
    ]
    assert doc["strategy_reason"] == (
        "'叫车等待时间短' leads '行程透明与安全保障' by only 0.65 points (16% of the score scale, under 20%): "
        "no factor clearly dominates, so combine the shortlisted factors; a combination is also harder for "
        "rivals to copy."
    )
    assert doc["diagnostics"]["summary"] == (
        "Moderate differentiation: 网约车平台's curve is rather flat (focus 0.31): decide where to excel and where "
        "the industry threshold is enough; it stands apart from every rival (closest: 出租车, divergence 0.26); "
        "its peaks (叫车等待时间短, 随时随地可得, 行程透明与安全保障 and 3 more) sit on what customers value most "
        "(alignment 0.74). It under-delivers where customers care most: 价格 (lower is better). The target curve "
        "would be a moderate differentiation (focus 0.37, alignment 0.73)."
    )
    assert doc["errc_basis"] == "target" and len(doc["moves"]) == 6
    assert doc["moves"][0] == {"factor": "价格", "from": 5.0, "to": 4.0}
    assert doc["factors"][0]["category"] in ("product", "relationship", "brand")  # codes, not labels


def test_text_report_rounds_and_labels():
    canvas = load_canvas(SOUTHWEST)
    ranking = rank(canvas)
    text = text_report(canvas, ranking, diagnose(canvas, ranking)).splitlines()
    assert text[0] == "Short-haul air travel (US, early 1990s) (subject: Southwest)"
    assert text[1] == "weights: Market attractiveness 40%, Unmet need 20%, Capability 20%, Entry barriers 20%"
    assert text[3].split() == [
        "Rank",
        "Factor",
        "Score",
        "Market",
        "attractiveness",
        "Unmet",
        "need",
        "Capability",
        "Entry",
        "barriers",
        "Category",
        "Source",
    ]
    assert text[4].split() == ["1", "*", "Price", "4.40", "5.00", "4.00", "5.00", "3.00", "Product", "Adjacent"]
    assert "  focus 0.78; alignment 0.79; peaks: Friendly service, Frequent point-to-point departures" in text
    text = text[: text.index("robustness:") - 1]
    assert text[-5:] == [
        "  eliminate Lounges",
        "  reduce    Price (lower is better), Meals, Seating class choices, Hub connectivity",
        "  raise     Friendly service, Speed, Frequent point-to-point departures",
        "  create    -",
        "  keep      -",
    ]


def test_robustness_section_is_the_contract():
    doc = json.loads(json.dumps(report(load_canvas(SOUTHWEST))))
    section = doc["robustness"]
    for key in ("samples", "concentration", "seed", "factors", "smallest_change", "tornado", "stable"):
        assert key in section
    assert (section["samples"], section["concentration"], section["seed"]) == (10_000, 40.0, 0)
    assert [f["name"] for f in section["factors"]] == [f["name"] for f in doc["factors"]]
    first = section["factors"][0]
    assert list(first) == ["name", "shortlist_probability", "rank_probability", "rank_range"]
    assert len(first["rank_probability"]) == len(doc["factors"]) and sum(first["rank_probability"]) == pytest.approx(1)
    assert first["rank_range"][0] <= first["rank_range"][1]
    change = section["smallest_change"]
    assert list(change) == ["distance", "weights", "enters", "leaves", "just_past"]
    assert change["enters"] not in doc["shortlist"] and change["leaves"] in doc["shortlist"]
    assert sum(change["weights"].values()) == pytest.approx(1)
    assert max(abs(change["weights"][c] - doc["weights"][c]) for c in doc["weights"]) == pytest.approx(
        change["distance"]
    )
    assert len(section["tornado"]) == 4 * len(doc["factors"])
    assert list(section["tornado"][0]) == ["factor", "criterion", "low", "high"]
    # One entry per criterion: its weight moved alone, where the shortlist changes below and above it.
    assert [th["criterion"] for th in section["thresholds"]] == list(doc["weights"])
    # the contract's keys, then each side's pair (added: the far side's pair is not lost)
    keys = ["criterion", "low", "high", "enters", "leaves", "low_pair", "high_pair"]
    assert all(list(th) == keys for th in section["thresholds"])
    assert section["stable"] == (section["same_shortlist"] >= 0.9)
    assert doc["panel"] is None


def test_text_report_reads_the_robustness_in_a_few_lines():
    canvas = load_canvas(ROOT / "configs" / "coffee_chain.yaml")
    ranking = rank(canvas)
    lines = text_report(canvas, ranking, diagnose(canvas, ranking)).splitlines()
    start = lines.index("robustness:")
    # The example's panel of four disagrees on the third place: the raters are drawn again in each sample.
    assert lines[start + 1].startswith("  The shortlist is the same in 56% of 10,000 weight samples")
    assert "it is not stable (under 90%). Each sample also draws the panel's raters again." in lines[start + 1]
    # The change that breaks it: the nearest single weight first, then all four at once and how far.
    assert lines[start + 2] == (
        "  If the weight of Unmet need rises above 40% (now 25%; the other weights rescaled in proportion), "
        "'Barista–customer conversation' replaces 'Bean quality and roasting'."
    )
    assert lines[start + 3].startswith(
        "  With all four weights moving at once, the nearest change moves none by more than 8.3 percentage points. "
        "The shortlist changes just past the point where "  # at those weights Barista only draws level
    )
    assert "Entry barriers rises from 25% to 33%" in lines[start + 3]
    assert lines[start + 4 : start + 6] == ["  Each weight moved alone:", "  " + lines[start + 2]]
    assert lines[start + 6].startswith("    If the weight of Market attractiveness rises to 100% (now 25%; ")
    assert lines[start + 7 : start + 9] == [
        f"    Moving the weight of {c} alone (now 25%) anywhere from 0% to 100% leaves the shortlist as it is."
        for c in ("Capability", "Entry barriers")
    ]
    assert lines[start + 9].startswith("  shortlist probability: Third-place atmosphere 100% (rank 1-2), ")
    assert lines[start + 10 :] == [
        "panel:",
        "  4 raters (Chief executive, Finance director, Head of marketing, Head of operations): strong agreement on "
        "the order of the factors (Kendall's W 0.83). Contested (composites spread over at least 25% of the score "
        "scale): Barista–customer conversation, Mobile order and loyalty app.",
    ]


def test_thresholds_in_the_json_by_hand():
    # F1 leads F2 (3.0 vs 2.75). Attractiveness alone: 5x + 7/3 (1 - x) = x + 10/3 (1 - x) at x = 20%.
    # Unmet need alone: y + 11/3 (1 - y) = 4y + 7/3 (1 - y) at y = 4/13. Capability, barriers: never.
    canvas = make_canvas({"Us": [5, 5, 5], "Them": [5, 5, 5]}, [[5, 1, 3, 3], [1, 4, 3, 3], [1, 1, 1, 1]], top=1)
    found = json.loads(json.dumps(report(canvas)))["robustness"]["thresholds"]
    assert found[0] == {
        "criterion": "attractiveness",
        "low": pytest.approx(0.2),
        "high": None,
        "enters": "F2",
        "leaves": "F1",
        "low_pair": {"enters": "F2", "leaves": "F1"},
        "high_pair": None,
    }
    assert found[1] == {
        "criterion": "unmet_need",
        "low": None,
        "high": pytest.approx(4 / 13),
        "enters": "F2",
        "leaves": "F1",
        "low_pair": None,
        "high_pair": {"enters": "F2", "leaves": "F1"},
    }
    assert found[2:] == [
        {"criterion": c, "low": None, "high": None, "enters": None, "leaves": None, "low_pair": None, "high_pair": None}
        for c in ("capability", "barriers")
    ]


def test_thresholds_on_both_sides_name_the_nearer():
    # Barriers alone at x (the others share 1 - x equally): F1 stays 3, F2 is 10/3 - 7x/3 and passes it
    # below x = 1/7, F3 is 1 + 4x and passes it above 1/2. From 25%, 1/7 is the nearer: F2 and F1 are named.
    canvas = make_canvas({"Us": [5, 5, 5], "Them": [5, 5, 5]}, [[3, 3, 3, 3], [4, 3, 3, 1], [1, 1, 1, 5]], top=1)
    barriers = json.loads(json.dumps(report(canvas)))["robustness"]["thresholds"][3]
    assert barriers == {
        "criterion": "barriers",
        "low": pytest.approx(1 / 7),
        "high": pytest.approx(1 / 2),
        "enters": "F2",
        "leaves": "F1",
        "low_pair": {"enters": "F2", "leaves": "F1"},
        "high_pair": {"enters": "F3", "leaves": "F1"},  # the far side's pair, kept
    }
