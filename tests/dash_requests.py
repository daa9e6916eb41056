"""Callback requests as the browser sends them to Dash's real HTTP endpoint
(``/_dash-update-component``), through Flask's test client: for the tests of
the callbacks and of the server's limits."""

from __future__ import annotations

import importlib.util
import logging
from typing import Any

import dash

from positioning.core.config import Settings
from positioning.ui import ids

from .conftest import ROOT

ENDPOINT = "/_dash-update-component"


def load_app(settings: Settings | None = None) -> dash.Dash:
    """A fresh app from app.py, as gunicorn and the browser tests get it (on the workspace of ``settings``, else
    the environment's)."""
    spec = importlib.util.spec_from_file_location("app_under_request", ROOT / "app.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.create_app(**({"settings": settings} if settings else {}))


def _inputs(spec: dict[str, Any]) -> set[str]:
    return {f"{d['id']}.{d['property']}" for d in spec["inputs"]}


def callback_key(app: dash.Dash, output: str, changed: str | None = None) -> str:
    """The callback whose outputs include ``output`` ("canvas-store.data") first, else among the
    others; of several (outputs several callbacks write), the one ``changed`` fires."""
    parts = {key: [p.split("@")[0] for p in key.strip(".").split("...")] for key in app.callback_map}
    found = [k for k, outs in parts.items() if outs[0].startswith(output)]
    found = found or [k for k, outs in parts.items() if any(o.startswith(output) for o in outs)]
    fired = [k for k in found if changed in _inputs(app.callback_map[k])]
    return (fired or found)[0]


def body(app: dash.Dash, first_output: str, values: dict[str, Any], changed: str | None) -> dict[str, Any]:
    """The JSON the page posts for the callback that writes ``first_output``
    ("canvas-store.data"; of several, the one ``changed`` fires); ``values`` by "id.property",
    unset ones are null; ``changed`` is the property that fired (None: page load)."""
    return request_of(app, callback_key(app, first_output, changed), values, changed)


def request_of(app: dash.Dash, key: str, values: dict[str, Any], changed: str | None) -> dict[str, Any]:
    """The JSON the page posts for the callback ``key`` of the app's callback map."""
    spec = app.callback_map[key]
    parts = [part.split("@")[0] for part in key.strip(".").split("...")]
    outputs = [{"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]} for part in parts]

    def item(dep: dict[str, str]) -> dict[str, Any]:
        return {**dep, "value": values.get(f"{dep['id']}.{dep['property']}")}

    return {
        "output": key,
        "outputs": outputs if key.startswith("..") else outputs[0],
        "inputs": [item(d) for d in spec["inputs"]],
        "state": [item(d) for d in spec["state"]],
        "changedPropIds": [changed] if changed else [],
    }


def edit_body(app: dash.Dash, data: Any, changed: str | None, **values: Any) -> dict[str, Any]:
    """A request to the callback that changes the stored canvas ``data`` when ``changed`` fires
    (None: the page loading its address)."""
    values = {f"{ids.STORE}.data": data, f"{ids.LANGUAGE}.value": "en", **values}
    key = callback_key(app, f"{ids.STORE}.data", changed or f"{ids.URL}.pathname")
    return request_of(app, key, values, changed)


def response(answer: Any) -> dict[str, Any]:
    """The outputs a 200 answer sets, by component id (empty for 204: no update)."""
    assert answer.status_code in (200, 204), (answer.status_code, answer.data[:300])
    return {} if answer.status_code == 204 else answer.get_json()["response"]


def text_of(component: Any, language: str = "en") -> str:
    """All the text inside a component, or a component as JSON, as a page in ``language`` shows it
    (words put on the page in every language show in the page's: positioning/ui/said.py)."""
    if hasattr(component, "to_plotly_json"):
        return text_of(component.to_plotly_json(), language)
    if isinstance(component, dict):
        props = component.get("props", {})
        said = str(props.get("className") or "").split()
        if "said" in said and f"said-{language}" not in said:
            return ""
        return text_of(props.get("children"), language)
    if isinstance(component, list):
        return " ".join(filter(None, (text_of(c, language) for c in component)))
    return "" if component is None else str(component)


def tracebacks(records: list[logging.LogRecord]) -> list[str]:
    """Log records that carry a traceback."""
    return [r.getMessage() for r in records if r.exc_info or "Traceback" in r.getMessage()]
