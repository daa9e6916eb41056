"""The canvas the page's data holds is validated once per content (positioning/ui/checked.py)."""

from __future__ import annotations

import copy

import pytest

from positioning.core.loader import CanvasError
from positioning.ui import checked
from positioning.ui.edits import example_data

from .conftest import ROOT


@pytest.fixture
def data():
    checked.forget()
    return example_data(ROOT / "configs" / "southwest_airlines.yaml")


def test_the_same_content_is_one_canvas_even_as_a_browser_sends_it_back(data):
    stored = copy.deepcopy(data)  # as the page stores it: levels as floats (8.0)
    stored["factors"][0]["levels"] = {k: float(v) for k, v in stored["factors"][0]["levels"].items()}
    first = checked.canvas_of(stored)
    assert checked.canvas_of(stored) is first
    assert checked.canvas_of(data) is first  # a browser's JSON sends 8.0 back as 8


def test_other_content_is_validated_and_a_refused_one_is_refused_every_time(data):
    first = checked.canvas_of(data)
    other = {**data, "title": "Another title"}
    assert checked.canvas_of(other) is not first and checked.canvas_of(other).title == "Another title"
    bad = {**data, "top": "three"}
    for _ in range(2):
        with pytest.raises(CanvasError, match="top"):
            checked.canvas_of(bad)


def test_a_value_a_browser_would_never_send_is_validated_as_before(data):
    checked.canvas_of(data)
    with pytest.raises(CanvasError, match="top"):
        checked.canvas_of({**data, "top": float(data.get("top") or 3)})  # a whole number, sent as 3.0


def test_only_the_latest_canvases_are_kept(data):
    first = checked.canvas_of(data)
    for n in range(2 * checked.KEPT):
        checked.canvas_of({**data, "title": f"Title {n}"})
    assert checked.canvas_of(data) is not first  # the first was let go, and checked again
