"""The editor's canvas: which canvas the page holds (opened from its address, the "My canvases"
picker, the latest version, or made new from an example, a file or the blank canvas) and every edit
of it (the side panel's controls, the Data tab's fields, grids and buttons), each saved as a version.

Two callbacks: :func:`opened_canvas` writes the canvas and the page's state around it; the editor's
:func:`edited` applies the controls' edits, and sets the controls to the canvas whenever another
callback replaced it (opening, undo, redo, a restored version, a workshop's scores): the controls are
written by the one callback that reads them, so setting them never fires an edit. Both return a
typed result (:class:`OpenedCanvas`, :class:`EditorChange`); :func:`change_of` makes one from what the
plain functions of :mod:`~positioning.ui.workspace`, :mod:`~positioning.ui.history` and
:mod:`~positioning.ui.controller` return, and refuses a name it has no output for."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import dash
from dash import Input, Output, State

from positioning.core.model import CRITERIA
from positioning.http.auth import current_user
from positioning.store.db import Database
from positioning.store.repository import Repository
from positioning.ui import edits, history, ids, inputs, panel_edits, workspace
from positioning.ui.callbacks.wiring import KEEP, message_view, typed_callback
from positioning.ui.controller import MESSAGE_AREAS, OPENS, Sources, on_edit, synced
from positioning.ui.said import shown


@dataclass(frozen=True)
class CanvasChange:
    """The canvas on the page and its state: what every callback that changes the canvas writes."""

    data: Any = KEEP
    canvas_id: Any = KEEP
    version: Any = KEEP
    status: Any = KEEP
    undo_stacks: Any = KEEP
    undo_disabled: Any = KEEP
    redo_disabled: Any = KEEP
    save_mine_hidden: Any = KEEP
    load_latest_hidden: Any = KEEP
    merge_hidden: Any = KEEP
    editor_class: Any = KEEP
    message: Any = KEEP
    settings_message: Any = KEEP
    factor_message: Any = KEEP
    player_message: Any = KEEP
    segment_message: Any = KEEP
    annotation_message: Any = KEEP


@dataclass(frozen=True)
class OpenedCanvas(CanvasChange):
    """A canvas opened (or made): also the address, the pickers and the upload."""

    pathname: Any = KEEP
    canvases: Any = KEEP
    canvas_pick: Any = KEEP
    example: Any = KEEP
    upload: Any = KEEP


@dataclass(frozen=True)
class EditorChange(CanvasChange):
    """An edit: also the controls that mirror the canvas, and the grid rows put back after a refused
    cell edit."""

    weights: Any = KEEP
    weight_numbers: Any = KEEP
    weight_shares: Any = KEEP
    settings: Any = KEEP
    top: Any = KEEP
    top_text: Any = KEEP
    top_max: Any = KEEP
    subject: Any = KEEP
    subject_options: Any = KEEP
    shown: Any = KEEP
    shown_options: Any = KEEP
    factor_revert: Any = KEEP
    player_revert: Any = KEEP
    segment_revert: Any = KEEP
    panel_confirm: Any = KEEP
    panel_confirm_shown: Any = KEEP
    panel_pending: Any = KEEP


def _out(component: str, prop: str) -> Output:
    return Output(component, prop, allow_duplicate=True)


CANVAS_OUTPUTS: dict[str, Any] = {
    "data": _out(ids.STORE, "data"),
    "canvas_id": _out(ids.CANVAS_ID, "data"),
    "version": _out(ids.VERSION, "data"),
    "status": _out(ids.SAVE_STATUS, "children"),
    "undo_stacks": _out(ids.UNDO_STACKS, "data"),
    "undo_disabled": _out(ids.UNDO, "disabled"),
    "redo_disabled": _out(ids.REDO, "disabled"),
    "save_mine_hidden": _out(ids.SAVE_MINE, "hidden"),
    "load_latest_hidden": _out(ids.LOAD_LATEST, "hidden"),
    "merge_hidden": _out(ids.MERGE_MINE, "hidden"),
    "editor_class": _out(ids.EDITOR_PAGE, "className"),
    "message": _out(ids.MESSAGE, "children"),
    "settings_message": _out(ids.SETTINGS_MESSAGE, "children"),
    "factor_message": _out(ids.FACTOR_MESSAGE, "children"),
    "player_message": _out(ids.PLAYER_MESSAGE, "children"),
    "segment_message": _out(ids.SEGMENT_MESSAGE, "children"),
    "annotation_message": _out(ids.ANNOTATION_MESSAGE, "children"),
}
OPENED_OUTPUTS: dict[str, Any] = {
    **CANVAS_OUTPUTS,
    "pathname": _out(ids.URL, "pathname"),
    "canvases": _out(ids.CANVAS_PICKER, "options"),
    "canvas_pick": _out(ids.CANVAS_PICKER, "value"),
    "example": _out(ids.EXAMPLE, "value"),
    "upload": _out(ids.UPLOAD, "contents"),
}
#: The controls that mirror the canvas (as :func:`controller.synced` names them): only the editor writes them.
CONTROL_OUTPUTS: dict[str, Any] = {
    "weights": {c: _out(ids.WEIGHTS[c], "value") for c in CRITERIA},
    "weight_numbers": {c: _out(ids.WEIGHT_NUMBERS[c], "value") for c in CRITERIA},
    "weight_shares": {c: _out(ids.WEIGHT_SHARES[c], "children") for c in CRITERIA},
    "settings": {f: _out(ids.SETTINGS[f], "value") for f in ids.SETTING_FIELDS},
    "top": _out(ids.TOP, "value"),
    "top_text": _out(ids.TOP_TEXT, "children"),
    "top_max": _out(ids.TOP, "max"),
    "subject": _out(ids.SUBJECT, "value"),
    "subject_options": _out(ids.SUBJECT, "options"),
    "shown": _out(ids.SHOWN, "value"),
    "shown_options": _out(ids.SHOWN, "options"),
}
EDITOR_OUTPUTS: dict[str, Any] = {
    **CANVAS_OUTPUTS,
    **CONTROL_OUTPUTS,
    "factor_revert": _out(ids.FACTOR_GRID, "rowTransaction"),
    "player_revert": _out(ids.PLAYER_GRID, "rowTransaction"),
    "segment_revert": _out(ids.SEGMENT_GRID, "rowTransaction"),
    "panel_confirm": _out(ids.PANEL_SCORE_CONFIRM, "message"),
    "panel_confirm_shown": _out(ids.PANEL_SCORE_CONFIRM, "displayed"),
    "panel_pending": _out(ids.PANEL_SCORE_PENDING, "data"),
}

C = TypeVar("C", bound=CanvasChange)


def change_of(result: type[C], out: Mapping[str, Any], *, dropped: Collection[str] = ()) -> C:
    """``result`` from the outputs a plain function named (the rest left as they are): ``conflict``
    shows or hides "Save mine" and "Load latest", ``read_only`` marks the editor, messages and the
    status become what the page shows. Names in ``dropped`` are left out on purpose; any other name
    without a field is a TypeError. ``mergeable`` (with a conflict) shows "Apply mine on top of theirs"."""
    values = {name: value for name, value in out.items() if name not in dropped}
    mergeable = values.pop("mergeable", False)
    if "conflict" in values:
        conflict = values.pop("conflict")
        values["save_mine_hidden"] = values["load_latest_hidden"] = not conflict
        values["merge_hidden"] = not (conflict and mergeable)  # mine on top of theirs, when they can be
    if "read_only" in values:
        values["editor_class"] = editor_class(bool(values.pop("read_only")))
    for area in MESSAGE_AREAS:
        if area in values:
            values[area] = message_view(values[area])
    if "status" in values:
        values["status"] = shown(values["status"])
    return result(**values)


def editor_class(read_only: bool) -> str:
    """The editor section's class: a shared canvas is read-only (no control that would change it)."""
    return "editor read-only" if read_only else "editor"


