"""The live scoring workshop over HTTP, on a real database (SQLite and PostgreSQL).

The owner's routes check who is asking; the participants' routes need only
the link. Thirty participants score at once through a real threaded HTTP
server, and every score is stored exactly once.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import flask
import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from positioning.core.config import Settings
from positioning.core.model import CRITERIA
from positioning.http.api import install_api
from positioning.rendering.renderer import Renderer
from positioning.store.models import ScoreRow
from positioning.store.workshops import panel_of
from tests.factory import canvas_data, to_yaml

YAML = {"Content-Type": "application/yaml"}
PROXY = Settings(data_folder=Path("data"), database_url="", auth="proxy", trusted_proxies=("127.0.0.1",))
FACTORS = 10


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


def client(server, user: str = "ann"):
    api = server.test_client()
    api.environ_base.update({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_USER": user})
    return api


def _canvas_text() -> str:
    data = canvas_data({"Us": [5] * FACTORS, "Them": [4] * FACTORS}, names=[f"Factor {i}" for i in range(FACTORS)])
    data["factors"][0]["note"] = "<script>alert(1)</script> why it matters"
    return to_yaml(data)


def _started(api) -> tuple[str, str]:
    made = api.post("/api/canvases", data=_canvas_text(), headers=YAML).get_json()
    answer = api.post(f"/api/canvases/{made['id']}/workshops")
    assert answer.status_code == 201
    link = answer.get_json()
    assert link["url"].endswith(f"/w/{link['token']}") and len(link["token"]) >= 32
    return made["id"], link["token"]


@pytest.fixture
def live(database, renderer):
    """The API served over real HTTP from threads (single-user), with a canvas and its workshop started."""
    app = flask.Flask(__name__)
    install_api(app, database, renderer, Settings(data_folder=Path("data"), database_url="", auth="single"))
    http = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{http.server_port}"
    made = _call(base, "POST", "/api/canvases", _canvas_text().encode(), "application/yaml")
    token = _call(base, "POST", f"/api/canvases/{made['id']}/workshops")["token"]
    yield base, made, token
    http.shutdown()
    http.server_close()


def test_the_owner_starts_follows_and_closes_a_workshop(server):
    ann, bob = client(server), client(server, "bob")
    canvas_id, token = _started(ann)
    assert bob.post(f"/api/canvases/{canvas_id}/workshops").status_code == 404  # not bob's canvas
    assert bob.get(f"/api/canvases/{canvas_id}/workshops/{token}").status_code == 404
    person = ann.post(f"/api/workshop/{token}/participants", json={"name": "CFO"}).get_json()
    for criterion in CRITERIA:
        ann.put(
            f"/api/workshop/{token}/participants/{person['id']}/scores",
            json={"factor": "Factor 1", "criterion": criterion, "value": 4},
        )
    status = ann.get(f"/api/canvases/{canvas_id}/workshops/{token}").get_json()
    assert status["cells"] == 4 * FACTORS and not status["closed"]
    assert status["participants"] == [{"name": "CFO", "given": 4, "finished": False}]
    assert status["panel"] == [{"rater": "CFO", "scores": {"Factor 1": dict.fromkeys(CRITERIA, 4.0)}}]
    closed = ann.post(f"/api/canvases/{canvas_id}/workshops/{token}/close").get_json()
    assert closed["closed"] and closed["panel"] == status["panel"]
    late = ann.put(
        f"/api/workshop/{token}/participants/{person['id']}/scores",
        json={"factor": "Factor 2", "criterion": "capability", "value": 3},
    )
    assert late.status_code == 409 and late.get_json()["closed"] is True
    assert ann.post(f"/api/workshop/{token}/participants", json={"name": "Late"}).status_code == 409


def test_a_participant_joins_scores_again_and_finds_their_scores(server):
    api = client(server)
    _, token = _started(api)
    sheet = api.get(f"/api/workshop/{token}").get_json()
    assert [f["name"] for f in sheet["factors"]] == [f"Factor {i}" for i in range(FACTORS)]
    assert sheet["factors"][0]["note"].startswith("<script>")  # as written: the page sets it as text
    assert sheet["scale"] == [1.0, 5.0] and [c["key"] for c in sheet["criteria"]] == list(CRITERIA)
    assert sheet["criteria"][0]["zh"] == "市场吸引力"
    for name in ("", "   ", "x" * 201, "two\nlines", 7):
        assert api.post(f"/api/workshop/{token}/participants", json={"name": name}).status_code == 400
    person = api.post(f"/api/workshop/{token}/participants", json={"name": " Ann "}).get_json()
    assert person["name"] == "Ann" and person["scores"] == {}
    scores = f"/api/workshop/{token}/participants/{person['id']}/scores"
    for bad in (
        {"factor": "Nope", "criterion": "capability", "value": 3},
        {"factor": "Factor 1", "criterion": "price", "value": 3},
        {"factor": "Factor 1", "criterion": "capability", "value": 6},
        {"factor": "Factor 1", "criterion": "capability", "value": True},
        {"factor": "Factor 1", "criterion": "capability", "value": "3"},
    ):
        answer = api.put(scores, json=bad)
        assert answer.status_code == 400 and answer.get_json()["error"]
    assert api.put(scores, data="not json", headers={"Content-Type": "application/json"}).status_code == 400
    assert api.put(scores, json={"factor": "Factor 1", "criterion": "capability", "value": 2}).status_code == 204
    assert api.put(scores, json={"factor": "Factor 1", "criterion": "capability", "value": 4.5}).status_code == 204
    again = api.get(f"/api/workshop/{token}/participants/{person['id']}").get_json()
    assert again["scores"] == {"Factor 1": {"capability": 4.5}}
    assert api.post(f"/api/workshop/{token}/participants/{person['id']}/finish").status_code == 204
    assert api.get(f"/api/workshop/{token}/participants/{person['id']}").get_json()["finished"] is True
    assert api.get("/api/workshop/no-such-token").status_code == 404
    _, other = _started(api)
    assert api.get(f"/api/workshop/{other}/participants/{person['id']}").status_code == 404  # not in that workshop


def test_the_page_is_a_shell_and_names_stay_text(server):
    api = client(server)
    _, token = _started(api)
    page = api.get(f"/w/{token}")
    assert page.status_code == 200 and page.mimetype == "text/html"
    body = page.get_data(as_text=True)
    assert f'data-token="{token}"' in body and '<script src="/w/static/workshop.js"></script>' in body
    assert "评分工作坊" in body  # both languages' words travel with the page
    assert api.get("/w/static/workshop.js").mimetype == "text/javascript"
    assert api.get("/w/static/app.py").status_code == 404
    script = api.get("/w/static/workshop.js").get_data(as_text=True)
    assert "innerHTML" not in script  # names and notes are set as text only


def test_thirty_participants_score_at_once_and_every_score_is_stored_once(database, live):
    base, made, token = live

    def participate(k: int) -> dict[str, dict[str, float]]:
        person = _call(base, "POST", f"/api/workshop/{token}/participants", {"name": f"Rater {k}"})
        sent: dict[str, dict[str, float]] = {}
        for i in range(FACTORS):
            for c, criterion in enumerate(CRITERIA):
                value = float(1 + (k + i + c) % 5)
                if (k + i) % 3 == 0:  # a change of mind: the first value is replaced
                    _score(base, token, person["id"], f"Factor {i}", criterion, 3.0)
                _score(base, token, person["id"], f"Factor {i}", criterion, value)
                sent.setdefault(f"Factor {i}", {})[criterion] = value
        _call(base, "POST", f"/api/workshop/{token}/participants/{person['id']}/finish")
        return sent

    with ThreadPoolExecutor(max_workers=30) as pool:
        sent = list(pool.map(participate, range(30)))
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(ScoreRow)) == 30 * FACTORS * 4
    status = _call(base, "GET", f"/api/canvases/{made['id']}/workshops/{token}")
    assert [p["given"] for p in status["participants"]] == [FACTORS * 4] * 30
    assert all(p["finished"] for p in status["participants"])
    stored = {r["rater"]: r["scores"] for r in status["panel"]}
    assert stored == {f"Rater {k}": sent[k] for k in range(30)}


def _score(base: str, token: str, person: str, factor: str, criterion: str, value: float) -> None:
    body = {"factor": factor, "criterion": criterion, "value": value}
    assert _call(base, "PUT", f"/api/workshop/{token}/participants/{person}/scores", body) is None


def _call(base: str, method: str, path: str, body: object = None, kind: str = "application/json"):
    data = body if isinstance(body, bytes) else None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        base + path, data=data, method=method, headers={"Content-Type": kind} if data else {}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        text = answer.read()
        return json.loads(text) if text else None


def test_panel_of_keeps_complete_factors_and_makes_names_unique():
    from positioning.store.workshops import Participant

    full = dict.fromkeys(CRITERIA, 3.0)
    people = [
        Participant("a", "Ann", True, {"F1": full, "F2": {"capability": 2.0}}),
        Participant("b", "Ann", False, {"F1": full}),
        Participant("c", "Bob", False, {"F2": {"capability": 2.0}}),  # nothing complete: not a rater
    ]
    assert panel_of(people) == [
        {"rater": "Ann", "scores": {"F1": full}},
        {"rater": "Ann (2)", "scores": {"F1": full}},
    ]


def test_a_body_nested_too_deep_is_refused_not_a_server_error(server):
    api = client(server)
    _, token = _started(api)
    deep = "[" * 1000 + "]" * 1000
    answer = api.post(f"/api/workshop/{token}/participants", data=deep, headers={"Content-Type": "application/json"})
    assert answer.status_code == 400 and answer.get_json()["error"] == "send a JSON object"


def test_a_deleted_canvas_closes_its_workshop_links(server):
    api = client(server)
    canvas_id, token = _started(api)
    person = api.post(f"/api/workshop/{token}/participants", json={"name": "Ann"}).get_json()
    assert api.delete(f"/api/canvases/{canvas_id}").status_code == 204
    assert api.get(f"/api/workshop/{token}").status_code == 404
    assert api.post(f"/api/workshop/{token}/participants", json={"name": "Bob"}).status_code == 404
    body = {"factor": "Factor 1", "criterion": "capability", "value": 3}
    assert api.put(f"/api/workshop/{token}/participants/{person['id']}/scores", json=body).status_code == 404


def test_the_participant_cap_holds_when_everyone_joins_at_once(live):
    from positioning.store.workshops import MAX_PARTICIPANTS

    base, made, token = live

    def join(k: int) -> int:
        try:
            _call(base, "POST", f"/api/workshop/{token}/participants", {"name": f"P{k}"})
            return 201
        except urllib.error.HTTPError as refused:
            return refused.code

    with ThreadPoolExecutor(max_workers=40) as pool:
        codes = list(pool.map(join, range(MAX_PARTICIPANTS + 20)))
    assert codes.count(201) == MAX_PARTICIPANTS and codes.count(400) == 20
    status = _call(base, "GET", f"/api/canvases/{made['id']}/workshops/{token}")
    assert len(status["participants"]) == MAX_PARTICIPANTS


def test_rater_names_made_unique_stay_within_the_name_limit():
    from positioning.core.model import Rater
    from positioning.store.workshops import MAX_NAME, Participant

    long = "N" * MAX_NAME
    full = {"F1": dict.fromkeys(CRITERIA, 3.0)}
    raters = panel_of([Participant("a", long, True, full), Participant("b", long, True, full)])
    assert [len(r["rater"]) for r in raters] == [MAX_NAME, MAX_NAME]
    assert raters[1]["rater"].endswith(" (2)")
    for rater in raters:
        Rater.model_validate(rater)  # a valid panel rater
