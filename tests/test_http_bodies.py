"""The one cap on request bodies (positioning.http.bodies), through the real app
from app.py: every route refuses a body over its cap with 413, whether the
request declares its length or sends the body in chunks (then the length is
unknown and the answer says "over" the cap), in the client's language; a
chunked body within the cap reaches the handler whole. The oversized ones
are read no further than the cap, through the test client and through a
real server socket (a child process, its time and memory bounded)."""

from __future__ import annotations

import http.client
import io
import json
import logging
import os
import subprocess
import sys
import time
import zipfile

import dash
import pytest

from positioning.core.loader import MAX_BYTES
from positioning.http.bodies import SMALL_BODY, body_cap
from positioning.i18n.catalogue import HTML_LANG, format_size
from positioning.jobs.imports import MAX_IMPORT_BYTES
from positioning.ui.limits import REQUEST_LIMIT

from .conftest import ROOT
from .dash_requests import ENDPOINT, load_app, tracebacks
from .factory import canvas_data, to_yaml

MB = 1024 * 1024


@pytest.fixture(scope="module")
def app() -> dash.Dash:
    return load_app()


@pytest.fixture
def client(app, caplog):
    caplog.set_level(logging.INFO)
    yield app.server.test_client()
    assert tracebacks(caplog.records) == []


def _yaml(title: str = "Air travel") -> str:
    return to_yaml(canvas_data({"Us": [8, 2, 5], "Them": [5, 5, 5]}, title=title))


class Counted(io.RawIOBase):
    """``size`` bytes of ``byte``, counting how many were read."""

    def __init__(self, size: int, byte: bytes = b"x") -> None:
        self.left, self.read_so_far, self.byte = size, 0, byte

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        count = min(len(buffer), self.left)
        buffer[:count] = self.byte * count
        self.left -= count
        self.read_so_far += count
        return count


def chunked(client, method: str, path: str, stream, content_type: str, **headers: str):
    """``stream`` sent as a body of unknown length, as a server hands on a chunked request."""
    return client.open(
        path,
        method=method,
        content_type=content_type,
        headers={"Transfer-Encoding": "chunked", **headers},
        environ_overrides={"wsgi.input": stream, "wsgi.input_terminated": True},
    )


@pytest.fixture
def routes(client):
    """Every route that takes a body, and one that takes none, as (method, path, content type, cap)."""
    created = client.post("/api/canvases", data=_yaml(), content_type="application/yaml")
    canvas = created.get_json()["id"]
    token = client.post(f"/api/canvases/{canvas}/workshops").get_json()["token"]
    person = client.post(f"/api/workshop/{token}/participants", json={"name": "Ann"}).get_json()["id"]
    return [
        ("POST", ENDPOINT, "application/json", REQUEST_LIMIT),
        ("POST", "/api/canvases", "application/yaml", MAX_BYTES),
        ("PUT", f"/api/canvases/{canvas}", "application/yaml", MAX_BYTES),
        ("POST", "/api/jobs/import?name=upload.zip", "application/zip", MAX_IMPORT_BYTES),
        ("POST", "/api/jobs/export", "application/json", SMALL_BODY),
        ("POST", f"/api/canvases/{canvas}/share", "application/octet-stream", SMALL_BODY),
        ("POST", f"/api/workshop/{token}/participants", "application/json", SMALL_BODY),
        ("PUT", f"/api/workshop/{token}/participants/{person}/scores", "application/json", SMALL_BODY),
    ]


def _error(answer) -> str:
    if answer.mimetype == "application/json":
        return answer.get_json()["error"]
    return answer.get_data(as_text=True)


def test_the_caps_are_the_ones_each_route_needs(app, routes):
    server, urls = app.server, app.server.url_map.bind("localhost")
    for method, path, _, cap in routes:
        assert body_cap(server, urls.match(path.split("?")[0], method)[0]) == cap, path
    assert body_cap(server, None) == SMALL_BODY  # a path that is no route
    assert server.config["MAX_CONTENT_LENGTH"] == REQUEST_LIMIT


def test_a_chunked_body_over_the_cap_is_413_over_the_cap_and_read_no_further(client, routes):
    for method, path, kind, cap in routes:
        body = Counted(cap + 8 * MB)
        answer = chunked(client, method, path, body, kind)
        assert answer.status_code == 413, (path, answer.status_code, answer.get_data()[:200])
        assert f"The request is over {format_size(cap)}, the most this address takes." in _error(answer), path
        assert body.read_so_far <= cap + 64 * 1024, path


def test_a_body_over_the_cap_with_its_length_is_413_with_its_true_size_unread(client, routes):
    for method, path, kind, cap in routes:
        size = cap + 3 * MB
        answer = client.open(path, method=method, data=b"x" * size, content_type=kind)
        assert answer.status_code == 413, (path, answer.status_code, answer.get_data()[:200])
        expected = f"The request is {format_size(size)}; this address takes at most {format_size(cap)}."
        assert expected in _error(answer), path


