"""The local job pool's beat: it runs while its app keeps the pool, and ends with it."""

from __future__ import annotations

import gc
import threading
import time

from positioning.jobs import tasks as job_steps
from positioning.jobs.queue import LocalQueue


def _beats() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "positioning-job-beat" and t.is_alive()]


def test_the_beat_ends_when_nothing_keeps_the_pool_or_when_it_is_closed(sqlite_database, monkeypatch):
    monkeypatch.setattr(job_steps, "BEAT_SECONDS", 0.05)
    before = set(_beats())
    kept = LocalQueue(sqlite_database, renderer=None)  # type: ignore[arg-type]  # no job runs here
    kept.start()
    time.sleep(0.2)
    [beat] = set(_beats()) - before
    del kept
    gc.collect()
    beat.join(timeout=5)
    assert not beat.is_alive()
    closed = LocalQueue(sqlite_database, renderer=None)  # type: ignore[arg-type]
    closed.start()
    [beat] = set(_beats()) - before
    closed.close()
    beat.join(timeout=5)
    assert not beat.is_alive()
