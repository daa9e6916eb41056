"""Celery workers for team mode: ``positioning worker`` runs background jobs sent through Redis.

A worker reads the same configuration as the web app (``DATABASE_URL``,
``REDIS_URL``): it takes a job's id from Redis, and runs it with
:func:`positioning.jobs.tasks.execute` against the shared database, where the web
app reads its progress and serves its file. Each worker process opens its
own database connections and its own renderer (a headless Chromium) when it
runs its first job. Redis carries only ids: no result backend, no pickles.

A worker also keeps the queue honest (:class:`_Reconcile`): when it starts and
every :data:`RECONCILE_SECONDS`, it sends again the queued jobs Redis lost and
takes up those of workers that fell silent
(:meth:`positioning.jobs.queue.CeleryQueue.reap`), so that no job waits for
hours, holding one of its owner's slots, for a message that is gone.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any, ClassVar

from celery import Celery, bootsteps
from celery.signals import worker_process_shutdown

from positioning.core.config import Settings, settings_from
from positioning.jobs.queue import TASK, CeleryQueue, broker_app
from positioning.rendering.renderer import Renderer
from positioning.store.db import Database, open_database, upgrade

log = logging.getLogger(__name__)

#: How often a worker looks for queued jobs Redis lost, and for jobs of silent workers, in seconds.
RECONCILE_SECONDS = 20.0


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
    app = broker_app(redis_url)
    tools = _Tools(settings)
    worker_process_shutdown.connect(tools.close, weak=False)
    app.steps["worker"].add(type("Reconcile", (_Reconcile,), {"settings": settings}))

    @app.task(name=TASK, ignore_result=True)
    def run_job(job_id: str) -> None:
        from positioning.jobs.tasks import execute

        database, renderer = tools.opened()
        execute(job_id, database, renderer)

    return app


class _Reconcile(bootsteps.StartStopStep):
    """A worker's beat: :func:`reconcile` when it starts (its pool of processes already made),
    then every :data:`RECONCILE_SECONDS` until it stops, on a thread of its main process."""

    requires: ClassVar[set[str]] = {"celery.worker.components:Pool"}
    #: The worker's settings (the environment's when None), given by :func:`celery_app`.
    settings: Settings | None = None

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self._stop = threading.Event()

    def start(self, parent: Any) -> None:  # parent: Celery's WorkController
        arguments = (parent.app, self._stop, self.settings)
        threading.Thread(target=keep_reconciling, args=arguments, name="positioning-reconcile", daemon=True).start()

    def stop(self, parent: Any) -> None:
        self._stop.set()


def keep_reconciling(
    app: Celery, stop: threading.Event, settings: Settings | None = None, seconds: float | None = None
) -> None:
    """:func:`reconcile` now and every ``seconds`` (:data:`RECONCILE_SECONDS`) until ``stop`` is set."""
    while True:
        try:
            reconcile(app, settings)
        except Exception:  # the database is away: the next beat tries again
            log.warning("the queued jobs could not be checked", exc_info=True)
        if stop.wait(seconds or RECONCILE_SECONDS):
            return


def reconcile(app: Celery, settings: Settings | None = None) -> None:
    """Send again the queued jobs Redis lost and take up those of silent workers, through ``app``
    (the database opened for this look only: the pool's processes are forked from this one)."""
    settings = settings or settings_from()
    database = open_database(settings.database_url)
    try:
        queue = CeleryQueue(database, settings.redis_url or app.conf.broker_url, app=app)
        try:
            queue.reap()
        finally:
            queue.close()
    finally:
        database.close()


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
