"""Benchmark of the core pipeline: load + validate + rank + diagnose + figure JSON.

Run with `make bench`. Prints a table and writes it to bench/results.md.
Target (issue #2): under 50 ms for a 50-factor by 10-player canvas. Goals (issue 25): the pipeline of a
50x10 canvas at most 3x the floor of reading the same file (libyaml's parse and the curves' JSON), and a
20,000-factor file refused within a second of CPU.
"""

from __future__ import annotations

import json
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable

import goals
import yaml
from plotly.io.json import to_json_plotly

from positioning import CanvasError, diagnose, parse_canvas, rank
from positioning.chart.figures import figure_spec
from positioning.chart.view import View

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


def cpu_paired(first: Callable[[], object], second: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median CPU time in milliseconds of each of two functions, run alternately (so both see the same
    machine: the ratio of the two holds when other work shares the CPU)."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for fn, kept in ((first, times[0]), (second, times[1])):
            start = time.process_time()
            fn()
            kept.append((time.process_time() - start) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


def figure_json(canvas, ranking) -> str:
    """The chart as the app sends it (Dash turns a figure into JSON with plotly's ``to_json_plotly``)."""
    return to_json_plotly(figure_spec(canvas, ranking, View()))


def pipeline(text: str) -> str:
    """Parse, validate, rank, diagnose and the figure's JSON: a file to what the browser draws."""
    canvas = parse_canvas(text)
    ranking = rank(canvas)
    diagnose(canvas, ranking)
    return figure_json(canvas, ranking)


def floor(text: str) -> str:
    """The floor the pipeline is measured against: libyaml's parse of the same file and the JSON of the
    curves (each player's levels by factor, and the factors' names)."""
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    players = [p["name"] for p in data["players"]]
    factors = data["factors"]
    curves = {p: [f["levels"][p] for f in factors] for p in players}
    return json.dumps({"factors": [f["name"] for f in factors], "curves": curves})


def many_factors_text(n: int = 20_000) -> str:
    """A canvas file of ``n`` factors and two players, in flow style so that 20,000 fit under 2 MB."""
    scores = "{attractiveness: 3,unmet_need: 2,capability: 4,barriers: 1}"
    head = "title: Many\nsubject: A\nplayers: [{name: A}, {name: B}]\nfactors:\n"
    return head + "".join(f"- {{name: F{i},scores: {scores},levels: {{A: 5,B: 4}}}}\n" for i in range(n))


def refusal_cpu(text: str, repeat: int = 3) -> float:
    """Median CPU seconds to refuse ``text``."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        try:
            parse_canvas(text, name="many.yaml")
        except CanvasError:
            times.append(time.process_time() - start)
        else:
            raise AssertionError("a file of too many factors was accepted")
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
        fig = timed(lambda canvas=canvas, ranking=ranking: figure_json(canvas, ranking), repeat)
        total = timed(lambda text=text: pipeline(text), repeat)
        floor_ms = timed(lambda text=text: floor(text), repeat)
        cpu_total, cpu_floor = cpu_paired(lambda text=text: pipeline(text), lambda text=text: floor(text), repeat)
        rows.append((f"{n}x{p}", len(text) / 1024, load, ranked, diag, fig, total, floor_ms, cpu_total / cpu_floor))
    ratio_50 = next(r[8] for r in rows if r[0] == "50x10")

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
    many = many_factors_text()
    refused_s = refusal_cpu(many)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    return [
        "| factors x players | file KB | load+validate | rank | diagnose | figure JSON | pipeline total "
        "| libyaml + curve JSON | pipeline / libyaml (CPU) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        *[
            f"| {r[0]} | {r[1]:.0f} | {r[2]:.1f} | {r[3]:.2f} | {r[4]:.2f} | {r[5]:.1f} | **{r[6]:.1f}** "
            f"| {r[7]:.1f} | {r[8]:.1f}x |"
            for r in rows
        ],
        "",
        "The pipeline: parse, validate, rank, diagnose and the figure's JSON as the app sends it. Its floor: "
        "libyaml's parse of the same file and the JSON of each player's levels by factor; the ratio is of "
        "median CPU times, the two run alternately.",
        goals.record("pipeline_ratio_50", ratio_50, "50x10"),
        "",
        f"Alias bomb (9 levels x 9 aliases, {len(bomb)} bytes, 387 million strings if expanded): "
        f"refused in {bomb_ms:.1f} ms.",
        f"A 20,000-factor file ({len(many.encode()) / 2**20:.1f} MB, two players): "
        f"refused in {refused_s:.2f} s of CPU.",
        goals.record("refuse_20000", refused_s),
        f"Peak resident memory of the benchmark process so far: {peak_mb:.0f} MB.",
    ]


if __name__ == "__main__":
    sys.stdout.write("\n".join(main()) + "\n")
