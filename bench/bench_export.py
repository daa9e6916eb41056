"""Batch image export, side by side in one run: the project's renderer
(export_many: one browser, plotly.js loaded once), plotly.io.write_images
(kaleido 1.x batch) and a plain plotly.io.write_image loop.

Target (issue #4): 50 charts in at most a third of write_images' time.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import plotly
import plotly.io as pio

from positioning import ExportJob, canvas_figure, export_many, parse_canvas
from positioning.rendering.renderer import Renderer

N_CHARTS = 50
ROUNDS = 3
N_LOOP = 5  # write_image starts a browser per call (~3 s): a few are enough for the per-chart figure


def figures(n: int) -> list:
    from bench_core import canvas_text

    return [canvas_figure(parse_canvas(canvas_text(8 + i % 8, 3 + i % 4, seed=i))) for i in range(n)]


def main() -> list[str]:
    import goals

    figs = figures(N_CHARTS)
    out = Path(tempfile.mkdtemp(prefix="positioning-bench-"))
    size = {"width": 1600, "height": 900}
    # Warm the disk cache (Chromium, both plotly.js bundles, fonts) for all three: whichever ran
    # first would pay it.
    (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()
    with Renderer(tabs=1) as warm_up:
        warm_up.render(figs[0], **size)
        bundle = warm_up.bundle

    # Ours and write_images alternate, ROUNDS times, so that a busy moment on the
    # machine (2 shared cores) does not decide the comparison; medians are reported.
    ours_times, batch_times = [], []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        export_many([ExportJob(f, out / f"ours-{i}.png", **size) for i, f in enumerate(figs)])
        ours_times.append(time.perf_counter() - start)

        start = time.perf_counter()
        pio.write_images(figs, [out / f"batch-{i}.png" for i in range(N_CHARTS)], **size)
        batch_times.append(time.perf_counter() - start)
    ours, batch = statistics.median(ours_times), statistics.median(batch_times)
    shares = [o / b for o, b in zip(ours_times, batch_times, strict=True)]

    start = time.perf_counter()
    for i, f in enumerate(figs[:N_LOOP]):
        pio.write_image(f, out / f"loop-{i}.png", **size)
    loop = (time.perf_counter() - start) / N_LOOP * N_CHARTS

    same = sum((out / f"ours-{i}.png").read_bytes() == (out / f"batch-{i}.png").read_bytes() for i in range(N_CHARTS))

    def row(name: str, total: float, runs: list[float] | None = None) -> str:
        spread = f" ({min(runs):.1f}-{max(runs):.1f})" if runs else ""
        return f"| {name} | {total:.1f}{spread} | {total / N_CHARTS * 1000:.0f} | {total / ours:.1f}x |"

    return [
        f"{N_CHARTS} PNGs of 1600x900, each a different canvas (8-15 factors, 3-6 players), browser "
        f"start-up included; median of {ROUNDS} alternating runs, range in brackets.",
        "",
        "| renderer | total s | ms per chart | time vs ours |",
        "|---|---:|---:|---:|",
        row(f"positioning export_many (one browser, plotly.js {bundle} bundle loaded once)", ours, ours_times),
        row("plotly.io.write_images (kaleido batch)", batch, batch_times),
        row(f"plotly.io.write_image loop (measured on {N_LOOP}, scaled to {N_CHARTS})", loop),
        "",
        f"Ours takes {ours / batch:.0%} of write_images' time (goal: at most 33%); round by round "
        f"{', '.join(f'{x:.0%}' for x in shares)}. "
        f"{same} of {N_CHARTS} images are byte-identical to write_images' output.",
        "",
        goals.record("export_ratio", ours / batch, f"{same} of {N_CHARTS} images byte-identical"),
    ]


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    print("\n".join(main()))
