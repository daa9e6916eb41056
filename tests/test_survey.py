"""Importance from a survey (issue 26 §3): the means, shares, counts and 95% intervals checked against an
independent computation on the raw rows the test writes (the statistics module and scipy's t), every
refusal by name, row and column, the command line end to end, ``rank --json`` and the diagnosis."""

from __future__ import annotations

import csv
import io
import json
import math
import random
import resource
import statistics
import zipfile
from pathlib import Path

import openpyxl
import pytest
from scipy import stats

from positioning import load_canvas
from positioning.core.analysis import analyse
from positioning.core.loader import CanvasError, parse_canvas
from positioning.core.survey import (
    MAX_COLUMNS,
    MAX_RESPONDENTS,
    MAX_SURVEY_BYTES,
    importance_interval,
    t_quantile,
    with_survey,
)
from positioning.i18n.surveys import survey_of
from positioning.i18n.wording import diagnosis_summary
from positioning.output.report import report
from positioning.output.writer import dump_canvas
from positioning.ui import edits

from .conftest import ROOT
from .factory import make_canvas
from .test_cli import run

COFFEE = ROOT / "configs" / "coffee_chain.yaml"
SURVEY = ROOT / "configs" / "coffee_chain-survey.csv"
NAMES = ["Price", "Speed", "Comfort"]


def _canvas(score=(1, 5)):
    canvas = make_canvas({"Us": [8, 2, 5], "Them": [5, 5, 5]}, names=NAMES)
    if score != (1, 5):
        canvas = canvas.model_copy(update={"scales": canvas.scales.model_copy(update={"score": score})})
    return canvas


def _csv(rows: list[list[object]], header=("respondent", "segment", *NAMES)) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _rows(seed: int, n: int, top: int) -> list[list[object]]:
    rng = random.Random(seed)
    return [
        [f"R{i}", rng.choice(["Families", "Business"]), *[rng.choice(["", *range(1, top + 1)]) for _ in NAMES]]
        for i in range(n)
    ]


def _expected(rows: list[list[object]], column: int, top: int, score=(1.0, 5.0)):
    """Mean, n, sd and 95% interval of one column, on the score scale, computed here from the raw rows."""
    given = [float(r[column]) for r in rows if r[column] != ""]
    k = (score[1] - score[0]) / (top - 1)
    mean = score[0] + (statistics.fmean(given) - 1) * k
    sd = statistics.stdev(given) * k
    half = stats.t.ppf(0.975, len(given) - 1) * sd / math.sqrt(len(given))
    return mean, len(given), sd, (max(score[0], mean - half), min(score[1], mean + half))


@pytest.mark.parametrize(("seed", "top", "score"), [(1, 5, (1.0, 5.0)), (2, 7, (1.0, 5.0)), (3, 7, (0.0, 10.0))])
def test_means_counts_deviations_intervals_and_shares_match_an_independent_computation(seed, top, score):
    rows = _rows(seed, 40, top)
    canvas = _canvas(score)
    survey = survey_of(_csv(rows), "s.csv", canvas, scale=top)
    surveyed = with_survey(canvas, survey)
    for i, factor in enumerate(surveyed.factors):
        mean, n, sd, interval = _expected(rows, 2 + i, top, score)
        assert factor.importance == pytest.approx(mean, abs=1e-4)
        assert factor.importance_n == n
        assert factor.importance_sd == pytest.approx(sd, abs=1e-4)
        assert importance_interval(factor, score) == pytest.approx(interval, abs=1e-3)
    for segment in surveyed.segments:
        mine = [r for r in rows if r[1] == segment.name]
        assert segment.share == pytest.approx(len(mine) / len(rows), abs=1e-4)
        for i, name in enumerate(NAMES):
            given = [float(r[2 + i]) for r in mine if r[2 + i] != ""]
            expected = score[0] + (statistics.fmean(given) - 1) * (score[1] - score[0]) / (top - 1)
            assert segment.importance[name] == pytest.approx(expected, abs=1e-4)
    assert sum(g.share for g in surveyed.segments) == pytest.approx(1)


