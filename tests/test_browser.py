"""The real app in headless Chromium (Playwright driving /usr/bin/chromium).

Each test gets a fresh browser context (so fresh local storage) and a canvas
of its own (the bundled example, stored through the API) opened in the editor
at /c/<id>, against one app server started for the module; the browser is
shared by the session (tests/conftest.py); every test fails on a browser
console error.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from PIL import Image
from werkzeug.serving import BaseWSGIServer, make_server

from positioning import canvas_from_data, load_canvas, parse_canvas
from positioning.core.config import settings_from
from positioning.ui import ids

from .conftest import ROOT, png_size

TIMEOUT = 30_000


def start_server(data: Path | None = None) -> BaseWSGIServer:
    """The app from app.py, served on a free port from a thread; on the workspace folder ``data`` if given
    (else the environment's)."""
    spec = importlib.util.spec_from_file_location("app_under_test", ROOT / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    settings = settings_from({"POSITIONING_DATA": str(data)}) if data is not None else None
    server = make_server("127.0.0.1", 0, module.create_app(settings=settings).server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def stop_server(server: BaseWSGIServer) -> None:
    """Stop serving and close the port, so the browser's requests are refused."""
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def server_url(chromium) -> Iterator[str]:
    server = start_server()
    yield f"http://127.0.0.1:{server.server_port}/"
    stop_server(server)


def new_canvas(server_url: str, path: Path = ROOT / "configs" / "southwest_airlines.yaml") -> str:
    """The page address of a new canvas holding the file at ``path``."""
    request = urllib.request.Request(
        server_url.rstrip("/") + "/api/canvases",
        data=path.read_bytes(),
        headers={"Content-Type": "application/yaml"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())["url"]


def open_page(context, url: str, errors: list[str]):
    """The app in a new page, once the chart is drawn; console errors go to ``errors``."""
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector("#canvas-graph .main-svg")
    wait_idle(page)
    return page


@pytest.fixture
def page(browser, server_url):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    errors: list[str] = []
    yield open_page(context, new_canvas(server_url), errors)
    context.close()
    assert errors == [], errors


#: Whether Dash has no callback asked for, in flight or waiting to be applied (its renderer's own state, as
#: dash.testing reads it) and no component says it is loading.
IDLE = """() => {
    if (document.querySelector('[data-dash-is-loading="true"]')) return false;
    const state = window.store && window.store.getState();
    if (!state || !state.callbacks) return true;
    const {stored, completed, ...pending} = state.callbacks;
    return Object.values(pending).every(list => !list || list.length === 0);
}"""


def wait_idle(page) -> None:
    """Wait until Dash has no callback in flight (the page's ``networkidle`` fires once, after loading)."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function(IDLE, polling=50)


def figure(page) -> dict:
    return page.evaluate(
        """() => {
            const gd = document.querySelector('#canvas-graph .js-plotly-plot');
            return {data: gd.data.map(t => ({name: t.name, y: t.y})), title: gd.layout.title.text,
                    ytitle: gd.layout.yaxis.title.text};
        }"""
    )


def stored(page) -> dict:
    """The latest version of the page's canvas in the workspace, as data."""
    text = page.evaluate("async () => (await fetch('/api/canvases/' + location.pathname.split('/')[2])).text()")
    return yaml.safe_load(text)


def curve(page, name: str) -> list[float]:
    return next(t["y"] for t in figure(page)["data"] if t["name"] == name)


def tab(page, label: str) -> None:
    page.locator(".tabs").get_by_text(label, exact=True).click()
    wait_idle(page)


def test_default_canvas_is_shown(page):
    assert figure(page)["title"].startswith("<b>Short-haul air travel")
    assert "Strong" in page.inner_text("#verdict-banner")


def test_the_chart_toolbar_keeps_download_and_zoom_and_sends_nothing_away(page):
    page.hover("#canvas-graph")
    titles = page.evaluate(
        "() => Array.from(document.querySelectorAll('#canvas-graph .modebar-btn')).map(b => b.dataset.title)"
    )
    assert "Download plot as a PNG" in titles and "Zoom" in titles and "Reset axes" in titles
    assert not [t for t in titles if "Share" in t or "Cloud" in t or "Chart Studio" in t or "Select" in t]
    assert page.locator("#canvas-graph a[href]").count() == 0  # no link out (the plotly logo is off)


@pytest.mark.parametrize(
    "title",
    [load_canvas(p).title for p in sorted((ROOT / "configs").glob("*.yaml")) if p.stem != "template"],
)
def test_every_bundled_example_opens(page, title):
    page.click("#example-picker")
    page.get_by_role("option", name=title).click()
    page.wait_for_function(
        "t => document.querySelector('#canvas-graph .js-plotly-plot')?.layout.title.text.includes(t)", arg=title
    )
    page.wait_for_function(
        "t => document.querySelector('#message')?.innerText.includes(t)", arg=f"Opened “{title}” as a new canvas"
    )
    assert "/c/" in page.url


def test_the_blank_canvas_opens_as_a_new_canvas_and_the_work_stays(page):
    assert page.is_disabled("#undo-button")
    work = page.url
    page.click("#template-button")
    page.wait_for_function("() => document.querySelector('#canvas-graph .gtitle')?.textContent === 'My market'")
    assert page.url != work and "/c/" in page.url
    page.go_back()  # the work is still there, at its own address
    page.wait_for_function(
        "() => document.querySelector('#canvas-graph .gtitle')?.textContent.startsWith('Short-haul')"
    )
    assert page.url == work


def test_undo_brings_back_the_canvas_before_the_last_change(page):
    tab(page, "Data")
    edit_cell(page, 0, "level_2", "6")
    assert stored(page)["factors"][0]["levels"]["Car"] == 6
    page.click("#undo-button")
    page.wait_for_selector("text=Saved · version 3")  # the undo is a version of its own
    wait_idle(page)
    assert stored(page)["factors"][0]["levels"]["Car"] == 2
    assert page.is_disabled("#undo-button") and not page.is_disabled("#redo-button")


def test_upload_valid_then_invalid_keeps_the_canvas(page, tmp_path: Path):
    good = tmp_path / "coffee.yaml"
    good.write_bytes((ROOT / "configs" / "coffee_chain.yaml").read_bytes())
    page.set_input_files("#upload input[type=file]", str(good))
    page.wait_for_function("() => document.querySelector('#canvas-graph .gtitle')?.textContent.startsWith('Coffee')")
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: Broken\nsubject: A\nplayers:\n  - name: A\n", encoding="utf-8")
    page.set_input_files("#upload input[type=file]", str(bad))
    page.wait_for_selector("#message .alert-error")
    message = page.inner_text("#message")
    assert '"bad.yaml" was not opened; the current canvas is unchanged' in message
    assert "bad.yaml:3: players: needs at least 2 players, found 1" in message
    assert "bad.yaml:1: factors: is required but missing" in message
    assert "Traceback" not in page.content()
    assert figure(page)["title"].startswith("<b>Coffee")
    assert stored(page)["title"].startswith("Coffee")


def test_weight_slider_changes_the_ranking(page):
    tab(page, "Ranking")
    first = page.locator("#ranking-table tbody tr").first
    assert first.inner_text().split("\t")[1].strip() == "Price"
    thumb = page.locator("#weight-attractiveness [role=slider]")
    thumb.focus()
    thumb.press("Home")  # attractiveness weight to 0
    page.wait_for_function(
        "() => document.querySelector('#ranking-table tbody tr td:nth-child(2)')?.textContent === 'Friendly service'"
    )
    assert stored(page)["weights"]["attractiveness"] == 0


def edit_cell(page, row: int, column: str, value: str) -> None:
    cell = page.locator(f"#factor-grid .ag-row[row-index='{row}'] .ag-cell[col-id='{column}']")
    cell.dblclick()
    editor = page.locator("#factor-grid .ag-cell-inline-editing input")
    editor.fill(value)
    # The edit's callback request is under way once Enter is pressed: wait for
    # its answer, not only for a quiet network (which may come before it starts).
    with page.expect_response(lambda answer: "_dash-update-component" in answer.url):
        editor.press("Enter")
    wait_idle(page)


def test_editing_a_level_moves_the_curve_and_survives_reload(page):
    assert curve(page, "Car")[0] == 2
    tab(page, "Data")
    edit_cell(page, 0, "level_2", "6")
    tab(page, "Strategy canvas")
    assert curve(page, "Car")[0] == 6
    page.reload()
    page.wait_for_selector("#canvas-graph .main-svg")
    wait_idle(page)
    assert curve(page, "Car")[0] == 6


def test_an_out_of_range_level_is_refused_with_the_loader_message(page):
    tab(page, "Data")
    edit_cell(page, 0, "level_2", "11")
    page.wait_for_selector("#factor-message .alert-error")
    assert "Price, Car's level: 11 is outside the level scale 0-10" in page.inner_text("#factor-message")
    page.wait_for_function(  # the cell is put back to the stored value
        """() => document.querySelector("#factor-grid .ag-row[row-index='0'] .ag-cell[col-id='level_2']")
                   ?.textContent === '2'""",
        timeout=5000,
    )
    assert stored(page)["factors"][0]["levels"]["Car"] == 2


def test_hide_a_competitor_and_order_by_rank(page):
    page.locator("#competitors-shown").get_by_text("Car", exact=True).click()
    wait_idle(page)
    assert [t["name"] for t in figure(page)["data"] if t["name"] in ("Car", "Average airline")] == ["Average airline"]
    page.reload()  # still hidden after a reload
    page.wait_for_selector("#canvas-graph .main-svg")
    wait_idle(page)
    assert "Car" not in [t["name"] for t in figure(page)["data"]]
    page.locator("#factor-order").get_by_text("By rank").click()
    page.wait_for_function(  # Price, Friendly service, Frequent departures come first
        "() => document.querySelector('#canvas-graph .js-plotly-plot')?.data"
        "?.find(t => t.name === 'Southwest')?.y.slice(0, 3).join() === '2,9,9'"
    )


def test_language_switch(page):
    page.locator("#language").get_by_text("简体中文").click()
    page.wait_for_selector("text=绘制战略布局图")
    wait_idle(page)
    assert figure(page)["ytitle"] == "供给水平"
    assert page.inner_text("#label-tune") == "调整"
    assert "差异化程度：强" in page.inner_text("#verdict-banner")
    # names inside the canvas are shown as written
    assert "Southwest" in page.inner_text("#verdict-banner")
    tab(page, "数据")
    assert page.inner_text("#label-add_factor") == "添加要素"
    assert page.inner_text("#factor-up") == "上移"
    page.reload()  # the choice of language is kept
    page.wait_for_selector("text=战略布局图")
    assert page.inner_text("#upload") == "⇪ 把画布 YAML 或 Excel 文件拖到这里，或点击选择"


def test_downloads_png_and_yaml(page, tmp_path: Path):
    with page.expect_download(timeout=90_000) as info:
        page.click("#download-png")
    png = tmp_path / info.value.suggested_filename
    info.value.save_as(png)
    assert png.name == "short-haul-air-travel-us-early-1990s.png"
    assert png_size(png) == (3200, 1800)  # 16:9 slide at the default scale 2

    with page.expect_download() as info:
        page.click("#download-yaml")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert parse_canvas(text) == canvas_from_data(stored(page))
    assert yaml.safe_load(text)["title"] == "Short-haul air travel (US, early 1990s)"


def test_an_unknown_canvas_says_so(page, server_url):
    page.goto(server_url.rstrip("/") + "/c/nosuchcanvas")
    page.wait_for_selector("#missing-page", state="visible")
    assert "There is no such canvas, or it is not yours." in page.inner_text("#missing-page")
    assert not page.is_visible("#editor-page")
    page.click("#missing-page a")
    page.wait_for_selector("#list-page", state="visible")


def test_powerpoint_download(page, tmp_path: Path):
    from pptx import Presentation

    page.locator("#competitors-shown").get_by_text("Car", exact=True).click()  # the deck honours what is shown
    page.locator("#factor-order").get_by_text("By rank").click()
    wait_idle(page)
    with page.expect_download(timeout=90_000) as info:
        page.click("#download-pptx")
    assert info.value.suggested_filename == "short-haul-air-travel-us-early-1990s.pptx"
    deck = Presentation(info.value.path())
    # title, summary, canvas, editable chart, ranking, robustness, diagnosis, voice, ERRC, glossary
    assert len(deck.slides) == 10
    chart = next(shape.chart for shape in deck.slides[3].shapes if shape.has_chart)
    assert [s.name for s in chart.plots[0].series] == ["Average airline", "Southwest"]
    assert next(iter(chart.plots[0].categories)) == "Price"  # by rank


def test_a_file_over_the_size_limit_is_named_in_a_message(page, tmp_path: Path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (5 * 1024 * 1024 // 2 - 3) + b"\n")  # 2.5 MB
    page.set_input_files(f"#{ids.UPLOAD} input[type=file]", str(big))
    page.wait_for_selector(f"#{ids.MESSAGE} .alert-error")
    assert page.inner_text(f"#{ids.MESSAGE}") == (
        '"big.yaml" was not opened; the current canvas is unchanged:\n'
        "big.yaml is 2.5 MB; canvas files are limited to 2 MB"
    )
    assert figure(page)["title"].startswith("<b>Short-haul")


def drop_file(page, name: str, content: str | None, size: int = 0, upload: str = ids.UPLOAD) -> None:
    """Drop a file on the upload as a mouse drag would: ``content``, or ``size`` zero bytes."""
    page.evaluate(
        """([id, name, content, size]) => {
            const file = new File([content ?? new Uint8Array(size)], name);
            const transfer = new DataTransfer();
            transfer.items.add(file);
            const zone = document.querySelector(`#${id} input[type=file]`).parentElement;
            for (const type of ["dragenter", "dragover", "drop"]) {
                zone.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: transfer}));
            }
        }""",
        [upload, name, content, size],
    )


def test_a_dropped_file_over_the_size_limit_is_named_and_a_small_one_opens(page):
    drop_file(page, "dropped.yaml", None, size=3 * 1024 * 1024)
    page.wait_for_selector(f"#{ids.MESSAGE} .alert-error")
    assert "dropped.yaml is 3 MB; canvas files are limited to 2 MB" in page.inner_text(f"#{ids.MESSAGE}")
    coffee = (ROOT / "configs" / "coffee_chain.yaml").read_text(encoding="utf-8")
    drop_file(page, "coffee.yaml", coffee)
    page.wait_for_function("() => document.querySelector('#canvas-graph .gtitle')?.textContent.startsWith('Coffee')")
    assert stored(page)["title"].startswith("Coffee")


def slider_value(page, component_id: str) -> float:
    return float(page.get_attribute(f"#{component_id} [role=slider]", "aria-valuenow"))


def test_a_weight_change_the_server_never_gets_is_undone_with_a_message(browser):
    server = start_server()
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    errors: list[str] = []
    try:
        page = open_page(context, new_canvas(f"http://127.0.0.1:{server.server_port}/"), errors)
        weight = ids.WEIGHTS["attractiveness"]
        assert slider_value(page, weight) == 0.4
        stop_server(server)
        thumb = page.locator(f"#{weight} [role=slider]")
        thumb.focus()
        thumb.press("Home")  # to 0, which the server never hears of
        page.wait_for_selector(f"#{ids.MESSAGE} .alert-error")
        assert page.inner_text(f"#{ids.MESSAGE}") == "Not saved: the server could not be reached"
        page.wait_for_function(  # the slider shows the saved weight again
            "id => document.querySelector(`#${id} [role=slider]`)?.getAttribute('aria-valuenow') === '0.4'",
            arg=weight,
        )
        page.wait_for_timeout(1000)  # putting the slider back fires the edit again: it must not loop
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url) if "_dash-update-component" in r.url else None)
        page.wait_for_timeout(1000)
        assert requests == []
    finally:
        context.close()
        stop_server(server)  # again, in case the test failed before
    # The browser and Dash report each refused request; nothing else may go wrong.
    expected = ("net::ERR_CONNECTION_REFUSED", "Callback failed: the server did not respond")
    assert [e for e in errors if not any(text in e for text in expected)] == [], errors


def choose(page, dropdown: str, option: str) -> None:
    """Pick ``option`` in a dropdown: from the open menu, else by typing its start; a menu that a late
    re-render closed is opened again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(3):
        wait_idle(page)
        page.keyboard.press("Escape")  # no other menu left open over this one
        page.locator(dropdown).scroll_into_view_if_needed()
        page.locator(dropdown).click()
        wanted = page.get_by_role("option", name=option)
        try:
            wanted.click(timeout=1_500)  # a short menu shows it at once
            return
        except PlaywrightTimeout:
            page.keyboard.type(option[:8])
        try:
            wanted.click(timeout=5_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"{option!r} never showed in {dropdown}")


def test_ranking_says_how_sure_it_is_and_the_tornado_keeps_its_factor(page):
    tab(page, "Ranking")
    rows = page.locator("#ranking-table tbody tr")
    assert rows.first.locator("td.chance").inner_text().strip() == "100%"
    assert rows.first.locator("td.rank-range").inner_text().strip() in ("1", "1–2", "1–3")
    summary = page.inner_text("#robustness-summary")
    assert "weight samples" in summary and "The shortlist changes just past the point where" in summary
    caption = page.locator("#tornado-caption")
    assert caption.inner_text().startswith("Frequent point-to-point departures: composite")  # the last shortlisted
    choose(page, "#tornado-factor", "Hub connectivity")
    page.wait_for_function(
        "() => document.querySelector('#tornado-caption').textContent.startsWith('Hub connectivity')"
    )
    bars = page.evaluate("() => document.querySelector('#tornado-graph .js-plotly-plot').data.map(t => t.x.length)")
    assert bars == [4, 4]
    thumb = page.locator("#weight-attractiveness [role=slider]")
    thumb.focus()
    thumb.press("Home")
    page.wait_for_function(
        "() => document.querySelector('#ranking-table tbody tr td:nth-child(2)')?.textContent === 'Friendly service'"
    )
    wait_idle(page)
    assert caption.inner_text().startswith("Hub connectivity: composite")  # the choice outlives the edit


def trace_names(page) -> list[str]:
    return [t["name"] for t in figure(page)["data"]]


def test_the_customers_voice_from_the_grid_to_the_chart_and_the_diagnosis(page):
    tab(page, "Data")
    edit_cell(page, 1, "importance", "4.5")  # Meals; the other factors start where the segments put them
    page.wait_for_selector("#factor-message .alert-ok")
    assert "the importance the customer segments give them" in page.inner_text("#factor-message")
    assert [f["importance"] for f in stored(page)["factors"]][:3] == [4.3, 4.5, 1.7]
    page.click(f"#{ids.ADD_SEGMENT}")
    wait_idle(page)
    page.wait_for_selector(f"#{ids.SEGMENT_GRID} .ag-row[row-index='2']")
    assert [g["name"] for g in stored(page)["segments"]][-1] == "Segment 1"
    tab(page, "Strategy canvas")
    assert "Customer importance" not in trace_names(page)  # off until asked for
    page.locator(f"#{ids.LAYERS}").get_by_text("Customer importance").click()
    page.wait_for_function(
        "() => document.querySelector('#canvas-graph .js-plotly-plot').data.some(t => t.type === 'bar')"
    )
    assert "Customer importance" in trace_names(page)
    choose(page, f"#{ids.SEGMENT}", "Leisure travellers")
    page.wait_for_function(
        "() => document.querySelector('#canvas-graph .js-plotly-plot').data"
        ".some(t => t.name === 'Importance to Leisure travellers')"
    )
    choose(page, f"#{ids.CATEGORY_FILTER}", "Relationship")
    page.wait_for_function(  # only Friendly service is left
        "() => document.querySelector('#canvas-graph .js-plotly-plot')?.data"
        "?.find(t => t.name === 'Southwest')?.y.length === 1"
    )
    assert "1 of 8 factors shown" in page.evaluate(
        "() => document.querySelector('#canvas-graph .js-plotly-plot').layout.title.subtitle.text"
    )
    tab(page, "Diagnosis")
    voice = page.inner_text(f"#{ids.VOICE}")
    assert "Alignment weighs Southwest's lead by the customers' importance." in voice
    assert (
        page.inner_text(f"#{ids.ERRC_BASIS}")
        == "Where today's curve (as-is) stands against the industry, the competitors' average."
    )


def test_decks_are_built_on_the_template_the_user_chose(page, tmp_path: Path):
    from pptx import Presentation
    from pptx.util import Inches

    client = tmp_path / "client.pptx"
    Presentation().save(client)  # python-pptx's 4:3 default: a template unlike ours
    page.set_input_files(f"#{ids.DECK_TEMPLATE} input[type=file]", str(client))
    page.wait_for_function(
        f"() => document.querySelector('#{ids.DECK_TEMPLATE_NAME}').textContent.includes('client.pptx')"
    )
    page.reload()  # kept on the server
    page.wait_for_selector("#canvas-graph .main-svg")
    wait_idle(page)
    assert page.inner_text(f"#{ids.DECK_TEMPLATE_NAME}") == "Decks use your template client.pptx."
    with page.expect_download(timeout=90_000) as info:
        page.click("#download-pptx")
    assert Presentation(info.value.path()).slide_width == Inches(10)
    big = tmp_path / "big.potx"
    big.write_bytes(b"0" * (5 * 1024 * 1024))
    page.set_input_files(f"#{ids.DECK_TEMPLATE} input[type=file]", str(big))
    page.wait_for_selector(f"#{ids.MESSAGE} .alert-error")
    assert "deck templates are limited to 4 MB here" in page.inner_text(f"#{ids.MESSAGE}")
    page.click(f"#{ids.DECK_TEMPLATE_CLEAR}")
    page.wait_for_function(
        f"() => document.querySelector('#{ids.DECK_TEMPLATE_NAME}').textContent.includes('default template')"
    )


def test_the_chart_fits_its_labels_to_its_width_on_the_page(browser, server_url):
    """Labels whole at a wide window; a window too narrow for whole labels scrolls the chart instead."""
    # 1366: the legend goes under the plot rather than the chart scroll; 800: too narrow even so
    for width, scrolls in ((1920, False), (1366, False), (800, True)):
        context = browser.new_context(viewport={"width": width, "height": 1000})
        errors: list[str] = []
        page = open_page(context, new_canvas(server_url, ROOT / "configs" / "coffee_chain.yaml"), errors)
        page.wait_for_function(  # the measured width has reached the server and come back as the figure
            "() => document.querySelector('#canvas-graph .js-plotly-plot').layout.xaxis.ticktext.length === 9"
        )
        wait_idle(page)
        labels = page.evaluate("() => document.querySelector('#canvas-graph .js-plotly-plot').layout.xaxis.ticktext")
        box = page.evaluate("() => ['clientWidth', 'scrollWidth'].map(k => document.querySelector('.graph-scroll')[k])")
        assert not [label for label in labels if "…" in label], labels  # whole, at every width
        assert (box[1] > box[0]) is scrolls, box
        context.close()
        assert errors == [], errors


_PLOT_SHARE = """() => {
  const graph = document.querySelector('#canvas-graph');
  const plot = graph.querySelector('.nsewdrag').getBoundingClientRect();
  const legend = graph.querySelector('.legend').getBoundingClientRect();
  const labels = Array.from(graph.querySelectorAll('.xtick text')).map(t => t.getBoundingClientRect().bottom);
  return {share: plot.height / graph.getBoundingClientRect().height, labels: Math.max(...labels), count: labels.length,
          legendTop: legend.top, legendLeft: legend.left, plotRight: plot.right,
          page: document.documentElement.scrollWidth};
}"""


def test_the_plot_has_half_the_chart_at_1366x768_with_the_legend_under_it_and_on_a_phone(browser, server_url):
    url = new_canvas(server_url, ROOT / "configs" / "coffee_chain.yaml")
    for width, height in ((1366, 768), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        errors: list[str] = []
        page = open_page(context, url, errors)
        page.wait_for_function(
            "() => document.querySelector('#canvas-graph .js-plotly-plot').layout.xaxis.ticktext.length === 9"
        )
        wait_idle(page)
        page.wait_for_function(  # plotly has drawn at the chart's new height (it follows a resize a moment later)
            """() => { const g = document.querySelector('#canvas-graph');
                       return Math.abs(g.querySelector('.main-svg').getBoundingClientRect().height
                                       - g.getBoundingClientRect().height) < 2; }"""
        )
        seen = page.evaluate(_PLOT_SHARE)
        assert seen["count"] == 9 and seen["share"] >= 0.5, seen
        assert seen["page"] <= width, seen  # the chart scrolls in its own box, not the page
        assert seen["legendTop"] > seen["labels"], seen  # the legend under the factor labels, the chart unscrolled
        if width == 1366:
            assert seen["labels"] <= height, seen  # the labels above the fold
        context.close()
        assert errors == [], errors


def test_the_tab_shown_is_kept_across_a_reload_and_the_page_speaks_the_chosen_language(page):
    assert page.evaluate("() => [document.documentElement.lang, document.title]") == ["en", "Positioning workbench"]
    tab(page, "Diagnosis")
    page.reload()
    page.wait_for_selector(f"#{ids.DIAGNOSIS} .banner")  # the Diagnosis tab, shown again
    wait_idle(page)
    assert page.locator(".tabs .tab--selected").inner_text() == "Diagnosis"
    page.locator("#language").get_by_text("简体中文").click()
    page.wait_for_function("() => document.documentElement.lang === 'zh-CN'")
    assert page.evaluate("() => document.title") == "差异化定位工作台"


_GRID_LOOK = """() => {
  const grid = document.querySelector('#factor-grid');
  const cut = Array.from(grid.querySelectorAll('.ag-header-cell-text, .ag-header-group-text'))
    .filter(e => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1).map(e => e.textContent);
  const numbers = Array.from(grid.querySelectorAll('.ag-center-cols-container .score-cell'));
  const misaligned = numbers.filter(c => getComputedStyle(c).textAlign !== 'right').length;
  const header = grid.querySelector('.ag-header-cell[col-id="score_attractiveness"]');
  const center = grid.querySelector('.ag-center-cols-viewport');
  const players = Array.from(document.querySelectorAll('#player-grid .ag-center-cols-container [col-id="color"]'));
  return {cut, numbers: numbers.length, misaligned,
          headerRight: getComputedStyle(header.querySelector('.ag-header-cell-label')).flexDirection === 'row-reverse',
          more: center.scrollWidth > center.clientWidth,
          swatches: players.map(c => [c.textContent, getComputedStyle(c).boxShadow])};
}"""


def test_the_data_grid_reads_whole_headers_right_aligned_numbers_and_every_players_colour(page):
    tab(page, "Data")
    page.wait_for_selector("#factor-grid .ag-center-cols-container .score-cell")
    seen = page.evaluate(_GRID_LOOK)
    assert seen["cut"] == [], seen  # every header whole, wrapped onto lines as needed
    assert seen["numbers"] > 0 and seen["misaligned"] == 0 and seen["headerRight"], seen
    assert seen["more"], seen  # the competitors' columns are to the right...
    # ...and the keyboard reaches the last one: the grid scrolls it into view
    page.locator("#factor-grid .ag-center-cols-container .score-cell").first.click()
    players = len(stored(page)["players"])
    page.keyboard.press("Home")  # the factor's name; then category, source, four scores and each player's level
    for _ in range(2 + 4 + players):
        page.keyboard.press("ArrowRight")
    focused = page.evaluate(
        """() => { const c = document.activeElement.closest('.ag-cell');
                 const g = document.querySelector('#factor-grid .ag-body');
                 const r = c.getBoundingClientRect(), b = g.getBoundingClientRect();
                 return [c.getAttribute('col-id'), r.left >= b.left - 1 && r.right <= b.right + 1]; }"""
    )
    assert focused == [f"level_{players - 1}", True], focused
    # every player shows the colour it is drawn in: the automatic ones name the palette's colour
    texts = [text for text, _ in seen["swatches"]]
    assert texts == ["#c0392b", "automatic (#0072b2)", "automatic (#e69f00)"], texts
    assert all("rgb(" in shadow for _, shadow in seen["swatches"]), seen["swatches"]


def _focused(page) -> list[str]:
    return page.evaluate(
        """() => { const e = document.activeElement;
                   return [e.id, e.getAttribute('role') || '', getComputedStyle(e).outlineStyle]; }"""
    )


def test_the_tabs_work_by_keyboard_with_a_visible_focus_ring_and_controls_have_names(page):
    # a dropdown is reached by Tab and opened by the keyboard
    page.locator(f"#{ids.DOWNLOAD_BUTTONS['png']}").focus()
    page.keyboard.press("Shift+Tab")  # back past the scale slider to the size dropdown
    page.keyboard.press("Shift+Tab")
    assert _focused(page)[0] == ids.PRESET
    page.keyboard.press("Enter")
    page.wait_for_selector("[role=option]:has-text('A4')")
    page.keyboard.press("Escape")  # closed, and the focus back on the dropdown
    page.wait_for_function(
        f"() => !document.querySelector('.dash-dropdown-content') && document.activeElement.id === '{ids.PRESET}'"
    )
    page.locator(f"#{ids.DOWNLOAD_BUTTONS['yaml']}").focus()
    for _ in range(10):  # on from the side panel to the selected tab
        page.keyboard.press("Tab")
        if _focused(page)[0] == "tab-canvas":
            break
    assert _focused(page) == ["tab-canvas", "tab", "solid"]  # reached, with a focus ring
    page.keyboard.press("ArrowRight")  # the next tab opens, and keeps the focus
    page.wait_for_selector(f"#{ids.RANKING} table")
    assert _focused(page)[:2] == ["tab-ranking", "tab"]
    page.keyboard.press("End")
    page.wait_for_function("() => document.querySelector('#tab-history').getAttribute('aria-selected') === 'true'")
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # Data
    page.wait_for_selector("#factor-grid .ag-center-cols-container .ag-row")
    # the accessible names, in the page's language, of controls that have no label element of their own
    names = """selector => Array.from(document.querySelectorAll(selector)).map(e =>
        (e.getAttribute('aria-labelledby') || '').split(' ')
          .map(id => (document.getElementById(id) || {}).textContent || '').join(' ').trim())"""
    sliders = page.evaluate(names, '.side [role="slider"]')
    assert sliders == [
        "Market attractiveness",
        "Unmet need",
        "Capability",
        "Entry barriers",
        "Shortlist size",
        "Resolution (scale)",
    ]
    uploads = page.evaluate(names, "#upload input, #deck-template-upload input")
    assert uploads == ["Drop or choose a YAML or Excel file", "Choose a PowerPoint template…"]
    assert page.evaluate(names, "#factor-grid [role=treegrid], #factor-grid [role=grid]") == ["Factors"]
    page.locator("#language").get_by_text("简体中文").click()
    page.wait_for_function("() => document.documentElement.lang === 'zh-CN'")
    wait_idle(page)
    assert page.evaluate(names, '.side [role="slider"]')[0] == "市场吸引力"


def test_a_script_the_page_did_not_bring_does_not_run(browser, server_url):
    """The Content-Security-Policy at work: an inline script (as an injected name would try) is refused."""
    context = browser.new_context()
    errors: list[str] = []
    page = open_page(context, new_canvas(server_url), errors)
    ran = page.evaluate(
        """() => { const s = document.createElement('script'); s.textContent = 'window.__injected = 1';
                   document.body.appendChild(s); return window.__injected === 1; }"""
    )
    context.close()
    assert ran is False
    assert any("Content Security Policy" in e for e in errors), errors  # the browser says why it refused


_TICKS = """() => [...document.querySelectorAll(
    '#tornado-graph .xtick text, #tornado-graph .ytick text, #contribution-graph .xtick text'
)].map(t => t.textContent)"""


def test_the_tornado_on_a_phone_reads_no_float_noise_and_says_when_no_weight_moves_it(browser, server_url, tmp_path):
    """Meals scored 4 on all four criteria (weights 0.4/0.2/0.2/0.2: sums 4 +- 1e-15) at a phone's 390 px."""
    data = yaml.safe_load((ROOT / "configs" / "southwest_airlines.yaml").read_text(encoding="utf-8"))
    meals = next(f for f in data["factors"] if f["name"] == "Meals")
    meals["scores"] = dict.fromkeys(("attractiveness", "unmet_need", "capability", "barriers"), 4)
    path = tmp_path / "flat.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    errors: list[str] = []
    page = open_page(context, new_canvas(server_url, path), errors)
    tab(page, "Ranking")
    choose(page, "#tornado-factor", "Meals")
    page.wait_for_function(
        "() => document.querySelector('#tornado-graph .annotation-text')?.textContent.includes('No weight changes')"
    )
    wait_idle(page)
    assert page.locator("#tornado-graph .bars path").count() == 0  # no bars
    # the sentence is whole within the chart (the previous factor's long labels pushed no margin)
    inside = """() => { const g = document.querySelector('#tornado-graph').getBoundingClientRect();
                        const a = document.querySelector('#tornado-graph .annotation-text').getBoundingClientRect();
                        return a.left >= g.left && a.right <= g.right; }"""
    assert page.evaluate(inside)
    ticks = page.evaluate(_TICKS)
    choose(page, "#tornado-factor", "Price")  # a factor the weights do move: bars, and an axis in plain figures
    page.wait_for_function("() => document.querySelector('#tornado-graph .js-plotly-plot').data.length === 2")
    wait_idle(page)
    ticks += page.evaluate(_TICKS)
    assert ticks and not [t for t in ticks if re.search(r"\d\.\d{3,}", t)], ticks
    context.close()
    assert errors == [], errors  # among them plotly's '<text> attribute y: Expected length, "-Infinity"'


_MARKERS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('#canvas-graph .scatterlayer .trace')) {
    const trace = el.__data__[0].trace;
    if (trace.mode !== 'lines+markers' || trace.marker.symbol === 'circle-open') continue;  // players, not the target
    el.querySelectorAll('.points path.point').forEach((p, k) => {
      const [x, y] = p.getAttribute('transform').match(/[-0-9.]+/g).map(Number);
      found.push({name: trace.name, k, level: trace.y[k], x, y, size: trace.marker.size});
    });
  }
  return found;
}"""


def test_every_marker_shows_whole_where_players_share_a_level_at_1366_and_1920_and_on_a_phone(browser, server_url):
    for example in ("southwest_airlines", "coffee_chain", "ride_hailing_zh"):
        url = new_canvas(server_url, ROOT / "configs" / f"{example}.yaml")
        for width, height in ((1366, 768), (1920, 1080), (390, 844)):
            context = browser.new_context(viewport={"width": width, "height": height})
            errors: list[str] = []
            page = open_page(context, url, errors)
            markers = page.evaluate(_MARKERS)
            shared = [
                (a["name"], b["name"], a["k"], round(abs(a["x"] - b["x"]), 1))
                for i, a in enumerate(markers)
                for b in markers[i + 1 :]
                if a["k"] == b["k"] and a["level"] == b["level"]
            ]
            assert shared, example  # every example has players at one level somewhere
            hidden = [s for s in shared if s[3] < 12.5]  # 10 and 15 px markers: 12.5 px apart at least
            assert hidden == [], (example, width, hidden)
            context.close()
            assert errors == [], errors


def test_a_layer_without_data_is_disabled_with_its_reason_and_the_verdict_opens_at_a_tap(browser, server_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    errors: list[str] = []
    page = open_page(context, new_canvas(server_url, ROOT / "configs" / "coffee_chain.yaml"), errors)
    target = page.locator(f"#{ids.LAYERS} label").filter(has_text="Target curve")
    assert target.locator("input").is_disabled()
    assert "fill in the Target column in the Data tab" in target.inner_text()  # in words, not only a tooltip
    # nothing is drawn for it, so its box shows no tick (the choice itself is kept for when data comes)
    box = Image.open(io.BytesIO(target.locator("input").screenshot())).convert("L")
    w, h = box.size
    inside = box.crop((w // 4, h // 4, w - w // 4, h - h // 4)).getextrema()
    assert inside[1] - inside[0] <= 12, inside  # an even box: no tick drawn across it
    verdict = page.locator(f"#{ids.BANNER} .verdict-text")
    cut = "e => [e.scrollHeight, e.clientHeight]"
    full, shown = verdict.evaluate(cut)
    assert full > shown + 4  # two lines of a longer summary
    verdict.tap()
    page.wait_for_function(
        f"() => {{ const e = document.querySelector('#{ids.BANNER} .verdict-text');"
        " return e.scrollHeight <= e.clientHeight + 1; }"
    )
    verdict.tap()  # and folds again
    page.wait_for_function(
        f"() => {{ const e = document.querySelector('#{ids.BANNER} .verdict-text');"
        " return e.scrollHeight > e.clientHeight + 4; }"
    )
    context.close()
    assert errors == [], errors


def test_at_1920_the_legend_under_a_9_factor_plot_gives_it_the_width_and_stays_in_view(browser, server_url):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    errors: list[str] = []
    page = open_page(context, new_canvas(server_url, ROOT / "configs" / "coffee_chain.yaml"), errors)
    page.wait_for_function("() => document.querySelector('#canvas-graph .js-plotly-plot').layout.legend.y === 0")
    wait_idle(page)
    seen = page.evaluate(
        """() => {
      const graph = document.querySelector('#canvas-graph');
      const plot = graph.querySelector('.nsewdrag').getBoundingClientRect();
      const legend = graph.querySelector('.legend').getBoundingClientRect();
      const labels = Array.from(graph.querySelectorAll('.xtick text')).map(t => t.getBoundingClientRect().bottom);
      return {plot: plot.width / graph.getBoundingClientRect().width, labels: Math.max(...labels),
              top: legend.top, bottom: legend.bottom};
    }"""
    )
    assert seen["plot"] > 0.85, seen  # beside the plot the legend took a fifth of the chart
    assert seen["labels"] < seen["top"] and seen["bottom"] <= 1080, seen  # under the labels, above the fold
    context.close()
    assert errors == [], errors
