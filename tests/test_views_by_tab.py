"""Each tab drawn only while it is shown (issue 25), through Dash's real HTTP endpoint: a weight change
with the chart shown answers the chart alone (its table folded), a hidden tab's callbacks answer
nothing, a tab shown draws it, and what each tab draws is what the whole render draws."""

from __future__ import annotations

import json
import logging

import dash
import pytest
from plotly.utils import PlotlyJSONEncoder

from positioning.core.analysis import analyse
from positioning.ui import ids
from positioning.ui.controller import view_request
from positioning.ui.edits import example_data, read
from positioning.ui.grid_columns import player_columns
from positioning.ui.views import rendered

from .conftest import ROOT
from .dash_requests import ENDPOINT, body, load_app, response, tracebacks

CHART = {ids.GRAPH, ids.BANNER, ids.CHART_TABLE, ids.GRAPH_NOTE}
SIDE = {ids.SEGMENT, ids.EDITOR_TITLE, ids.LAYERS}
STORE = f"{ids.STORE}.data"


@pytest.fixture(scope="module")
def app() -> dash.Dash:
    return load_app()


@pytest.fixture
def post(app, caplog):
    client = app.server.test_client()
    caplog.set_level(logging.INFO)
    yield lambda request: response(client.post(ENDPOINT, json=request))
    assert tracebacks(caplog.records) == []


@pytest.fixture
def data():
    data = example_data(ROOT / "configs" / "b2b_maintenance_services.yaml")
    return json.loads(json.dumps(data))  # as the browser sends it back


def page(data, tab: str = "canvas", **more) -> dict:
    """The views' inputs with ``tab`` shown; the shown tab's own store holds the canvas (assets/views.js)."""
    values = {
        STORE: data,
        f"{ids.SHOWN}.value": ["OEM service", "In-house team"],
        f"{ids.ORDER}.value": "rank",
        f"{ids.LANGUAGE}.value": "en",
        f"{ids.LAYERS}.value": ["target"],
        f"{ids.SEGMENT}.value": "",
        f"{ids.GRAPH_WIDTH}.data": 1200,
        f"{ids.TABS}.value": tab,
        **more,
    }
    if tab in ids.TAB_SOURCES:
        values[f"{ids.TAB_SOURCES[tab]}.data"] = data
    return values


def source(tab: str) -> str:
    return f"{ids.TAB_SOURCES[tab]}.data"


def chart(app, values: dict, changed: str = STORE) -> dict:
    return body(app, f"{ids.GRAPH}.figure", values, changed)


def as_json(value) -> str:
    return json.dumps(value, cls=PlotlyJSONEncoder, sort_keys=True)


def test_a_weight_change_with_the_chart_shown_answers_the_chart_and_its_controls_alone(app, post, data):
    out = post(chart(app, page({**data, "weights": {**data["weights"], "barriers": 0.9}})))
    assert set(out) == CHART | SIDE | {ids.GRAPH}  # no diagnosis, no grid, no ranking
    assert ids.DIAGNOSIS not in out and ids.FACTOR_GRID not in out and ids.RANKING not in out
    assert out[ids.GRAPH]["figure"]["data"]
    # the chart's table is folded: its summary alone, no table built
    assert [c["type"] for c in out[ids.CHART_TABLE]["children"]] == ["Summary"]


def test_the_chart_callback_draws_nothing_of_the_chart_while_another_tab_is_shown(app, post, data):
    out = post(chart(app, page(data, "ranking")))
    assert set(out) == SIDE  # the controls beside every tab follow the canvas
    assert post(chart(app, page(data, "ranking"), f"{ids.TABS}.value")) == {}  # another tab shown: nothing


def test_showing_the_chart_tab_draws_it_and_opening_its_table_draws_the_table_alone(app, post, data):
    shown = post(chart(app, page(data, "canvas"), f"{ids.TABS}.value"))
    assert set(shown) == CHART | {ids.GRAPH}  # the controls did not change: left as they are
    opened = post(chart(app, page(data, "canvas", **{f"{ids.CHART_TABLE}.open": True}), f"{ids.CHART_TABLE}.open"))
    assert set(opened) == {ids.CHART_TABLE}
    summary, table = opened[ids.CHART_TABLE]["children"]
    assert summary["type"] == "Summary" and table["type"] == "Table"


