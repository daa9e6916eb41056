"""Thirty writers at once through a real gunicorn with threaded workers (``--workers 4 --threads 8``),
on SQLite and PostgreSQL: new canvases, new versions and workshop scores are each answered, never with
a 5xx such as SQLite's "database is locked", and every acknowledged save is in the database."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from positioning.core.loader import parse_canvas
from positioning.store.repository import Repository
from positioning.store.workshops import Workshops
from tests.conftest import ROOT
from tests.factory import canvas_data, make_canvas, to_yaml

WRITERS = 30
JSON = "application/json"
ROUNDS = 3
#: A large canvas (80 factors, 10 players: 17 KB of YAML), slow to serialise as a big one is.
FACTORS, PLAYERS = 80, 10


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _gunicorn(url: str, folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "DATA": str(folder), "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "gunicorn", "--workers", "4", "--threads", "8", "--preload"]
    argv += ["--bind", f"127.0.0.1:{port}", "--timeout", "30", "--log-level", "warning", "tests.load_server:make_app()"]
    log = folder / "gunicorn.log"
    with log.open("wb") as errors:
        process = subprocess.Popen(argv, cwd=ROOT, env=env, stderr=errors)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/api/canvases", timeout=2).close()
            return process, base
        except OSError:
            assert process.poll() is None, log.read_text(errors="replace")
            time.sleep(0.1)
    process.kill()
    raise AssertionError("gunicorn did not answer within 20 s")


def _send(
    base: str, method: str, path: str, text: str, version: int | None = None, kind: str = "application/yaml"
) -> tuple[int, bytes]:
    headers = {"Content-Type": kind, **({"If-Match": str(version)} if version else {})}
    request = urllib.request.Request(base + path, data=text.encode(), method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read()


def _text(writer: int, step: int) -> str:
    levels = {f"Player {p}": [1 + (writer + step + i + p) % 9 for i in range(FACTORS)] for p in range(PLAYERS)}
    return to_yaml(canvas_data(levels, title=f"Writer {writer} step {step}"))


def test_thirty_writers_under_threaded_gunicorn_get_no_server_error(database, tmp_path):
    repository = Repository(database, "local")
    ids = [repository.create(make_canvas(title=f"Writer {k}")).id for k in range(WRITERS)]
    workshop = Workshops(repository).start(ids[0]).token
    server, base = _gunicorn(database.url, tmp_path)

    def write(writer: int) -> list[tuple[str, int, bytes]]:
        """Joining the workshop; then each round: a new canvas (POST), the next version of the writer's own
        (PUT) and a score in the workshop."""
        answers: list[tuple[str, int, bytes]] = []
        scores = f"/api/workshop/{workshop}/participants"
        status, body = _send(base, "POST", scores, json.dumps({"name": f"Writer {writer}"}), kind=JSON)
        answers.append(("join", status, body))
        scores += f"/{json.loads(body)['id']}/scores"
        for step in range(ROUNDS):
            score = {"factor": f"F{1 + step}", "criterion": "capability", "value": 1 + writer % 5}
            answers.append((f"score {step}", *_send(base, "PUT", scores, json.dumps(score), kind=JSON)))
            text = _text(writer, step)
            answers.append((f"POST {text.splitlines()[0]}", *_send(base, "POST", "/api/canvases", text)))
            status, body = _send(base, "PUT", f"/api/canvases/{ids[writer]}", text, version=1 + step)
            answers.append((f"PUT {ids[writer]} {2 + step}", status, body))
        return answers

    try:
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=WRITERS) as pool:
            answers = [a for writer in pool.map(write, range(WRITERS)) for a in writer]
        took = time.monotonic() - started
    finally:
        server.terminate()  # a graceful stop: on a loaded machine (or beside another xdist worker) it takes a while
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    failed = [(what, status, body[:200]) for what, status, body in answers if status >= 500]
    print(f"{len(answers)} writes from {WRITERS} writers in {took:.1f} s; {len(failed)} answered 5xx: {failed[:3]}")
    assert failed == []
    assert {status for _, status, _ in answers} <= {200, 201, 204}
    for writer, canvas_id in enumerate(ids):  # every acknowledged save is stored
        stored = repository.get(canvas_id)
        assert stored.info.version == 1 + ROUNDS
        assert parse_canvas(stored.yaml).title == f"Writer {writer} step {ROUNDS - 1}"
    assert len(repository.list()) == WRITERS * (1 + ROUNDS)
    given = [p.count() for p in Workshops(repository).status(ids[0], workshop).participants]
    assert given == [ROUNDS] * WRITERS
