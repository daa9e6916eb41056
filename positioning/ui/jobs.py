"""The list page's jobs panel as plain functions (nothing here imports Dash): start
an export of many canvases, cancel or forget a job, and each job as the panel shows it.

The panel starts jobs exactly as the HTTP API does
(:func:`positioning.jobs.queue.enqueue`), so a job started in the app can be
followed through the API and the other way round.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass

from positioning.core.messages import say
from positioning.i18n.wording import every, t, tn
from positioning.jobs.imports import ImportRefused, ImportSpec, import_spec, report_counts
from positioning.jobs.queue import Queue, QueueDown, enqueue
from positioning.jobs.tasks import FORMATS, MAX_CANVASES, ExportSpec, described, reason_text
from positioning.store.jobs import ACTIVE, MAX_ACTIVE, Busy, Gone, JobInfo, Jobs
from positioning.store.repository import NotFound, Repository
from positioning.ui.said import Message


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
    kind: str = "export"
    note: str | None = None


def start(queue: Queue, repository: Repository, chosen: object, format: object) -> Message:
    """Start exporting the ``chosen`` canvas ids (all of them when none is chosen) as ``format``."""
    if format not in FORMATS:
        return ("error", every(say("jobs_pick_format")), [])
    listed = [info.id for info in repository.list()]
    wanted = [c for c in chosen if c in listed] if isinstance(chosen, list) and chosen else listed
    if not wanted:
        return ("error", every(say("jobs_nothing")), [])
    if len(wanted) > MAX_CANVASES:
        return ("error", every(say("jobs_too_many", count=len(wanted), limit=MAX_CANVASES)), [])
    spec = ExportSpec(tuple(wanted), str(format))
    return _sent(queue, repository, spec) or ("ok", every(say("jobs_started", count=len(wanted))), [])


def start_import(queue: Queue, repository: Repository, contents: object, filename: object) -> Message | None:
    """Start importing an uploaded zip (``contents`` as the upload gives it: a data URL)."""
    if not isinstance(contents, str) or not contents:
        return None
    name = filename if isinstance(filename, str) and filename else "upload.zip"
    try:
        data = base64.b64decode(contents.partition(",")[2], validate=True)
    except (binascii.Error, ValueError):
        return ("error", every(say("edit_unreadable_upload", name=name)), [])
    try:
        spec = import_spec(data, name)
    except ImportRefused as refused:
        return ("error", every(say("jobs_import_refused", detail=refused.text)), [])
    return _sent(queue, repository, spec, data) or ("ok", every(say("jobs_import_started", count=len(spec.files))), [])


def _sent(
    queue: Queue, repository: Repository, spec: ExportSpec | ImportSpec, data: bytes | None = None
) -> Message | None:
    try:
        enqueue(queue, Jobs(repository.database), repository.owner, spec, data)
    except Busy:
        return ("error", every(say("jobs_busy", limit=MAX_ACTIVE)), [])
    except QueueDown:
        return ("error", every(say("job_queue_down")), [])
    return None


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
    return [_view(job, language, _note(jobs, job, language)) for job in jobs.latest(owner)]


def imports_done(rows: Sequence[JobView]) -> frozenset[str]:
    """The imports that are done (their canvases are in the list)."""
    return frozenset(row.id for row in rows if row.kind == "import" and row.state == "done")


def _note(jobs: Jobs, job: JobInfo, language: str) -> str | None:
    """What a done import made: from its report."""
    if job.kind != "import" or job.state != "done":
        return None
    try:
        created, refused = report_counts(jobs.result(job.owner, job.id).data)
    except Gone:
        return None
    return t(language, "job_imported", created=created, refused=refused)


def any_active(rows: Sequence[JobView]) -> bool:
    return any(row.active for row in rows)


def _view(job: JobInfo, language: str, note: str | None) -> JobView:
    format, count = described(job)
    if job.kind == "import":
        what = t(language, "job_import_what", name=ImportSpec.from_json(job.spec).name, count=count)
    else:
        what = tn(language, "job_what", count, count=count, format=t(language, f"jobs_as_{format}"))
    return JobView(
        id=job.id,
        what=what,
        state=job.state,
        state_label=t(language, f"job_state_{job.state}"),
        progress=job.progress,
        error=reason_text(job.error, language),
        result=f"/api/jobs/{job.id}/result" if job.state == "done" else None,
        active=job.state in ACTIVE,
        kind=job.kind,
        note=note,
    )
