"""Celery workers for team mode: ``positioning worker`` runs background jobs sent through Redis.

A worker reads the same configuration as the web app (``DATABASE_URL``,
``REDIS_URL``): it takes a job's id from Redis, and runs it with
:func:`positioning.jobs.tasks.execute` against the shared database, where the web
app reads its progress and serves its file. Each worker process opens its
own database connections and its own renderer (a headless Chromium) when it
runs its first job. Redis carries only ids: no result backend, no pickles.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from celery import Celery
from celery.signals import worker_process_shutdown

from positioning.core.config import Settings, settings_from
from positioning.rendering.renderer import Renderer
from positioning.store.db import Database, open_database, upgrade

log = logging.getLogger(__name__)

#: The Celery task that runs a job (a contract between web processes and workers of one release).
TASK = "positioning.run_job"


@dataclass
class _Tools:
    """The database and renderer of one worker process, opened on its first job (after the fork)."""

    settings: Settings | None = None
    database: Database | None = field(default=None, init=False)
    renderer: Renderer | None = field(default=None, init=False)

    def opened(self) -> tuple[Database, Renderer]:
        if self.database is None or self.renderer is None:
            settings = self.settings or settings_from()
            self.database = open_database(settings.database_url)
            self.renderer = Renderer()
        return self.database, self.renderer

    def close(self, **_: object) -> None:
        """Stop the browser and close the connections (a worker process ending)."""
        if self.renderer is not None:
            self.renderer.close()
        if self.database is not None:
            self.database.close()
        self.database = self.renderer = None


def celery_app(redis_url: str, settings: Settings | None = None) -> Celery:
    """The Celery app on ``redis_url``, with the job task; ``settings`` are the worker's
    (the environment's by default)."""
    app = Celery("positioning", broker=redis_url, set_as_current=False)
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        worker_prefetch_multiplier=1,  # a worker takes one job at a time; the others wait in Redis for any worker
        # ...and reserves none while it runs one: a job reserved by a worker that is then killed
        # would sit in Redis's unacked set for the visibility timeout (an hour), queued, run by no one.
        worker_disable_prefetch=True,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=3,
        broker_transport_options={"socket_connect_timeout": 3, "socket_timeout": 10},
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1},
    )
    tools = _Tools(settings)
    worker_process_shutdown.connect(tools.close, weak=False)

    @app.task(name=TASK, ignore_result=True)
    def run_job(job_id: str) -> None:
        from positioning.jobs.tasks import execute

        database, renderer = tools.opened()
        execute(job_id, database, renderer)

    return app


def run_worker(settings: Settings, *, concurrency: int = 1, loglevel: str = "INFO") -> None:
    """Run a worker until it is stopped (the database brought to the current schema first)."""
    if not settings.redis_url:
        raise ValueError("REDIS_URL is not set: without it the web app runs jobs itself, and needs no worker")
    database = open_database(settings.database_url)
    try:
        upgrade(database)
    finally:
        database.close()
    app = celery_app(settings.redis_url, settings)
    app.worker_main(["worker", f"--concurrency={concurrency}", f"--loglevel={loglevel}", "--without-gossip"])
