"""A share or workshop link's page answers with the link's state (positioning.http.links, issue 24 §15):
200 while it opens something, 404 for a made-up one, 410 for a revoked share; the page is the same, so
the browser still shows its sentence. On the real app through Flask's test client."""

from __future__ import annotations

import importlib.util

import pytest

from positioning.core.config import Settings, sqlite_url
from positioning.core.loader import load_canvas
from positioning.http.ratelimit import GuessLimits
from positioning.http.services import services
from positioning.store.repository import Repository
from positioning.store.workshops import Workshops

from .conftest import ROOT

EXAMPLE = ROOT / "configs" / "southwest_airlines.yaml"
MADE_UP = "x" * 32


@pytest.fixture(scope="module")
def app_module():
    spec = importlib.util.spec_from_file_location("app_for_links", ROOT / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def app(app_module, tmp_path):
    folder = tmp_path / "data"
    return app_module.create_app(settings=Settings(folder, sqlite_url(folder)))


def _repository(app) -> Repository:
    return Repository(services(app.server).database, "local")


def _status(client, path: str) -> tuple[int, str]:
    with client.get(path) as answer:
        return answer.status_code, answer.get_data(as_text=True)


def test_share_pages_answer_404_for_a_made_up_link_and_410_for_a_revoked_one(app):
    repository = _repository(app)
    canvas_id = repository.create(load_canvas(EXAMPLE), summary="Created").id
    live, revoked = repository.share(canvas_id).token, repository.share(canvas_id).token
    repository.revoke(canvas_id, revoked)
    client = app.server.test_client()
    page = _status(client, f"/s/{live}")
    assert page[0] == 200 and 'id="_dash-config"' in page[1]
    for path, expected in ((f"/s/{MADE_UP}", 404), (f"/s/{revoked}", 410), (f"/s/{revoked}/", 410)):
        status, html = _status(client, path)
        assert status == expected, path
        assert 'id="_dash-config"' in html  # the app's page: its callbacks say the link opens nothing
        assert client.head(path).status_code == expected
    repository.delete(canvas_id)  # the canvas in the trash: the live link opens nothing now
    assert _status(client, f"/s/{live}")[0] == 404


def test_a_workshop_page_answers_404_for_a_link_that_opens_no_workshop(app):
    repository = _repository(app)
    canvas_id = repository.create(load_canvas(EXAMPLE), summary="Created").id
    workshops = Workshops(repository)
    token = workshops.start(canvas_id).token
    client = app.server.test_client()
    status, html = _status(client, f"/w/{token}")
    assert status == 200 and 'id="workshop"' in html
    workshops.close(canvas_id, token)
    assert _status(client, f"/w/{token}")[0] == 200  # closed: the page says so
    missing = _status(client, f"/w/{MADE_UP}")
    assert missing[0] == 404 and 'id="workshop"' in missing[1]  # the page's script says "gone"
    assert "no-store" in client.get(f"/w/{MADE_UP}").headers["Cache-Control"]


def test_made_up_share_pages_count_as_guesses_without_their_callbacks(app):
    client = app.server.test_client()
    limit = GuessLimits().failures
    codes = [_status(client, f"/s/{MADE_UP[:-3]}{k:03d}")[0] for k in range(limit + 1)]
    assert codes == [404] * limit + [429]
