"""The workshop on the projector (issue 26 §4) in a real Chromium: the facilitator's panel shows the
link as a QR code a phone reads, and the projector view shows the code, the title and the link, and
counts the participants and their scores while they join and score on their phones, without a reload."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from .conftest import ROOT
from .test_browser import TIMEOUT, new_canvas, open_page, start_server, stop_server, wait_idle
from .test_browser_a11y import axe_findings

SHOTS = Path("/tmp/i26-projector")
TITLE = "<img src=x onerror=alert(1)>Southwest & the car"
WORDS = {
    "en": {"button": "Projector view", "people": "participants", "one": "participant", "scores": "scores given"},
    "zh": {"button": "投影视图", "people": "参与人数", "one": "参与人数", "scores": "已提交评分数"},
}


@pytest.fixture(scope="module")
def app_url(chromium):
    server = start_server()
    yield f"http://127.0.0.1:{server.server_port}/"
    stop_server(server)


@pytest.fixture(scope="module")
def canvas_file(tmp_path_factory) -> Path:
    """Southwest, titled with HTML (it must stay text)."""
    text = (ROOT / "configs" / "southwest_airlines.yaml").read_text(encoding="utf-8")
    path = tmp_path_factory.mktemp("projector") / "titled.yaml"
    path.write_text(re.sub(r"(?m)^title: .*$", f'title: "{TITLE}"', text, count=1), encoding="utf-8")
    return path


def _decoded(png: bytes) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def _language(page, language: str) -> None:
    if language == "zh":
        page.locator("#language").get_by_text("简体中文").click()
        page.wait_for_function("() => document.documentElement.lang === 'zh-CN'")
        wait_idle(page)


def _start(page) -> str:
    """Start a workshop from the panel; its link as the panel shows it."""
    page.locator(".workshop summary").click()
    page.click("#workshop-start")
    link = page.locator(".workshop-status input")
    link.wait_for()
    page.wait_for_function("() => document.querySelector('.workshop-qr')?.naturalWidth > 0")
    return link.input_value()


def _counts(page) -> tuple[str, str]:
    view = page.locator("#workshop-projector")
    return (
        view.locator(".projector-participants .projector-number").inner_text(),
        view.locator(".projector-scores .projector-number").inner_text(),
    )


def _wait_counts(page, participants: int, scores: int) -> None:
    page.wait_for_function(
        "([p, s]) => document.querySelector('#workshop-projector .projector-participants .projector-number')"
        "?.textContent === p && document.querySelector('#workshop-projector .projector-scores .projector-number')"
        "?.textContent === s",
        arg=[str(participants), str(scores)],
    )


def _score_on_a_phone(browser, link: str, name: str, count: int) -> None:
    """Join ``link`` as ``name`` in a phone's browser and give ``count`` scores (up to four)."""
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(link)
    page.fill("#ws-name", name)
    page.locator("form button").click()
    page.locator(".criterion").first.wait_for()
    for criterion in page.locator(".criterion").all()[:count]:
        with page.expect_response(lambda r: "/scores" in r.url and r.status == 204):
            criterion.get_by_role("radio", name="3").click()
    phone.close()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_room_scans_the_code_and_the_projector_counts_them_live(browser, app_url, canvas_file, language):
    words = WORDS[language]
    # bypass_csp: only so axe-core can be put in the page (as tests/test_browser_a11y.py does)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, bypass_csp=True)
    errors: list[str] = []
    page = open_page(context, new_canvas(app_url, canvas_file), errors)
    _language(page, language)
    link = _start(page)
    assert re.fullmatch(re.escape(app_url.rstrip("/")) + r"/w/[\w-]{32,}", link)
    code = page.locator(".workshop-qr")
    assert _decoded(code.screenshot()) == [link]  # the panel's code, read as a phone reads it
    assert link in code.get_attribute("alt")
    page.get_by_role("button", name=words["button"]).click()
    view = page.locator("#workshop-projector")
    view.wait_for(state="visible")
    box = view.bounding_box()
    assert box is not None and box["width"] >= 1366 and box["height"] >= 768  # the whole screen
    assert page.evaluate("() => document.fullscreenElement?.id") == "workshop-projector"
    assert view.locator(".projector-title").inner_text() == TITLE  # text, never HTML
    assert view.locator("img").count() == 1 and view.locator("input, select, textarea, a").count() == 0
    assert view.locator("button").count() == 1  # Close: no editing controls
    assert view.locator(".projector-link").inner_text() == link
    assert _counts(page) == ("0", "0") and words["people"] in view.inner_text()
    page.wait_for_function("() => document.querySelector('#workshop-projector .projector-qr')?.naturalWidth > 0")
    assert _decoded(view.locator(".projector-qr").screenshot()) == [link]
    assert axe_findings(page) == []  # the dialog named by its title, the code by its link, contrast
    page.screenshot(path=str(SHOTS / f"projector-1366-{language}-empty.png"))

    _score_on_a_phone(browser, link, "Ann <b>CFO</b>", 4)
    _wait_counts(page, 1, 4)  # without a reload: the panel's poll redraws the view, which stays open
    assert words["one"] in view.locator(".projector-participants").inner_text()
    _score_on_a_phone(browser, link, "Bo", 2)
    _wait_counts(page, 2, 6)
    assert page.evaluate("() => document.fullscreenElement?.id") == "workshop-projector"
    assert words["scores"] in view.locator(".projector-scores").inner_text()
    page.screenshot(path=str(SHOTS / f"projector-1366-{language}.png"))
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / f"projector-1920-{language}.png"))

    page.keyboard.press("Escape")
    view.wait_for(state="hidden")
    assert page.evaluate("() => document.fullscreenElement") is None
    page.wait_for_function("() => document.activeElement?.dataset.projectorOpen === 'workshop-projector'")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.screenshot(path=str(SHOTS / f"panel-1366-{language}.png"))
    context.close()
    assert errors == [], errors