def test_the_bundled_survey_matches_an_independent_computation():
    rows = list(csv.reader(SURVEY.read_text(encoding="utf-8").splitlines()))
    header, body = rows[0], rows[1:]
    surveyed = with_survey(load_canvas(COFFEE), survey_of(SURVEY.read_bytes(), SURVEY.name, load_canvas(COFFEE)))
    for factor in surveyed.factors:
        mean, n, _, interval = _expected(body, header.index(factor.name), 5)
        assert (factor.importance, factor.importance_n) == (pytest.approx(mean, abs=1e-4), n)
        assert importance_interval(factor, (1.0, 5.0)) == pytest.approx(interval, abs=1e-3)


@pytest.mark.parametrize("df", [*range(1, 41), 60, 120, 999, 1000, 1001, 5000, 19_999])
def test_the_t_quantile_is_scipys(df):
    assert t_quantile(0.975, df) == pytest.approx(stats.t.ppf(0.975, df), rel=1e-6)


def test_headers_match_ignoring_case_and_spaces_blanks_are_no_answer_and_bom_and_semicolons_are_read():
    data = "\ufeff SEGMENT ;price; Speed ;comfort\nA;4;;2\nB;2;5;1\nA;;3;4\n".encode()
    survey = survey_of(data, "s.csv", _canvas())
    by_name = {a.name: a for a in survey.factors}
    assert (by_name["Price"].n, by_name["Price"].mean) == (2, 3.0)  # the blank is skipped, not a zero
    assert (by_name["Speed"].n, by_name["Speed"].mean) == (2, 4.0)
    assert [(g.name, g.respondents) for g in survey.segments] == [("A", 2), ("B", 1)]
    assert survey.respondents == 3 and survey.scale == 5 and survey.inferred


def test_the_scale_is_inferred_from_the_ratings_unless_given():
    assert survey_of(_csv([["a", "x", 6, 2, 3]]), "s.csv", _canvas()).scale == 7
    assert survey_of(_csv([["a", "x", 5, 2, 3]]), "s.csv", _canvas()).scale == 5
    assert survey_of(_csv([["a", "x", 5, 2, 3]]), "s.csv", _canvas(), scale=7).scale == 7


def _refused(data: bytes, name: str = "s.csv", **options) -> str:
    with pytest.raises(CanvasError) as caught:
        survey_of(data, name, _canvas(), **options)
    return str(caught.value)


def test_every_refusal_names_the_file_the_row_and_the_column():
    assert "s.csv:1: Prise: the column 'Prise' is not a factor of the canvas" in _refused(
        _csv([["a", "x", 1, 2, 3]], header=("respondent", "segment", "Prise", "Speed", "Comfort"))
    )
    assert "did you mean 'Price'?" in _refused(
        _csv([["a", 1, 2, 3]], header=("respondent", "Prise", "Speed", "Comfort"))
    )
    assert "s.csv:1: no column for 'Comfort'" in _refused(_csv([["a", 1, 2]], header=("respondent", "Price", "Speed")))
    assert "s.csv:1: price: a second column headed 'price'" in _refused(
        _csv([[1, 2, 3, 4]], header=("Price", "Speed", "Comfort", "price"))
    )
    off = _refused(_csv([["a", "x", 1, 2, 3], ["b", "x", 2, 9, 3]]), scale=5)
    assert off == "s.csv:3: Speed: 9 is off the 1-5 scale; give a rating from 1 to 5, or leave the cell blank"
    assert "s.csv:2: Comfort: 0 is off the scale; ratings are from 1 to 5 or from 1 to 7" in _refused(
        _csv([["a", "x", 1, 2, 0]])
    )
    assert "s.csv:2: Price: 'high' is not a number" in _refused(_csv([["a", "x", "high", 2, 3]]))
    assert "s.csv: the file is empty" in _refused(b"")
    assert "s.csv:1: the file has a header but no respondents" in _refused(_csv([]))
    assert "s.csv: Comfort: no one answered 'Comfort'" in _refused(_csv([["a", "x", 1, 2, ""]]))
    assert "s.csv:2: segment: the segment is blank" in _refused(_csv([["a", "", 1, 2, 3]]))
    assert "s.csv: Comfort: no one in the segment 'y' answered 'Comfort'" in _refused(
        _csv([["a", "x", 1, 2, 3], ["b", "y", 1, 2, ""]])
    )
    assert "s.csv: the file is not UTF-8 text (byte 0xe9)" in _refused("Price,Speed,Comfort\né,1,2\n".encode("latin-1"))
    assert "s.ods: is not a survey file" in _refused(b"x", "s.ods")
    assert "s.xlsx: the file is not an Excel workbook" in _refused(b"not a zip", "s.xlsx")


