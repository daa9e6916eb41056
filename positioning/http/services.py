"""The services an app's requests share, reached through one typed accessor.

:func:`install_services` puts them on the Flask server once, when the app is
made; every route, callback and check then asks :func:`services` for them
instead of looking up string keys in ``server.extensions``.
"""

from __future__ import annotations

import dataclasses
from typing import Protocol

import flask

from positioning.core.config import Settings
from positioning.jobs.queue import Queue
from positioning.rendering.renderer import Renderer
from positioning.store.db import Database

_KEY = "positioning"


class Guard(Protocol):
    """The rate limit on tokens tried (:class:`positioning.http.ratelimit.TokenGuard`)."""

    def refused(self) -> int:
        """Seconds the asking address must still wait (0: it may ask)."""
        ...

    def failed(self, key: str) -> int:
        """Count a token that opened nothing; the seconds the address must now wait."""
        ...


@dataclasses.dataclass(frozen=True)
class Services:
    """What one app's requests share: its workspace database, its image renderer, its job queue,
    the settings it was made with and, once installed, its rate limit on tokens tried."""

    database: Database
    renderer: Renderer
    queue: Queue
    settings: Settings
    guard: Guard | None = None


def install_services(server: flask.Flask, services: Services) -> Services:
    """Make ``services`` those of ``server``'s requests."""
    server.extensions[_KEY] = services
    return services


def services(server: flask.Flask | None = None) -> Services:
    """The services of ``server`` (default: the app handling the current request)."""
    found = installed(server)
    if found is None:
        raise RuntimeError("this Flask app has no positioning services: call install_services() first")
    return found


def installed(server: flask.Flask | None = None) -> Services | None:
    """The services of ``server`` (default: the current app), None when it has none."""
    found = (server or flask.current_app).extensions.get(_KEY)
    return found if isinstance(found, Services) else None
