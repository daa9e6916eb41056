"""Health checks for load balancers and orchestrators (issue 13 §4).

* ``GET /healthz``: the process answers (200 ``{"status": "up"}``); nothing else is touched.
* ``GET /readyz``: what serving needs can be reached: the workspace database
  answers a query that reads its schema, and a browser the image renderer can
  start is installed, and (with ``REDIS_URL``) Redis answers. 200 ``{"status": "ready", "checks": {...}}`` when all
  are, else 503 with each failing check's short reason.

Both answer without sign-in (a load balancer has none), so they say which
check failed and nothing more: the details go to the server's log.
"""

from __future__ import annotations

import json
import logging

import flask
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from positioning.jobs.queue import Queue
from positioning.rendering.browser import browser_installed
from positioning.store.db import READING, Database, reason

_log = logging.getLogger(__name__)


def health_blueprint(database: Database, queue: Queue | None = None) -> flask.Blueprint:
    """``/healthz`` and ``/readyz`` for the app on ``database`` (and its job ``queue``'s Redis, if it has one)."""
    blueprint = flask.Blueprint("health", __name__)

    @blueprint.get("/healthz")
    def healthz() -> flask.Response:
        return _json({"status": "up"}, 200)

    @blueprint.get("/readyz")
    def readyz() -> flask.Response:
        checks = {"database": _database(database), "renderer": _renderer()}
        if queue is not None and queue.runner == "celery":
            checks["redis"] = _redis(queue)
        ready = all(state == "ok" for state in checks.values())
        return _json({"status": "ready" if ready else "not ready", "checks": checks}, 200 if ready else 503)

    return blueprint


def _database(database: Database) -> str:
    """ "ok", or why the database cannot serve (reading its schema catches a file that is not a database)."""
    try:
        with database.engine.connect().execution_options(**{READING: True}) as connection:  # no write lock
            connection.execute(text("SELECT count(*) FROM alembic_version")).scalar_one()
    except SQLAlchemyError as error:
        _log.warning("readyz: the database cannot be reached: %s", reason(error))
        return "unreachable"
    return "ok"


def _renderer() -> str:
    """ "ok" when a browser for image export is installed (it is started on the first export, not here)."""
    return "ok" if browser_installed() else "no browser installed for image export"


def _redis(queue: Queue) -> str:
    """ "ok" when the job queue's Redis answers a ping."""
    problem = queue.check()
    if problem is None:
        return "ok"
    _log.warning("readyz: Redis cannot be reached: %s", problem)
    return "unreachable"


def _json(body: dict[str, object], status: int) -> flask.Response:
    response = flask.Response(json.dumps(body), status, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response
