"""PowerPoint decks, checked by reopening the file with python-pptx."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from positioning import cli, load_canvas, rank
from positioning.core.robustness import analyse
from positioning.i18n.wording import robustness_lines
from positioning.output.deck import DeckPart, build_deck, section_id, section_names, slide_count
from positioning.output.deck_glossary import GLOSSARY_SLIDES
from positioning.rendering.renderer import Renderer

from .conftest import ROOT, png_size_bytes
from .waiting import wait_until

SOUTHWEST = ROOT / "configs" / "southwest_airlines.yaml"


def shapes(slide, kind):
    return [s for s in slide.shapes if s.shape_type == kind]


def text_of(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


@pytest.fixture(scope="module")
def renderer(chromium):
    """One browser for the module's decks (a deck built without one starts its own: test_one_canvas_deck)."""
    shared = Renderer()
    yield shared
    shared.close()


def test_one_canvas_deck(chromium):
    canvas = load_canvas(SOUTHWEST)
    data = build_deck([DeckPart(canvas, "Southwest")])
    deck = Presentation(io.BytesIO(data))
    # with the customer's voice (its segments), and the glossary at the end
    assert len(deck.slides) == slide_count(canvas) + GLOSSARY_SLIDES == 10
    title, _summary, picture, _chart, ranking, robustness, diagnosis, voice, errc, _glossary = deck.slides
    outline = [s.shapes.title.text for s in deck.slides]  # real titles, in the layouts' placeholders
    assert outline == [
        "Short-haul air travel (US, early 1990s)",
        "Executive summary",
        "Strategy canvas",
        "Strategy canvas (editable chart)",
        "Ranking of the differentiation factors",
        "How sure is this ranking?",
        "Diagnosis: Strong differentiation",
        "The customer's voice",
        "Four actions (ERRC)",
        "Glossary",
    ]
    assert [s.slide_layout.name for s in list(deck.slides)[:3]] == ["Title Slide", "Title Only", "Title Only"]
    assert "Short-haul air travel (US, early 1990s)" in text_of(title)
    pictures = shapes(picture, MSO_SHAPE_TYPE.PICTURE)
    assert len(pictures) == 1 and png_size_bytes(pictures[0].image.blob) == (3200, 1800)
    table = shapes(ranking, MSO_SHAPE_TYPE.TABLE)[0].table
    assert len(table.rows) == 1 + len(canvas.factors)
    assert [table.cell(0, j).text for j in range(7)] == [
        "Rank",
        "Factor",
        "Score",
        "Market attractiveness",
        "Unmet need",
        "Capability",
        "Entry barriers",
    ]
    assert [table.cell(i, 1).text for i in range(1, 4)] == list(rank(canvas).shortlist)
    assert table.cell(1, 2).text == "4.40"
    assert "Combination differentiation" in text_of(ranking)
    assert text_of(diagnosis).startswith("Diagnosis: Strong differentiation")
    measures = shapes(diagnosis, MSO_SHAPE_TYPE.TABLE)[0].table
    assert measures.cell(1, 0).text == "Focus" and measures.cell(1, 1).text == "0.78"
    grid = shapes(errc, MSO_SHAPE_TYPE.TABLE)[0].table
    assert grid.cell(0, 0).text_frame.text.startswith("Eliminate") and "Lounges" in grid.cell(0, 0).text_frame.text
    assert "Friendly service" in grid.cell(0, 1).text_frame.text  # raise
    assert "Where today's curve (as-is) stands against the industry" in text_of(errc)  # no targets
    assert text_of(voice).startswith("The customer's voice")
    assert "Its curve serves Leisure travellers best (alignment 0.82)." in text_of(voice)
    importance = shapes(voice, MSO_SHAPE_TYPE.TABLE)[0].table
    header = [importance.cell(0, j).text for j in range(7)]
    assert header == [
        "Factor",
        "Importance",
        "Business travellers",
        "Leisure travellers",
        "Southwest",
        "Competitors' average",
        "Delivery",
    ]
    rows = [[importance.cell(i, j).text for j in range(7)] for i in range(1, len(importance.rows))]
    # As the app's chart says them (its hover: 4.35), not rounded to 4.3 here: 0.35 * 5 + 0.65 * 4 = 4.35
    assert rows[0] == ["Speed", "4.35", "5", "4", "9", "5", ""]  # most valued first
    assert ["Price (lower is better)", "4.3", "3", "5", "2", "5", ""] in rows  # 0.35 * 3 + 0.65 * 5
    assert section_names(data) == []  # one canvas: no sections
    assert text_of(robustness).startswith("How sure is this ranking?")
    assert "The shortlist changes just past the point where" in text_of(robustness)  # there Speed only draws level
    # The nearest single weight under the title, all four weights at once under the table.
    words = [shape.text_frame.text for shape in robustness.shapes if shape.has_text_frame]
    lead, everything = robustness_lines(analyse(canvas))[1:]
    assert lead.startswith("If the weight of ") and any(text.endswith(" " + lead) for text in words)
    assert everything in words
    odds = shapes(robustness, MSO_SHAPE_TYPE.TABLE)[0].table
    assert [odds.cell(0, j).text for j in range(4)] == ["Rank", "Factor", "Shortlist chance", "Likely rank"]
    expected = analyse(canvas).by_name()["Price"]
    assert (odds.cell(1, 1).text, odds.cell(1, 2).text) == ("Price", f"{expected.shortlist_probability:.0%}")


