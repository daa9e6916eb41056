"""The models: a canvas cannot be changed once it exists, it dumps and
round-trips as plain data, and its size is capped."""

from __future__ import annotations

import copy
import json
import operator
import pickle

import pytest
from pydantic import ValidationError

from positioning import Canvas, CanvasError, load_canvas, parse_canvas
from positioning.model import MAX_FACTORS, MAX_PLAYERS, FrozenMap
from positioning.writer import dump_canvas

from .conftest import ROOT
from .factory import canvas_data, make_canvas, to_yaml

SOUTHWEST = ROOT / "configs" / "southwest_airlines.yaml"


@pytest.fixture
def canvas() -> Canvas:
    return load_canvas(SOUTHWEST)


def test_levels_cannot_be_changed(canvas: Canvas):
    levels = canvas.factors[0].levels
    with pytest.raises(TypeError):
        levels["Car"] = 99
    with pytest.raises(TypeError):
        del levels["Car"]
    with pytest.raises(AttributeError):
        levels.update({"Car": 99})
    assert levels["Car"] == load_canvas(SOUTHWEST).factors[0].levels["Car"]


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda c: setattr(c, "title", "other"), ValidationError),
        (lambda c: setattr(c.factors[0].scores, "capability", 1.0), ValidationError),
        (lambda c: setattr(c.weights, "barriers", 5.0), ValidationError),
        (lambda c: setattr(c.players[0], "name", "Other"), ValidationError),
        (lambda c: setattr(c.style, "subject_color", "#000000"), ValidationError),
        (lambda c: setattr(c.scales, "score", (0.0, 1.0)), ValidationError),
        (lambda c: c.players.append(c.players[0]), AttributeError),
        (lambda c: operator.setitem(c.factors, 0, c.factors[1]), TypeError),
        (lambda c: operator.setitem(c.style.competitor_colors, 0, "#000000"), TypeError),
    ],
    ids=["title", "scores", "weights", "player", "style", "scales", "players", "factors", "style-colours"],
)
def test_nothing_else_can_be_changed(change, error):
    canvas = make_canvas(style={"competitor_colors": ["#111111", "#222222"]})
    before = canvas.model_dump()
    with pytest.raises(error):
        change(canvas)
    assert canvas.model_dump() == before


def test_the_scores_and_weights_dicts_are_copies(canvas: Canvas):
    scores = canvas.factors[0].scores.as_dict()
    scores["capability"] = 1.0
    weights = canvas.weights.normalised()
    weights["barriers"] = 0.9
    assert canvas.factors[0].scores.capability == 5.0
    assert canvas.weights.normalised()["barriers"] == pytest.approx(0.2)


def test_a_canvas_dumps_as_plain_data(canvas: Canvas):
    data = canvas.model_dump()
    assert type(data["factors"][0]["levels"]) is dict
    assert data["factors"][0]["levels"] == {"Southwest": 2.0, "Average airline": 8.0, "Car": 2.0}
    assert json.loads(canvas.model_dump_json())["factors"][0]["levels"]["Car"] == 2.0
    assert Canvas.model_validate(data) == canvas
    assert parse_canvas(dump_canvas(canvas)) == canvas


def test_a_canvas_copies_pickles_and_hashes(canvas: Canvas):
    assert copy.deepcopy(canvas) == canvas
    assert pickle.loads(pickle.dumps(canvas)) == canvas
    assert hash(canvas) == hash(load_canvas(SOUTHWEST))
    assert isinstance(canvas.factors[0].levels, FrozenMap)


def test_frozen_map_behaves_as_a_read_only_dict():
    levels = FrozenMap({"Us": 8.0, "Them": 5.0})
    assert levels == {"Us": 8.0, "Them": 5.0} and levels != {"Us": 8.0}
    assert list(levels) == ["Us", "Them"] and len(levels) == 2 and levels.get("x") is None
    assert hash(levels) == hash(FrozenMap({"Them": 5.0, "Us": 8.0}))
    assert repr(levels) == "FrozenMap({'Us': 8.0, 'Them': 5.0})"
    with pytest.raises(AttributeError):
        levels.extra = 1


def _problems(data: dict) -> list[str]:
    with pytest.raises(CanvasError) as caught:
        parse_canvas(to_yaml(data), name="x.yaml")
    return [str(p) for p in caught.value.problems]


def test_at_most_max_factors():
    assert MAX_FACTORS == 1000
    n = MAX_FACTORS + 1
    data = canvas_data({"Us": [5] * n, "Them": [4] * n})
    assert _problems(data) == [
        "x.yaml:6: factors: has 1,001 factors; a canvas holds at most 1,000: split it into several canvases"
    ]
    assert len(make_canvas({"Us": [5] * MAX_FACTORS, "Them": [4] * MAX_FACTORS}).factors) == MAX_FACTORS


def test_at_most_max_players():
    assert MAX_PLAYERS == 50
    levels = {f"P{i}": [5, 4] for i in range(MAX_PLAYERS + 1)}
    assert _problems(canvas_data(levels)) == [
        "x.yaml:3: players: has 51 players; a canvas holds at most 50: split it into several canvases"
    ]
    assert len(make_canvas({f"P{i}": [5, 4] for i in range(MAX_PLAYERS)}).players) == MAX_PLAYERS
