"""The workspace in a real browser: two tabs hold two canvases, an edit
survives a server restart, a stale tab keeps its edit and can save it, and a
share link opens read-only."""

from __future__ import annotations

import importlib.util
import json
import threading

import pytest
from werkzeug.serving import make_server

from positioning.config import settings_from

from .conftest import ROOT
from .test_browser import (
    TIMEOUT,
    browser,
    edit_cell,
    figure,
    new_canvas,
    open_page,
    stop_server,
    stored,
    tab,
    wait_idle,
)

__all__ = ["browser"]  # the module's browser fixture, shared with test_browser


def _serve(folder):
    spec = importlib.util.spec_from_file_location("app_for_workspace", ROOT / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    app = module.create_app(settings=settings_from({"POSITIONING_DATA": str(folder)}))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def workspace(tmp_path, chromium):
    server = _serve(tmp_path)
    yield tmp_path, f"http://127.0.0.1:{server.server_port}/"
    stop_server(server)


@pytest.fixture
def context(browser):
    opened = browser.new_context(viewport={"width": 1366, "height": 768})
    yield opened
    opened.close()


def _title(page) -> str:
    return figure(page)["title"]


def test_two_tabs_hold_two_canvases_across_reloads(workspace, context):
    _, url = workspace
    errors: list[str] = []
    first = open_page(context, new_canvas(url), errors)
    second = open_page(context, new_canvas(url, ROOT / "configs" / "coffee_chain.yaml"), errors)
    for page in (first, second, first):
        page.reload()
        page.wait_for_selector("#canvas-graph .main-svg")
        wait_idle(page)
    assert _title(first).startswith("<b>Short-haul") and _title(second).startswith("<b>Coffee")
    assert errors == []


def test_an_edit_survives_a_server_restart(tmp_path, context, chromium):
    server = _serve(tmp_path)
    url = f"http://127.0.0.1:{server.server_port}/"
    errors: list[str] = []
    page = open_page(context, new_canvas(url), errors)
    address = page.url
    tab(page, "Data")
    edit_cell(page, 0, "level_2", "6")
    page.wait_for_selector("text=Saved · version 2")
    stop_server(server)
    restarted = _serve(tmp_path)  # a new process would see the same database file
    try:
        moved = address.replace(f":{server.server_port}/", f":{restarted.server_port}/")
        page.goto(moved)
        page.wait_for_selector("#canvas-graph .main-svg")
        wait_idle(page)
        assert stored(page)["factors"][0]["levels"]["Car"] == 6
        assert "Saved · version 2" in page.inner_text("#save-status")
    finally:
        stop_server(restarted)
    assert [e for e in errors if "ERR_CONNECTION_REFUSED" not in e] == []


def test_a_stale_tab_keeps_its_edit_and_can_save_it_as_the_latest(workspace, context):
    _, url = workspace
    errors: list[str] = []
    address = new_canvas(url)
    one, two = open_page(context, address, errors), open_page(context, address, errors)
    for page in (one, two):
        tab(page, "Data")
    edit_cell(one, 0, "level_2", "6")
    one.wait_for_selector("text=Saved · version 2")
    edit_cell(two, 0, "level_2", "7")  # based on version 1
    two.wait_for_selector("text=changed elsewhere")
    assert stored(two)["factors"][0]["levels"]["Car"] == 6  # the other change is not overwritten
    cell = "#factor-grid .ag-row[row-index='0'] .ag-cell[col-id='level_2']"
    assert two.inner_text(cell) == "7"  # and this tab's edit is kept on the page
    two.click("#save-mine")
    two.wait_for_selector("text=Saved · version 3")
    assert stored(two)["factors"][0]["levels"]["Car"] == 7
    assert errors == []


def test_a_share_link_opens_read_only_and_refuses_edits(workspace, context):
    _, url = workspace
    errors: list[str] = []
    owner = open_page(context, new_canvas(url), errors)
    link = owner.evaluate(
        "async () => (await fetch('/api/canvases/' + location.pathname.split('/')[2] + '/share',"
        " {method: 'POST'})).json()"
    )
    viewer = open_page(context, link["url"], errors)
    viewer.set_default_timeout(TIMEOUT)
    assert _title(viewer).startswith("<b>Short-haul")
    assert "Read-only view" in viewer.inner_text("#save-status")
    assert not viewer.is_visible("#template-button")
    tab(viewer, "Data")
    edit_cell(viewer, 0, "level_2", "6")
    viewer.wait_for_selector("text=read-only view of a shared canvas")
    assert stored(owner)["factors"][0]["levels"]["Car"] == 2
    assert errors == []


def test_the_canvas_an_earlier_version_kept_in_the_browser_is_imported_once(workspace, context):
    _, url = workspace
    errors: list[str] = []
    page = open_page(context, new_canvas(url), errors)
    old = stored(page)
    old["title"] = "Kept in the browser"
    page.evaluate("text => localStorage.setItem('canvas-store', text)", json.dumps(old))
    for _ in range(2):  # a second visit imports nothing more
        page.reload()
        page.wait_for_function("() => localStorage.getItem('positioning-imported')")
        wait_idle(page)
    titles = [c["title"] for c in page.evaluate("async () => (await fetch('/api/canvases')).json()")]
    assert titles.count("Kept in the browser") == 1
    canvas_id = page.evaluate("() => localStorage.getItem('positioning-imported')")
    versions = page.evaluate(f"async () => (await fetch('/api/canvases/{canvas_id}/versions')).json()")
    assert versions[0]["summary"] == "Imported from this browser"
    assert page.evaluate("() => localStorage.getItem('canvas-store')")  # the old entry is kept
    assert errors == []