def read_only_refusal(result: type[C], pathname: object, data: object) -> C | None:
    """On a shared (read-only) page, any change refused and the canvas shown as it is; None on
    another page. The address is never an authority to write."""
    if workspace.share_token_of(pathname) is None:
        return None
    return change_of(result, workspace.refused_read_only(data))


# --- opening a canvas -------------------------------------------------------------------


def opened_canvas(repository: Repository, trigger: object, values: Mapping[str, Any], sources: Sources) -> OpenedCanvas:
    """The canvas of the page's address (on a page load or a new address), the one picked, the latest
    version (after a confirm), or a new canvas from an example, a file or the blank canvas. The
    controls are left to the editor, which sets them to the new canvas."""
    language = inputs.language(values.get("language")) or "en"
    token = workspace.share_token_of(values.get("pathname"))
    if token is not None:
        if trigger in (None, ids.URL):
            shared = workspace.opened_shared(repository.database, token, hidden=values.get("hidden"))
            return change_of(OpenedCanvas, shared, dropped=CONTROL_OUTPUTS)
        return change_of(OpenedCanvas, workspace.refused_read_only(values.get("data")))
    if trigger in (None, ids.URL):
        return _page_canvas(repository, values, values.get("pathname"))
    if trigger == ids.CANVAS_PICKER:
        pick = inputs.text(values.get("canvas_pick"))
        return _page_canvas(repository, values, f"/c/{pick}") if pick else OpenedCanvas()
    if trigger == ids.LOAD_LATEST_CONFIRM:
        page_id = inputs.text(values.get("canvas_id"))
        if not inputs.clicks(values.get("load_latest")) or page_id is None:
            return OpenedCanvas()
        return _page_canvas(repository, values, f"/c/{page_id}")
    return _new_canvas(repository, trigger, values, sources, language)


