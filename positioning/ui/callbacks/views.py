"""What the page draws from the canvas: the chart, the banner, the diagnosis and the grids; the
Ranking tab and its tornado chart (drawn only while the tab is shown); and the competitors the user
unticked, remembered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dash
from dash import Input, Output, State

from positioning.ui import ids
from positioning.ui.callbacks.wiring import given, typed_callback
from positioning.ui.controller import ViewRequest, remembered_hidden, view_request
from positioning.ui.grid_columns import player_columns
from positioning.ui.views import SCREEN_WIDTH, ranking_tab, rendered, tornado_view


@dataclass(frozen=True)
class Views:
    """Everything drawn from the canvas and the chart's controls."""

    figure: Any
    banner: Any
    diagnosis: Any
    factor_rows: Any
    factor_columns: Any
    player_rows: Any
    player_columns: Any
    segment_rows: Any
    segment_columns: Any
    segment_options: Any
    segment: str
    graph_style: Any
    chart_table: Any
    grid_options: Any
    graph_note: Any
    title: str
    layer_options: Any


def views_of(request: ViewRequest) -> Views:
    """The views of a checked request."""
    r = rendered(request.data, request.analysis, request.view, request.width or SCREEN_WIDTH)
    return Views(
        figure=r.figure,
        banner=r.banner,
        diagnosis=r.diagnosis,
        factor_rows=r.factor_rows,
        factor_columns=r.factor_columns,
        player_rows=r.player_rows,
        player_columns=player_columns(request.language),
        segment_rows=r.segment_rows,
        segment_columns=r.segment_columns,
        segment_options=r.segment_options,
        segment=request.segment or "",  # a segment renamed or removed: every customer's importance
        graph_style=r.graph_style,
        chart_table=r.chart_table,
        grid_options=r.grid_options,
        graph_note=r.graph_note,
        title=request.canvas.title,
        layer_options=r.layer_options,
    )


_VIEW_OUTPUTS = {
    "figure": Output(ids.GRAPH, "figure"),
    "banner": Output(ids.BANNER, "children"),
    "diagnosis": Output(ids.DIAGNOSIS, "children"),
    "factor_rows": Output(ids.FACTOR_GRID, "rowData"),
    "factor_columns": Output(ids.FACTOR_GRID, "columnDefs"),
    "player_rows": Output(ids.PLAYER_GRID, "rowData"),
    "player_columns": Output(ids.PLAYER_GRID, "columnDefs"),
    "segment_rows": Output(ids.SEGMENT_GRID, "rowData"),
    "segment_columns": Output(ids.SEGMENT_GRID, "columnDefs"),
    "segment_options": Output(ids.SEGMENT, "options"),
    "segment": Output(ids.SEGMENT, "value"),
    "graph_style": Output(ids.GRAPH, "style"),
    "chart_table": Output(ids.CHART_TABLE, "children"),
    "grid_options": {
        grid: Output(grid, "dashGridOptions") for grid in (ids.FACTOR_GRID, ids.PLAYER_GRID, ids.SEGMENT_GRID)
    },
    "graph_note": Output(ids.GRAPH_NOTE, "children"),
    "title": Output(ids.EDITOR_TITLE, "children"),
    "layer_options": Output(ids.LAYERS, "options"),
}
#: The chart's own controls, as :func:`controller.view_request` reads them.
CHART_INPUTS = {
    "layers": Input(ids.LAYERS, "value"),
    "segment": Input(ids.SEGMENT, "value"),
    "categories": Input(ids.CATEGORY_FILTER, "value"),
    "sources": Input(ids.SOURCE_FILTER, "value"),
}


@dataclass(frozen=True)
class RankingTab:
    panel: Any


@dataclass(frozen=True)
class Tornado:
    options: Any
    value: Any
    figure: Any
    caption: Any


@dataclass(frozen=True)
class Hidden:
    names: list[str]


def register(app: dash.Dash) -> None:
    """The views, the Ranking tab, and the competitors remembered as unticked."""

    @typed_callback(
        app,
        Views,
        _VIEW_OUTPUTS,
        inputs={
            "data": Input(ids.STORE, "data"),
            "shown": Input(ids.SHOWN, "value"),
            "order": Input(ids.ORDER, "value"),
            "language": Input(ids.LANGUAGE, "value"),
            "chart": {**CHART_INPUTS, "width": Input(ids.GRAPH_WIDTH, "data")},
        },
    )
    def show(data: Any, shown: Any, order: Any, language: Any, chart: Any) -> Views:
        # An unreadable saved canvas is left to the editor, which replaces it at its next edit.
        return views_of(given(view_request(data, shown, order, language, chart)))

    _register_ranking(app)

    @typed_callback(
        app,
        Hidden,
        {"names": Output(ids.HIDDEN_STORE, "data")},
        inputs={"shown": Input(ids.SHOWN, "value")},
        state={"data": State(ids.STORE, "data")},
        prevent_initial_call=True,
    )
    def remember_hidden(shown: Any, data: Any) -> Hidden:
        return Hidden(given(remembered_hidden(data, shown)))


def _register_ranking(app: dash.Dash) -> None:
    """The Ranking tab and its tornado chart, drawn only while the tab is shown (a weight change
    elsewhere does not wait for the samples)."""
    shown = {
        "data": Input(ids.STORE, "data"),
        "tab": Input(ids.TABS, "value"),
        "language": Input(ids.LANGUAGE, "value"),
    }

    @typed_callback(app, RankingTab, {"panel": Output(ids.RANKING, "children")}, inputs=shown)
    def ranking(data: Any, tab: Any, language: Any) -> RankingTab:
        request = given(view_request(data, [], "file", language) if tab == "ranking" else None)
        return RankingTab(ranking_tab(request.analysis, request.language))

    @typed_callback(
        app,
        Tornado,
        {
            "options": Output(ids.TORNADO_FACTOR, "options"),
            "value": Output(ids.TORNADO_FACTOR, "value"),
            "figure": Output(ids.TORNADO_GRAPH, "figure"),
            "caption": Output(ids.TORNADO_CAPTION, "children"),
        },
        inputs={**shown, "factor": Input(ids.TORNADO_FACTOR, "value")},
    )
    def tornado(data: Any, tab: Any, language: Any, factor: Any) -> Tornado:
        request = given(view_request(data, [], "file", language) if tab == "ranking" else None)
        return Tornado(**tornado_view(request.analysis, factor, request.language))
