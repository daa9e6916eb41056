"""Edits to the stored canvas (positioning.ui.edits): plain data in, Outcome out."""

from __future__ import annotations

import base64
import json

import pytest

from positioning.core.loader import MAX_BYTES, CanvasError
from positioning.ui import edits
from positioning.ui.edits import example_data, factor_rows, player_rows

from .conftest import ROOT

CONFIGS = ROOT / "configs"


@pytest.fixture
def data():
    return example_data(CONFIGS / "southwest_airlines.yaml")


def lines(outcome, language: str = "en") -> tuple[str, ...]:
    """An outcome's refusal (said in every language) as the page shows it in ``language``."""
    return tuple(line[language] for line in outcome.problems)


def data_url(raw: bytes) -> str:
    return "data:application/x-yaml;base64," + base64.b64encode(raw).decode()


def with_notes(data, note_length: int, count: int = 1000):
    """``data`` with ``count`` factors carrying a note of ``note_length`` characters."""
    first = data["factors"][0]
    factors = [{**first, "name": f"Factor {i}", "note": "n" * note_length} for i in range(count)]
    return {**{k: v for k, v in data.items() if k != "segments"}, "factors": factors}


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
        "importance": None,
        "target": None,
        "better": "lower",
        "note": "Point-to-point flights from secondary airports cut cost per seat.",
    }
    assert player_rows(data)[0] == {"name": "Southwest", "color": "#c0392b"}


def test_a_cell_outside_the_grid_is_refused_not_wrapped_around(data):
    # -1 would be the last factor in Python; the grid never sends it.
    for row in (-1, 8, 10**9):
        outcome = edits.edit_factor(data, row, "level_2", 6)
        assert lines(outcome) == ("that factor no longer exists; reload the page",)
    assert lines(edits.edit_player(data, -1, "name", "X")) == ("that player no longer exists; reload the page",)
    assert edits.edit_factor(data, 7, "level_2", 6).data["factors"][7]["levels"]["Car"] == 6  # the last row itself


@pytest.mark.parametrize("column", ["level_3", "level_x", "level_", "level_-1", "level_٣", "colour"])
def test_a_column_the_grid_does_not_have_is_refused(data, column):
    assert lines(edits.edit_factor(data, 0, column, 5)) == (f"the column '{column}' cannot be edited",)


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
    assert lines(outcome) == ("the canvas is 2.6 MB; canvases are limited to 2 MB",)
    assert edits.validated(near_the_limit(data, 0)).ok  # at the limit itself: fine


def test_every_edit_keeps_the_canvas_within_the_size_limit(data):
    near = near_the_limit(data, 1000)
    assert edits.edit_factor(near, 1, "note", "n" * 2800).ok
    longer = edits.edit_factor(near, 1, "note", "n" * 3000)
    assert lines(longer) == ("the canvas is 2.1 MB; canvases are limited to 2 MB",)


def test_an_upload_over_the_limit_is_refused_before_it_is_decoded():
    outcome = edits.upload(data_url(b"#" * (MAX_BYTES + 100_000)), "big.yaml")
    assert lines(outcome) == ("big.yaml is 2.1 MB; canvas files are limited to 2 MB",)


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


# --- the canvas settings and the weights' shares ------------------------------------


def test_settings_set_the_title_the_style_and_the_scales(data):
    assert edits.set_setting(data, "title", "  Air travel ").data["title"] == "Air travel"
    styled = edits.set_setting(data, "subtitle", "For the board").data
    styled = edits.set_setting(styled, "background", "transparent").data
    assert styled["style"] == {"subtitle": "For the board", "background": "transparent"}
    cleared = edits.set_setting(edits.set_setting(styled, "subtitle", "").data, "background", "white").data
    assert "style" not in cleared  # back to the defaults: nothing in the file
    assert edits.set_setting(data, "score_low", "0").data["scales"]["score"] == [0, 5]


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("level_high", 5, "factors[0].levels.Average airline: 8 is outside the level scale 0-5"),
        ("score_high", "x", "scales.score[1]: 'x' is not a number"),
        ("title", "", "title: must not be empty"),
        ("font", "x" * 301, "style.font"),
        ("margin", 3, "the column 'margin' cannot be edited"),
    ],
)
def test_a_bad_setting_is_refused_and_says_where(data, name, value, problem):
    outcome = edits.set_setting(data, name, value)
    assert outcome.data is None and lines(outcome)[0].startswith(problem)


