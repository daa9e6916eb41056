"""Scoring workbooks in, ranking tables out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from positioning import CanvasError, load_canvas, rank
from positioning.spreadsheet import load_workbook_canvas, write_ranking, write_template

from .conftest import ROOT

SOUTHWEST = ROOT / "configs" / "southwest_airlines.yaml"


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_template(tmp_path / "sw.xlsx", load_canvas(SOUTHWEST))


def problems_of(path: Path) -> list[str]:
    with pytest.raises(CanvasError) as caught:
        load_workbook_canvas(path, name="w.xlsx")
    return [str(p) for p in caught.value.problems]


def test_workbook_round_trip(workbook: Path):
    original = load_canvas(SOUTHWEST)
    imported = load_workbook_canvas(workbook)
    # colours are not part of the workbook layout; everything else is
    assert imported.model_copy(update={"players": original.players}) == original


def test_shipped_template_imports():
    canvas = load_workbook_canvas(ROOT / "docs" / "scores_template.xlsx")
    assert canvas.title == "My market" and canvas.player_names == ("Our company", "Competitor A", "Competitor B")


def test_cell_errors_name_the_sheet_and_cell(workbook: Path):
    book = openpyxl.load_workbook(workbook)
    sheet = book["Factors"]
    sheet["D3"] = 7  # Meals: attractiveness
    sheet["I2"] = "high"  # Price: level of Average airline
    book["Settings"]["B3"] = "Nobody"  # subject
    book.save(workbook)
    assert problems_of(workbook) == [
        "w.xlsx:Factors!I2: factors[0].levels.Average airline: 'high' is not a number",
        "w.xlsx:Factors!D3: factors[1].scores.attractiveness: 7 is outside the score scale 1-5",
        "w.xlsx:Settings!B3: subject: 'Nobody' is not one of the players ('Southwest', 'Average airline', 'Car')",
    ]


def test_missing_columns_sheets_and_bad_files(tmp_path: Path, workbook: Path):
    book = openpyxl.load_workbook(workbook)
    book["Factors"]["E1"] = "Unmet"  # not a criterion name: it would be a player
    book["Factors"].delete_cols(7)  # Barriers
    book.save(workbook)
    found = problems_of(workbook)
    assert found == [
        "w.xlsx:Factors!1: the header row lacks 'Unmet need', 'Barriers'; expected Factor, Category, Source, "
        "the four criteria, one column per player, Note"
    ]
    no_sheet = tmp_path / "other.xlsx"
    other = openpyxl.Workbook()
    other.active.title = "Data"
    other.save(no_sheet)
    assert "has no sheet named 'Factors' (sheets: Data)" in problems_of(no_sheet)[0]
    text = tmp_path / "not.xlsx"
    text.write_text("title: x", encoding="utf-8")
    assert problems_of(text) == ["w.xlsx: is not an Excel workbook (.xlsx); save it as 'Excel Workbook (.xlsx)'"]


def test_unknown_setting(workbook: Path):
    book = openpyxl.load_workbook(workbook)
    book["Settings"]["A3"] = "shortlist"
    book.save(workbook)
    assert problems_of(workbook)[0].startswith("w.xlsx:Settings!A3: unknown setting 'shortlist'; allowed: title, ")


def test_ranking_to_csv_and_xlsx(tmp_path: Path):
    ranking = rank(load_canvas(ROOT / "configs" / "ride_hailing_zh.yaml"))
    csv = pd.read_csv(write_ranking(ranking, tmp_path / "r.csv"), encoding="utf-8-sig")
    xlsx = pd.read_excel(write_ranking(ranking, tmp_path / "r.xlsx"), sheet_name="Ranking")
    for frame in (csv, xlsx):
        assert list(frame["Factor"]) == [f.name for f in ranking.factors]
        assert list(frame["Rank"]) == [f.rank for f in ranking.factors]
        assert frame["Score"].iloc[0] == pytest.approx(ranking.factors[0].score)
    assert (tmp_path / "r.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens the Chinese correctly


def run(*args) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "positioning", *map(str, args)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert "Traceback" not in result.stderr
    return result


def test_import_and_rank_commands(tmp_path: Path, workbook: Path):
    out = tmp_path / "canvas.yaml"
    result = run("import", workbook, "-o", out)
    assert result.returncode == 0 and "wrote" in result.stdout
    assert load_canvas(out).title == "Short-haul air travel (US, early 1990s)"
    ranked = run("rank", workbook, "-o", tmp_path / "ranking.xlsx")
    assert ranked.returncode == 0 and (tmp_path / "ranking.xlsx").exists()
    template = run("import", "--template", tmp_path / "t.xlsx")
    assert template.returncode == 0 and load_workbook_canvas(tmp_path / "t.xlsx").top == 3
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"nope")
    failed = run("import", bad, "-o", tmp_path / "x.yaml")
    assert failed.returncode == 2 and "is not an Excel workbook" in failed.stderr
    assert run("rank", SOUTHWEST, "-o", tmp_path / "r.txt").returncode == 2
