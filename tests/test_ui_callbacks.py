"""The callbacks (positioning.ui.callbacks): their plain helpers, and every
callback answering requests through Dash's real HTTP endpoint, including
requests no page of the app would send: a message or no update, never a
server error, and no traceback in the log."""

from __future__ import annotations

import io
import logging
import math
import random
import zipfile

import dash
import pytest

from positioning import load_canvas, parse_canvas
from positioning.core.loader import CanvasError
from positioning.output.deck_template import DEFAULT_TEMPLATE
from positioning.output.downloads import slug
from positioning.output.export import ExportRequestError
from positioning.rendering.renderer import Renderer
from positioning.ui import ids
from positioning.ui.callbacks.canvas import EDITOR_OUTPUTS, EditorChange, change_of
from positioning.ui.callbacks.downloads import download_file, downloaded
from positioning.ui.callbacks.language import translated
from positioning.ui.callbacks.wiring import KEEP, dash_outputs, message_view
from positioning.ui.edits import example_data

from .conftest import ROOT
from .dash_requests import ENDPOINT, body, edit_body, load_app, response, text_of, tracebacks

CONFIGS = ROOT / "configs"
WEIGHT = f"{ids.WEIGHTS['barriers']}.value"


@pytest.fixture
def data():
    return example_data(CONFIGS / "southwest_airlines.yaml")


@pytest.fixture(scope="module")
def app() -> dash.Dash:
    return load_app()


@pytest.fixture
def post(app, caplog):
    """Post a callback request; fails the test when the log shows a traceback."""
    client = app.server.test_client()
    caplog.set_level(logging.INFO)

    def send(request: dict) -> dict:
        answer = client.post(ENDPOINT, json=request)
        return response(answer)

    yield send
    assert tracebacks(caplog.records) == []


# --- plain helpers -----------------------------------------------------------------


def test_downloads_yaml_round_trip_and_names(data):
    name, content = download_file(data, "yaml", None, None, None, "file", "en")
    assert name == "short-haul-air-travel-us-early-1990s.yaml"
    assert parse_canvas(content) == load_canvas(CONFIGS / "southwest_airlines.yaml")
    assert slug("城市中短途出行:网约车定位图") == "城市中短途出行-网约车定位图"
    assert slug("???") == "canvas"


