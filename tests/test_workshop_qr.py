"""The workshop link as a QR code (issue 26 §4): ``GET /w/<token>/qr.svg`` on a real database, decoded
as a phone would (the SVG drawn by the real Chromium, read by zxing-cpp), answered as the participants'
page for links that open nothing, and limited like every token route."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import zxingcpp
from PIL import Image

from positioning.core.config import Settings, sqlite_url
from positioning.http.ratelimit import GuessLimits

from . import test_workshop
from .dash_requests import load_app
from .test_workshop import YAML, _canvas_text, client

HOST = "https://positioning.example.org"
#: The workshop tests' fixtures: the API on one shared renderer.
renderer, server = test_workshop.renderer, test_workshop.server


def drawn(browser, svg: bytes, module_px: int = 8) -> Image.Image:
    """The SVG as the real Chromium draws it in an <img>, ``module_px`` pixels a module, on grey (so a
    missing white background or quiet zone shows)."""
    side = int(re.search(rb'viewBox="0 0 (\d+) \1"', svg).group(1)) * module_px
    page = browser.new_page(viewport={"width": side + 40, "height": side + 40})
    source = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    page.set_content(f'<body style="margin:20px;background:#888"><img id="qr" src="{source}" width="{side}"></body>')
    page.wait_for_function("() => document.getElementById('qr').complete")
    png = page.locator("#qr").screenshot()
    page.close()
    return Image.open(io.BytesIO(png)).convert("L")


def decoded(image: Image.Image) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(image)]


def test_the_code_holds_exactly_the_workshop_link_with_a_white_quiet_zone(server, browser):
    api = client(server)
    made = api.post("/api/canvases", data=_canvas_text(), headers=YAML, base_url=HOST).get_json()
    started = api.post(f"/api/canvases/{made['id']}/workshops", base_url=HOST).get_json()
    assert started["url"] == f"{HOST}/w/{started['token']}"
    answer = api.get(f"/w/{started['token']}/qr.svg", base_url=HOST)
    assert answer.status_code == 200 and answer.mimetype == "image/svg+xml"
    assert answer.headers["Cache-Control"] == "no-store"
    svg = answer.get_data()
    root = re.match(rb"<svg [^>]*>", svg).group(0)
    assert b"viewBox=" in root and b" width=" not in root and b" height=" not in root  # the page sizes it
    image = drawn(browser, svg)
    assert decoded(image) == [started["url"]]  # exactly the link, nothing else
    quiet = 4 * 8  # four modules of white all round
    width, height = image.size
    for box in ((0, 0, width, quiet), (0, height - quiet, width, height), (0, 0, quiet, height)):
        assert image.crop(box).getextrema() == (255, 255)
    assert image.crop((width - quiet, 0, width, height)).getextrema() == (255, 255)
    assert image.crop((quiet, quiet, width - quiet, height - quiet)).getextrema()[0] == 0  # dark modules inside


def test_a_link_that_opens_nothing_is_answered_as_its_page(server):
    api = client(server)
    made = api.post("/api/canvases", data=_canvas_text(), headers=YAML).get_json()
    token = api.post(f"/api/canvases/{made['id']}/workshops").get_json()["token"]
    assert api.post(f"/api/canvases/{made['id']}/workshops/{token}/close").status_code == 200
    for asked in (token, "x" * 32, "no-such-token"):
        page, code = api.get(f"/w/{asked}"), api.get(f"/w/{asked}/qr.svg")
        assert code.status_code == page.status_code
    assert api.get(f"/w/{token}/qr.svg").mimetype == "image/svg+xml"  # closed: the page says so, the code leads there
    gone = api.get("/w/no-such-token/qr.svg", headers={"Accept-Language": "zh-CN"})
    assert gone.status_code == 404 and "此工作坊链接无效。" in gone.get_data(as_text=True)
    other = api.post("/api/canvases", data=_canvas_text(), headers=YAML).get_json()
    deleted = api.post(f"/api/canvases/{other['id']}/workshops").get_json()["token"]
    assert api.get(f"/w/{deleted}/qr.svg").status_code == 200
    assert api.delete(f"/api/canvases/{other['id']}").status_code == 204  # a canvas in the trash
    assert api.get(f"/w/{deleted}/qr.svg").status_code == api.get(f"/w/{deleted}").status_code == 404


def test_guessing_codes_is_limited_like_every_token_route(tmp_path: Path):
    folder = tmp_path / "data"
    app = load_app(Settings(folder, sqlite_url(folder)))
    guesser = app.server.test_client()
    guesser.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    limit = GuessLimits().failures
    codes = [guesser.get(f"/w/{'y' * 29}{k:03d}/qr.svg").status_code for k in range(limit + 1)]
    assert codes == [404] * limit + [429]
    other = app.server.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.8"
    assert other.get(f"/w/{'y' * 32}/qr.svg").status_code == 404  # another address: as ever


def test_a_workshop_code_for_a_host_too_long_for_any_qr_code_is_refused_not_a_server_error(tmp_path):
    """/w/<token>/qr.svg encodes the link from the request's own host and path prefix; a Host header (or
    a proxy's prefix) of a few thousand characters made segno raise DataOverflowError: a 500 and a
    traceback in the log. It is 414 (the address the app was reached by is too long), said in words."""
    folder = tmp_path / "data"
    app = load_app(Settings(folder, sqlite_url(folder), auth="single"))
    api = app.server.test_client()
    made = api.post("/api/canvases", data=_canvas_text(), headers=YAML).get_json()
    token = api.post(f"/api/canvases/{made['id']}/workshops").get_json()["token"]
    assert api.get(f"/w/{token}/qr.svg").status_code == 200
    long_root = "https://positioning.example.org/" + "p" * 3000
    answer = api.get(f"/w/{token}/qr.svg", base_url=long_root)
    assert answer.status_code == 414
    assert "too long for a QR code" in answer.get_data(as_text=True)
    chinese = api.get(f"/w/{token}/qr.svg", base_url=long_root, headers={"Accept-Language": "zh-CN"})
    assert chinese.status_code == 414 and "无法生成二维码" in chinese.get_data(as_text=True)
