"""The app starts: as a factory, with `python app.py` and under gunicorn."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from positioning.http.services import services

from .conftest import ROOT


def load_app_module():
    spec = importlib.util.spec_from_file_location("app", ROOT / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_first_visit_lists_the_default_canvas_created_in_the_workspace(tmp_path):
    from positioning.core.config import settings_from
    from positioning.store.repository import Repository
    from positioning.ui import ids
    from tests.dash_requests import body, response, text_of

    module = load_app_module()
    settings = settings_from({"POSITIONING_DATA": str(tmp_path)})
    app = module.create_app(settings=settings)
    assert (tmp_path / "positioning.db").is_file()
    client = app.server.test_client()
    values = {f"{ids.URL}.pathname": "/", f"{ids.LANGUAGE}.value": "en", f"{ids.LIST_TRASH}.value": "canvases"}
    for _ in range(2):  # the second visit lists the same canvas, not a second copy
        listed = response(
            client.post("/_dash-update-component", json=body(app, f"{ids.LIST_ROWS}.children", values, None))
        )
        assert "Short-haul air travel (US, early 1990s)" in text_of(listed[ids.LIST_ROWS]["children"])
    assert [c.title for c in Repository(services(app.server).database, "local").list()] == [
        "Short-haul air travel (US, early 1990s)"
    ]
    assert module.server is module.app.server
    assert set(module.examples()) == {
        "b2b_maintenance_services",
        "coffee_chain",
        "ride_hailing_zh",
        "southwest_airlines",
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_and_fetch(command: list[str], port: int, then: Callable[[str], None] | None = None) -> str:
    """Start a server, fetch the layout, call ``then`` with the server's
    address, stop it; returns the server's output."""
    env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1"}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    address = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{address}/_dash-layout", timeout=2) as response:
                    layout = response.read().decode("utf-8")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
        assert "Short-haul air travel" in layout
        if then:
            then(address)
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert "Traceback" not in output, output
    return output


def test_python_app_py_serves_the_page():
    port = free_port()
    output = serve_and_fetch([sys.executable, "app.py"], port)
    assert f"http://127.0.0.1:{port}" in output
    assert "Debug mode: off" in output


def test_a_20_mb_request_is_refused_unread():
    def post_20_mb(address: str) -> None:
        request = urllib.request.Request(
            f"{address}/_dash-update-component",
            data=b"x" * (20 * 1024 * 1024),
            headers={"Content-Type": "application/json"},
        )
        start = time.perf_counter()
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        refused.value.close()
        assert refused.value.code == 413
        assert time.perf_counter() - start < 1

    serve_and_fetch([sys.executable, "app.py"], free_port(), then=post_20_mb)


def test_gunicorn_serves_the_app():
    port = free_port()
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    serve_and_fetch([gunicorn, "--workers", "2", "--bind", f"127.0.0.1:{port}", "app:server"], port)
