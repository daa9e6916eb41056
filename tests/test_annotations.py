"""Annotations (issue 26): the canvas field and its checks, the callouts on the chart, on the deck's
native chart and in an SVG export, the history's words for them, and the app's edits of them."""

from __future__ import annotations

import io
import re

import pytest
from pptx import Presentation

from positioning import load_canvas
from positioning.chart.annotations import clicked_point
from positioning.chart.figures import figure_spec
from positioning.chart.view import View
from positioning.core.analysis import analyse
from positioning.core.changes import diff
from positioning.core.loader import CanvasError, canvas_from_data, parse_canvas
from positioning.core.schema import canvas_schema
from positioning.i18n.wording import changes_summary
from positioning.output.deck import DeckPart, build_deck
from positioning.output.writer import canvas_data, dump_canvas
from positioning.ui import edits
from positioning.ui.annotations import deleted, form, saved

from .conftest import ROOT

SOUTHWEST = ROOT / "configs" / "southwest_airlines.yaml"


def _with(notes: str) -> str:
    return SOUTHWEST.read_text(encoding="utf-8") + "\nannotations:\n" + notes


def _problems(text: str) -> list:
    with pytest.raises(CanvasError) as raised:
        parse_canvas(text, name="sw.yaml")
    return raised.value.problems


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


# --- the file ------------------------------------------------------------------------------


def test_an_unknown_factor_or_player_is_refused_by_file_line_and_field_with_a_near_miss():
    text = _with(
        "  - {factor: Price, player: Southwest, text: fine}\n"
        "  - {factor: Prise, text: a typo}\n"
        "  - {factor: Meals, player: Southwst, text: another}\n"
    )
    problems = _problems(text)
    assert [(p.line, p.path) for p in problems] == [
        (_line_of(text, "Prise"), "annotations[1].factor"),
        (_line_of(text, "Southwst"), "annotations[2].player"),
    ]
    assert "'Prise' is not a factor" in problems[0].message and "did you mean 'Price'?" in problems[0].message
    assert "'Southwst' is not a player" in problems[1].message and "did you mean 'Southwest'" in problems[1].message
    assert str(problems[0]).startswith(f"sw.yaml:{problems[0].line}: annotations[1].factor: ")


@pytest.mark.parametrize(
    ("note", "path", "says"),
    [
        ("{factor: Price, text: '" + "x" * 121 + "'}", "annotations[0].text", "at most 120 characters"),
        ("{factor: Price, text: ''}", "annotations[0].text", "empty"),
        ('{factor: Price, text: "two\\nlines"}', "annotations[0].text", "one line"),
        ('{factor: Price, text: "a\\u202eb"}', "annotations[0].text", "U+202E"),
        ("{factor: Price}", "annotations[0].text", "missing"),
        ("{factor: Price, txt: x}", "annotations[0].txt", "did you mean 'text'?"),
    ],
)
def test_a_bad_text_or_key_is_refused_saying_what_is_allowed(note, path, says):
    problems = _problems(_with(f"  - {note}\n"))
    assert any(p.path == path and says in p.message for p in problems), [str(p) for p in problems]


def test_at_most_fifty_annotations():
    fifty = "".join(f"  - {{factor: Price, text: note {i}}}\n" for i in range(50))
    assert len(parse_canvas(_with(fifty)).annotations) == 50
    problems = _problems(_with(fifty + "  - {factor: Price, text: one more}\n"))
    assert [p.path for p in problems] == ["annotations"] and "at most 50" in problems[0].message


def test_annotations_are_written_back_as_read_and_html_stays_text():
    canvas = parse_canvas(
        _with("  - {factor: Price, player: Car, text: '<b>x</b> & y'}\n  - {factor: Meals, text: z}\n")
    )
    assert canvas.annotations[0].text == "<b>x</b> & y"
    assert parse_canvas(dump_canvas(canvas)) == canvas
    assert canvas_data(canvas)["annotations"] == [
        {"factor": "Price", "player": "Car", "text": "<b>x</b> & y"},
        {"factor": "Meals", "text": "z"},
    ]
    assert "annotations" not in canvas_data(load_canvas(SOUTHWEST))  # none: the file is as it was


