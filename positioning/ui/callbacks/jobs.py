"""The list page's jobs panel: its choices, and its jobs (started, cancelled, removed, followed; a
finished import draws the list again)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import dash
from dash import Input, Output, State

from positioning.http.auth import current_user
from positioning.http.services import services
from positioning.i18n.wording import t
from positioning.jobs.queue import Queue
from positioning.store.db import Database
from positioning.store.jobs import Jobs
from positioning.store.repository import Repository
from positioning.ui import ids, inputs, workspace
from positioning.ui import jobs as job_views
from positioning.ui.callbacks.wiring import KEEP, given, typed_callback
from positioning.ui.jobs_panel import format_options, jobs_list, message_box
from positioning.ui.said import Message


@dataclass(frozen=True)
class JobChoices:
    canvases: list[dict[str, str]]
    placeholder: str
    formats: list[dict[str, str]]


@dataclass(frozen=True)
class JobsFollowed:
    """The jobs drawn, whether to stop polling, what was said, the upload set back to empty, the
    imports seen done and the list drawn again after a new one."""

    rows: Any
    idle: bool
    message: Any = KEEP
    upload: Any = KEEP
    imported: Any = KEEP
    refresh: Any = KEEP


def followed(
    queue: Queue, repository: Repository, trigger: object, values: Mapping[str, Any], language: str
) -> JobsFollowed:
    """The panel after ``trigger`` (a start, an upload, a row's button, a tick, the page opening)."""
    message = _acted(queue, repository, trigger, values)
    rows = job_views.views(queue, Jobs(repository.database), repository.owner, language)
    done = job_views.imports_done(rows)
    known = set(values.get("imported") or ())
    new_import = bool(done - known) and values.get("imported") is not None
    return JobsFollowed(
        rows=jobs_list(rows, language),
        idle=not job_views.any_active(rows),
        message=message_box(message),
        upload=None if trigger == ids.JOBS_UPLOAD else KEEP,
        imported=sorted(done),
        refresh=(inputs.whole(values.get("refreshed")) or 0) + 1 if new_import else KEEP,
    )


def _acted(queue: Queue, repository: Repository, trigger: object, values: Mapping[str, Any]) -> Message | None:
    """What the trigger asked for, done: an export or import started, a job cancelled or removed."""
    if trigger == ids.JOBS_START and values.get("start"):
        return job_views.start(queue, repository, values.get("chosen"), values.get("format"))
    if trigger == ids.JOBS_UPLOAD:
        return job_views.start_import(queue, repository, values.get("contents"), values.get("filename"))
    action = values.get("action")
    if trigger == ids.JOBS_ACTION and isinstance(action, dict):
        job_views.act(Jobs(repository.database), repository.owner, action.get("action"), action.get("value"))
    return None


def register(app: dash.Dash, *, database: Database) -> None:
    """The panel's choices and its jobs."""

    @typed_callback(
        app,
        JobChoices,
        {
            "canvases": Output(ids.JOBS_CANVASES, "options"),
            "placeholder": Output(ids.JOBS_CANVASES, "placeholder"),
            "formats": Output(ids.JOBS_FORMAT, "options"),
        },
        inputs={
            "pathname": Input(ids.URL, "pathname"),
            "refresh": Input(ids.LIST_REFRESH, "data"),
            "language": Input(ids.LANGUAGE, "value"),
        },
    )
    def choices(pathname: Any, refresh: Any, language: Any) -> JobChoices:
        words = inputs.language(language)
        if pathname != "/" or words is None:
            return given(None)
        options = workspace.picker_options(Repository(database, current_user()))
        return JobChoices(options, t(words, "jobs_all"), format_options(words))

    @typed_callback(
        app,
        JobsFollowed,
        _FOLLOW_OUTPUTS,
        inputs=_FOLLOW_INPUTS,
        state=_FOLLOW_STATE,
        prevent_initial_call="initial_duplicate",
    )
    def follow(**values: Any) -> JobsFollowed:
        words = inputs.language(values.get("language"))
        if values.get("pathname") != "/" or words is None:
            return given(None)
        repository = Repository(database, current_user())
        return followed(services(app.server).queue, repository, dash.ctx.triggered_id, values, words)


_FOLLOW_OUTPUTS = {
    "rows": Output(ids.JOBS_LIST, "children"),
    "idle": Output(ids.JOBS_TICK, "disabled"),
    "message": Output(ids.JOBS_MESSAGE, "children"),
    "upload": Output(ids.JOBS_UPLOAD, "contents"),
    "imported": Output(ids.JOBS_IMPORTED, "data"),
    "refresh": Output(ids.LIST_REFRESH, "data", allow_duplicate=True),
}
_FOLLOW_INPUTS = {
    "pathname": Input(ids.URL, "pathname"),
    "tick": Input(ids.JOBS_TICK, "n_intervals"),
    "start": Input(ids.JOBS_START, "n_clicks"),
    "action": Input(ids.JOBS_ACTION, "data"),
    "contents": Input(ids.JOBS_UPLOAD, "contents"),
    "language": Input(ids.LANGUAGE, "value"),
}
_FOLLOW_STATE = {
    "chosen": State(ids.JOBS_CANVASES, "value"),
    "format": State(ids.JOBS_FORMAT, "value"),
    "filename": State(ids.JOBS_UPLOAD, "filename"),
    "imported": State(ids.JOBS_IMPORTED, "data"),
    "refreshed": State(ids.LIST_REFRESH, "data"),
}
