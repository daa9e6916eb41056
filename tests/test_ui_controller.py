"""What each user action does (positioning.ui.controller), without a browser:
the edit callback's values by name in, the outputs to change out."""

from __future__ import annotations

import base64
import math

import pytest

from positioning import canvas_from_data, rank
from positioning.ui import ids
from positioning.ui.callbacks.wiring import message_view
from positioning.ui.controller import MESSAGE_AREAS, on_edit, remembered_hidden, synced, upload_refused, view_request
from positioning.ui.edits import example_data, factor_rows
from positioning.ui.said import text_in
from tests.factory import render

from .conftest import ROOT

CONFIGS = ROOT / "configs"
BLANK = CONFIGS / "template.yaml"
FALLBACK = CONFIGS / "southwest_airlines.yaml"
EXAMPLES = {p.stem: p for p in CONFIGS.glob("*.yaml") if p != BLANK}
CRITERIA = ("attractiveness", "unmet_need", "capability", "barriers")


def said(out):
    """The refusal or notice, from whichever message area it went to (the page's,
    or the one beside the settings, the factors or the players)."""
    areas = ("message", "settings_message", "factor_message", "player_message", "segment_message")
    return next((out[k] for k in areas if out.get(k)), None)


@pytest.fixture
def data():
    return example_data(FALLBACK)


def act(trigger, data, language="en", **values):
    """on_edit's outputs, its messages (made in every language) read in ``language``."""
    out = on_edit(trigger, values, data, language=language, examples=EXAMPLES, blank=BLANK, fallback=FALLBACK)
    return {k: read_in(v, language) if k in MESSAGE_AREAS and v else v for k, v in out.items()}


def read_in(message, language):
    """A message (kind, heading, lines) as the page shows it in ``language``."""
    kind, heading, lines = message
    return kind, text_in(heading, language), [text_in(line, language) for line in lines]


def data_url(text: str | bytes) -> str:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return "data:application/x-yaml;base64," + base64.b64encode(raw).decode()


def ranked(data):
    return [f.name for f in rank(canvas_from_data(data)).factors]


def test_page_load_mirrors_the_stored_canvas(data):
    out = act(None, data)
    assert out["weights"] == {"attractiveness": 0.4, "unmet_need": 0.2, "capability": 0.2, "barriers": 0.2}
    assert out["top"] == 3 and out["top_max"] == 8
    assert out["subject"] == "Southwest"
    assert out["shown"] == ["Average airline", "Car"]
    assert [o["value"] for o in out["subject_options"]] == ["Southwest", "Average airline", "Car"]
    assert "data" not in out


def test_open_an_example_and_the_blank_canvas(data):
    out = act(ids.EXAMPLE, data, example="coffee_chain")
    assert out["data"]["title"] == "Coffee out of home, city centre"
    assert said(out) == (
        "ok",
        "Opened “Coffee out of home, city centre” as a new canvas. The canvas you had is unchanged: open it"
        " again from “My canvases”.",
        [],
    )
    assert out["example"] is None and out["subject"] == "Premium chain"  # the picker goes back to empty
    assert act(ids.EXAMPLE, data, example="../../etc/passwd") == {}  # only bundled files open
    blank = act(ids.BLANK, data, blank=1)
    assert blank["data"]["title"] == "My market"


def test_valid_upload_replaces_the_canvas(data):
    text = (CONFIGS / "ride_hailing_zh.yaml").read_text(encoding="utf-8")
    out = act(ids.UPLOAD, data, upload=data_url(text), upload_name="mine.yaml")
    assert out["data"]["subject"] == "网约车平台"
    assert out["upload"] is None


def test_invalid_upload_keeps_the_canvas_and_shows_the_loader_messages(data):
    bad = (CONFIGS / "southwest_airlines.yaml").read_text(encoding="utf-8")
    bad = bad.replace("{Southwest: 2, Average airline: 8, Car: 2}", "{Southwest: 2, Average airline: 8, Car: 12}")
    out = act(ids.UPLOAD, data, upload=data_url(bad), upload_name="bad.yaml")
    kind, heading, lines = said(out)
    assert kind == "error" and heading.startswith('"bad.yaml" was not opened; the current canvas is unchanged')
    assert lines == ["bad.yaml:36: factor 'Price', levels.Car: 12 is outside the level scale 0-10"]
    assert "data" not in out
    garbage = act(ids.UPLOAD, data, upload="data:;base64,@@@", upload_name="x.yaml")
    assert said(garbage)[2] == ["x.yaml: the upload could not be read; try again"]
    latin1 = act(ids.UPLOAD, data, upload=data_url("title: caf\xe9".encode("latin-1")), upload_name="l.yaml")
    assert "not UTF-8" in said(latin1)[2][0]


