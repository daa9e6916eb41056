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
from dash import dcc, html

from positioning.i18n.wording import t
from positioning.jobs.imports import MAX_IMPORT_BYTES
from positioning.jobs.tasks import FORMATS
from positioning.ui import ids, uploads
from positioning.ui import jobs as job_views
from positioning.ui.pages import HIDDEN, labelled_by, row_button
from positioning.ui.said import Message, shown

#: Texts of the panel that follow the language switch.
LABEL_KEYS = (
    "jobs_title",
    "jobs_hint",
    "jobs_which",
    "jobs_format",
    "jobs_start",
    "jobs_recent",
    "jobs_import",
    "jobs_import_hint",
)
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
            _import_upload(),
            html.Div(id=ids.JOBS_MESSAGE, role="status"),
            html.H4(_label("jobs_recent")),
            html.Div(id=ids.JOBS_LIST, className="jobs-list"),
            dcc.Interval(id=ids.JOBS_TICK, interval=POLL_MS, disabled=True),
            dcc.Store(id=ids.JOBS_ACTION),
            dcc.Store(id=ids.JOBS_IMPORTED, data=[]),
        ],
    )


def _import_upload() -> html.Div:
    """A zip of canvas files dropped here is imported in the background."""
    limit: dict[str, Any] = {"data-upload-limit": str(MAX_IMPORT_BYTES)}  # the one guards.js checks
    return html.Div(
        dcc.Upload(
            id=ids.JOBS_UPLOAD,
            children=html.Div(
                [
                    html.Span("⇪ ", className="icon", **HIDDEN),
                    _label("jobs_import"),
                    html.Span(" · ", **HIDDEN),
                    html.Span(_label("jobs_import_hint"), className="muted"),
                ]
            ),
            className="upload jobs-upload",
            max_size=MAX_IMPORT_BYTES,
            accept=uploads.accept(ids.JOBS_UPLOAD),
        ),
        className="upload-box jobs-upload",
        **labelled_by(ids.label("jobs_import")),
        **limit,
    )


def format_options(language: str) -> list[dict[str, str]]:
    return [{"label": t(language, f"jobs_as_{kind}"), "value": kind} for kind in FORMATS]


def jobs_list(rows: Sequence[job_views.JobView], language: str) -> Any:
    """The jobs, newest first: what, state, a progress bar, and its button or link."""
    if not rows:
        return html.P(t(language, "jobs_none"), className="muted")
    return html.Ul([_row(row, language) for row in rows], className="jobs-rows")


def _row(row: job_views.JobView, language: str) -> html.Li:
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
            html.P(row.note, className="job-note") if row.note else None,
            html.Div(_buttons(row, language), className="row-buttons"),
        ],
    )


def _buttons(row: job_views.JobView, language: str) -> list[Any]:
    if row.active:
        return [row_button(ids.JOBS_ACTION, "cancel", row.id, t(language, "job_cancel"), "danger", of=row.what)]
    name = t(language, "job_report" if row.kind == "import" else "job_download")
    named: dict[str, Any] = {"aria-label": f"{name}: {row.what}"}
    download = html.A(name, href=row.result, className="button small primary", download="", **named)
    remove = row_button(ids.JOBS_ACTION, "remove", row.id, t(language, "job_remove"), of=row.what)
    return [download, remove] if row.result else [remove]


def message_box(message: Message | None) -> Any:
    """What the panel says after an action (left as it is when there is nothing to say)."""
    if message is None:
        return dash.no_update
    kind, heading, _ = message
    return html.Div(shown(heading), className=f"alert alert-{kind}")