def test_the_json_schema_documents_the_field():
    field = canvas_schema()["properties"]["annotations"]
    assert field["maxItems"] == 50
    note = canvas_schema()["$defs"]["Annotation"]
    assert note["required"] == ["factor", "text"] and note["properties"]["text"]["maxLength"] == 120
    assert "annotations[].player" in (ROOT / "docs" / "format.md").read_text(encoding="utf-8")


# --- the chart -----------------------------------------------------------------------------


def _annotated(notes: list[dict]) -> object:
    data = canvas_data(load_canvas(SOUTHWEST))
    data["annotations"] = notes
    return canvas_from_data(data)


def _callouts(spec: dict) -> list[dict]:
    return [a for a in spec["layout"]["annotations"] if a.get("bordercolor")]


def test_the_callout_points_at_the_players_point_and_shows_html_as_text():
    canvas = _annotated([{"factor": "Meals", "player": "Average airline", "text": "<b>Full</b> meals & snacks"}])
    spec = figure_spec(canvas, analyse(canvas).ranking, View())
    (callout,) = _callouts(spec)
    trace = next(t for t in spec["data"] if t.get("name") == "Average airline")
    k = canvas.factor_names.index("Meals")
    assert (callout["x"], callout["y"]) == (trace["x"][k], trace["y"][k]) == (trace["x"][k], 6.0)
    assert (callout["xref"], callout["yref"], callout["showarrow"]) == ("x", "y", True)
    assert callout["arrowcolor"] == trace["line"]["color"]  # in the player's colour
    assert "&lt;b&gt;Full&lt;/b&gt;" in callout["text"] and "&amp;" in callout["text"] and "<b>" not in callout["text"]


def test_a_note_on_the_factor_points_at_its_label_and_notes_not_drawn_are_left_out():
    canvas = _annotated(
        [
            {"factor": "Speed", "text": "On the factor"},
            {"factor": "Price", "player": "Car", "text": "On a hidden player"},
            {"factor": "Lounges", "player": "Southwest", "text": "On a factor filtered out"},
        ]
    )
    ranking = analyse(canvas).ranking
    view = View(order="rank", hidden=frozenset({"Car"}), only=("Speed", "Price"))
    spec = figure_spec(canvas, ranking, view)
    (callout,) = _callouts(spec)
    assert callout["text"] == "On the factor"
    assert (callout["yref"], callout["y"]) == ("paper", 0)
    assert spec["layout"]["xaxis"]["ticktext"][callout["x"]].endswith("Speed")  # at its place in the rank order


def test_callouts_on_one_column_are_set_apart():
    notes = [{"factor": "Price", "player": p, "text": p} for p in ("Southwest", "Car")]
    spec = figure_spec(_annotated(notes), analyse(_annotated(notes)).ranking, View())
    first, second = _callouts(spec)
    assert (first["ax"], first["ay"]) != (second["ax"], second["ay"])


def test_a_click_on_each_curve_names_its_player_and_factor():
    canvas = load_canvas(ROOT / "tests" / "data" / "customer_voice.yaml")
    for view in (View(), View(layers=("target", "importance")), View(hidden=frozenset(canvas.competitors[:1]))):
        spec = figure_spec(canvas, analyse(canvas).ranking, view)
        for number, trace in enumerate(spec["data"]):
            point = {"curveNumber": number, "customdata": (trace.get("customdata") or [None])[0]}
            named = clicked_point(canvas, view, point)
            if trace["type"] == "bar":
                assert named == (canvas.factor_names[0], None)
            elif trace.get("mode") == "lines+markers" and trace["name"] in canvas.player_names:
                assert named == (canvas.factor_names[0], trace["name"])
            elif trace.get("mode") == "lines+markers":  # the to-be curve
                assert named == (canvas.factor_names[0], canvas.subject)
            else:
                assert named is None


# --- the deck and the exports ----------------------------------------------------------------


