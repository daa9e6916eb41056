"""A valid canvas file larger once stored (issue 24, item 5): the writer escapes U+10FFFF (4 bytes
in the file) as ``\\U0010FFFF`` (10 bytes), so a file within the 2 MB limit can make stored YAML
over it. Such a canvas is refused with a sentence, by the API (422), the app (a refused edit) and an
import (that file refused, the others kept), and nothing of it is stored."""

from __future__ import annotations

import base64
import io
import json
import zipfile

import flask
import pytest

from positioning.core.config import Settings
from positioning.core.loader import MAX_BYTES, load_canvas, parse_canvas
from positioning.http.api import install_api
from positioning.http.services import services
from positioning.jobs.imports import import_spec, run_import
from positioning.rendering.renderer import Renderer
from positioning.store.repository import Repository, TooLarge
from positioning.ui import ids

from .conftest import ROOT
from .dash_requests import ENDPOINT, edit_body, load_app, response, text_of
from .factory import canvas_data

EXAMPLE = ROOT / "configs" / "southwest_airlines.yaml"
PROXY = Settings(data_folder=ROOT / "data", database_url="", auth="proxy", trusted_proxies=("127.0.0.1",))


def escaped_canvas(factors: int = 340) -> bytes:
    """A valid canvas file of about 0.85 MB: three players named with 199 characters U+10FFFF each,
    written as they are (JSON is YAML), whose stored YAML is about 2.2 MB."""
    names = ["\U0010ffff" * 199 + letter for letter in "ABC"]
    data = canvas_data({name: [5.0] * factors for name in names})
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


@pytest.fixture(scope="module")
def big() -> bytes:
    raw = escaped_canvas()
    assert len(raw) < MAX_BYTES * 0.45  # well within the file limit
    return raw


def test_the_repository_refuses_a_canvas_over_the_limit_as_stored_and_stores_nothing(sqlite_database, big):
    repository = Repository(sqlite_database, "ann")
    with pytest.raises(TooLarge) as refused:
        repository.create(parse_canvas(big))
    assert refused.value.size > MAX_BYTES
    message = refused.value.problems[0].message
    assert "2.1 MB" in message or "2.2 MB" in message or "2.3 MB" in message
    assert "over the 2 MB a canvas may hold" in message and "split it" in message
    assert repository.list() == []


@pytest.fixture
def api(database):
    server = flask.Flask(__name__)
    renderer = Renderer()  # never started: no route here renders
    install_api(server, database, renderer, PROXY)
    client = server.test_client()
    client.environ_base.update({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_USER": "ann"})
    yield client
    renderer.close()


def test_the_api_answers_422_with_a_sentence_and_stores_nothing(api, big):
    yaml = {"Content-Type": "application/yaml"}
    created = api.post("/api/canvases", data=big, headers=yaml)
    assert created.status_code == 422, created.get_data(as_text=True)[:300]
    [problem] = created.get_json()["problems"]
    assert problem.get("line") is None and "as stored, the canvas would take" in problem["message"]
    assert api.get("/api/canvases").get_json() == []
    made = api.post("/api/canvases", data=EXAMPLE.read_bytes(), headers=yaml).get_json()
    put = api.put(f"/api/canvases/{made['id']}", data=big, headers={**yaml, "If-Match": '"1"'})
    assert put.status_code == 422 and "split it" in put.get_json()["problems"][0]["message"]
    assert api.get(f"/api/canvases/{made['id']}").headers["ETag"] == '"1"'


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, raw in files.items():
            archive.writestr(name, raw)
    return buffer.getvalue()


def test_an_import_refuses_that_file_and_keeps_the_others(sqlite_database, big):
    data = _zip({"a.yaml": EXAMPLE.read_bytes(), "huge.yaml": big, "b.yaml": EXAMPLE.read_bytes()})
    repository = Repository(sqlite_database, "ann")
    store = run_import(import_spec(data, "mine.zip"), data, repository, lambda done: None)
    with sqlite_database.session() as session:
        report = json.loads(store(session).data)
    assert [c["file"] for c in report["created"]] == ["a.yaml", "b.yaml"]
    [refused] = report["refused"]
    assert refused["file"] == "huge.yaml" and "as stored, the canvas would take" in refused["problems"][0]
    assert len(repository.list()) == 2


def test_the_app_refuses_the_edit_says_why_and_keeps_the_page_canvas(tmp_path, big):
    app = load_app(Settings(tmp_path, f"sqlite:///{tmp_path / 'p.db'}"))
    repository = Repository(services(app.server).database, "local")
    canvas_id = repository.create(load_canvas(EXAMPLE)).id
    client = app.server.test_client()
    opened = response(
        client.post(ENDPOINT, json=edit_body(app, None, None, **{f"{ids.URL}.pathname": f"/c/{canvas_id}"}))
    )
    page = {f"{ids.CANVAS_ID}.data": canvas_id, f"{ids.VERSION}.data": 1}
    upload = {
        f"{ids.UPLOAD}.contents": "data:application/yaml;base64," + base64.b64encode(big).decode(),
        f"{ids.UPLOAD}.filename": "huge.yaml",
    }
    for language, says in (("en", "as stored, the canvas would take"), ("zh", "保存后的画布 YAML 将达")):
        values = {**page, **upload, f"{ids.LANGUAGE}.value": language}
        request = edit_body(app, opened[ids.STORE]["data"], f"{ids.UPLOAD}.contents", **values)
        answer = response(client.post(ENDPOINT, json=request))
        assert says in text_of(answer[ids.MESSAGE]["children"], language)
        assert answer[ids.STORE]["data"]["title"] == opened[ids.STORE]["data"]["title"]  # the page's canvas stays
        assert "Saved" not in text_of(answer[ids.SAVE_STATUS]["children"])
    assert [info.title for info in repository.list()] == [load_canvas(EXAMPLE).title]


def test_the_list_pages_import_refuses_it_by_name_and_stores_nothing(sqlite_database, big):
    from positioning.ui import workspace

    repository = Repository(sqlite_database, "local")
    url = "data:application/yaml;base64," + base64.b64encode(big).decode()
    outcome = workspace.imported(repository, url, "huge.yaml", "en")
    assert outcome is not None and outcome.go_to is None and outcome.message is not None
    kind, heading, lines = outcome.message
    assert kind == "error" and "huge.yaml" in heading["en"] and "as stored, the canvas would take" in lines[0]["en"]
    assert "保存后的画布 YAML 将达" in lines[0]["zh"] and repository.list() == []