def test_weight_change_reranks(data):
    before = render(data, [], "file", "en")
    weights = {"attractiveness": 0, "unmet_need": 0, "capability": 0, "barriers": 1}
    out = act(ids.WEIGHTS["barriers"], data, weights=weights)
    assert out["data"]["weights"] == weights
    assert "weights" not in out  # the sliders already show it
    after = render(out["data"], [], "file", "en")
    assert before.figure.to_plotly_json() != after.figure.to_plotly_json()
    assert ranked(out["data"])[0] == "Hub connectivity"  # barriers 4: the top factor once only barriers count


def test_all_zero_weights_are_refused_with_the_loader_message(data):
    out = act(ids.WEIGHTS["barriers"], data, weights=dict.fromkeys(CRITERIA, 0))
    assert said(out)[2] == [
        "Criterion weights: the weights are all zero; give at least one criterion a positive weight"
    ]
    assert "data" not in out
    assert out["weights"]["attractiveness"] == 0.4  # sliders put back


@pytest.mark.parametrize(
    ("weight", "problem"),
    [
        ("x", "Weight of Entry barriers: 'x' is not a number"),
        ([1], "Weight of Entry barriers: a list is not a number"),
        (math.nan, "Weight of Entry barriers: nan is not allowed; give a finite number"),
        (True, "Weight of Entry barriers: true (a yes/no value) is not a number"),
    ],
)
def test_a_weight_the_slider_cannot_send_is_refused_with_a_message(data, weight, problem):
    out = act(ids.WEIGHTS["barriers"], data, weights={**data["weights"], "barriers": weight})
    assert said(out) == ("error", "Change refused; the canvas is unchanged:", [problem])
    assert "data" not in out and out["weights"]["barriers"] == 0.2  # the slider is put back


def test_weights_that_are_no_mapping_change_nothing(data):
    assert act(ids.WEIGHTS["barriers"], data, weights="x") == {}


def test_shortlist_size(data):
    out = act(ids.TOP, data, top=5)
    assert out["data"]["top"] == 5
    assert act(ids.TOP, data, top=3) == {}  # unchanged: nothing to do
    text = act(ids.TOP, data, top="three")
    assert said(text)[2] == ["Shortlist size: 'three' is not a whole number"] and "data" not in text


def test_level_edit_in_range_and_out_of_range(data):
    change = [{"rowIndex": 0, "colId": "level_2", "oldValue": 2, "value": 6}]  # as dash-ag-grid sends it
    out = act(ids.FACTOR_GRID, data, factor_cells=change)
    assert out["data"]["factors"][0]["levels"]["Car"] == 6
    bad = [{"rowIndex": 0, "colId": "level_2", "oldValue": 2, "newValue": 11}]
    refused = act(ids.FACTOR_GRID, data, factor_cells=bad)
    assert said(refused) == (
        "error",
        "Change refused; the canvas is unchanged:",
        ["Price, Car's level: 11 is outside the level scale 0-10"],
    )
    assert "data" not in refused  # the store is untouched...
    assert refused["factor_revert"] == {"update": [factor_rows(data)[0]]}  # ...and the cell is put back
    text = [{"rowIndex": 1, "colId": "score_capability", "newValue": "high"}]
    assert said(act(ids.FACTOR_GRID, data, factor_cells=text))[2] == ["Meals, Capability score: 'high' is not a number"]
    typed = [{"rowIndex": 1, "colId": "score_capability", "newValue": "4,5"}]
    assert act(ids.FACTOR_GRID, data, factor_cells=typed)["data"]["factors"][1]["scores"]["capability"] == 4.5


