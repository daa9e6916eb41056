"""The minimal app starts on the bundled example (the workbench is issue #3)."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request

from .conftest import ROOT


def load_app_module():
    spec = importlib.util.spec_from_file_location("app", ROOT / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_create_app_shows_the_default_canvas():
    module = load_app_module()
    app = module.create_app()
    graph = app.layout.children[0]
    assert graph.id == module.GRAPH_ID
    assert graph.figure.layout.title.text.startswith("<b>Short-haul air travel")
    assert module.server is module.app.server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_python_app_py_serves_the_page():
    port = free_port()
    env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1"}
    process = subprocess.Popen(
        [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_dash-layout", timeout=2) as response:
                    layout = response.read().decode("utf-8")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
        assert "Short-haul air travel" in layout
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert "Traceback" not in output, output
    assert f"http://127.0.0.1:{port}" in output
