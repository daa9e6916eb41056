"""Importance from a survey (issue 26 §3): the means, shares, counts and 95% intervals checked against an
independent computation on the raw rows the test writes (the statistics module and scipy's t), every
refusal by name, row and column, the command line end to end, ``rank --json`` and the diagnosis."""

from __future__ import annotations

import csv
import io
import json
import math
import random
import statistics
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
