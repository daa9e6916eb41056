"""Annotating the chart in a real Chromium (issue 26 §2): a click on a point fills the form, the note
saved is a version drawn as a callout, it is there after a reload, undo takes it off; a note holding
HTML is drawn as its text."""

from __future__ import annotations

import pytest

from .test_browser import TIMEOUT, new_canvas, open_page, start_server, stop_server, stored, wait_idle

#: Where a player's point on a factor is on the screen.
POINT = """([player, k]) => {
    const gd = document.querySelector('#canvas-graph .js-plotly-plot');
    const trace = gd.data.find(t => t.name === player);
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
    return {x: box.left + xa._offset + xa.l2p(trace.x[k]), y: box.top + ya._offset + ya.l2p(trace.y[k])};
}"""
#: The layout annotations whose text is a note's (they have a border colour).
NOTES = """() => document.querySelector('#canvas-graph .js-plotly-plot').layout.annotations
    .filter(a => a.bordercolor).map(a => ({x: a.x, y: a.y, text: a.text}))"""


@pytest.fixture(scope="module")
def server_url(chromium):
    server = start_server()
    yield f"http://127.0.0.1:{server.server_port}/"
    stop_server(server)


@pytest.fixture
def page(browser, server_url):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    errors: list[str] = []
    yield open_page(context, new_canvas(server_url), errors)
    context.close()
    assert errors == [], errors


def _click_point(page, player: str, k: int) -> None:
    page.locator("#canvas-graph").scroll_into_view_if_needed()
    where = page.evaluate(POINT, [player, k])
    page.mouse.move(where["x"], where["y"])
    page.mouse.click(where["x"], where["y"])
    wait_idle(page)


def _drawn_texts(page) -> list[str]:
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('#canvas-graph .annotation-text-g text')).map(t => t.textContent)"
    )


def test_click_a_point_type_a_note_save_reload_and_undo(page):
    _click_point(page, "Average airline", 1)  # Meals
    page.wait_for_function("() => document.querySelector('#annotation-player').textContent.includes('Average')")
    assert "Meals" in page.inner_text("#annotation-factor")
    page.fill("#annotation-text", "<b>Full meals</b> & snacks")
    page.click("#annotation-save")
    page.wait_for_selector("text=Saved · version 2", timeout=TIMEOUT)
    wait_idle(page)
    assert stored(page)["annotations"] == [
        {"factor": "Meals", "player": "Average airline", "text": "<b>Full meals</b> & snacks"}
    ]
    (note,) = page.evaluate(NOTES)
    assert note["y"] == 6  # at the Average airline's point on Meals
    drawn = " ".join(_drawn_texts(page))
    assert "<b>Full" in drawn and "& snacks" in drawn  # the HTML shown as text, not made bold
    assert page.locator("#canvas-graph .annotation-text-g text b").count() == 0
    page.reload()
    page.wait_for_selector("#canvas-graph .main-svg")
    wait_idle(page)
    assert len(page.evaluate(NOTES)) == 1 and "<b>Full" in " ".join(_drawn_texts(page))
    page.click("#undo-button")
    page.wait_for_selector("text=Saved · version 3")
    wait_idle(page)
    assert page.evaluate(NOTES) == []
    assert "annotations" not in stored(page)


def test_a_note_without_text_is_refused_beside_the_form_and_nothing_is_saved(page):
    page.locator("#annotation-text").scroll_into_view_if_needed()
    page.fill("#annotation-text", "   ")
    page.click("#annotation-save")
    page.wait_for_selector("#annotation-message :text('Type the annotation')")
    assert "annotations" not in stored(page)
