"""The customer's voice in the file: importance, targets, better-when-lower and segments.

Validation (line-numbered, all-or-none), the overall importance, the writer's
round trip, the JSON Schema and the scoring workbook's columns and Segments sheet.
"""

from __future__ import annotations

import json

import openpyxl
import pytest

from positioning import CanvasError, load_canvas, parse_canvas
from positioning.core.changes import diff
from positioning.i18n.wording import change_text, changes_summary
from positioning.output.spreadsheet import load_workbook_canvas, write_template
from positioning.output.writer import canvas_data, dump_canvas

from .conftest import ROOT

VOICE = ROOT / "tests" / "data" / "customer_voice.yaml"


def _problems(text: str) -> list[str]:
    with pytest.raises(CanvasError) as caught:
        parse_canvas(text, name="v.yaml")
    return [str(p) for p in caught.value.problems]


def test_the_fields_are_read_and_round_trip() -> None:
    canvas = load_canvas(VOICE)
    price, speed = canvas.factors
    assert (price.importance, price.target, price.better) == (4.6, 3.0, "lower")
    assert (speed.importance, speed.target, speed.better) == (3.9, 9.0, "higher")
    assert [(g.name, g.share, dict(g.importance)) for g in canvas.segments] == [
        ("Business", 0.3, {"Price": 2.0, "Speed": 5.0}),
        ("Leisure", 0.7, {"Price": 5.0, "Speed": 3.0}),
    ]
    assert parse_canvas(dump_canvas(canvas)) == canvas
    assert canvas.importance() == (4.6, 3.9)  # the factors' own importance wins


def test_overall_importance_from_segments_is_share_weighted_or_plain() -> None:
    text = VOICE.read_text(encoding="utf-8").replace("    importance: 4.6\n", "").replace("    importance: 3.9\n", "")
    weighted = parse_canvas(text)
    assert weighted.importance() == pytest.approx((0.3 * 2 + 0.7 * 5, 0.3 * 5 + 0.7 * 3))
    plain = parse_canvas(text.replace("    share: 0.3\n", "").replace("    share: 0.7\n", ""))
    assert plain.importance() == pytest.approx((3.5, 4.0))
    no_voice = parse_canvas(
        plain.model_dump_json() if False else dump_canvas(plain.model_copy(update={"segments": ()}))
    )
    assert no_voice.importance() is None


def test_a_partial_set_names_the_factors_without_a_value() -> None:
    text = VOICE.read_text(encoding="utf-8").replace("    importance: 4.6\n", "").replace("    target: 9\n", "")
    assert _problems(text) == [
        "v.yaml:12: factors[0].importance: no importance; importance is given for 1 of 2 factors: "
        "give it for all or none",
        "v.yaml:17: factors[1].target: no target; target is given for 1 of 2 factors: give it for all or none",
    ]


def test_values_outside_their_scales_and_incomplete_segments_are_refused() -> None:
    text = (
        VOICE.read_text(encoding="utf-8")
        .replace("    importance: 3.9", "    importance: 9")
        .replace("    target: 3\n", "    target: 30\n")
        .replace("importance: {Price: 5, Speed: 3}", "importance: {Prize: 5}")
        .replace("    share: 0.3\n", "")
        .replace("    better: lower", "    better: cheaper")
    )
    found = _problems(text)
    assert "v.yaml:15: factors[0].target: 30 is outside the level scale 0-10" in found
    assert "v.yaml:20: factors[1].importance: 9 is outside the score scale 1-5" in found
    assert "v.yaml:5: segments[0].share: no share; give every segment a share, or none" in found
    assert any(p.startswith("v.yaml:9: segments[1].importance.Prize: 'Prize' is not a factor") for p in found)
    assert "v.yaml:9: segments[1].importance: no importance for 'Price', 'Speed'; give every factor's" in found
    assert "v.yaml:16: factors[0].better: 'cheaper' is not allowed (allowed: higher, lower)" in found


def test_shares_all_zero_and_duplicate_segments_are_refused() -> None:
    text = VOICE.read_text(encoding="utf-8").replace("share: 0.3", "share: 0").replace("share: 0.7", "share: 0")
    assert "v.yaml:6: segments[0].share: the shares are all zero; give at least one segment a share above 0" in (
        _problems(text)
    )
    negative = _problems(VOICE.read_text(encoding="utf-8").replace("share: 0.7", "share: -2"))
    assert any("share" in p and "negative" in p for p in negative)
    assert not any("all zero" in p for p in negative)  # 0.3 and -2: the negative one is the problem
    twice = VOICE.read_text(encoding="utf-8").replace("name: Leisure", "name: Business")
    assert any("duplicate segment name 'Business'" in p for p in _problems(twice))


def test_the_json_schema_describes_the_new_fields() -> None:
    schema = json.loads((ROOT / "docs" / "canvas.schema.json").read_text(encoding="utf-8"))
    factor = schema["$defs"]["Factor"]["properties"]
    assert {"importance", "target", "better"} <= set(factor)
    assert "segments" in schema["properties"] and "Segment" in schema["$defs"]


