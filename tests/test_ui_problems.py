"""positioning.ui.problems: where a refused edit's problem is, in words."""

from __future__ import annotations

import pytest

from positioning.core.loader import Problem
from positioning.ui.edits import example_data, validated
from positioning.ui.problems import where, worded

from .conftest import ROOT
from .test_loader import english_left


@pytest.fixture
def tried() -> dict:
    return example_data(ROOT / "configs" / "southwest_airlines.yaml")


@pytest.mark.parametrize(
    ("path", "english", "chinese"),
    [
        ("factors[1].levels.Southwest", "Meals, Southwest's level", "Meals，Southwest 的水平"),
        ("factors[1].scores.barriers", "Meals, Entry barriers score", "Meals，进入壁垒评分"),
        ("factors[0].name", "Price, name", "Price，名称"),
        ("factors[0].category", "Price, category", "Price，类别"),
        ("players[0].color", "Southwest, colour", "Southwest，颜色"),
        ("weights.attractiveness", "Weight of Market attractiveness", None),
        ("weights", "Criterion weights", "评价标准权重"),
        ("scales.level[1]", "Level scale", "水平量表"),
        ("style.subtitle", "Subtitle", "副标题"),
        ("top", "Shortlist size", "入围数量"),
        ("title", "Title", "标题"),
        ("factors[99].levels.Car", "Factor 100, Car's level", "第 100 个要素，Car 的水平"),
        ("something.else", "something.else", "something.else"),
    ],
)
def test_paths_become_names_and_fields(tried, path, english, chinese):
    assert where(path, tried, "en") == english
    if chinese is not None:
        assert where(path, tried, "zh") == chinese


def test_a_factor_without_a_name_is_named_by_its_place(tried):
    tried["factors"][2]["name"] = "  "
    assert where("factors[2].name", tried, "en") == "Factor 3, name"


def test_each_problem_is_one_line_with_the_loaders_explanation(tried):
    problems = [
        Problem("canvas", None, "factors[1].levels.Southwest", "15 is outside the level scale 0-10"),
        Problem("canvas", None, "", "the canvas is too large"),
    ]
    assert worded(problems, tried, "en") == [
        "Meals, Southwest's level: 15 is outside the level scale 0-10",
        "the canvas is too large",
    ]
    assert worded(problems, None, "zh")[0] == "第 2 个要素，Southwest 的水平：15 is outside the level scale 0-10"


def test_segment_and_customer_voice_paths_are_named(tried):
    assert where("segments[1].importance.Meals", tried, "en") == "Leisure travellers, importance of Meals"
    assert where("segments[0].share", tried, "zh") == "Business travellers，占比"
    assert where("segments[5].name", tried, "en") == "The segment in row 6, name"
    assert where("factors[0].target", tried, "en") == "Price, target"
    assert where("segments", tried, "en") == "Customer segments"  # e.g. too many of them


def test_in_chinese_the_loaders_explanation_is_chinese_too(tried):
    edited = {**tried, "factors": [dict(f) for f in tried["factors"]]}
    edited["factors"][1] = {**edited["factors"][1], "levels": {**edited["factors"][1]["levels"], "Southwest": 15}}
    outcome = validated(edited)
    assert worded(outcome.found, outcome.tried, "en") == [
        "Meals, Southwest's level: 15 is outside the level scale 0-10"
    ]
    assert worded(outcome.found, outcome.tried, "zh") == ["Meals，Southwest 的水平：15 超出水平量表 0-10 的范围"]
    assert not english_left(worded(outcome.found, outcome.tried, "zh")[0], "Meals Southwest")
