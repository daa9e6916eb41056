"""The services an app's requests share, reached through one typed accessor.

:func:`install_services` puts them on the Flask server once, when the app is
made; every route, callback and check then asks :func:`services` for them
instead of looking up string keys in ``server.extensions``.
"""

from __future__ import annotations

import dataclasses

import flask

from positioning.core.config import Settings
from positioning.jobs.queue import Queue
from positioning.rendering.renderer import Renderer
from positioning.store.db import Database

_KEY = "positioning"


@dataclasses.dataclass(frozen=True)
class Services:
    """What one app's requests share: its workspace database, its image renderer, its job queue
    and the settings it was made with."""

    database: Database
    renderer: Renderer
    queue: Queue
    settings: Settings


def install_services(server: flask.Flask, services: Services) -> Services:
    """Make ``services`` those of ``server``'s requests."""
    server.extensions[_KEY] = services
    return services


def services(server: flask.Flask | None = None) -> Services:
    """The services of ``server`` (default: the app handling the current request)."""
    found = (server or flask.current_app).extensions.get(_KEY)
    if not isinstance(found, Services):
        raise RuntimeError("this Flask app has no positioning services: call install_services() first")
    return found
