"""The HTTP API on a real database: every route, its status codes and JSON
fields (a contract), owner isolation, size limits and the OpenAPI description."""

from __future__ import annotations

import json
import re
from pathlib import Path

import flask
import pytest

from positioning.core.config import Settings
from positioning.core.loader import MAX_BYTES
from positioning.http.api import ROUTES, install_api
from positioning.http.services import services
from positioning.http.workshop import ROUTES as WORKSHOP_ROUTES
from positioning.rendering.renderer import Renderer
from positioning.store.db import open_database, upgrade
from tests import old_release
from tests.conftest import ROOT, png_size_bytes
from tests.factory import canvas_data, to_yaml
from tests.old_release import SUMMARIES, previous_release

YAML = {"Content-Type": "application/yaml"}
PROXY = Settings(data_folder=Path("data"), database_url="", auth="proxy", trusted_proxies=("127.0.0.1",))


@pytest.fixture(scope="module")
def renderer():
    shared = Renderer()
    yield shared
    shared.close()


@pytest.fixture
def server(database, renderer):
    app = flask.Flask(__name__)
    install_api(app, database, renderer, PROXY)
    return app


def client(server, user: str | None = "ann", address: str = "127.0.0.1"):
    """A test client coming from ``address`` as ``user`` (None: no user header)."""
    api = server.test_client()
    api.environ_base.update({"REMOTE_ADDR": address})
    if user is not None:
        api.environ_base["HTTP_X_FORWARDED_USER"] = user
    return api


def _text(us: float = 8, title: str = "Air travel") -> str:
    return to_yaml(canvas_data({"Us": [us, 2, 5], "Them": [5, 5, 5]}, title=title))


def _create(api, text: str | None = None) -> dict:
    answer = api.post("/api/canvases", data=text or _text(), headers=YAML)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    return answer.get_json()


def test_create_then_list_then_get_with_its_version_as_etag(server):
    api = client(server)
    created = _create(api)
    assert set(created) == {"id", "version", "url"} and created["version"] == 1
    assert created["url"].endswith(f"/c/{created['id']}")
    listed = api.get("/api/canvases").get_json()
    assert [set(c) for c in listed] == [{"id", "title", "subject", "version", "updated"}]
    assert listed[0]["title"] == "Air travel" and listed[0]["subject"] == "Us"
    got = api.get(f"/api/canvases/{created['id']}")
    assert got.status_code == 200 and got.mimetype == "application/yaml"
    assert got.headers["ETag"] == '"1"' and "title: Air travel" in got.get_data(as_text=True)


def test_an_invalid_file_is_422_with_problems_and_nothing_is_stored(server):
    api = client(server)
    answer = api.post("/api/canvases", data="title: x\nplayers: [{name: Us}]\nsubject: Them\n", headers=YAML)
    assert answer.status_code == 422
    problems = answer.get_json()["problems"]
    assert problems and all(set(p) == {"line", "field", "message"} for p in problems)
    assert any(isinstance(p["line"], int) for p in problems)
    bad_bytes = api.post("/api/canvases", data=b"title: \xff\xfe\n", headers=YAML)
    assert bad_bytes.status_code == 422
    assert api.get("/api/canvases").get_json() == []


def test_put_needs_the_current_version_and_a_stale_one_changes_nothing(server):
    api = client(server)
    canvas_id = _create(api)["id"]
    url = f"/api/canvases/{canvas_id}"
    assert api.put(url, data=_text(9), headers=YAML).status_code == 428
    assert api.put(url, data=_text(9), headers={**YAML, "If-Match": '"1"'}).get_json() == {"version": 2}
    stale = api.put(url, data=_text(1), headers={**YAML, "If-Match": "1"})
    assert stale.status_code == 409 and stale.get_json()["version"] == 2
    assert "levels: {Us: 9, Them: 5}" in api.get(url).get_data(as_text=True)
    assert api.put(url, data="title: [", headers={**YAML, "If-Match": "2"}).status_code == 422
    assert api.get(url).headers["ETag"] == '"2"'


def test_versions_list_one_and_restore(server):
    api = client(server)
    canvas_id = _create(api)["id"]
    url = f"/api/canvases/{canvas_id}"
    first = api.get(url).get_data(as_text=True)
    api.put(url, data=_text(9), headers={**YAML, "If-Match": "1"})
    versions = api.get(url + "/versions").get_json()
    assert [v["version"] for v in versions] == [2, 1]
    assert all(set(v) == {"version", "created", "author", "summary"} for v in versions)
    assert versions[0]["author"] == "ann"
    assert api.get(url + "/versions/1").get_data(as_text=True) == first
    assert api.post(url + "/versions/1/restore").get_json() == {"version": 3}
    assert api.get(url).get_data(as_text=True) == first
    assert api.get(url + "/versions/9").status_code == 404


