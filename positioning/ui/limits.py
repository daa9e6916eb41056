"""What the app's server accepts, checked before Dash reads a request.

:func:`install_limits` caps the size of the callback endpoint's body at
:data:`REQUEST_LIMIT` (every other route of the page takes the small body of
:mod:`positioning.http.bodies`; a larger body, chunked or not, is answered 413) and turns a
callback request that no page of this app could send (not JSON, nested past
the parser's depth, an unknown callback or one that runs in the browser, the
wrong number of inputs) into a 400 instead of an error deep inside Dash, and
a script or map file Dash does not serve into a 404. The values inside a
well-formed request are each callback's to check (:mod:`.inputs`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import dash
import flask
from dash.exceptions import DependencyException
from werkzeug.exceptions import NotFound

from positioning.core.loader import MAX_BYTES
from positioning.http.bodies import allow_bodies

#: The largest legitimate request: the edit callback when a file is dropped
#: carries the file as a base64 data URL, the stored canvas and the canvas
#: Undo brings back (each at most MAX_BYTES as JSON), and a few small values.
REQUEST_LIMIT = 4 * math.ceil(MAX_BYTES / 3) + 2 * MAX_BYTES + 256 * 1024

_CALLBACK_PATH = "/_dash-update-component"


def install_limits(app: dash.Dash) -> None:
    """Cap callback request bodies at :data:`REQUEST_LIMIT`, refuse malformed
    callback requests (400) and answer 404 for a component file Dash does not
    serve on ``app``'s server."""
    server: flask.Flask = app.server
    allow_bodies(server, {app.config.routes_pathname_prefix + _CALLBACK_PATH.lstrip("/"): REQUEST_LIMIT})

    @server.before_request
    def check_callback_request() -> None:
        request = flask.request
        if request.method == "POST" and request.path.endswith(_CALLBACK_PATH):
            problem = envelope_problem(_json_body(), app.callback_map)
            if problem:
                flask.abort(400, description=problem)

    @server.errorhandler(DependencyException)
    def no_such_file(_: DependencyException) -> NotFound:
        # /_dash-component-suites/<package>/<path> outside what Dash registered
        return NotFound("no such script of this app")


def _json_body() -> Any:
    """The request's JSON (None when it is not JSON). Parsed once: Dash
    gets the same object from Flask's cache. A body over the size cap
    raises 413 here, before it is read."""
    try:
        return flask.request.get_json(silent=True)
    except RecursionError:  # nested deeper than the parser follows: not a request of ours
        return None


def envelope_problem(body: object, callbacks: Mapping[str, Mapping[str, Any]]) -> str | None:
    """What is wrong with a callback request's envelope, or None. ``callbacks``
    is the app's callback map (output key -> inputs and state)."""
    if not isinstance(body, dict):
        return "a callback request is a JSON object"
    spec = callbacks.get(body["output"]) if isinstance(body.get("output"), str) else None
    if spec is None:
        return "the request names no callback of this app"
    if "callback" not in spec:  # a clientside callback: the browser runs it, the server has nothing to call
        return "the request names a callback that runs in the browser, not on the server"
    inputs, state = _props(body.get("inputs"), len(spec["inputs"])), _props(body.get("state", []), len(spec["state"]))
    if inputs is None or state is None:
        return "the request's inputs do not match the callback's"
    outputs = body.get("outputs")
    if _props(outputs, None) is None and not _is_prop(outputs):
        return "the request's outputs are not a list of component properties"
    names = {f"{item['id']}.{item['property']}" for item in inputs}
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) and c in names for c in changed):
        return "the request's changed properties are not among the callback's inputs"
    return None


def _props(items: object, count: int | None) -> list[dict[str, Any]] | None:
    """``items`` when it is a list of ``count`` (any number if None) component properties."""
    if isinstance(items, list) and (count is None or len(items) == count) and all(map(_is_prop, items)):
        return items
    return None


def _is_prop(item: object) -> bool:
    return isinstance(item, dict) and isinstance(item.get("id"), str) and isinstance(item.get("property"), str)
