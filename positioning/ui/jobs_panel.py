"""The list page's jobs panel: export many canvases in the background and follow each job.

The user picks canvases (none: all of them) and a format and starts an
export; the panel lists their latest jobs with a progress bar, a Cancel
button while one waits or runs, a Download link once done, and why it
stopped otherwise. It asks the server again every second while a job is
active, and not at all otherwise. The work is in :mod:`positioning.ui.jobs`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from ..auth import current_user
from ..job_queue import Queue
from ..jobs import FORMATS
from ..store.db import Database
from ..store.jobs import Jobs
from ..store.repository import Repository
from ..wording import t
from . import ids, inputs
from . import jobs as panel
from .pages import HIDDEN, labelled_by, row_button
from .said import Message, shown

#: Texts of the panel that follow the language switch.
LABEL_KEYS = ("jobs_title", "jobs_hint", "jobs_which", "jobs_format", "jobs_start", "jobs_recent")
POLL_MS = 1000


def _label(key: str) -> html.Span:
    return html.Span(t("en", key), id=ids.label(key))


def jobs_panel() -> html.Section:
    """The panel, empty: the callbacks fill its choices and its jobs."""
    picker: dict[str, Any] = {"multi": True, "placeholder": t("en", "jobs_all"), "className": "jobs-canvases"}
    named: dict[str, Any] = {"aria-labelledby": ids.label("jobs_title")}
    return html.Section(
        className="jobs-panel",
        **named,
        children=[
            html.H3(_label("jobs_title")),
            html.P(_label("jobs_hint"), className="muted"),
            html.Div(
                className="jobs-tools",
                children=[
                    html.Div(
                        [
                            html.Div(_label("jobs_which"), className="field-label"),
                            dcc.Dropdown(id=ids.JOBS_CANVASES, **picker),
                        ],
                        className="jobs-field jobs-which",
                        **labelled_by(ids.label("jobs_which")),
                    ),
                    html.Div(
                        [
                            html.Div(_label("jobs_format"), className="field-label"),
                            dcc.RadioItems(
                                id=ids.JOBS_FORMAT, options=format_options("en"), value="png", className="radio"
                            ),
                        ],
                        className="jobs-field",
                        **labelled_by(ids.label("jobs_format")),
                    ),
                    html.Button(_label("jobs_start"), id=ids.JOBS_START, className="button primary"),
                ],
            ),
            html.Div(id=ids.JOBS_MESSAGE, role="status"),
            html.H4(_label("jobs_recent")),
            html.Div(id=ids.JOBS_LIST, className="jobs-list"),
            dcc.Interval(id=ids.JOBS_TICK, interval=POLL_MS, disabled=True),
            dcc.Store(id=ids.JOBS_ACTION),
        ],
    )


def format_options(language: str) -> list[dict[str, str]]:
    return [{"label": t(language, f"jobs_as_{kind}"), "value": kind} for kind in FORMATS]


def jobs_list(rows: Sequence[panel.JobView], language: str) -> Any:
    """The jobs, newest first: what, state, a progress bar, and its button or link."""
    if not rows:
        return html.P(t(language, "jobs_none"), className="muted")
    return html.Ul([_row(row, language) for row in rows], className="jobs-rows")


def _row(row: panel.JobView, language: str) -> html.Li:
    percent = f"{row.progress:.0%}"
    bar: dict[str, Any] = {"aria-label": t(language, "job_progress", what=row.what)}
    marked: dict[str, Any] = {"data-job": row.id}
    return html.Li(
        className=f"job job-{row.state}",
        **marked,
        children=[
            html.Div([html.Strong(row.what), " · ", html.Span(row.state_label, className="job-state")]),
            html.Div(
                className="job-bar",
                children=[html.Progress(value=str(row.progress), max="1", **bar), html.Span(percent, **HIDDEN)],
            ),
            html.P(row.error, className="job-error") if row.error else None,
            html.Div(_buttons(row, language), className="row-buttons"),
        ],
    )


def _buttons(row: panel.JobView, language: str) -> list[Any]:
    if row.active:
        return [row_button(ids.JOBS_ACTION, "cancel", row.id, t(language, "job_cancel"), "danger")]
    download = html.A(t(language, "job_download"), href=row.result, className="button small primary", download="")
    remove = row_button(ids.JOBS_ACTION, "remove", row.id, t(language, "job_remove"))
    return [download, remove] if row.result else [remove]


def _message(message: Message | None) -> Any:
    if message is None:
        return dash.no_update
    kind, heading, _ = message
    return html.Div(shown(heading), className=f"alert alert-{kind}")


def register_jobs(app: dash.Dash, *, database: Database) -> None:
    """The panel's choices and its jobs (started, cancelled, removed, followed)."""

    @app.callback(
        Output(ids.JOBS_CANVASES, "options"),
        Output(ids.JOBS_CANVASES, "placeholder"),
        Output(ids.JOBS_FORMAT, "options"),
        Input(ids.URL, "pathname"),
        Input(ids.LIST_REFRESH, "data"),
        Input(ids.LANGUAGE, "value"),
    )
    def choices(pathname: Any, _: Any, language: Any) -> Any:
        words = inputs.language(language)
        if pathname != "/" or words is None:
            raise PreventUpdate
        listed = Repository(database, current_user()).list()
        options = [{"label": f"{info.title} · {info.subject}", "value": info.id} for info in listed]
        return options, t(words, "jobs_all"), format_options(words)

    @app.callback(
        Output(ids.JOBS_LIST, "children"),
        Output(ids.JOBS_TICK, "disabled"),
        Output(ids.JOBS_MESSAGE, "children"),
        Input(ids.URL, "pathname"),
        Input(ids.JOBS_TICK, "n_intervals"),
        Input(ids.JOBS_START, "n_clicks"),
        Input(ids.JOBS_ACTION, "data"),
        Input(ids.LANGUAGE, "value"),
        State(ids.JOBS_CANVASES, "value"),
        State(ids.JOBS_FORMAT, "value"),
    )
    def follow(pathname: Any, _tick: Any, start: Any, action: Any, language: Any, chosen: Any, format: Any) -> Any:
        words = inputs.language(language)
        if pathname != "/" or words is None:
            raise PreventUpdate
        queue: Queue = app.server.extensions["positioning.jobs"]
        owner, jobs = current_user(), Jobs(database)
        message = None
        if dash.ctx.triggered_id == ids.JOBS_START and start:
            message = panel.start(queue, Repository(database, owner), chosen, format)
        elif dash.ctx.triggered_id == ids.JOBS_ACTION and isinstance(action, dict):
            panel.act(jobs, owner, action.get("action"), action.get("value"))
        rows = panel.views(queue, jobs, owner, words)
        return jobs_list(rows, words), not panel.any_active(rows), _message(message)
