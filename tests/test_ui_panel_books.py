"""A scoring panel from several workbooks in the app: the preview says who rated what and every problem
by file and cell, and applying saves the raters as the open canvas's panel (a version History names by
its raters and files), through the app's real callback endpoint."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

import dash
import openpyxl
import pytest
import yaml

from positioning import load_canvas
from positioning.http.services import services
from positioning.output.spreadsheet import write_template
from positioning.store.repository import Repository
from positioning.ui import ids
from positioning.ui.edits import example_data
from positioning.ui.panel_books import MAX_PANEL_FILES, preview
from positioning.ui.said import text_in

from .conftest import ROOT
from .dash_requests import ENDPOINT, body, edit_body, load_app, response, text_of

SOUTHWEST = ROOT / "configs" / "southwest_airlines.yaml"
XLSX = "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,"


def rater_book(
    folder: Path, name: str, attractiveness: int, rater: str | None = None, edit: Callable | None = None
) -> Path:
    """The Southwest canvas's workbook as one person fills it in: every attractiveness ``attractiveness``,
    named by ``rater`` in its Settings (else by its file name), changed by ``edit`` (an openpyxl book)."""
    path = folder / f"{name}.xlsx"
    write_template(path, load_canvas(SOUTHWEST).model_copy(update={"segments": ()}))
    book = openpyxl.load_workbook(path)
    sheet = book["Factors"]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, 4).value = attractiveness
    if rater:
        book["Settings"].append(["rater", rater])
    if edit:
        edit(book)
    book.save(path)
    return path


def uploaded(*paths: Path) -> tuple[list[str], list[str]]:
    """What an upload of several files sends: their data URLs and names."""
    return [XLSX + base64.b64encode(p.read_bytes()).decode() for p in paths], [p.name for p in paths]


@pytest.fixture
def data():
    return example_data(SOUTHWEST)


def test_the_preview_says_who_rated_what_of_the_canvas(tmp_path, data):
    factors = load_canvas(SOUTHWEST).factor_names
    renamed = rater_book(tmp_path, "ops-team", 4, edit=lambda book: book["Factors"].cell(3, 1, "Free snacks"))
    found = preview(*uploaded(rater_book(tmp_path, "a", 2, "CFO"), rater_book(tmp_path, "b", 5, "CMO"), renamed), data)
    assert found.ready and found.refusal is None
    assert [(r.file, r.rater, r.scored, r.total) for r in found.rows] == [
        ("a.xlsx", "CFO", len(factors), len(factors)),
        ("b.xlsx", "CMO", len(factors), len(factors)),
        ("ops-team.xlsx", "ops-team", len(factors) - 1, len(factors)),  # named by its file
    ]
    assert found.rows[2].missing == (factors[1],) and found.rows[2].extra == ("Free snacks",)
    assert found.rows[0].missing == found.rows[0].extra == () and not any(r.problems for r in found.rows)
    assert found.raters is not None
    assert [r["rater"] for r in found.raters] == ["CFO", "CMO", "ops-team"]
    assert {r["scores"][factors[0]]["attractiveness"] for r in found.raters} == {2, 5, 4}


def test_every_file_with_a_problem_is_named_with_its_cell_and_nothing_is_ready(tmp_path, data):
    good = rater_book(tmp_path, "good", 3, "CFO")
    bad = rater_book(tmp_path, "bad", 3, "COO", edit=lambda book: book["Factors"].cell(2, 5, 9))
    seven = rater_book(tmp_path, "seven", 3, "CMO", edit=lambda book: book["Settings"].cell(6, 2, 7))
    again = rater_book(tmp_path, "other", 3, "CFO")
    contents, names = uploaded(good, bad, seven, again)
    found = preview([*contents, "data:text/csv;base64,YSxi"], [*names, "scores.csv"], data)
    assert found.raters is None
    problems = {row.file: [text_in(line, "en") for line in row.problems] for row in found.rows}
    assert problems["good.xlsx"] == []
    assert problems["bad.xlsx"] == [
        "bad.xlsx:Factors!E2: factor 'Price', scores.unmet_need: 9 is outside the score scale 1-5"
    ]
    assert problems["seven.xlsx"] == [
        "seven.xlsx:Settings!B6: scores on the scale 1-7, but this canvas scores on 1-5: set 'score low' and "
        "'score high' in the Settings sheet to the canvas's scale"
    ]
    assert [p for p in problems["other.xlsx"] if "rater 'CFO' also filled in good.xlsx" in p]
    assert problems["scores.csv"] == [
        "scores.csv: only .xlsx, .xlsm files are taken here; save the spreadsheet as an Excel workbook (.xlsx) first"
    ]
    chinese = [text_in(line, "zh") for row in found.rows for line in row.problems]
    assert "bad.xlsx（Factors!E2）：要素“Price”，scores.unmet_need：9 超出评分量表 1-5 的范围" in chinese
    assert all(not any(word in c for word in ("outside", "also filled", "scale")) for c in chinese)


def test_a_choice_of_too_many_or_too_few_files_is_refused_as_a_whole(tmp_path, data):
    one = rater_book(tmp_path, "one", 3)
    contents, names = uploaded(one)
    alone = preview(contents, names, data)
    assert alone.refusal and "at least two" in alone.refusal["en"] and not alone.rows
    many = preview(contents * (MAX_PANEL_FILES + 1), [f"{k}.xlsx" for k in range(MAX_PANEL_FILES + 1)], data)
    assert many.refusal and f"at most {MAX_PANEL_FILES}" in many.refusal["en"] and "最多" in many.refusal["zh"]
    assert preview(None, None, data).rows == () and preview(None, None, data).refusal is None


# --- through the app's callback endpoint ----------------------------------------------------


@pytest.fixture
def app(tmp_path, monkeypatch) -> dash.Dash:
    monkeypatch.setenv("POSITIONING_DATA", str(tmp_path / "workspace"))
    return load_app()


def _post(app, request) -> dict:
    return response(app.server.test_client().post(ENDPOINT, json=request))


def test_applying_saves_the_panel_as_a_version_named_by_its_raters_and_files(app, tmp_path):
    repository = Repository(services(app.server).database, "local")
    canvas_id = repository.create(load_canvas(SOUTHWEST), summary="Created").id
    opened = _post(app, edit_body(app, None, None, **{f"{ids.URL}.pathname": f"/c/{canvas_id}"}))
    page = {
        f"{ids.STORE}.data": opened[ids.STORE]["data"],
        f"{ids.CANVAS_ID}.data": canvas_id,
        f"{ids.VERSION}.data": 1,
        f"{ids.LANGUAGE}.value": "zh",
        f"{ids.URL}.pathname": f"/c/{canvas_id}",
    }
    books = [rater_book(tmp_path, name, value, rater) for name, value, rater in (("a", 1, "CFO"), ("b", 3, None))]
    contents, names = uploaded(*books, rater_book(tmp_path, "c", 5, "CMO"))
    values = {**page, f"{ids.PANEL_BOOKS_UPLOAD}.contents": contents, f"{ids.PANEL_BOOKS_UPLOAD}.filename": names}
    shown = _post(app, body(app, f"{ids.PANEL_BOOKS_PREVIEW}.children", values, f"{ids.PANEL_BOOKS_UPLOAD}.contents"))
    assert "3 位评分人已就绪" in text_of(shown[ids.PANEL_BOOKS_PREVIEW]["children"], "zh")
    assert shown[ids.PANEL_BOOKS_APPLY]["hidden"] is False
    kept = shown[ids.PANEL_BOOKS_STORE]["data"]
    values = {**page, f"{ids.PANEL_BOOKS_STORE}.data": kept, f"{ids.PANEL_BOOKS_APPLY}.n_clicks": 1}
    applied = _post(app, body(app, f"{ids.STORE}.data", values, f"{ids.PANEL_BOOKS_APPLY}.n_clicks"))
    assert applied[ids.VERSION]["data"] == 2 and applied[ids.UNDO]["disabled"] is False
    assert applied[ids.PANEL_BOOKS_STORE]["data"] is None and applied[ids.PANEL_BOOKS_APPLY]["hidden"] is True
    stored = yaml.safe_load(repository.get(canvas_id).yaml)
    assert [r["rater"] for r in stored["panel"]] == ["CFO", "b", "CMO"]
    newest = repository.versions(canvas_id)[0]
    assert newest.summary_in("en") == "Scoring panel from 3 workbooks (3 raters)"
    assert newest.summary_in("zh") == "评分小组来自 3 个工作簿（3 位评分人）"


def test_the_raters_read_for_one_canvas_go_when_another_is_opened(app, tmp_path):
    contents, names = uploaded(rater_book(tmp_path, "a", 1, "CFO"), rater_book(tmp_path, "b", 3, "CMO"))
    values = {
        f"{ids.STORE}.data": example_data(SOUTHWEST),
        f"{ids.PANEL_BOOKS_UPLOAD}.contents": contents,
        f"{ids.PANEL_BOOKS_UPLOAD}.filename": names,
    }
    shown = _post(app, body(app, f"{ids.PANEL_BOOKS_PREVIEW}.children", values, f"{ids.PANEL_BOOKS_UPLOAD}.contents"))
    assert shown[ids.PANEL_BOOKS_STORE]["data"]["files"] == 2
    values = {**values, f"{ids.CANVAS_ID}.data": "another", f"{ids.PANEL_BOOKS_UPLOAD}.contents": None}
    other = _post(app, body(app, f"{ids.PANEL_BOOKS_PREVIEW}.children", values, f"{ids.CANVAS_ID}.data"))
    assert other[ids.PANEL_BOOKS_STORE]["data"] is None and other[ids.PANEL_BOOKS_APPLY]["hidden"] is True
    assert other[ids.PANEL_BOOKS_PREVIEW]["children"] is None


@pytest.mark.parametrize(
    "kept",
    [
        [{"rater": "A"}, {"rater": "B"}],  # no scores
        [{"rater": "A", "scores": []}, {"rater": "B", "scores": "x"}],  # scores not a mapping
        [{"scores": {"Price": {}}}, {"scores": {"Price": {}}}],  # no rater
    ],
    ids=["no scores", "scores not a mapping", "no rater"],
)
def test_applying_a_panel_from_a_tampered_page_store_is_refused_not_a_server_error(kept):
    """'Apply as one panel' takes the raters the page kept (a dcc.Store the browser holds and can send
    back changed); kept_raters checks only that each is a dict, and set_panel then reads r['rater'] and
    r['scores'].items(): a KeyError/AttributeError, a failed callback, instead of a refusal."""
    from positioning.ui.controller import on_edit
    from positioning.ui.edits import example_data
    from positioning.ui.ids import PANEL_BOOKS_APPLY
    from positioning.ui.panel_books import kept_raters

    from .conftest import ROOT

    configs = ROOT / "configs"
    raters = kept_raters({"files": 2, "raters": kept})
    assert raters is not None  # the page store passes the boundary check as it is
    data = example_data(configs / "coffee_chain.yaml")
    sources = {"examples": {}, "blank": configs / "template.yaml", "fallback": configs / "southwest_airlines.yaml"}
    out = on_edit(PANEL_BOOKS_APPLY, {"panel_books": raters[0]}, data, language="en", **sources)
    assert "data" not in out or out["data"] is None or out["data"] == data
    assert "The raters this page kept could not be read" in str(out)


def test_the_preview_reads_within_one_budget_and_leaves_the_files_past_it_unopened(tmp_path, data):
    """Up to 30 workbooks share one budget of CPU time (as much as one workbook may take): once it is spent,
    each file left is refused by name, unopened (a valid workbook stuffed with cell formats takes seconds
    just to open; 30 of them would hold a server worker past its timeout)."""
    books = [rater_book(tmp_path, name, 3, name.upper()) for name in ("a", "b", "c")]
    found = preview(*uploaded(*books), data, seconds=0.0)
    assert not found.ready
    said = [text_in(row.problems[0], "en") for row in found.rows]
    assert [row.file for row in found.rows] == ["a.xlsx", "b.xlsx", "c.xlsx"]
    assert all(
        line.startswith(f"{row.file}: not read: the preview's 0 s of reading")
        for line, row in zip(said, found.rows, strict=True)
    ), said
    assert all("未读取" in text_in(row.problems[0], "zh") for row in found.rows)
    assert preview(*uploaded(*books), data).ready  # within the default budget, all are read
