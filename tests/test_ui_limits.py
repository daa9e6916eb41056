"""What the app's server accepts (positioning.ui.limits), through the real
app from app.py: a cap on every request body, sized for the largest request
the page sends, and malformed callback requests refused with a 400."""

from __future__ import annotations

import base64
import json
import logging
import time

import dash
import pytest

from positioning.core.loader import MAX_BYTES
from positioning.output.writer import dump_yaml
from positioning.ui import ids
from positioning.ui.edits import example_data
from positioning.ui.limits import REQUEST_LIMIT, envelope_problem

from .conftest import ROOT
from .dash_requests import ENDPOINT, body, edit_body, load_app, request_of, response, text_of, tracebacks


@pytest.fixture(scope="module")
def app() -> dash.Dash:
    return load_app()


@pytest.fixture
def client(app, caplog):
    caplog.set_level(logging.INFO)
    yield app.server.test_client()
    assert tracebacks(caplog.records) == []


def test_every_route_has_the_cap(app):
    assert app.server.config["MAX_CONTENT_LENGTH"] == REQUEST_LIMIT
    assert 6 * 1024 * 1024 < REQUEST_LIMIT < 8 * 1024 * 1024


@pytest.mark.parametrize("route", [ENDPOINT, "/", "/_dash-layout"])
def test_a_20_mb_body_is_refused_unread_within_a_second(client, route):
    big = b'{"output": "' + b"x" * (20 * 1024 * 1024) + b'"}'
    start = time.perf_counter()
    answer = client.post(route, data=big, content_type="application/json")
    assert time.perf_counter() - start < 1
    if route == ENDPOINT:
        assert answer.status_code == 413
    else:  # routes that take no POST say so first; none reads the body
        assert answer.status_code in (405, 413)


def near_limit_canvas(data, budget: int):
    """1,000 factors with notes, as large as fits ``budget`` bytes both as
    YAML and as compact JSON (each note character adds one byte to both)."""

    def sized(note_length: int):
        first, rest = data["factors"][0], {k: v for k, v in data.items() if k != "segments"}
        big = {**rest, "factors": [{**first, "name": f"F{i}", "note": "n" * note_length} for i in range(1000)]}
        compact = json.dumps(big, ensure_ascii=False, separators=(",", ":")).encode()
        return big, max(len(dump_yaml(big).encode()), len(compact))

    big, size = sized((budget - sized(0)[1]) // 1000)
    assert budget - 1000 < size <= budget
    return big


def test_the_largest_request_the_page_sends_is_accepted(app, client):
    """A file at the size limit dropped on a page whose canvas is at the
    limit too."""
    data = example_data(ROOT / "configs" / "southwest_airlines.yaml")
    canvas = near_limit_canvas(data, MAX_BYTES)
    upload = near_limit_canvas(data, MAX_BYTES)
    upload["title"] = "Uploaded"
    text = dump_yaml(upload).encode()
    contents = "data:application/x-yaml;base64," + base64.b64encode(text).decode()
    request = edit_body(
        app,
        canvas,
        f"{ids.UPLOAD}.contents",
        **{
            f"{ids.UPLOAD}.contents": contents,
            f"{ids.UPLOAD}.filename": "big.yaml",
        },
    )
    assert len(json.dumps(request).encode()) > 4.5 * 1024 * 1024
    out = response(client.post(ENDPOINT, json=request))
    assert text_of(out[ids.MESSAGE]["children"]).startswith("Opened “Uploaded” as a new canvas")


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        (b"[1]", "a callback request is a JSON object"),
        (b"not json", "a callback request is a JSON object"),
        (b'{"output": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}", "a callback request is a JSON object"),
        (b"{}", "the request names no callback of this app"),
        (b'{"output": "nobody.children", "inputs": []}', "the request names no callback of this app"),
    ],
)
def test_a_request_that_is_no_callback_request_gets_400(client, payload, problem):
    answer = client.post(ENDPOINT, data=payload, content_type="application/json")
    assert answer.status_code == 400
    assert problem in answer.get_data(as_text=True)


def test_a_callback_request_with_the_wrong_shape_gets_400(app, client):
    good = body(app, ids.label("app_title"), {f"{ids.LANGUAGE}.value": "zh"}, f"{ids.LANGUAGE}.value")
    assert client.post(ENDPOINT, json=good).status_code == 200
    for bad in (
        {**good, "inputs": []},
        {**good, "inputs": [1]},
        {**good, "inputs": "x"},
        {**good, "state": [{"id": "x", "property": "y"}]},
        {**good, "outputs": "x"},
        {**good, "changedPropIds": ["canvas-store.data"]},
        {**good, "changedPropIds": "language.value"},
    ):
        assert client.post(ENDPOINT, json=bad).status_code == 400, bad


def test_envelope_problem_accepts_what_the_page_sends(app):
    edit = edit_body(app, {}, None)
    assert envelope_problem(edit, app.callback_map) is None
    single = body(app, f"{ids.HIDDEN_STORE}.data", {}, f"{ids.SHOWN}.value")
    assert isinstance(single["outputs"], dict)  # one output is sent on its own
    assert envelope_problem(single, app.callback_map) is None


def test_a_clientside_callback_posted_to_the_server_gets_400(app, client):
    """The browser runs these callbacks itself; a request naming one is crafted, and Dash has no function
    to call for it."""
    in_the_browser = [key for key, spec in app.callback_map.items() if "callback" not in spec]
    assert f"{ids.PAGE_LANGUAGE}.data" in in_the_browser and len(in_the_browser) > 1
    for key in in_the_browser:
        answer = client.post(ENDPOINT, json=request_of(app, key, {}, None))
        assert answer.status_code == 400, key
        assert "runs in the browser" in answer.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "dash/nothing.js",
        "dash/deps/../../x.js",
        "nopackage/x.js",
        "os/x.js",
        "dash_ag_grid/dash_ag_grid.min.js.nothing",
    ],
)
def test_a_component_file_dash_does_not_serve_is_404(client, path):
    assert client.get(f"/_dash-component-suites/{path}").status_code == 404


def test_the_component_files_the_page_loads_are_served(app, client):
    for package, paths in app.registered_paths.items():
        path = sorted(p for p in paths if p.endswith(".js"))[0]
        assert client.get(f"/_dash-component-suites/{package}/{path}").status_code == 200, (package, path)
