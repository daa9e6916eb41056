"""The HTTP API alone as a WSGI app, for load tests under a real gunicorn (``tests.load_server:make_app()``).

The database is ``DATABASE_URL`` (already upgraded by the test); single-user mode."""

from __future__ import annotations

import os
from pathlib import Path

import flask

from positioning.core.config import Settings
from positioning.http.api import install_api
from positioning.rendering.renderer import Renderer
from positioning.store.db import open_database


def make_app() -> flask.Flask:
    """The app gunicorn serves, made when it starts (not when pytest's doctest collection imports this)."""
    url = os.environ["DATABASE_URL"]
    app = flask.Flask(__name__)
    install_api(app, open_database(url), Renderer(), Settings(data_folder=Path(os.environ["DATA"]), database_url=url))
    return app
