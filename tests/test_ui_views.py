"""What the app shows for a canvas (positioning.ui.views): components as data."""

from __future__ import annotations

from positioning.ui.edits import example_data
from positioning.ui.views import render

from .conftest import ROOT


def test_render_hides_competitors_orders_and_translates():
    data = example_data(ROOT / "configs" / "southwest_airlines.yaml")
    r = render(data, ["Car"], "rank", "zh")
    names = [t.name for t in r.figure.data if t.mode == "lines+markers"]
    assert names == ["Average airline", "Southwest"]
    assert r.figure.layout.yaxis.title.text == "供给水平"
    columns = r.factor_columns
    levels = next(c for c in columns if c.get("headerName", "").startswith("供给水平"))["children"]
    assert [c["headerName"] for c in levels] == ["Southwest", "Average airline", "Car"]
    assert levels[0]["headerTooltip"] == "Southwest (0-10)"