def test_versions_say_their_summaries_in_the_language_asked_for(server):
    api = client(server)
    canvas_id = _create(api)["id"]
    url = f"/api/canvases/{canvas_id}/versions"
    api.put(f"/api/canvases/{canvas_id}", data=_text(9), headers={**YAML, "If-Match": "1"})
    api.post(url + "/1/restore")
    written = ["Restored version 1", "Updated through the API", "Created through the API"]
    plain = api.get(url)
    listed = plain.get_json()
    assert [v["summary"] for v in listed] == written
    # without lang, the answer is what it always was, byte for byte: the fields in order, no spaces
    same = [
        {"version": v["version"], "created": v["created"], "author": "ann", "summary": v["summary"]} for v in listed
    ]
    assert plain.get_data(as_text=True) == json.dumps(same, separators=(",", ":"))
    assert api.get(url + "?lang=en").get_data() == plain.get_data()
    chinese = api.get(url + "?lang=zh")
    assert chinese.status_code == 200
    assert [v["summary"] for v in chinese.get_json()] == ["恢复第 1 版", "通过 API 更新", "通过 API 创建"]
    assert [{**v, "summary": ""} for v in chinese.get_json()] == [{**v, "summary": ""} for v in listed]
    refused = api.get(url + "?lang=fr")
    assert refused.status_code == 422 and refused.get_json() == {"error": "lang='fr': use one of en, zh"}
    assert api.get("/api/canvases/nope/versions?lang=zh").status_code == 404
    described = api.get("/api/openapi.json").get_json()["paths"]["/api/canvases/{canvas_id}/versions"]["get"]
    assert {"name": "lang", "in": "query", "required": False, "schema": {"type": "string"}} in described["parameters"]
    assert "422" in described["responses"]


def test_versions_saved_by_the_previous_release_read_as_before_and_in_chinese(database_url, renderer):
    database = open_database(database_url)
    previous_release(database)
    upgrade(database)
    app = flask.Flask(__name__)
    install_api(app, database, renderer, PROXY)
    try:
        url = f"/api/canvases/{old_release.CANVAS_ID}/versions"
        api = client(app)
        stored, english, chinese = ([row[i] for row in reversed(SUMMARIES)] for i in range(3))
        assert [v["summary"] for v in api.get(url).get_json()] == stored
        assert [v["summary"] for v in api.get(url + "?lang=en").get_json()] == english
        assert [v["summary"] for v in api.get(url + "?lang=zh").get_json()] == chinese
    finally:
        services(app).queue.close()
        database.close()


def test_delete_to_the_trash_and_restore(server):
    api = client(server)
    canvas_id = _create(api)["id"]
    url = f"/api/canvases/{canvas_id}"
    assert api.delete(url).status_code == 204
    assert api.get("/api/canvases").get_json() == []
    assert api.get(url).status_code == 404
    assert api.post(url + "/restore").status_code == 200
    assert api.get(url).status_code == 200


def test_share_links_and_revoking_them(server):
    api = client(server)
    canvas_id = _create(api)["id"]
    link = api.post(f"/api/canvases/{canvas_id}/share").get_json()
    assert set(link) == {"token", "url"} and len(link["token"]) >= 22
    assert link["url"].endswith(f"/s/{link['token']}")
    assert api.delete(f"/api/canvases/{canvas_id}/share/{link['token']}").status_code == 204
    assert api.delete(f"/api/canvases/{canvas_id}/share/{link['token']}").status_code == 404


def test_someone_elses_canvas_is_404_on_every_route_like_a_missing_one(server):
    canvas_id = _create(client(server, "ann"))["id"]
    bob = client(server, "bob")
    url = f"/api/canvases/{canvas_id}"
    answers = [
        bob.get(url),
        bob.put(url, data=_text(1), headers={**YAML, "If-Match": "1"}),
        bob.delete(url),
        bob.post(url + "/restore"),
        bob.get(url + "/versions"),
        bob.get(url + "/versions/1"),
        bob.post(url + "/versions/1/restore"),
        bob.post(url + "/share"),
        bob.get(url + "/export.yaml"),
    ]
    missing = bob.get("/api/canvases/no-such-canvas")
    assert [a.status_code for a in answers] == [404] * len(answers)
    assert {json.dumps(a.get_json()) for a in answers} == {json.dumps(missing.get_json())}
    assert bob.get("/api/canvases").get_json() == []
    assert client(server, "ann").get(url).headers["ETag"] == '"1"'


def test_a_body_over_the_cap_is_413_and_a_wrong_type_415(server):
    api = client(server)
    answer = api.post("/api/canvases", data=b"#" * (MAX_BYTES + 1), headers=YAML)
    assert answer.status_code == 413 and "MB" in answer.get_json()["error"]
    assert api.post("/api/canvases", data="{}", headers={"Content-Type": "application/json"}).status_code == 415
    assert api.get("/api/canvases").get_json() == []


