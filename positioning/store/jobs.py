"""Background jobs in the database, where every web worker and every job worker sees them.

A job is created ``queued`` by the web process (:meth:`Jobs.create`), taken by
whoever runs it (:meth:`Jobs.claim`: ``running``), reports its progress and
that it is alive (:meth:`Jobs.beat`), and ends ``done`` with its file
(:meth:`Jobs.finish`), ``failed`` with a reason, or ``cancelled`` by its owner.
Each change is one conditional update, so a job cancelled while it runs stays
cancelled and keeps no file, and a job taken by two workers runs once.

A job whose holder fell silent (the worker was killed, the machine restarted)
is put back in the queue once more, then failed with a reason
(:meth:`Jobs.reap`): no job stays ``running`` for ever. Finished jobs and their
files are kept for :data:`KEEP` and then removed (:meth:`Jobs.purge`).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from positioning.core.sizes import ByteSize
from positioning.store.db import Database
from positioning.store.models import JobInputRow, JobResultRow, JobRow, utcnow
from positioning.store.repository import TOKEN_BYTES, NotFound

STATES = ("queued", "running", "done", "failed", "cancelled")
ACTIVE = ("queued", "running")
#: How long a job and its file are kept after it was asked for.
KEEP = timedelta(hours=24)
#: A holder silent for this long is taken for dead.
SILENCE = timedelta(seconds=30)
#: How long a job may wait in the queue for a worker before it is failed.
PATIENCE = timedelta(hours=6)
#: How many times a job is started before a lost worker fails it.
MAX_ATTEMPTS = 2
#: How many unfinished jobs one user may have at once.
MAX_ACTIVE = 5
#: How many of a user's jobs the list shows.
LISTED = 20


class Gone(LookupError):
    """The job's file is no longer there (it expired, or the job did not make one)."""


class Busy(Exception):
    """The user already has :data:`MAX_ACTIVE` unfinished jobs."""


@dataclass(frozen=True)
class JobInfo:
    id: str
    owner: str
    kind: str
    spec: str
    runner: str
    state: str
    progress: float
    error: str | None
    attempts: int
    created: datetime
    updated: datetime
    expires: datetime
    result_name: str | None
    result_size: int | None


@dataclass(frozen=True)
class JobFile:
    name: str
    media_type: str
    data: bytes


