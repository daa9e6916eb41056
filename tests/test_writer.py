"""Writing a canvas back to YAML round-trips exactly."""

from __future__ import annotations

import pytest

from positioning import load_canvas, parse_canvas
from positioning.output.writer import dump_canvas

from .conftest import CONFIGS
from .factory import canvas_data, make_canvas, to_yaml


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_round_trip_of_every_example(path):
    canvas = load_canvas(path)
    assert parse_canvas(dump_canvas(canvas)) == canvas


def test_awkward_names_and_values_survive():
    canvas = make_canvas(
        {"yes": [1.5, 2], "2024": [0, 10], "a: b # c": [3, 4]},
        [[1.25, 2, 3, 4], [5, 5, 5, 5]],
        names=["null", "- dash"],
        title="'quoted' & \"double\"",
    )
    text = dump_canvas(canvas)
    assert parse_canvas(text) == canvas
    assert "scores: {attractiveness: 1.25, unmet_need: 2, capability: 3, barriers: 4}" in text


@pytest.mark.parametrize("name", ["0o17", "+.5", "-.5", "1e3", "1.5E3", "010", "0x1F", ".inf", "yes", "No", "~", "1:3"])
def test_names_that_look_like_values_stay_text(name):
    canvas = make_canvas(names=[name, "B", "C"])
    assert parse_canvas(dump_canvas(canvas)) == canvas


def test_style_round_trips_and_defaults_stay_out():
    canvas = make_canvas(style={"competitor_colors": ["#111111"], "footnote": "Source: us"})
    text = dump_canvas(canvas)
    assert "style:\n  competitor_colors: ['#111111']\n  footnote: 'Source: us'\n" in text
    assert parse_canvas(text) == canvas
    assert "style" not in dump_canvas(make_canvas())


def test_an_empty_note_stays_an_empty_note():
    data = canvas_data()
    data["factors"][0]["note"] = ""
    canvas = parse_canvas(to_yaml(data))
    assert canvas.factors[0].note == "" and parse_canvas(dump_canvas(canvas)) == canvas