def test_sizes_over_the_limits_are_refused():
    assert "the file is 2.1 MB; a survey file is limited to 2 MB" in _refused(b"x" * (MAX_SURVEY_BYTES + 1))
    many = _csv([["a", "x", 1, 2, 3]] * (MAX_RESPONDENTS + 1))
    assert f"has more than {MAX_RESPONDENTS:,}".replace(",", "") in _refused(many).replace(",", "")
    wide = ",".join(["Price", "Speed", "Comfort", *[f"c{i}" for i in range(MAX_COLUMNS)]]).encode()
    assert f"s.csv:1: has more than {MAX_COLUMNS} columns" in _refused(wide)


def test_a_workbook_is_read_from_its_responses_sheet_and_named_by_cell(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    sheet = book.create_sheet("Responses")
    for row in [["Respondent", "Price", "Speed", "Comfort"], ["a", 4, 5, None], ["b", 2, "x", 3]]:
        sheet.append(row)
    path = tmp_path / "s.xlsx"
    book.save(path)
    assert "s.xlsx:Responses!C3: Speed: 'x' is not a number" in _refused(path.read_bytes(), "s.xlsx")
    sheet["C3"] = 3
    book.save(path)
    survey = survey_of(path.read_bytes(), "s.xlsx", _canvas())
    assert [(a.name, a.n, a.mean) for a in survey.factors] == [
        ("Price", 2, 3.0),
        ("Speed", 2, 4.0),
        ("Comfort", 1, 3.0),
    ]


def test_the_statistics_are_written_and_read_back_with_the_canvas():
    surveyed = with_survey(load_canvas(COFFEE), survey_of(SURVEY.read_bytes(), "s.csv", load_canvas(COFFEE)))
    again = parse_canvas(dump_canvas(surveyed), name="again.yaml")
    assert [(f.importance, f.importance_n, f.importance_sd) for f in again.factors] == [
        (f.importance, f.importance_n, f.importance_sd) for f in surveyed.factors
    ]
    # a factor's importance typed by hand is no survey's mean any more: no interval for it
    data = edits.validated(json.loads(json.dumps(edits.canvas_data(again)))).data
    typed = edits.edit_factor(data, 0, "importance", 2)
    assert typed.ok and "importance_n" not in typed.data["factors"][0] and "importance_n" in typed.data["factors"][1]


def test_a_surveyed_canvas_reports_its_counts_and_intervals_and_another_does_not():
    surveyed = with_survey(load_canvas(COFFEE), survey_of(SURVEY.read_bytes(), "s.csv", load_canvas(COFFEE)))
    factors = {f["name"]: f for f in report(surveyed)["factors"]}
    for factor in surveyed.factors:
        assert factors[factor.name]["importance_n"] == factor.importance_n
        assert factors[factor.name]["importance_ci"] == list(importance_interval(factor, (1.0, 5.0)))
    assert all("importance_ci" not in f for f in report(load_canvas(COFFEE))["factors"])


def test_the_diagnosis_says_when_a_call_rests_on_an_interval_that_spans_two_thirds():
    surveyed = with_survey(load_canvas(COFFEE), survey_of(SURVEY.read_bytes(), "s.csv", load_canvas(COFFEE)))
    diagnosis = analyse(surveyed).diagnosis
    assert "Lifestyle brand" in diagnosis.over_delivery and "Mobile order and loyalty app" in diagnosis.over_delivery
    en, zh = diagnosis_summary(diagnosis, "en"), diagnosis_summary(diagnosis, "zh")
    # Lifestyle brand: 2.1 (1.76-2.45) reaches past 2.33, the top of the lowest third; the app's 1.73-2.27 does not
    assert (
        "'Lifestyle brand' is called over-delivered, but its importance interval (1.76–2.45) spans two thirds "
        "of the scale: ask more customers." in en
    )
    assert "'Speed of service' is called under-delivered, but its importance interval (3.36–4.41)" in en
    assert "Mobile order and loyalty app' is called" not in en
    assert "“Lifestyle brand”被判为投入过多，但其重视度区间（1.76–2.45）跨越了量表的两个三分段" in zh
    unsurveyed = tuple(f.model_copy(update={"importance_n": None, "importance_sd": None}) for f in surveyed.factors)
    hand = surveyed.model_copy(update={"factors": unsurveyed})
    assert "spans two thirds" not in diagnosis_summary(analyse(hand).diagnosis, "en")  # typed by hand: no interval


def test_the_command_writes_the_canvas_and_says_what_it_set(tmp_path: Path):
    out = tmp_path / "out.yaml"
    done = run("survey", SURVEY, "--canvas", COFFEE, "-o", out)
    assert done.returncode == 0, done.stderr
    assert "importance of 9 factors from 30 respondents" in done.stdout
    assert "Lifestyle brand: mean 2.1 of 1-5 → importance 2.1 (n = 29, 95% interval 1.76–2.45)" in done.stdout
    assert "segment Commuters: 18 respondents (share 60%)" in done.stdout
    assert load_canvas(out).factors[0].importance_n == 30
    ranked = json.loads(run("rank", "--json", out).stdout)
    assert ranked["factors"][0]["importance_n"] and len(ranked["factors"][0]["importance_ci"]) == 2
    seven = run("--lang", "zh", "survey", SURVEY, "--canvas", COFFEE, "-o", out, "--scale", "7")
    assert "重视度为平均评分线性换算到画布 1-5 分评分量表上的值" in seven.stdout
    assert load_canvas(out).factors[0].importance == pytest.approx(1 + (4.5667 - 1) * 4 / 6, abs=1e-3)


def test_the_command_refuses_a_bad_survey_by_row_and_column_and_writes_nothing(tmp_path: Path):
    bad = tmp_path / "bad.csv"
    text = SURVEY.read_text(encoding="utf-8").splitlines()
    text[4] = text[4].replace(",4,", ",8,", 1)
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    out.write_text("kept", encoding="utf-8")
    done = run("survey", bad, "--canvas", COFFEE, "-o", out, "--scale", "5")
    assert done.returncode == 2
    assert f"{bad}:5: " in done.stderr and "8 is off the 1-5 scale" in done.stderr
    assert out.read_text(encoding="utf-8") == "kept"
    missing = run("survey", tmp_path / "none.csv", "--canvas", COFFEE, "-o", tmp_path / "new.yaml")
    assert missing.returncode == 2 and "none.csv: cannot be read" in missing.stderr
    assert not (tmp_path / "new.yaml").exists()


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "'Lifestyle brand' is called over-delivered, but its importance interval (1.76–2.45) spans two thirds"),
        ("zh", "“Lifestyle brand”被判为投入过多，但其重视度区间（1.76–2.45）跨越了量表的两个三分段"),
    ],
)
def test_the_decks_voice_slide_says_which_calls_are_uncertain(chromium, language, said):
    from pptx import Presentation

    from positioning.output.deck import DeckPart, build_deck

    surveyed = with_survey(load_canvas(COFFEE), survey_of(SURVEY.read_bytes(), "s.csv", load_canvas(COFFEE)))
    deck = Presentation(io.BytesIO(build_deck([DeckPart(surveyed, "Coffee")], language=language)))
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in deck.slides]
    voice = next(text for text in texts if text.startswith(("The customer's voice", "客户的声音", "客户之声")))
    assert said in voice


