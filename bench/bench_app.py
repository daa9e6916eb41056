"""Server-side latency of a weight change in the app, through Dash's own HTTP endpoint (Flask test
client, JSON included), on a canvas of the workspace as the page opens it: the edit callback (slider ->
stored canvas, saved as the next version), then every server callback the edit's answer fires with the
Chart tab shown, found in the app's callback graph (the chart callback, and the History tab's and the
workshop's callbacks, which follow the canvas's version). The Ranking, Diagnosis and Data tabs get the
canvas only while shown (assets/views.js, a browser callback: tests/test_browser_speed.py counts the
requests a real browser makes). Then the Ranking tab shown: its table and its tornado chart, after a
weight change (robustness included, never a kept result).

Goals (issue 25): a weight change at 500x20 within 150 ms, at 50x10 within 25 ms; the Ranking tab at
500x20 within 300 ms.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import goals

from positioning import parse_canvas
from positioning.output.writer import canvas_data
from positioning.ui import ids
from positioning.ui.controller import slider_weights, stored_weights

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the tests' request builder (tests/dash_requests.py)

from tests.dash_requests import ENDPOINT, request_of  # noqa: E402

SLIDER = f"{ids.WEIGHTS['barriers']}.value"


def load_app():
    spec = importlib.util.spec_from_file_location("app_bench", ROOT / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.create_app()


@contextlib.contextmanager
def workspace() -> Iterator[None]:
    """The app's workspace in a throwaway folder (the bench saves a version per weight change)."""
    before = os.environ.get("POSITIONING_DATA")
    with tempfile.TemporaryDirectory(prefix="positioning-bench-app-") as folder:
        os.environ["POSITIONING_DATA"] = folder
        try:
            yield
        finally:
            if before is None:
                os.environ.pop("POSITIONING_DATA", None)
            else:
                os.environ["POSITIONING_DATA"] = before


def _outputs(key: str) -> list[str]:
    return [part.split("@")[0] for part in key.strip(".").split("...")]


def _key(app, first_output: str, fired_by: str) -> str:
    """The callback whose first output is ``first_output`` and that ``fired_by`` fires."""
    return next(
        key
        for key, spec in app.callback_map.items()
        if _outputs(key)[0] == first_output
        and fired_by in {f"{i['id']}.{i['property']}" for i in spec["inputs"]}
        and "callback" in spec
    )


def chained(app, edit_key: str, changed: set[str]) -> list[tuple[str, str]]:
    """The server callbacks (key, the input that fires it) an answer setting the props ``changed`` fires;
    the edit callback does not fire itself. Browser callbacks are left out (they cost the server nothing)."""
    fired = []
    for key, spec in app.callback_map.items():
        inputs = [f"{i['id']}.{i['property']}" for i in spec["inputs"]]
        hit = [prop for prop in inputs if prop in changed]
        if key != edit_key and hit and "callback" in spec:
            fired.append((key, hit[0]))
    return fired


@dataclass
class Timed:
    ms: float
    cpu: float  # the process's CPU time (the server runs in it): wall time less the other processes' share
    sent: int
    answered: int
    status: int
    body: Any


def post(client, request: dict[str, Any]) -> Timed:
    text = json.dumps(request)
    start, cpu = time.perf_counter(), time.process_time()
    answer = client.post(ENDPOINT, data=text, content_type="application/json")
    ms, cpu = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
    assert answer.status_code in (200, 204), answer.data[:500]
    return Timed(ms, cpu, len(text), len(answer.data), answer.status_code, answer.get_json(silent=True))


def page_values(data: dict[str, Any], info: dict[str, Any]) -> dict[str, Any]:
    """What the page holds for a canvas opened at /c/<id> with the Chart tab shown."""
    weights = {f"{ids.WEIGHTS[c]}.value": w for c, w in slider_weights(stored_weights(data)).items()}
    return {
        **weights,
        f"{ids.STORE}.data": data,
        f"{ids.CANVAS_ID}.data": info["id"],
        f"{ids.VERSION}.data": info["version"],
        f"{ids.URL}.pathname": f"/c/{info['id']}",
        f"{ids.LANGUAGE}.value": "en",
        f"{ids.SHOWN}.value": [p["name"] for p in data["players"][1:]],
        f"{ids.ORDER}.value": "file",
        f"{ids.LAYERS}.value": ["target"],
        f"{ids.SEGMENT}.value": "",
        f"{ids.TABS}.value": "canvas",
        f"{ids.GRAPH_WIDTH}.data": 1000,
    }


