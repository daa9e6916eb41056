"""The simulated users of `make bench`'s load test (bench/bench_load.py runs
``locust --headless -f bench/locustfile.py``). Never import this module in the
app or the tests: importing locust patches the standard library with gevent.

Each simulated user is one person signed in through the login proxy
(``X-Forwarded-User``; the app runs with ``POSITIONING_AUTH=proxy``) with a
canvas of their own, seeded through the HTTP API by bench_load.py, and sends
what the browser sends:

- **open a canvas**: the page, Dash's layout and dependencies, then every
  callback the page's first load fires, in the browser's order (the edit
  callback, the language, the router... then those the edit's outputs
  trigger, the chart among them, then the chart again at its measured width);
- **move a weight**: the edit callback with a new slider value (the server
  recomputes and saves a version), then every callback its outputs trigger;
- **edit a cell**: the factor grid's ``cellValueChanged``, as ag-grid sends it (the Data tab shown first
  when its grid is drawn only while shown);
- **export**: an export job (``POST /api/jobs/export``), polled until done,
  then its file downloaded.

Callback requests are built from the server's own ``/_dash-dependencies`` and
``/_dash-layout`` (a small client that keeps the page's values as
dash-renderer does), so they follow the app as it changes. The browser sends
the callbacks a change triggers side by side; here they go one after another,
the chart first. Each action's whole time is reported as a request of type
``action``; a save the server refused, or an export that failed, is an error.
Static files (the JavaScript bundles) are left out: a browser caches them.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from locust import FastHttpUser, between, task

#: [{"user": name, "canvas": id}, ...], written by bench_load.py.
PEOPLE = json.loads(Path(os.environ["POSITIONING_LOAD_PEOPLE"]).read_text(encoding="utf-8"))
USER_HEADER = "X-Forwarded-User"
ENDPOINT = "/_dash-update-component"
EDIT = "canvas-store.data"  # the first output of the edit callback
CHART = "canvas-graph.figure"  # the first output of the views callback
GRID = "factor-grid.rowData"  # the factor grid's rows (drawn while the Data tab is shown)
TABS = "tabs.value"
GRAPH_WIDTH = 1000  # what assets/graph_size.js measures on a 1366-pixel screen
EXPORT_POLL_SECONDS = 0.25
EXPORT_TIMEOUT_SECONDS = 60.0
_seats = itertools.count()


class Failed(Exception):
    """An action that did not do what the user asked."""


def _key(part: str) -> str:
    """``"id.property"`` of one output in a callback's output key (``@hash`` of duplicates dropped)."""
    return part.split("@")[0]