def test_refused_edits_keep_the_loaders_problems_and_the_canvas_tried(data):
    outcome = edits.edit_factor(data, 1, "level_0", 15)
    assert [p.path for p in outcome.found] == ["factors[1].levels.Southwest"]
    assert outcome.tried is not None and outcome.tried["factors"][1]["levels"]["Southwest"] == 15


@pytest.mark.parametrize(
    ("weights", "shares"),
    [
        ({"a": 1, "b": 1, "c": 1, "d": 0}, {"a": 34, "b": 33, "c": 33, "d": 0}),
        ({"a": 0.4, "b": 0.2, "c": 0.2, "d": 0.2}, {"a": 40, "b": 20, "c": 20, "d": 20}),
        ({"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 1}, {"a": 17, "b": 17, "c": 17, "d": 17, "e": 16, "f": 16}),
        ({"a": 0, "b": 0}, {"a": 0, "b": 0}),
    ],
)
def test_weight_shares_add_up_to_exactly_100(weights, shares):
    assert edits.weight_shares(weights) == shares
    assert sum(shares.values()) in (0, 100)


# --- a scoring panel in the grid ------------------------------------------------------------


def test_a_panel_scored_factor_shows_the_aggregate_and_follows_renames_and_removals():
    from positioning.ui.edits import edit_factor, factor_rows, remove_factor

    data = example_data(ROOT / "configs" / "coffee_chain.yaml")
    first = data["factors"][0]
    assert "scores" not in first
    row = factor_rows(data)[0]
    assert row["score_attractiveness"] == 4.0  # the four managers' mean
    renamed = edit_factor(data, 0, "name", "Low prices")
    assert renamed.ok
    assert all("Low prices" in r["scores"] and first["name"] not in r["scores"] for r in renamed.data["panel"])
    overridden = edit_factor(renamed.data, 0, "score_capability", 5)
    assert overridden.ok and overridden.data["factors"][0]["scores"]["capability"] == 5
    assert overridden.data["factors"][0]["scores"]["attractiveness"] == 4.0  # the rest from the aggregate
    removed = remove_factor(data, first["name"])
    assert removed.ok and all(first["name"] not in r["scores"] for r in removed.data["panel"])


def test_set_panel_takes_the_complete_factors_and_refuses_nothing_to_use():
    from positioning.ui.edits import set_panel

    data = example_data(ROOT / "configs" / "southwest_airlines.yaml")
    names = [f["name"] for f in data["factors"]]
    full = dict.fromkeys(("attractiveness", "unmet_need", "capability", "barriers"), 3)
    raters = [
        {"rater": "A", "scores": {n: full for n in names} | {"Gone factor": full}},
        {"rater": "B", "scores": {names[0]: full}},
    ]
    outcome = set_panel(data, raters)
    assert outcome.ok
    assert [r["rater"] for r in outcome.data["panel"]] == ["A", "B"]
    assert "Gone factor" not in outcome.data["panel"][0]["scores"]
    assert "scores" not in outcome.data["factors"][0]  # every rater scored it: the panel decides
    assert "scores" in outcome.data["factors"][1]  # B did not: it keeps its own
    refused = set_panel(data, [{"rater": "C", "scores": {"Gone factor": full}}])
    assert not refused.ok and "No participant has scored a factor" in lines(refused)[0]


def test_a_new_panel_missing_some_factors_keeps_the_old_panels_aggregate():
    from positioning.ui.edits import set_panel

    data = example_data(ROOT / "tests" / "data" / "panel_example.yaml")  # X, Y, Z scored by the panel only
    full = dict.fromkeys(("attractiveness", "unmet_need", "capability", "barriers"), 2)
    outcome = set_panel(data, [{"rater": "W1", "scores": {"X": full}}])
    assert outcome.ok, outcome.problems
    factors = {f["name"]: f for f in outcome.data["factors"]}
    assert "scores" not in factors["X"]  # the new panel decides
    assert factors["Y"]["scores"] == {"attractiveness": 4.0, "unmet_need": 4.0, "capability": 4.0, "barriers": 4.0}


# --- the customer's voice --------------------------------------------------------------


def test_the_first_importance_typed_fills_the_others_and_clearing_one_clears_all(data):
    plain = {k: v for k, v in data.items() if k != "segments"}
    typed = edits.edit_factor(plain, 1, "importance", "4.5")
    assert typed.ok and typed.note == "edit_importance_filled"
    assert [f["importance"] for f in typed.data["factors"]][:3] == [3, 4.5, 3]  # the middle of the scale
    again = edits.edit_factor(typed.data, 0, "importance", 2)
    assert again.ok and again.note is None and again.data["factors"][0]["importance"] == 2
    outside = edits.edit_factor(typed.data, 0, "importance", 9)
    assert not outside.ok and "9 is outside the score scale 1-5" in lines(outside)[0]
    cleared = edits.edit_factor(typed.data, 2, "importance", "")
    assert cleared.ok and cleared.note == "edit_importance_cleared"
    assert all("importance" not in f for f in cleared.data["factors"])


def test_with_segments_the_first_importance_typed_keeps_what_the_segments_give(data):
    typed = edits.edit_factor(data, 1, "importance", 4.5)
    assert typed.ok and typed.note == "edit_importance_filled_segments"
    assert [f["importance"] for f in typed.data["factors"]][:3] == [4.3, 4.5, 1.7]  # 0.35 * 3 + 0.65 * 1 = 1.7


def test_targets_start_at_todays_level_and_go_when_nothing_moves(data):
    typed = edits.edit_factor(data, 1, "target", 4)  # Meals: Southwest 1 -> 4
    assert typed.ok and typed.note == "edit_target_filled"
    targets = {f["name"]: f["target"] for f in typed.data["factors"]}
    assert targets["Meals"] == 4 and targets["Friendly service"] == 9  # at its level
    second = edits.edit_factor(typed.data, 0, "target", 1)
    back = edits.edit_factor(second.data, 1, "target", None)  # Meals back to its level; Price still moves
    assert back.ok and back.note is None and back.data["factors"][1]["target"] == 1
    gone = edits.edit_factor(back.data, 0, "target", "2.0")  # typed back to today's level: nothing moves
    assert gone.ok and gone.note == "edit_targets_cleared"
    assert all("target" not in f for f in gone.data["factors"])
    still = edits.edit_factor(data, 0, "target", 2)  # a first target at today's level is no move at all
    assert still.ok and "target" not in still.data["factors"][0]
    bad = edits.edit_factor(typed.data, 0, "target", "soon")
    assert not bad.ok and "'soon' is not a number" in lines(bad)[0]


def test_a_new_subject_drops_the_old_subjects_targets(data):
    moved = edits.edit_factor(data, 1, "target", 4).data
    other = edits.set_subject(moved, "Car")
    assert other.ok and other.note == "edit_subject_targets"
    assert all("target" not in f for f in other.data["factors"])
    assert edits.set_subject(data, "Car").note is None


def test_better_lower_is_kept_and_higher_is_the_default(data):
    higher = edits.edit_factor(data, 0, "better", "higher")
    assert higher.ok and "better" not in higher.data["factors"][0]
    lower = edits.edit_factor(higher.data, 1, "better", "lower")
    assert lower.data["factors"][1]["better"] == "lower"
    assert not edits.edit_factor(data, 0, "better", "sideways").ok


def test_segment_rows_and_cells(data):
    rows = edits.segment_rows(data)
    assert [r["name"] for r in rows] == ["Business travellers", "Leisure travellers"]
    assert rows[0]["share"] == 0.35 and rows[0]["importance_0"] == 3 and rows[1]["importance_7"] == 3
    renamed = edits.edit_segment(data, 0, "name", " Business ")
    assert renamed.ok and renamed.data["segments"][0]["name"] == "Business"
    valued = edits.edit_segment(data, 1, "importance_2", "4")
    assert valued.data["segments"][1]["importance"]["Lounges"] == 4
    too_big = edits.edit_segment(data, 0, "share", 1.5)
    assert not too_big.ok and "share" in lines(too_big)[0]
    cleared = edits.edit_segment(data, 0, "share", "")
    assert cleared.ok and cleared.note == "edit_shares_cleared"
    assert all("share" not in g for g in cleared.data["segments"])
    added = edits.add_segment(cleared.data, "Segment {n}").data
    filled = edits.edit_segment(added, 0, "share", "0.5")
    assert filled.ok and filled.note == "edit_shares_filled"
    assert [g["share"] for g in filled.data["segments"]] == [0.5, 0.25, 0.25]
    assert not edits.edit_segment(data, 5, "name", "x").ok
    assert not edits.edit_segment(data, 0, "importance_99", 3).ok


def test_segments_follow_factor_renames_additions_and_removals(data):
    renamed = edits.edit_factor(data, 0, "name", "Fare")
    assert renamed.ok and all("Fare" in g["importance"] for g in renamed.data["segments"])
    added = edits.add_factor(renamed.data, "New factor {n}")
    assert added.ok and all(g["importance"]["New factor 1"] == 3 for g in added.data["segments"])
    removed = edits.remove_factor(added.data, "Meals")
    assert removed.ok and all("Meals" not in g["importance"] for g in removed.data["segments"])


def test_add_and_remove_segments(data):
    added = edits.add_segment(data, "Segment {n}")
    assert added.ok
    new = added.data["segments"][-1]
    assert new["name"] == "Segment 1" and new["share"] == 0  # the others have shares
    assert new["importance"]["Price"] == 4.3  # as customers overall value it
    left = edits.remove_segment(edits.remove_segment(data, "Business travellers").data, "Leisure travellers")
    assert left.ok and "segments" not in left.data
    fresh = edits.add_segment(left.data, "Segment {n}")
    assert "share" not in fresh.data["segments"][0] and fresh.data["segments"][0]["importance"]["Meals"] == 3


def test_a_name_that_is_no_text_is_refused_not_a_crash(data):
    for value in ([], {}, {"a": 1}, 3):
        outcome = edits.edit_factor(data, 0, "name", value)
        assert not outcome.ok and outcome.problems
    assert not edits.remove_segment(data, "Gone").ok  # a selection left from before the segment went


def test_the_problems_of_an_edit_or_an_upload_are_told_in_every_language(data):
    bad = {**data, "weights": {**data["weights"], "barriers": "x"}}
    assert lines(edits.validated(bad)) == ("weights.barriers: 'x' is not a number",)
    assert lines(edits.validated(bad), "zh") == ("weights.barriers：'x' 不是数字",)
    assert lines(edits.validated("x"), "zh") == ("保存的数据不是画布（应包含 title、subject、players、factors）",)
    raw = b"title: [1, 2\n"
    assert lines(edits.upload(data_url(raw), "u.yaml")) == (
        "u.yaml:2: YAML syntax error: while parsing a flow sequence, did not find expected ',' or ']'",
    )
    assert lines(edits.upload(data_url(raw), "u.yaml"), "zh") == (
        "u.yaml 第 2 行：YAML 语法错误：解析行内列表时，找不到应有的 ',' 或 ']'",
    )
    assert lines(edits.upload("not a data url", "u.yaml"), "zh") == ("u.yaml：无法读取上传的文件，请重试",)
    assert edits.too_large("a.yaml", MAX_BYTES + 1, language="zh") == "a.yaml 大小为 2.1 MB；画布文件最大为 2 MB"


def test_new_weights_that_take_the_canvas_over_the_size_limit_are_refused(monkeypatch):
    from positioning.ui import checked

    checked.forget()
    data = example_data(ROOT / "configs" / "southwest_airlines.yaml")
    size = len(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
    monkeypatch.setattr(edits, "MAX_BYTES", size + 4)  # room for the weights as they are, not for longer ones
    assert edits.set_weights(data, data["weights"]).ok
    longer = {c: w + 0.000123456789 for c, w in data["weights"].items()}
    refused = edits.set_weights(data, longer)
    assert not refused.ok and "the canvas is" in refused.problems[0]["en"]