def test_a_64_mb_body_on_a_route_that_takes_none_is_refused(client, routes):
    path = routes[5][1]
    answer = client.post(path, data=b"x" * (64 * MB), content_type="application/octet-stream")
    assert answer.status_code == 413 and "64 MB" in answer.get_json()["error"]
    chunk = chunked(client, "POST", path, Counted(64 * MB), "application/octet-stream")
    assert chunk.status_code == 413


def test_the_refusal_is_in_the_language_asked_for(client, routes):
    method, path, kind, cap = routes[3]
    zh = {"Accept-Language": "zh-CN,zh;q=0.9"}
    over = chunked(client, method, path, Counted(cap + MB), kind, **zh)
    assert over.get_json()["error"] == f"请求超过 {format_size(cap, 'zh')}，即此地址可接受的上限。"
    sized = client.open(path, method=method, data=b"x" * (cap + MB), content_type=kind, headers=zh)
    assert sized.get_json()["error"].startswith(f"请求大小为 {format_size(cap + MB, 'zh')}")
    page = chunked(client, "POST", ENDPOINT, Counted(REQUEST_LIMIT + 1), "application/json", **zh)
    assert page.status_code == 413 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert f'<html lang="{HTML_LANG["zh"]}">' in html and "<title>请求过大</title>" in html


def test_a_chunked_body_within_the_cap_reaches_the_handler_whole(client):
    text = _yaml("Chunked") + "# " + "n" * (2 * SMALL_BODY) + "\n"  # over the small cap, within a canvas's
    created = chunked(client, "POST", "/api/canvases", io.BytesIO(text.encode()), "application/yaml")
    assert created.status_code == 201, created.get_data()
    assert "title: Chunked" in client.get(f"/api/canvases/{created.get_json()['id']}").get_data(as_text=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("one.yaml", _yaml("Zipped"))
    started = chunked(client, "POST", "/api/jobs/import", io.BytesIO(buffer.getvalue()), "application/zip")
    assert started.status_code == 202, started.get_data()
    exact = chunked(client, "POST", "/api/jobs/export", Counted(SMALL_BODY, b" "), "application/json")
    assert exact.status_code == 422  # the whole cap was read, and the handler saw blanks: not JSON


#: A server of the app in a child process whose address space may grow by 256 MB at most once started.
SERVER = """
import resource
from werkzeug.serving import make_server
from positioning.app import create_app
server = make_server("127.0.0.1", 0, create_app().server, threaded=True)
size = int(next(line for line in open("/proc/self/status") if line.startswith("VmSize")).split()[1]) * 1024
resource.setrlimit(resource.RLIMIT_AS, (size + 256 * 1024 * 1024, resource.RLIM_INFINITY))
print(server.server_port, flush=True)
server.serve_forever()
"""


def _send_chunked(port: int, path: str, size: int, kind: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("POST", path)
    connection.putheader("Content-Type", kind)
    connection.putheader("Transfer-Encoding", "chunked")
    connection.endheaders()
    block, sent = b"x" * (256 * 1024), 0
    try:
        while sent < size:
            connection.send(b"%x\r\n%s\r\n" % (len(block), block))
            sent += len(block)
        connection.send(b"0\r\n\r\n")
    except OSError:  # the server answered and closed before the whole body was sent
        pass
    answer = connection.getresponse()
    text = answer.read().decode()
    connection.close()
    return answer.status, text


def test_64_mb_chunked_through_a_real_server_socket_in_bounded_time_and_memory(tmp_path):
    environment = {**os.environ, "POSITIONING_DATA": str(tmp_path), "PYTHONPATH": str(ROOT)}
    with subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, env=environment, text=True) as child:
        try:
            assert child.stdout is not None
            port = int(child.stdout.readline())
            start = time.perf_counter()
            for path, kind, cap in (
                ("/api/jobs/import?name=upload.zip", "application/zip", MAX_IMPORT_BYTES),
                (ENDPOINT, "application/json", REQUEST_LIMIT),
                ("/api/jobs/export", "application/json", SMALL_BODY),
                ("/api/canvases/nothing/share", "application/json", SMALL_BODY),
            ):
                status, text = _send_chunked(port, path, 64 * MB, kind)
                assert status == 413, (path, status, text[:200])
                assert f"over {format_size(cap)}" in text and "upload.zip is" not in text
            assert time.perf_counter() - start < 10
            assert child.poll() is None  # still serving: no body took it past its memory
        finally:
            child.kill()


def test_the_json_the_jobs_route_takes_fits_the_small_cap():
    from positioning.jobs.tasks import MAX_CANVASES

    ids = ["x" * 24] * MAX_CANVASES  # canvas ids are 12 characters; twice that to spare
    assert len(json.dumps({"canvases": ids, "format": "png", "preset": "slide-16x9"})) < SMALL_BODY
