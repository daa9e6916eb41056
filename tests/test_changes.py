"""positioning.core.changes: what changed between two versions, and its words."""

from __future__ import annotations

import copy

import pytest

from positioning import load_canvas
from positioning.core.changes import Change, diff
from positioning.i18n.wording import change_text, changes_summary
from positioning.output.writer import canvas_data

from .conftest import ROOT


@pytest.fixture
def before() -> dict:
    return canvas_data(load_canvas(ROOT / "configs" / "southwest_airlines.yaml"))


def _rename_player(data: dict, old: str, new: str) -> None:
    for player in data["players"]:
        if player["name"] == old:
            player["name"] = new
    for factor in data["factors"]:
        factor["levels"] = {new if k == old else k: v for k, v in factor["levels"].items()}


def texts(old: dict, new: dict, language: str = "en") -> list[str]:
    return [change_text(change, language) for change in diff(old, new)]


def test_the_same_canvas_has_no_change(before):
    assert diff(before, copy.deepcopy(before)) == ()
    assert changes_summary((), "en") == "No change"


def test_a_level_names_the_factor_the_player_and_both_values(before):
    after = copy.deepcopy(before)
    after["factors"][1]["levels"]["Southwest"] = 3
    assert diff(before, after) == (Change("level", owner="Meals", field="Southwest", old=1, new=3),)
    assert texts(before, after) == ["Meals: Southwest level 1 -> 3"]
    assert texts(before, after, "zh") == ["Meals：Southwest 的水平 1 -> 3"]


def test_a_fractional_level_or_score_reads_as_every_figure_does_its_value_kept(before):
    """A level of 10/3 (a panel's average, or typed) reads 3.33 in History, as in the grid and the deck."""
    after = copy.deepcopy(before)
    after["factors"][1]["levels"]["Southwest"] = 10 / 3
    after["factors"][1]["scores"]["barriers"] = 13 / 3
    (level, score) = diff(before, after)
    assert level.new == 10 / 3 and score.new == 13 / 3  # the change keeps full precision
    assert texts(before, after) == ["Meals: Southwest level 1 -> 3.33", "Meals: Entry barriers score 1 -> 4.33"]
    assert texts(before, after, "zh")[0] == "Meals：Southwest 的水平 1 -> 3.33"


def test_a_renamed_player_is_one_rename_and_its_levels_are_followed(before):
    after = copy.deepcopy(before)
    _rename_player(after, "Average airline", "Legacy carrier")
    assert texts(before, after) == ["Renamed player Average airline to Legacy carrier"]
    after["factors"][0]["levels"]["Legacy carrier"] = 9
    assert texts(before, after)[1] == "Price: Legacy carrier level 8 -> 9"


def test_a_renamed_factor_is_a_rename_not_a_removal_and_an_addition(before):
    after = copy.deepcopy(before)
    after["factors"][0]["name"] = "Fare"
    after["factors"][0]["scores"]["barriers"] = 4
    assert texts(before, after) == ["Renamed factor Price to Fare", "Fare: Entry barriers score 3 -> 4"]


def test_added_removed_and_reordered_factors(before):
    moved = copy.deepcopy(before)
    moved["factors"][0], moved["factors"][1] = moved["factors"][1], moved["factors"][0]
    assert texts(before, moved) == ["Factors reordered"]
    added = copy.deepcopy(before)
    added["factors"].append({**copy.deepcopy(before["factors"][0]), "name": "Wi-Fi"})
    assert texts(before, added) == ["Added factor Wi-Fi"]
    removed = copy.deepcopy(before)
    del removed["factors"][1]
    assert texts(before, removed) == ["Removed factor Meals"]


def test_two_swapped_names_are_a_reorder_not_two_renames(before):
    after = copy.deepcopy(before)
    first, second = after["factors"][0]["name"], after["factors"][1]["name"]
    after["factors"][0]["name"], after["factors"][1]["name"] = second, first
    assert "Factors reordered" in texts(before, after)
    assert not any(text.startswith("Renamed") for text in texts(before, after))