def _page_canvas(repository: Repository, values: Mapping[str, Any], path: object) -> OpenedCanvas:
    """The canvas at ``path``, with this tab's undo and redo."""
    out = workspace.opened(repository, path, hidden=values.get("hidden"))
    if out.get("canvas_id"):
        out.update(history.buttons(values.get("undo_stacks"), out["canvas_id"]))
    return change_of(OpenedCanvas, out, dropped=CONTROL_OUTPUTS)


def _new_canvas(
    repository: Repository, trigger: object, values: Mapping[str, Any], sources: Sources, language: str
) -> OpenedCanvas:
    """A new canvas from an example, a file or the blank canvas (the one on the page is left alone)."""
    if trigger not in OPENS:
        return OpenedCanvas()
    data = values.get("data")
    out = on_edit(str(trigger), values, data, language=values.get("language"), **vars(sources))
    saved = workspace.persisted(
        repository,
        out,
        canvas_id=None,
        version=None,
        before=data,
        language=language,
        new_canvas=True,
        stacks=values.get("undo_stacks"),
    )
    return change_of(OpenedCanvas, saved, dropped=CONTROL_OUTPUTS)


# --- the editor's edits ------------------------------------------------------------------


def edited(repository: Repository, trigger: object, values: Mapping[str, Any], sources: Sources) -> EditorChange:
    """The controls set to a canvas another callback put on the page, or an edit applied by
    :func:`on_edit` and saved to the workspace. A shared (read-only) page refuses every edit."""
    data = values.get("data")
    if trigger == ids.STORE:
        return controls_of(data, values.get("hidden"))
    refused = read_only_refusal(EditorChange, values.get("pathname"), data)
    if refused is not None:
        return refused
    if trigger == ids.FACTOR_GRID:
        asked = panel_edits.question(data, values.get("factor_cells"), inputs.language(values.get("language")) or "en")
        if asked is not None:  # the cells go back until the dialog is confirmed
            cells = values.get("factor_cells")
            return EditorChange(
                factor_revert=asked.revert, panel_confirm=asked.message, panel_confirm_shown=True, panel_pending=cells
            )
    if trigger == ids.PANEL_SCORE_CONFIRM:
        return _confirmed(repository, values, sources)
    return change_of(EditorChange, saved_edit(repository, str(trigger), values, sources))


def _confirmed(repository: Repository, values: Mapping[str, Any], sources: Sources) -> EditorChange:
    """The score edit held for the confirm dialog, applied as the grid's edit it was (checked as one)."""
    pending = values.get("panel_pending")
    if not inputs.clicks(values.get("panel_confirm")) or not isinstance(pending, list):
        return EditorChange()
    saved = saved_edit(repository, ids.FACTOR_GRID, {**values, "factor_cells": pending}, sources)
    return change_of(EditorChange, {**saved, "panel_pending": None})


def saved_edit(repository: Repository, trigger: str, values: Mapping[str, Any], sources: Sources) -> dict[str, Any]:
    """The edit of ``trigger`` applied to the page's canvas (:func:`on_edit`) and saved as its next version
    (:func:`workspace.persisted`): the outputs both name."""
    data, language = values.get("data"), values.get("language")
    out = on_edit(trigger, values, data, language=language, **vars(sources))
    return workspace.persisted(
        repository,
        out,
        canvas_id=values.get("canvas_id"),
        version=values.get("version"),
        before=data,
        language=inputs.language(language) or "en",
        stacks=values.get("undo_stacks"),
    )


def controls_of(data: object, hidden: object) -> EditorChange:
    """The controls that mirror the canvas ``data`` (the competitors in ``hidden`` unticked); none
    changed when ``data`` is no canvas (the list page)."""
    checked = edits.validated(data) if isinstance(data, dict) else None
    if checked is None or checked.data is None:
        return EditorChange()
    return change_of(EditorChange, synced(checked.data, inputs.names(hidden) or []))


