"""Version numbers the database cannot hold (issue 24, item 7): past PostgreSQL's integer
(2**31) or SQLite's (2**63) they named no version but failed the query with a 500. The API
answers 404, and the app's callbacks (History's difference, restore, undo, an edit's base
version) answer as for any version that does not exist, on SQLite and PostgreSQL."""

from __future__ import annotations

import logging

import flask
import pytest

from positioning.core.config import Settings
from positioning.core.loader import load_canvas
from positioning.http.api import install_api
from positioning.http.services import services
from positioning.rendering.renderer import Renderer
from positioning.store.models import MAX_VERSION
from positioning.store.repository import Conflict, NotFound, Repository
from positioning.ui import ids

from .conftest import ROOT
from .dash_requests import ENDPOINT, body, edit_body, load_app, response, text_of, tracebacks

EXAMPLE = ROOT / "configs" / "southwest_airlines.yaml"
#: Past PostgreSQL's integer, past SQLite's, and far past both.
TOO_LARGE = (MAX_VERSION + 1, 2**63, 10**30)
PROXY = Settings(data_folder=ROOT / "data", database_url="", auth="proxy", trusted_proxies=("127.0.0.1",))


def test_the_repository_finds_no_version_the_database_cannot_hold(database):
    repository = Repository(database, "ann")
    info = repository.create(load_canvas(EXAMPLE))
    canvas = load_canvas(EXAMPLE)
    for number in (*TOO_LARGE, 0, -1):
        with pytest.raises(NotFound):
            repository.version(info.id, number)
        with pytest.raises(NotFound):
            repository.restore_version(info.id, number)
        with pytest.raises(Conflict):
            repository.save(info.id, canvas, expected=number, summary="x")
    assert [v.version for v in repository.versions(info.id)] == [1]


@pytest.fixture
def api(database):
    server = flask.Flask(__name__)
    renderer = Renderer()  # never started: no route here renders
    install_api(server, database, renderer, PROXY)
    client = server.test_client()
    client.environ_base.update({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_USER": "ann"})
    yield client
    renderer.close()


def test_the_api_answers_404_for_a_version_past_what_the_database_holds(api):
    created = api.post("/api/canvases", data=EXAMPLE.read_bytes(), headers={"Content-Type": "application/yaml"})
    url = f"/api/canvases/{created.get_json()['id']}/versions"
    assert api.get(f"{url}/1").status_code == 200
    for number in TOO_LARGE:
        for answer in (api.get(f"{url}/{number}"), api.post(f"{url}/{number}/restore")):
            assert answer.status_code == 404, (number, answer.get_data(as_text=True))
            assert "error" in answer.get_json()
    assert [v["version"] for v in api.get(url).get_json()] == [1]


@pytest.fixture
def app(database_url, tmp_path, caplog):
    caplog.set_level(logging.INFO)
    yield load_app(Settings(tmp_path, database_url))
    assert tracebacks(caplog.records) == []


def _post(app, request: dict) -> dict:
    return response(app.server.test_client().post(ENDPOINT, json=request))


def _opened(app) -> tuple[str, dict]:
    canvas_id = Repository(services(app.server).database, "local").create(load_canvas(EXAMPLE)).id
    opened = _post(app, edit_body(app, None, None, **{f"{ids.URL}.pathname": f"/c/{canvas_id}"}))
    return canvas_id, opened[ids.STORE]["data"]


def _page(canvas_id: str, version: object) -> dict:
    return {f"{ids.CANVAS_ID}.data": canvas_id, f"{ids.VERSION}.data": version, f"{ids.LANGUAGE}.value": "en"}


def test_crafted_callbacks_with_a_version_past_the_database_change_nothing_and_say_so(app):
    canvas_id, data = _opened(app)
    repository = Repository(services(app.server).database, "local")
    page = _page(canvas_id, 1)
    for number in TOO_LARGE:
        diff = _post(
            app,
            body(
                app,
                f"{ids.HISTORY_DIFF}.children",
                {**page, f"{ids.HISTORY_FROM}.value": 1, f"{ids.HISTORY_TO}.value": number},
                f"{ids.HISTORY_TO}.value",
            ),
        )
        assert "changed" not in text_of(diff.get(ids.HISTORY_DIFF, {}).get("children"))
        restore = {f"{ids.RESTORE_REQUEST}.data": {"action": "restore", "value": number}}
        _post(app, body(app, f"{ids.STORE}.data", {**page, **restore}, f"{ids.RESTORE_REQUEST}.data"))
        stacks = {canvas_id: {"undo": [[number, "an edit"]], "redo": []}}
        undo = {f"{ids.UNDO}.n_clicks": 1, f"{ids.UNDO_STACKS}.data": stacks}
        _post(app, body(app, f"{ids.STORE}.data", {**page, **undo}, f"{ids.UNDO}.n_clicks"))
        for base in (number, str(number)):  # an edit based on such a version, as a number or as text
            weights = {f"{ids.WEIGHTS['barriers']}.value": 0.9}
            edited = edit_body(app, data, f"{ids.WEIGHTS['barriers']}.value", **_page(canvas_id, base), **weights)
            saved = _post(app, edited)
            assert "Saved" not in text_of(saved.get(ids.SAVE_STATUS, {}).get("children"))
    assert [v.version for v in repository.versions(canvas_id)] == [1]


def test_the_pages_version_numbers_are_read_within_what_the_database_holds():
    from positioning.ui import history, inputs

    assert [inputs.version(n) for n in (1, MAX_VERSION, MAX_VERSION + 1, 10**30, 0, True, 2.0)] == [
        1,
        MAX_VERSION,
        None,
        None,
        None,
        None,
        None,
    ]
    # a button's data-value: digits only ("²" is a digit to str.isdigit, and not a number to int())
    assert [history.version_number(text) for text in ("7", "²", "2147483648", "007")] == [7, None, None, 7]