def test_a_negative_row_index_does_not_edit_the_last_factor(data):
    out = act(ids.FACTOR_GRID, data, factor_cells=[{"rowIndex": -1, "colId": "level_2", "value": 6}])
    assert said(out)[2] == ["that factor no longer exists; reload the page"]
    assert "data" not in out
    player = act(ids.PLAYER_GRID, data, player_cells=[{"rowIndex": -1, "colId": "name", "value": "X"}])
    assert said(player)[2] == ["that player no longer exists; reload the page"]


@pytest.mark.parametrize(
    "cells",
    [
        "x",
        [],
        ["x"],
        [{"rowIndex": 0, "colId": None, "value": 6}],
        [{"rowIndex": "0", "colId": "level_2", "value": 6}],
        [{"rowIndex": True, "colId": "level_2", "value": 6}],
        [{"rowIndex": 0, "colId": "level_2", "value": 6}, {"colId": "name", "value": "X"}],
    ],
)
def test_cell_changes_the_grid_cannot_send_change_nothing(data, cells):
    assert act(ids.FACTOR_GRID, data, factor_cells=cells) == {}
    assert act(ids.PLAYER_GRID, data, player_cells=cells) == {}


def test_rename_factor_and_set_category(data):
    rename = [{"rowIndex": 1, "colId": "name", "newValue": "In-flight meals"}]
    out = act(ids.FACTOR_GRID, data, factor_cells=rename)
    assert out["data"]["factors"][1]["name"] == "In-flight meals"
    duplicate = [{"rowIndex": 1, "colId": "name", "newValue": "Price"}]
    assert "duplicate factor name 'Price'" in said(act(ids.FACTOR_GRID, data, factor_cells=duplicate))[2][0]
    cleared = [{"rowIndex": 0, "colId": "category", "newValue": ""}]
    assert "category" not in act(ids.FACTOR_GRID, data, factor_cells=cleared)["data"]["factors"][0]


def test_add_remove_and_move_factors(data):
    added = act(ids.ADD_FACTOR, data, add_factor=1)["data"]
    new = added["factors"][-1]
    assert new["name"] == "New factor 1"
    assert new["scores"] == {"attractiveness": 3, "unmet_need": 3, "capability": 3, "barriers": 3}
    assert set(new["levels"].values()) == {5}
    again = act(ids.ADD_FACTOR, added, add_factor=2)["data"]
    assert again["factors"][-1]["name"] == "New factor 2"
    selected = [{"name": "Meals"}]
    moved = act(ids.FACTOR_UP, data, factor_up=1, selected_factor=selected)["data"]
    assert [f["name"] for f in moved["factors"][:2]] == ["Meals", "Price"]
    down = act(ids.FACTOR_DOWN, data, factor_down=1, selected_factor=selected)["data"]
    assert [f["name"] for f in down["factors"][1:3]] == ["Lounges", "Meals"]
    removed = act(ids.REMOVE_FACTOR, data, remove_factor=1, selected_factor=selected)["data"]
    assert "Meals" not in [f["name"] for f in removed["factors"]]
    nothing = act(ids.REMOVE_FACTOR, data, remove_factor=1, selected_factor=[])
    assert said(nothing)[2] == ["Select a row first."]


@pytest.mark.parametrize("selected", ["x", [1], [{"name": 3}], {"name": "Meals"}, None])
def test_a_selection_the_grid_cannot_send_asks_for_a_row(data, selected):
    out = act(ids.REMOVE_FACTOR, data, remove_factor=1, selected_factor=selected)
    assert said(out) == ("error", "Change refused; the canvas is unchanged:", ["Select a row first."])
    assert "data" not in out


def test_buttons_without_a_click_do_nothing(data):
    # Dash fires callbacks once when a tab's components appear, with n_clicks None.
    for button, name in (
        (ids.ADD_FACTOR, "add_factor"),
        (ids.REMOVE_FACTOR, "remove_factor"),
        (ids.BLANK, "blank"),
    ):
        assert act(button, data, **{name: None}) == {}
        assert act(button, data, **{name: "1"}) == {}  # not a click count


def test_the_last_factor_cannot_be_removed():
    one = example_data(BLANK)
    for name in ("Factor 1", "Factor 2"):
        one = act(ids.REMOVE_FACTOR, one, remove_factor=1, selected_factor=[{"name": name}])["data"]
    out = act(ids.REMOVE_FACTOR, one, remove_factor=1, selected_factor=[{"name": "Factor 3"}])
    assert said(out)[2] == ["factors: needs at least 1 factor, found 0"]


