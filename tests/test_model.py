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
from positioning.core.model import (
    ISSUES,
    MAX_FACTORS,
    MAX_PLAYERS,
    FrozenMap,
    consistency_problems,
    did_you_mean,
    issue,
    near_miss,
)
from positioning.i18n.wording import issue_text
from positioning.output.writer import dump_canvas

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


# --- the cross-field rules give their problems as data -------------------------------------


def test_cross_field_problems_are_data_worded_in_english_by_the_model_and_in_chinese_by_the_wording():
    data = canvas_data({"Us": [8, 20], "Them": [5, 5]}, subject="Uss")
    data["factors"][1]["levels"]["Thm"] = data["factors"][1]["levels"].pop("Them")
    found = dict(consistency_problems(data))
    assert set(found) == {
        ("subject",),
        ("factors", 1, "levels", "Us"),
        ("factors", 1, "levels", "Thm"),
        ("factors", 1, "levels"),
    }
    unknown = found[("factors", 1, "levels", "Thm")]
    assert unknown == issue("not_a_player", name="Thm", names=("Us", "Them"), hint="Them")
    assert str(unknown) == "'Thm' is not a player ('Us', 'Them'); did you mean 'Them'?"
    assert issue_text(unknown, "en") == str(unknown)
    assert issue_text(unknown, "zh") == "“Thm”不是参与者（“Us”、“Them”）；是否应为“Them”？"
    outside = found[("factors", 1, "levels", "Us")]
    assert (str(outside), issue_text(outside, "zh")) == (
        "20 is outside the level scale 0-10",
        "20 超出水平量表 0-10 的范围",
    )
    assert issue_text(found[("subject",)], "zh") == "“Uss”不是参与者之一（“Us”、“Them”）；是否应为“Us”？"
    assert issue_text(found[("factors", 1, "levels")], "zh") == "缺少“Them”的水平；每个参与者须恰好有一个水平"


def test_every_issue_reads_the_same_in_english_from_the_model_and_the_wording():
    examples = {
        "duplicate_name": {"what": "rater", "name": "CFO", "key": "panel", "first": 0},
        "outside_scale": {"value": 7.5, "what": "score", "scale": (1.0, 5.0)},
        "no_level": {"names": tuple("ABCDEFGH")},
        "given_for_some": {"key": "target", "given": 2, "total": 3},
        "bad_range": {"what": "level", "low": "10", "high": "0"},
        "bad_color": {"value": "#zzz"},
        "refused_character": {
            "value": "Air<U+202E>travel",
            "code": "U+202E",
        },
        "not_a_factor": {"name": "Prise", "names": ("Price",), "hint": None},
    }
    usual = {"name": "Prise", "names": ("Price", "Speed"), "hint": "Price", "what": "factor", "key": "factors"}
    usual |= {"first": 1, "value": 9, "scale": (1, 5), "given": 1, "total": 2, "low": "5", "high": "1"}
    for key in ISSUES:
        found = issue(key, **(examples.get(key) or usual))
        assert issue_text(found, "en") == str(found), key
        assert issue_text(found, "zh") != str(found), key
    assert str(issue("no_level", names=tuple("ABCDEFGH"))) == (
        "no level for 'A', 'B', 'C', 'D', 'E', 'F' and 2 more; give exactly one level per player"
    )
    assert issue_text(issue("no_level", names=tuple("ABCDEFGH")), "zh").startswith(
        "缺少“A”、“B”、“C”、“D”、“E”、“F”及另外 2 项的"
    )


def test_the_models_speak_english_to_their_own_callers():
    data = canvas_data(subject="Nobody")
    with pytest.raises(ValidationError, match="subject: 'Nobody' is not one of the players"):
        Canvas.model_validate(data)
    data = canvas_data(style={"subject_color": "#zzz"})
    with pytest.raises(ValidationError, match="'#zzz' is not a colour; write a hex colour"):
        Canvas.model_validate(data)


def test_a_near_miss_is_found_or_not():
    assert near_miss("scroes", ("scores", "levels")) == "scores"
    assert near_miss("zzz", ("scores", "levels")) is None
    assert did_you_mean("scroes", ("scores",)) == "; did you mean 'scores'?" and did_you_mean("zzz", ("a",)) == ""


@pytest.mark.parametrize("odd", ["\u3000", "\U0009093e", "\u200d", "\xa0"])  # ideographic space, unassigned, ZWJ, NBSP
def test_the_rules_hold_for_every_name_the_model_takes(odd: str):
    """A name that is not str.isprintable() is still a name: its levels are checked like any other's."""
    data = canvas_data({f"Us{odd}": [1], "Them": [2]})
    data["factors"][0]["levels"] = {f"Us{odd}x": 1, "Them": 2}
    with pytest.raises(CanvasError) as invalid:
        parse_canvas(to_yaml(data))
    messages = [p.message for p in invalid.value.problems]
    assert any(m.startswith(f"'Us{odd}x' is not a player") for m in messages), messages
    assert any(m.startswith("no level for") for m in messages), messages
