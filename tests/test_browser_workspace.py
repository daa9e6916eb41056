"""The workspace in a real browser (one Chromium for the session, an app on a
database in a temporary folder): two tabs hold two canvases across reloads,
an edit survives a server restart, undo and redo over five steps, a restored
version, a canvas built from nothing and exported, a stale tab keeps its edit,
a share link opens read-only, and the list page's actions."""

from __future__ import annotations

import json

import pytest

from .conftest import ROOT, png_size
from .test_browser import (
    TIMEOUT,
    drop_file,
    edit_cell,
    figure,
    new_canvas,
    open_page,
    start_server,
    stop_server,
    stored,
    tab,
    wait_idle,
)


@pytest.fixture
def workspace(tmp_path, chromium):
    server = start_server(tmp_path)
    yield tmp_path, f"http://127.0.0.1:{server.server_port}/"
    stop_server(server)


@pytest.fixture
def context(browser):
    opened = browser.new_context(viewport={"width": 1366, "height": 768})
    yield opened
    opened.close()


def _list_page(context, url: str, errors: list[str]):
    """The list page ("My canvases") in a new page; console errors go to ``errors``."""
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    return page


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
    server = start_server(tmp_path)
    url = f"http://127.0.0.1:{server.server_port}/"
    errors: list[str] = []
    page = open_page(context, new_canvas(url), errors)
    address = page.url
    tab(page, "Data")
    edit_cell(page, 0, "level_2", "6")
    page.wait_for_selector("text=Saved · version 2")
    wait_idle(page)
    stop_server(server)
    restarted = start_server(tmp_path)  # a new process would see the same database file
    try:
        moved = address.replace(f":{server.server_port}/", f":{restarted.server_port}/")
        page.goto(moved)
        page.wait_for_selector("#canvas-graph .main-svg")
        wait_idle(page)
        assert stored(page)["factors"][0]["levels"]["Car"] == 6
        assert "Saved · version 2" in page.inner_text("#save-status")
    finally:
        stop_server(restarted)
    assert [e for e in errors if not _server_gone(e)] == []


def _server_gone(error: str) -> bool:
    """The errors a browser logs while the server it talks to is down."""
    gone = ("ERR_CONNECTION_REFUSED", "ERR_CONNECTION_RESET", "the server did not respond")
    return any(words in error for words in gone)


def _two_tabs_one_saved(workspace, context, errors: list[str]):
    """Two tabs on the Data tab of one new canvas; the first has saved version 2."""
    _, url = workspace
    address = new_canvas(url)
    one, two = open_page(context, address, errors), open_page(context, address, errors)
    for page in (one, two):
        tab(page, "Data")
    edit_cell(one, 0, "level_2", "6")
    one.wait_for_selector("text=Saved · version 2")
    return one, two


def test_a_stale_tab_keeps_its_edit_and_can_save_it_as_the_latest(workspace, context):
    errors: list[str] = []
    _, two = _two_tabs_one_saved(workspace, context, errors)
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
    owner.click(".share > summary")
    owner.click("#share-create")
    link = owner.locator(".share-url input").input_value()
    assert link.startswith(url + "s/") and len(link.rsplit("/", 1)[1]) >= 22  # 128 bits at least
    viewer = open_page(context, link, errors)
    viewer.set_default_timeout(TIMEOUT)
    assert _title(viewer).startswith("<b>Short-haul")
    assert "Read-only view" in viewer.inner_text("#save-status")
    assert not viewer.is_visible("#template-button")
    tab(viewer, "Data")
    edit_cell(viewer, 0, "level_2", "6")
    viewer.wait_for_selector("text=read-only view of a shared canvas")
    assert stored(owner)["factors"][0]["levels"]["Car"] == 2
    owner.click("#share-create")  # a second link, then the first revoked
    owner.wait_for_function("() => document.querySelectorAll('.share-url input').length === 2")
    owner.click(".share-links li:first-child button.danger")
    owner.wait_for_function("() => document.querySelectorAll('.share-url input').length === 1")
    answered = viewer.reload()
    viewer.wait_for_selector("#missing-page", state="visible")
    assert answered is not None and answered.status == 410  # gone: revoked, and the page says so in words
    assert [e for e in errors if "410" not in e] == [] and len(errors) <= 1  # the browser logs the 410 itself