def test_players_rename_add_remove_move_and_subject(data):
    rename = [{"rowIndex": 0, "colId": "name", "newValue": "Southwest Airlines"}]
    out = act(ids.PLAYER_GRID, data, player_cells=rename)
    assert out["data"]["subject"] == "Southwest Airlines"
    assert all("Southwest Airlines" in f["levels"] for f in out["data"]["factors"])
    assert out["subject"] == "Southwest Airlines"  # the picker follows
    added = act(ids.ADD_PLAYER, data, add_player=1)
    assert added["data"]["players"][-1] == {"name": "Competitor 1"}
    assert added["shown"] == ["Average airline", "Car", "Competitor 1"]
    refused = act(ids.REMOVE_PLAYER, data, remove_player=1, selected_player=[{"name": "Southwest"}])
    assert "choose another subject before removing it" in said(refused)[2][0]
    removed = act(ids.REMOVE_PLAYER, data, remove_player=1, selected_player=[{"name": "Car"}])["data"]
    assert [p["name"] for p in removed["players"]] == ["Southwest", "Average airline"]
    assert all("Car" not in f["levels"] for f in removed["factors"])
    last = act(ids.REMOVE_PLAYER, removed, remove_player=1, selected_player=[{"name": "Average airline"}])
    assert said(last)[2] == ["players: needs at least 2 players, found 1"]
    down = act(ids.PLAYER_DOWN, data, player_down=1, selected_player=[{"name": "Southwest"}])["data"]
    assert [p["name"] for p in down["players"]] == ["Average airline", "Southwest", "Car"]
    up = act(ids.PLAYER_UP, data, player_up=1, selected_player=[{"name": "Car"}])["data"]
    assert [p["name"] for p in up["players"]] == ["Southwest", "Car", "Average airline"]
    subject = act(ids.SUBJECT, data, subject="Car")
    assert subject["data"]["subject"] == "Car" and subject["shown"] == ["Southwest", "Average airline"]
    assert act(ids.SUBJECT, data, subject=["Car"]) == {}  # not a name
    colour = act(ids.PLAYER_GRID, data, player_cells=[{"rowIndex": 1, "colId": "color", "newValue": "blue"}])
    assert "'blue' is not a colour" in said(colour)[2][0]


def test_synced_clamps_top_to_the_factor_count(data):
    assert synced({**data, "top": 50})["top"] == 8


@pytest.mark.parametrize("trigger", [None, ids.WEIGHTS["barriers"], ids.ADD_FACTOR])
def test_an_unreadable_saved_canvas_is_replaced_with_a_message(data, trigger):
    broken = {**data, "subject": "Nobody"}
    out = act(trigger, broken, add_factor=1, weights=data["weights"])
    assert out["data"]["title"] == "Short-haul air travel (US, early 1990s)"
    kind, heading, lines = said(out)
    assert kind == "error" and heading.startswith("The canvas saved in this browser could not be read")
    assert lines == [
        "Our company (subject): 'Nobody' is not one of the players ('Southwest', 'Average airline', 'Car')"
    ]
    for garbage in (["not", "a", "canvas"], "x", None, {**data, "weights": {"barriers": "x"}}):
        assert act(trigger, garbage)["data"] == data


def test_an_unknown_language_changes_nothing(data):
    assert act(ids.ADD_FACTOR, data, language="xx", add_factor=1) == {}
    assert act(ids.ADD_FACTOR, data, language=["en"], add_factor=1) == {}
    assert act(ids.ADD_FACTOR, data, language=None, add_factor=1)["data"]["factors"][-1]["name"] == "New factor 1"
    assert act(ids.ADD_FACTOR, data, language="zh", add_factor=1)["data"]["factors"][-1]["name"] == "新要素 1"


def test_an_unknown_trigger_changes_nothing(data):
    assert act("no-such-component", data) == {}


