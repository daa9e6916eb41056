"""What the user sees as one object (positioning/chart/view.py)."""

from __future__ import annotations

import dataclasses

import pytest

from positioning.chart.view import View


def test_a_view_from_the_public_keywords_names_its_layers_one_way():
    assert View.of(show="importance").layers == ("importance",)  # one layer, not its letters
    assert View.of(show=["target", "importance"], hidden=["Car"]).layers == ("target", "importance")
    assert View.of(hidden=["Car", "Car"]).hidden == frozenset({"Car"})
    assert View().layers == ("target",) and View().only is None


def test_a_view_cannot_be_changed():
    with pytest.raises(dataclasses.FrozenInstanceError):
        View().order = "rank"  # type: ignore[misc]
