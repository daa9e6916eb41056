"""Server-side latency of a weight change in the app, through Dash's own HTTP
endpoint (Flask test client): the edit callback (slider -> stored canvas) and
the render callback (stored canvas -> chart, diagnosis, grids), and the
Ranking tab's own callback, which runs only while that tab is shown.

Target (issue #3): under 100 ms for a 50-factor by 10-player canvas.
"""

from __future__ import annotations

import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from positioning import parse_canvas
from positioning.output.writer import canvas_data
from positioning.ui import ids

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the tests' request builder (tests/dash_requests.py)

from tests.dash_requests import body  # noqa: E402


def load_app():
    spec = importlib.util.spec_from_file_location("app_bench", ROOT / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.create_app()


def payload(app, first_output: str, values: dict[str, Any], changed: str) -> dict[str, Any]:
    """The JSON the browser posts to /_dash-update-component for the callback that writes ``first_output``
    when ``changed`` fires (as the tests build it: tests/dash_requests.py)."""
    return body(app, first_output, values, changed)


def measure(client, body: dict[str, Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.post("/_dash-update-component", json=body)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.data[:500]
    return statistics.median(times)


def main(sizes=((5, 2), (50, 10), (500, 20)), repeat: int = 15) -> list[str]:
    from bench_core import canvas_text

    app = load_app()
    client = app.server.test_client()
    lines = [
        "| factors x players | edit callback (slider -> store) | render callback (store -> views) | total |"
        " Ranking tab, when shown (robustness included) |",
        "|---|---:|---:|---:|---:|",
    ]
    for n, p in sizes:
        data = json.loads(json.dumps(canvas_data(parse_canvas(canvas_text(n, p)))))
        weights = {c: 0.25 for c in ids.WEIGHTS}
        weights["barriers"] = 0.6
        values = {f"{ids.WEIGHTS[c]}.value": w for c, w in weights.items()}
        values[f"{ids.STORE}.data"] = data
        values[f"{ids.LANGUAGE}.value"] = "en"
        edit = payload(app, f"{ids.STORE}.data", values, f"{ids.WEIGHTS['barriers']}.value")
        edit_ms = measure(client, edit, repeat)
        new_data = client.post("/_dash-update-component", json=edit).get_json()["response"][ids.STORE]["data"]
        view_values = {
            f"{ids.STORE}.data": new_data,
            f"{ids.SHOWN}.value": [pl["name"] for pl in data["players"][1:]],
            f"{ids.ORDER}.value": "file",
            f"{ids.LANGUAGE}.value": "en",
        }
        render = payload(app, f"{ids.GRAPH}.figure", view_values, f"{ids.STORE}.data")
        render_ms = measure(client, render, repeat if n <= 50 else 5)
        tab_values = {**view_values, f"{ids.TABS}.value": "ranking"}
        ranking = payload(app, f"{ids.RANKING}.children", tab_values, f"{ids.STORE}.data")
        ranking_ms = measure(client, ranking, repeat if n <= 50 else 5)
        total = edit_ms + render_ms
        lines.append(f"| {n}x{p} | {edit_ms:.1f} | {render_ms:.1f} | **{total:.1f}** | {ranking_ms:.1f} |")
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
