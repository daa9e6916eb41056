"""Who is asking: one local user by default; behind a login proxy, the user
it names, trusted only from its own addresses; everything else is 401."""

from __future__ import annotations

import flask
import pytest

from positioning.core.config import LOCAL_USER, settings_from
from positioning.http.auth import current_user, install_auth


def _server(env: dict[str, str]) -> flask.Flask:
    server = flask.Flask(__name__)
    install_auth(server, settings_from(env))
    for path in ("/", "/api/canvases", "/_dash-update-component", "/assets/style.css"):
        server.add_url_rule(path, path, lambda: flask.jsonify(user=current_user()), methods=["GET", "POST"])
    return server


def _get(server: flask.Flask, path: str, address: str, headers: dict[str, str] | None = None):
    api = server.test_client()
    api.environ_base["REMOTE_ADDR"] = address
    return api.get(path, headers=headers or {})


PROXY = {"POSITIONING_AUTH": "proxy", "POSITIONING_TRUSTED_PROXIES": "127.0.0.1,10.1.1.1"}
PATHS = ("/", "/api/canvases", "/_dash-update-component", "/assets/style.css")


def test_single_user_mode_needs_no_login():
    assert _get(_server({}), "/", "192.0.2.7").get_json() == {"user": LOCAL_USER}


@pytest.mark.parametrize("path", PATHS)
def test_behind_the_proxy_the_named_user_is_asking(path):
    answer = _get(_server(PROXY), path, "10.1.1.1", {"X-Forwarded-User": " ann@example.com "})
    assert answer.get_json() == {"user": "ann@example.com"}


def test_the_user_header_can_be_renamed():
    server = _server({**PROXY, "POSITIONING_USER_HEADER": "X-Auth-Request-User"})
    assert _get(server, "/", "127.0.0.1", {"X-Auth-Request-User": "bob"}).get_json() == {"user": "bob"}
    assert _get(server, "/", "127.0.0.1", {"X-Forwarded-User": "bob"}).status_code == 401


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    ("address", "headers"),
    [
        ("127.0.0.1", {}),  # no header
        ("127.0.0.1", {"X-Forwarded-User": "  "}),  # an empty name
        ("127.0.0.1", {"X-Forwarded-User": "x" * 201}),  # a name too long to be one
        ("192.0.2.7", {"X-Forwarded-User": "ann"}),  # not from the proxy: anyone can set a header
    ],
)
def test_anything_else_is_401_on_every_route(path, address, headers):
    answer = _get(_server(PROXY), path, address, headers)
    assert answer.status_code == 401
    if path.startswith("/api/"):
        assert "error" in answer.get_json()
    assert "<" not in answer.get_data(as_text=True)


def test_a_proxy_trusted_as_ipv4_is_trusted_when_a_dual_stack_server_sees_it_mapped():
    answer = _get(_server(PROXY), "/", "::ffff:127.0.0.1", {"X-Forwarded-User": "ann"})
    assert answer.get_json() == {"user": "ann"}
    assert _get(_server(PROXY), "/", "::ffff:192.0.2.7", {"X-Forwarded-User": "ann"}).status_code == 401
