"""The scoring workshop in a real browser: a participant on a phone, and the facilitator in the app."""

from __future__ import annotations

import json
import urllib.request

import pytest

from .test_browser import TIMEOUT, new_canvas, open_page, start_server, stop_server, tab, wait_idle

CRITERIA = ("attractiveness", "unmet_need", "capability", "barriers")


def _call(base: str, method: str, path: str, body: object = None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        base.rstrip("/") + path, data=data, method=method, headers={"Content-Type": "application/json"} if data else {}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        text = answer.read()
        return json.loads(text) if text else None


def _workshop(app_url: str) -> tuple[str, str]:
    url = new_canvas(app_url)
    canvas_id = url.rstrip("/").rsplit("/", 1)[1]
    return canvas_id, _call(app_url, "POST", f"/api/canvases/{canvas_id}/workshops")["token"]


@pytest.fixture(scope="module")
def app_url(chromium):
    server = start_server()
    yield f"http://127.0.0.1:{server.server_port}/"
    stop_server(server)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield context
    context.close()


def test_a_participant_scores_on_a_phone_and_continues_after_a_reload(phone, app_url):
    canvas_id, token = _workshop(app_url)
    page = phone.new_page()
    page.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(app_url.rstrip("/") + f"/w/{token}")
    page.fill("#ws-name", "<img src=x onerror=alert(1)>Ann")
    page.get_by_role("button", name="Start scoring").click()
    assert page.inner_text("h1.factor") == "Price"
    assert "Point-to-point flights" in page.inner_text(".note")
    for k, criterion in enumerate(page.locator(".criterion").all()):
        with page.expect_response(lambda r: "/scores" in r.url and r.status == 204):
            criterion.get_by_role("radio", name=str(k + 2)).click()
    page.get_by_role("button", name="Next").click()
    assert page.inner_text("h1.factor") == "Meals"
    page.get_by_role("button", name="Next").click()
    assert "Score all four criteria to go on (4 left)" in page.inner_text(".status")
    with page.expect_response(lambda r: "/scores" in r.url and r.status == 204):
        page.locator(".criterion").nth(0).get_by_role("radio", name="1").click()
    page.reload()
    assert page.inner_text("h1.factor") == "Meals"  # where they were
    assert page.locator(".criterion").nth(0).get_by_role("radio", name="1").get_attribute("aria-checked") == "true"
    page.get_by_role("button", name="简体中文").click()
    assert page.inner_text(".progress") == "第 2 个要素，共 8 个"
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    status = _call(app_url, "GET", f"/api/canvases/{canvas_id}/workshops/{token}")
    assert status["participants"] == [{"name": "<img src=x onerror=alert(1)>Ann", "given": 5, "finished": False}]
    assert status["panel"][0]["scores"] == {"Price": dict(zip(CRITERIA, (2.0, 3.0, 4.0, 5.0), strict=True))}
    assert errors == []


def test_the_facilitator_follows_closes_and_can_undo(browser, app_url):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    errors: list[str] = []
    page = open_page(context, new_canvas(app_url), errors)
    page.locator(".workshop summary").click()
    page.click("#workshop-start")
    link = page.locator(".workshop-status input")
    link.wait_for()
    token = link.input_value().rsplit("/", 1)[1]
    sheet = _call(app_url, "GET", f"/api/workshop/{token}")
    for name, value in (("CFO", 5), ("CMO", 1)):
        person = _call(app_url, "POST", f"/api/workshop/{token}/participants", {"name": name})
        for factor in sheet["factors"]:
            for criterion in CRITERIA:
                body = {"factor": factor["name"], "criterion": criterion, "value": value}
                _call(app_url, "PUT", f"/api/workshop/{token}/participants/{person['id']}/scores", body)
    page.wait_for_function(
        "() => document.querySelector('.workshop-status').textContent.includes('2 participants; 0 finished')"
    )
    assert "CFO: 32 of 32 scores" in page.inner_text(".workshop-status")
    page.click("#workshop-close")
    page.wait_for_function("() => document.querySelector('.workshop-status').textContent.includes('No workshop')")
    wait_idle(page)
    tab(page, "Ranking")
    assert "2 raters (CFO, CMO)" in page.inner_text("#panel-view")
    page.click("#undo-button")
    page.wait_for_function("() => !document.querySelector('#panel-view')")
    context.close()
    assert errors == [], errors


# --- issue 23: i23-workshop -------------------------------------------------------------


def _cell(page, row: int, column: str):
    return page.locator(f"#factor-grid .ag-row[row-index='{row}'] .ag-cell[col-id='{column}']")


def test_the_facilitator_sees_what_the_scores_change_and_a_panel_score_is_asked_first(browser, app_url):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    errors: list[str] = []
    page = open_page(context, new_canvas(app_url), errors)
    page.locator(".workshop summary").click()
    page.click("#workshop-start")
    link = page.locator(".workshop-status input")
    link.wait_for()
    token = link.input_value().rsplit("/", 1)[1]
    for name, value in (("CFO", 2), ("CMO", 4)):
        person = _call(app_url, "POST", f"/api/workshop/{token}/participants", {"name": name})
        for criterion in CRITERIA:
            body = {"factor": "Price", "criterion": criterion, "value": value}
            _call(app_url, "PUT", f"/api/workshop/{token}/participants/{person['id']}/scores", body)
    page.wait_for_function(
        "() => document.querySelector('.workshop-preview')?.textContent.includes('Price: panel of 2, composite')"
    )
    assert page.locator("#workshop-discard").is_visible()
    page.screenshot(path="/tmp/i23/workshop-preview.png")
    page.click("#workshop-close")
    page.wait_for_function("() => document.querySelector('.workshop-status').textContent.includes('No workshop')")
    wait_idle(page)
    page.locator(".workshop summary").click()  # the panel folds away
    tab(page, "Data")
    asked: list[str] = []

    def answer(dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss() if len(asked) == 1 else dialog.accept()

    page.on("dialog", answer)
    for attempt in range(2):  # dismissed: the cell goes back; accepted: the factor gets scores of its own
        _cell(page, 0, "score_capability").dblclick()
        editor = page.locator("#factor-grid .ag-cell-inline-editing input")
        editor.fill("5")
        editor.press("Enter")
        for _ in range(100):  # the dialog is answered in its handler
            if len(asked) > attempt:
                break
            page.wait_for_timeout(100)
        wait_idle(page)
        expected = "3" if attempt == 0 else "5"
        page.wait_for_function(
            "([e]) => document.querySelector(\"#factor-grid .ag-row[row-index='0'] "
            ".ag-cell[col-id='score_capability']\")?.textContent.trim() === e",
            arg=[expected],
        )
    assert len(asked) == 2 and "is scored by the panel (CFO, CMO)" in asked[0]
    page.wait_for_function("() => document.querySelector('#save-status').textContent.includes('version 3')")
    context.close()
    assert errors == [], errors
