"""The scoring workbook as a download: headed in the language asked for (the app's page, the API's
``lang``), read back by the import into the same canvas, and the same workbook from the app and the API."""

from __future__ import annotations

import io
from pathlib import Path

import flask
import openpyxl
import pytest

from positioning import load_canvas
from positioning.chart.view import View
from positioning.core.config import Settings
from positioning.http.api import install_api
from positioning.output.downloads import download, slug
from positioning.output.spreadsheet import load_workbook_canvas
from positioning.ui.callbacks.downloads import download_file
from positioning.ui.edits import example_data

from .conftest import ROOT

SOUTHWEST = ROOT / "configs" / "southwest_airlines.yaml"
PROXY = Settings(data_folder=Path("data"), database_url="", auth="proxy", trusted_proxies=("127.0.0.1",))


def _cells(content: bytes) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def _read_back(content: bytes, tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_bytes(content)
    return load_workbook_canvas(path)


@pytest.mark.parametrize(
    ("language", "factor", "attractiveness", "setting"),
    [("en", "Factor", "Attractiveness", "Setting"), ("zh", "要素", "市场吸引力", "设置")],
)
def test_the_workbook_is_headed_in_the_pages_language_and_reads_back_as_the_canvas(
    tmp_path: Path, language: str, factor: str, attractiveness: str, setting: str
):
    data = example_data(SOUTHWEST)
    name, content = download_file(data, "xlsx", None, None, None, "file", language)
    assert name == f"{slug(load_canvas(SOUTHWEST).title)}.xlsx"
    sheets = _cells(content)
    header = sheets["Factors"][0]
    assert (header[0], header[3]) == (factor, attractiveness)
    assert sheets["Settings"][0][0] == setting
    assert _read_back(content, tmp_path, f"{language}.xlsx") == uncoloured(load_canvas(SOUTHWEST))


def uncoloured(canvas):
    """``canvas`` as a workbook holds it: everything but the players' colours."""
    return canvas.model_copy(update={"players": tuple(p.model_copy(update={"color": None}) for p in canvas.players)})


def test_the_chinese_workbook_names_every_column_in_chinese():
    canvas = load_canvas(ROOT / "configs" / "coffee_chain.yaml")
    header = _cells(download(canvas, "xlsx", View(language="zh"))[1])["Factors"][0]
    fixed = [h for h in header if h not in canvas.player_names]
    assert fixed and all(not any("a" <= ch.lower() <= "z" for ch in str(h)) for h in fixed), fixed


def test_the_app_and_the_api_give_the_same_workbook_for_the_same_canvas_and_language(sqlite_database, tmp_path):
    server = flask.Flask(__name__)
    install_api(server, sqlite_database, None, PROXY)  # type: ignore[arg-type]  # a workbook needs no renderer
    api = server.test_client()
    api.environ_base.update({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_USER": "ann"})
    created = api.post("/api/canvases", data=SOUTHWEST.read_bytes(), headers={"Content-Type": "application/yaml"})
    assert created.status_code == 201, created.get_data(as_text=True)
    for language in ("en", "zh"):
        answer = api.get(f"/api/canvases/{created.get_json()['id']}/export.xlsx?lang={language}")
        assert answer.status_code == 200, answer.get_data(as_text=True)
        name, mine = download_file(example_data(SOUTHWEST), "xlsx", None, None, None, "file", language)
        assert name in answer.headers["Content-Disposition"]
        assert _cells(answer.data) == _cells(mine)  # the bytes differ only by the time they were written