def test_hidden_competitors_stay_hidden_through_edits_and_reloads(data):
    shown = ["Average airline"]  # Car hidden
    edit = [{"rowIndex": 0, "colId": "level_1", "value": 7}]
    out = act(ids.FACTOR_GRID, data, factor_cells=edit, shown=shown)
    assert out["shown"] == ["Average airline"]
    added = act(ids.ADD_PLAYER, data, add_player=1, shown=shown)
    assert added["shown"] == ["Average airline", "Competitor 1"]  # a new player is shown
    reload = act(None, data, hidden=["Car"])
    assert reload["shown"] == ["Average airline"]
    assert act(None, data, hidden="Car")["shown"] == ["Average airline", "Car"]  # not a list: nothing hidden


def test_weight_sliders_show_stored_weights_or_their_ratios(data):
    assert synced(data)["weights"]["attractiveness"] == 0.4
    big = {**data, "weights": {"attractiveness": 4, "unmet_need": 2, "capability": 2, "barriers": 1}}
    assert synced(big)["weights"] == {"attractiveness": 1.0, "unmet_need": 0.5, "capability": 0.5, "barriers": 0.25}


def test_view_request_checks_every_input(data):
    request = view_request(data, ["Average airline"], "rank", "zh")
    assert request is not None
    assert (request.hidden, request.order, request.language) == (["Car"], "rank", "zh")
    assert request.canvas.title == data["title"]
    assert view_request(data, None, None, None).order == "file"  # unset: the defaults
    assert view_request(data, "x", "file", "en").hidden == []  # no list of names: nothing hidden
    assert view_request(data, None, "zzz", "en") is None
    assert view_request(data, None, "file", "xx") is None
    assert view_request("x", None, "file", "en") is None
    assert view_request({**data, "subject": "Nobody"}, None, "file", "en") is None


def test_view_request_reads_the_charts_layers_segment_and_filters(data):
    chart = {"layers": ["importance"], "segment": "Leisure travellers", "categories": ["relationship"]}
    request = view_request(data, None, "file", "en", chart)
    assert (request.layers, request.segment, request.only) == (
        ("importance",),
        "Leisure travellers",
        ("Friendly service",),
    )
    assert view_request(data, None, "file", "en").layers == ("target",)  # unset: the to-be curve only
    assert view_request(data, None, "file", "en", {"layers": ["sparkles"]}) is None
    assert view_request(data, None, "file", "en", {"segment": "Nobody"}).segment is None
    both = view_request(data, None, "file", "en", {"categories": ["product"], "sources": ["adjacent"]})
    assert both.only == ("Price", "Frequent point-to-point departures")
    none = view_request(data, None, "file", "en", {"categories": ["brand"]})
    assert none.only == ()  # nothing matches: the views draw every factor and say so
    unset = view_request(
        {**data, "factors": [{**f, "source": None} for f in data["factors"]]}, None, "file", "en", {"sources": [""]}
    )
    assert len(unset.only) == 8  # "" stands for a factor without a source


def test_an_edit_that_fills_the_other_factors_says_so_beside_the_grid(data):
    cell = {"rowIndex": 0, "colId": "importance", "value": 4, "oldValue": None}
    out = act(ids.FACTOR_GRID, data, factor_cells=[cell])
    assert out["data"]["factors"][0]["importance"] == 4
    kind, heading, _ = out["factor_message"]
    assert kind == "ok" and heading.startswith("Importance is given for every factor or none")
    chinese = act(ids.FACTOR_GRID, data, "zh", factor_cells=[cell])
    assert chinese["factor_message"][1].startswith("重视度须为所有要素填写或全部不填")
    pasted = [cell, {"rowIndex": 1, "colId": "importance", "value": 2, "oldValue": None}]
    assert act(ids.FACTOR_GRID, data, factor_cells=pasted)["factor_message"][1] == heading  # the fill is said
    refused = act(ids.SEGMENT_GRID, data, segment_cells=[{"rowIndex": 0, "colId": "share", "value": 7}])
    assert refused["segment_message"][0] == "error" and "data" not in refused
    assert refused["segment_revert"]["update"][0]["share"] == 0.35  # the grid row goes back
    added = act(ids.ADD_SEGMENT, data, add_segment=1)
    assert [g["name"] for g in added["data"]["segments"]][-1] == "Segment 1"
    removed = act(ids.REMOVE_SEGMENT, data, remove_segment=1, selected_segment=[{"name": "Leisure travellers"}])
    assert [g["name"] for g in removed["data"]["segments"]] == ["Business travellers"]


