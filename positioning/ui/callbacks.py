"""Every callback of the app, registered in one place. Each unpacks its
inputs, calls one plain function and returns."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import dash
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from ..export import PRESETS, ExportError, render
from ..figures import canvas_figure
from ..loader import CanvasError, canvas_from_data
from ..model import CRITERIA
from ..renderer import Renderer
from ..wording import t
from ..writer import dump_canvas
from . import ids, layout
from .controller import hidden_of, on_edit
from .views import render as render_views

_EDIT_INPUTS = [
    ids.EXAMPLE,
    ids.UPLOAD,
    ids.TEMPLATE,
    ids.UNDO,
    *ids.WEIGHTS.values(),
    ids.TOP,
    ids.SUBJECT,
    ids.FACTOR_GRID,
    ids.ADD_FACTOR,
    ids.REMOVE_FACTOR,
    ids.FACTOR_UP,
    ids.FACTOR_DOWN,
    ids.PLAYER_GRID,
    ids.ADD_PLAYER,
    ids.REMOVE_PLAYER,
    ids.PLAYER_UP,
    ids.PLAYER_DOWN,
]
_EDIT_PROPS = {
    ids.EXAMPLE: "value",
    ids.UPLOAD: "contents",
    **{w: "value" for w in ids.WEIGHTS.values()},
    ids.TOP: "value",
    ids.SUBJECT: "value",
    ids.FACTOR_GRID: "cellValueChanged",
    ids.PLAYER_GRID: "cellValueChanged",
}


def register(app: dash.Dash, *, examples: dict[str, Path], template: Path, fallback: Path, renderer: Renderer) -> None:
    """Attach the callbacks to ``app``. ``examples`` maps the example
    picker's values to bundled files; ``template`` is the blank canvas;
    ``fallback`` replaces a saved canvas that can no longer be read;
    ``renderer`` draws every user's downloads (the app owns and closes it)."""

    @app.callback(
        Output(ids.STORE, "data"),
        Output(ids.UNDO_STORE, "data"),
        Output(ids.UNDO, "disabled"),
        Output(ids.MESSAGE, "children"),
        *[Output(ids.WEIGHTS[c], "value") for c in CRITERIA],
        Output(ids.TOP, "value"),
        Output(ids.TOP, "max"),
        Output(ids.SUBJECT, "value"),
        Output(ids.SUBJECT, "options"),
        Output(ids.SHOWN, "value"),
        Output(ids.SHOWN, "options"),
        Output(ids.EXAMPLE, "value"),
        Output(ids.UPLOAD, "contents"),
        Output(ids.FACTOR_GRID, "rowTransaction"),
        Output(ids.PLAYER_GRID, "rowTransaction"),
        *[Input(i, _EDIT_PROPS.get(i, "n_clicks")) for i in _EDIT_INPUTS],
        State(ids.UPLOAD, "filename"),
        State(ids.FACTOR_GRID, "selectedRows"),
        State(ids.PLAYER_GRID, "selectedRows"),
        State(ids.SHOWN, "value"),
        State(ids.HIDDEN_STORE, "data"),
        State(ids.UNDO_STORE, "data"),
        State(ids.STORE, "data"),
        State(ids.LANGUAGE, "value"),
    )
    def edit(*args: Any) -> tuple[Any, ...]:
        values = dict(zip(_EDIT_INPUTS, args, strict=False))
        upload_name, selected_factor, selected_player, shown, hidden, undo, data, language = args[len(_EDIT_INPUTS) :]
        values.update(
            upload_name=upload_name,
            selected_factor=selected_factor,
            selected_player=selected_player,
            hidden=hidden,
            undo=undo,
        )
        values[ids.SHOWN] = shown
        out = on_edit(
            dash.ctx.triggered_id,
            values,
            data,
            language=language or "en",
            examples=examples,
            template=template,
            fallback=fallback,
        )
        keep = dash.no_update
        weights = out.get("weights", {})
        return (
            out.get("data", keep),
            out.get("undo", keep),
            out.get("undo_disabled", keep),
            message_view(out["message"]) if "message" in out else keep,
            *[weights.get(c, keep) for c in CRITERIA],
            out.get("top", keep),
            out.get("top_max", keep),
            out.get("subject", keep),
            out.get("subject_options", keep),
            out.get("shown", keep),
            out.get("shown_options", keep),
            None if out.get("reset_example") else keep,
            None if out.get("reset_upload") else keep,
            out.get("factor_revert", keep),
            out.get("player_revert", keep),
        )

    @app.callback(
        Output(ids.GRAPH, "figure"),
        Output(ids.BANNER, "children"),
        Output(ids.RANKING, "children"),
        Output(ids.DIAGNOSIS, "children"),
        Output(ids.FACTOR_GRID, "rowData"),
        Output(ids.FACTOR_GRID, "columnDefs"),
        Output(ids.PLAYER_GRID, "rowData"),
        Output(ids.PLAYER_GRID, "columnDefs"),
        Input(ids.STORE, "data"),
        Input(ids.SHOWN, "value"),
        Input(ids.ORDER, "value"),
        Input(ids.LANGUAGE, "value"),
    )
    def show(data: dict[str, Any], shown: list[str] | None, order: str | None, language: str | None) -> tuple:
        language = language or "en"
        try:
            canvas = canvas_from_data(data)
        except (CanvasError, AttributeError, TypeError):
            raise PreventUpdate from None  # an unreadable saved canvas: the edit callback replaces it
        hidden = [name for name in canvas.competitors if shown is not None and name not in shown]
        r = render_views(data, hidden, order or "file", language, canvas=canvas)
        player_columns = [
            {"field": "name", "headerName": t(language, "name"), "width": 260},
            {"field": "color", "headerName": t(language, "color"), "width": 160},
        ]
        return (
            r.figure,
            r.banner,
            r.ranking,
            r.diagnosis,
            r.factor_rows,
            r.factor_columns,
            r.player_rows,
            player_columns,
        )

    @app.callback(
        Output(ids.HIDDEN_STORE, "data"),
        Input(ids.SHOWN, "value"),
        State(ids.STORE, "data"),
        prevent_initial_call=True,
    )
    def remember_hidden(shown: list[str] | None, data: dict[str, Any]) -> list[str]:
        return hidden_of(data, shown)

    @app.callback(
        *[Output(f"label-{key}", "children") for key in layout.LABEL_KEYS],
        *[Output(bid, "children") for bid in layout.BUTTON_LABELS],
        *[Output(tab_id, "label") for tab_id in ids.TAB_IDS.values()],
        Output(ids.EXAMPLE, "placeholder"),
        Output(ids.UPLOAD, "children"),
        Output(ids.ORDER, "options"),
        Output(ids.PRESET, "options"),
        Input(ids.LANGUAGE, "value"),
    )
    def translate(language: str | None) -> tuple:
        language = language or "en"
        return (
            *[t(language, key) for key in layout.LABEL_KEYS],
            *[t(language, key) for key in layout.BUTTON_LABELS.values()],
            *[t(language, key) for key in ids.TAB_IDS],
            t(language, "example"),
            layout.upload_prompt(language),
            layout.order_options(language),
            layout.preset_options(language),
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
        kind = next(k for k, bid in ids.DOWNLOAD_BUTTONS.items() if bid == dash.ctx.triggered_id)
        try:
            name, content = download_file(data, kind, preset, scale, shown, order, language or "en", renderer)
        except (ExportError, CanvasError) as error:
            # The renderer replaces a browser that died by itself; closing it here
            # would break the downloads other users are drawing with it.
            return dash.no_update, message_view(("error", str(error), []))
        return dcc.send_bytes(content, name), dash.no_update


def download_file(
    data: dict[str, Any],
    kind: str,
    preset: str | None,
    scale: float | None,
    shown: list[str] | None,
    order: str | None,
    language: str,
    renderer: Renderer | None = None,
) -> tuple[str, bytes]:
    """File name and bytes of a download: the chart as png/svg/pdf, or the canvas as YAML."""
    canvas = canvas_from_data(data)
    stem = slug(canvas.title)
    if kind == "yaml":
        return f"{stem}.yaml", dump_canvas(canvas).encode("utf-8")
    if kind == "pptx":
        from ..deck import DeckPart, build_deck

        part = DeckPart(canvas, canvas.title)
        return f"{stem}.pptx", build_deck([part], renderer=renderer, order=order or "file", language=language)
    width, height = PRESETS.get(preset or "", PRESETS["slide-16x9"])
    hidden = [n for n in canvas.competitors if shown is not None and n not in shown]
    figure = canvas_figure(canvas, order=order or "file", hidden=hidden, language=language, width=width, height=height)
    content = render(figure, format=kind, width=width, height=height, scale=float(scale or 1), renderer=renderer)
    return f"{stem}.{kind}", content


def slug(title: str) -> str:
    """A file name from a title, keeping letters of any script."""
    return re.sub(r"[^\w]+", "-", title).strip("-").lower()[:80] or "canvas"


def message_view(message: tuple[str, str, list[str]] | None) -> Any:
    if not message:
        return None
    kind, heading, lines = message
    return html.Div(
        className=f"alert alert-{kind}",
        children=[html.Strong(heading), html.Ul([html.Li(line) for line in lines]) if lines else None],
    )
