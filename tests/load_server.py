"""The HTTP API alone as a WSGI app, for load tests under a real gunicorn (``tests.load_server:app``).

The database is ``DATABASE_URL`` (already upgraded by the test); single-user mode."""

from __future__ import annotations

import os
from pathlib import Path

import flask

from positioning.core.config import Settings
from positioning.http.api import install_api
from positioning.rendering.renderer import Renderer
from positioning.store.db import open_database

_URL = os.environ["DATABASE_URL"]
app = flask.Flask(__name__)
install_api(app, open_database(_URL), Renderer(), Settings(data_folder=Path(os.environ["DATA"]), database_url=_URL))
