"""The robustness sentences say what the analysis found: the side a threshold lies on, one shown
percentage per weight, the pair named just beyond the boundary (issue 23)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from positioning.core.model import CRITERIA, Canvas
from positioning.core.robustness import analyse
from positioning.core.scoring import rank
from positioning.i18n.formatting import whole_percents
from positioning.i18n.wording import robustness_lines, threshold_lines, weights_text

from .factory import make_canvas


def _canvas(matrix: list[list[float]], *, weights: dict[str, float] | None = None, top: int = 1) -> Canvas:
    n = len(matrix)
    return make_canvas(
        {"Us": [5] * n, "Them": [5] * n},
        [list(row) for row in matrix],
        weights=weights or dict.fromkeys(CRITERIA, 1),
        top=top,
    )


# --- 1. the side of a threshold at a knife-edge ----------------------------------------------------


def test_a_threshold_at_the_current_weight_says_the_side_the_data_gives() -> None:
    # F1 and F2 tie at equal weights (F1 first in the file keeps its place): any fall of attractiveness
    # (or rise of unmet need) lets F2 in, so the low threshold of attractiveness is its current 25%.
    result = analyse(_canvas([[3, 1, 2, 2], [1, 3, 2, 2]]))
    attractiveness, unmet_need = result.thresholds[:2]
    assert attractiveness.low is not None and attractiveness.low.weight == pytest.approx(0.25)
    assert attractiveness.high is None and unmet_need.low is None
    lines = threshold_lines(result)
    assert set(lines[:2]) == {
        "The slightest fall of the weight of Market attractiveness from its current 25% (the other weights "
        "rescaled in proportion) lets 'F2' replace 'F1'.",
        "The slightest rise of the weight of Unmet need from its current 25% (the other weights rescaled in "
        "proportion) lets 'F2' replace 'F1'.",
    }
    assert set(threshold_lines(result, "zh")[:2]) == {
        "市场吸引力的权重只要从现在的 25% 稍有下降（其余权重按比例调整），“F2” 就会取代 “F1”。",
        "需求未满足程度的权重只要从现在的 25% 稍有上升（其余权重按比例调整），“F2” 就会取代 “F1”。",
    }
    assert not any("rises above 25% (now 25%" in line for line in lines)


# --- 2. one weight, one percentage ------------------------------------------------------------------


def _shown(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"(\d+)%", text)]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_now_is_the_weights_lines_percentage(language: str) -> None:
    """Weights 3/3/2/1 (33.3%, 33.3%, 22.2%, 11.1%): the weights line and every threshold's "now" and
    the smallest change's "from" show each weight as one number."""
    matrix = [[4.33, 4.33, 3.67, 2.67], [4, 4, 3, 3], [4, 4, 3, 3], [5, 3, 3, 2], [3, 3, 3, 3], [2, 2, 4, 2]]
    weights = {"attractiveness": 3, "unmet_need": 3, "capability": 2, "barriers": 1}
    canvas = _canvas(matrix, weights=weights, top=2)
    result = analyse(canvas)
    header = dict(zip(CRITERIA, _shown(weights_text(rank(canvas).weights, language)), strict=True))
    assert sum(header.values()) == 100
    assert header["attractiveness"] == header["unmet_need"]  # equal weights read equal
    now = "now " if language == "en" else "现为 "
    current = "current " if language == "en" else "现在的 "
    for th, line in zip(_by_criterion(result), _by_criterion_lines(result, language), strict=True):
        for said in re.findall(rf"(?:{now}|{current})(\d+)%", line):
            assert int(said) == header[th], line
    change = robustness_lines(result, language)[-1]
    froms = re.findall(r"from (\d+)% to" if language == "en" else r"从 (\d+)% [升降]到", change)
    assert froms and all(int(n) in header.values() for n in froms)


def _by_criterion(result):  # type: ignore[no-untyped-def]
    return [th.criterion for th in result.thresholds for side in (th.low, th.high) if side is not None]