class Callback:
    """One server callback from ``/_dash-dependencies``."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.output = spec["output"]
        self.outputs = [_key(p) for p in self.output.strip(".").split("...")]
        self.inputs = [f"{d['id']}.{d['property']}" for d in spec["inputs"]]
        self.state = [f"{d['id']}.{d['property']}" for d in spec["state"]]
        self.initial = not spec.get("prevent_initial_call")
        self.name = self.outputs[0]

    def body(self, values: dict[str, Any], changed: Iterable[str]) -> dict[str, Any]:
        def item(key: str) -> dict[str, Any]:
            component, prop = key.rsplit(".", 1)
            return {"id": component, "property": prop, **({"value": values[key]} if key in values else {})}

        outputs = [{"id": k.rsplit(".", 1)[0], "property": k.rsplit(".", 1)[1]} for k in self.outputs]
        return {
            "output": self.output,
            "outputs": outputs if self.output.startswith("..") else outputs[0],
            "inputs": [item(k) for k in self.inputs],
            "state": [item(k) for k in self.state],
            "changedPropIds": list(changed),
        }


def _served(specs: list[dict[str, Any]]) -> list[Callback]:
    """The callbacks the server answers (not the browser's own; no pattern-matching ids)."""
    return [
        Callback(s)
        for s in specs
        if not s.get("clientside_function") and not any(str(d["id"]).startswith("{") for d in s["inputs"])
    ]


def _props(node: Any, values: dict[str, Any]) -> None:
    """Every component's properties in a layout, by ``"id.property"``."""
    if isinstance(node, list):
        for child in node:
            _props(child, values)
    elif isinstance(node, dict) and "props" in node:
        props = node["props"]
        if isinstance(props.get("id"), str):
            values.update({f"{props['id']}.{name}": value for name, value in props.items() if name != "children"})
        _props(props.get("children"), values)


class Person(FastHttpUser):
    """Someone working on their canvas: mostly tuning weights, sometimes editing a cell, opening it again or
    exporting it."""

    wait_time = between(1, 3)

    def on_start(self) -> None:
        seat = PEOPLE[next(_seats) % len(PEOPLE)]
        self.person, self.canvas = seat["user"], seat["canvas"]
        self.values: dict[str, Any] = {}
        self.callbacks: list[Callback] = []
        self.chart_done = 0.0  # when the chart's callback last answered
        self.open_canvas()

    # --- the actions -------------------------------------------------------------

    @task(2)
    def open_canvas(self) -> None:
        with self._action("open a canvas"):
            path = f"/c/{self.canvas}"
            self._get(path, "page")
            self.values = {}
            _props(self._get("/_dash-layout", "_dash-layout").json(), self.values)
            self.callbacks = _served(self._get("/_dash-dependencies", "_dash-dependencies").json())
            self.values["url.pathname"] = path
            self._first_load()
            self.values["graph-width.data"] = GRAPH_WIDTH
            self._fire(self._callback(CHART), ["graph-width.data"], "open")

    @task(6)
    def move_weight(self) -> None:
        with self._action("move a weight"):
            sliders = [k for k in self.values if k.startswith("weight-") and k.endswith(".value")]
            key = random.choice([k for k in sliders if not k.startswith("weight-number-")])  # not the typed ones
            # Not the slider's value, nor the stored weight (a slider the page has not set yet may differ from
            # it): a move to the stored weight saves nothing, which is no error but no weight change either.
            stored = ((self.values.get(EDIT) or {}).get("weights") or {}).get(key[len("weight-") : -len(".value")])
            now = (self.values.get(key), stored)
            self.values[key] = random.choice([w / 100 for w in range(0, 101, 5) if w / 100 not in now])
            start = time.perf_counter()
            self._edit([key], "weight")
            # What the person waits for: the edit saved and the chart drawn again (the other callbacks
            # refresh panels out of view, and the browser sends them alongside the chart's).
            _report(self, "weight change: saved and redrawn", (self.chart_done - start) * 1000, None)

    @task(3)
    def edit_cell(self) -> None:
        with self._action("edit a cell"):
            if not self.values.get(GRID):
                self._show_data_tab()
            rows = self.values.get(GRID) or []
            if not rows:
                raise Failed("the factor grid has no rows")
            index = random.randrange(len(rows))
            row = rows[index]
            column = random.choice([c for c in row if c.startswith("level_")])
            low, high = ((self.values.get(EDIT) or {}).get("scales") or {}).get("level") or (0, 10)
            old = row[column]
            new = random.choice([v for v in range(int(low), int(high) + 1) if v != old])
            self.values["factor-grid.cellValueChanged"] = [
                {
                    "rowIndex": index,
                    "rowId": row["name"],
                    "data": {**row, column: new},
                    "oldValue": old,
                    "value": new,
                    "colId": column,
                    "timestamp": int(time.time() * 1000),
                }
            ]
            self._edit(["factor-grid.cellValueChanged"], "cell")

    @task(1)
    def export(self) -> None:
        with self._action("export (job)"):
            body = {"canvases": [self.canvas], "format": "png"}
            job = self._request("POST", "/api/jobs/export", "export: submit", json=body, ok=(202,)).json()
            deadline = time.monotonic() + EXPORT_TIMEOUT_SECONDS
            while True:
                status = self._get(f"/api/jobs/{job['id']}", "export: poll").json()
                if status["state"] == "done":
                    break
                if status["state"] in ("failed", "cancelled") or time.monotonic() > deadline:
                    raise Failed(f"export job {status['state']}: {status.get('error')}")
                time.sleep(EXPORT_POLL_SECONDS)
            file = self._get(status["result"], "export: download")
            if not file.content.startswith(b"PK"):
                raise Failed("the export's file is not a zip")

    # --- the page ----------------------------------------------------------------

    def _show_data_tab(self) -> None:
        """What the browser sends when the person opens the Data tab, where the factor grid is drawn only
        while shown: the stored canvas passed on to the tab's own store (in the browser), then the grids'
        callback."""
        grids = next((c for c in self.callbacks if GRID in c.outputs), None)
        if grids is None:
            return
        sources = [k for k in grids.inputs if k.endswith("-source.data")]
        self.values[TABS] = "data"
        self.values.update({key: self.values.get(EDIT) for key in sources})
        self._fire(grids, sources, "data tab")

    def _first_load(self) -> None:
        """What dash-renderer fires on a page's first load: every callback not
        waiting for another's output, then what their outputs trigger, then any left."""
        initial = [c for c in self.callbacks if c.initial]
        produced = {key for c in initial for key in c.outputs}
        fired: set[str] = set()
        for callback in initial:
            if not produced & set(callback.inputs):
                changed = self._fire(callback, [k for k in callback.inputs if k == "url.pathname"], "open")
                fired |= {callback.output} | self._cascade(changed, "open", source=callback)
        for callback in initial:
            if callback.output not in fired:
                self._fire(callback, [], "open")

    def _edit(self, changed: list[str], what: str) -> None:
        """The edit callback for ``changed``, then every callback it triggers; the edit must be saved."""
        before = self.values.get("canvas-version.data")
        edit = self._callback(EDIT, changed)
        outputs = self._fire(edit, changed, what)
        after = self.values.get("canvas-version.data")
        if not isinstance(after, int) or not isinstance(before, int) or after <= before:
            raise Failed(f"not saved: {json.dumps(self.values.get('save-status.children'))[:200]}")
        self._cascade(outputs, what, source=edit)

    def _cascade(self, changed: set[str], what: str, source: Callback | None = None) -> set[str]:
        """The callbacks whose inputs ``changed`` (the chart first), each once, and what theirs change in turn
        (as in Dash, a callback's outputs do not fire the callback itself)."""
        fired: set[str] = {source.output} if source else set()
        while changed:
            due = [c for c in self.callbacks if c.output not in fired and set(c.inputs) & changed]
            due.sort(key=lambda c: c.name != CHART)
            now, changed = changed, set()
            for callback in due:
                fired.add(callback.output)
                changed |= self._fire(callback, [k for k in callback.inputs if k in now], what)
                if callback.name == CHART:
                    self.chart_done = time.perf_counter()
        return fired

    def _callback(self, first_output: str, changed: Iterable[str] = ()) -> Callback:
        """The callback whose first output is ``first_output`` and whose inputs include ``changed`` (several
        callbacks write the canvas store: opening, editing, undoing...; each is told apart by its inputs)."""
        return next(c for c in self.callbacks if c.name == first_output and set(changed) <= set(c.inputs))

    def _fire(self, callback: Callback, changed: list[str], what: str) -> set[str]:
        """Send one callback request; the page's values take its outputs, whose keys it returns."""
        body = callback.body(self.values, changed)
        answer = self._request("POST", ENDPOINT, f"{what}: {callback.name}", json=body, ok=(200, 204))
        if answer.status_code == 204:
            return set()
        new = {f"{c}.{p}": v for c, props in answer.json()["response"].items() for p, v in props.items()}
        self.values.update(new)
        return set(new)

    # --- HTTP --------------------------------------------------------------------

    def _get(self, path: str, name: str) -> Any:
        return self._request("GET", path, name)

    def _request(self, method: str, path: str, name: str, *, ok: tuple[int, ...] = (200,), **kwargs: Any) -> Any:
        with self.client.request(
            method, path, name=name, headers={USER_HEADER: self.person}, catch_response=True, **kwargs
        ) as answer:
            if answer.status_code not in ok:
                answer.failure(f"{answer.status_code}: {(answer.text or '')[:200]}")
                raise Failed(f"{name} answered {answer.status_code}")
            answer.success()
            return answer

    def _action(self, name: str) -> _Timed:
        return _Timed(self, name)


class _Timed:
    """Reports an action's whole time (and whether it failed) as one request of type ``action``."""

    def __init__(self, user: Person, name: str) -> None:
        self.user, self.name = user, name

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, _: object) -> bool:
        if kind is not None and not issubclass(kind, Exception):  # the run ended under it: not an action
            return False
        _report(self.user, self.name, (time.perf_counter() - self.start) * 1000, error)
        return kind is not None and issubclass(kind, Failed)  # counted above; the user goes on


def _report(user: Person, name: str, milliseconds: float, error: BaseException | None) -> None:
    """One action's time in locust's statistics, as a request of type ``action``."""
    user.environment.events.request.fire(
        request_type="action", name=name, response_time=milliseconds, response_length=0, exception=error, context={}
    )
