"""The workshop: start one for the page's canvas, follow who has joined and how far, and close it
(its scores become the canvas's panel, saved as a version)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import dash
import flask
from dash import Input, Output, State

from positioning.core.analysis import analyse
from positioning.http.auth import current_user
from positioning.i18n.wording import panel_summary
from positioning.store.db import Database
from positioning.store.repository import NotFound, Repository
from positioning.store.workshops import Workshops
from positioning.ui import edits, ids, inputs, pages
from positioning.ui.callbacks.canvas import (
    CANVAS_OUTPUTS,
    CONTROL_OUTPUTS,
    CanvasChange,
    change_of,
    read_only_refusal,
    saved_edit,
)
from positioning.ui.callbacks.wiring import typed_callback
from positioning.ui.controller import Sources


@dataclass(frozen=True)
class WorkshopPanel:
    """The panel: its content, the open workshop's token, and which of its controls show."""

    status: Any
    token: str | None
    close_hidden: bool
    tick_disabled: bool
    start_hidden: bool


def workshop_panel(
    repository: Repository, trigger: object, start: object, canvas_id: object, data: object, base: str, language: str
) -> WorkshopPanel:
    """The workshop panel after a start, a tick or the page's canvas changing."""
    page_id = inputs.text(canvas_id)
    if page_id is None:
        return _panel(None, None)
    workshops = Workshops(repository)
    try:
        if trigger == ids.WORKSHOP_START and inputs.clicks(start) and not workshops.open(page_id):
            workshops.start(page_id)
        opened = workshops.open(page_id)
        status = workshops.status(page_id, opened[-1].token) if opened else None
    except NotFound:
        return _panel(None, None)
    summary = _panel_so_far(data, status.raters, language) if status else ""
    token = status.workshop.token if status else None
    return _panel(pages.workshop_status(status, base, language, summary), token)


def _panel(content: Any, token: str | None) -> WorkshopPanel:
    idle = token is None
    return WorkshopPanel(content, token, close_hidden=idle, tick_disabled=idle, start_hidden=not idle)


def _panel_so_far(data: object, raters: Sequence[Mapping[str, Any]], language: str) -> str:
    """The agreement of the scores so far, in words (empty until two raters agree on something to compare)."""
    if len(raters) < 2 or not isinstance(data, dict):
        return ""
    outcome = edits.set_panel(data, raters)
    panel = analyse(edits.read(outcome.data)).panel if outcome.ok else None
    return panel_summary(panel, language) if panel else ""


def closed_workshop(repository: Repository, values: Mapping[str, Any]) -> list[dict[str, Any]] | None:
    """The page's open workshop closed, and its scores as panel raters (None when nothing was clicked or found)."""
    page_id, token = inputs.text(values.get("canvas_id")), inputs.text(values.get("workshop_token"))
    if not inputs.clicks(values.get("workshop_close")) or page_id is None or token is None:
        return None
    try:
        return list(Workshops(repository).close(page_id, token).raters)
    except NotFound:
        return None


def closed(repository: Repository, values: Mapping[str, Any], sources: Sources) -> CanvasChange:
    """The workshop closed and its scores saved as the canvas's panel (the editor then sets its
    controls to the canvas)."""
    data = values.get("data")
    refused = read_only_refusal(CanvasChange, values.get("pathname"), data)
    if refused is not None:
        return refused
    raters = closed_workshop(repository, values)
    saved = saved_edit(repository, ids.WORKSHOP_CLOSE, {**values, "workshop_panel": raters}, sources)
    # the controls: the editor sets them once the canvas is on the page
    return change_of(CanvasChange, saved, dropped=CONTROL_OUTPUTS)


def register(app: dash.Dash, *, database: Database, sources: Sources) -> None:
    """The workshop panel, and closing the workshop."""

    @typed_callback(
        app,
        WorkshopPanel,
        {
            "status": Output(ids.WORKSHOP_STATUS, "children"),
            "token": Output(ids.WORKSHOP_TOKEN, "data"),
            "close_hidden": Output(ids.WORKSHOP_CLOSE, "hidden"),
            "tick_disabled": Output(ids.WORKSHOP_TICK, "disabled"),
            "start_hidden": Output(ids.WORKSHOP_START, "hidden"),
        },
        inputs={
            "start": Input(ids.WORKSHOP_START, "n_clicks"),
            "tick": Input(ids.WORKSHOP_TICK, "n_intervals"),
            "canvas_id": Input(ids.CANVAS_ID, "data"),
            "version": Input(ids.VERSION, "data"),
            "language": Input(ids.LANGUAGE, "value"),
        },
        state={"data": State(ids.STORE, "data")},
    )
    def workshop(start: Any, tick: Any, canvas_id: Any, version: Any, language: Any, data: Any) -> WorkshopPanel:
        words = inputs.language(language) or "en"
        base = flask.request.host_url.rstrip("/")
        repository = Repository(database, current_user())
        return workshop_panel(repository, dash.ctx.triggered_id, start, canvas_id, data, base, words)

    @typed_callback(
        app,
        CanvasChange,
        CANVAS_OUTPUTS,
        inputs={"workshop_close": Input(ids.WORKSHOP_CLOSE, "n_clicks")},
        state={
            "data": State(ids.STORE, "data"),
            "shown": State(ids.SHOWN, "value"),
            "canvas_id": State(ids.CANVAS_ID, "data"),
            "version": State(ids.VERSION, "data"),
            "workshop_token": State(ids.WORKSHOP_TOKEN, "data"),
            "undo_stacks": State(ids.UNDO_STACKS, "data"),
            "language": State(ids.LANGUAGE, "value"),
            "pathname": State(ids.URL, "pathname"),
        },
        prevent_initial_call=True,
    )
    def close_workshop(**values: Any) -> CanvasChange:
        return closed(Repository(database, current_user()), values, sources)