def test_the_canvas_an_earlier_version_kept_in_the_browser_is_imported_once(workspace, context):
    _, url = workspace
    errors: list[str] = []
    page = open_page(context, new_canvas(url), errors)
    old = stored(page)
    old["title"] = "Kept in the browser"
    page.evaluate("text => localStorage.setItem('canvas-store', text)", json.dumps(old))
    page.goto(url)  # the list page
    page.wait_for_function("() => localStorage.getItem('positioning-imported')")
    page.wait_for_selector("text=is now in your canvases")
    page.wait_for_selector(".list-link >> text=Kept in the browser")  # listed at once
    page.reload()  # a second visit imports nothing more
    page.wait_for_selector(".list-row")
    wait_idle(page)
    titles = [c["title"] for c in page.evaluate("async () => (await fetch('/api/canvases')).json()")]
    assert titles.count("Kept in the browser") == 1
    canvas_id = page.evaluate("() => localStorage.getItem('positioning-imported')")
    versions = page.evaluate(f"async () => (await fetch('/api/canvases/{canvas_id}/versions')).json()")
    assert versions[0]["summary"] == "Imported from this browser"
    assert page.evaluate("() => localStorage.getItem('canvas-store')")  # the old entry is kept
    assert errors == []


def test_an_old_canvas_the_server_refuses_is_said_and_left_in_the_browser(workspace, context):
    _, url = workspace
    errors: list[str] = []
    page = open_page(context, new_canvas(url), errors)
    page.evaluate("() => localStorage.setItem('canvas-store', JSON.stringify({title: 'Broken'}))")
    page.goto(url)
    page.wait_for_selector("text=could not be imported")
    assert page.evaluate("() => localStorage.getItem('positioning-imported')") == "refused"
    assert page.evaluate("() => localStorage.getItem('canvas-store')") == '{"title":"Broken"}'
    titles = [c["title"] for c in page.evaluate("async () => (await fetch('/api/canvases')).json()")]
    assert "Broken" not in titles
    assert [e for e in errors if "422" not in e] == []  # the browser reports the refused request


def _level(page) -> int:
    return stored(page)["factors"][0]["levels"]["Car"]


def test_undo_five_steps_and_redo_them(workspace, context):
    _, url = workspace
    errors: list[str] = []
    page = open_page(context, new_canvas(url), errors)
    tab(page, "Data")
    for n, level in enumerate((3, 4, 5, 6, 7), start=2):
        edit_cell(page, 0, "level_2", str(level))
        page.wait_for_selector(f"text=Saved · version {n}")
    seen = []
    for n in range(7, 12):
        page.click("#undo-button")
        page.wait_for_selector(f"text=Saved · version {n}")
        wait_idle(page)
        seen.append(_level(page))
    assert seen == [6, 5, 4, 3, 2] and page.is_disabled("#undo-button")
    page.reload()  # the tab's stacks survive a reload, and so does the Data tab being shown
    page.wait_for_selector("#factor-grid .ag-row")
    wait_idle(page)
    assert not page.is_disabled("#redo-button")
    page.click(".tabs")  # focus on the page, not in a text field
    for n in range(12, 17):
        page.keyboard.press("Control+Shift+Z" if n % 2 else "Control+y")
        page.wait_for_selector(f"text=Saved · version {n}")
        wait_idle(page)
        seen.append(_level(page))
    assert seen[5:] == [3, 4, 5, 6, 7] and page.is_disabled("#redo-button")
    page.keyboard.press("Control+z")
    page.wait_for_selector("text=Saved · version 17")
    wait_idle(page)
    assert _level(page) == 6
    assert errors == []


