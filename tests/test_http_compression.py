"""Answers gzipped for a browser that accepts it, the same content once unpacked; the app's fingerprinted
files kept by browsers for a year; Dash's layout and callbacks made once (issue 25, opening a canvas)."""

from __future__ import annotations

import gzip
import json
import random
import re

import flask
import pytest
from dash import html
from dash._utils import to_json

from positioning.http.compression import DYNAMIC_MIN_BYTES, MIN_BYTES, YEAR, Compressed
from positioning.http.fixed import Once
from positioning.ui import ids

from .dash_requests import ENDPOINT, edit_body, load_app
from .factory import canvas_data, to_yaml

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POSITIONING_DATA", str(tmp_path_factory.mktemp("data")))
        yield load_app()


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def _scripts(client) -> list[str]:
    """The scripts and styles the editor's page links, as it links them."""
    page = client.get("/").get_data(as_text=True)
    return re.findall(r'(?:src|href)="(/[^"]+\.(?:js|css)\?[^"]*|/_dash-component-suites/[^"]+)"', page)


def _opening(app, client, factors: int) -> dict:
    """The callback request of a page opening a new canvas of ``factors`` factors."""
    names = [f"Factor {i}" for i in range(factors)]
    scores = {"Us": [i % 10 for i in range(factors)], "Them": [(3 * i) % 10 for i in range(factors)]}
    text = to_yaml(canvas_data(scores, names=names))
    made = client.post("/api/canvases", data=text, headers={"Content-Type": "application/yaml"}).get_json()
    return edit_body(app, None, None, **{f"{ids.URL}.pathname": f"/c/{made['id']}"})


def test_a_large_callback_answer_is_gzipped_for_a_browser_that_accepts_it_and_unpacks_to_the_same(app, client):
    opening = _opening(app, client, 80)
    plain = client.post(ENDPOINT, json=opening)
    packed = client.post(ENDPOINT, json=opening, headers=GZIP)
    assert plain.status_code == packed.status_code == 200 and len(plain.data) > DYNAMIC_MIN_BYTES
    assert "Content-Encoding" not in plain.headers and "Accept-Encoding" in plain.headers["Vary"]
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data)
    assert json.loads(gzip.decompress(packed.data)) == plain.get_json()
    assert packed.headers["Cache-Control"] == "no-store"  # a user's answer is still never stored


def test_the_layout_gzipped_is_the_layout_byte_for_byte(client):
    plain, packed = client.get("/_dash-layout"), client.get("/_dash-layout", headers=GZIP)
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 3


def test_the_apps_scripts_are_gzipped_and_unpack_to_the_files_served_plain(client):
    scripts = _scripts(client)
    assert any(s.startswith("/assets/") for s in scripts) and any("dash_renderer" in s for s in scripts)
    for path in scripts:
        with client.get(path) as plain, client.get(path, headers=GZIP) as packed:
            assert packed.status_code == plain.status_code == 200, path
            assert gzip.decompress(packed.data) == plain.data, path
            assert packed.headers["Content-Encoding"] == "gzip", path


def test_small_answers_head_requests_and_partial_answers_go_as_they_are(app, client):
    with client.get("/healthz", headers=GZIP) as small:  # a few bytes of JSON
        assert small.status_code == 200 and "Content-Encoding" not in small.headers
    with client.post(ENDPOINT, json=_opening(app, client, 2), headers=GZIP) as callback:
        assert MIN_BYTES < len(callback.data) < DYNAMIC_MIN_BYTES  # a user's: not worth compressing each time
        assert "Content-Encoding" not in callback.headers and "Accept-Encoding" in callback.headers["Vary"]
    with client.head("/assets/style.css?m=1", headers=GZIP) as head:
        assert "Content-Encoding" not in head.headers
    with client.get("/assets/style.css?m=1", headers={**GZIP, "Range": "bytes=0-99"}) as part:
        assert part.status_code == 206 and "Content-Encoding" not in part.headers and len(part.data) == 100


def test_an_asset_linked_with_its_fingerprint_is_kept_a_year_and_without_it_is_asked_again(client):
    fingerprinted = next(s for s in _scripts(client) if s.startswith("/assets/style.css?m="))
    with client.get(fingerprinted, headers=GZIP) as kept:
        assert kept.cache_control.max_age == YEAR and kept.cache_control.immutable and kept.cache_control.public
        assert not kept.cache_control.no_cache
        tag, weak = kept.get_etag()
        assert tag and weak  # gzipped: the same content in another encoding
    with client.get(fingerprinted, headers={**GZIP, "If-None-Match": kept.headers["ETag"]}) as again:
        assert again.status_code == 304  # a weak tag still matches
    with client.get("/assets/style.css") as bare:
        assert bare.cache_control.no_cache and bare.get_etag()[0]  # asked again each time, 304 if unchanged
    component = next(s for s in _scripts(client) if "dash_renderer" in s)
    with client.get(component) as script:
        assert script.cache_control.max_age == YEAR and script.cache_control.immutable


def test_public_files_are_compressed_once_and_the_cache_stays_within_its_bound():
    cache = Compressed(limit=3000, level=6)
    first = random.Random(25).randbytes(2000)  # noise: gzip cannot shrink it, so two are over the bound
    packed = cache(first)
    assert gzip.decompress(packed) == first
    assert cache(bytes(first)) is packed and len(cache) == 1  # the same content: the bytes kept
    second = first[::-1]
    cache(second)  # over the bound together: the least recently used goes
    assert len(cache) == 1 and cache(second) is cache(second)
    assert cache(first) is not packed  # dropped, so compressed again


def test_dash_layout_and_callbacks_are_made_once_and_are_what_dash_makes(app, client):
    with app.server.test_request_context():
        fresh = to_json(app.get_layout())
    first = client.get("/_dash-layout")
    assert first.data == fresh.encode()  # byte for byte what Dash serialises
    assert first.content_type == "application/json"
    dependencies = client.get("/_dash-dependencies").get_json()
    before = app.layout
    try:
        app.layout = html.Div("another layout")  # no request may see a layout made after the first answer
        assert client.get("/_dash-layout").data == first.data
    finally:
        app.layout = before
    assert client.get("/_dash-dependencies").get_json() == dependencies
    assert {d["output"] for d in dependencies} >= {c for c in app.callback_map if not c.startswith("{")}


def test_an_answer_that_is_not_200_is_not_kept():
    answers = iter([("busy", 503), ("ok", 200), ("later", 200)])
    view = Once(lambda: next(answers))
    server = flask.Flask(__name__)
    with server.test_request_context():
        assert view().status_code == 503
        assert view().get_data() == b"ok"
        assert view().get_data() == b"ok"