def register(app: dash.Dash, *, database: Database, sources: Sources) -> None:
    """The callbacks of the editor's canvas: opening one, and editing it."""

    @typed_callback(
        app,
        OpenedCanvas,
        OPENED_OUTPUTS,
        inputs={
            "pathname": Input(ids.URL, "pathname"),
            "canvas_pick": Input(ids.CANVAS_PICKER, "value"),
            "load_latest": Input(ids.LOAD_LATEST_CONFIRM, "submit_n_clicks"),
            "example": Input(ids.EXAMPLE, "value"),
            "upload": Input(ids.UPLOAD, "contents"),
            "blank": Input(ids.BLANK, "n_clicks"),
        },
        state={
            "upload_name": State(ids.UPLOAD, "filename"),
            "shown": State(ids.SHOWN, "value"),
            "hidden": State(ids.HIDDEN_STORE, "data"),
            "undo_stacks": State(ids.UNDO_STACKS, "data"),
            "data": State(ids.STORE, "data"),
            "language": State(ids.LANGUAGE, "value"),
            "canvas_id": State(ids.CANVAS_ID, "data"),
        },
        prevent_initial_call="initial_duplicate",
    )
    def open_canvas(**values: Any) -> OpenedCanvas:
        repository = Repository(database, current_user())
        return opened_canvas(repository, dash.ctx.triggered_id, values, sources)

    @typed_callback(
        app, EditorChange, EDITOR_OUTPUTS, inputs=_EDIT_INPUTS, state=_EDIT_STATE, prevent_initial_call=True
    )
    def edit(**values: Any) -> EditorChange:
        return edited(Repository(database, current_user()), dash.ctx.triggered_id, values, sources)


#: Everything that edits the canvas, by the names the controller's handlers read; and the canvas itself.
_EDIT_INPUTS: dict[str, Any] = {
    "data": Input(ids.STORE, "data"),
    "weights": {c: Input(ids.WEIGHTS[c], "value") for c in CRITERIA},
    "weight_numbers": {c: Input(ids.WEIGHT_NUMBERS[c], "value") for c in CRITERIA},
    "settings": {f: Input(ids.SETTINGS[f], "value") for f in ids.SETTING_FIELDS},
    "top": Input(ids.TOP, "value"),
    "subject": Input(ids.SUBJECT, "value"),
    "factor_cells": Input(ids.FACTOR_GRID, "cellValueChanged"),
    "add_factor": Input(ids.ADD_FACTOR, "n_clicks"),
    "remove_factor": Input(ids.REMOVE_FACTOR, "n_clicks"),
    "factor_up": Input(ids.FACTOR_UP, "n_clicks"),
    "factor_down": Input(ids.FACTOR_DOWN, "n_clicks"),
    "player_cells": Input(ids.PLAYER_GRID, "cellValueChanged"),
    "add_player": Input(ids.ADD_PLAYER, "n_clicks"),
    "remove_player": Input(ids.REMOVE_PLAYER, "n_clicks"),
    "player_up": Input(ids.PLAYER_UP, "n_clicks"),
    "player_down": Input(ids.PLAYER_DOWN, "n_clicks"),
    "segment_cells": Input(ids.SEGMENT_GRID, "cellValueChanged"),
    "add_segment": Input(ids.ADD_SEGMENT, "n_clicks"),
    "remove_segment": Input(ids.REMOVE_SEGMENT, "n_clicks"),
    "panel_confirm": Input(ids.PANEL_SCORE_CONFIRM, "submit_n_clicks"),
    "annotation_save": Input(ids.ANNOTATION_SAVE, "n_clicks"),
    "annotation_delete": Input(ids.ANNOTATION_DELETE, "n_clicks"),
}
_EDIT_STATE: dict[str, Any] = {
    "selected_factor": State(ids.FACTOR_GRID, "selectedRows"),
    "selected_player": State(ids.PLAYER_GRID, "selectedRows"),
    "selected_segment": State(ids.SEGMENT_GRID, "selectedRows"),
    "shown": State(ids.SHOWN, "value"),
    "hidden": State(ids.HIDDEN_STORE, "data"),
    "undo_stacks": State(ids.UNDO_STACKS, "data"),
    "language": State(ids.LANGUAGE, "value"),
    "canvas_id": State(ids.CANVAS_ID, "data"),
    "version": State(ids.VERSION, "data"),
    "pathname": State(ids.URL, "pathname"),
    "panel_pending": State(ids.PANEL_SCORE_PENDING, "data"),
    "annotation_factor": State(ids.ANNOTATION_FACTOR, "value"),
    "annotation_player": State(ids.ANNOTATION_PLAYER, "value"),
    "annotation_text": State(ids.ANNOTATION_TEXT, "value"),
}
