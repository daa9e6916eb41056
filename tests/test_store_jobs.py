"""The jobs table on both databases: one conditional step at a time, so a
cancelled job keeps nothing, a job runs once, and a silent holder's job is
queued again and then failed, never left running."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import update

from positioning.store.jobs import MAX_ACTIVE, Busy, Gone, JobFile, Jobs
from positioning.store.models import JobRow, utcnow
from positioning.store.repository import NotFound

FILE = JobFile("out.zip", "application/zip", b"PK\x05\x06" + bytes(18))


def _age(database, job_id: str, seconds: float, **values) -> None:
    """Make the job's holder look silent for ``seconds``."""
    with database.session() as session:
        session.execute(
            update(JobRow).where(JobRow.id == job_id).values(heartbeat=utcnow() - timedelta(seconds=seconds), **values)
        )


def test_a_job_goes_from_queued_to_running_to_done_with_its_file(database):
    jobs = Jobs(database)
    job = jobs.create("ann", "export", '{"canvases": ["a"], "format": "png"}', runner="local")
    assert (job.state, job.progress, job.attempts) == ("queued", 0.0, 0)
    assert jobs.claim(job.id).state == "running"
    assert jobs.claim(job.id) is None  # a second worker does not run it again
    assert jobs.beat([job.id], 0.5) and jobs.get("ann", job.id).progress == 0.5
    with pytest.raises(Gone):
        jobs.result("ann", job.id)
    assert jobs.finish(job.id, FILE)
    done = jobs.get("ann", job.id)
    assert (done.state, done.progress, done.result_name, done.result_size) == ("done", 1.0, "out.zip", len(FILE.data))
    assert jobs.result("ann", job.id) == FILE


def test_a_job_cancelled_while_it_runs_stores_no_file(database):
    jobs = Jobs(database)
    job = jobs.create("ann", "export", "{}", runner="local")
    jobs.claim(job.id)
    assert jobs.cancel("ann", job.id).state == "cancelled"
    assert not jobs.beat([job.id], 0.7)  # the runner learns it at its next report
    assert not jobs.finish(job.id, FILE)
    with pytest.raises(Gone):
        jobs.result("ann", job.id)
    assert json.loads(jobs.get("ann", job.id).error) == {"key": "job_cancelled", "values": {}}
    queued = jobs.create("ann", "export", "{}", runner="local")
    jobs.cancel("ann", queued.id)
    assert jobs.claim(queued.id) is None  # a cancelled job is never started


def test_another_user_cannot_see_or_touch_a_job(database):
    jobs = Jobs(database)
    job = jobs.create("ann", "export", "{}", runner="local")
    for step in (jobs.get, jobs.cancel, jobs.remove, jobs.result):
        with pytest.raises(NotFound):
            step("bob", job.id)
    assert jobs.latest("bob") == [] and [j.id for j in jobs.latest("ann")] == [job.id]


def test_a_user_has_at_most_a_few_unfinished_jobs(database):
    jobs = Jobs(database)
    made = [jobs.create("ann", "export", "{}", runner="local") for _ in range(MAX_ACTIVE)]
    with pytest.raises(Busy):
        jobs.create("ann", "export", "{}", runner="local")
    jobs.create("bob", "export", "{}", runner="local")  # others are not held up
    jobs.cancel("ann", made[0].id)
    jobs.create("ann", "export", "{}", runner="local")


def test_a_silent_worker_s_job_is_queued_again_then_failed(database):
    jobs = Jobs(database, silence=timedelta(seconds=30))
    job = jobs.create("ann", "export", "{}", runner="celery")
    jobs.claim(job.id)
    _age(database, job.id, 10)
    assert jobs.reap("celery") == []  # still within its silence
    _age(database, job.id, 60)
    assert jobs.reap("local") == []  # another runner's jobs are not touched
    assert jobs.reap("celery") == [job.id] and jobs.get("ann", job.id).state == "queued"
    jobs.claim(job.id)
    _age(database, job.id, 60)
    assert jobs.reap("celery") == []
    failed = jobs.get("ann", job.id)
    assert failed.state == "failed" and json.loads(failed.error)["key"] == "job_worker_lost"


def test_queued_jobs_of_a_local_pool_that_ended_are_sent_again_and_celery_ones_wait_hours(database):
    jobs = Jobs(database, silence=timedelta(seconds=30))
    local = jobs.create("ann", "export", "{}", runner="local")
    remote = jobs.create("ann", "export", "{}", runner="celery")
    _age(database, local.id, 60)
    _age(database, remote.id, 3600)
    assert jobs.reap("local") == [local.id]
    assert jobs.reap("celery") == [] and jobs.get("ann", remote.id).state == "queued"
    _age(database, remote.id, 7 * 3600)
    jobs.reap("celery")
    unserved = jobs.get("ann", remote.id)
    assert unserved.state == "failed" and json.loads(unserved.error) == {"key": "job_unserved", "values": {"hours": 6}}


def test_jobs_past_their_time_are_removed_with_their_files(database):
    jobs = Jobs(database)
    old, new = (jobs.create("ann", "export", "{}", runner="local") for _ in range(2))
    for job in (old, new):
        jobs.claim(job.id)
        jobs.finish(job.id, FILE)
    with database.session() as session:
        session.execute(update(JobRow).where(JobRow.id == old.id).values(expires=utcnow() - timedelta(seconds=1)))
    assert jobs.purge() == 1
    with pytest.raises(NotFound):
        jobs.get("ann", old.id)
    assert jobs.result("ann", new.id) == FILE


def test_a_cancel_that_reads_the_job_just_before_it_finishes_leaves_it_done(database, monkeypatch):
    """The job ends between the cancel reading it and writing: the cancel must not
    turn a done job (whose file, or imported canvases, are kept) into a cancelled one.
    On SQLite the cancel holds the write lock from its first read (BEGIN IMMEDIATE), so the
    runner's finish waits for it instead, and finds the job cancelled: either way, one state."""
    import threading

    import positioning.store.jobs as store

    jobs = Jobs(database)
    job = jobs.create("ann", "export", "{}", runner="local")
    jobs.claim(job.id)
    read = store._owned
    runner = threading.Thread(target=lambda: finished.append(Jobs(database).finish(job.id, FILE)))

    def read_then_finish(session, owner, job_id):
        row = read(session, owner, job_id)
        if not runner.is_alive() and not finished:  # the runner ends meanwhile, in its own transaction
            runner.start()
            runner.join(None if not database.is_sqlite else 0.5)
        return row

    finished: list[bool] = []

    monkeypatch.setattr(store, "_owned", read_then_finish)
    jobs.cancel("ann", job.id)
    monkeypatch.setattr(store, "_owned", read)
    runner.join()
    ended = jobs.get("ann", job.id)
    if database.is_sqlite:
        assert finished == [False] and ended.state == "cancelled"
        return
    assert finished == [True]
    assert (ended.state, ended.error) == ("done", None)
    assert jobs.result("ann", job.id) == FILE


def test_many_jobs_started_at_the_same_moment_still_stop_at_the_limit(database):
    """The count and the insert are one step: twelve requests at once make five jobs, not twelve."""
    import threading

    from sqlalchemy import func, select

    jobs, barrier, busy = Jobs(database), threading.Barrier(12), []

    def start() -> None:
        barrier.wait()
        try:
            jobs.create("ann", "export", "{}", runner="local")
        except Busy:
            busy.append(True)

    threads = [threading.Thread(target=start) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(JobRow)) == MAX_ACTIVE
    assert len(busy) == 12 - MAX_ACTIVE
