"""/healthz and /readyz for a load balancer (issue 13 §4): up, ready, and what
is not, answered without sign-in and with nothing private."""

from __future__ import annotations

import importlib.util

import flask

from positioning.core.config import settings_from
from positioning.http import health
from positioning.http.auth import install_auth
from positioning.http.health import health_blueprint
from positioning.store.db import Database, open_database, upgrade

from .conftest import ROOT

PROXY = {"POSITIONING_AUTH": "proxy", "POSITIONING_TRUSTED_PROXIES": "10.1.1.1"}


def _server(url: str, env: dict[str, str] | None = None, database: Database | None = None) -> flask.Flask:
    database = database or open_database(url)
    upgrade(database)
    server = flask.Flask(__name__)
    install_auth(server, settings_from(env or {}))
    server.register_blueprint(health_blueprint(database))
    server.add_url_rule("/api/canvases", "canvases", lambda: flask.jsonify([]))
    return server


def test_up_and_ready_without_sign_in_behind_the_login_proxy(tmp_path):
    client = _server(f"sqlite:///{tmp_path / 'w.db'}", PROXY).test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.7"  # the load balancer: not the proxy, no user
    assert client.get("/api/canvases").status_code == 401  # everything else still asks who
    up = client.get("/healthz")
    assert (up.status_code, up.get_json()) == (200, {"status": "up"})
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.headers["Cache-Control"] == "no-store"
    assert ready.get_json() == {"status": "ready", "checks": {"database": "ok", "renderer": "ok"}}


def test_a_database_that_is_no_longer_one_makes_the_app_not_ready(tmp_path, caplog):
    path = tmp_path / "w.db"
    database = open_database(f"sqlite:///{path}")
    server = _server("", database=database)
    database.close()  # its next connection is a fresh one, as a new worker's would be
    for journal in tmp_path.glob("w.db-*"):  # the write-ahead log too
        journal.unlink()
    path.write_bytes(b"this is not a database" * 100)  # the file overwritten under the running app
    answer = server.test_client().get("/readyz")
    assert answer.status_code == 503
    assert answer.get_json() == {"status": "not ready", "checks": {"database": "unreachable", "renderer": "ok"}}
    assert "not a database" in caplog.text  # the reason goes to the log, not to whoever asked
    assert server.test_client().get("/healthz").status_code == 200  # the process itself is up


def test_without_a_browser_for_image_export_the_app_is_not_ready(tmp_path, monkeypatch):
    # A browser cannot be uninstalled for a test: the finder is faked to find none.
    monkeypatch.setattr(health, "browser_installed", lambda: False)
    answer = _server(f"sqlite:///{tmp_path / 'w.db'}").test_client().get("/readyz")
    assert answer.status_code == 503
    assert answer.get_json()["checks"] == {"database": "ok", "renderer": "no browser installed for image export"}


def test_the_app_answers_them_rather_than_its_page(tmp_path, monkeypatch):
    monkeypatch.setenv("POSITIONING_DATA", str(tmp_path))
    spec = importlib.util.spec_from_file_location("app_for_health", ROOT / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    client = module.server.test_client()
    assert client.get("/healthz").get_json() == {"status": "up"}  # JSON, not the Dash page at any path
    assert client.get("/readyz").get_json()["status"] == "ready"
