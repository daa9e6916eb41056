"""The list page's jobs panel as plain functions (nothing here imports Dash): start
an export of many canvases, cancel or forget a job, and each job as the panel shows it.

The panel starts jobs exactly as the HTTP API does
(:func:`positioning.job_queue.enqueue`), so a job started in the app can be
followed through the API and the other way round.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..job_queue import Queue, QueueDown, enqueue
from ..jobs import FORMATS, MAX_CANVASES, ExportSpec, reason_text
from ..store.jobs import ACTIVE, MAX_ACTIVE, Busy, JobInfo, Jobs
from ..store.repository import NotFound, Repository
from ..wording import t
from .said import Message, said


@dataclass(frozen=True)
class JobView:
    """One job as a row of the panel."""

    id: str
    what: str
    state: str
    state_label: str
    progress: float
    error: str | None
    result: str | None
    active: bool


def start(queue: Queue, repository: Repository, chosen: object, format: object) -> Message:
    """Start exporting the ``chosen`` canvas ids (all of them when none is chosen) as ``format``."""
    if format not in FORMATS:
        return ("error", said("jobs_pick_format"), [])
    listed = [info.id for info in repository.list()]
    wanted = [c for c in chosen if c in listed] if isinstance(chosen, list) and chosen else listed
    if not wanted:
        return ("error", said("jobs_nothing"), [])
    if len(wanted) > MAX_CANVASES:
        return ("error", said("jobs_too_many", count=len(wanted), limit=MAX_CANVASES), [])
    spec = ExportSpec(tuple(wanted), str(format))
    try:
        enqueue(queue, Jobs(repository.database), repository.owner, spec)
    except Busy:
        return ("error", said("jobs_busy", limit=MAX_ACTIVE), [])
    except QueueDown:
        return ("error", said("job_queue_down"), [])
    return ("ok", said("jobs_started", count=len(wanted)), [])


def act(jobs: Jobs, owner: str, action: object, job_id: object) -> None:
    """A row's button: ``cancel`` a waiting or running job, ``remove`` a finished one."""
    if not isinstance(job_id, str):
        return
    try:
        if action == "cancel":
            jobs.cancel(owner, job_id)
        elif action == "remove" and jobs.get(owner, job_id).state not in ACTIVE:
            jobs.remove(owner, job_id)
    except NotFound:  # gone meanwhile (another tab, or it expired)
        return


def views(queue: Queue, jobs: Jobs, owner: str, language: str) -> list[JobView]:
    """The owner's latest jobs, newest first (jobs whose worker fell silent are dealt with first)."""
    queue.reap()
    return [_view(job, language) for job in jobs.latest(owner)]


def any_active(rows: Sequence[JobView]) -> bool:
    return any(row.active for row in rows)


def _view(job: JobInfo, language: str) -> JobView:
    spec = ExportSpec.from_json(job.spec)
    count = len(spec.canvases)
    what = t(
        language,
        "job_what_one" if count == 1 else "job_what",
        count=count,
        format=t(language, f"jobs_as_{spec.format}"),
    )
    return JobView(
        id=job.id,
        what=what,
        state=job.state,
        state_label=t(language, f"job_state_{job.state}"),
        progress=job.progress,
        error=reason_text(job.error, language),
        result=f"/api/jobs/{job.id}/result" if job.state == "done" else None,
        active=job.state in ACTIVE,
    )