def test_the_workbook_carries_importance_targets_and_segments(tmp_path) -> None:
    canvas = load_canvas(VOICE)
    path = write_template(tmp_path / "voice.xlsx", canvas)
    book = openpyxl.load_workbook(path)
    header = [c.value for c in book["Factors"][1]]
    assert header[-3:] == ["Importance", "Target", "Better"]
    assert [[c.value for c in row] for row in book["Segments"].iter_rows()] == [
        ["Factor", "Business", "Leisure"],
        ["share", 0.3, 0.7],
        ["Price", 2, 5],
        ["Speed", 5, 3],
    ]
    assert load_workbook_canvas(path) == canvas.model_copy(update={"title": canvas.title})
    book["Segments"]["C3"] = 9
    book.save(path)
    with pytest.raises(CanvasError) as caught:
        load_workbook_canvas(path, name="v.xlsx")
    assert [str(p) for p in caught.value.problems] == [
        "v.xlsx:Segments!C3: segments[1].importance.Price: 9 is outside the score scale 1-5"
    ]


def test_the_history_names_the_changes() -> None:
    canvas = load_canvas(VOICE)
    old = canvas_data(canvas)
    new = canvas_data(canvas)
    new["factors"][0]["importance"] = 4.0
    new["factors"][1]["better"] = "lower"
    new["segments"] = new["segments"][:1]
    changes = diff(old, new)
    assert [change_text(c) for c in changes] == [
        "Removed customer segment Leisure",
        "Price: importance 4.6 -> 4",
        "Speed: better when higher -> lower",
    ]
    assert changes_summary(changes) == "Removed customer segment Leisure and 2 more changes"


# --- on the chart --------------------------------------------------------------------------


def test_the_target_curve_and_an_arrow_per_move_are_drawn_by_default() -> None:
    from positioning import canvas_figure

    figure = canvas_figure(load_canvas(VOICE)).to_plotly_json()
    target = next(t for t in figure["data"] if t.get("name") == "Us (target)")
    assert target["y"] == [3.0, 9.0] and target["line"]["dash"] == "dash"
    us = next(t for t in figure["data"] if t.get("name") == "Us")
    assert target["line"]["color"] == us["line"]["color"]
    arrows = [a for a in figure["layout"]["annotations"] if a.get("showarrow")]
    assert [(a["x"], a["ay"], a["y"]) for a in arrows] == [(0, 2.0, 3.0), (1, 8.0, 9.0)]
    assert "yaxis2" not in figure["layout"]  # importance is off by default
    bare = canvas_figure(load_canvas(VOICE), show=()).to_plotly_json()
    assert all(t.get("name") != "Us (target)" for t in bare["data"])


def test_importance_bars_behind_the_curves_on_a_right_hand_axis() -> None:
    from positioning import canvas_figure

    figure = canvas_figure(load_canvas(VOICE), show=("importance",), language="zh").to_plotly_json()
    bars = figure["data"][0]  # drawn first: behind everything else
    assert bars["type"] == "bar" and bars["name"] == "客户重视度"
    # 4.6 and 3.9 on 1-5, drawn on the 0-10 level axis from its bottom
    assert bars["y"] == pytest.approx([(4.6 - 1) / 4 * 10, (3.9 - 1) / 4 * 10]) and bars["base"] == 0
    assert [row[1] for row in bars["customdata"]] == [4.6, 3.9]
    axis = figure["layout"]["yaxis2"]
    assert axis["side"] == "right" and axis["overlaying"] == "y"
    assert axis["range"] == pytest.approx([1 - 0.06 * 4, 5 + 0.13 * 4])  # reads the same heights as importance
    business = canvas_figure(load_canvas(VOICE), show=("importance",), segment="Business").to_plotly_json()
    assert business["data"][0]["name"] == "Importance to Business"
    assert [row[1] for row in business["data"][0]["customdata"]] == [2.0, 5.0]


def test_export_refuses_an_unknown_segment(tmp_path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "positioning",
            "export",
            str(VOICE),
            "-o",
            str(tmp_path / "v.png"),
            "--segment",
            "Nobody",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert "--segment 'Nobody' is not a segment of this canvas (segments: 'Business', 'Leisure')" in result.stderr


def test_factors_grouped_by_category_with_the_groups_labelled() -> None:
    from positioning import canvas_figure, rank
    from positioning.chart.figures import factor_order

    canvas = load_canvas(ROOT / "configs" / "coffee_chain.yaml")
    grouped = factor_order(canvas, rank(canvas), "category")
    categories = [f.category for f in grouped]
    assert categories == sorted(categories, key=["product", "relationship", "brand"].index)
    assert [f.name for f in grouped if f.category == "product"] == [
        f.name for f in canvas.factors if f.category == "product"
    ]  # file order within a group
    layout = canvas_figure(canvas, order="category", language="zh").to_plotly_json()["layout"]
    labels = [a["text"] for a in layout["annotations"] if a.get("yref") == "paper" and a.get("y") == 0]
    assert labels == ["<i>产品</i>", "<i>关系</i>", "<i>品牌</i>"]
    separators = [s for s in layout["shapes"] if s["type"] == "line"]
    assert [s["x0"] for s in separators] == [categories.index("relationship") - 0.5, categories.index("brand") - 0.5]
