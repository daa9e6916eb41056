"""Scoring workbooks in, ranking tables out."""

from __future__ import annotations

import dataclasses
import math
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import openpyxl.styles
import pandas as pd
import pytest

from positioning import CanvasError, load_canvas, rank
from positioning.core.model import CRITERIA
from positioning.i18n import wording
from positioning.output.sheet_cells import Budget
from positioning.output.spreadsheet import _SETTINGS as SETTINGS
from positioning.output.spreadsheet import (
    header_names,
    load_workbook_canvas,
    ranking_frame,
    write_ranking,
    write_template,
)

from .conftest import ROOT, english_keys
from .test_loader import english_left

SOUTHWEST = ROOT / "configs" / "southwest_airlines.yaml"
HEADER = ["Factor", "Category", "Source", "Attractiveness", "Unmet need", "Capability", "Barriers"]
#: Imports a workbook in a child process limited to 2 GB of memory: a hostile input that hangs or
#: eats memory must fail the test (by the timeout or MemoryError), not the machine or the suite.
PROBE = """
import sys
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    if len(sys.argv) > 2:  # CPU seconds: a read that burns more is killed (SIGXCPU), whatever the load
        resource.setrlimit(resource.RLIMIT_CPU, (int(sys.argv[2]), int(sys.argv[2])))
except ImportError:  # not POSIX: the timeout still applies
    pass
from positioning import CanvasError
from positioning.output.spreadsheet import load_workbook_canvas
try:
    canvas = load_workbook_canvas(sys.argv[1], name="w.xlsx")
except CanvasError as error:
    print(error)
else:
    print(f"ok: {canvas.title}: {len(canvas.factors)} factors, {len(canvas.players)} players")
"""


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_template(tmp_path / "sw.xlsx", load_canvas(SOUTHWEST))


def problems_of(path: Path) -> list[str]:
    with pytest.raises(CanvasError) as caught:
        load_workbook_canvas(path, name="w.xlsx")
    return [str(p) for p in caught.value.problems]


def load_bounded(path: Path, seconds: float = 60, cpu_seconds: int | None = None) -> str:
    """What importing ``path`` prints, from a child process bounded in time and memory (and CPU time)."""
    command = [sys.executable, "-c", PROBE, str(path), *([str(cpu_seconds)] if cpu_seconds else [])]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=seconds, check=False)
    assert result.returncode == 0 and not result.stderr, result.stderr
    return result.stdout.strip()


