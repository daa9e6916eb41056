"""Benchmark of the core pipeline: load + validate + rank + diagnose + figure.

Run with `make bench`. Prints a table and writes it to bench/results.md.
Target (issue #2): under 50 ms for a 50-factor by 10-player canvas.
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import time

import yaml

from positioning import CanvasError, canvas_figure, diagnose, parse_canvas, rank

CRITERIA = ("attractiveness", "unmet_need", "capability", "barriers")
SIZES = [(5, 2), (50, 10), (500, 20)]


def canvas_text(n_factors: int, n_players: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    players = [f"Player {i}" for i in range(n_players)]
    data = {
        "title": f"Benchmark {n_factors}x{n_players}",
        "subject": players[0],
        "players": [{"name": p} for p in players],
        "weights": {c: rng.randint(1, 5) for c in CRITERIA},
        "factors": [
            {
                "name": f"Factor number {i}",
                "category": rng.choice(["product", "relationship", "brand"]),
                "scores": {c: rng.randint(1, 5) for c in CRITERIA},
                "levels": {p: rng.randint(0, 10) for p in players},
            }
            for i in range(n_factors)
        ],
    }
    return yaml.safe_dump(data, sort_keys=False)


def timed(fn, repeat: int) -> float:
    """Median wall time in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> list[str]:
    rows = []
    for n, p in SIZES:
        text = canvas_text(n, p)
        repeat = 30 if n <= 50 else 5
        canvas = parse_canvas(text)
        ranking = rank(canvas)
        load = timed(lambda text=text: parse_canvas(text), repeat)
        ranked = timed(lambda canvas=canvas: rank(canvas), repeat)
        diag = timed(lambda canvas=canvas, ranking=ranking: diagnose(canvas, ranking), repeat)
        fig = timed(lambda canvas=canvas, ranking=ranking: canvas_figure(canvas, ranking=ranking), repeat)

        def pipeline(text=text):
            c = parse_canvas(text)
            r = rank(c)
            diagnose(c, r)
            canvas_figure(c, ranking=r)

        total = timed(pipeline, repeat)
        rows.append((f"{n}x{p}", len(text) / 1024, load, ranked, diag, fig, total))

    bomb = "\n".join(
        [f"a0: &a0 [{','.join(['lol'] * 9)}]"] + [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    )

    def refuse():
        try:
            parse_canvas(bomb)
        except CanvasError:
            return
        raise AssertionError("alias bomb accepted")

    bomb_ms = timed(refuse, 10)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    return [
        "| factors x players | file KB | load+validate | rank | diagnose | figure | pipeline total |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *[
            f"| {r[0]} | {r[1]:.0f} | {r[2]:.1f} | {r[3]:.2f} | {r[4]:.2f} | {r[5]:.1f} | **{r[6]:.1f}** |"
            for r in rows
        ],
        "",
        f"Alias bomb (9 levels x 9 aliases, {len(bomb)} bytes, 387 million strings if expanded): "
        f"refused in {bomb_ms:.1f} ms.",
        f"Peak resident memory of the benchmark process so far: {peak_mb:.0f} MB.",
    ]


if __name__ == "__main__":
    sys.stdout.write("\n".join(main()) + "\n")