def test_remembered_hidden(data):
    assert remembered_hidden(data, ["Car"]) == ["Average airline"]
    assert remembered_hidden(data, "x") == []
    assert remembered_hidden("x", ["Car"]) is None


def test_a_file_of_a_kind_an_upload_does_not_take_is_named_with_the_kinds_it_takes():
    """What assets/guards.js reports for a file the upload's accept would drop without a word."""
    csv = upload_refused({"name": "bank.csv", "size": 120, "upload": ids.LIST_UPLOAD, "kind": True}, "en")
    assert read_in(csv, "en") == (
        "error",
        "bank.csv could not be imported:",
        [
            "bank.csv: only .yaml, .yml, .xlsx, .xlsm files are taken here; "
            "save the spreadsheet as an Excel workbook (.xlsx) first"
        ],
    )
    assert read_in(csv, "zh")[2] == [
        "bank.csv：这里只接受 .yaml、.yml、.xlsx、.xlsm 文件；请先把表格另存为 Excel 工作簿（.xlsx）"
    ]
    notes = upload_refused({"name": "notes.txt", "size": 9, "upload": ids.UPLOAD, "kind": True}, "en")
    assert read_in(notes, "en")[1:] == (
        '"notes.txt" was not opened; the current canvas is unchanged:',
        ["notes.txt: only .yaml, .yml, .xlsx, .xlsm files are taken here"],
    )
    deck = upload_refused({"name": "a.key", "size": 9, "upload": ids.DECK_TEMPLATE, "kind": True}, "en")
    assert read_in(deck, "en")[2] == ["a.key: only .pptx, .potx files are taken here"]
    zipped = upload_refused({"name": "all.zip", "size": 5 * 1024 * 1024, "upload": ids.JOBS_UPLOAD}, "en")
    assert read_in(zipped, "en")[1:] == (
        "all.zip could not be imported:",
        ["all.zip is 5 MB; a zip to import may be at most 4 MB"],  # not a canvas file's 2 MB
    )


def test_upload_refused_names_the_file_and_the_limit():
    big = upload_refused({"name": "big.yaml", "size": 3 * 1024 * 1024, "at": 1}, "en")
    assert read_in(big, "en") == (
        "error",
        '"big.yaml" was not opened; the current canvas is unchanged:',
        ["big.yaml is 3 MB; canvas files are limited to 2 MB"],
    )
    assert read_in(big, "zh")[2] == ["big.yaml 大小为 3 MB；画布文件最大为 2 MB"]  # said in both: the switch shows it
    assert read_in(upload_refused({"name": "大.yaml", "size": 2_500_000}, "zh"), "zh")[1].startswith(
        "未能打开“大.yaml”"
    )
    deck = read_in(upload_refused({"name": "b.potx", "size": 5 * 1024 * 1024, "upload": ids.DECK_TEMPLATE}, "en"), "en")
    assert deck[1] == "b.potx was not kept as the deck template; the one in use is unchanged:"
    assert deck[2][0].startswith("b.potx is 5 MB; deck templates are limited to 4 MB here")
    for refused in (None, "x", {"name": "a"}, {"name": 1, "size": 3}, {"name": "a", "size": "3"}):
        assert upload_refused(refused, "en") is None
    assert upload_refused({"name": "a", "size": 3}, "xx") is None


# --- typed weights, the shortlist size's number and the canvas settings -------------


def test_the_side_panel_shows_each_weight_its_share_and_the_shortlist_size(data):
    shown = synced(data)
    assert shown["weight_numbers"] == {"attractiveness": 0.4, "unmet_need": 0.2, "capability": 0.2, "barriers": 0.2}
    assert shown["weight_shares"] == {
        "attractiveness": "40%",
        "unmet_need": "20%",
        "capability": "20%",
        "barriers": "20%",
    }
    assert shown["top_text"] == "3"
    assert shown["settings"]["title"] == data["title"] and shown["settings"]["level_high"] == 10


