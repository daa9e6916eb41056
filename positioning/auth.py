"""Who is asking (INTERFACE; the API engineer hardens and tests it).

Every request of the app's server (pages, Dash callbacks, the HTTP API,
assets) passes :func:`install_auth`'s check first. Single-user mode (the
default) has one owner, :data:`~positioning.config.LOCAL_USER`, and no login.
Proxy mode trusts the user name in ``settings.user_header``, set by an
authenticating reverse proxy, only from ``settings.trusted_proxies``;
anything else answers 401. Handlers then ask :func:`current_user`.
"""

from __future__ import annotations

import flask

from .config import LOCAL_USER, Settings

MAX_USER_LENGTH = 200


def install_auth(server: flask.Flask, settings: Settings) -> None:
    """Check who is asking before every request of ``server``."""

    @server.before_request
    def identify() -> flask.Response | None:
        user = user_of(flask.request, settings)
        if user is None:
            return flask.Response("Sign in through your organisation's login first.\n", 401, mimetype="text/plain")
        flask.g.positioning_user = user
        return None


def user_of(request: flask.Request, settings: Settings) -> str | None:
    """The user ``request`` comes from, or None when it must be refused."""
    if settings.auth == "single":
        return LOCAL_USER
    if request.remote_addr not in settings.trusted_proxies:
        return None
    name = (request.headers.get(settings.user_header) or "").strip()
    return name if 0 < len(name) <= MAX_USER_LENGTH else None


def current_user() -> str:
    """The user of the request being handled (set by :func:`install_auth`)."""
    user = flask.g.get("positioning_user")
    if not isinstance(user, str):
        raise RuntimeError("no user: install_auth(server, settings) must run before any handler")
    return user