def test_unidentified_requests_are_401_as_json(server):
    untrusted, nameless = client(server, "ann", "10.0.0.9"), client(server, None)
    for api in (untrusted, nameless):
        answer = api.get("/api/canvases")
        assert answer.status_code == 401 and "error" in answer.get_json()


def test_export_as_files(server, chromium):
    api = client(server)
    canvas_id = _create(api)["id"]
    url = f"/api/canvases/{canvas_id}/export"
    png = api.get(url + ".png?preset=slide-16x9&scale=1")
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert png_size_bytes(png.data) == (1600, 900)
    assert "air-travel.png" in png.headers["Content-Disposition"]
    assert api.get(url + ".yaml").get_data(as_text=True) == api.get(f"/api/canvases/{canvas_id}").get_data(as_text=True)
    assert api.get(url + ".xlsx").data[:2] == b"PK"
    assert api.get(url + ".png?preset=nope").status_code == 400
    assert api.get(url + ".png?scale=abc").status_code == 400
    assert api.get(url + ".gif").status_code == 404
    southwest = (ROOT / "configs" / "southwest_airlines.yaml").read_text(encoding="utf-8")
    url = f"/api/canvases/{_create(api, southwest)['id']}/export"
    svg = api.get(url + ".svg?show=target,importance&segment=Business%20travellers&order=category&lang=zh")
    assert svg.status_code == 200
    text = svg.get_data(as_text=True)
    assert "Business travellers的重视度" in text and "供给水平" in text
    assert api.get(url + ".svg?show=none").status_code == 200
    for bad in ("show=sparkles", "show=,,", "segment=Nobody", "order=alpha", "lang=fr", "preset=nope", "scale=0"):
        for kind in ("svg", "pptx"):
            refused = api.get(url + f".{kind}?" + bad)
            assert refused.status_code == 400 and bad.split("=")[0] in refused.get_json()["error"]


def test_the_openapi_description_lists_every_route(server):
    document = client(server).get("/api/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    operations = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    expected = {
        (
            r.method,
            "/api"
            + r.path.replace("<int:number>", "{number}")
            .replace("<canvas_id>", "{canvas_id}")
            .replace("<token>", "{token}")
            .replace("<kind>", "{kind}")
            .replace("<job_id>", "{job_id}")
            .replace("<participant_id>", "{participant_id}"),
        )
        for r in (*ROUTES, *WORKSHOP_ROUTES)
    }
    assert operations == expected
    schemas = document["components"]["schemas"]
    assert set(schemas["CanvasItem"]["properties"]) == {"id", "title", "subject", "version", "updated"}
    assert set(schemas["Created"]["properties"]) == {"id", "version", "url"}
    assert set(schemas["JobCreated"]["properties"]) == {"id"}
    assert {"state", "progress", "result", "error"} <= set(schemas["JobStatus"]["properties"])


def test_the_openapi_description_is_valid_and_lists_every_route_the_app_serves_under_api(server):
    from openapi_spec_validator import validate

    document = client(server).get("/api/openapi.json").get_json()
    validate(document)
    described = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    served = {
        (method, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule))
        for rule in server.url_map.iter_rules()
        if rule.rule.startswith("/api") and rule.endpoint != "api.no_route"  # the JSON 404 of any other path
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert described == served
    paths, schemas = document["paths"], document["components"]["schemas"]
    export = paths["/api/jobs/export"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert export == {"$ref": "#/components/schemas/ExportRequest"}
    assert set(schemas["ExportRequest"]["properties"]) == {"canvases", "format", "preset"}
    listed = paths["/api/jobs"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert listed == {"type": "array", "items": {"$ref": "#/components/schemas/JobStatus"}}
    one = paths["/api/jobs/{job_id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert one == {"$ref": "#/components/schemas/JobStatus"}
    joined = paths["/api/workshop/{token}/participants"]["post"]["requestBody"]["content"]["application/json"]
    assert joined["schema"] == {"$ref": "#/components/schemas/JoinRequest"}


def test_a_path_under_api_that_is_no_route_is_a_json_404_not_the_apps_page(server):
    api = client(server)
    for method, path in (("GET", "/api/nope"), ("POST", "/api/canvases/x/nope"), ("GET", "/api"), ("GET", "/api/")):
        answer = api.open(path, method=method, follow_redirects=True)
        assert answer.status_code == 404 and answer.mimetype == "application/json", (method, path)
        assert "no such API route" in answer.get_json()["error"]
    assert api.get("/api/canvases").status_code == 200  # the real routes still answer
    assert api.get("/api/canvases/unknown").get_json() == {"error": "no such canvas (or it is not yours)"}