@pytest.mark.parametrize("language", ["en", "zh"])
def test_on_a_narrow_screen_without_full_screen_the_view_covers_the_window(browser, app_url, language):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    # a browser without the Fullscreen API (or one that refuses it): the view is an overlay of the window
    context.add_init_script("Object.defineProperty(Document.prototype, 'fullscreenEnabled', {get: () => false})")
    errors: list[str] = []
    page = open_page(context, new_canvas(app_url), errors)
    _language(page, language)
    link = _start(page)
    code = page.locator(".workshop-qr").bounding_box()
    assert code is not None and code["x"] >= 0 and code["x"] + code["width"] <= 390
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / f"panel-390-{language}.png"))
    opener = page.get_by_role("button", name=WORDS[language]["button"])
    view = page.locator("#workshop-projector")
    for leave in ("Escape", "Close"):
        opener.click()
        view.wait_for(state="visible")
        assert page.evaluate("() => document.fullscreenElement") is None
        page.wait_for_function("() => document.querySelector('#workshop-projector .projector-qr')?.naturalWidth > 0")
        covered = page.evaluate(
            "() => [[5, 5], [195, 422], [385, 839]].every(([x, y]) => "
            "document.elementFromPoint(x, y)?.closest('#workshop-projector'))"
        )
        assert covered  # nothing of the page shows through or lies above it
        qr = view.locator(".projector-qr").bounding_box()
        assert qr is not None and qr["x"] >= 0 and qr["x"] + qr["width"] <= 390 and qr["width"] >= 300
        assert page.evaluate("() => document.getElementById('workshop-projector').scrollWidth") <= 390
        assert _decoded(view.locator(".projector-qr").screenshot()) == [link]
        page.screenshot(path=str(SHOTS / f"projector-390-{language}.png"))
        if leave == "Escape":
            page.keyboard.press("Escape")
        else:
            view.locator("[data-projector-close]").click()
        view.wait_for(state="hidden")
    context.close()
    assert errors == [], errors