def rewrite_member(path: Path, member: str, change: Callable[[bytes], bytes]) -> None:
    """Change one part of a workbook's zip, as a damaged or hostile file would have it."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[member] = change(parts[member])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)


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


def test_a_header_without_a_factor_column_is_the_one_problem_not_each_row(workbook: Path):
    book = openpyxl.load_workbook(workbook)
    book["Factors"]["A1"] = "Item"
    book.save(workbook)
    assert problems_of(workbook) == [
        "w.xlsx:Factors!1: the header row lacks 'Factor'; expected Factor, Category, Source, "
        "the four criteria, one column per player, Note"
    ]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_header_in_the_products_own_labels_imports(workbook: Path, language: str):
    """The Factors header as the ranking table (`positioning rank -o`, the app's labels) heads its
    columns, in each language: the same canvas as the template's header gives."""
    canvas = load_canvas(SOUTHWEST)
    labels = list(ranking_frame(rank(canvas), language).columns)
    factor, criteria, category, source = labels[1], labels[3:7], labels[-2], labels[-1]
    book = openpyxl.load_workbook(workbook)
    for cell, label in zip(book["Factors"][1], [factor, category, source, *criteria], strict=False):
        cell.value = label
    book.save(workbook)
    assert load_workbook_canvas(workbook) == load_workbook_canvas(write_template(workbook.parent / "t.xlsx", canvas))


def test_every_label_the_product_gives_a_column_is_read_as_that_column():
    """Every label of a field or criterion, in every language (from the catalogues), and the template's."""
    known = header_names()
    for field, labels in wording.field_labels().items():
        assert all(known[" ".join(label.lower().split())] == field for label in labels), field
    assert {known[h.lower()] for h in HEADER} == {"name", "category", "source", *CRITERIA}


def test_every_problem_of_a_workbook_is_reported_at_once(workbook: Path):
    book = openpyxl.load_workbook(workbook)
    sheet = book["Factors"]
    sheet["G1"] = "Capability"  # Barriers' column now says Capability: Barriers is missing, Capability twice
    sheet["D3"] = 7  # Meals: attractiveness
    book["Settings"]["A3"] = "shortlist"
    book["Settings"]["A4"] = "colour"
    book.save(workbook)
    assert problems_of(workbook) == [
        "w.xlsx:Factors!1: the header row lacks 'Barriers'; expected Factor, Category, Source, "
        "the four criteria, one column per player, Note",
        "w.xlsx:Factors!G1: columns F and G both hold 'Capability'; keep one of them",
        "w.xlsx:Factors!D3: factors[1].scores.attractiveness: 7 is outside the score scale 1-5",
        "w.xlsx:Settings!A3: unknown setting 'shortlist'; allowed: " + ", ".join(SETTINGS),
        "w.xlsx:Settings!A4: unknown setting 'colour'; allowed: " + ", ".join(SETTINGS),
    ]


def test_the_workbook_is_parsed_once(workbook: Path, monkeypatch: pytest.MonkeyPatch):
    real = openpyxl.load_workbook
    calls = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert load_workbook_canvas(workbook).top == 3  # read from the Settings sheet
    assert len(calls) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_at_once(tmp_path: Path):
    fifo = tmp_path / "scores.xlsx"
    os.mkfifo(fifo)  # no writer: opening it for reading would wait forever
    assert load_bounded(fifo) == "w.xlsx: is not a regular file (a pipe or a device?); give the path of an .xlsx file"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_unread(tmp_path: Path):
    link = tmp_path / "zero.xlsx"
    link.symlink_to("/dev/zero")  # endless zeros: reading it to the end never ends
    refused = "w.xlsx: is not a regular file (a pipe or a device?); give the path of an .xlsx file"
    assert load_bounded(Path("/dev/zero")) == refused
    assert load_bounded(link) == refused
    ranked = run("rank", link, timeout=60)
    assert ranked.returncode == 2 and ranked.stderr == f"{link}: {refused.removeprefix('w.xlsx: ')}\n"


def test_only_regular_files_within_the_size_limit_are_read(tmp_path: Path):
    assert problems_of(tmp_path) == ["w.xlsx: is a folder, not a workbook; give the path of an .xlsx file"]
    large = tmp_path / "large.xlsx"
    with large.open("wb") as stream:
        stream.truncate(10 * 1024 * 1024 + 512 * 1024)  # sparse: refused by its size, before reading
    assert problems_of(large) == ["w.xlsx: the workbook is 10.5 MB; scoring workbooks are limited to 10 MB"]


def test_a_declared_sheet_size_is_ignored(workbook: Path):
    whole_grid = b'<dimension ref="A1:XFD1048576"/>'
    for sheet in ("sheet1", "sheet2"):
        rewrite_member(
            workbook, f"xl/worksheets/{sheet}.xml", lambda xml: re.sub(rb"<dimension [^>]*/>", whole_grid, xml)
        )
    # and an empty last row, as Excel writes one for a formatted row: filling every row up to it,
    # each padded to the declared 16,384 columns, is what never ended
    last_row = b'<row r="1048576" ht="15" customHeight="1"/></sheetData>'
    rewrite_member(workbook, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"</sheetData>", last_row))
    declared = openpyxl.load_workbook(workbook, read_only=True)["Factors"]
    assert (declared.max_row, declared.max_column) == (1_048_576, 16_384)  # the file really claims the whole grid
    assert workbook.stat().st_size < 8 * 1024
    assert load_bounded(workbook, seconds=30) == "ok: Short-haul air travel (US, early 1990s): 8 factors, 3 players"


