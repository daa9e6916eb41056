"""A test run that is stopped stops what it started.

SIGTERM (``timeout 900 make test``: make passes it on to pytest, ``timeout``
sends it to the whole process group) and SIGINT (Ctrl-C) become a
``KeyboardInterrupt``, pytest's own clean way out, in the main process and in
each xdist worker: the fixtures are torn down (gunicorn, Celery workers,
Chromium), and before that the PostgreSQL clusters and Redis servers of the
process are stopped at once (tests/postgres.py and tests/redis_server.py list
them), so that a worker its controller kills after a while leaves none
running. The xdist controller passes the signal on to its workers, which are
its own child processes. A second signal stops the services again but lets the
teardown under way finish.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from types import FrameType
from typing import Any

SIGNALS = (signal.SIGTERM, signal.SIGINT)


def children(pid: int) -> list[int]:
    """The child processes of ``pid`` (Linux's /proc; none elsewhere)."""
    found: list[int] = []
    with suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with suppress(OSError):
                found += [int(child) for child in (task / "children").read_text().split()]
    return found


def stop_services() -> None:
    """Stop the clusters and Redis servers this process started (if it imported their modules at all:
    a signal handler does not import)."""
    for name in ("tests.postgres", "tests.redis_server"):
        module = sys.modules.get(name)
        if module is not None:
            module.stop_all()


class Shutdown:
    """The signal handlers of one pytest process; ``is_controller`` says whether it runs xdist workers."""

    def __init__(self, is_controller: Callable[[], bool]) -> None:
        self.is_controller = is_controller
        self.signalled = False
        self.previous: dict[int, Any] = {}

    def install(self) -> None:
        for number in SIGNALS:
            self.previous[number] = signal.signal(number, self.handle)

    def uninstall(self) -> None:
        for number, handler in self.previous.items():
            signal.signal(number, handler)
        self.previous.clear()

    def handle(self, number: int, frame: FrameType | None) -> None:
        if self.is_controller():
            for worker in children(os.getpid()):
                with suppress(ProcessLookupError):
                    os.kill(worker, signal.SIGTERM)
        stop_services()
        if not self.signalled:
            self.signalled = True
            raise KeyboardInterrupt(f"stopped by {signal.Signals(number).name}")
