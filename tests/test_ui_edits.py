"""Edits to the stored canvas (positioning.ui.edits): plain data in, Outcome out."""

from __future__ import annotations

import base64
import json

import pytest

from positioning.loader import MAX_BYTES, CanvasError
from positioning.ui import edits
from positioning.ui.edits import example_data, factor_rows, player_rows

from .conftest import ROOT

CONFIGS = ROOT / "configs"


@pytest.fixture
def data():
    return example_data(CONFIGS / "southwest_airlines.yaml")


def data_url(raw: bytes) -> str:
    return "data:application/x-yaml;base64," + base64.b64encode(raw).decode()


def with_notes(data, note_length: int, count: int = 1000):
    """``data`` with ``count`` factors carrying a note of ``note_length`` characters."""
    first = data["factors"][0]
    factors = [{**first, "name": f"Factor {i}", "note": "n" * note_length} for i in range(count)]
    return {**data, "factors": factors}


def json_size(data) -> int:
    return len(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())


def near_the_limit(data, room: int):
    """1,000 factors with notes, exactly ``room`` bytes under the size limit."""
    big = with_notes(data, 1850)
    big = with_notes(data, 1850 + (MAX_BYTES - json_size(big) - room) // 1000)
    big["factors"][0]["note"] += "n" * (MAX_BYTES - json_size(big) - room)
    assert json_size(big) == MAX_BYTES - room
    return big


def test_grid_rows_follow_the_canvas(data):
    rows = factor_rows(data)
    assert rows[0] == {
        "name": "Price",
        "category": "product",
        "source": "adjacent",
        "score_attractiveness": 5,
        "score_unmet_need": 4,
        "score_capability": 5,
        "score_barriers": 3,
        "level_0": 2,
        "level_1": 8,
        "level_2": 2,
        "note": "Point-to-point flights from secondary airports cut cost per seat.",
    }
    assert player_rows(data)[0] == {"name": "Southwest", "color": "#c0392b"}


def test_a_cell_outside_the_grid_is_refused_not_wrapped_around(data):
    # -1 would be the last factor in Python; the grid never sends it.
    for row in (-1, 8, 10**9):
        outcome = edits.edit_factor(data, row, "level_2", 6)
        assert outcome.problems == ("that factor no longer exists; reload the page",)
    assert edits.edit_player(data, -1, "name", "X").problems == ("that player no longer exists; reload the page",)
    assert edits.edit_factor(data, 7, "level_2", 6).data["factors"][7]["levels"]["Car"] == 6  # the last row itself


@pytest.mark.parametrize("column", ["level_3", "level_x", "level_", "level_-1", "level_٣", "colour"])
def test_a_column_the_grid_does_not_have_is_refused(data, column):
    assert edits.edit_factor(data, 0, column, 5).problems == (f"the column '{column}' cannot be edited",)


def test_the_stored_canvas_is_read_like_a_file(data):
    assert edits.read(data).title == "Short-haul air travel (US, early 1990s)"
    for not_a_canvas in ("x", None, [data], 3):
        with pytest.raises(CanvasError, match="the stored data is not a canvas"):
            edits.read(not_a_canvas)
    with pytest.raises(CanvasError, match=r"weights\.barriers: 'x' is not a number"):
        edits.read({**data, "weights": {**data["weights"], "barriers": "x"}})


def test_a_canvas_over_the_file_size_limit_is_refused(data):
    big = with_notes(data, 2500)  # 1,000 factors (the most allowed) with long notes: 2.6 MB
    assert json_size(big) > MAX_BYTES
    outcome = edits.validated(big)
    assert outcome.problems == ("the canvas is 2.6 MB; canvases are limited to 2 MB",)
    assert edits.validated(near_the_limit(data, 0)).ok  # at the limit itself: fine


def test_every_edit_keeps_the_canvas_within_the_size_limit(data):
    near = near_the_limit(data, 1000)
    assert edits.edit_factor(near, 1, "note", "n" * 2800).ok
    longer = edits.edit_factor(near, 1, "note", "n" * 3000)
    assert longer.problems == ("the canvas is 2.1 MB; canvases are limited to 2 MB",)


def test_an_upload_over_the_limit_is_refused_before_it_is_decoded():
    outcome = edits.upload(data_url(b"#" * (MAX_BYTES + 100_000)), "big.yaml")
    assert outcome.problems == ("big.yaml is 2.1 MB; canvas files are limited to 2 MB",)


def test_file_sizes_are_rounded_up():
    assert edits.too_large("a.yaml", MAX_BYTES + 1) == "a.yaml is 2.1 MB; canvas files are limited to 2 MB"
    assert edits.too_large("a.yaml", 3 * 1024 * 1024) == "a.yaml is 3 MB; canvas files are limited to 2 MB"


def test_edits_do_not_change_the_data_they_are_given(data):
    before = json.dumps(data)
    edits.edit_factor(data, 0, "level_2", 6)
    edits.add_factor(data, "New factor {n}")
    edits.remove_player(data, "Car")
    edits.move_factor(data, "Meals", -1)
    assert json.dumps(data) == before
