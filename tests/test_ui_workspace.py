"""The editor on the workspace (positioning.ui.workspace), through Dash's real
callback endpoint on a real SQLite database: a page opens its canvas, every
accepted edit is a new version, a stale page keeps its edit and says so, and
opening an example makes a new canvas instead of replacing the work."""

from __future__ import annotations

import dash
import pytest

from positioning.store.repository import Repository
from positioning.ui import ids
from positioning.ui.workspace import canvas_id_of, summary

from .dash_requests import ENDPOINT, edit_body, load_app, response

WEIGHT = f"{ids.WEIGHTS['barriers']}.value"


@pytest.fixture
def app(tmp_path, monkeypatch) -> dash.Dash:
    monkeypatch.setenv("POSITIONING_DATA", str(tmp_path))
    return load_app()


def _repository(app) -> Repository:
    return Repository(app.server.extensions["positioning.database"], "local")


def _send(app, data, changed, **values):
    return response(app.server.test_client().post(ENDPOINT, json=edit_body(app, data, changed, **values)))


def _open(app, path="/"):
    return _send(app, None, None, **{f"{ids.URL}.pathname": path})


def _weights(data, barriers):
    return {**{f"{ids.WEIGHTS[c]}.value": w for c, w in data["weights"].items()}, WEIGHT: barriers}


def _page(opened):
    return {
        f"{ids.CANVAS_ID}.data": opened[ids.CANVAS_ID]["data"],
        f"{ids.VERSION}.data": opened[ids.VERSION]["data"],
    }


def test_an_accepted_edit_is_saved_as_the_next_version(app):
    opened = _open(app)
    data = opened[ids.STORE]["data"]
    answer = _send(app, data, WEIGHT, **_page(opened), **_weights(data, 0.9))
    assert answer[ids.VERSION]["data"] == 2
    assert answer[ids.SAVE_STATUS]["children"] == "Saved · version 2"
    repository = _repository(app)
    canvas_id = opened[ids.CANVAS_ID]["data"]
    assert next(v.summary for v in repository.versions(canvas_id)) == "Weight of barriers: 0.2 -> 0.9"
    assert "barriers: 0.9" in repository.get(canvas_id).yaml


def test_a_stale_page_keeps_its_edit_says_so_and_can_save_it_as_the_latest(app):
    opened = _open(app)
    data, page = opened[ids.STORE]["data"], _page(opened)
    _send(app, data, WEIGHT, **page, **_weights(data, 0.9))  # another tab saves version 2
    stale = _send(app, data, WEIGHT, **page, **_weights(data, 0.5))
    assert "changed elsewhere" in stale[ids.SAVE_STATUS]["children"]
    assert stale[ids.SAVE_MINE]["hidden"] is False
    kept = stale[ids.STORE]["data"]
    assert kept["weights"]["barriers"] == 0.5  # the edit stays on the page
    canvas_id = page[f"{ids.CANVAS_ID}.data"]
    assert "barriers: 0.9" in _repository(app).get(canvas_id).yaml  # and the other change is not overwritten
    mine = _send(app, kept, f"{ids.SAVE_MINE}.n_clicks", **page, **{f"{ids.SAVE_MINE}.n_clicks": 1})
    assert mine[ids.VERSION]["data"] == 3 and mine[ids.SAVE_MINE]["hidden"] is True
    assert "barriers: 0.5" in _repository(app).get(canvas_id).yaml


def test_opening_an_example_makes_a_new_canvas_and_leaves_the_work_alone(app):
    opened = _open(app)
    answer = _send(
        app,
        opened[ids.STORE]["data"],
        f"{ids.EXAMPLE}.value",
        **_page(opened),
        **{f"{ids.EXAMPLE}.value": "coffee_chain"},
    )
    new_id = answer[ids.CANVAS_ID]["data"]
    assert new_id != opened[ids.CANVAS_ID]["data"] and answer[ids.URL]["pathname"] == f"/c/{new_id}"
    titles = sorted(info.title for info in _repository(app).list())
    assert len(titles) == 2 and "Short-haul air travel (US, early 1990s)" in titles
    assert _repository(app).get(opened[ids.CANVAS_ID]["data"]).info.version == 1


def test_an_unknown_or_someone_elses_canvas_opens_nothing_and_says_so(app):
    answer = _open(app, "/c/nosuchcanvas")
    assert answer[ids.STORE]["data"] is None
    assert "no such canvas" in str(answer[ids.MESSAGE]["children"])


def test_each_page_opens_its_own_canvas(app):
    first = _open(app)
    second_id = _repository(app).duplicate(first[ids.CANVAS_ID]["data"], title="Second").id
    assert _open(app, f"/c/{second_id}")[ids.STORE]["data"]["title"] == "Second"
    assert _open(app, f"/c/{first[ids.CANVAS_ID]['data']}")[ids.STORE]["data"]["title"].startswith("Short-haul")


def test_canvas_ids_come_only_from_canvas_paths():
    assert canvas_id_of("/c/abc_DEF-1") == "abc_DEF-1"
    for path in ("/", "/c/", "/c/a/b", "/s/token", None, 5, "/c/" + "x" * 33):
        assert canvas_id_of(path) is None


def test_summaries_name_the_change():
    before = {"title": "A", "weights": {"barriers": 1}, "factors": [{"name": "Price", "levels": {"Us": 2}}]}
    after = {"title": "A", "weights": {"barriers": 1}, "factors": [{"name": "Price", "levels": {"Us": 3}}]}
    assert summary(before, after) == "Price: Us level 2 -> 3"
    after2 = {**after, "title": "B"}
    assert summary(before, after2) == "Title: A -> B and 1 more change"
    assert summary(before, before) == "Edited"


def test_a_share_link_opens_read_only_and_refuses_edits(app):
    opened = _open(app)
    canvas_id = opened[ids.CANVAS_ID]["data"]
    token = _repository(app).share(canvas_id).token
    page = _open(app, f"/s/{token}")
    assert page[ids.ROOT]["className"] == "app read-only"
    data = page[ids.STORE]["data"]
    assert data["title"].startswith("Short-haul") and page[ids.CANVAS_ID]["data"] is None
    refused = _send(app, data, WEIGHT, **{f"{ids.URL}.pathname": f"/s/{token}"}, **_weights(data, 0.9))
    assert "read-only" in str(refused[ids.MESSAGE]["children"])
    assert refused[ids.STORE]["data"] == data
    assert _repository(app).get(canvas_id).info.version == 1
    _repository(app).revoke(canvas_id, token)
    gone = _open(app, f"/s/{token}")
    assert gone[ids.STORE]["data"] is None and "no such canvas" in str(gone[ids.MESSAGE]["children"])