def test_settings_style_scales_and_colours_are_named_with_their_labels(before):
    after = copy.deepcopy(before)
    after["weights"]["attractiveness"] = 0.5
    after["top"] = 4
    after["scales"]["level"] = [0, 5]
    after["style"] = {"subtitle": "For the board", "background": "transparent"}
    after["players"][0]["color"] = "#112233"
    after["players"][1]["color"] = "#445566"
    after["factors"][1]["category"] = "brand"
    after["factors"][1]["note"] = "Peanuts only"
    assert texts(before, after) == [
        "Shortlist size: 3 -> 4",
        "Weight of Market attractiveness: 0.4 -> 0.5",
        "Level scale: 0-10 -> 0-5",
        "Subtitle: automatic -> For the board",
        "Background: White -> Transparent",
        "Colour of Southwest: #c0392b -> #112233",
        "Colour of Average airline: automatic -> #445566",
        "Meals: category Product -> Brand",
        "Meals: note changed",
    ]


def test_added_removed_and_reordered_players(before):
    added = copy.deepcopy(before)
    added["players"].append({"name": "Train"})
    for factor in added["factors"]:
        factor["levels"]["Train"] = 5
    assert texts(before, added) == ["Added player Train"]
    moved = copy.deepcopy(before)
    moved["players"][1], moved["players"][2] = moved["players"][2], moved["players"][1]
    assert texts(before, moved) == ["Players reordered"]


def test_the_summary_is_the_first_change_and_a_count_in_each_language(before):
    after = copy.deepcopy(before)
    after["title"] = "Air travel"
    after["factors"][1]["levels"]["Car"] = 2
    after["factors"][2]["levels"]["Car"] = 2
    assert changes_summary(diff(before, after)) == (
        "Title: Short-haul air travel (US, early 1990s) -> Air travel and 2 more changes"
    )
    assert changes_summary(diff(before, after), "zh").endswith("，另有 2 处修改")
    assert len(changes_summary(diff(before, {**after, "title": "x" * 500}))) == 300


def test_customer_segments_and_voice_changes_are_named(before):
    after = copy.deepcopy(before)
    business, leisure = after["segments"]
    business["name"] = "Business"
    business["share"] = 0.4
    leisure["importance"]["Meals"] = 4
    after["factors"][0].pop("better")  # lower -> the default, higher
    after["factors"][1]["importance"] = 4
    assert texts(before, after) == [
        "Renamed customer segment Business travellers to Business",
        "Business: share 0.35 -> 0.4",
        "Leisure travellers: importance of Meals 2 -> 4",
        "Price: better when lower -> higher",
        "Meals: importance (none) -> 4",
    ]
    assert texts(before, after, "zh")[2] == "Leisure travellers：对Meals的重视度 2 -> 4"
    added = copy.deepcopy(before)
    added["segments"].append({"name": "Students", "importance": dict.fromkeys(leisure["importance"], 3)})
    assert texts(before, added) == ["Added customer segment Students"]
    swapped = copy.deepcopy(before)
    swapped["segments"].reverse()
    gone = copy.deepcopy(before)
    del gone["segments"]
    assert texts(before, swapped) == ["Customer segments reordered"]
    assert texts(before, gone) == [
        "Removed customer segment Business travellers",
        "Removed customer segment Leisure travellers",
    ]


def test_one_raters_edited_score_is_its_composite_not_a_panel_of_the_same_size():
    """A rater's score edited: History names the factor's composite; "Scoring panel: 4 -> 4 raters"
    read as nothing changed. A rater added or removed still says the panel's size."""
    before = canvas_data(load_canvas(ROOT / "configs" / "coffee_chain.yaml"))
    edited = copy.deepcopy(before)
    edited["panel"][0]["scores"]["Affordability"]["attractiveness"] = 1
    said = texts(before, edited)
    assert said and not any(text.startswith("Scoring panel") for text in said)
    assert [c.kind for c in diff(before, edited)] == ["panel_composite"]
    assert said[0].startswith("Affordability: panel of 4, composite ")
    assert not any("4 -> 4" in text for text in texts(before, edited, "zh"))
    fewer = copy.deepcopy(before)
    del fewer["panel"][0]
    assert diff(before, fewer)[0] == Change("panel", old=4, new=3)
    assert texts(before, fewer)[0] == "Scoring panel: 4 -> 3 raters"