def test_a_deck_on_a_kept_template_that_now_fails_the_check_says_why_in_each_language(chromium, data):
    """A template kept while the ratio allowed 100 (8 MB of zeros, 28 times its size) is refused when a
    deck reopens it, in the page's languages (it was English only, or a deck built on it before)."""
    template = io.BytesIO(DEFAULT_TEMPLATE.read_bytes())
    with zipfile.ZipFile(template, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ppt/media/noise.bin", random.Random(24).randbytes(200_000))
        archive.writestr("ppt/media/zeros.bin", bytes(8 * 1024 * 1024))
    answer = downloaded("pptx", {"data": data, "language": "en"}, Renderer(), template.getvalue())
    assert answer.file is KEEP
    said = {span.className.removeprefix("said said-"): span.children for span in answer.message.children[0].children}
    assert said["en"].startswith("template: the template unpacks to 8.") and "zip bomb" in said["en"]
    assert said["zh"].startswith("template：模板解压后为 8.") and "压缩炸弹" in said["zh"]


def test_png_download(chromium, data):
    from .conftest import png_size_bytes

    name, content = download_file(data, "png", "slide-4x3", 1, None, "file", "en")
    assert name.endswith(".png") and png_size_bytes(content) == (1440, 1080)
    chart = {"layers": ["importance"], "segment": "Business travellers", "categories": ["relationship"]}
    _, svg = download_file(data, "svg", None, 1, None, "file", "en", chart=chart)  # what the page shows
    text = svg.decode()
    assert "Importance to Business travellers" in text and "1 of 8 factors shown" in text
    assert "Friendly service" in text and "Lounges" not in text


def test_a_download_of_what_the_page_cannot_send_is_refused_with_a_reason(data):
    with pytest.raises(CanvasError, match="the stored data is not a canvas"):
        download_file("x", "yaml", None, None, None, "file", "en")
    with pytest.raises(ExportRequestError, match="cannot export in the order 'zzz' and the language 'en'"):
        download_file(data, "yaml", None, None, None, "zzz", "en")
    with pytest.raises(ExportRequestError, match="the language 'xx'"):
        download_file(data, "pptx", None, None, None, "file", "xx")
    with pytest.raises(ExportRequestError, match="the scale must be a number, not 'x'"):
        download_file(data, "png", None, "x", None, "file", "en")  # refused before any browser starts
    with pytest.raises(ExportRequestError, match="cannot export with the layers 'sparkles'"):
        download_file(data, "png", None, 1, None, "file", "en", chart={"layers": "sparkles"})
    with pytest.raises(ExportRequestError, match="cannot export as 'gif'"):
        download_file(data, "gif", ["x"], 2, "x", "file", "en")  # odd preset and shown values are ignored


def test_the_segment_picker_falls_back_to_every_customer_when_its_segment_is_gone(data):
    from positioning.ui.callbacks.views import chart_views
    from positioning.ui.controller import view_request

    kept = chart_views(view_request(data, None, "file", "en", {"segment": "Leisure travellers"}), "canvas")
    gone = chart_views(view_request(data, None, "file", "en", {"segment": "Students"}), "canvas")
    assert (kept.segment, gone.segment) == ("Leisure travellers", "")


def test_message_view():
    assert message_view(None) is None
    view = message_view(("error", "Heading", ["one", "two"]))
    assert view.className == "alert alert-error"
    assert text_of(view) == "Heading one two"
    assert text_of(message_view(("ok", "Done", []))) == "Done"


def test_edit_outputs_leave_unnamed_outputs_alone():
    change = change_of(EditorChange, {"weights": {"barriers": 0.5}, "message": None, "factor_revert": {}})
    out = dash_outputs(change, EDITOR_OUTPUTS)
    assert out["weights"]["barriers"] == 0.5 and out["weights"]["capability"] is dash.no_update
    assert out["message"] is None and out["factor_revert"] == {}  # set to empty
    assert out["data"] is dash.no_update and out["player_revert"] is dash.no_update


def test_a_name_without_an_output_is_an_error_not_a_value_left_out():
    with pytest.raises(TypeError, match="example"):
        change_of(EditorChange, {"data": {}, "example": None})  # the editor has no example picker
    with pytest.raises(TypeError, match="unexpected keyword"):
        change_of(EditorChange, {"nonsense": 1})
    assert change_of(EditorChange, {"read_only": True}).editor_class == "editor read-only"
    assert change_of(EditorChange, {"conflict": True}).save_mine_hidden is False


def test_translated_follows_the_language():
    assert translated("zh").labels["tune"] == "调整"
    assert translated("zh").tabs["tab_data"] == "数据"


# --- through the HTTP endpoint -----------------------------------------------------


def test_a_weight_change_through_the_endpoint(app, post, data):
    weights = {f"{ids.WEIGHTS[c]}.value": w for c, w in data["weights"].items()}
    out = post(edit_body(app, data, WEIGHT, **{**weights, WEIGHT: 0.6}))
    assert out[ids.STORE]["data"]["weights"]["barriers"] == 0.6
    assert out[ids.MESSAGE]["children"] is None
    assert ids.EXAMPLE not in out  # left as it is


@pytest.mark.parametrize(
    ("changed", "values", "message"),
    [
        (WEIGHT, {WEIGHT: "x"}, "Weight of Entry barriers: 'x' is not a number"),
        (WEIGHT, {WEIGHT: [0.5]}, "Weight of Entry barriers: a list is not a number"),
        (WEIGHT, {WEIGHT: math.nan}, "Weight of Entry barriers: nan is not allowed; give a finite number"),
        (f"{ids.TOP}.value", {f"{ids.TOP}.value": "three"}, "Shortlist size: 'three' is not a whole number"),
        (
            f"{ids.FACTOR_GRID}.cellValueChanged",
            {f"{ids.FACTOR_GRID}.cellValueChanged": [{"rowIndex": -1, "colId": "level_2", "value": 6}]},
            "that factor no longer exists; reload the page",
        ),
        (
            f"{ids.REMOVE_FACTOR}.n_clicks",
            {f"{ids.REMOVE_FACTOR}.n_clicks": 1, f"{ids.FACTOR_GRID}.selectedRows": "x"},
            "Select a row first.",
        ),
    ],
)
def test_edit_values_the_page_cannot_send_get_a_message(app, post, data, changed, values, message):
    weights = {f"{ids.WEIGHTS[c]}.value": w for c, w in data["weights"].items()}
    out = post(edit_body(app, data, changed, **{**weights, **values}))
    area = ids.FACTOR_MESSAGE if changed.startswith((ids.FACTOR_GRID, ids.REMOVE_FACTOR)) else ids.MESSAGE
    assert text_of(out[area]["children"]) == f"Change refused; the canvas is unchanged: {message}"
    assert ids.STORE not in out  # the canvas is unchanged


@pytest.mark.parametrize(
    ("changed", "values"),
    [
        (
            f"{ids.FACTOR_GRID}.cellValueChanged",
            {f"{ids.FACTOR_GRID}.cellValueChanged": [{"rowIndex": 0, "colId": None}]},
        ),
        (f"{ids.PLAYER_GRID}.cellValueChanged", {f"{ids.PLAYER_GRID}.cellValueChanged": "x"}),
        (f"{ids.ADD_FACTOR}.n_clicks", {f"{ids.ADD_FACTOR}.n_clicks": 1, f"{ids.LANGUAGE}.value": "xx"}),
        (f"{ids.EXAMPLE}.value", {f"{ids.EXAMPLE}.value": ["coffee_chain"]}),
        (f"{ids.UPLOAD}.contents", {f"{ids.UPLOAD}.contents": 12}),
        (f"{ids.SUBJECT}.value", {f"{ids.SUBJECT}.value": {"name": "Car"}}),
    ],
)
def test_edit_values_the_page_cannot_send_change_nothing(app, post, data, changed, values):
    assert post(edit_body(app, data, changed, **values)) == {}


@pytest.mark.parametrize(
    "stored",
    ["x", None, [1, 2], {"title": "Old"}, "weights as text"],
)
def test_an_unreadable_stored_canvas_is_replaced_with_a_message(app, post, data, stored):
    if stored == "weights as text":
        stored = {**data, "weights": dict.fromkeys(data["weights"], "1")}
    out = post(edit_body(app, stored, WEIGHT, **{WEIGHT: 0.5}))
    assert out[ids.STORE]["data"] == data  # the app's first canvas
    assert text_of(out[ids.MESSAGE]["children"]).startswith("The canvas saved in this browser could not be read")


def test_an_oversized_canvas_in_the_store_is_refused_with_a_message(app, post, data):
    first = data["factors"][0]
    big = {**data, "factors": [{**first, "name": f"F{i}", "note": "n" * 2500} for i in range(1000)]}
    out = post(edit_body(app, big, f"{ids.ADD_FACTOR}.n_clicks", **{f"{ids.ADD_FACTOR}.n_clicks": 1}))
    message = text_of(out[ids.MESSAGE]["children"])
    assert message.endswith("the canvas is 2.6 MB; canvases are limited to 2 MB")
    assert len(out[ids.STORE]["data"]["factors"]) == 8  # replaced by the app's first canvas


def show_body(app, data, shown=None, order="file", language="en"):
    values = {
        f"{ids.STORE}.data": data,
        f"{ids.SHOWN}.value": shown,
        f"{ids.ORDER}.value": order,
        f"{ids.LANGUAGE}.value": language,
        f"{ids.TABS}.value": "canvas",
    }
    return body(app, f"{ids.GRAPH}.figure", values, f"{ids.ORDER}.value")


def on_tab(values: dict, tab: str) -> dict:
    """The views' inputs ``values`` with ``tab`` shown: its own callbacks get the stored canvas
    (assets/views.js passes it on to the shown tab alone)."""
    sources = {f"{ids.TAB_SOURCES[tab]}.data": values[f"{ids.STORE}.data"]} if tab in ids.TAB_SOURCES else {}
    return {**values, f"{ids.TABS}.value": tab, **sources}


def source_of(tab: str) -> str:
    return f"{ids.TAB_SOURCES[tab]}.data"


def test_the_views_through_the_endpoint(app, post, data):
    out = post(show_body(app, data, shown=["Average airline"], order="rank", language="zh"))
    names = [trace["name"] for trace in out[ids.GRAPH]["figure"]["data"] if trace.get("mode") == "lines+markers"]
    assert "Car" not in names and "Southwest" in names
    values = {f"{ids.STORE}.data": data, f"{ids.LANGUAGE}.value": "zh"}
    grids = post(body(app, f"{ids.FACTOR_GRID}.rowData", on_tab(values, "data"), source_of("data")))
    assert grids[ids.PLAYER_GRID]["columnDefs"][0]["headerName"] == "名称"


@pytest.mark.parametrize(
    "request_values",
    [
        {"order": "zzz"},
        {"order": ["file"]},
        {"language": "xx"},
        {"data": "x"},
        {"data": {"title": "Old"}},
    ],
)
def test_views_of_values_the_page_cannot_send_are_not_drawn(app, post, data, request_values):
    arguments = {"data": data, **request_values}
    assert post(show_body(app, **arguments)) == {}


def test_hidden_competitors_are_remembered_only_for_a_canvas(app, post, data):
    def remember(stored, shown):
        values = {f"{ids.SHOWN}.value": shown, f"{ids.STORE}.data": stored}
        return post(body(app, f"{ids.HIDDEN_STORE}.data", values, f"{ids.SHOWN}.value"))

    assert remember(data, ["Car"])[ids.HIDDEN_STORE]["data"] == ["Average airline"]
    assert remember(data, "x")[ids.HIDDEN_STORE]["data"] == []
    assert remember("x", ["Car"]) == {}


def test_the_language_switch_ignores_unknown_languages(app, post):
    def switch(language):
        return post(body(app, ids.label("app_title"), {f"{ids.LANGUAGE}.value": language}, f"{ids.LANGUAGE}.value"))

    assert switch("zh")[ids.label("tune")]["children"] == "调整"
    assert switch("xx") == {}
    assert switch(["zh"]) == {}


def test_a_file_too_large_for_the_upload_is_named_in_a_message(app, post):
    def refused(value, language="en"):
        values = {f"{ids.UPLOAD_REFUSED}.data": value, f"{ids.LANGUAGE}.value": language}
        return post(body(app, f"{ids.MESSAGE}.children", values, f"{ids.UPLOAD_REFUSED}.data"))

    out = refused({"name": "big.yaml", "size": 5 * 1024 * 1024 // 2, "at": 1})
    assert text_of(out[ids.MESSAGE]["children"]) == (
        '"big.yaml" was not opened; the current canvas is unchanged: '
        "big.yaml is 2.5 MB; canvas files are limited to 2 MB"
    )
    assert refused("x") == {}
    assert refused({"name": "big.yaml", "size": 3}, language="xx") == {}


def test_downloads_of_values_the_page_cannot_send_get_a_message(app, post, data):
    def download(stored, button="yaml", scale=2, order="file"):
        values = {
            f"{ids.STORE}.data": stored,
            f"{ids.SCALE}.value": scale,
            f"{ids.ORDER}.value": order,
            f"{ids.LANGUAGE}.value": "en",
            f"{ids.DOWNLOAD_BUTTONS[button]}.n_clicks": 1,
        }
        return post(body(app, f"{ids.DOWNLOAD}.data", values, f"{ids.DOWNLOAD_BUTTONS[button]}.n_clicks"))

    assert download(data)[ids.DOWNLOAD]["data"]["filename"] == "short-haul-air-travel-us-early-1990s.yaml"
    assert "the stored data is not a canvas" in text_of(download("x")[ids.MESSAGE]["children"])
    assert "the scale must be a number" in text_of(download(data, "png", scale="x")[ids.MESSAGE]["children"])
    assert "the order 'zzz'" in text_of(download(data, order="zzz")[ids.MESSAGE]["children"])
    assert post(body(app, f"{ids.DOWNLOAD}.data", {f"{ids.STORE}.data": data}, None)) == {}  # no button pressed


def _shown(edited: dict) -> dict:
    """The views' inputs for the canvas ``edited``, with the Ranking tab open."""
    return {
        f"{ids.STORE}.data": edited,
        f"{ids.SHOWN}.value": ["Average airline", "Car"],
        f"{ids.ORDER}.value": "file",
        f"{ids.LANGUAGE}.value": "en",
        f"{ids.LAYERS}.value": ["target"],
        f"{ids.SEGMENT}.value": "",
        f"{ids.TABS}.value": "ranking",
        f"{ids.TAB_SOURCES['ranking']}.data": edited,
    }


def _stored(app):
    """A new canvas of the workspace, as the page opens it."""
    from positioning.core.config import LOCAL_USER
    from positioning.http.services import services
    from positioning.store.repository import Repository

    return Repository(services(app.server).database, LOCAL_USER).create(
        load_canvas(CONFIGS / "southwest_airlines.yaml")
    )


@pytest.fixture
def fresh():
    """No canvas validated or analysed before the test (both are kept per process, by content)."""
    from positioning.core import analysis
    from positioning.ui import checked

    checked.forget()
    analysis.forget()


def _weight_change(app, post, data, info) -> None:
    """A slider move, as the page sends it: the edit (saved as a new version), then every view of the
    new canvas with the Ranking tab open (chart, banner, diagnosis, ranking table, robustness, tornado)."""
    weights = {f"{ids.WEIGHTS[c]}.value": w for c, w in data["weights"].items()}
    page = {
        f"{ids.CANVAS_ID}.data": info.id,
        f"{ids.VERSION}.data": info.version,
        f"{ids.URL}.pathname": f"/c/{info.id}",
    }
    out = post(edit_body(app, data, WEIGHT, **{**weights, **page, WEIGHT: 0.4321}))
    edited = out[ids.STORE]["data"]
    assert edited["weights"]["barriers"] == 0.4321 and out[ids.VERSION]["data"] == info.version + 1
    shown, changed, source = _shown(edited), f"{ids.STORE}.data", source_of("ranking")
    views = post(body(app, f"{ids.GRAPH}.figure", on_tab(shown, "canvas"), changed))
    diagnosis = post(body(app, f"{ids.DIAGNOSIS}.children", on_tab(shown, "diagnosis"), source_of("diagnosis")))
    ranking = post(body(app, f"{ids.RANKING}.children", shown, source))
    tornado = post(body(app, f"{ids.TORNADO_FACTOR}.options", shown, source))
    assert views[ids.GRAPH]["figure"]["data"] and ranking[ids.RANKING]["children"] and tornado[ids.TORNADO_GRAPH]
    assert diagnosis[ids.DIAGNOSIS]["children"]


def test_one_weight_change_ranks_the_canvas_once(app, post, data, monkeypatch, fresh):
    """The edit and every view of the new canvas rank it once between them."""
    import sys

    from positioning.core import scoring

    real = scoring.rank
    calls = []

    def counting(canvas):
        calls.append(canvas)
        return real(canvas)

    info = _stored(app)
    for module in [m for name, m in sys.modules.items() if name.startswith("positioning")]:
        if getattr(module, "rank", None) is real:
            monkeypatch.setattr(module, "rank", counting)
    _weight_change(app, post, data, info)
    assert len(calls) == 1


def test_one_weight_change_checks_the_weights_not_the_whole_canvas_again(app, post, data, monkeypatch, fresh):
    """The canvas the page shows was checked when it was shown; a weight change checks the weights and
    puts them in that canvas (model_copy), and its save and every view reuse the check (each request
    still checks what the browser sends, by its content)."""
    from positioning.core.model import Canvas, Weights

    info = _stored(app)
    post(body(app, f"{ids.GRAPH}.figure", on_tab(_shown(data), "canvas"), f"{ids.STORE}.data"))  # as it was shown
    real = Canvas.model_validate.__func__
    validated = []

    def counting(cls, *args, **kwargs):
        validated.append(args[0])
        return real(cls, *args, **kwargs)

    real_weights = Weights.model_validate.__func__
    weights = []

    def counting_weights(cls, *args, **kwargs):
        weights.append(args[0])
        return real_weights(cls, *args, **kwargs)

    monkeypatch.setattr(Canvas, "model_validate", classmethod(counting))
    monkeypatch.setattr(Weights, "model_validate", classmethod(counting_weights))
    _weight_change(app, post, data, info)
    assert validated == [] and [w["barriers"] for w in weights] == [0.4321]
