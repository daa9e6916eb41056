"""Batch image export, side by side in one run: the project's renderer
(export_many: one browser, plotly.js loaded once), plotly.io.write_images
(kaleido 1.x batch) and a plain plotly.io.write_image loop.

Target (issue #4): 50 charts in at most a third of write_images' time.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import plotly.io as pio

from positioning import ExportJob, canvas_figure, export_many, parse_canvas
from positioning.renderer import Renderer

N_CHARTS = 50
N_LOOP = 5  # write_image starts a browser per call (~3 s): a few are enough for the per-chart figure


def figures(n: int) -> list:
    from bench_core import canvas_text

    return [canvas_figure(parse_canvas(canvas_text(8 + i % 8, 3 + i % 4, seed=i))) for i in range(n)]


def main() -> list[str]:
    figs = figures(N_CHARTS)
    out = Path(tempfile.mkdtemp(prefix="positioning-bench-"))
    size = {"width": 1600, "height": 900}
    # Warm the disk cache (Chromium, plotly.js, fonts) for all three: whichever ran first would pay it.
    # (Not with write_image: its browser goes on shutting down after it returns, which would slow ours.)
    with Renderer(tabs=1) as warm_up:
        warm_up.render(figs[0], **size)

    start = time.perf_counter()
    export_many([ExportJob(f, out / f"ours-{i}.png", **size) for i, f in enumerate(figs)])
    ours = time.perf_counter() - start

    start = time.perf_counter()
    pio.write_images(figs, [out / f"batch-{i}.png" for i in range(N_CHARTS)], **size)
    batch = time.perf_counter() - start

    start = time.perf_counter()
    for i, f in enumerate(figs[:N_LOOP]):
        pio.write_image(f, out / f"loop-{i}.png", **size)
    loop = (time.perf_counter() - start) / N_LOOP * N_CHARTS

    same = sum((out / f"ours-{i}.png").read_bytes() == (out / f"batch-{i}.png").read_bytes() for i in range(N_CHARTS))

    def row(name: str, total: float, note: str = "") -> str:
        return f"| {name} | {total:.1f} | {total / N_CHARTS * 1000:.0f} | {total / ours:.1f}x |{note}"

    return [
        f"{N_CHARTS} PNGs of 1600x900, each a different canvas (8-15 factors, 3-6 players).",
        "",
        "| renderer | total s | ms per chart | time vs ours |",
        "|---|---:|---:|---:|",
        row("positioning export_many (one browser, plotly.js loaded once)", ours),
        row("plotly.io.write_images (kaleido batch)", batch),
        row(f"plotly.io.write_image loop (measured on {N_LOOP}, scaled to {N_CHARTS})", loop),
        "",
        f"Ours takes {ours / batch:.0%} of write_images' time (goal: at most 33%); "
        f"{same} of {N_CHARTS} images are byte-identical to write_images' output.",
    ]


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    print("\n".join(main()))
