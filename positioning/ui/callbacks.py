"""Every callback of the app, registered in one place. Each unpacks its
inputs, calls one plain function and returns."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import dash
from dash import ClientsideFunction, Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from ..auth import current_user
from ..export import PRESETS, ExportError, ExportRequestError, render
from ..figures import canvas_figure
from ..loader import CanvasError
from ..model import CRITERIA
from ..renderer import Renderer
from ..store.db import Database
from ..store.repository import Repository
from ..wording import t
from ..writer import dump_canvas
from . import edits, ids, inputs, layout, workspace
from .controller import OPENS, ViewRequest, on_edit, remembered_hidden, upload_refused, view_request
from .views import render as render_views

T = TypeVar("T")

#: The edit callback's outputs by the names :func:`controller.on_edit` returns.
_EDIT_OUTPUTS = {
    "data": Output(ids.STORE, "data"),
    "undo": Output(ids.UNDO_STORE, "data"),
    "undo_disabled": Output(ids.UNDO, "disabled"),
    "message": Output(ids.MESSAGE, "children"),
    "weights": {c: Output(ids.WEIGHTS[c], "value") for c in CRITERIA},
    "top": Output(ids.TOP, "value"),
    "top_max": Output(ids.TOP, "max"),
    "subject": Output(ids.SUBJECT, "value"),
    "subject_options": Output(ids.SUBJECT, "options"),
    "shown": Output(ids.SHOWN, "value"),
    "shown_options": Output(ids.SHOWN, "options"),
    "example": Output(ids.EXAMPLE, "value"),
    "upload": Output(ids.UPLOAD, "contents"),
    "factor_revert": Output(ids.FACTOR_GRID, "rowTransaction"),
    "player_revert": Output(ids.PLAYER_GRID, "rowTransaction"),
    "canvas_id": Output(ids.CANVAS_ID, "data"),
    "version": Output(ids.VERSION, "data"),
    "status": Output(ids.SAVE_STATUS, "children"),
    "save_mine_hidden": Output(ids.SAVE_MINE, "hidden"),
    "pathname": Output(ids.URL, "pathname"),
    "canvases": Output(ids.CANVAS_PICKER, "options"),
    "canvas_pick": Output(ids.CANVAS_PICKER, "value"),
    "read_only": Output(ids.ROOT, "className"),
}
#: Everything that fires an edit, by the names the controller's handlers read.
_EDIT_INPUTS = {
    "pathname": Input(ids.URL, "pathname"),
    "canvas_pick": Input(ids.CANVAS_PICKER, "value"),
    "save_mine": Input(ids.SAVE_MINE, "n_clicks"),
    "example": Input(ids.EXAMPLE, "value"),
    "upload": Input(ids.UPLOAD, "contents"),
    "template": Input(ids.TEMPLATE, "n_clicks"),
    "undo_button": Input(ids.UNDO, "n_clicks"),
    "weights": {c: Input(ids.WEIGHTS[c], "value") for c in CRITERIA},
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
}
_EDIT_STATE = {
    "upload_name": State(ids.UPLOAD, "filename"),
    "selected_factor": State(ids.FACTOR_GRID, "selectedRows"),
    "selected_player": State(ids.PLAYER_GRID, "selectedRows"),
    "shown": State(ids.SHOWN, "value"),
    "hidden": State(ids.HIDDEN_STORE, "data"),
    "undo": State(ids.UNDO_STORE, "data"),
    "data": State(ids.STORE, "data"),
    "language": State(ids.LANGUAGE, "value"),
    "canvas_id": State(ids.CANVAS_ID, "data"),
    "version": State(ids.VERSION, "data"),
}
_VIEW_OUTPUTS = {
    "figure": Output(ids.GRAPH, "figure"),
    "banner": Output(ids.BANNER, "children"),
    "ranking": Output(ids.RANKING, "children"),
    "diagnosis": Output(ids.DIAGNOSIS, "children"),
    "factor_rows": Output(ids.FACTOR_GRID, "rowData"),
    "factor_columns": Output(ids.FACTOR_GRID, "columnDefs"),
    "player_rows": Output(ids.PLAYER_GRID, "rowData"),
    "player_columns": Output(ids.PLAYER_GRID, "columnDefs"),
}
_TRANSLATED = {
    "labels": {key: Output(ids.label(key), "children") for key in layout.LABEL_KEYS},
    "buttons": {bid: Output(bid, "children") for bid in layout.BUTTON_LABELS},
    "tabs": {key: Output(tab_id, "label") for key, tab_id in ids.TAB_IDS.items()},
    "example": Output(ids.EXAMPLE, "placeholder"),
    "upload": Output(ids.UPLOAD, "children"),
    "order": Output(ids.ORDER, "options"),
    "preset": Output(ids.PRESET, "options"),
}
#: Put back by the browser to the stored canvas when a change could not reach the server.
_SAVED_CONTROLS = [*(ids.WEIGHTS[c] for c in CRITERIA), ids.TOP]


def register(
    app: dash.Dash,
    *,
    examples: dict[str, Path],
    template: Path,
    fallback: Path,
    renderer: Renderer,
    database: Database,
) -> None:
    """Attach the callbacks to ``app``. ``examples`` maps the example
    picker's values to bundled files; ``template`` is the blank canvas;
    ``fallback`` is the canvas a first start creates; ``renderer`` draws every
    user's downloads (the app owns and closes it); ``database`` holds the workspace."""
    sources = {"examples": examples, "template": template, "fallback": fallback}

    @app.callback(output=_EDIT_OUTPUTS, inputs=_EDIT_INPUTS, state=_EDIT_STATE)
    def edit(data: Any, language: Any, **values: Any) -> dict[str, Any]:
        repository = Repository(database, current_user())
        return edit_outputs(edited(repository, dash.ctx.triggered_id, data, language, values, sources))

    @app.callback(
        output=_VIEW_OUTPUTS,
        inputs={
            "data": Input(ids.STORE, "data"),
            "shown": Input(ids.SHOWN, "value"),
            "order": Input(ids.ORDER, "value"),
            "language": Input(ids.LANGUAGE, "value"),
        },
    )
    def show(data: Any, shown: Any, order: Any, language: Any) -> dict[str, Any]:
        # An unreadable saved canvas is left to the edit callback, which replaces it.
        return views_outputs(_given(view_request(data, shown, order, language)))

    @app.callback(
        Output(ids.HIDDEN_STORE, "data"),
        Input(ids.SHOWN, "value"),
        State(ids.STORE, "data"),
        prevent_initial_call=True,
    )
    def remember_hidden(shown: Any, data: Any) -> list[str]:
        return _given(remembered_hidden(data, shown))

    @app.callback(output=_TRANSLATED, inputs={"language": Input(ids.LANGUAGE, "value")})
    def translate(language: Any) -> dict[str, Any]:
        return translated(_given(inputs.language(language)))

    @app.callback(
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Input(ids.UPLOAD_REFUSED, "data"),
        State(ids.LANGUAGE, "value"),
        prevent_initial_call=True,
    )
    def refuse_upload(refused: Any, language: Any) -> Any:
        return message_view(_given(upload_refused(refused, language)))

    # In the browser, for a change the server never got (assets/guards.js).
    app.clientside_callback(
        ClientsideFunction(namespace="positioning", function_name="notSaved"),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        *[Output(control, "value", allow_duplicate=True) for control in _SAVED_CONTROLS],
        Input(ids.SAVE_FAILED, "data"),
        State(ids.STORE, "data"),
        *[State(control, "value") for control in _SAVED_CONTROLS],
        State(ids.BROWSER_TEXT, "data"),
        State(ids.LANGUAGE, "value"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.DOWNLOAD, "data"),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        *[Input(bid, "n_clicks") for bid in ids.DOWNLOAD_BUTTONS.values()],
        State(ids.STORE, "data"),
        State(ids.PRESET, "value"),
        State(ids.SCALE, "value"),
        State(ids.SHOWN, "value"),
        State(ids.ORDER, "value"),
        State(ids.LANGUAGE, "value"),
        prevent_initial_call=True,
    )
    def download(*args: Any) -> tuple:
        data, preset, scale, shown, order, language = args[len(ids.DOWNLOAD_BUTTONS) :]
        kind = _given(next((k for k, bid in ids.DOWNLOAD_BUTTONS.items() if bid == dash.ctx.triggered_id), None))
        try:
            name, content = download_file(data, kind, preset, scale, shown, order, language or "en", renderer)
        except (ExportError, CanvasError) as error:
            # The renderer replaces a browser that died by itself; closing it here
            # would break the downloads other users are drawing with it.
            return dash.no_update, message_view(("error", str(error), []))
        return dcc.send_bytes(content, name), dash.no_update