def test_restore_a_version_from_the_history(workspace, context):
    _, url = workspace
    errors: list[str] = []
    page = open_page(context, new_canvas(url), errors)
    tab(page, "Data")
    edit_cell(page, 0, "level_2", "6")
    page.wait_for_selector("text=Saved · version 2")
    tab(page, "History")
    page.wait_for_selector(".version-row[data-version='2']")
    assert "Price: Car level 2 -> 6" in page.inner_text("#history-list")
    page.wait_for_selector("#history-diff li")
    assert page.inner_text("#history-diff").strip() == "Price: Car level 2 -> 6"
    page.click(".version-row[data-version='1'] button")
    page.wait_for_selector("text=Saved · version 3")
    page.wait_for_selector(".version-row[data-version='3']")
    assert "Restored version 1" in page.inner_text("#history-list")
    wait_idle(page)
    assert _level(page) == 2
    assert errors == []


def test_build_a_canvas_from_nothing_and_export_it(workspace, browser, tmp_path):
    _, url = workspace
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url)
        page.wait_for_selector("#list-page .list-row")  # the first visit's example
        page.click("#list-new")
        page.wait_for_selector("#canvas-graph .main-svg")
        wait_idle(page)
        assert "/c/" in page.url and stored(page)["title"] == "My market"
        tab(page, "Data")
        page.click("#add-player")
        page.wait_for_selector("#player-grid .ag-row[row-index='3']")
        wait_idle(page)
        page.click("#add-factor")
        wait_idle(page)
        factors = len(stored(page)["factors"])
        last = factors - 1
        edit_cell(page, last, "level_3", "9")
        data = stored(page)
        assert len(data["players"]) == 4 and data["factors"][last]["levels"][data["players"][3]["name"]] == 9
        page.wait_for_selector("text=Saved · version 4")
        set_field(page, "title", "Client A: city mobility")
        page.wait_for_selector("text=Saved · version 5")
        assert stored(page)["title"] == "Client A: city mobility"
        assert page.inner_text("#editor-title") == "Client A: city mobility"
        with page.expect_download(timeout=90_000) as info:
            page.click("#download-png")
        target = tmp_path / "built.png"
        info.value.save_as(target)
        assert png_size(target) == (3200, 1800)  # 16:9 at scale 2
    finally:
        context.close()
    assert errors == []


def set_field(page, field: str, value: str) -> None:
    """Type into a setting of the Data tab (or a weight's number) and press Enter."""
    box = page.locator(f"#setting-{field}" if not field.startswith("weight-") else f"#{field}")
    box.fill(value)
    with page.expect_response(lambda answer: "_dash-update-component" in answer.url):
        box.press("Enter")
    wait_idle(page)


def chart(page) -> dict:
    return page.evaluate(
        """() => {
            const gd = document.querySelector('#canvas-graph .js-plotly-plot');
            return {subtitle: gd.layout.title.subtitle.text, paper: gd.layout.paper_bgcolor,
                    colours: Object.fromEntries(
                        gd.data.filter(t => t.name).map(t => [t.name, t.line && t.line.color]))};
        }"""
    )


