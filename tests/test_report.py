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
        "  reduce    Price, Meals, Seating class choices, Hub connectivity",
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
    assert list(change) == ["distance", "weights", "enters", "leaves"]
    assert change["enters"] not in doc["shortlist"] and change["leaves"] in doc["shortlist"]
    assert sum(change["weights"].values()) == pytest.approx(1)
    assert max(abs(change["weights"][c] - doc["weights"][c]) for c in doc["weights"]) == pytest.approx(
        change["distance"]
    )
    assert len(section["tornado"]) == 4 * len(doc["factors"])
    assert list(section["tornado"][0]) == ["factor", "criterion", "low", "high"]
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
    assert "'Barista–customer conversation' replaces 'Bean quality and roasting'" in lines[start + 1]
    assert "Entry barriers rises from 25% to 33%" in lines[start + 1]
    assert lines[start + 2].startswith("  shortlist probability: Third-place atmosphere 100% (rank 1-2), ")
    assert lines[start + 3 :] == [
        "panel:",
        "  4 raters (Chief executive, Finance director, Head of marketing, Head of operations): strong agreement on "
        "the order of the factors (Kendall's W 0.83). Contested (composites spread over at least 25% of the score "
        "scale): Barista–customer conversation, Mobile order and loyalty app.",
    ]