class Jobs:
    """The jobs in ``database``; ``silence`` is how long a holder may be quiet before it is taken for dead."""

    def __init__(self, database: Database, *, silence: timedelta | None = None) -> None:
        self.database = database
        self.silence = silence or SILENCE

    # --- what the owner does -----------------------------------------------------------

    def create(self, owner: str, kind: str, spec: str, *, runner: str, given: bytes | None = None) -> JobInfo:
        """A new queued job, with the file it works on if ``given``
        (:class:`Busy` when the owner has too many unfinished ones)."""
        now = utcnow()
        with self.database.session() as session:
            _lock_owner(session, owner)
            active = session.scalar(
                select(func.count()).select_from(JobRow).where(JobRow.owner == owner, JobRow.state.in_(ACTIVE))
            )
            if (active or 0) >= MAX_ACTIVE:
                raise Busy(owner)
            row = JobRow(
                id=secrets.token_urlsafe(TOKEN_BYTES),
                owner=owner,
                kind=kind,
                spec=spec,
                runner=runner,
                state="queued",
                progress=0.0,
                attempts=0,
                created=now,
                updated=now,
                heartbeat=now,
                expires=now + KEEP,
            )
            session.add(row)
            if given is not None:
                session.flush()
                session.add(JobInputRow(job=row.id, data=given))
            return _info(row)

    def given(self, job_id: str) -> bytes:
        """The file the job works on (empty if it has none)."""
        with self.database.session() as session:
            return session.scalar(select(JobInputRow.data).where(JobInputRow.job == job_id)) or b""

    def get(self, owner: str, job_id: str) -> JobInfo:
        """The owner's job (:class:`NotFound` for another user's or an unknown id)."""
        with self.database.session() as session:
            return _info(_owned(session, owner, job_id))

    def latest(self, owner: str) -> list[JobInfo]:
        """The owner's latest jobs, newest first."""
        query = select(JobRow).where(JobRow.owner == owner).order_by(JobRow.created.desc()).limit(LISTED)
        with self.database.session() as session:
            return [_info(row) for row in session.scalars(query)]

    def cancel(self, owner: str, job_id: str) -> JobInfo:
        """Cancel a queued or running job (a finished one is left as it is)."""
        with self.database.session() as session:
            _owned(session, owner, job_id)
            # One conditional update: a job that ended since it was read stays as it ended
            # (done with its file, or an import with its canvases), never "cancelled".
            session.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.state.in_(ACTIVE))
                .values(state="cancelled", error=reason("job_cancelled"), updated=utcnow())
                .execution_options(synchronize_session=False)
            )
            session.expire_all()
            return _info(_owned(session, owner, job_id))

    def remove(self, owner: str, job_id: str) -> None:
        """Forget a finished job and its file."""
        with self.database.session() as session:
            session.delete(_owned(session, owner, job_id))

    def result(self, owner: str, job_id: str) -> JobFile:
        """The file a done job made (:class:`Gone` if there is none any more)."""
        with self.database.session() as session:
            row = _owned(session, owner, job_id)
            data = session.scalar(select(JobResultRow.data).where(JobResultRow.job == job_id))
            if row.state != "done" or data is None or row.expires <= utcnow():
                raise Gone(job_id)
            return JobFile(row.result_name or "result", row.result_type or "application/octet-stream", data)

    # --- what the runner does ----------------------------------------------------------

    def claim(self, job_id: str) -> JobInfo | None:
        """Start the job if it is still queued (None if it was cancelled, taken or removed)."""
        now = utcnow()
        values = {"state": "running", "attempts": JobRow.attempts + 1, "heartbeat": now, "updated": now}
        with self.database.session() as session:
            taken = session.execute(update(JobRow).where(JobRow.id == job_id, JobRow.state == "queued").values(values))
            if not taken.rowcount:  # type: ignore[attr-defined]
                return None
            return _info(session.get_one(JobRow, job_id))

    def beat(self, job_ids: Sequence[str], progress: float | None = None) -> bool:
        """Say the holder is alive (and how far a running job is); False once the job is no longer active."""
        values: dict[str, object] = {"heartbeat": utcnow()}
        if progress is not None:
            values["progress"] = max(0.0, min(1.0, progress))
        with self.database.session() as session:
            changed = session.execute(
                update(JobRow).where(JobRow.id.in_(job_ids), JobRow.state.in_(ACTIVE)).values(values)
            )
            return bool(changed.rowcount)  # type: ignore[attr-defined]

    def finish(self, job_id: str, file: JobFile | Callable[[Session], JobFile]) -> bool:
        """Mark the job done and store its file, both or neither (False: it was cancelled meanwhile).
        ``file`` may be a function making it in the same transaction (an import stores its canvases
        there, so that they are kept exactly when the job is done)."""
        with self.database.session() as session:
            done = session.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.state == "running")
                .values(state="done", progress=1.0, updated=utcnow())
            )
            if not done.rowcount:  # type: ignore[attr-defined]
                return False
            made = file(session) if callable(file) else file
            row = session.get_one(JobRow, job_id)
            row.result_name, row.result_type, row.result_size = made.name, made.media_type, len(made.data)
            session.add(JobResultRow(job=job_id, data=made.data))
            return True

    def fail(self, job_id: str, why: str) -> None:
        """Mark an active job failed with ``why`` (see :func:`reason`)."""
        with self.database.session() as session:
            _end(session, job_id, why, JobRow.state.in_(ACTIVE))

    # --- keeping the queue honest --------------------------------------------------------

    def reap(self, runner: str) -> list[str]:
        """Jobs of ``runner`` whose holder fell silent: queued again (their ids are
        returned, to be sent to a worker) until :data:`MAX_ATTEMPTS`, then failed.
        Queued jobs nobody holds any more are sent again (the local pool) or,
        after :data:`PATIENCE` without a worker, failed (Celery)."""
        now = utcnow()
        with self.database.session() as session:
            again = _reap_running(session, runner, now - self.silence)
            if runner == "local":
                return again + _reap_held(session, now - self.silence)
            _fail_unserved(session, now - PATIENCE)
            return again

    def waiting(self, runner: str, grace: timedelta) -> list[str]:
        """Queued jobs of ``runner`` sent (or sent again) more than ``grace`` ago, oldest first: the ones
        a broker that lost its data no longer holds (see :meth:`positioning.jobs.queue.CeleryQueue.reconcile`)."""
        query = (
            select(JobRow.id)
            .where(JobRow.runner == runner, JobRow.state == "queued", JobRow.heartbeat < utcnow() - grace)
            .order_by(JobRow.heartbeat)
        )
        with self.database.session() as session:
            return list(session.scalars(query).all())

    def purge(self) -> int:
        """Remove jobs (and their files) past their time; how many."""
        with self.database.session() as session:
            gone = session.execute(delete(JobRow).where(JobRow.expires <= utcnow(), JobRow.state.not_in(ACTIVE)))
            return int(gone.rowcount)  # type: ignore[attr-defined]