def _rows_to_column_xfd(path: Path, rows: int, value: tuple[int, str] | None = None) -> Path:
    """A valid workbook followed by ``rows`` rows that each hold one empty, bold cell at column XFD (as a
    row formatted to the sheet's edge is saved); ``value`` puts text in that cell of one row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Factors"
    sheet.append([*HEADER, "Us", "Them"])
    sheet.append(["Price", "product", "current", 3, 3, 3, 3, 5, 5])
    bold = openpyxl.styles.Font(bold=True)
    for number in range(3, rows + 3):
        sheet.cell(row=number, column=16_384).font = bold
    if value is not None:
        sheet.cell(row=value[0], column=16_384, value=value[1])
    book.save(path)
    return path


def test_rows_padded_to_column_xfd_are_read_by_the_cells_they_hold(tmp_path: Path):
    path = _rows_to_column_xfd(tmp_path / "edge.xlsx", 20_000)
    assert path.stat().st_size < 150 * 1024
    book = openpyxl.load_workbook(path, read_only=True)
    padded = next(book["Factors"].iter_rows(min_row=3, values_only=True))
    book.close()
    assert len(padded) == 16_384  # openpyxl's own reading: a row of 16,384 values for its one cell
    # about 0.5 ms a row when every padded row was scanned: 10 s; read by its cells, well under a second
    assert load_bounded(path, cpu_seconds=6) == "ok: edge: 1 factors, 2 players"
    _rows_to_column_xfd(path, 2000, value=(1500, "far right"))
    assert problems_of(path) == [
        "w.xlsx:Factors!XFD1500: data below row 1001: the 'Factors' sheet is read up to row 1001 "
        "(a header and at most 1000 factors); delete or move what is beyond"
    ]
    _rows_to_column_xfd(path, 10, value=(7, "far right"))
    assert problems_of(path) == [
        "w.xlsx:Factors!XFD7: data right of column BH: the 'Factors' sheet is read up to column BH "
        "(60 columns, enough for 50 players); delete or move what is beyond"
    ]


#: Reads a workbook in a child process twice, with the default CPU budget and with a budget of 0.3 s, and
#: prints what each read said, the memory it took and the CPU time the second read took.
ONE_ROW_PROBE = """
import resource, sys, time
from positioning import CanvasError
from positioning.output.sheet_cells import Budget
from positioning.output.spreadsheet import load_workbook_canvas

def read(budget):
    try:
        return "ok: %d factors" % len(load_workbook_canvas(sys.argv[1], name="w.xlsx", budget=budget).factors)
    except CanvasError as error:
        return str(error)[:40]