def test_the_chart_draws_each_interval_as_a_whisker_on_the_importance_bar_and_nothing_without_a_survey():
    from positioning.chart.figures import figure_spec
    from positioning.chart.view import View

    rows = list(csv.reader(SURVEY.read_text(encoding="utf-8").splitlines()))
    surveyed = with_survey(load_canvas(COFFEE), survey_of(SURVEY.read_bytes(), "s.csv", load_canvas(COFFEE)))
    view = View(language="en", layers=("importance",))
    (bar,) = [d for d in figure_spec(surveyed, analyse(surveyed).ranking, view)["data"] if d.get("type") == "bar"]
    stretch = 10 / 4  # level points per score point: 0-10 against 1-5
    for i, factor in enumerate(surveyed.factors):
        _, _, _, (low, high) = _expected(rows[1:], rows[0].index(factor.name), 5)
        assert bar["error_y"]["array"][i] == pytest.approx((high - factor.importance) * stretch, abs=1e-2)
        assert bar["error_y"]["arrayminus"][i] == pytest.approx((factor.importance - low) * stretch, abs=1e-2)
    assert "95% interval 1.76–2.45 (n = 29)" in bar["customdata"][7][3]
    plain = load_canvas(ROOT / "configs" / "b2b_maintenance_services.yaml")
    (bar,) = [d for d in figure_spec(plain, analyse(plain).ranking, view)["data"] if d.get("type") == "bar"]
    assert "error_y" not in bar and len(bar["customdata"][0]) == 3


