"""The workshop: start one for the page's canvas, follow who has joined and how far, see what using
its scores would change (factor by factor, as History says it), and close it: its scores become the
canvas's panel, saved as a version, or it is closed without using them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import dash
import flask
from dash import Input, Output, State

from positioning.core.analysis import analyse
from positioning.core.messages import Names, counted
from positioning.http.auth import current_user
from positioning.http.workshop import workshop_link
from positioning.i18n.wording import every, panel_summary
from positioning.store.db import Database
from positioning.store.repository import NotFound, Repository
from positioning.store.workshops import Status, Workshops
from positioning.ui import edits, history, ids, inputs, pages, projector
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
    #: The projector view's content (the same status, for the room).
    projector: Any
    token: str | None
    close_hidden: bool
    discard_hidden: bool
    tick_disabled: bool
    start_hidden: bool


def workshop_panel(repository: Repository, trigger: object, values: Mapping[str, Any], base: str) -> WorkshopPanel:
    """The workshop panel after a start, a close without using the scores, a tick or the page's canvas
    changing."""
    page_id, language = inputs.text(values.get("canvas_id")), inputs.language(values.get("language")) or "en"
    if page_id is None:
        return _panel(None, None, None)
    workshops = Workshops(repository)
    discarded = False
    try:
        if trigger == ids.WORKSHOP_START and inputs.clicks(values.get("start")) and not workshops.open(page_id):
            workshops.start(page_id)
        token = inputs.text(values.get("token"))
        if trigger == ids.WORKSHOP_DISCARD and inputs.clicks(values.get("discard")) and token is not None:
            discarded = workshops.close(page_id, token).workshop.closed is not None
        opened = workshops.open(page_id)
        status = workshops.status(page_id, opened[-1].token) if opened else None
    except NotFound:
        return _panel(None, None, None)
    preview = _preview(values.get("data"), status, language) if status else Preview()
    token = status.workshop.token if status else None
    shown = pages.workshop_status(status, base, language, preview.summary, preview.lines, discarded=discarded)
    link = workshop_link(base, token) if token else ""
    return _panel(shown, projector.content(status, link, _title(values.get("data")), language), token)


def _title(data: object) -> str:
    """The page's canvas's title (shown as text)."""
    title = data.get("title") if isinstance(data, dict) else None
    return title if isinstance(title, str) else ""


def _panel(content: Any, room: Any, token: str | None) -> WorkshopPanel:
    idle = token is None
    return WorkshopPanel(
        content, room, token, close_hidden=idle, discard_hidden=idle, tick_disabled=idle, start_hidden=not idle
    )


@dataclass(frozen=True)
class Preview:
    """What using the scores so far would do: the agreement in words (empty until two raters agree on
    something to compare), and the changes to the canvas, a line each as History says them."""

    summary: str = ""
    lines: tuple[str, ...] = ()


def _preview(data: object, status: Status, language: str) -> Preview:
    current = edits.validated(data) if status.raters and isinstance(data, dict) else None
    outcome = edits.set_panel(current.data, status.raters) if current and current.data else None
    if current is None or current.data is None or outcome is None or outcome.data is None:
        return Preview(lines=_dropped_lines(status, language))
    panel = analyse(edits.read(outcome.data)).panel if len(status.raters) >= 2 else None
    lines = history.changes_between(current.data, outcome.data, language)
    return Preview(panel_summary(panel, language) if panel else "", (*lines, *_dropped_lines(status, language)))


def _dropped_lines(status: Status, language: str) -> tuple[str, ...]:
    """The factors scored in the workshop that the canvas no longer has, said (their scores are left out)."""
    if not status.dropped:
        return ()
    names = Names(status.dropped, quoted=True, conjunction=True)
    return (every(counted("workshop_dropped", len(status.dropped), names=names))[language],)


def closed_workshop(repository: Repository, values: Mapping[str, Any]) -> Status | None:
    """The page's open workshop closed, with its scores as panel raters (None when nothing was clicked or
    found)."""
    page_id, token = inputs.text(values.get("canvas_id")), inputs.text(values.get("workshop_token"))
    if not inputs.clicks(values.get("workshop_close")) or page_id is None or token is None:
        return None
    try:
        return Workshops(repository).close(page_id, token)
    except NotFound:
        return None


def closed(repository: Repository, values: Mapping[str, Any], sources: Sources) -> CanvasChange:
    """The workshop closed and its scores saved as the canvas's panel (the editor then sets its
    controls to the canvas)."""
    data = values.get("data")
    refused = read_only_refusal(CanvasChange, values.get("pathname"), data)
    if refused is not None:
        return refused
    status = closed_workshop(repository, values)
    raters = list(status.raters) if status else None
    saved = saved_edit(repository, ids.WORKSHOP_CLOSE, {**values, "workshop_panel": raters}, sources)
    if status and isinstance(saved.get("data"), dict) and not saved.get("conflict"):
        saved = {**saved, "message": _used(status)}
    # the controls: the editor sets them once the canvas is on the page
    return change_of(CanvasChange, saved, dropped=CONTROL_OUTPUTS)


def _used(status: Status) -> tuple[str, dict[str, str], list[dict[str, str]]]:
    """The message after the scores were used: how many raters, and the factors whose scores were left out."""
    said = every(counted("workshop_used_raters", len(status.raters)))
    if not status.dropped:
        return ("ok", said, [])
    names = Names(status.dropped, quoted=True, conjunction=True)
    return ("ok", said, [every(counted("workshop_dropped", len(status.dropped), names=names))])


def register(app: dash.Dash, *, database: Database, sources: Sources) -> None:
    """The workshop panel, and closing the workshop."""

    @typed_callback(
        app,
        WorkshopPanel,
        {
            "status": Output(ids.WORKSHOP_STATUS, "children"),
            "projector": Output(ids.WORKSHOP_PROJECTOR_BODY, "children"),
            "token": Output(ids.WORKSHOP_TOKEN, "data"),
            "close_hidden": Output(ids.WORKSHOP_CLOSE, "hidden"),
            "discard_hidden": Output(ids.WORKSHOP_DISCARD, "hidden"),
            "tick_disabled": Output(ids.WORKSHOP_TICK, "disabled"),
            "start_hidden": Output(ids.WORKSHOP_START, "hidden"),
        },
        inputs={
            "start": Input(ids.WORKSHOP_START, "n_clicks"),
            "discard": Input(ids.WORKSHOP_DISCARD, "n_clicks"),
            "tick": Input(ids.WORKSHOP_TICK, "n_intervals"),
            "canvas_id": Input(ids.CANVAS_ID, "data"),
            "version": Input(ids.VERSION, "data"),
            "language": Input(ids.LANGUAGE, "value"),
        },
        state={"data": State(ids.STORE, "data"), "token": State(ids.WORKSHOP_TOKEN, "data")},
    )
    def workshop(**values: Any) -> WorkshopPanel:
        base = flask.request.url_root
        repository = Repository(database, current_user())
        return workshop_panel(repository, dash.ctx.triggered_id, values, base)

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