def test_the_decks_native_chart_labels_the_point_with_the_note_boxed_in_the_players_colour(chromium):
    canvas = _annotated(
        [
            {"factor": "Price", "player": "Southwest", "text": "<b>Cheapest</b>"},
            {"factor": "Hub connectivity", "text": "No hubs"},
        ]
    )
    deck = Presentation(io.BytesIO(build_deck([DeckPart(canvas, "sw")])))
    (chart,) = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    series = {s.name: s for s in chart.plots[0].series}
    price = series["Southwest"].points[canvas.factor_names.index("Price")].data_label
    xml = price._dLbl.xml  # read before text_frame, which takes the box off (python-pptx)
    assert 'val="C0392B"' in xml and "<c:spPr>" in xml  # a box in the subject's colour
    assert price.has_text_frame and price.text_frame.text == "<b>Cheapest</b>"
    hub = canvas.factor_names.index("Hub connectivity")
    lowest = min(("Southwest", "Average airline", "Car"), key=lambda p: canvas.factors[hub].levels[p])
    assert series[lowest].points[hub].data_label.text_frame.text == "No hubs"
    labels = chart._chartSpace.xpath(".//c:dLbl")
    assert len(labels) == 2  # nothing else is labelled


def test_an_svg_export_draws_the_note_as_text(chromium, tmp_path):
    from positioning import export

    canvas = _annotated([{"factor": "Meals", "player": "Average airline", "text": "<b>Full</b> meals"}])
    path = export(canvas, tmp_path / "chart.svg")
    svg = path.read_text(encoding="utf-8")
    assert re.search(r"(&#60;|&lt;)b(&#62;|&gt;)Full", svg)
    assert "meals" in svg


# --- history and the app's edits --------------------------------------------------------------


def test_the_history_says_an_annotation_was_added_changed_or_removed():
    before = canvas_data(load_canvas(SOUTHWEST))
    added = {**before, "annotations": [{"factor": "Price", "player": "Southwest", "text": "a"}]}
    assert changes_summary(diff(before, added)) == "Added an annotation on Price (Southwest)"
    assert changes_summary(diff(before, added), "zh") == "在 Price（Southwest） 上添加了注释"
    reworded = {**before, "annotations": [{"factor": "Price", "player": "Southwest", "text": "b"}]}
    assert changes_summary(diff(added, reworded)) == "Changed the annotation on Price (Southwest)"
    on_factor = {**before, "annotations": [{"factor": "Meals", "text": "c"}]}
    assert changes_summary(diff(on_factor, before)) == "Removed the annotation on Meals"


def test_renaming_a_factor_or_player_carries_its_annotations_and_removing_one_removes_them():
    data = {**canvas_data(load_canvas(SOUTHWEST)), "annotations": [{"factor": "Price", "player": "Car", "text": "x"}]}
    row = [f["name"] for f in data["factors"]].index("Price")
    renamed = edits.edit_factor(data, row, "name", "Fare")
    assert renamed.data is not None and renamed.data["annotations"] == [
        {"factor": "Fare", "player": "Car", "text": "x"}
    ]
    assert [c.kind for c in diff(data, renamed.data)] == ["factor_renamed"]  # the note moved with it, unchanged
    car = [p["name"] for p in data["players"]].index("Car")
    moved = edits.edit_player(data, car, "name", "Automobile")
    assert moved.data is not None and moved.data["annotations"][0]["player"] == "Automobile"
    assert "annotations" not in (edits.remove_factor(data, "Price").data or {"annotations": 1})
    assert "annotations" not in (edits.remove_player(data, "Car").data or {"annotations": 1})


def test_the_form_saves_rewords_and_deletes_and_refuses_what_the_file_would():
    data = canvas_data(load_canvas(SOUTHWEST))
    first = saved(data, "Price", "Car", "  Cheap  ")
    assert first.data is not None and first.data["annotations"] == [
        {"factor": "Price", "player": "Car", "text": "Cheap"}
    ]
    again = saved(first.data, "Price", "Car", "Cheaper")
    assert again.data is not None and again.data["annotations"][0]["text"] == "Cheaper"  # one per point
    assert form(again.data, "en", ("Price", "Car"), None).text == "Cheaper"
    assert form(again.data, "zh", ("Price", "Car"), ("Meals", None)).player_options[0]["label"] == "要素本身"
    assert saved(data, "Price", "", "   ").problems[0]["en"].startswith("Type the annotation's text")
    too_long = saved(data, "Price", "", "x" * 121)
    assert not too_long.ok and "at most 120 characters" in str(too_long.found[0])
    assert not saved(data, "Nope", "", "x").ok
    gone = deleted(again.data, "Price", "Car")
    assert gone.data is not None and "annotations" not in gone.data
    assert deleted(data, "Price", "Car").problems[0]["en"].startswith("There is no annotation")


# --- found by a hostile probe: long notes, points at the top, texts refused once ---------------------


