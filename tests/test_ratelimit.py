"""Limits on guessing share and workshop tokens (positioning.http.ratelimit), on the real app through
Flask's test client, with the counts in the process and in a real Redis server shared by two apps."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import dash
import pytest
import redis

from positioning.core.config import Settings, sqlite_url
from positioning.core.loader import load_canvas
from positioning.http.ratelimit import GuessLimits, MemoryGuesses, RedisGuesses
from positioning.http.services import services
from positioning.store.repository import Repository
from positioning.store.workshops import Workshops
from positioning.ui import ids

from .conftest import ROOT
from .dash_requests import ENDPOINT, body, edit_body, response, text_of
from .waiting import wait_until

EXAMPLE = ROOT / "configs" / "southwest_airlines.yaml"
LIMIT = GuessLimits().failures
BAD = "x" * 32  # a token that opens nothing (real ones are 32 characters too)


@pytest.fixture(scope="module")
def app_module():
    spec = importlib.util.spec_from_file_location("app_for_ratelimit", ROOT / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def folder(tmp_path) -> Path:
    return tmp_path / "data"


def _app(app_module, folder: Path, **settings) -> dash.Dash:
    return app_module.create_app(settings=Settings(folder, sqlite_url(folder), **settings))


@pytest.fixture
def app(app_module, folder) -> dash.Dash:
    return _app(app_module, folder)


def _repository(app: dash.Dash) -> Repository:
    return Repository(services(app.server).database, "local")


def _canvas(app: dash.Dash) -> str:
    return _repository(app).create(load_canvas(EXAMPLE), summary="Created").id


def _client(app: dash.Dash, address: str = "192.0.2.1"):
    """A test client whose requests come from ``address``."""
    client = app.server.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _guess(client, count: int, start: int = 0) -> list[int]:
    """``count`` different wrong workshop tokens asked for; their status codes."""
    codes = []
    for k in range(start, start + count):
        with client.get(f"/api/workshop/{BAD[:-3]}{k:03d}") as answer:
            codes.append(answer.status_code)
    return codes


# --- over HTTP, counts in the process ----------------------------------------------------


def test_wrong_workshop_tokens_are_refused_with_429_after_the_limit_and_only_from_that_address(app):
    token = Workshops(_repository(app)).start(_canvas(app)).token
    guesser = _client(app)
    assert _guess(guesser, LIMIT) == [404] * LIMIT
    with guesser.get(f"/api/workshop/{token}") as refused:  # the right token too, from that address
        assert refused.status_code == 429
        assert 0 < int(refused.headers["Retry-After"]) <= GuessLimits().block
        assert refused.get_json()["error"].startswith("Too many links that open nothing were tried")
        assert refused.get_json()["retry_after"] == int(refused.headers["Retry-After"])
    with guesser.get(f"/w/{token}", headers={"Accept-Language": "zh-CN,zh;q=0.9"}) as page:  # a short page
        assert page.status_code == 429 and page.mimetype == "text/html" and "Retry-After" in page.headers
        assert "尝试次数过多" in page.get_data(as_text=True) and '<html lang="zh-CN">' in page.get_data(as_text=True)
    with _client(app, "192.0.2.2").get(f"/api/workshop/{token}") as other:  # another address: as ever
        assert other.status_code == 200 and other.get_json()["title"].startswith("Short-haul")
    with guesser.get("/api/canvases") as untouched:  # only token requests are refused
        assert untouched.status_code == 200


def test_the_same_wrong_token_again_counts_once(app):
    guesser = _client(app)
    for _ in range(3 * LIMIT):
        assert _guess(guesser, 1) == [404]
    assert _guess(guesser, LIMIT - 2, start=1) == [404] * (LIMIT - 2)  # LIMIT - 1 different ones so far
    assert _guess(guesser, 2, start=100) == [404, 429]


def test_a_workshop_of_thirty_behind_one_address_scores_without_being_limited(app):
    canvas_id = _canvas(app)
    token = Workshops(_repository(app)).start(canvas_id).token
    office = _client(app, "198.51.100.20")
    sheet = office.get(f"/api/workshop/{token}").get_json()
    assert _guess(office, LIMIT - 1) == [404] * (LIMIT - 1)  # a few mistyped links on the way
    for n in range(30):
        person = office.post(f"/api/workshop/{token}/participants", json={"name": f"P{n}"}).get_json()
        assert office.get(f"/api/workshop/{token}").status_code == 200
        for factor in sheet["factors"][:4]:
            for criterion in ("attractiveness", "unmet_need", "capability", "barriers"):
                cell = {"factor": factor["name"], "criterion": criterion, "value": 3}
                path = f"/api/workshop/{token}/participants/{person['id']}/scores"
                assert office.put(path, json=cell).status_code == 204
        assert office.post(f"/api/workshop/{token}/participants/{person['id']}/finish").status_code == 204
    status = Workshops(_repository(app)).status(canvas_id, token)
    assert len(status.participants) == 30 and all(p.finished for p in status.participants)


def test_unknown_participants_and_the_owners_token_routes_count_too(app):
    canvas_id = _canvas(app)
    token = Workshops(_repository(app)).start(canvas_id).token
    guesser = _client(app)
    for k in range(LIMIT - 1):
        assert guesser.get(f"/api/workshop/{token}/participants/nobody{k}").status_code == 404
    assert guesser.delete(f"/api/canvases/{canvas_id}/share/{BAD}").status_code == 404
    assert guesser.get(f"/api/canvases/{canvas_id}/workshops/{token}").status_code == 429


def _route(app, client, path: str) -> str:
    values = {f"{ids.URL}.pathname": path}
    answer = client.post(ENDPOINT, json=body(app, f"{ids.ROOT}.className", values, None))
    return response(answer)[ids.ROOT]["className"]


def _open(app, client, path: str) -> dict:
    return response(client.post(ENDPOINT, json=edit_body(app, None, None, **{f"{ids.URL}.pathname": path})))


def test_share_links_opened_in_the_app_count_and_the_page_says_it_is_refused(app):
    token = _repository(app).share(_canvas(app)).token
    guesser = _client(app)
    # the page's two callbacks both look its token up: one failure
    assert _route(app, guesser, f"/s/{BAD}") == "app page-missing"
    assert "no such canvas" in text_of(_open(app, guesser, f"/s/{BAD}")[ids.MESSAGE]["children"])
    for k in range(LIMIT - 1):
        assert _route(app, guesser, f"/s/{BAD[:-2]}{k:02d}") == "app page-missing"
    assert _route(app, guesser, f"/s/{token}") == "app page-missing page-refused"
    refused = _open(app, guesser, f"/s/{token}")  # a refusal the page shows, not a failed callback
    assert refused[ids.STORE]["data"] is None
    assert "Too many links that open nothing were tried from your network" in text_of(refused[ids.MESSAGE]["children"])
    with guesser.get(f"/s/{token}") as page:
        assert page.status_code == 429 and page.mimetype == "text/html" and int(page.headers["Retry-After"]) > 0
    other = _client(app, "192.0.2.9")
    assert _route(app, other, f"/s/{token}") == "app page-shared read-only"
    assert _open(app, other, f"/s/{token}")[ids.STORE]["data"]["title"].startswith("Short-haul")
    assert other.get(f"/s/{token}").status_code == 200


def test_behind_the_proxy_each_forwarded_client_counts_and_a_forged_header_does_not_help(app_module, folder):
    proxied = _app(app_module, folder, auth="proxy", trusted_proxies=("127.0.0.1",))
    proxy = _client(proxied, "127.0.0.1")

    def ask(client, forwarded: str, k: int) -> int:
        headers = {"X-Forwarded-User": "ann", "X-Forwarded-For": forwarded}
        with client.get(f"/api/workshop/{BAD[:-3]}{k:03d}", headers=headers) as answer:
            return answer.status_code

    # a client's own X-Forwarded-For comes first; the proxy appends the address it saw, which counts
    assert [ask(proxy, f"10.9.9.{k}, 203.0.113.5", k) for k in range(LIMIT + 1)] == [404] * LIMIT + [429]
    assert ask(proxy, "203.0.113.6", 0) == 404
    single = _client(_app(app_module, folder / "single"), "192.0.2.50")  # no proxy trusted: the header means nothing
    assert [ask(single, f"203.0.113.{k}", k) for k in range(LIMIT + 1)] == [404] * LIMIT + [429]


def test_on_a_dual_stack_bind_each_ipv4_client_counts_by_its_own_address(app, app_module, folder):
    """A server bound to ``[::]`` sees IPv4 clients as ``::ffff:a.b.c.d``: not one ``::/64`` for all."""
    token = Workshops(_repository(app)).start(_canvas(app)).token
    guesser = _client(app, "::ffff:192.0.2.1")
    assert _guess(guesser, LIMIT + 1) == [404] * LIMIT + [429]
    with _client(app, "::ffff:192.0.2.2").get(f"/api/workshop/{token}") as other:
        assert other.status_code == 200
    with _client(app, "192.0.2.1").get(f"/api/workshop/{token}") as same:  # the same client over IPv4
        assert same.status_code == 429
    with _client(app, "2001:db8:1:1::7").get(f"/api/workshop/{token}") as ipv6:  # IPv6 still by its /64
        assert ipv6.status_code == 200
    # a login proxy trusted as 127.0.0.1 that reaches a dual-stack server as ::ffff:127.0.0.1
    proxied = _app(app_module, folder / "proxied", auth="proxy", trusted_proxies=("127.0.0.1",))
    headers = {"X-Forwarded-User": "ann", "X-Forwarded-For": "::ffff:203.0.113.5"}
    proxy = _client(proxied, "::ffff:127.0.0.1")
    codes = [proxy.get(f"/api/workshop/{BAD[:-3]}{k:03d}", headers=headers).status_code for k in range(LIMIT + 1)]
    assert codes == [404] * LIMIT + [429]
    assert proxy.get("/api/canvases", headers={**headers, "X-Forwarded-For": "203.0.113.6"}).status_code == 200
    refused = proxy.get(f"/api/workshop/{BAD}", headers={**headers, "X-Forwarded-For": "203.0.113.5"})
    assert refused.status_code == 429  # the forwarded client, mapped or not, is one client
    assert proxy.get(f"/api/workshop/{BAD}", headers={**headers, "X-Forwarded-For": "203.0.113.6"}).status_code == 404


# --- the counters themselves -------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_failures_older_than_the_window_are_forgotten_and_the_refusal_ends():
    clock = Clock()
    guesses = MemoryGuesses(GuessLimits(failures=3, window=60, block=300), clock=clock)
    assert [guesses.failed("a", "k1"), guesses.failed("a", "k2")] == [0, 0]
    clock.now += 61
    assert guesses.failed("a", "k3") == 0  # k1 and k2 are past the window
    assert guesses.failed("a", "k4") == 0 and guesses.failed("a", "k5") == 300
    clock.now += 200
    assert guesses.refused("a") == 100 and guesses.refused("b") == 0
    clock.now += 100
    assert guesses.refused("a") == 0 and guesses.failed("a", "k6") == 0


def test_memory_stays_bounded_forgetting_the_longest_unseen_address():
    guesses = MemoryGuesses(GuessLimits(failures=2), max_addresses=100)
    for n in range(1000):
        guesses.failed(f"10.0.{n // 256}.{n % 256}", "k")
    assert len(guesses) == 100
    assert guesses.failed("10.0.3.231", "other") > 0  # the latest are kept (the 999th address)
    assert guesses.failed("10.0.0.0", "other") == 0  # the first was forgotten


# --- Redis: one count for every worker and server ------------------------------------------


def test_two_app_servers_on_one_redis_share_the_count(app_module, folder, redis_server):
    redis_url = redis_server.url
    first = _app(app_module, folder, redis_url=redis_url)
    second = _app(app_module, folder, redis_url=redis_url)
    token = Workshops(_repository(first)).start(_canvas(first)).token
    half = LIMIT // 2
    assert _guess(_client(first), half) == [404] * half
    assert _guess(_client(second), LIMIT - half, start=half) == [404] * (LIMIT - half)
    assert _client(first).get(f"/api/workshop/{token}").status_code == 429  # each saw half the guesses
    assert _client(second).get(f"/api/workshop/{token}").status_code == 429
    assert _client(second, "192.0.2.77").get(f"/api/workshop/{token}").status_code == 200
    # the same limits in a process alone would not have refused: each app saw only half
    alone = _app(app_module, folder / "alone")
    assert _guess(_client(alone), half) == [404] * half


def test_redis_keys_expire_and_hold_no_token(redis_server):
    server = redis.Redis.from_url(redis_server.url)
    guesses = RedisGuesses(redis_server.url, GuessLimits(failures=3, window=60, block=1))
    assert guesses.failed("192.0.2.1", "hash1") == 0 and guesses.failed("192.0.2.1", "hash1") == 0
    assert guesses.failed("192.0.2.1", "hash2") == 0 and guesses.failed("192.0.2.1", "hash3") == 1
    assert 0 < guesses.refused("192.0.2.1") <= 1 and guesses.refused("192.0.2.2") == 0
    keys = {key.decode(): server.pttl(key) for key in server.keys("*")}
    assert keys.keys() == {"positioning:guesses:refused:192.0.2.1"} and 0 < max(keys.values()) <= 1000
    # Redis's own clock ends the block (the keys expire by themselves): no clock to move here, so wait for it
    wait_until(lambda: guesses.refused("192.0.2.1") == 0 and server.keys("*") == [], 10, "the block to expire")


def test_when_redis_goes_away_token_requests_still_answer_and_the_log_says_so(app_module, folder, redis_server, caplog):
    app = _app(app_module, folder, redis_url=redis_server.url)
    assert _guess(_client(app), 2) == [404, 404]
    redis_server.stop()
    assert _guess(_client(app), LIMIT + 1, start=2) == [404] * (LIMIT + 1)  # not refused: Redis is gone
    assert "Redis cannot be reached" in caplog.text


# --- in a real browser -----------------------------------------------------------------------


def test_a_share_link_page_refused_while_open_says_why_in_the_browser(browser):
    """The address runs out of tries after the page has loaded: its callbacks are refused, and the page
    shows the "not found" section with the reason and when to try again, without a console error."""
    import json
    import urllib.error
    import urllib.request

    from .test_browser import TIMEOUT, new_canvas, start_server, stop_server

    server = start_server()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        canvas_id = new_canvas(base + "/").rstrip("/").rsplit("/", 1)[1]
        with urllib.request.urlopen(
            urllib.request.Request(base + f"/api/canvases/{canvas_id}/share", method="POST")
        ) as a:
            token = json.loads(a.read())["token"]
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tried: list[int] = []

        def guess_first(route) -> None:  # before the page's first callback, this address guesses LIMIT times
            while len(tried) < LIMIT:
                try:
                    urllib.request.urlopen(f"{base}/api/workshop/{BAD[:-3]}{len(tried):03d}")
                except urllib.error.HTTPError as refused:
                    tried.append(refused.code)
            route.continue_()

        page.route("**/_dash-update-component*", guess_first)
        page.goto(base + f"/s/{token}")
        page.wait_for_selector("#missing-page", state="visible")
        page.wait_for_selector("#message .alert-error", state="visible")
        assert "Too many links that open nothing were tried from your network" in page.inner_text("#message")
        assert tried == [404] * LIMIT and not page.is_visible("#editor-page")
        context.close()
        assert errors == [], errors
    finally:
        stop_server(server)