def test_a_typed_weight_moves_its_slider_and_the_shares(data):
    typed = {**synced(data)["weight_numbers"], "barriers": 1.2}
    out = act(ids.WEIGHT_NUMBERS["barriers"], data, weight_numbers=typed)
    assert out["data"]["weights"]["barriers"] == 1.2
    assert out["weights"]["barriers"] == 1  # the sliders show the largest weight at the end of their range
    assert out["weight_shares"] == {
        "attractiveness": "20%",
        "unmet_need": "10%",
        "capability": "10%",
        "barriers": "60%",
    }
    negative = act(ids.WEIGHT_NUMBERS["barriers"], data, weight_numbers={**typed, "barriers": -1})
    assert said(negative)[2] == ["Weight of Entry barriers: -1 is negative; it must be at least 0"]
    same = act(ids.WEIGHT_NUMBERS["barriers"], data, weight_numbers=synced(data)["weight_numbers"])
    assert same == {}


def test_a_slider_move_updates_the_numbers_but_not_the_sliders(data):
    weights = {**synced(data)["weights"], "barriers": 0.6}
    out = act(ids.WEIGHTS["barriers"], data, weights=weights)
    assert "weights" not in out and out["weight_numbers"]["barriers"] == 0.6
    assert out["weight_shares"]["barriers"] == "43%" and out["top_text"] == "3"


def test_settings_are_saved_and_a_refused_one_keeps_what_was_typed(data):
    settings = synced(data)["settings"]
    out = act(ids.SETTINGS["subtitle"], data, settings={**settings, "subtitle": "For the board"})
    assert out["data"]["style"] == {"subtitle": "For the board"} and said(out) is None
    refused = act(ids.SETTINGS["level_high"], data, settings={**settings, "level_high": 5})
    assert "data" not in refused and "settings" not in refused  # the field keeps 5 beside the reason
    assert refused["settings_message"][2][0] == "Price, Average airline's level: 8 is outside the level scale 0-5"
    assert act(ids.SETTINGS["title"], data, settings=settings) == {}  # the synced value is no edit


def test_in_chinese_the_loaders_messages_are_chinese(data):
    bad = (CONFIGS / "southwest_airlines.yaml").read_text(encoding="utf-8")
    bad = bad.replace("{Southwest: 2, Average airline: 8, Car: 2}", "{Southwest: 2, Average airline: 8, Car: 12}")
    out = act(ids.UPLOAD, data, "zh", upload=data_url(bad), upload_name="bad.yaml")
    assert said(out)[2] == ["bad.yaml 第 36 行：要素“Price”，levels.Car：12 超出水平量表 0-10 的范围"]
    unreadable = act(None, {**data, "subject": "Nobody"}, "zh")
    assert said(unreadable)[2] == ["本企业：“Nobody”不是参与者之一（“Southwest”、“Average airline”、“Car”）"]
    refused = act(ids.FACTOR_GRID, data, "zh", factor_cells=[{"rowIndex": 0, "colId": "level_2", "newValue": 12}])
    assert said(refused)[2] == ["Price，Car 的水平：12 超出水平量表 0-10 的范围"]


def test_a_message_is_made_in_every_language_so_a_switch_shows_it_in_the_other(data):
    cell = {"rowIndex": 0, "colId": "level_2", "newValue": 12}
    out = on_edit(
        ids.FACTOR_GRID,
        {"factor_cells": [cell]},
        data,
        language="en",
        examples=EXAMPLES,
        blank=BLANK,
        fallback=FALLBACK,
    )
    kind, heading, lines = out["factor_message"]
    assert kind == "error" and set(heading) == set(lines[0]) == {"en", "zh"}
    assert lines[0]["en"] == "Price, Car's level: 12 is outside the level scale 0-10"
    assert lines[0]["zh"] == "Price，Car 的水平：12 超出水平量表 0-10 的范围"
    # the page shows one: the spans of every language, each with its lang (positioning/ui/said.py)
    spans = message_view(out["factor_message"]).children[1].children[0].children
    assert [(s.lang, s.className) for s in spans] == [("en", "said said-en"), ("zh-CN", "said said-zh")]


def test_a_refused_colour_puts_the_row_back_with_the_colour_it_is_drawn_in(data):
    cell = {"rowIndex": 1, "colId": "color", "value": "blue", "oldValue": ""}
    out = act(ids.PLAYER_GRID, data, player_cells=[cell])
    assert "data" not in out and said(out)[0] == "error"
    row = out["player_revert"]["update"][0]
    assert row["name"] == "Average airline" and row["color"] == "" and row["drawn"] == "#0072b2"  # its swatch stays