def reason(key: str, **values: object) -> str:
    """A failed or cancelled job's reason as stored: a key of :mod:`positioning.i18n.wording` and its values,
    so that each reader words it in their language (a :class:`ByteSize` as ``{"bytes": n}``, to be shown
    as a size again: see :func:`positioning.jobs.tasks.reason_text`)."""
    stored = {name: {"bytes": int(v)} if isinstance(v, ByteSize) else v for name, v in values.items()}
    return json.dumps({"key": key, "values": stored}, ensure_ascii=False)


def _reap_running(session: Session, runner: str, before: datetime) -> list[str]:
    silent = select(JobRow.id, JobRow.attempts).where(
        JobRow.runner == runner, JobRow.state == "running", JobRow.heartbeat < before
    )
    again = []
    for job_id, attempts in session.execute(silent).all():
        if attempts >= MAX_ATTEMPTS:
            _end(session, job_id, reason("job_worker_lost", attempts=attempts), JobRow.state == "running")
        elif _requeue(session, job_id, before):
            again.append(job_id)
    return again


def _reap_held(session: Session, before: datetime) -> list[str]:
    """Queued jobs of local pools that fell silent (the process holding them ended)."""
    held = select(JobRow.id).where(JobRow.runner == "local", JobRow.state == "queued", JobRow.heartbeat < before)
    return [job_id for job_id in session.scalars(held).all() if _requeue(session, job_id, before, state="queued")]


def _fail_unserved(session: Session, before: datetime) -> None:
    waited = select(JobRow.id).where(JobRow.runner == "celery", JobRow.state == "queued", JobRow.heartbeat < before)
    hours = int(PATIENCE.total_seconds() // 3600)
    for job_id in session.scalars(waited).all():
        _end(session, job_id, reason("job_unserved", hours=hours), JobRow.state == "queued")


def _lock_owner(session: Session, owner: str) -> None:
    """Hold the owner's jobs until the transaction ends, so that counting them and adding one
    is one step: requests at the same moment see each other's jobs, and the limit holds."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(func.hashtext(owner))))
    else:  # SQLite: a write, even of no row, takes the database's write lock now instead of at the insert
        session.execute(update(JobRow).where(JobRow.id == "").values(owner=JobRow.owner))


def _owned(session: Session, owner: str, job_id: str) -> JobRow:
    row = session.get(JobRow, job_id)
    if row is None or row.owner != owner:
        raise NotFound(job_id)
    return row


def _requeue(session: Session, job_id: str, before: datetime, *, state: str = "running") -> bool:
    now = utcnow()
    again = session.execute(
        update(JobRow)
        .where(JobRow.id == job_id, JobRow.state == state, JobRow.heartbeat < before)
        .values(state="queued", heartbeat=now, updated=now)
    )
    return bool(again.rowcount)  # type: ignore[attr-defined]


def _end(session: Session, job_id: str, why: str, *conditions: object) -> None:
    session.execute(
        update(JobRow)
        .where(JobRow.id == job_id, *conditions)  # type: ignore[arg-type]
        .values(state="failed", error=why, updated=utcnow())
    )


def _info(row: JobRow) -> JobInfo:
    return JobInfo(
        id=row.id,
        owner=row.owner,
        kind=row.kind,
        spec=row.spec,
        runner=row.runner,
        state=row.state,
        progress=row.progress,
        error=row.error,
        attempts=row.attempts,
        created=row.created,
        updated=row.updated,
        expires=row.expires,
        result_name=row.result_name,
        result_size=row.result_size,
    )
