"""Benchmark of the robustness analysis: 10,000 weight samples ranked, the smallest change, the tornado.

Run with `make bench`. Targets (issue #10): a 50-factor canvas well under
50 ms for the sampling, 500 factors under a second.
"""

from __future__ import annotations

import numpy as np
from bench_core import canvas_text, timed

from positioning import parse_canvas
from positioning.core.model import CRITERIA
from positioning.core.robustness import analyse, outcomes, sample_weights, smallest_change
from positioning.core.scoring import rank

SIZES = (50, 500)


def main() -> list[str]:
    rows = [
        "| factors | samples: draw + rank + count (ms) | smallest change (ms) | whole analysis (ms) |",
        "|---:|---:|---:|---:|",
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

        repeat = 20 if n <= 50 else 5
        sampling = timed(sampled, repeat)
        change = timed(lambda w=w, matrix=matrix, shortlist=shortlist: smallest_change(matrix, w, shortlist), repeat)
        whole = timed(lambda canvas=canvas: analyse(canvas), repeat)
        rows.append(f"| {n} | {sampling:.1f} | {change:.1f} | {whole:.1f} |")
    return rows


if __name__ == "__main__":
    print("\n".join(main()))
