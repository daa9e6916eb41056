"""Mine on top of theirs (positioning.core.merge): kept when the two touch different fields, refused when
they touch one field, an item one side renamed or removed, or the order of one list both ways."""

from __future__ import annotations

import copy

from positioning.core.merge import merged
from positioning.ui.edits import edit_factor, edit_player, example_data, move_factor, remove_factor

from .conftest import ROOT

EXAMPLE = ROOT / "configs" / "southwest_airlines.yaml"


def _base():
    return example_data(EXAMPLE)


def test_changes_to_different_fields_and_items_are_both_kept():
    base = _base()
    theirs = edit_factor(base, 0, "level_1", 9).data
    mine = edit_factor(base, 2, "note", "why").data
    both = merged(base, theirs, mine)
    assert both["factors"][0]["levels"]["Average airline"] == 9 and both["factors"][2]["note"] == "why"
    assert base == _base()  # nothing given is changed


def test_an_item_renamed_by_one_side_and_edited_by_the_other_clashes():
    base = _base()
    theirs = edit_factor(base, 0, "name", "Fare").data
    assert merged(base, theirs, edit_factor(base, 0, "level_0", 5).data) is None
    assert merged(base, theirs, edit_factor(base, 1, "level_0", 5).data)["factors"][0]["name"] == "Fare"


def test_a_player_renamed_elsewhere_clashes_with_a_level_of_it_changed_here():
    base = _base()
    theirs = edit_player(base, 2, "name", "Automobile").data
    assert merged(base, theirs, edit_factor(base, 0, "level_2", 5).data) is None


def test_the_order_comes_from_the_side_that_moved_items_and_both_moving_clashes():
    base = _base()
    first = base["factors"][0]["name"]
    theirs = move_factor(base, first, 1).data
    mine = edit_factor(base, 3, "note", "x").data
    both = merged(base, theirs, mine)
    assert [f["name"] for f in both["factors"]] == [f["name"] for f in theirs["factors"]]
    assert merged(base, theirs, move_factor(base, base["factors"][4]["name"], 1).data) is None


def test_an_item_removed_by_one_side_stays_removed_when_the_other_left_it_alone():
    base = _base()
    gone = base["factors"][1]["name"]
    theirs = remove_factor(base, gone).data
    mine = edit_factor(copy.deepcopy(base), 0, "note", "kept").data
    both = merged(base, theirs, mine)
    assert gone not in [f["name"] for f in both["factors"]] and both["factors"][0]["note"] == "kept"
    assert merged(base, theirs, edit_factor(base, 1, "note", "edited").data) is None
