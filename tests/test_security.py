"""Security headers on every response (issue 13 §4): a Content-Security-Policy
the app works under (the browser tests run under it and fail on any console
error), no sniffing, no referrer, no framing."""

from __future__ import annotations

import importlib.util

import pytest

from positioning.http.security import content_security_policy
from positioning.ui import ids

from .conftest import ROOT


@pytest.fixture(scope="module")
def module(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POSITIONING_DATA", str(tmp_path_factory.mktemp("data")))
        spec = importlib.util.spec_from_file_location("app_for_security", ROOT / "app.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module


@pytest.fixture(scope="module")
def client(module):
    return module.server.test_client()


@pytest.mark.parametrize("path", ["/", "/c/nothing", "/api/canvases", "/assets/style.css", "/healthz", "/no/such"])
def test_every_response_carries_the_headers(client, path):
    response = client.get(path)
    headers = response.headers
    response.close()  # a static file is streamed
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"  # share and workshop tokens never leave in a Referer
    assert headers["X-Frame-Options"] == "DENY"
    policy = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]
    assert "Set-Cookie" not in headers


def test_the_policy_allows_only_the_app_and_the_inline_scripts_it_names():
    policy = content_security_policy(["'sha256-abc='"])
    assert "script-src 'self' 'sha256-abc='" in policy and "default-src 'self'" in policy


def test_private_answers_are_never_stored_and_public_static_files_keep_their_caching(module, client):
    from .dash_requests import ENDPOINT, edit_body
    from .factory import canvas_data, to_yaml

    text = to_yaml(canvas_data({"Us": [5, 4], "Them": [3, 3]}, names=["Price", "Speed"]))
    made = client.post("/api/canvases", data=text, headers={"Content-Type": "application/yaml"}).get_json()
    canvas = f"/api/canvases/{made['id']}"
    share = client.post(f"{canvas}/share").get_json()["token"]
    private = [
        "/",
        f"/c/{made['id']}",
        f"/s/{share}",
        "/api/canvases",
        canvas,
        f"{canvas}/versions",
        f"{canvas}/versions/1",
        f"{canvas}/export.yaml",
        f"{canvas}/export.xlsx",
        "/api/jobs",
        "/api/canvases/nothing",  # an error says what exists
        "/_dash-layout",
    ]
    for path in private:
        with client.get(path) as answer:
            assert answer.status_code in (200, 404), path
            assert "no-store" in answer.headers.get("Cache-Control", ""), path
    opening = edit_body(module.app, None, None, **{f"{ids.URL}.pathname": f"/c/{made['id']}"})
    with client.post(ENDPOINT, json=opening) as up:
        assert up.status_code == 200 and up.headers["Cache-Control"] == "no-store"  # the canvas, and downloads
    for path in ("/assets/style.css", "/w/static/workshop.js"):
        with client.get(path) as answer:
            assert answer.status_code == 200 and "no-store" not in answer.headers.get("Cache-Control", ""), path
