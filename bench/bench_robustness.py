"""Benchmark of the robustness analysis: 10,000 weight samples ranked, the smallest change, the tornado.

Run with `make bench`. Targets (issue #10): a 50-factor canvas well under
50 ms for the sampling, 500 factors under a second. Issue 25: the result is kept
by content (positioning/core/analysis.Kept), so a second request for the same
content (another canvas object, its title or levels edited) takes the "cached" column.
"""

from __future__ import annotations

import numpy as np
from bench_core import canvas_text, timed

from positioning import parse_canvas
from positioning.core import analysis
from positioning.core.diagnostics import diagnose
from positioning.core.model import CRITERIA
from positioning.core.robustness import analyse, outcomes, sample_weights, smallest_change, thresholds, tornado
from positioning.core.scoring import rank

SIZES = (50, 500)


def main() -> list[str]:
    rows = [
        "| factors | samples: draw + rank + count (ms) | smallest change (ms) | thresholds + tornado (ms) |"
        " whole analysis (ms) | cached: same content again (ms) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for n in SIZES:
        canvas = parse_canvas(canvas_text(n, 5))
        ranking = rank(canvas)
        names = canvas.factor_names
        shortlist = [names.index(s) for s in ranking.shortlist]
        w = np.array([ranking.weights[c] for c in CRITERIA])
        matrix = np.array([[s.as_dict()[c] for c in CRITERIA] for s in canvas.factor_scores()])

        def sampled(w=w, matrix=matrix, shortlist=shortlist, top=canvas.top):
            drawn = sample_weights(w, concentration=40, samples=10_000, rng=np.random.default_rng(0))
            outcomes(drawn @ matrix.T, top=top, shortlist=shortlist)

        def one_weight(w=w, matrix=matrix, shortlist=shortlist):
            thresholds(matrix, w, shortlist)
            tornado(matrix, w, 0.1)

        repeat = 20 if n <= 50 else 5
        sampling = timed(sampled, repeat)
        change = timed(lambda w=w, matrix=matrix, shortlist=shortlist: smallest_change(matrix, w, shortlist), repeat)
        along = timed(one_weight, repeat)
        whole = timed(lambda canvas=canvas: analyse(canvas), repeat)
        analysis.forget()
        diagnosis = diagnose(canvas, ranking)
        assert analysis.Analysis(canvas, ranking, diagnosis).robustness  # worked out once, then kept
        # A new analysis each time, as for another request: its inputs read, digested and found.
        cached = timed(lambda c=canvas, r=ranking, d=diagnosis: analysis.Analysis(c, r, d).robustness, repeat)
        rows.append(f"| {n} | {sampling:.1f} | {change:.1f} | {along:.1f} | {whole:.1f} | {cached:.1f} |")
    return rows


if __name__ == "__main__":
    print("\n".join(main()))