def weight_change(app, client, values: dict[str, Any], weight: float) -> tuple[list[tuple[str, Timed]], dict]:
    """One slider move as the page makes it: the edit, then each server callback its answer fires."""
    values = {**values, SLIDER: weight}
    edit_key = _key(app, f"{ids.STORE}.data", SLIDER)
    edit = post(client, request_of(app, edit_key, values, SLIDER))
    assert edit.status == 200 and ids.STORE in edit.body["response"], "the weight change was not taken"
    answer = edit.body["response"]
    changed = {f"{component}.{prop}" for component, props in answer.items() for prop in props}
    after = {**values, **{f"{c}.{p}": v for c, props in answer.items() for p, v in props.items()}}
    timed = [("edit", edit)]
    for key, fired_by in chained(app, edit_key, changed):
        timed.append((_outputs(key)[0], post(client, request_of(app, key, after, fired_by))))
    return timed, after


def ranking_tab(app, client, values: dict[str, Any]) -> float:
    """The Ranking tab shown: its table (robustness included) and its tornado chart, as the canvas passed
    on to the tab fires them."""
    source = f"{ids.TAB_SOURCES['ranking']}.data"
    shown = {**values, f"{ids.TABS}.value": "ranking", source: values[f"{ids.STORE}.data"]}
    total = 0.0
    for first in (f"{ids.RANKING}.children", f"{ids.TORNADO_FACTOR}.options"):
        timed = post(client, request_of(app, _key(app, first, source), shown, source))
        assert timed.status == 200
        total += timed.ms
    return total


def measure(app, client, n: int, p: int, repeat: int) -> dict[str, Any]:
    from bench_core import canvas_text

    text = canvas_text(n, p)
    created = client.post("/api/canvases", data=text.encode(), content_type="application/yaml")
    assert created.status_code == 201, created.data[:300]
    data = json.loads(json.dumps(canvas_data(parse_canvas(text))))
    values = page_values(data, created.get_json())
    runs, ranking = [], []
    for k in range(repeat):
        timed, values = weight_change(app, client, values, round(0.2 + 0.05 * (k % 2) + 0.001 * k, 3))
        runs.append(timed)
        if k < (repeat if n <= 50 else 5):
            _, values = weight_change(app, client, values, round(0.7 - 0.001 * k, 3))  # weights never seen
            ranking.append(ranking_tab(app, client, values))
    names = [name for name, _ in runs[0]]

    def median(name: str) -> float:
        return statistics.median(sum(t.ms for n_, t in run if n_ == name) for run in runs)

    return {
        "edit": median("edit"),
        "render": median(f"{ids.GRAPH}.figure"),
        "others": statistics.median(
            sum(t.ms for n_, t in run if n_ not in ("edit", f"{ids.GRAPH}.figure")) for run in runs
        ),
        "total": statistics.median(sum(t.ms for _, t in run) for run in runs),
        "cpu": statistics.median(sum(t.cpu for _, t in run) for run in runs),
        "fired": [name for name in names if name != "edit"],
        "bytes": sum(t.sent + t.answered for _, t in runs[-1]),
        "ranking": statistics.median(ranking),
    }


def main(sizes=((5, 2), (50, 10), (500, 20)), repeat: int = 15) -> list[str]:
    lines = [
        "| factors x players | edit callback (slider -> store, saved) | render callback (store -> chart) |"
        " other callbacks it fires | total | total, CPU | bytes sent + received |"
        " Ranking tab, when shown (robustness included) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    figures: dict[tuple[int, int], dict[str, Any]] = {}
    with workspace():
        app = load_app()
        client = app.server.test_client()
        for n, p in sizes:
            got = figures[(n, p)] = measure(app, client, n, p, repeat if n <= 50 else 7)
            lines.append(
                f"| {n}x{p} | {got['edit']:.1f} | {got['render']:.1f} | {got['others']:.1f} | **{got['total']:.1f}** |"
                f" {got['cpu']:.1f} | {got['bytes'] / 1024:,.0f} KB | {got['ranking']:.1f} |"
            )
    fired = next(iter(figures.values()))["fired"]
    lines += ["", "Medians in ms. A weight change fires, after the edit: " + ", ".join(fired) + "."]
    if (500, 20) in figures:
        lines.append(goals.record("weight_change_500", round(figures[(500, 20)]["total"], 1)))
        lines.append(goals.record("ranking_tab_500", round(figures[(500, 20)]["ranking"], 1), "table + tornado"))
    if (50, 10) in figures:
        lines.append(goals.record("weight_change_50", round(figures[(50, 10)]["total"], 1)))
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
