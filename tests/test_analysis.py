"""One analysis per canvas (positioning/core/analysis.py)."""

from __future__ import annotations

import threading

import pytest

from positioning.core import analysis, robustness
from positioning.core.model import Canvas
from tests.factory import make_canvas


def test_an_equal_canvas_has_the_same_analysis_and_robustness_is_worked_out_once():
    analysis.forget()
    first = analysis.analyse(make_canvas(title="One"))
    again = analysis.analyse(make_canvas(title="One"))
    assert again is first and first.robustness is first.robustness
    assert analysis.analyse(make_canvas(title="Two")) is not first


def test_one_analysis_being_worked_out_does_not_hold_up_another(monkeypatch):
    analysis.forget()
    busy = analysis.analyse(make_canvas(title="Busy", robustness={"seed": 1}))
    other = analysis.analyse(make_canvas(title="Other", robustness={"seed": 2}))
    real, started, release = analysis._robustness.measure, threading.Event(), threading.Event()

    def sampling(inputs):
        if inputs.settings.seed == 1:  # as while many weights are sampled
            started.set()
            release.wait(60)
        return real(inputs)

    monkeypatch.setattr(analysis._robustness, "measure", sampling)
    worker = threading.Thread(target=lambda: busy.robustness, daemon=True)
    worker.start()
    assert started.wait(30)
    done = threading.Event()
    threading.Thread(target=lambda: (other.robustness, done.set()), daemon=True).start()
    try:
        assert done.wait(30), "the other canvas waited for the busy one"
    finally:
        release.set()
        worker.join(60)  # its samples are drawn before the next test counts any


# --- robustness kept by content ----------------------------------------------------------------


def _sampled(monkeypatch) -> list[int]:
    """A list that grows by one each time weights are sampled (the slow part of a robustness analysis)."""
    calls: list[int] = []
    real = robustness.sample_weights

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(robustness, "sample_weights", counted)
    return calls


def _canvas(**extra) -> Canvas:
    levels = {"Us": [8, 2, 5, 4], "Them": [5, 5, 5, 5], "Others": [1, 9, 3, 3]}
    scores = [[5, 1, 3, 3], [1, 5, 3, 3], [3, 3, 3, 4], [2, 4, 4, 2]]
    return make_canvas(levels, scores, **{"top": 2, "robustness": {"samples": 500, "seed": 3}, **extra})


def _edited(canvas: Canvas, **changes) -> Canvas:
    data = canvas.model_dump()
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = data
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        node[last] = value
    return Canvas.model_validate(data)


def test_an_edit_that_leaves_the_robustness_alone_reuses_its_samples(monkeypatch):
    analysis.forget()
    calls = _sampled(monkeypatch)
    canvas = _canvas()
    first = analysis.analyse(canvas).robustness
    # Another title, a competitor's level and the players' order: another canvas, another analysis...
    edited = _edited(canvas, title="Renamed", factors__0__levels__Them=9)
    assert analysis.analyse(edited) is not analysis.analyse(canvas)
    # ... but the same samples, not drawn again, and what a fresh analysis gives.
    assert analysis.analyse(edited).robustness is first
    assert len(calls) == 1
    assert first == robustness.analyse(edited)
    assert len(calls) == 2  # (the fresh one)


@pytest.mark.parametrize(
    "change",
    [
        {"weights__barriers": 3},
        {"robustness__seed": 4},
        {"robustness__concentration": 12.0},
        {"robustness__samples": 600},
        {"top": 1},
        {"factors__2__scores__capability": 1},
        {"factors__3__name": "F9"},
    ],
)
def test_other_weights_settings_scores_or_names_are_sampled_again(monkeypatch, change):
    analysis.forget()
    canvas = _canvas()
    first = analysis.analyse(canvas).robustness
    calls = _sampled(monkeypatch)
    other = _edited(canvas, **change)
    again = analysis.analyse(other).robustness
    assert len(calls) == 1 and again is not first
    assert again == robustness.analyse(other)


def test_robustness_kept_is_bounded_by_results_and_by_cells(monkeypatch):
    calls = _sampled(monkeypatch)
    inputs = [robustness.Inputs.of(_canvas(robustness={"samples": 100, "seed": seed})) for seed in range(4)]
    kept = analysis.Kept(entries=3, cells=10_000)
    results = [kept.get(one) for one in inputs]
    assert len(kept) == 3 and len(calls) == 4
    assert kept.get(inputs[3]) is results[3] and kept.get(inputs[1]) is results[1] and len(calls) == 4
    assert kept.get(inputs[0]) == results[0] and len(calls) == 5  # the oldest was dropped: worked out again
    # four factors are 16 cells each: room for two within 40 cells
    small = analysis.Kept(entries=10, cells=40)
    for one in inputs:
        small.get(one)
    assert len(small) == 2
    alone = analysis.Kept(entries=10, cells=1)  # one beyond the cells is still kept, alone
    alone.get(inputs[0])
    assert len(alone) == 1