def edited(
    repository: Repository,
    trigger: str | None,
    data: Any,
    language: Any,
    values: dict[str, Any],
    sources: dict[str, Any],
) -> dict[str, Any]:
    """What the edit callback changes: the page opening a canvas, or an edit
    applied by :func:`on_edit` and saved to the workspace."""
    words = inputs.language(language) or "en"
    canvas_id = values.get("canvas_id")
    token = workspace.share_token_of(values.get("pathname"))
    if token is not None:
        if trigger is None or trigger == ids.URL:
            return workspace.opened_shared(repository.database, token, language=words, hidden=values.get("hidden"))
        return workspace.refused_read_only(data, words)
    if trigger is None or trigger == ids.URL:
        return workspace.opened(
            repository, values.get("pathname"), language=words, first=sources["fallback"], hidden=values.get("hidden")
        )
    if trigger == ids.CANVAS_PICKER:
        return workspace.opened(
            repository, f"/c/{values.get('canvas_pick')}", language=words, first=sources["fallback"]
        )
    if trigger == ids.SAVE_MINE:
        return (
            workspace.save_mine(repository, data, canvas_id=canvas_id, language=words)
            if inputs.clicks(values.get("save_mine"))
            else {}
        )
    out = on_edit(trigger, values, data, language=language, **sources)
    return workspace.persisted(
        repository,
        out,
        canvas_id=canvas_id,
        version=values.get("version"),
        before=data,
        language=words,
        new_canvas=trigger in OPENS,
    )


