"""Who is asking: one local user by default; behind a login proxy, the user
it names, trusted only from its own addresses; everything else is 401."""

from __future__ import annotations

import http.client
import json
import threading
from typing import Any

import flask
import pytest
from werkzeug.serving import make_server

from positioning.core.config import LOCAL_USER, settings_from
from positioning.http.auth import current_user, install_auth
from positioning.http.services import services


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


@pytest.fixture
def served(tmp_path):
    """The real app behind a login proxy on 127.0.0.1, served over HTTP from threads."""
    from positioning.app import create_app
    from positioning.core.config import Settings, sqlite_url

    folder = tmp_path / "data"
    app = create_app(settings=Settings(folder, sqlite_url(folder), auth="proxy", trusted_proxies=("127.0.0.1",)))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield app, server.server_port
    server.shutdown()
    server.server_close()


def _ask(port: int, method: str, path: str, user: bytes, body: bytes = b"") -> tuple[int, Any]:
    """``method path`` with the user header's very bytes, as a proxy sends them; status and JSON."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest(method, path)
        connection.putheader("X-Forwarded-User", user)
        connection.putheader("Content-Type", "application/yaml")
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        answer = connection.getresponse()
        return answer.status, json.loads(answer.read() or b"null")
    finally:
        connection.close()


def test_a_utf8_user_name_from_the_proxy_is_read_as_utf8_and_ascii_names_stay_as_they_were(served):
    from positioning.store.repository import owners

    from .factory import canvas_data, to_yaml

    app, port = served
    text = to_yaml(canvas_data({"Us": [5, 4], "Them": [3, 3]}, names=["Price", "Speed"])).encode()
    jose, ann = "José 李".encode(), b"ann@example.com"
    status, made = _ask(port, "POST", "/api/canvases", jose, text)
    assert status == 201
    status, versions = _ask(port, "GET", f"/api/canvases/{made['id']}/versions", jose)
    assert status == 200 and versions[0]["author"] == "José 李"
    assert _ask(port, "POST", "/api/canvases", ann, text)[0] == 201
    assert [c["id"] for c in _ask(port, "GET", "/api/canvases", jose)[1]] == [made["id"]]
    assert len(_ask(port, "GET", "/api/canvases", ann)[1]) == 1
    assert _ask(port, "GET", f"/api/canvases/{made['id']}/versions", ann)[0] == 404
    # bytes that are not UTF-8 (a proxy sending latin-1) keep their old reading: a user of their own
    assert _ask(port, "GET", "/api/canvases", "José".encode("latin-1"))[1] == []
    assert owners(services(app.server).database) == ["José 李", "ann@example.com"]
