"""Names that hold HTML, script or formulas, shown as written everywhere (issue 13 §4).

A canvas (tests/data/hostile_names.yaml) whose title, subject, players,
factors and notes read like ``<script>…</script>``, ``<img onerror=…>``,
``<b>bold</b>``, ``&amp;`` and ``=1+2`` is stored through the API and opened
in a real browser: on the list, in every tab of the editor, read-only through
a share link and on a workshop's page, no script runs (``window.__pwned`` is
never set, no dialog opens, no console error) and the names read as written,
also in the drawn chart (plotly reads some tags in labels). The deck, the
workbook and the PDF exported from the same canvas hold the same text.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import urllib.request

import pytest
import yaml
from pypdf import PdfReader

from .conftest import ROOT, _require
from .test_browser import TIMEOUT, new_canvas, start_server, stop_server, tab, wait_idle

HOSTILE = ROOT / "tests" / "data" / "hostile_names.yaml"
CANVAS = yaml.safe_load(HOSTILE.read_text(encoding="utf-8"))
TITLE = CANVAS["title"]
PLAYERS = [p["name"] for p in CANVAS["players"]]
FACTORS = [f["name"] for f in CANVAS["factors"]]
NOTES = [f["note"] for f in CANVAS["factors"] if "note" in f]

#: Whether anything the names hold took effect: a script, an event handler, a parsed tag or link.
EFFECTS = """() => ({
    pwned: window.__pwned === undefined ? null : String(window.__pwned),
    images: document.querySelectorAll('img[src="x"], img[src$="/x"]').length,
    scripts: Array.from(document.scripts).filter(s => s.textContent.includes('__pwned')).length,
    links: document.querySelectorAll('a[href^="javascript:"]').length,
})"""
NOTHING = {"pwned": None, "images": 0, "scripts": 0, "links": 0}
#: The text of the chart as drawn (SVG text), one string per text element.
DRAWN = """sel => Array.from(document.querySelectorAll(sel + ' svg text')).map(t => t.textContent)"""


def squeezed(text: str) -> str:
    """``text`` without the spaces and hyphens where the chart breaks long labels into lines."""
    return re.sub(r"[\s\u00ad-]+", "", text)


@pytest.fixture(scope="module")
def app_url(chromium):
    server = start_server()
    yield f"http://127.0.0.1:{server.server_port}/"
    stop_server(server)


@pytest.fixture(scope="module")
def stored(app_url) -> tuple[str, str]:
    """The hostile canvas stored through the API: (its page address, its id)."""
    url = new_canvas(app_url, HOSTILE)
    return url, url.rstrip("/").rsplit("/", 1)[1]


def _call(app_url: str, method: str, path: str) -> bytes:
    request = urllib.request.Request(app_url.rstrip("/") + path, method=method)
    with urllib.request.urlopen(request, timeout=120) as answer:
        return answer.read()


@pytest.fixture
def watched(browser):
    """A page in a fresh context that records console errors and dialogs (none may happen)."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    happened: list[str] = []
    page.on("console", lambda m: happened.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: happened.append(str(e)))
    page.on("dialog", lambda d: (happened.append(f"dialog: {d.message}"), d.dismiss()))
    yield page
    context.close()
    assert happened == [], happened


def _chart_shows_the_names(page, graph: str = "#canvas-graph") -> None:
    page.wait_for_selector(f"{graph} .main-svg")
    drawn = [squeezed(text) for text in page.evaluate(DRAWN, graph)]
    assert squeezed(TITLE) in drawn, drawn  # the title, as written (plotly would make <b> bold)
    for name in FACTORS + PLAYERS:
        assert squeezed(name) in drawn, (name, drawn)


def test_the_list_and_every_tab_of_the_editor_show_the_names_as_written(watched, app_url, stored):
    page = watched
    page.goto(app_url)
    page.wait_for_selector(".list-link")
    assert TITLE in page.locator(".list-link").all_inner_texts()
    assert PLAYERS[0] in page.locator(".list-subject").all_inner_texts()
    page.goto(stored[0])
    page.wait_for_selector("#canvas-graph .main-svg")
    wait_idle(page)
    assert page.inner_text("#editor-title").strip() == TITLE
    _chart_shows_the_names(page)
    for label in ("Ranking", "Diagnosis", "Data", "History", "Strategy canvas"):
        tab(page, label)
        assert page.evaluate(EFFECTS) == NOTHING, label
    tab(page, "Ranking")
    page.wait_for_selector("#ranking-table tbody tr")
    cells = page.locator("#ranking-table tbody tr td:nth-child(2)").all_inner_texts()
    assert sorted(cell.strip() for cell in cells) == sorted(FACTORS)
    tab(page, "Data")
    page.wait_for_selector("#factor-grid .ag-cell")
    grid = page.inner_text("#factor-grid")
    for name in FACTORS + PLAYERS:
        assert name in grid, name
    assert page.evaluate(EFFECTS) == NOTHING


