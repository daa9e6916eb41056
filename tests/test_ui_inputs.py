"""The checks of what the browser sends (positioning.ui.inputs)."""

from __future__ import annotations

import math

from positioning.ui import inputs
from positioning.ui.inputs import CellChange


def test_language_and_order_are_known_codes_or_the_default():
    assert [inputs.language(v) for v in (None, "en", "zh", "xx", ["en"], 1)] == ["en", "en", "zh", None, None, None]
    assert [inputs.order(v) for v in (None, "file", "rank", "zzz", {})] == ["file", "file", "rank", None, None]


def test_clicks_and_numbers_are_not_booleans_or_text():
    assert [inputs.clicks(v) for v in (None, 0, 3, -2, True, "1", 1.0)] == [0, 0, 3, 0, 0, 0, 0]
    assert [inputs.number(v) for v in (1, 2.5, True, "2", None)] == [1.0, 2.5, None, None, None]
    assert math.isnan(inputs.number(math.nan))  # left for the loader to refuse with its message


def test_names_and_selected_rows():
    assert inputs.names(["a", "b"]) == ["a", "b"]
    assert [inputs.names(v) for v in ("a", ["a", 1], None, {"a": 1})] == [None, None, None, None]
    assert inputs.selected_name([{"name": "Meals", "level_0": 3}]) == "Meals"
    assert [inputs.selected_name(v) for v in ([], "x", [1], [{"name": 2}], None)] == [None] * 5


def test_cell_changes_need_a_row_index_and_a_column_on_every_change():
    sent = [{"rowIndex": 0, "colId": "level_2", "value": 6}, {"rowIndex": 1, "colId": "name", "newValue": "X"}]
    assert inputs.cell_changes(sent) == [CellChange(0, "level_2", 6), CellChange(1, "name", "X")]
    assert inputs.cell_changes([{"rowIndex": -1, "colId": "name"}]) == [CellChange(-1, "name", None)]  # edits refuse it
    for bad in (None, [], "x", [None], [{"rowIndex": 0}], [{"rowIndex": 0.0, "colId": "a"}], [sent[0], {"colId": "a"}]):
        assert inputs.cell_changes(bad) is None
