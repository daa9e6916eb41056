"""Jobs queued when Redis lost its data (restarted without persistence, flushed): the database
says "queued" but no message is left to run them. They are sent again when a worker starts and
on its beat, or failed in words when Redis will not take them; either way the owner's slots
come free. A real redis-server (FLUSHALL, full, stopped) and a real ``positioning worker``."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta

import pytest
import redis
from sqlalchemy import update

from positioning.core.loader import parse_canvas
from positioning.jobs.queue import CeleryQueue, enqueue
from positioning.jobs.tasks import ExportSpec, reason_text
from positioning.jobs.worker import celery_app
from positioning.store import jobs as stored_jobs
from positioning.store.db import open_database, upgrade
from positioning.store.models import JobRow, utcnow
from positioning.store.repository import Repository
from tests.conftest import ROOT
from tests.test_jobs import _settings, worker
from tests.waiting import wait_until

CANVAS = parse_canvas((ROOT / "configs" / "southwest_airlines.yaml").read_text(encoding="utf-8"))
SPEC = ExportSpec(("gone",), "svg")


def _queued_before_redis_lost_them(database, queue, owner: str = "ann", count: int = 2, spec=SPEC) -> list[str]:
    """``count`` jobs sent to Redis a minute ago, while no worker ran; then Redis lost everything."""
    jobs = stored_jobs.Jobs(database)
    ids = [enqueue(queue, jobs, owner, spec).id for _ in range(count)]
    client = redis.Redis.from_url(queue._redis_url)
    assert client.llen("celery") == count  # the messages were there...
    client.flushall()  # ...and are gone
    client.close()
    with database.session() as session:
        session.execute(update(JobRow).where(JobRow.id.in_(ids)).values(heartbeat=utcnow() - timedelta(minutes=1)))
    return ids


@pytest.fixture
def sqlite_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'positioning.db'}"
    database = open_database(url)
    upgrade(database)
    database.close()
    return url


def test_queued_jobs_redis_lost_are_sent_again_once_and_recent_ones_are_left(redis_server, database):
    queue = CeleryQueue(database, redis_server.url)
    client = redis.Redis.from_url(redis_server.url)
    try:
        lost = _queued_before_redis_lost_them(database, queue)
        # stored a moment ago, its message still on its way to Redis: not sent twice
        stored_jobs.Jobs(database).create("ann", "export", SPEC.to_json(), runner="celery")
        started = time.monotonic()
        queue.reap()  # what a worker does when it starts and on its beat (and the web app when jobs are looked at)
        assert time.monotonic() - started < 2
        sent = [json.loads(message)["headers"]["argsrepr"] for message in client.lrange("celery", 0, -1)]
        assert sorted(sent) == sorted(repr([job_id]) for job_id in lost)
        queue.reap()
        assert client.llen("celery") == 2  # sent once, not at every look
        assert all(stored_jobs.Jobs(database).get("ann", job_id).state == "queued" for job_id in lost)
    finally:
        client.close()
        queue.close()


def test_queued_jobs_redis_lost_and_will_not_take_again_fail_in_words_and_free_the_slots(redis_server, database):
    queue = CeleryQueue(database, redis_server.url)
    client = redis.Redis.from_url(redis_server.url)
    try:
        lost = _queued_before_redis_lost_them(database, queue, count=5)
        jobs = stored_jobs.Jobs(database)
        with pytest.raises(stored_jobs.Busy):
            jobs.create("ann", "export", SPEC.to_json(), runner="celery")
        client.config_set("maxmemory", 1)  # Redis is full: it answers, but takes nothing more
        queue.reap()
        for job_id in lost:
            failed = jobs.get("ann", job_id)
            assert failed.state == "failed"
            assert reason_text(failed.error, "en") == (
                "The job queue (Redis) lost this job and could not take it again, so it stopped. "
                "Nothing was kept; start it again."
            )
            assert reason_text(failed.error, "zh").startswith("任务队列（Redis）丢失了这个任务")
        jobs.create("ann", "export", SPEC.to_json(), runner="celery")  # the five slots are free again
    finally:
        client.config_set("maxmemory", 0)
        client.close()
        queue.close()


def test_queued_jobs_are_left_as_they_are_while_redis_cannot_be_reached(redis_server, sqlite_database):
    queue = CeleryQueue(sqlite_database, redis_server.url)
    try:
        lost = _queued_before_redis_lost_them(sqlite_database, queue)
        redis_server.stop()  # it may come back with every message: nothing is known, nothing changes
        started = time.monotonic()
        queue.reap()
        assert time.monotonic() - started < 5
        assert [stored_jobs.Jobs(sqlite_database).get("ann", j).state for j in lost] == ["queued", "queued"]
        redis_server.start()  # it came back empty
        queue.reap()
        client = redis.Redis.from_url(redis_server.url)
        assert client.llen("celery") == 2
        client.close()
    finally:
        queue.close()


def test_a_worker_s_beat_sends_again_what_redis_lost_while_it_ran(redis_server, sqlite_url, tmp_path, monkeypatch):
    from positioning.jobs import worker as worker_module
    from positioning.jobs.worker import keep_reconciling

    looked = threading.Event()
    reconcile = worker_module.reconcile

    def reconciling(*arguments):  # the beat's look, and a sign that it has looked
        reconcile(*arguments)
        looked.set()

    monkeypatch.setattr(worker_module, "reconcile", reconciling)
    settings = _settings(tmp_path, sqlite_url, redis_server.url)
    database = open_database(sqlite_url)
    queue = CeleryQueue(database, redis_server.url)
    app, stop = celery_app(redis_server.url, settings), threading.Event()
    beat = threading.Thread(target=keep_reconciling, args=(app, stop, settings, 0.2), daemon=True)
    client = redis.Redis.from_url(redis_server.url)
    try:
        beat.start()
        assert looked.wait(30), "the beat did not look"  # it has looked at least once, with nothing to do
        lost = _queued_before_redis_lost_them(database, queue)
        wait_until(lambda: client.llen("celery") >= 2, 5, "the beat to send the lost jobs again")
        assert client.llen("celery") == 2
        sent = sorted(json.loads(message)["headers"]["argsrepr"] for message in client.lrange("celery", 0, -1))
        assert sent == sorted(repr([job_id]) for job_id in lost)
    finally:
        stop.set()
        beat.join(timeout=10)
        client.close()
        queue.close()
        app.close()
        database.close()
    assert not beat.is_alive()


def test_a_worker_that_starts_runs_the_jobs_redis_lost_and_frees_their_slots(
    redis_server, sqlite_url, tmp_path, chromium
):
    settings = _settings(tmp_path, sqlite_url, redis_server.url)
    database = open_database(sqlite_url)
    queue = CeleryQueue(database, redis_server.url)
    try:
        canvas = Repository(database, "ann").create(CANVAS).id
        lost = _queued_before_redis_lost_them(database, queue, spec=ExportSpec((canvas,), "svg"))
        jobs = stored_jobs.Jobs(database)

        def ended() -> bool:
            return all(jobs.get("ann", j).state not in stored_jobs.ACTIVE for j in lost)

        with worker(settings, tmp_path):  # the database is watched directly: no web look sends them
            wait_until(ended, 60, "the worker to run the jobs Redis lost")
        assert [jobs.get("ann", j).state for j in lost] == ["done", "done"]
        assert [jobs.result("ann", j).name for j in lost] == ["positioning-1-canvases-svg.zip"] * 2
        for _ in range(stored_jobs.MAX_ACTIVE):  # every slot is free
            jobs.create("ann", "export", SPEC.to_json(), runner="celery")
    finally:
        queue.close()
        database.close()
