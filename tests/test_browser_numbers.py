"""Numbers as a client reads them, in the real app (issue 23, §4): the data grid writes a panel's
average as 2.33 and keeps its full value; the customer's voice says where a lower level is better."""

from __future__ import annotations

from pathlib import Path

from positioning.ui import ids

from .test_browser import new_canvas, open_page, server_url, tab  # noqa: F401  (server_url: a fixture)
from .test_client_numbers import PANEL


def test_the_grid_shows_a_panels_average_as_the_tables_do_and_keeps_its_value(browser, server_url, tmp_path: Path):  # noqa: F811
    path = tmp_path / "panel.yaml"
    path.write_text(PANEL, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    errors: list[str] = []
    page = open_page(context, new_canvas(server_url, path), errors)
    try:
        tab(page, "Data")
        page.wait_for_selector("#factor-grid .ag-center-cols-container .score-cell")
        cell = page.locator("#factor-grid .ag-row[row-index='2'] .ag-cell[col-id='score_attractiveness']")
        assert cell.inner_text() == "2.33"
        level = page.locator("#factor-grid .ag-row[row-index='0'] .ag-cell[col-id='level_0']")
        assert level.inner_text() == "8"
        value = page.evaluate(
            "() => dash_ag_grid.getApi('factor-grid').getDisplayedRowAtIndex(2).data.score_attractiveness"
        )
        assert value != 2.33 and abs(value - 7 / 3) < 1e-12  # the grid's value keeps its full precision
        tab(page, "Diagnosis")
        assert "Z (lower is better)" in page.inner_text(f"#{ids.VOICE}")
    finally:
        context.close()
    assert errors == [], errors