def test_settings_weights_and_colours_are_edited_in_the_app(workspace, context):
    _, url = workspace
    errors: list[str] = []
    page = open_page(context, new_canvas(url), errors)
    set_field(page, "weight-number-barriers", "0.6")
    shares = [page.inner_text(f"#weight-share-{c}") for c in ("attractiveness", "unmet_need", "capability", "barriers")]
    assert shares == ["29%", "14%", "14%", "43%"] and stored(page)["weights"]["barriers"] == 0.6
    handle = page.locator("#weight-barriers [role=slider]")
    assert handle.get_attribute("aria-valuenow") == "0.6"  # the slider stands at the typed weight
    assert page.inner_text("#top-number") == "3"
    tab(page, "Data")
    set_field(page, "subtitle", "For the board")
    set_field(page, "footnote", "Source: interviews")
    page.locator("#setting-background").get_by_text("Transparent").click()
    wait_idle(page)
    data = stored(page)
    assert data["style"] == {"subtitle": "For the board", "footnote": "Source: interviews", "background": "transparent"}
    set_field(page, "level_high", "5")
    assert "Price, Average airline's level: 8 is outside the level scale 0-5" in page.inner_text("#settings-message")
    assert page.input_value("#setting-level_high") == "5"  # what was typed stays, beside the reason
    assert stored(page)["scales"]["level"] == [0, 10]
    assert "Not saved" in page.inner_text("#save-status")
    cell = page.locator("#player-grid .ag-row[row-index='2'] .ag-cell[col-id='color']")
    cell.dblclick()
    colour = page.locator(".color-editor input[type=text]")
    colour.fill("#2e86c1")
    with page.expect_response(lambda answer: "_dash-update-component" in answer.url):
        colour.press("Enter")
    wait_idle(page)
    assert stored(page)["players"][2]["color"] == "#2e86c1"
    tab(page, "Strategy canvas")
    drawn = chart(page)
    assert drawn["colours"]["Car"] == "#2e86c1" and "For the board" in drawn["subtitle"]
    assert drawn["paper"] in ("rgba(0,0,0,0)", "rgba(0, 0, 0, 0)")
    assert errors == []


def test_a_stale_tab_can_load_the_latest_after_a_confirm(workspace, context):
    errors: list[str] = []
    _, two = _two_tabs_one_saved(workspace, context, errors)
    edit_cell(two, 0, "level_2", "7")
    two.wait_for_selector("text=changed elsewhere")
    two.once("dialog", lambda dialog: dialog.dismiss())  # "no": the edit stays
    two.click("#load-latest")
    two.wait_for_timeout(500)
    assert "changed elsewhere" in two.inner_text("#save-status")
    two.once("dialog", lambda dialog: dialog.accept())
    two.click("#load-latest")
    two.wait_for_selector("text=Saved · version 2")
    wait_idle(two)
    assert stored(two)["factors"][0]["levels"]["Car"] == 6 and not two.is_visible("#save-mine")
    assert errors == []


def test_the_list_page_searches_renames_deletes_and_restores(workspace, context):
    _, url = workspace
    errors: list[str] = []
    new_canvas(url)
    new_canvas(url, ROOT / "configs" / "coffee_chain.yaml")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    page.wait_for_selector(".list-row >> nth=1")
    page.fill("#list-search", "coffee")
    page.wait_for_function("() => document.querySelectorAll('.list-row').length === 1")
    row = page.locator(".list-row")
    assert "Coffee" in row.inner_text() and row.locator(".badge").count() == 1
    assert row.locator(".list-changed span").get_attribute("title").endswith("UTC")
    page.fill("#list-search", "")
    page.wait_for_function("() => document.querySelectorAll('.list-row').length === 2")
    page.locator(".list-row", has_text="Coffee").locator("button", has_text="Rename").click()
    page.fill(".rename-input input", "Client B")
    page.press(".rename-input input", "Enter")  # the form is sent with Enter
    page.wait_for_selector(".list-link >> text=Client B")
    page.locator(".list-row", has_text="Client B").locator("button", has_text="Delete").click()
    page.wait_for_selector("text=moved to the trash")
    page.wait_for_function("() => document.querySelectorAll('.list-row').length === 1")
    page.click("#list-trash >> text=Trash")
    page.wait_for_selector(".list-row >> text=Client B")
    page.locator(".list-row", has_text="Client B").locator("button", has_text="Restore").click()
    page.wait_for_selector("text=is back in your canvases")
    page.click("#list-trash >> text=Canvases")
    page.wait_for_function("() => document.querySelectorAll('.list-row').length === 2")
    page.click(".list-link >> text=Client B")
    page.wait_for_selector("#canvas-graph .main-svg")
    page.wait_for_function("() => document.querySelector('#editor-title').textContent === 'Client B'")
    assert errors == []


