"""Security headers on every response (issue 13 §4): a Content-Security-Policy
the app works under (the browser tests run under it and fail on any console
error), no sniffing, no referrer, no framing."""

from __future__ import annotations

import importlib.util

import pytest

from positioning.http.security import content_security_policy

from .conftest import ROOT


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POSITIONING_DATA", str(tmp_path_factory.mktemp("data")))
        spec = importlib.util.spec_from_file_location("app_for_security", ROOT / "app.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module.server.test_client()


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
