"""One analysis per canvas (positioning/core/analysis.py)."""

from __future__ import annotations

import threading

from positioning.core import analysis
from tests.factory import make_canvas


def test_an_equal_canvas_has_the_same_analysis_and_robustness_is_worked_out_once():
    analysis.forget()
    first = analysis.analyse(make_canvas(title="One"))
    again = analysis.analyse(make_canvas(title="One"))
    assert again is first and first.robustness is first.robustness
    assert analysis.analyse(make_canvas(title="Two")) is not first


def test_one_analysis_being_worked_out_does_not_hold_up_another(monkeypatch):
    analysis.forget()
    busy, other = analysis.analyse(make_canvas(title="Busy")), analysis.analyse(make_canvas(title="Other"))
    real, started, release = analysis._robustness.analyse, threading.Event(), threading.Event()

    def sampling(canvas, ranking):
        if canvas.title == "Busy":  # as while many weights are sampled
            started.set()
            release.wait(60)
        return real(canvas, ranking)

    monkeypatch.setattr(analysis._robustness, "analyse", sampling)
    threading.Thread(target=lambda: busy.robustness, daemon=True).start()
    assert started.wait(30)
    done = threading.Event()
    threading.Thread(target=lambda: (other.robustness, done.set()), daemon=True).start()
    try:
        assert done.wait(30), "the other canvas waited for the busy one"
    finally:
        release.set()