def test_the_shared_read_only_page_shows_the_names_as_written(watched, app_url, stored):
    token = json.loads(_call(app_url, "POST", f"/api/canvases/{stored[1]}/share"))["token"]
    page = watched
    page.goto(app_url.rstrip("/") + f"/s/{token}")
    page.wait_for_selector("#canvas-graph .main-svg")
    wait_idle(page)
    _chart_shows_the_names(page)
    tab(page, "Ranking")
    page.wait_for_selector("#ranking-table tbody tr")
    cells = page.locator("#ranking-table tbody tr td:nth-child(2)").all_inner_texts()
    assert sorted(cell.strip() for cell in cells) == sorted(FACTORS)
    assert page.evaluate(EFFECTS) == NOTHING


def test_the_workshop_page_shows_each_factor_and_note_as_written(watched, app_url, stored):
    token = json.loads(_call(app_url, "POST", f"/api/canvases/{stored[1]}/workshops"))["token"]
    page = watched
    page.goto(app_url.rstrip("/") + f"/w/{token}")
    page.fill("#ws-name", '<img src=x onerror="window.__pwned=7">')
    page.get_by_role("button", name="Start scoring").click()
    for factor in CANVAS["factors"]:
        assert page.inner_text("h1.factor") == factor["name"]
        if "note" in factor:
            assert page.inner_text(".note") == factor["note"]
        for criterion in page.locator(".criterion").all():
            with page.expect_response(lambda r: "/scores" in r.url and r.status == 204):
                criterion.get_by_role("radio", name="3").click()
        assert page.evaluate(EFFECTS) == NOTHING, factor["name"]
        if factor is not CANVAS["factors"][-1]:
            page.get_by_role("button", name="Next").click()


def test_the_deck_shows_the_names_as_written(app_url, stored):
    from pptx import Presentation

    deck = Presentation(io.BytesIO(_call(app_url, "GET", f"/api/canvases/{stored[1]}/export.pptx")))
    texts: list[str] = []
    charts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            if getattr(shape, "has_chart", False) and shape.has_chart:
                charts.append(shape.chart)
    assert TITLE in texts
    assert set(FACTORS) <= set(texts)  # the ranking table's cells
    plot = charts[0].plots[0]
    assert list(plot.categories) == FACTORS and set(PLAYERS) <= {s.name for s in plot.series}
    # the chart's data sheet (PowerPoint's "Edit data") holds text, never a formula made of a name
    workbook = charts[0].part.chart_workbook.xlsx_part.blob
    sheet = _sheet_xml(workbook)
    assert "<f>" not in sheet


def _sheet_xml(xlsx: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        return book.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_the_workbook_holds_the_names_as_text(app_url, stored):
    import openpyxl

    data = _call(app_url, "GET", f"/api/canvases/{stored[1]}/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    factors = book["Factors"]
    header = [cell.value for cell in factors[1]]
    assert header[7:10] == PLAYERS
    assert [row[0].value for row in factors.iter_rows(min_row=2)] == FACTORS
    notes = [row[10].value for row in factors.iter_rows(min_row=2) if row[10].value]
    assert notes == NOTES
    settings = {row[0].value: row[1].value for row in book["Settings"].iter_rows(min_row=2)}
    assert (settings["title"], settings["subject"]) == (TITLE, CANVAS["subject"])
    kinds = {cell.data_type for sheet in book.worksheets for row in sheet.iter_rows() for cell in row}
    assert "f" not in kinds  # "=1+2" is a name here, not a sum for Excel to work out


def test_the_pdf_holds_the_names_as_text(app_url, stored):
    data = _call(app_url, "GET", f"/api/canvases/{stored[1]}/export.pdf")
    info = PdfReader(io.BytesIO(data)).metadata  # the document's title, as written
    assert info is not None and (info.title, info.creator) == (TITLE, "positioning")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        _require("pdftotext", "poppler-utils is not installed")
    text = subprocess.run([pdftotext, "-", "-"], input=data, capture_output=True, check=True).stdout.decode("utf-8")
    # Compared without the line breaks, digits included. The factors' labels stand side by side in lines
    # that pdftotext interleaves: the chart's SVG shows them (above); here the title, the subtitle naming
    # the subject and each player, and the legend.
    flat = squeezed(text)
    for name in [TITLE, *PLAYERS]:
        assert squeezed(name) in flat, name
    assert "<b>" in text and "&amp;" in text and "<script>" in text  # as written, not read as markup
