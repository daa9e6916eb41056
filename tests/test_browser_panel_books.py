"""The workbook in the real app (headless Chromium): the Excel download in the page's language, read back
into the same canvas; and a scoring panel from several people's workbooks, previewed (a bad file named
with its cell), applied as one panel (Kendall's W on the Ranking tab) and taken back by Undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from positioning import canvas_from_data
from positioning.i18n.wording import LANGUAGES, t
from positioning.output.spreadsheet import load_workbook_canvas
from positioning.ui import ids

from .test_browser import new_canvas, open_page, start_server, stop_server, stored, wait_idle
from .test_ui_panel_books import rater_book

TABS = ("tab_data", "tab_ranking")


@pytest.fixture(scope="module")
def server_url(chromium) -> Iterator[str]:
    server = start_server()
    yield f"http://127.0.0.1:{server.server_port}/"
    stop_server(server)


@pytest.fixture(params=list(LANGUAGES))
def page(request, browser, server_url):
    """The editor on a canvas of its own, in the language of the test's parameter."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    errors: list[str] = []
    page = open_page(context, new_canvas(server_url), errors)
    page.language = request.param
    if request.param != "en":
        page.locator(f"#{ids.LANGUAGE}").get_by_text(LANGUAGES[request.param], exact=True).click()
        page.wait_for_selector("html[lang^=zh]")
        wait_idle(page)
    yield page
    context.close()
    assert errors == [], errors


def _tab(page, which: int) -> None:
    page.locator(".tabs").get_by_text(t(page.language, TABS[which]), exact=True).click()
    wait_idle(page)


def test_the_excel_download_is_in_the_pages_language_and_reads_back_as_the_canvas(page, tmp_path: Path):
    with page.expect_download(timeout=60_000) as info:
        page.click(f"#{ids.DOWNLOAD_BUTTONS['xlsx']}")
    assert info.value.suggested_filename == "short-haul-air-travel-us-early-1990s.xlsx"
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    header = [cell.value for cell in openpyxl.load_workbook(path)["Factors"][1]]
    assert header[:4] == (
        ["Factor", "Category", "Source", "Attractiveness"]
        if page.language == "en"
        else ["要素", "类别", "来源", "市场吸引力"]
    )
    canvas = canvas_from_data(stored(page))
    plain = canvas.model_copy(update={"players": tuple(p.model_copy(update={"color": None}) for p in canvas.players)})
    assert load_workbook_canvas(path) == plain  # a workbook holds all but the players' colours


def _choose(page, *paths: Path) -> None:
    page.set_input_files(f"#{ids.PANEL_BOOKS_UPLOAD} input[type=file]", [str(p) for p in paths])
    wait_idle(page)


def test_several_workbooks_become_one_panel_after_a_preview_and_undo_takes_it_back(page, tmp_path: Path):
    zh = page.language == "zh"
    books = [rater_book(tmp_path, name, value, rater) for name, value, rater in (("a", 1, "CFO"), ("b", 3, None))]
    third = rater_book(tmp_path, "c", 5, "CMO", edit=lambda book: book["Factors"].cell(4, 1, "Free snacks"))
    bad = rater_book(tmp_path, "bad", 3, "COO", edit=lambda book: book["Factors"].cell(2, 5, 9))
    _tab(page, 0)
    _choose(page, *books, third, bad)
    preview = page.locator(f"#{ids.PANEL_BOOKS_PREVIEW}")
    preview.locator(".alert-error").wait_for()
    assert ("未应用任何更改" if zh else "Nothing was applied") in preview.inner_text()
    said = preview.locator(".alert-error li").inner_text()  # the file, its cell and what is wrong
    assert (
        said.startswith("bad.xlsx")
        and "Factors!E2" in said
        and ("超出评分量表" if zh else "outside the score scale") in said
    )
    assert "problem" in preview.locator("tr", has_text="bad.xlsx").get_attribute("class")
    assert page.is_hidden(f"#{ids.PANEL_BOOKS_APPLY}")
    assert "panel" not in stored(page)

    _choose(page, *books, third)  # the bad file left out
    preview.locator(".alert-ok").wait_for()
    assert ("3 位评分人已就绪" if zh else "3 raters ready") in preview.inner_text()
    row = preview.locator("tr", has_text="c.xlsx").inner_text()
    assert "CMO" in row and "Free snacks" in row  # who rated what: the factor it has that the canvas has not
    assert preview.locator("tr", has_text="b.xlsx").locator("td").nth(1).inner_text() == "b"  # named by its file
    page.click(f"#{ids.PANEL_BOOKS_APPLY}")
    page.wait_for_selector(f"#{ids.MESSAGE} .alert-ok")
    wait_idle(page)
    assert ("来自 3 个工作簿的 3 位评分人" if zh else "3 raters from 3 workbooks") in page.inner_text(f"#{ids.MESSAGE}")
    assert [r["rater"] for r in stored(page)["panel"]] == ["CFO", "b", "CMO"]
    assert page.is_hidden(f"#{ids.PANEL_BOOKS_APPLY}")

    _tab(page, 1)
    panel = page.locator(f"#{ids.PANEL_VIEW}")
    assert ("肯德尔 W" if zh else "Kendall's W") in panel.inner_text()
    assert "CFO" in panel.inner_text() and "CMO" in panel.inner_text()

    page.click("#undo-button")
    page.wait_for_selector(f"#{ids.PANEL_VIEW}", state="detached")
    wait_idle(page)
    assert "panel" not in stored(page)