def _one_note(text: str, *, player: str | None = "Us", language_title: str = "Cafés"):
    from positioning.core.loader import canvas_from_data

    from .factory import canvas_data

    data = canvas_data({"Us": [8, 2, 5, 4, 6, 3], "Them": [5, 5, 5, 5, 5, 5]}, names=[f"F{i}" for i in range(6)])
    data["title"] = language_title
    data["annotations"] = [{"factor": "F0", **({"player": player} if player else {}), "text": text}]
    return canvas_from_data(data, name="notes.yaml")


def _one_callout_text(canvas) -> str:
    from positioning.chart.figures import canvas_figure

    notes = [a for a in canvas_figure(canvas).to_plotly_json()["layout"]["annotations"] if a.get("bordercolor")]
    assert len(notes) == 1
    return notes[0]["text"]


@pytest.mark.parametrize(
    "text",
    [
        " ".join(f"word{i:02d}" for i in range(20))[:120],  # 119 characters: within the 120 allowed
        "顾客最看重的是出杯速度而我们在高峰时段的等待时间明显长于快餐咖啡品牌" * 3,  # 102 Chinese characters
    ],
    ids=["english", "chinese"],
)
def test_an_annotation_of_the_allowed_length_is_drawn_whole_on_the_chart(text):
    """The form and the file take 120 characters, but the callout keeps four lines of 20-30 Latin
    characters and ends the rest with '…': an English note of 119 characters loses its last third on
    the chart (and the PNG/SVG/PDF and the deck's picture), a Chinese one two thirds, while the deck's
    native chart shows it whole."""
    shown = _one_callout_text(_one_note(text)).replace("<br>", " ")
    assert "…" not in shown
    assert shown.replace(" ", "") == text.replace(" ", "")


def test_a_callout_on_a_point_at_the_top_of_the_scale_does_not_cover_the_point():
    """A point near the top of the level scale gets its box 'aside': 42 px right and 21 px up of the
    point, but a box of a few lines of 20-30 characters is wider than 84 px and taller than 42 px, so
    it sits on its own point and hides the arrow (seen in the PNG export: the box over the
    Fast-food coffee point on Affordability). Plotly centres the box on the arrow's tail (ax, ay), so
    the box covers the point when both offsets are under half its size."""
    from positioning.chart.annotations import FONT_SIZE

    from .factory import canvas_data

    data = canvas_data({"Us": [10, 2, 5, 4, 6, 3], "Them": [5, 5, 5, 5, 5, 5]}, names=[f"F{i}" for i in range(6)])
    data["annotations"] = [{"factor": "F0", "player": "Us", "text": "First factor, top point callout near the edge"}]
    from positioning.chart.figures import canvas_figure
    from positioning.core.loader import canvas_from_data

    figure = canvas_figure(canvas_from_data(data, name="notes.yaml")).to_plotly_json()
    (note,) = [a for a in figure["layout"]["annotations"] if a.get("bordercolor")]
    lines = note["text"].split("<br>")
    half_width = max(len(line) for line in lines) * FONT_SIZE * 0.5 / 2  # a low estimate of the text's width
    half_height = (len(lines) * FONT_SIZE * 1.2 + 2 * 3 + 2) / 2  # lines, its padding (borderpad 3) and border
    assert abs(note["ax"]) >= half_width or abs(note["ay"]) >= half_height


@pytest.mark.parametrize("text", ["before\tafter", "   "])
def test_an_annotation_text_with_a_control_character_or_only_spaces_is_refused_once_and_truly(text):
    """The model's pattern refuses the text ('must be one line of text without control characters or
    only spaces') and annotation_problems refuses it again ('holds U+0009, a character that is invisible
    or changes the direction or the lines of the text'): two messages for one field, and for a text of
    only spaces the second one calls a space invisible (a player's or factor's name gets one message)."""
    from positioning.core.loader import canvas_from_data

    from .factory import canvas_data

    data = canvas_data({"Us": [8, 2, 5], "Them": [5, 5, 5]}, names=["Price", "Speed", "Comfort"])
    data["annotations"] = [{"factor": "Price", "text": text}]
    with pytest.raises(CanvasError) as refused:
        canvas_from_data(data, name="notes.yaml")
    problems = [p for p in refused.value.problems if "annotations" in str(p)]
    assert len(problems) == 1, [str(p) for p in problems]