@pytest.mark.parametrize("tab", ["ranking", "diagnosis", "data"])
def test_a_hidden_tabs_callbacks_answer_nothing_and_showing_the_tab_draws_it(app, post, data, tab):
    first = {"ranking": f"{ids.RANKING}.children", "diagnosis": f"{ids.DIAGNOSIS}.children"}
    output = first.get(tab, f"{ids.FACTOR_GRID}.rowData")
    hidden = {**page(data, "canvas"), source(tab): data}  # a canvas passed on before, the tab hidden since
    assert post(body(app, output, hidden, f"{ids.LANGUAGE}.value")) == {}
    drawn = post(body(app, output, page(data, tab), source(tab)))
    assert output.split(".")[0] in drawn


def test_each_tab_draws_what_the_whole_render_draws(app, post, data):
    """The chart (its table open), the diagnosis and the grids, each from its own callback, are the
    outputs of the one render of every view, value for value."""
    request = view_request(data, ["OEM service", "In-house team"], "rank", "en", {"layers": ["target"], "width": 1200})
    assert request is not None
    whole = rendered(request.data, analyse(read(data)), request.view, 1200)
    opened = {f"{ids.CHART_TABLE}.open": True}
    drawn = post(chart(app, page(data, "canvas", **opened)))
    diagnosis = post(body(app, f"{ids.DIAGNOSIS}.children", page(data, "diagnosis"), source("diagnosis")))
    grids = post(body(app, f"{ids.FACTOR_GRID}.rowData", page(data, "data"), source("data")))
    expected = {
        (ids.GRAPH, "figure"): whole.figure,
        (ids.BANNER, "children"): whole.banner,
        (ids.GRAPH, "style"): whole.graph_style,
        (ids.CHART_TABLE, "children"): whole.chart_table,
        (ids.GRAPH_NOTE, "children"): whole.graph_note,
        (ids.SEGMENT, "options"): whole.segment_options,
        (ids.LAYERS, "options"): whole.layer_options,
        (ids.DIAGNOSIS, "children"): whole.diagnosis,
        (ids.FACTOR_GRID, "rowData"): whole.factor_rows,
        (ids.FACTOR_GRID, "columnDefs"): whole.factor_columns,
        (ids.PLAYER_GRID, "rowData"): whole.player_rows,
        (ids.PLAYER_GRID, "columnDefs"): player_columns("en"),
        (ids.SEGMENT_GRID, "rowData"): whole.segment_rows,
        (ids.SEGMENT_GRID, "columnDefs"): whole.segment_columns,
        **{(grid, "dashGridOptions"): options for grid, options in whole.grid_options.items()},
    }
    answers = {**drawn, **diagnosis}
    for component, props in grids.items():
        answers.setdefault(component, {}).update(props)
    for (component, prop), value in expected.items():
        assert as_json(answers[component][prop]) == as_json(value), (component, prop)


def test_the_chart_is_sent_as_plain_dicts_with_the_bytes_of_a_figure():
    """The Chart tab's figure is plotly's JSON as plain dicts (no go.Figure copied on its way to the
    browser), and Dash sends exactly what it sent for the go.Figure: every example, in both languages."""
    from dash._utils import to_json

    from positioning import load_canvas
    from positioning.chart.plain import as_figure
    from positioning.chart.view import View
    from positioning.ui.views import chart_tab

    for path in sorted((ROOT / "configs").glob("*.yaml")):
        analysis = analyse(load_canvas(path))
        for language in ("en", "zh"):
            spec = chart_tab(analysis, View(language=language), 1000).figure
            assert type(spec) is dict
            assert to_json(spec) == to_json(as_figure(spec)), (path.name, language)
