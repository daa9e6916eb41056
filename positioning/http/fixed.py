"""Answers that are the same for everyone, every time the process runs: made once, then sent as made.

Every page of the app asks Dash for its layout (``/_dash-layout``, 46 kB of JSON) and its callbacks
(``/_dash-dependencies``, 28 kB); Dash serialises its component tree again for each (3-4 ms of a worker
for the layout, more under load, of a page's 15 requests). The app's layout is built once, when the app
is made (:func:`positioning.ui.layout.build_layout`: no user, no language, no canvas in it; the
callbacks fill those in), and its callbacks are fixed then too, so the first answer is every answer.

The kept answer is the body and its content type, nothing of the request that first asked: no user's
data can reach another. An answer other than 200 is not kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flask

#: Dash's endpoints whose answers depend on nothing but the app (its layout must not be a function).
DASH_FIXED = ("/_dash-layout", "/_dash-dependencies")


class Once:
    """A Flask view whose first 200 answer is kept and sent for every later request. Shared by a worker's
    threads: two first requests at once both make it (the same bytes), and either is kept."""

    def __init__(self, view: Callable[..., Any]) -> None:
        self.view = view
        self.kept: tuple[bytes, str] | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> flask.Response:
        kept = self.kept
        if kept is None:
            response = flask.make_response(self.view(*args, **kwargs))
            if response.status_code != 200 or response.is_streamed:
                return response
            kept = self.kept = (response.get_data(), response.content_type or "application/octet-stream")
        body, content_type = kept
        return flask.Response(body, content_type=content_type)


def answer_once(server: flask.Flask, endpoints: tuple[str, ...] = DASH_FIXED) -> None:
    """Make each of ``endpoints`` of ``server`` a view answered once (see the module's docstring)."""
    for endpoint in endpoints:
        view = server.view_functions[endpoint]
        if not isinstance(view, Once):
            server.view_functions[endpoint] = Once(view)