def _by_criterion_lines(result, language: str) -> list[str]:  # type: ignore[no-untyped-def]
    found = [(th, side) for th in result.thresholds for side in (th.low, th.high) if side is not None]
    order = sorted(range(len(found)), key=lambda k: abs(found[k][1].weight - found[k][0].weight))
    lines = threshold_lines(result, language)[: len(found)]
    by_position = dict(zip(order, lines, strict=True))
    return [by_position[k] for k in range(len(found))]


def test_equal_weights_show_equal_shares_that_add_up_to_100() -> None:
    assert whole_percents([0.4, 0.25, 0.4, 1]) == [19, 13, 19, 49]  # not 20% and 19% for two 19.5%
    assert whole_percents([3, 3, 2, 1]) == [33, 33, 23, 11]
    assert whole_percents([33.4, 33.4, 33.2]) == [34, 33, 33]  # equal only by showing 33.2 above 33.4: not
    rng = np.random.default_rng(5)
    for _ in range(2000):
        values = rng.choice([0, 0.1, 0.2, 0.25, 0.3, 0.4, 1, 2, 3], size=int(rng.integers(2, 6))).tolist()
        if sum(values) == 0:
            continue
        shares = whole_percents(values)
        exact = [100 * v / sum(values) for v in values]
        assert sum(shares) == 100
        assert all(int(np.floor(x + 1e-9)) <= s <= int(np.ceil(x - 1e-9)) for s, x in zip(shares, exact, strict=True))
        for a, b in ((a, b) for a in range(len(values)) for b in range(len(values))):
            if values[a] > values[b]:
                assert shares[a] >= shares[b], (values, shares)


# --- 3. the pair named just beyond the boundary ------------------------------------------------------


def test_the_smallest_change_names_the_pair_just_beyond_and_says_so() -> None:
    """Weights 0.4/0.25/0.4/1, top 2 (the review's c226): at the nearest weights F1, F3 and F4 draw level,
    so file order keeps F1 and F3 and drops F4; any move past them puts F3 first and F4 before F1: F1 is
    the one that leaves."""
    matrix = [[4, 3, 3, 5], [2, 3, 1, 1], [2, 5, 5, 1], [2, 3, 4, 4], [4, 2, 4, 1]]
    weights = {"attractiveness": 0.4, "unmet_need": 0.25, "capability": 0.4, "barriers": 1}
    canvas = _canvas(matrix, weights=weights, top=2)
    change = analyse(canvas).smallest_change
    assert change is not None and change.distance == pytest.approx(0.1707, abs=1e-4)
    assert (change.enters, change.leaves) == ("F3", "F1")
    v = np.array([change.weights[c] for c in CRITERIA])
    w = np.array([change.before[c] for c in CRITERIA])
    for past in (1e-6, 1e-4):  # the ranking itself, a little past the printed weights
        moved = np.maximum(v + past * (v - w) / change.distance, 0)
        order = rank(_canvas(matrix, weights=dict(zip(CRITERIA, moved.tolist(), strict=True)), top=2))
        assert order.shortlist == ("F3", "F4")
    assert change.just_past  # at the printed weights F4 is the one out: the sentence says "just past"
    text = robustness_lines(analyse(canvas))[-1]
    assert "The shortlist changes just past the point where " in text and text.endswith("'F3' replaces 'F1'.")
    zh = robustness_lines(analyse(canvas), "zh")[-1]
    assert "再稍往前一点，入围名单就会改变" in zh and zh.endswith("“F3” 取代 “F1”。")


def test_a_change_already_there_at_the_printed_weights_says_if() -> None:
    # F1 (earlier in the file than F2) draws level with F2 at the nearest weights and is let in there.
    canvas = _canvas([[1, 5, 3, 3], [3, 3, 3.5, 3.5], [2, 2, 2, 2]], top=1)
    change = analyse(canvas).smallest_change
    assert change is not None and not change.just_past
    assert "The shortlist changes if " in robustness_lines(analyse(canvas))[-1]