# --- issue 26's probe: damaged workbooks, blank rows, extra values, repeated respondents, exact headers


def _workbook(mutate) -> bytes:
    """A survey workbook (a header and two respondents) whose sheet XML ``mutate`` rewrites."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Responses"
    sheet.append(NAMES)
    sheet.append([3, 4, 5])
    sheet.append([4, 5, 2])
    plain = io.BytesIO()
    book.save(plain)
    source = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = mutate(data.decode()).encode()
            z.writestr(info.filename, data)
    return out.getvalue()


DAMAGED = {
    "sheet cut short": lambda s: s[: len(s) - 40],
    "a number cell holding letters": lambda s: s.replace('t="n"><v>3</v>', 't="n"><v>abc</v>', 1),
    "a date cell holding letters": lambda s: s.replace('t="n"><v>3</v>', 't="d"><v>zzz</v>', 1),
    "a cell past the last column": lambda s: s.replace('r="A2"', 'r="ZZZZ2"'),
    "a row of 20,000 cells": lambda s: s.replace(
        "</sheetData>", '<row r="4">' + '<c t="inlineStr"><is><t>1</t></is></c>' * 20_000 + "</row></sheetData>"
    ),
}


@pytest.mark.parametrize("damage", list(DAMAGED))
def test_a_damaged_survey_workbook_is_refused_by_name_not_a_crash(damage):
    """A damaged .xlsx (as a scoring workbook's import already does) gets a message naming the file,
    never an openpyxl/XML exception (the CLI printed 'ValueError: Invalid column index 18279', exit 1;
    the app's callback failed)."""
    data = _workbook(DAMAGED[damage])
    with pytest.raises(CanvasError) as refused:
        survey_of(data, "answers.xlsx", _canvas())
    assert "answers.xlsx" in str(refused.value)


def test_a_survey_workbook_zip_bomb_is_refused_before_it_is_inflated():
    """A 400 KB .xlsx whose one cell unpacks to 400 MB is refused as the scoring workbook's import refuses
    one (its parts unpack to far more than a workbook of its size needs), without the server holding
    the inflated text: before the check, reading it took 1.4 GB and 7 s (a 2 MB one: about 7 GB)."""
    huge = "x" * 100_000_000
    data = _workbook(lambda s: s.replace('t="n"><v>3</v>', f't="inlineStr"><is><t>{huge}</t></is>', 1))
    assert len(data) < 200_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(CanvasError) as refused:
        survey_of(data, "answers.xlsx", _canvas())
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert "answers.xlsx" in str(refused.value)
    assert "zip bomb" in str(refused.value) or "unpack" in str(refused.value)
    assert grown_mb < 50


def test_a_row_with_more_values_than_the_header_is_refused_by_its_row():
    """'4,5' typed with a decimal comma in a comma-separated file splits into two values: the row then has
    one value more than the header has columns, and the last one was silently dropped (Comfort read
    as 3, the 2 lost) instead of the row being refused by its number."""
    data = b"Price,Speed,Comfort\n4,5,3,2\n3,4,5\n"
    with pytest.raises(CanvasError) as refused:
        survey_of(data, "answers.csv", _canvas())
    assert "answers.csv:2" in str(refused.value)


def test_a_respondent_id_given_twice_is_refused_by_its_row():
    """The optional respondent column is read but never used: a respondent exported twice (a double
    submission) counts twice in every mean and interval, silently. It should be refused naming the row
    of the second one and the id."""
    data = b"respondent,Price,Speed,Comfort\nR1,3,4,5\nR2,4,5,2\nR1,3,4,5\n"
    with pytest.raises(CanvasError) as refused:
        survey_of(data, "answers.csv", _canvas())
    assert "answers.csv:4" in str(refused.value) and "R1" in str(refused.value)


def test_a_survey_headed_exactly_as_the_canvas_is_read_when_two_factors_differ_only_in_case():
    """The canvas takes factors 'Price' and 'PRICE'; the survey matches columns ignoring case, so the
    file headed exactly with the canvas's names is refused ('a second column headed PRICE') and no
    heading can ever import it. An exact match should win over a case-insensitive one."""
    canvas = make_canvas({"Us": [8, 2, 5], "Them": [5, 5, 5]}, names=["Price", "PRICE", "Comfort"])
    survey = survey_of(b"Price,PRICE,Comfort\n3,4,5\n4,2,5\n", "answers.csv", canvas)
    assert {f.name: f.mean for f in survey.factors} == {"Price": 3.5, "PRICE": 3.0, "Comfort": 5.0}


def _formatted_below(respondents: int, blank_rows: int) -> bytes:
    """A survey workbook of ``respondents`` rows whose first column is formatted (bold) far below them, as
    a sheet gets when a whole column is formatted: the rows are there, empty."""
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(NAMES)
    for k in range(respondents):
        sheet.append([3 + k % 3, 4, 5])
    for row in range(respondents + 2, respondents + 2 + blank_rows):
        sheet.cell(row=row, column=1).font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_empty_rows_below_the_answers_do_not_count_as_respondents(kind):
    """500 respondents with 25,000 empty rows under them (a column formatted to the bottom in Excel, or the
    ',,' lines Excel writes for it as CSV) are refused as 'more than 20000 respondents' at row 20002,
    a blank row, though blank rows are no respondents and are skipped everywhere else."""
    if kind == "csv":
        data = ("Price,Speed,Comfort\n" + "3,4,5\n" * 500 + ",,\n" * 25_000).encode()
    else:
        data = _formatted_below(500, 25_000)
    survey = survey_of(data, f"answers.{kind}", _canvas())
    assert survey.respondents == 500


def test_blank_rows_are_not_respondents_but_reading_stops_at_a_hard_cap_of_rows():
    """The respondent limit counts answered rows (20,000 answered rows among blank ones are read), while
    a file of endless blank rows is still refused at MAX_ROWS_READ rows, never read to its end."""
    from positioning.core.survey import MAX_ROWS_READ

    full = ("Price,Speed,Comfort\n" + "3,4,5\n,,\n" * MAX_RESPONDENTS).encode()
    assert survey_of(full, "answers.csv", _canvas()).respondents == MAX_RESPONDENTS
    over = full + b"3,4,5\n"
    assert f"answers.csv:{2 * MAX_RESPONDENTS + 2}" in str(_refused_by(over))
    endless = ("Price,Speed,Comfort\n3,4,5\n" + "\n" * MAX_ROWS_READ).encode()
    refused = str(_refused_by(endless))
    assert f"answers.csv:{MAX_ROWS_READ + 1}" in refused and "blank ones included" in refused


def _refused_by(data: bytes) -> CanvasError:
    with pytest.raises(CanvasError) as refused:
        survey_of(data, "answers.csv", _canvas())
    return refused.value


def test_trailing_empty_cells_past_the_header_are_no_values():
    """A spreadsheet exports trailing separators ('3,4,5,,'): empty cells past the header are allowed."""
    survey = survey_of(b"Price,Speed,Comfort\n3,4,5,,\n4,5,2, \n", "answers.csv", _canvas())
    assert survey.respondents == 2 and [f.mean for f in survey.factors] == [3.5, 4.5, 3.5]
    assert "decimal" in str(_refused_by(b"Price,Speed,Comfort\n4,5,3,2\n"))


def test_respondents_without_an_id_are_not_repeats_and_distinct_ids_are_read():
    data = b"respondent,Price,Speed,Comfort\nR1,3,4,5\n,4,5,2\n,3,4,5\nR2,3,4,5\n"
    assert survey_of(data, "answers.csv", _canvas()).respondents == 4


def test_a_header_differing_from_the_canvas_in_case_or_spaces_still_matches_after_exact_ones():
    canvas = make_canvas({"Us": [8, 2, 5], "Them": [5, 5, 5]}, names=["Price", "PRICE", "Comfort"])
    survey = survey_of(b"PRICE, price ,comfort\n3,4,5\n4,2,5\n", "answers.csv", canvas)
    assert {f.name: f.mean for f in survey.factors} == {"Price": 3.0, "PRICE": 3.5, "Comfort": 5.0}
    with pytest.raises(CanvasError) as refused:
        survey_of(b"price,PRICE,pRICE,Comfort\n3,4,5,5\n", "a.csv", canvas)
    assert "a second column headed 'pRICE'" in str(refused.value)
