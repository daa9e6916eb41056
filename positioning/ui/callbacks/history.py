"""Undo, redo, a restored version, "Save mine" and "Apply mine on top of theirs" (each saved as a new
version), and the History tab: the versions, and the difference between two of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import dash
from dash import Input, Output, State

from positioning.http.auth import current_user
from positioning.store.db import Database
from positioning.store.repository import NotFound, Repository
from positioning.ui import history, ids, inputs, pages, workspace
from positioning.ui.callbacks.canvas import CANVAS_OUTPUTS, CanvasChange, change_of, read_only_refusal
from positioning.ui.callbacks.wiring import KEEP, given, typed_callback


def stepped(repository: Repository, trigger: object, values: Mapping[str, Any]) -> CanvasChange:
    """Undo or redo one step, a version restored, or the page's canvas saved as the latest ("Save
    mine"); the editor then sets its controls to the canvas, and the page's message is cleared."""
    refused = read_only_refusal(CanvasChange, values.get("pathname"), values.get("data"))
    if refused is not None:
        return refused
    language = inputs.language(values.get("language")) or "en"
    page = {"canvas_id": values.get("canvas_id"), "version": values.get("version")}
    stacks = values.get("undo_stacks")
    if trigger == ids.SAVE_MINE:
        if not inputs.clicks(values.get("save_mine")):
            return CanvasChange()
        mine = workspace.save_mine(
            repository, values.get("data"), canvas_id=page["canvas_id"], language=language, stacks=stacks
        )
        saved = mine.get("conflict") is False  # the conflict's message (both changes) is done with
        return change_of(CanvasChange, {**mine, "message": None} if saved else mine)
    if trigger == ids.MERGE_MINE:
        if not inputs.clicks(values.get("merge_mine")):
            return CanvasChange()
        both = workspace.merge_mine(repository, values.get("data"), **page, language=language, stacks=stacks)
        return change_of(CanvasChange, both)
    if trigger in (ids.UNDO, ids.REDO):
        redo = trigger == ids.REDO
        if not inputs.clicks(values.get("redo" if redo else "undo")):
            return CanvasChange()
        out = history.step(repository, stacks, **page, redo=redo, language=language)
    else:
        request = values.get("restore")
        if not isinstance(request, dict) or request.get("action") != "restore":
            return CanvasChange()
        out = history.restored(repository, stacks, **page, number=request.get("value"), language=language)
    return change_of(CanvasChange, {"message": None, **out} if isinstance(out.get("data"), dict) else out)


_STEP_INPUTS = {
    "undo": Input(ids.UNDO, "n_clicks"),
    "redo": Input(ids.REDO, "n_clicks"),
    "restore": Input(ids.RESTORE_REQUEST, "data"),
    "save_mine": Input(ids.SAVE_MINE, "n_clicks"),
    "merge_mine": Input(ids.MERGE_MINE, "n_clicks"),
}
_STEP_STATE = {
    "data": State(ids.STORE, "data"),
    "undo_stacks": State(ids.UNDO_STACKS, "data"),
    "canvas_id": State(ids.CANVAS_ID, "data"),
    "version": State(ids.VERSION, "data"),
    "language": State(ids.LANGUAGE, "value"),
    "pathname": State(ids.URL, "pathname"),
}


@dataclass(frozen=True)
class HistoryList:
    """The History tab: the versions, and the two version pickers."""

    rows: Any = KEEP
    from_options: Any = KEEP
    from_value: Any = KEEP
    to_options: Any = KEEP
    to_value: Any = KEEP


def history_view(repository: Repository, canvas_id: str, language: str) -> HistoryList | None:
    """The History tab of ``canvas_id`` (None: the canvas is gone)."""
    try:
        versions = repository.versions(canvas_id)
    except NotFound:
        return None
    rows = history.version_rows(versions, now=datetime.now(timezone.utc), language=language)
    options, old, new = history.diff_choices(versions, language)
    return HistoryList(pages.version_table(rows, language), options, old, options, new)


@dataclass(frozen=True)
class HistoryDiff:
    diff: Any


def register(app: dash.Dash, *, database: Database) -> None:
    """Undo, redo, restore and "Save mine"; the History tab's list and its difference."""

    @typed_callback(
        app,
        CanvasChange,
        CANVAS_OUTPUTS,
        inputs=_STEP_INPUTS,
        state=_STEP_STATE,
        prevent_initial_call=True,
    )
    def step(**values: Any) -> CanvasChange:
        return stepped(Repository(database, current_user()), dash.ctx.triggered_id, values)

    @typed_callback(
        app,
        HistoryList,
        {
            "rows": Output(ids.HISTORY_LIST, "children"),
            "from_options": Output(ids.HISTORY_FROM, "options"),
            "from_value": Output(ids.HISTORY_FROM, "value"),
            "to_options": Output(ids.HISTORY_TO, "options"),
            "to_value": Output(ids.HISTORY_TO, "value"),
        },
        inputs={
            "version": Input(ids.VERSION, "data"),
            "tab": Input(ids.TABS, "value"),
            "language": Input(ids.LANGUAGE, "value"),
        },
        state={"canvas_id": State(ids.CANVAS_ID, "data")},
    )
    def history_list(version: Any, tab: Any, language: Any, canvas_id: Any) -> HistoryList:
        words, page_id = inputs.language(language), inputs.text(canvas_id)
        if tab != ids.TAB_HISTORY or words is None or page_id is None:
            return given(None)
        return given(history_view(Repository(database, current_user()), page_id, words))

    @typed_callback(
        app,
        HistoryDiff,
        {"diff": Output(ids.HISTORY_DIFF, "children")},
        inputs={"old": Input(ids.HISTORY_FROM, "value"), "new": Input(ids.HISTORY_TO, "value")},
        state={"canvas_id": State(ids.CANVAS_ID, "data"), "language": State(ids.LANGUAGE, "value")},
        prevent_initial_call=True,
    )
    def history_diff(old: Any, new: Any, canvas_id: Any, language: Any) -> HistoryDiff:
        words = given(inputs.language(language))
        repository = Repository(database, current_user())
        return HistoryDiff(pages.diff_view(history.compared(repository, canvas_id, old, new, words)))
