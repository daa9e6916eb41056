"""A hostile probe of issue 26 (reading guide, deck story, annotations, survey, projector, workbooks):
each test is a defect found, named for what a user expects."""

from __future__ import annotations

import pytest

from positioning.core.loader import CanvasError

NAMES = ["Price", "Speed", "Comfort"]


def _annotated(text: str, *, player: str | None = "Us", language_title: str = "Cafés"):
    from positioning.core.loader import canvas_from_data

    from .factory import canvas_data

    data = canvas_data({"Us": [8, 2, 5, 4, 6, 3], "Them": [5, 5, 5, 5, 5, 5]}, names=[f"F{i}" for i in range(6)])
    data["title"] = language_title
    data["annotations"] = [{"factor": "F0", **({"player": player} if player else {}), "text": text}]
    return canvas_from_data(data, name="notes.yaml")


def _callout_text(canvas) -> str:
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
    shown = _callout_text(_annotated(text)).replace("<br>", " ")
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

    data = canvas_data({"Us": [8, 2, 5], "Them": [5, 5, 5]}, names=NAMES)
    data["annotations"] = [{"factor": "Price", "text": text}]
    with pytest.raises(CanvasError) as refused:
        canvas_from_data(data, name="notes.yaml")
    problems = [p for p in refused.value.problems if "annotations" in str(p)]
    assert len(problems) == 1, [str(p) for p in problems]
