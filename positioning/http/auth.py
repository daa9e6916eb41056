"""Who is asking.

Every request of the app's server (pages, Dash callbacks, the HTTP API,
assets) passes :func:`install_auth`'s check first. Single-user mode (the
default) has one owner, :data:`~positioning.core.config.LOCAL_USER`, and no login.
Proxy mode trusts the user name in ``settings.user_header``, set by an
authenticating reverse proxy (in UTF-8: :func:`header_text`), only from ``settings.trusted_proxies``;
anything else answers 401. Handlers then ask :func:`current_user`.
:func:`client_address` tells where a request comes from (the rate limits of
:mod:`positioning.http.ratelimit` count by it).
"""

from __future__ import annotations

import ipaddress
import json

import flask

from positioning.core.config import LOCAL_USER, Settings

MAX_USER_LENGTH = 200
#: Paths anyone may ask: the health checks (:mod:`positioning.http.health`), which say nothing private.
PUBLIC_PATHS = frozenset({"/healthz", "/readyz"})


def install_auth(server: flask.Flask, settings: Settings) -> None:
    """Check who is asking before every request of ``server``."""

    @server.before_request
    def identify() -> flask.Response | None:
        if flask.request.path in PUBLIC_PATHS:  # a load balancer's health checks: no sign-in, nothing private
            return None
        user = user_of(flask.request, settings)
        if user is None:
            return _refused(flask.request.path)
        flask.g.positioning_user = user
        return None


def _refused(path: str) -> flask.Response:
    """401: JSON for the API, a sentence for pages and the rest."""
    message = "Sign in through your organisation's login first."
    if path == "/api" or path.startswith("/api/"):
        return flask.Response(json.dumps({"error": message}), 401, mimetype="application/json")
    return flask.Response(message + "\n", 401, mimetype="text/plain")


def user_of(request: flask.Request, settings: Settings) -> str | None:
    """The user ``request`` comes from, or None when it must be refused."""
    if settings.auth == "single":
        return LOCAL_USER
    if not _trusted(request.remote_addr, settings):
        return None
    name = header_text(request.headers.get(settings.user_header) or "").strip()
    return name if 0 < len(name) <= MAX_USER_LENGTH else None


def header_text(value: str) -> str:
    """A header's text as its sender meant it: WSGI hands over each byte as one latin-1 character, so
    bytes that are valid UTF-8 (what the login proxy must send: ``José 李``) are read as UTF-8; any
    other bytes stay as they came (an ASCII name is the same either way).

    >>> header_text("José 李".encode().decode("latin-1")), header_text("bob"), header_text("Jos\xe9")
    ('José 李', 'bob', 'José')
    """
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:  # not latin-1 characters (not from a WSGI server), or not UTF-8 bytes
        return value


def current_user() -> str:
    """The user of the request being handled (set by :func:`install_auth`)."""
    user = flask.g.get("positioning_user")
    if not isinstance(user, str):
        raise RuntimeError("no user: install_auth(server, settings) must run before any handler")
    return user


def client_address(request: flask.Request, settings: Settings) -> str:
    """Where ``request`` comes from: the connection's address, or behind a trusted proxy the nearest
    address in ``X-Forwarded-For`` that is not a proxy's (a client can put anything there, but each
    trusted proxy appends the address it saw). IPv6 addresses count by their /64, the block one
    household or office gets, but an IPv4 client of a dual-stack server (``::ffff:a.b.c.d``) counts
    by its IPv4 address; anything that is not an address counts as the connection's."""
    remote = request.remote_addr or ""
    if _trusted(remote, settings):
        chain = [part.strip() for line in request.headers.getlist("X-Forwarded-For") for part in line.split(",")]
        remote = next((a for a in reversed(chain) if a and not _trusted(a, settings)), remote)
    address = _address(remote)
    if address is None:
        return request.remote_addr or "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address ``text`` names, an IPv4-mapped one (``::ffff:a.b.c.d``, how a server bound to
    ``[::]`` sees IPv4 clients) as IPv4; None for anything else."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
    return mapped or address


def _trusted(remote: str | None, settings: Settings) -> bool:
    """Whether ``remote`` is one of the trusted proxies (``127.0.0.1`` also as ``::ffff:127.0.0.1``)."""
    if not remote:
        return False
    if remote in settings.trusted_proxies:
        return True
    address = _address(remote)
    return address is not None and any(_address(proxy) == address for proxy in settings.trusted_proxies)