def test_the_list_page_imports_a_file_as_a_new_canvas_and_names_a_bad_or_large_one(workspace, context, tmp_path):
    _, url = workspace
    errors: list[str] = []
    page = _list_page(context, url, errors)
    page.wait_for_selector(".list-row")
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: Broken\nsubject: A\nplayers:\n  - name: A\n", encoding="utf-8")
    page.set_input_files("#list-upload input[type=file]", str(bad))
    page.wait_for_selector("text=bad.yaml could not be imported:")
    large = tmp_path / "large.yaml"
    large.write_bytes(b"#" * (3 * 1024 * 1024))
    page.set_input_files("#list-upload input[type=file]", str(large))
    page.wait_for_selector("text=large.yaml is 3 MB; canvas files are limited to 2 MB")
    assert page.url == url and page.locator(".list-row").count() == 1  # nothing stored
    good = tmp_path / "coffee.yaml"
    good.write_bytes((ROOT / "configs" / "coffee_chain.yaml").read_bytes())
    page.set_input_files("#list-upload input[type=file]", str(good))
    page.wait_for_selector("#canvas-graph .main-svg")
    wait_idle(page)
    assert "/c/" in page.url and _title(page).startswith("<b>Coffee")
    assert errors == []


def test_the_jobs_panel_exports_chosen_canvases_as_one_deck_and_cancels_a_long_export(workspace, context, tmp_path):
    _, url = workspace
    for path in ("coffee_chain.yaml", "ride_hailing_zh.yaml", "b2b_maintenance_services.yaml") * 4:
        new_canvas(url, ROOT / "configs" / path)
    errors: list[str] = []
    page = _list_page(context, url, errors)
    page.wait_for_selector(".list-table")
    page.click("#jobs-canvases")
    page.get_by_role("option", name="Coffee out of home").first.click()
    page.keyboard.press("Escape")
    page.get_by_label("one PowerPoint deck").check()
    page.click("#jobs-start")
    page.wait_for_selector("text=Export started (1 canvases)", timeout=TIMEOUT)
    done = page.locator(".job-done").first
    done.wait_for(timeout=60_000)
    assert "1 canvas as one PowerPoint deck" in done.inner_text()
    with page.expect_download() as download:
        done.get_by_role("link", name="Download").click()
    saved = tmp_path / "deck.pptx"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "positioning-1-canvases.pptx" and saved.read_bytes()[:2] == b"PK"

    page.reload()  # the finished job is still listed, and no canvas is chosen any more
    page.locator(".job-done").first.wait_for()
    page.get_by_label("PDF pages (zip)").check()  # every canvas (none chosen): long enough to cancel
    page.click("#jobs-start")
    running = page.locator(".job-running, .job-queued").first
    running.get_by_role("button", name="Cancel").click()
    cancelled = page.locator(".job-cancelled").first
    cancelled.wait_for(timeout=TIMEOUT)
    assert "Cancelled by you; nothing was kept." in cancelled.inner_text()
    assert cancelled.get_by_role("link", name="Download").count() == 0
    cancelled.get_by_role("button", name="Remove").click()
    page.locator(".job-cancelled").wait_for(state="detached")  # removed from the list
    assert errors == []


