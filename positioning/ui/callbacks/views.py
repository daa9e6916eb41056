"""What the page draws from the canvas, each tab only while it is shown: the chart, its banner and
its table (drawn only while open) with the chart's controls; the diagnosis; the grids; the Ranking tab
and its tornado chart; and the competitors the user unticked, remembered. A weight change with the
chart shown is one request for the views: the other tabs get the canvas once they are shown
(assets/views.js passes it on)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import dash
from dash import ClientsideFunction, Input, Output, State

from positioning.ui import ids
from positioning.ui.callbacks.wiring import KEEP, given, typed_callback
from positioning.ui.controller import ViewRequest, remembered_hidden, view_request
from positioning.ui.grid_columns import player_columns
from positioning.ui.views import (
    SCREEN_WIDTH,
    chart_tab,
    chart_table_of,
    chart_table_summary,
    data_tab,
    diagnosis_view,
    ranking_tab,
    side_panel,
    tornado_view,
)

#: The tab the chart is on (the tabs' values are the layout's: positioning/ui/layout.py).
CHART_TAB = "canvas"


@dataclass(frozen=True)
class ChartViews:
    """What the Chart tab draws, and the chart's controls beside every tab (each left as it is when
    there is nothing new to draw)."""

    figure: Any = KEEP
    banner: Any = KEEP
    graph_style: Any = KEEP
    chart_table: Any = KEEP
    graph_note: Any = KEEP
    segment_options: Any = KEEP
    segment: Any = KEEP
    title: Any = KEEP
    layer_options: Any = KEEP


def chart_views(
    request: ViewRequest, tab: object, table_open: object = False, triggered: Collection[str] = ()
) -> ChartViews:
    """The views of a checked request that the page shows: the chart's controls, and the Chart tab only
    while it is shown (``tab``), its table only while it is open (``table_open``). ``triggered`` (the
    inputs that changed; none on a page load) leaves out what they cannot change: a tab shown redraws
    that tab, the table opened draws the table."""
    fired = set(triggered)
    language, shown = request.language, tab == CHART_TAB
    table = _table(request, bool(table_open)) if shown else KEEP
    if fired and fired <= {_TABLE_OPEN}:
        return ChartViews(chart_table=table)
    side = (
        KEEP
        if fired and fired <= {_TAB}
        else dict(vars(side_panel(request.canvas, language)), segment=request.segment or "", title=request.canvas.title)
    )
    chart = vars(chart_tab(request.analysis, request.view, request.width or SCREEN_WIDTH)) if shown else {}
    return ChartViews(**({} if side is KEEP else side), **chart, chart_table=table)


def _table(request: ViewRequest, opened: bool) -> Any:
    """The chart's table when it is open; folded, its summary alone (a weight change builds no table)."""
    return chart_table_of(request.analysis, request.view) if opened else chart_table_summary(request.language)


_TAB = f"{ids.TABS}.value"
_TABLE_OPEN = f"{ids.CHART_TABLE}.open"