def download_file(
    data: object,
    kind: str,
    preset: object,
    scale: object,
    shown: object,
    order: object,
    language: object,
    renderer: Renderer | None = None,
) -> tuple[str, bytes]:
    """File name and bytes of a download: the chart as png/svg/pdf, or the
    canvas as YAML. The arguments are the page's values as sent: raises
    :class:`CanvasError` for an unreadable canvas and
    :class:`ExportRequestError` for a value the page could not have sent."""
    canvas = edits.read(data)
    how, words = inputs.order(order), inputs.language(language)
    if how is None or words is None:
        raise ExportRequestError(f"cannot export in the order {order!r} and the language {language!r}")
    stem = slug(canvas.title)
    if kind == "yaml":
        return f"{stem}.yaml", dump_canvas(canvas).encode("utf-8")
    if kind == "pptx":
        from ..deck import DeckPart, build_deck

        part = DeckPart(canvas, canvas.title)
        return f"{stem}.pptx", build_deck([part], renderer=renderer, order=how, language=words)
    width, height = PRESETS.get(inputs.text(preset) or "", PRESETS["slide-16x9"])
    shown_names = inputs.names(shown)
    hidden = [n for n in canvas.competitors if shown_names is not None and n not in shown_names]
    figure = canvas_figure(canvas, order=how, hidden=hidden, language=words, width=width, height=height)
    return f"{stem}.{kind}", render(
        figure, format=kind, width=width, height=height, scale=_scale(scale), renderer=renderer
    )


def _scale(value: object) -> float:
    """The export slider's scale (1 when unset); the export checks its range."""
    scale = 1.0 if value is None else inputs.number(value)
    if scale is None:
        raise ExportRequestError(f"the scale must be a number, not {value!r}")
    return scale


def slug(title: str) -> str:
    """A file name from a title, keeping letters of any script."""
    return re.sub(r"[^\w]+", "-", title).strip("-").lower()[:80] or "canvas"


def _given(value: T | None) -> T:
    """``value``; no update at all when there is none (a request the page
    could not have sent, or a canvas that cannot be drawn)."""
    if value is None:
        raise PreventUpdate
    return value


def edit_outputs(out: Mapping[str, Any]) -> dict[str, Any]:
    """Every output of the edit callback from what :func:`on_edit` changed
    (the rest stays as it is)."""
    keep = dash.no_update
    outputs = {name: out.get(name, keep) for name in _EDIT_OUTPUTS}
    if "read_only" in out:
        outputs["read_only"] = "app read-only" if out["read_only"] else "app"
    if "conflict" in out:
        outputs["save_mine_hidden"] = not out["conflict"]
    weights = out.get("weights", {})
    outputs["weights"] = {c: weights.get(c, keep) for c in CRITERIA}
    if "message" in out:
        outputs["message"] = message_view(out["message"])
    return outputs


def views_outputs(request: ViewRequest) -> dict[str, Any]:
    """Every output of the views callback."""
    r = render_views(request.data, request.hidden, request.order, request.language, canvas=request.canvas)
    player_columns = [
        {"field": "name", "headerName": t(request.language, "name"), "width": 260},
        {"field": "color", "headerName": t(request.language, "color"), "width": 160},
    ]
    return {
        "figure": r.figure,
        "banner": r.banner,
        "ranking": r.ranking,
        "diagnosis": r.diagnosis,
        "factor_rows": r.factor_rows,
        "factor_columns": r.factor_columns,
        "player_rows": r.player_rows,
        "player_columns": player_columns,
    }


def translated(language: str) -> dict[str, Any]:
    """Every text that follows the language switch."""
    return {
        "labels": {key: t(language, key) for key in layout.LABEL_KEYS},
        "buttons": {bid: t(language, key) for bid, key in layout.BUTTON_LABELS.items()},
        "tabs": {key: t(language, key) for key in ids.TAB_IDS},
        "example": t(language, "example"),
        "upload": layout.upload_prompt(language),
        "order": layout.order_options(language),
        "preset": layout.preset_options(language),
    }


def message_view(message: tuple[str, str, list[str]] | None) -> Any:
    """The message area's content: a heading and its lines, or nothing."""
    if not message:
        return None
    kind, heading, lines = message
    return html.Div(
        className=f"alert alert-{kind}",
        children=[html.Strong(heading), html.Ul([html.Li(line) for line in lines]) if lines else None],
    )
