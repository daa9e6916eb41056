"""The HTTP routes of background jobs (a contract, listed with the others in :data:`positioning.http.api.ROUTES`).

``POST /api/jobs/export`` with ``{"canvases": [ids], "format", "preset"}``
answers 202 ``{"id"}`` at once; ``GET /api/jobs/<id>`` answers its
``state``, ``progress`` (0..1), ``result`` (the file's URL once done) and
``error``; ``DELETE /api/jobs/<id>`` cancels it (or forgets a finished one);
``GET /api/jobs/<id>/result`` is the file. ``POST /api/jobs/import`` with
a zip of canvas files starts an import, whose file is a JSON report. Only the job's owner sees it:
anyone else gets the same 404 as for an id that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Literal

import flask
from pydantic import BaseModel, ConfigDict, Field

from positioning.http.auth import current_user
from positioning.http.services import services
from positioning.i18n.wording import t
from positioning.jobs.imports import ImportRefused, import_spec
from positioning.jobs.queue import Queue, QueueDown, enqueue
from positioning.jobs.tasks import FORMATS, MAX_CANVASES, SpecError, described, export_spec, reason_text
from positioning.output.export import PRESETS
from positioning.store.jobs import ACTIVE, MAX_ACTIVE, Busy, Gone, JobInfo, Jobs
from positioning.store.repository import NotFound, Repository

NO_JOB = "no such job (or it is not yours)"


class ExportRequest(BaseModel):
    """What POST /api/jobs/export takes (checked by :func:`positioning.jobs.tasks.export_spec`, whose
    messages name the field; this model describes it)."""

    model_config = ConfigDict(extra="forbid")

    canvases: Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1, max_length=MAX_CANVASES)]
    format: Literal[FORMATS]  # type: ignore[valid-type]
    preset: Literal[tuple(PRESETS)] | None = None  # type: ignore[valid-type]


class JobCreated(BaseModel):
    id: str


class JobStatus(BaseModel):
    id: str
    kind: str
    format: str
    canvases: int
    state: str
    progress: float
    result: str | None
    error: str | None
    created: datetime
    expires: datetime


def _jobs() -> Jobs:
    return Jobs(services().database)


def _queue() -> Queue:
    return services().queue


def _answer(body: BaseModel, status: int = 200) -> flask.Response:
    response = flask.Response(body.model_dump_json(), status, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response


def _error(status: int, message: str) -> flask.Response:
    return flask.Response(flask.json.dumps({"error": message}), status, mimetype="application/json")


def _status(job: JobInfo) -> JobStatus:
    """A job as the API shows it."""
    format, count = described(job)
    url = flask.request.url_root.rstrip("/") + f"/api/jobs/{job.id}/result"
    return JobStatus(
        id=job.id,
        kind=job.kind,
        format=format,
        canvases=count,
        state=job.state,
        progress=round(job.progress, 4),
        result=url if job.state == "done" else None,
        error=reason_text(job.error, "en"),
        created=job.created,
        expires=job.expires,
    )


def start_export() -> flask.Response:
    if not flask.request.is_json:
        return _error(415, "send the job as JSON (Content-Type: application/json)")
    try:
        body = flask.request.get_json(silent=True)
    except RecursionError:  # nested deeper than the parser goes: not a job anyone can mean
        body = None
    try:
        spec = export_spec(body)
    except SpecError as bad:
        return _error(422, str(bad))
    owner, jobs = current_user(), _jobs()
    repository = Repository(jobs.database, owner)
    for canvas_id in spec.canvases:
        try:
            repository.get(canvas_id)
        except NotFound:
            return _error(422, f"canvases: {canvas_id!r} is not one of your canvases")
    return _started(lambda: enqueue(_queue(), jobs, owner, spec))


def start_import() -> flask.Response:
    request = flask.request
    if request.mimetype not in ("application/zip", "application/x-zip-compressed", "application/octet-stream"):
        return _error(415, "send the zip itself (Content-Type: application/zip)")
    data = request.get_data(cache=False)  # at most MAX_IMPORT_BYTES: a larger body was refused 413 (.bodies)
    name = (request.args.get("name") or "upload.zip")[:200]
    try:
        spec = import_spec(data, name)
    except ImportRefused as refused:
        return _error(422, str(refused))
    return _started(lambda: enqueue(_queue(), _jobs(), current_user(), spec, given=data))


def _started(start: Callable[[], JobInfo]) -> flask.Response:
    try:
        job = start()
    except Busy:
        return _error(429, f"you have {MAX_ACTIVE} jobs waiting or running; wait for one to end or cancel one")
    except QueueDown:
        return _error(503, t("en", "job_queue_down"))
    response = _answer(JobCreated(id=job.id), 202)
    response.headers["Location"] = f"/api/jobs/{job.id}"
    return response


def list_jobs() -> flask.Response:
    _queue().reap()
    listed = [_status(job).model_dump(mode="json") for job in _jobs().latest(current_user())]
    return flask.Response(flask.json.dumps(listed), 200, mimetype="application/json")


def job_status(job_id: str) -> flask.Response:
    _queue().reap()
    try:
        return _answer(_status(_jobs().get(current_user(), job_id)))
    except NotFound:
        return _error(404, NO_JOB)


def cancel_job(job_id: str) -> flask.Response:
    jobs, owner = _jobs(), current_user()
    try:
        job = jobs.get(owner, job_id)
        if job.state in ACTIVE:
            return _answer(_status(jobs.cancel(owner, job_id)))
        jobs.remove(owner, job_id)
    except NotFound:
        return _error(404, NO_JOB)
    return flask.Response(status=204)


def job_result(job_id: str) -> flask.Response:
    from urllib.parse import quote

    try:
        file = _jobs().result(current_user(), job_id)
    except NotFound:
        return _error(404, NO_JOB)
    except Gone:
        return _error(410, "this job has no file: it is not done, or its file expired (files are kept 24 hours)")
    response = flask.Response(file.data, mimetype=file.media_type)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file.name, safe='')}"
    response.headers["Cache-Control"] = "private, no-store"
    return response