def test_a_zip_dropped_on_the_jobs_panel_becomes_canvases_in_the_list(workspace, context, tmp_path):
    import zipfile

    _, url = workspace
    upload = tmp_path / "batch.zip"
    with zipfile.ZipFile(upload, "w") as archive:
        archive.write(ROOT / "configs" / "coffee_chain.yaml", "coffee.yaml")
        archive.writestr("broken.yaml", "title: x\n")
    errors: list[str] = []
    page = _list_page(context, url, errors)
    page.wait_for_selector(".list-table")
    page.set_input_files("#jobs-upload input[type=file]", str(upload))
    done = page.locator(".job-done", has_text="Import of batch.zip (2 files)")
    done.wait_for(timeout=60_000)
    assert "1 canvases made; 1 files refused (see the report)." in done.inner_text()
    page.locator(".list-table", has_text="Coffee out of home").wait_for()  # the list shows the new canvas
    assert done.get_by_role("link", name="Report").count() == 1
    assert errors == []


# --- issue 23: i23-workshop -------------------------------------------------------------


def test_a_stale_tab_sees_both_changes_and_applies_its_own_on_top(workspace, context):
    errors: list[str] = []
    _, two = _two_tabs_one_saved(workspace, context, errors)
    edit_cell(two, 1, "level_1", "9")  # based on version 1, another cell than the first tab's
    two.wait_for_selector("text=changed elsewhere")
    said = two.inner_text("#message")
    assert "Theirs: Price: Car level 2 -> 6" in said and "Yours: Meals: Average airline level 6 -> 9" in said
    assert "would also set back: Price: Car level 6 -> 2" in said
    two.locator("#message").screenshot(path="/tmp/i23/conflict.png")
    two.click("#merge-mine")
    two.wait_for_selector("text=Saved · version 3")
    wait_idle(two)
    data = stored(two)
    assert data["factors"][0]["levels"]["Car"] == 6 and data["factors"][1]["levels"]["Average airline"] == 9
    assert not two.is_visible("#merge-mine") and not two.is_visible("#save-mine")
    assert "applied on top of version 2" in two.inner_text("#message")
    assert errors == []


def test_the_editors_box_takes_a_workbook_and_a_file_of_another_kind_is_named(workspace, context, tmp_path):
    """A scoring workbook chosen in the editor's box opens (as the list page's import takes it); a .csv
    given to either box, which dcc.Upload's accept would drop without a word, is refused by name."""
    from positioning.core.loader import load_canvas
    from positioning.output.spreadsheet import write_template
    from positioning.ui import ids

    _, url = workspace
    errors: list[str] = []
    page = open_page(context, new_canvas(url), errors)
    workbook = write_template(tmp_path / "bank.xlsx", load_canvas(ROOT / "configs" / "coffee_chain.yaml"))
    assert "YAML or Excel" in page.inner_text(f"#{ids.UPLOAD}")
    page.set_input_files(f"#{ids.UPLOAD} input[type=file]", str(workbook))
    page.wait_for_function("() => document.querySelector('#canvas-graph .gtitle')?.textContent.startsWith('Coffee')")
    assert "not UTF-8" not in page.inner_text("#message")
    csv = tmp_path / "bank.csv"
    csv.write_text("Factor,Price\nSpeed,3\n", encoding="utf-8")
    page.set_input_files(f"#{ids.UPLOAD} input[type=file]", str(csv))  # chosen in the box
    page.wait_for_selector("#message .alert-error")
    assert "bank.csv: only .yaml, .yml, .xlsx, .xlsm files are taken here" in page.inner_text("#message")
    assert _title(page).startswith("<b>Coffee")
    page.goto(url)
    page.wait_for_selector(".list-row")
    rows = page.locator(".list-row").count()
    drop_file(page, "bank.csv", csv.read_text(encoding="utf-8"), upload=ids.LIST_UPLOAD)  # dropped on it
    page.wait_for_selector("text=bank.csv could not be imported:")
    said = page.inner_text("#message")
    assert "only .yaml, .yml, .xlsx, .xlsm files are taken here; save the spreadsheet as an Excel workbook" in said
    assert page.locator(".list-row").count() == rows
    assert errors == []