def test_a_panel_gets_an_agreement_slide(renderer):
    canvas = load_canvas(ROOT / "configs" / "coffee_chain.yaml")
    deck = Presentation(io.BytesIO(build_deck([DeckPart(canvas, "Coffee")], renderer=renderer)))
    assert len(deck.slides) == 10
    panel = deck.slides[6]
    assert text_of(panel).startswith("Scoring panel")
    assert "Kendall's W 0.83" in text_of(panel)
    table = shapes(panel, MSO_SHAPE_TYPE.TABLE)[0].table
    header = [table.cell(0, j).text for j in range(6)]
    assert header == [
        "Factor",
        "Chief executive",
        "Finance director",
        "Head of marketing",
        "Head of operations",
        "Spread",
    ]
    rows = {table.cell(i, 0).text: [table.cell(i, j).text for j in range(1, 6)] for i in range(1, len(table.rows))}
    assert rows["Barista–customer conversation (contested)"] == ["4.00", "3.00", "4.75", "3.25", "44%"]


def test_targets_get_a_move_slide_and_the_errc_grid_reads_the_target(renderer):
    canvas = load_canvas(ROOT / "configs" / "b2b_maintenance_services.yaml")
    deck = Presentation(io.BytesIO(build_deck([DeckPart(canvas, canvas.title)], renderer=renderer)))
    assert len(deck.slides) == slide_count(canvas) + GLOSSARY_SLIDES == 11
    moves, errc = deck.slides[8], deck.slides[9]
    assert text_of(moves).startswith("From today's curve to the target")
    assert (
        "LineCare moves on 5 factors: today's curve is a moderate differentiation, the target curve a strong one."
        in text_of(moves)
    )
    steps, measures = (s.table for s in shapes(moves, MSO_SHAPE_TYPE.TABLE))
    rows = [[steps.cell(i, j).text for j in range(3)] for i in range(len(steps.rows))]
    assert rows[0] == ["Factor", "Today (as-is)", "Target (to-be)"]
    assert ["Energy and sustainability reporting", "6", "9 ▲"] in rows and ["Genuine spare parts", "5", "3 ▼"] in rows
    assert [measures.cell(1, j).text for j in range(3)] == ["Verdict", "Moderate", "Strong"]
    assert "Where the target curve (to-be) stands against the industry" in text_of(errc)
    create = shapes(errc, MSO_SHAPE_TYPE.TABLE)[0].table.cell(1, 1).text_frame.text
    assert "Energy and sustainability reporting" in create