# --- 4. the tornado of a nearly flat factor -----------------------------------------------------------


def _tornado(scores: list[float], language: str = "en") -> dict:
    from positioning.ui.views import tornado_view

    weights = {"attractiveness": 0.1, "unmet_need": 0.2, "capability": 0.3, "barriers": 0.4}
    canvas = _canvas([scores, [1, 5, 2, 4]], weights=weights)
    return tornado_view(canvas, "F1", language)["figure"].to_plotly_json()


@pytest.mark.parametrize(
    ("language", "says"),
    [
        (
            "en",
            "Moving one weight by 10 percentage points changes this factor's score by less than 0.01: it stays at 3.7",
        ),
        ("zh", "任一权重变动 10 个百分点，这个要素的得分变化都不到 0.01：仍为 3.7"),
    ],
)
def test_a_factor_moved_by_less_than_the_shown_decimals_is_said_not_drawn(language: str, says: str) -> None:
    """Scores 3.7, 3.7, 3.7, 3.7001: bars 0.00001 long would be invisible, their ends all reading 3.7."""
    figure = _tornado([3.7, 3.7, 3.7, 3.7001], language)
    assert figure["data"] == []
    (note,) = figure["layout"]["annotations"]
    if language == "zh":  # a line break may take a space
        assert re.sub(r"<br>|\s", "", note["text"]).startswith(re.sub(r"\s", "", says))
    else:
        assert note["text"].replace("<br>", " ").startswith(says)
    assert _tornado([3.7, 3.7, 3.7, 3.7])["layout"]["annotations"][0]["text"].startswith("No weight changes")


@pytest.mark.parametrize("scores", [[3.7, 3.7, 3.7, 3.75], [3.7, 3.7, 3.7, 3.73], [1, 5, 3, 3], [3.7, 3.69, 3.7, 3.8]])
def test_the_tornados_ticks_are_whole_hundredths_and_never_read_alike(scores: list[float]) -> None:
    figure = _tornado(scores)
    assert figure["data"], "a factor that moves by 0.005 or more gets its bars"
    axis = figure["layout"]["xaxis"]
    dtick, (low, high) = axis["dtick"], axis["range"]
    assert round(dtick * 100, 9) == round(dtick * 100) >= 1  # a multiple of 0.01
    ticks = [k * dtick for k in range(int(np.ceil(low / dtick - 1e-9)), int(np.floor(high / dtick + 1e-9)) + 1)]
    labels = [f"{x:.2f}" for x in ticks]  # as ".2~f" writes them, trailing zeros aside
    assert len(ticks) >= 3 and len(set(labels)) == len(labels), labels


def test_a_threshold_that_would_read_as_the_current_percentage_says_by_how_much() -> None:
    """Now 33.3% (shown 33%), the change below 32.6%: "falls below 33% (now 33%)" would say nothing."""
    from positioning.core.robustness import Crossing, Threshold
    from positioning.i18n.wording import threshold_text

    low = Crossing(weight=0.326, enters="B", leaves="A", side="low")
    threshold = Threshold(criterion="capability", weight=1 / 3, low=low, high=None)
    assert threshold_text(threshold, low, 33) == (
        "If the weight of Capability falls by more than 0.7 percentage points from its current 33% (the other "
        "weights rescaled in proportion), 'B' replaces 'A'."
    )
    assert threshold_text(threshold, low, 33, "zh") == (
        "若自身能力的权重从现在的 33% 降低超过 0.7 个百分点（其余权重按比例调整），“B” 将取代 “A”。"
    )
    high = Crossing(weight=0.36, enters="B", leaves="A", side="high")
    assert threshold_text(threshold, high, 33).startswith("If the weight of Capability rises above 36% (now 33%;")
