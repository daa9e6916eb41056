"""Where background jobs run: the web process's own pool, or Celery workers on Redis.

Both queues take a stored job's id (:meth:`submit`) and leave everything else
to :func:`positioning.jobs.tasks.execute`, which keeps the job's state in the
database. :func:`open_queue` picks one from the settings: with ``REDIS_URL``
a :class:`CeleryQueue` (``positioning worker`` runs the jobs, on any machine),
without it a :class:`LocalQueue` (nothing to install).

Either way, :meth:`reap` puts jobs whose holder fell silent back in the queue
(or fails them, see :meth:`positioning.store.jobs.Jobs.reap`): the web app
calls it whenever someone looks at their jobs, and Celery workers when they
start and on their beat, when it also sends again the queued jobs Redis lost
(:meth:`CeleryQueue.reconcile`).
"""

from __future__ import annotations

import logging
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import TYPE_CHECKING, Protocol

from positioning.core.config import Settings
from positioning.jobs import tasks as job_steps
from positioning.jobs.imports import ImportSpec
from positioning.rendering.renderer import Renderer
from positioning.store.db import Database
from positioning.store.jobs import PATIENCE, JobInfo, Jobs, reason

if TYPE_CHECKING:
    from celery import Celery

log = logging.getLogger(__name__)

#: The Celery task that runs a job (a contract between web processes and workers of one release).
TASK = "positioning.run_job"
#: The mark in Redis that a job's message was sent (see :meth:`CeleryQueue.reconcile`).
SENT_KEY = "positioning:sent:{}"
#: How long a mark is kept: past the time a job may wait for a worker (then it is failed anyway).
SENT_SECONDS = int((PATIENCE + timedelta(hours=1)).total_seconds())
#: A queued job this recent may still be on its way to Redis: :meth:`CeleryQueue.reconcile` leaves it.
GRACE = timedelta(seconds=10)


class QueueDown(RuntimeError):
    """The queue cannot take the job (Redis cannot be reached)."""


class Queue(Protocol):
    runner: str

    def submit(self, job_id: str) -> None: ...

    def reap(self) -> None: ...

    def check(self) -> str | None: ...

    def close(self) -> None: ...


class LocalQueue:
    """Jobs on a small pool of threads in this process, drawing with this process's renderer.

    It beats for every job it holds, queued or running, so that another process
    sees they are alive; a job held by a process that died is taken up again by
    the next :meth:`reap` of any process."""

    runner = "local"

    def __init__(self, database: Database, renderer: Renderer, *, workers: int = 1, beat_seconds: float | None = None):
        self._database, self._renderer = database, renderer
        self._beat_seconds = beat_seconds or job_steps.BEAT_SECONDS
        self._jobs = Jobs(database)
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="positioning-job")
        self._held: set[str] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._beating: threading.Thread | None = None

    def submit(self, job_id: str) -> None:
        self.start()
        with self._lock:
            self._held.add(job_id)
        self._pool.submit(self._run, job_id)

    def _run(self, job_id: str) -> None:
        try:
            job_steps.execute(job_id, self._database, self._renderer, beat_seconds=self._beat_seconds)
        except Exception:  # the database is down: the job is reaped later
            log.exception("job %s could not be run", job_id)
        finally:
            with self._lock:
                self._held.discard(job_id)

    def reap(self) -> None:
        self.start()
        self._jobs.purge()
        for job_id in self._jobs.reap(self.runner):
            self.submit(job_id)

    def check(self) -> str | None:
        return None

    def start(self) -> None:
        """Beat for the held jobs and reap silent ones every few seconds, from now on (once)."""
        with self._lock:
            if self._beating is None:
                arguments = (weakref.ref(self), self._stop, self._beat_seconds)
                self._beating = threading.Thread(
                    target=_beat_while_kept, args=arguments, name="positioning-job-beat", daemon=True
                )
                self._beating.start()

    def beat(self) -> None:
        """Say the held jobs are alive, and take up the silent ones."""
        with self._lock:
            held = tuple(self._held)
        try:
            if held:
                self._jobs.beat(held)
            self.reap()
        except Exception:
            log.warning("the job queue could not reach the database", exc_info=True)

    def close(self) -> None:
        self._stop.set()
        self._pool.shutdown(wait=False, cancel_futures=True)


def _beat_while_kept(queue: weakref.ref[LocalQueue], stop: threading.Event, seconds: float) -> None:
    """A local queue's beat, until it is closed or nothing keeps it any more (its app went away)."""
    while not stop.wait(seconds):
        kept = queue()
        if kept is None:
            return
        kept.beat()
        del kept