def test_folder_deck_from_the_cli_has_a_section_per_canvas(chromium, tmp_path: Path):
    out = tmp_path / "review.pptx"
    result = subprocess.run(
        [sys.executable, "-m", "positioning", "export", str(ROOT / "configs"), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    configs = sorted((ROOT / "configs").glob("*.yaml"))
    deck = Presentation(str(out))
    canvases = [load_canvas(p) for p in configs]
    counts = [slide_count(c) for c in canvases]
    assert counts == [10, 9, 10, 9, 8]  # b2b (voice, target), coffee (panel), ride hailing (voice, target), ...
    assert len(deck.slides) == sum(counts) + GLOSSARY_SLIDES  # one glossary for the whole deck, at its end
    assert f"({len(configs)} canvases, {sum(counts) + GLOSSARY_SLIDES} slides)" in result.stdout
    sections = [(load_canvas(p).title, n) for p, n in zip(configs, counts, strict=True)]
    assert section_names(out) == [*sections, ("Glossary", 1)]
    assert sum(len(shapes(s, MSO_SHAPE_TYPE.PICTURE)) for s in deck.slides) == len(configs)
    tables = sum(n - 3 + (c.factors[0].target is not None) for c, n in zip(canvases, counts, strict=True))
    # the move slide has two; the glossary has one
    assert sum(len(shapes(s, MSO_SHAPE_TYPE.TABLE)) for s in deck.slides) == tables + GLOSSARY_SLIDES
    assert sum(len(shapes(s, MSO_SHAPE_TYPE.CHART)) for s in deck.slides) == len(configs)


def test_a_chinese_canvas_gets_a_chinese_deck(renderer):
    canvas = load_canvas(ROOT / "configs" / "ride_hailing_zh.yaml")
    deck = Presentation(io.BytesIO(build_deck([DeckPart(canvas, canvas.title)], renderer=renderer)))
    title, _summary, _picture, _chart, ranking, robustness, diagnosis, voice, moves, errc, glossary = deck.slides
    assert glossary.shapes.title.text == "术语表"
    assert text_of(voice).startswith("客户之声")
    flags = shapes(voice, MSO_SHAPE_TYPE.TABLE)[0].table
    rows = {flags.cell(i, 0).text: flags.cell(i, 4).text for i in range(1, len(flags.rows))}
    assert rows["价格（越低越好）"] == "投入不足"  # public transport is cheaper
    assert flags.cell(1, 0).text == "叫车等待时间短"  # the most valued first
    assert text_of(moves).startswith("从现状曲线到目标曲线")
    assert "网约车平台将调整 6 个要素" in text_of(moves)
    assert "目标曲线相对于行业" in text_of(errc)
    assert text_of(robustness).startswith("这个排名有多可靠？")
    assert "网约车平台相对于出租车、公共交通的差异化定位" in text_of(title)
    assert text_of(ranking).startswith("差异化要素排序")
    assert shapes(ranking, MSO_SHAPE_TYPE.TABLE)[0].table.cell(0, 0).text == "排名"
    assert text_of(diagnosis).startswith("诊断：差异化程度中等")
    assert shapes(errc, MSO_SHAPE_TYPE.TABLE)[0].table.cell(0, 0).text_frame.text.startswith("剔除")
    english = Presentation(io.BytesIO(build_deck([DeckPart(canvas, canvas.title)], language="en", renderer=renderer)))
    assert text_of(english.slides[4]).startswith("Ranking of the differentiation factors")


def test_the_date_is_an_option_and_the_same_input_gives_the_same_bytes(renderer):
    canvases = [load_canvas(SOUTHWEST), load_canvas(ROOT / "configs" / "coffee_chain.yaml")]
    parts = [DeckPart(c, c.title) for c in canvases]
    day = dt.date(2026, 3, 31)
    first = build_deck(parts, renderer=renderer, date=day)
    made = time.time()
    other_day = build_deck(parts, renderer=renderer, date=dt.date(2026, 4, 1))
    # The clock's time is in the libraries' zip entries (in steps of two seconds) and workbooks (seconds):
    # the same deck again once the clock is in a later step than when the first was saved.
    wait_until(lambda: time.time() // 2 > made // 2, 5, "the clock's next two-second step")
    second = build_deck(parts, renderer=renderer, date=day)
    assert first == second
    assert first != other_day
    deck = Presentation(io.BytesIO(first))
    assert text_of(deck.slides[0]).endswith("2026-03-31")
    assert deck.core_properties.created == deck.core_properties.modified == dt.datetime(2026, 3, 31)
    assert deck.core_properties.title == canvases[0].title
    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert (
        section_names(first)
        == [*((c.title, slide_count(c)) for c in canvases), ("Glossary", 1)]
        == [(canvases[0].title, 9), (canvases[1].title, 9), ("Glossary", 1)]
    )


def test_section_ids_are_derived_from_position_and_name():
    assert section_id(0, "Coffee") == section_id(0, "Coffee")
    assert len({section_id(0, "Coffee"), section_id(1, "Coffee"), section_id(0, "Tea")}) == 3
    assert section_id(0, "Coffee").startswith("{") and section_id(0, "Coffee").endswith("}")


def test_cli_date_option(chromium, tmp_path: Path, capsys):
    out = tmp_path / "deck.pptx"
    # what is refused before any work, and the help, in this process (tests/test_cli.py runs the CLI's process)
    assert cli.main(["export", str(SOUTHWEST), "-o", str(out), "--date", "2026-13-01"]) == 2 and not out.exists()
    assert "--date 2026-13-01: not a date; write it as YYYY-MM-DD" in capsys.readouterr().err
    with pytest.raises(SystemExit) as helped:
        cli.main(["export", "--help"])
    assert helped.value.code == 0 and "--date YYYY-MM-DD" in capsys.readouterr().out
    command = [sys.executable, "-m", "positioning", "export", str(SOUTHWEST), "-o", str(out), "--date", "2026-03-31"]
    ok = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    assert ok.returncode == 0, ok.stderr
    assert text_of(Presentation(str(out)).slides[0]).endswith("2026-03-31")


def test_a_folder_deck_counts_the_files_it_skips(chromium, tmp_path: Path):
    folder = tmp_path / "canvases"
    folder.mkdir()
    (folder / "good.yaml").write_text(SOUTHWEST.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "bad.yml").write_text("title: [\n", encoding="utf-8")
    (folder / "sub.yaml").mkdir()  # a folder named like a canvas
    (folder / "notes.txt").write_text("not a canvas", encoding="utf-8")
    out = tmp_path / "decks" / "review.pptx"  # a missing folder is created
    command = [sys.executable, "-m", "positioning", "export", str(folder), "-o", str(out), "--date", "2026-03-31"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 2
    assert "(1 canvas, 10 slides); 2 files skipped" in result.stdout  # the canvas's nine and the glossary
    assert "bad.yml: skipped" in result.stderr and "sub.yaml: skipped" in result.stderr
    assert len(Presentation(str(out)).slides) == 10


def test_the_voice_slide_keeps_every_flagged_factor_and_fits_the_slide(renderer):
    from positioning import parse_canvas

    from .factory import canvas_data, to_yaml

    data = canvas_data({"Us": [9] + [5] * 13, "Them": [2] + [5] * 13})  # F1: a lead customers care little for
    for k, factor in enumerate(data["factors"]):
        factor["importance"] = 1 if k == 0 else 5 - k * 0.1
    canvas = parse_canvas(to_yaml(data))
    deck = Presentation(io.BytesIO(build_deck([DeckPart(canvas, "Many")], renderer=renderer)))
    voice = next(s for s in deck.slides if text_of(s).startswith("The customer's voice"))
    shape = shapes(voice, MSO_SHAPE_TYPE.TABLE)[0]
    rows = [shape.table.cell(i, 0).text for i in range(1, len(shape.table.rows))]
    assert len(rows) == 12 and rows[-1] == "F1"  # the least valued, kept since it is flagged
    assert shape.table.cell(12, 4).text == "Over-delivers"  # factor, importance, Us, average, delivery
    assert "(2 more not shown.)" in text_of(voice)
    assert shape.left + sum(c.width for c in shape.table.columns) <= deck.slide_width


def test_the_decks_chart_draws_the_layers_asked_for(renderer):
    canvas = load_canvas(SOUTHWEST)
    plain = Presentation(io.BytesIO(build_deck([DeckPart(canvas, "x")], renderer=renderer)))
    layered = build_deck([DeckPart(canvas, "x")], renderer=renderer, show=("importance",), segment="Leisure travellers")
    pictures = [
        shapes(d.slides[2], MSO_SHAPE_TYPE.PICTURE)[0].image.blob for d in (plain, Presentation(io.BytesIO(layered)))
    ]
    assert pictures[0] != pictures[1]