_CHART_OUTPUTS = {
    "figure": Output(ids.GRAPH, "figure"),
    "banner": Output(ids.BANNER, "children"),
    "graph_style": Output(ids.GRAPH, "style"),
    "chart_table": Output(ids.CHART_TABLE, "children"),
    "graph_note": Output(ids.GRAPH_NOTE, "children"),
    "segment_options": Output(ids.SEGMENT, "options"),
    "segment": Output(ids.SEGMENT, "value"),
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
class DiagnosisTab:
    panel: Any


@dataclass(frozen=True)
class DataViews:
    """The Data tab's grids."""

    factor_rows: Any
    factor_columns: Any
    player_rows: Any
    player_columns: Any
    segment_rows: Any
    segment_columns: Any
    grid_options: Any


def data_views(request: ViewRequest) -> DataViews:
    """The Data tab's grids for a checked request."""
    grids = data_tab(request.data, request.canvas, request.language)
    return DataViews(**vars(grids), player_columns=player_columns(request.language))


_DATA_OUTPUTS = {
    "factor_rows": Output(ids.FACTOR_GRID, "rowData"),
    "factor_columns": Output(ids.FACTOR_GRID, "columnDefs"),
    "player_rows": Output(ids.PLAYER_GRID, "rowData"),
    "player_columns": Output(ids.PLAYER_GRID, "columnDefs"),
    "segment_rows": Output(ids.SEGMENT_GRID, "rowData"),
    "segment_columns": Output(ids.SEGMENT_GRID, "columnDefs"),
    "grid_options": {
        grid: Output(grid, "dashGridOptions") for grid in (ids.FACTOR_GRID, ids.PLAYER_GRID, ids.SEGMENT_GRID)
    },
}


def source(tab: str) -> Input:
    """The stored canvas as the callbacks of ``tab`` get it: only while that tab is shown (assets/views.js)."""
    return Input(ids.TAB_SOURCES[tab], "data")


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
        ChartViews,
        _CHART_OUTPUTS,
        inputs={
            "data": Input(ids.STORE, "data"),
            "shown": Input(ids.SHOWN, "value"),
            "order": Input(ids.ORDER, "value"),
            "language": Input(ids.LANGUAGE, "value"),
            "chart": {**CHART_INPUTS, "width": Input(ids.GRAPH_WIDTH, "data")},
            "tab": Input(ids.TABS, "value"),
            "table_open": Input(ids.CHART_TABLE, "open"),
        },
    )
    def show(data: Any, shown: Any, order: Any, language: Any, chart: Any, tab: Any, table_open: Any) -> ChartViews:
        # An unreadable saved canvas is left to the editor, which replaces it at its next edit.
        request = given(view_request(data, shown, order, language, chart))
        return chart_views(request, tab, table_open is True, dash.ctx.triggered_prop_ids)

    _register_tabs(app)
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


def _register_tabs(app: dash.Dash) -> None:
    """The Diagnosis and Data tabs, drawn only while shown."""
    # In the browser: the stored canvas passed on to the shown tab's callbacks alone.
    app.clientside_callback(
        ClientsideFunction(namespace="positioningViews", function_name="tabSources"),
        *(Output(store, "data") for store in ids.TAB_SOURCES.values()),
        Input(ids.STORE, "data"),
        Input(ids.TABS, "value"),
    )

    @typed_callback(
        app,
        DiagnosisTab,
        {"panel": Output(ids.DIAGNOSIS, "children")},
        inputs={
            "data": source("diagnosis"),
            "shown": Input(ids.SHOWN, "value"),
            "language": Input(ids.LANGUAGE, "value"),
        },
        state={"tab": State(ids.TABS, "value")},
    )
    def diagnosis(data: Any, shown: Any, language: Any, tab: Any) -> DiagnosisTab:
        request = given(view_request(data, shown, "file", language) if tab == "diagnosis" else None)
        return DiagnosisTab(diagnosis_view(request.analysis.diagnosis, request.language, request.view.hidden))

    @typed_callback(
        app,
        DataViews,
        _DATA_OUTPUTS,
        inputs={"data": source("data"), "language": Input(ids.LANGUAGE, "value")},
        state={"tab": State(ids.TABS, "value")},
    )
    def grids(data: Any, language: Any, tab: Any) -> DataViews:
        return data_views(given(view_request(data, [], "file", language) if tab == "data" else None))


def _register_ranking(app: dash.Dash) -> None:
    """The Ranking tab and its tornado chart, drawn only while the tab is shown (a weight change
    elsewhere does not wait for the samples)."""
    shown = {"data": source("ranking"), "language": Input(ids.LANGUAGE, "value")}
    tab = {"tab": State(ids.TABS, "value")}

    @typed_callback(app, RankingTab, {"panel": Output(ids.RANKING, "children")}, inputs=shown, state=tab)
    def ranking(data: Any, language: Any, tab: Any) -> RankingTab:
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
        state=tab,
    )
    def tornado(data: Any, language: Any, factor: Any, tab: Any) -> Tornado:
        request = given(view_request(data, [], "file", language) if tab == "ranking" else None)
        return Tornado(**tornado_view(request.analysis, factor, request.language))