class CeleryQueue:
    """Jobs sent to Celery workers through Redis (``positioning worker``).

    Beside each job's message it keeps a mark in Redis (:data:`SENT_KEY`): when Redis loses its
    data (restarted without persistence, flushed), the messages and the marks go together, and
    :meth:`reconcile` sends again every queued job whose mark is gone."""

    runner = "celery"

    def __init__(self, database: Database, redis_url: str, *, app: Celery | None = None) -> None:
        import redis

        self._jobs = Jobs(database)
        self._redis_url = redis_url
        self._own_app = app is None
        self._app = broker_app(redis_url) if app is None else app
        self._task = TASK
        self._redis = redis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=5)

    def submit(self, job_id: str) -> None:
        try:
            self._redis.set(SENT_KEY.format(job_id), 1, ex=SENT_SECONDS)
            self._send(job_id)
        except QueueDown:
            raise
        except Exception as error:  # redis-py's errors and the socket errors under them
            raise QueueDown(str(error)) from error

    def _send(self, job_id: str) -> None:
        try:
            self._app.send_task(self._task, args=[job_id])
        except Exception as error:  # kombu's OperationalError and the socket errors under it
            raise QueueDown(str(error)) from error

    def reap(self) -> None:
        self._jobs.purge()
        for job_id in self._jobs.reap(self.runner):
            try:
                self.submit(job_id)
            except QueueDown:
                # The database says queued but Redis never got it: nothing would ever send it
                # again, so the job would wait for a worker for hours. Failed, it says why at once.
                log.warning("job %s could not be sent again: Redis cannot be reached", job_id)
                self._jobs.fail(job_id, reason("job_requeue_down"))
        self.reconcile()

    def reconcile(self) -> list[str]:
        """Send again the queued jobs whose message Redis lost (their mark is gone with it), or fail
        them saying why if Redis then refuses them; the ids sent again. Nothing changes while Redis
        cannot be reached: it cannot say what it holds, and may come back with everything."""
        waiting = self._jobs.waiting(self.runner, GRACE)
        if not waiting:
            return []
        try:
            marks = self._redis.mget([SENT_KEY.format(job_id) for job_id in waiting])
        except Exception as error:  # redis-py's errors: Redis is away, and the next beat looks again
            log.warning("queued jobs not checked: Redis cannot be reached (%s)", error)
            return []
        again = []
        for job_id in (job_id for job_id, mark in zip(waiting, marks, strict=True) if mark is None):
            try:
                # Only the process that sets the mark again sends it (several workers beat).
                if self._redis.set(SENT_KEY.format(job_id), 1, ex=SENT_SECONDS, nx=True):
                    self._send(job_id)
                    again.append(job_id)
            except Exception:  # the job's message is lost and cannot be sent again: it says so
                log.warning("job %s was lost by Redis and could not be sent again", job_id, exc_info=True)
                self._jobs.fail(job_id, reason("job_lost_down"))
        if again:
            log.warning("sent %d queued job(s) again: Redis had lost them", len(again))
        return again

    def check(self) -> str | None:
        """None when Redis answers, else why not (for /readyz)."""
        import redis

        try:
            with redis.Redis.from_url(self._redis_url, socket_connect_timeout=2, socket_timeout=2) as client:
                client.ping()
        except (redis.RedisError, OSError) as error:
            return str(error)
        return None

    def close(self) -> None:
        self._redis.close()
        if self._own_app:
            self._app.close()


def broker_app(redis_url: str) -> Celery:
    """A Celery app on ``redis_url`` as web processes and workers share it (a worker's also runs
    the job task: :func:`positioning.jobs.worker.celery_app`)."""
    from celery import Celery

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
    return app


def enqueue(
    queue: Queue, jobs: Jobs, owner: str, spec: job_steps.ExportSpec | ImportSpec, given: bytes | None = None
) -> JobInfo:
    """Store the job (an export, or an import of the zip ``given``) and send it to ``queue``;
    :class:`~positioning.store.jobs.Busy` when the owner has too many, :class:`QueueDown`
    (the job then stored as failed, saying why) when the queue is away."""
    kind = "import" if isinstance(spec, ImportSpec) else "export"
    job = jobs.create(owner, kind, spec.to_json(), runner=queue.runner, given=given)
    try:
        queue.submit(job.id)
    except QueueDown:
        jobs.fail(job.id, reason("job_queue_down"))
        raise
    return job


def open_queue(settings: Settings, database: Database, renderer: Renderer) -> Queue:
    """Celery on ``settings.redis_url`` when it is set, else the local pool."""
    if settings.redis_url:
        return CeleryQueue(database, settings.redis_url)
    queue = LocalQueue(database, renderer)
    # Reaping from the start, not from the first look at a job: after a restart the dead
    # process's jobs are taken up within the silence even if their owners never come back.
    queue.start()
    return queue
