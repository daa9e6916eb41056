"""A throwaway Redis server for tests: ``redis-server`` on a free loopback port,
no persistence, stopped (and startable again on the same port) by the test.
Every server this process started and has not stopped yet is listed, so that
:func:`stop_all` (at exit, and from tests/shutdown.py on SIGTERM or SIGINT)
stops it even when the test that started it never gets to."""

from __future__ import annotations

import atexit
import shutil
import socket
import subprocess
import time
from pathlib import Path


def installed() -> bool:
    return shutil.which("redis-server") is not None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """One ``redis-server``; :meth:`stop` and :meth:`start` take it away and bring it back."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        with (self.folder / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(command, cwd=self.folder, stdout=log, stderr=subprocess.STDOUT)
        _RUNNING[id(self)] = self
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}: see {self.folder / 'redis.log'}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None
        _RUNNING.pop(id(self), None)


#: The servers this process started and has not stopped.
_RUNNING: dict[int, RedisServer] = {}


def stop_all() -> None:
    """Stop every server this process started and has not stopped yet."""
    for server in list(_RUNNING.values()):
        server.stop()


atexit.register(stop_all)