before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(read(None))
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
started = time.process_time()
print(read(Budget.start(0.3)))
print(round(time.process_time() - started, 1))
"""


def test_one_row_of_many_cells_is_read_cell_by_cell(workbook: Path):
    cells = 500_000  # openpyxl builds a row whole before it yields it: about 350 bytes a cell
    rewrite_member(
        workbook,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"</sheetData>", b'<row r="1500">' + b"<c/>" * cells + b"</row></sheetData>"),
    )
    with zipfile.ZipFile(workbook, "a") as archive:  # noise that does not deflate: within the unpacking ratio
        archive.writestr("xl/media/noise.bin", os.urandom(40_000), zipfile.ZIP_STORED)
    command = [sys.executable, "-c", ONE_ROW_PROBE, str(workbook)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert result.returncode == 0 and not result.stderr, result.stderr
    read, megabytes, refused, seconds = result.stdout.split("\n")[:4]
    assert read == "ok: 8 factors" and int(megabytes) < 40  # it took 170 MB more as one row
    assert refused == "w.xlsx: took too long to read (more than"  # stopped inside the row, within its budget
    assert float(seconds) < 1.5


def test_a_workbook_that_takes_too_long_is_refused_by_name(workbook: Path):
    spent = Budget(2.0, ends=0.0)  # as if the workbook had already taken its 2 CPU seconds
    with pytest.raises(CanvasError) as caught:
        load_workbook_canvas(workbook, name="w.xlsx", budget=spent)
    assert str(caught.value) == (
        "w.xlsx: took too long to read (more than 2 s of work; a scoring workbook of 1000 factors takes about "
        "a second); its sheets hold far more cells than the Factors layout needs: delete the rows and columns "
        "beyond the table, or copy the table into a new workbook"
    )
    assert wording.error_text(caught.value, "zh").startswith("w.xlsx：读取时间过长（超过 2 秒的处理；")


def test_a_zip_bomb_is_refused(workbook: Path):
    padding = b" " * (64 * 1024 * 1024)  # deflates to ~64 KB
    rewrite_member(
        workbook, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"</worksheet>", padding + b"</worksheet>")
    )
    size = workbook.stat().st_size
    message = load_bounded(workbook)
    assert message.startswith(
        # sizes are rounded up (positioning.core.sizes): 64 MB and a few KB of XML read 64.1 MB
        f"w.xlsx: its parts unpack to 64.1 MB, more than a workbook of {math.ceil(size / 1024)} KB needs"
    )
    assert message.endswith(
        "(the limit is 100 times the file's size, at most 100 MB); the file is damaged or a zip bomb"
    )


def test_a_damaged_sheet_is_reported(workbook: Path):
    rewrite_member(workbook, "xl/worksheets/sheet1.xml", lambda xml: xml[: xml.index(b"</sheetData>") - 20])
    assert problems_of(workbook) == [
        "w.xlsx: the 'Factors' sheet is damaged and cannot be read; open and save the workbook again in Excel"
    ]


def test_a_chart_sheet_is_not_a_table(workbook: Path):
    from openpyxl.chart import BarChart, Reference

    book = openpyxl.load_workbook(workbook)
    chart = BarChart()
    chart.add_data(Reference(book["Factors"], min_col=4, min_row=1, max_row=9), titles_from_data=True)
    book.create_chartsheet("Chart").add_chart(chart)
    book.save(workbook)
    assert load_workbook_canvas(workbook).top == 3  # a chart beside the sheets is fine
    book["Factors"].title, book["Chart"].title = "Data", "Factors"
    book.save(workbook)
    assert problems_of(workbook) == [
        "w.xlsx: the 'Factors' sheet is a chart, not cells; see docs/excel.md for its layout"
    ]


def test_the_limits_and_data_beyond_them(tmp_path: Path):
    path = tmp_path / "full.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Factors"
    players = [f"Player {k}" for k in range(50)]
    sheet.append([*HEADER, *players, "Note"])
    for i in range(1000):
        sheet.append([f"Factor {i}", "product", "current", 3, 3, 3, 3, *(k % 11 for k in range(50)), "why"])
    book.save(path)
    canvas = load_workbook_canvas(path)  # 1,000 factors and 50 players: the most a canvas holds
    assert (len(canvas.factors), canvas.player_names[-1], canvas.factors[-1].note) == (1000, "Player 49", "why")

    sheet["B1002"] = "one more"
    book.save(path)
    assert problems_of(path) == [
        "w.xlsx:Factors!B1002: data below row 1001: the 'Factors' sheet is read up to row 1001 "
        "(a header and at most 1000 factors); delete or move what is beyond"
    ]
    del sheet["B1002"]
    sheet["XFD1048576"] = "far away"  # the last cell of the grid: found, in bounded time
    book.save(path)
    assert load_bounded(path) == (
        "w.xlsx:Factors!XFD1048576: data below row 1001: the 'Factors' sheet is read up to row 1001 "
        "(a header and at most 1000 factors); delete or move what is beyond"
    )


def test_data_right_of_the_columns_read_or_below_the_settings(workbook: Path):
    book = openpyxl.load_workbook(workbook)
    book["Factors"].cell(row=5, column=61, value="stray")
    book.save(workbook)
    assert problems_of(workbook) == [
        "w.xlsx:Factors!BI5: data right of column BH: the 'Factors' sheet is read up to column BH "
        "(60 columns, enough for 50 players); delete or move what is beyond"
    ]
    book["Factors"].cell(row=5, column=60, value="stray")  # column BH: read, a player without a name
    book["Factors"]["BI5"] = None
    book["Settings"]["A101"] = "top"
    book.save(workbook)
    assert problems_of(workbook) == [
        "w.xlsx:Settings!A101: data below row 100: the 'Settings' sheet is read up to row 100 "
        "(one setting per row); delete or move what is beyond"
    ]


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


def test_the_ranking_keeps_every_number_at_full_precision_in_csv_and_xlsx_whole_ones_as_integers(tmp_path: Path):
    """One rule for both files: the score and the weighted columns were cut to 4 decimals (3.3333) beside
    criteria at full precision, and whole numbers read 4.0 in the CSV file."""
    import csv

    from .test_client_numbers import panel_canvas

    ranking = rank(panel_canvas())  # three raters' averages, weighted in thirds
    with write_ranking(ranking, tmp_path / "r.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    book = openpyxl.load_workbook(write_ranking(ranking, tmp_path / "r.xlsx"))["Ranking"]
    cells = [[c.value for c in row] for row in book.iter_rows(min_row=2)]
    columns = slice(2, 11)  # the score, the four criteria and the four weighted ones
    for factor, written, stored in zip(ranking.factors, rows[1:], cells, strict=True):
        expected = [factor.score, *(factor.scores[c] for c in CRITERIA), *(factor.contributions[c] for c in CRITERIA)]
        # to the 15 significant digits a spreadsheet keeps, in both files
        assert [float(v) for v in written[columns]] == pytest.approx(expected, rel=1e-14, abs=0)
        assert stored[columns] == pytest.approx(expected, rel=1e-15, abs=0)  # as openpyxl writes a float
        for text, value in zip(written[columns], expected, strict=True):
            assert text == (str(int(value)) if float(value).is_integer() else format(float(value), ".15g"))
            assert len(text.lstrip("-0.").replace(".", "")) <= 15, text  # no binary noise: 3.1000000000000005
    assert any(v != round(v, 4) for f in ranking.factors for v in (f.score, *f.contributions.values()))
    assert any("." not in text for row in rows[1:] for text in row[columns])  # a whole number, no 4.0


def run(*args, timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "positioning", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=timeout,
    )
    assert "Traceback" not in result.stderr
    return result


def in_process(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """The command run by the CLI's own entry point in this process (tests/test_cli.py runs its process):
    its exit status, output and errors."""
    from positioning import cli

    try:
        status = cli.main([str(arg) for arg in args])
    except SystemExit as stopped:  # the command line itself refused
        status = stopped.code if isinstance(stopped.code, int) else 2
    out, err = capsys.readouterr()
    return status, out, err


def test_import_and_rank_commands(tmp_path: Path, workbook: Path, capsys):
    out = tmp_path / "canvas.yaml"
    status, said, _ = in_process(capsys, "import", workbook, "-o", out)
    assert status == 0 and "wrote" in said
    assert load_canvas(out).title == "Short-haul air travel (US, early 1990s)"
    assert in_process(capsys, "rank", workbook, "-o", tmp_path / "ranking.xlsx")[0] == 0
    assert (tmp_path / "ranking.xlsx").exists()
    assert in_process(capsys, "import", "--template", tmp_path / "t.xlsx")[0] == 0
    assert load_workbook_canvas(tmp_path / "t.xlsx").top == 3
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"nope")
    status, _, errors = in_process(capsys, "import", bad, "-o", tmp_path / "x.yaml")
    assert status == 2 and "is not an Excel workbook" in errors
    assert in_process(capsys, "rank", SOUTHWEST, "-o", tmp_path / "r.txt")[0] == 2


# --- several raters' workbooks merged into a panel --------------------------------------------


def _rater_book(tmp_path: Path, name: str, shift: int, rater: str | None = None) -> Path:
    """The Southwest canvas's workbook (without its segments) with every attractiveness score moved by
    ``shift`` (kept on 1-5)."""
    path = tmp_path / f"{name}.xlsx"
    canvas = load_canvas(SOUTHWEST)
    write_template(path, canvas.model_copy(update={"segments": ()}))
    book = openpyxl.load_workbook(path)
    sheet = book["Factors"]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, 4).value = max(1, min(5, sheet.cell(row, 4).value + shift))
    if rater:
        book["Settings"].append(["rater", rater])
    book.save(path)
    return path


def test_several_workbooks_become_one_canvas_with_a_panel(tmp_path: Path):
    from positioning.output.panel_books import merge_workbooks
    from positioning.output.writer import dump_canvas

    paths = [_rater_book(tmp_path, "a", 0, "CFO"), _rater_book(tmp_path, "b", -2, "Head of marketing")]
    paths.append(_rater_book(tmp_path, "ops-team", 1))
    canvas = merge_workbooks(paths)
    original = load_canvas(SOUTHWEST)
    assert canvas.raters == ("CFO", "Head of marketing", "ops-team")  # the file name when none is given
    assert all(f.scores is None for f in canvas.factors)
    assert [f.levels for f in canvas.factors] == [f.levels for f in original.factors]
    first = original.factors[0]
    scores = {r.rater: r.scores[first.name].attractiveness for r in canvas.panel}
    assert scores == {"CFO": 5, "Head of marketing": 3, "ops-team": 5}
    assert canvas.factor_scores()[0].attractiveness == pytest.approx(13 / 3)  # the mean
    assert load_canvas_text(dump_canvas(canvas)) == canvas


def load_canvas_text(text: str):
    from positioning import parse_canvas

    return parse_canvas(text)


def test_merging_refuses_a_workbook_that_disagrees_naming_workbook_and_cell(tmp_path: Path):
    from positioning.output.panel_books import merge_workbooks

    good = _rater_book(tmp_path, "good", 0, "CFO")
    other = _rater_book(tmp_path, "other", 0, "COO")
    book = openpyxl.load_workbook(other)
    book["Factors"]["A3"] = "Free snacks"
    book["Factors"]["I1"] = "Train"
    book.save(other)
    same = _rater_book(tmp_path, "same", 0, "CFO")
    with pytest.raises(CanvasError) as caught:
        merge_workbooks([good, other, same])
    found = [str(p) for p in caught.value.problems]
    second = load_canvas(SOUTHWEST).factors[1].name
    assert f"{other}:Factors!A3: factor 'Free snacks' is not in {good}" in found
    assert f"{other}:Factors!A: no row for '{second}' of {good}" in found
    assert f"{other}:Factors!I1: player 'Train' is not in {good}" in found
    assert f"{other}:Factors!1: no column for player 'Average airline' of {good}" in found
    assert any(p.startswith(f"{same}:Settings!B") and "rater 'CFO' also filled in" in p for p in found)


def test_merging_reports_a_workbooks_own_problems_with_its_cells(tmp_path: Path):
    from positioning.output.panel_books import merge_workbooks

    bad = _rater_book(tmp_path, "bad", 0, "COO")
    book = openpyxl.load_workbook(bad)
    book["Factors"]["E2"] = 9
    book.save(bad)
    with pytest.raises(CanvasError) as caught:
        merge_workbooks([_rater_book(tmp_path, "good", 0), bad])
    assert [str(p) for p in caught.value.problems] == [
        f"{bad}:Factors!E2: factors[0].scores.unmet_need: 9 is outside the score scale 1-5"
    ]


def test_import_command_merges_workbooks(tmp_path: Path):
    paths = [_rater_book(tmp_path, "a", 0, "CFO"), _rater_book(tmp_path, "b", -1, "CMO")]
    out = tmp_path / "panel.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "positioning", "import", *map(str, paths), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "a panel of 2 raters" in result.stdout
    assert load_canvas(out).raters == ("CFO", "CMO")


# --- every problem with a workbook in Chinese too -----------------------------------------------

#: Words a Chinese message about a workbook may hold: the layout's sheet and column names, its
#: settings, the file format's and Excel's names, units.
WORKBOOK_WORDS = set(
    re.findall(r"[A-Za-z]+", " ".join([*HEADER, *SETTINGS, "Note Factors Settings Segments rater share Data"]))
)
WORKBOOK_WORDS |= {"Excel", "xlsx", "docs", "excel", "md", "MB", "KB", "BH", "BI"}


def _many_parts(path: Path) -> Path:
    """A zip of more parts than a workbook may hold."""
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(2001):
            archive.writestr(f"xl/p{n}.xml", b"")
    return path


def test_a_workbook_of_too_many_parts_or_a_locked_part_is_refused_by_name(tmp_path: Path, workbook: Path):
    assert problems_of(_many_parts(tmp_path / "parts.xlsx")) == [
        "w.xlsx: holds 2001 parts, more than the 2000 a workbook may hold; the file is damaged or a zip bomb"
    ]
    locked = tmp_path / "locked.xlsx"
    data = bytearray(workbook.read_bytes())
    with zipfile.ZipFile(workbook) as archive:
        first = archive.infolist()[0]
    data[first.header_offset + 6] |= 0x1  # the local header's "encrypted" flag ...
    data[data.find(b"PK\x01\x02") + 8] |= 0x1  # ... and the central directory's, for the first member
    locked.write_bytes(bytes(data))
    assert problems_of(locked) == ["w.xlsx: is not an Excel workbook (.xlsx); save it as 'Excel Workbook (.xlsx)'"]


def _bad_workbooks(tmp_path: Path, workbook: Path) -> list[Callable[[], object]]:
    """Ways a workbook is refused, one of every message, each a call that raises CanvasError."""
    from positioning.output.panel_books import merge_workbooks

    def edited(name: str, change: Callable[[openpyxl.Workbook], None]) -> Path:
        path = tmp_path / f"{name}.xlsx"
        book = openpyxl.load_workbook(workbook)
        change(book)
        book.save(path)
        return path

    def cells(book: openpyxl.Workbook) -> None:
        book["Factors"]["D3"], book["Factors"]["I2"], book["Settings"]["B3"] = 7, "high", "Nobody"

    def chart(book: openpyxl.Workbook) -> None:
        from openpyxl.chart import BarChart, Reference

        bars = BarChart()
        bars.add_data(Reference(book["Factors"], min_col=4, min_row=1, max_row=9), titles_from_data=True)
        book.create_chartsheet("Chart").add_chart(bars)
        book["Factors"].title, book["Chart"].title = "Data", "Factors"

    def segments(book: openpyxl.Workbook) -> None:
        sheet = book["Segments"] if "Segments" in book.sheetnames else book.create_sheet("Segments")
        sheet.cell(1003, 1, "stray")

    text, large, no_sheet = tmp_path / "text.xlsx", tmp_path / "large.xlsx", tmp_path / "no_sheet.xlsx"
    text.write_text("title: x", encoding="utf-8")
    with large.open("wb") as stream:
        stream.truncate(11 * 1024 * 1024)
    other = openpyxl.Workbook()
    other.active.title = "Data"
    other.save(no_sheet)
    bomb = edited("bomb", lambda book: None)
    rewrite_member(
        bomb, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"</worksheet>", b" " * 2**21 + b"</worksheet>")
    )
    damaged = edited("damaged", lambda book: None)
    rewrite_member(damaged, "xl/worksheets/sheet1.xml", lambda xml: xml[: xml.index(b"</sheetData>") - 20])
    good, disagrees, same = (
        _rater_book(tmp_path, name, 0, rater) for name, rater in (("g", "CFO"), ("d", "COO"), ("s", "CFO"))
    )
    book = openpyxl.load_workbook(disagrees)
    book["Factors"]["A3"], book["Factors"]["I1"] = "Free snacks", "Train"
    book.save(disagrees)
    paths = [
        edited("cells", cells),
        edited("header", lambda book: book["Factors"].delete_cols(7)),
        edited("twice", lambda book: book["Factors"].cell(row=1, column=7, value="Market attractiveness")),
        no_sheet,
        text,
        tmp_path,
        Path("/dev/null"),
        large,
        tmp_path / "missing.xlsx",
        text / "inside.xlsx",
        damaged,
        edited("chart", chart),
        edited("right", lambda book: book["Factors"].cell(row=5, column=61, value="stray")),
        edited("below", lambda book: book["Factors"].cell(row=1002, column=2, value="stray")),
        edited("settings", lambda book: book["Settings"].cell(row=101, column=1, value="top")),
        edited("segments", segments),
        edited("setting", lambda book: book["Settings"].cell(row=3, column=1, value="shortlist")),
        edited("empty", lambda book: book["Factors"].delete_rows(1, 20)),
        bomb,
        _many_parts(tmp_path / "parts.xlsx"),
    ]
    calls: list[Callable[[], object]] = [lambda path=path: load_workbook_canvas(path, name="w.xlsx") for path in paths]
    calls.append(lambda: merge_workbooks([good, disagrees, same]))
    calls.append(lambda: merge_workbooks([good] * 101))
    calls.append(lambda: load_workbook_canvas(workbook, name="w.xlsx", budget=Budget(2.0, ends=0.0)))
    return calls


def test_every_workbook_problem_has_chinese_words_and_the_english_is_unchanged(
    tmp_path: Path, workbook: Path, monkeypatch
):
    from positioning.i18n import wording
    from positioning.output import spreadsheet
    from tests.test_loader import _record_templates

    used: set[str] = set()
    real = wording.t

    def recording(language: str, key: str, /, **values: object) -> str:
        used.add(key)
        return real(language, key, **values)

    for module in (wording, spreadsheet):
        monkeypatch.setattr(module, "t", recording, raising=False)
    _record_templates(monkeypatch, used)
    canvas = load_canvas(SOUTHWEST)
    names = " ".join(
        [
            *canvas.factor_names,
            *canvas.player_names,
            "Free snacks Train stray Nobody shortlist high CFO COO Market attractiveness",
        ]
    )
    for call in _bad_workbooks(tmp_path, workbook):
        with pytest.raises(CanvasError) as caught:
            call()
        for problem in caught.value.problems:
            named = dataclasses.replace(problem, path=wording.place_text(problem, "en"))  # a factor by its name
            assert wording.problem_text(problem, "en") == problem.message and wording.located(problem, "en") == str(
                named
            )
            chinese = wording.located(problem, "zh")
            written = f"{names} {problem.source} {problem.line} {problem.path}"
            assert not english_left(chinese, written) - WORKBOOK_WORDS, chinese
    # a file that grows while it is read: more than the limit, however large fstat said it was
    assert (
        wording.words(spreadsheet._too_large(11 * 2**20, more=True), "zh")
        == "工作簿大小：超过 10 MB；评分工作簿最大 10 MB"
    )
    book_words = {key for key in english_keys() if key.startswith("book_")} | {"load_cell"}
    assert book_words <= used


def test_a_workbook_problem_in_chinese_names_the_cell(workbook: Path):
    book = openpyxl.load_workbook(workbook)
    book["Factors"]["D3"] = 7
    book.save(workbook)
    with pytest.raises(CanvasError) as caught:
        load_workbook_canvas(workbook, name="w.xlsx")
    assert (
        wording.error_text(caught.value, "zh")
        == "w.xlsx（Factors!D3）：要素“Meals”，scores.attractiveness：7 超出评分量表 1-5 的范围"
    )
    assert str(caught.value) == "w.xlsx:Factors!D3: factors[1].scores.attractiveness: 7 is outside the score scale 1-5"
