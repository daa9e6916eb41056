"""The app's callback logic as plain functions: no browser, no Dash server."""

from __future__ import annotations

import base64

import pytest

from positioning import load_canvas, parse_canvas
from positioning.ui import ids
from positioning.ui.callbacks import download_file, slug
from positioning.ui.controller import on_edit, synced
from positioning.ui.state import example_data, factor_rows, player_rows
from positioning.ui.views import render

from .conftest import ROOT

CONFIGS = ROOT / "configs"
TEMPLATE = CONFIGS / "template.yaml"
EXAMPLES = {p.stem: p for p in CONFIGS.glob("*.yaml") if p != TEMPLATE}


@pytest.fixture
def data():
    return example_data(CONFIGS / "southwest_airlines.yaml")


def act(trigger, data, **values):
    return on_edit(trigger, values, data, language="en", examples=EXAMPLES, template=TEMPLATE)


def data_url(text: str | bytes) -> str:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return "data:application/x-yaml;base64," + base64.b64encode(raw).decode()


def test_page_load_mirrors_the_stored_canvas(data):
    out = act(None, data)
    assert out["weights"] == {"attractiveness": 0.4, "unmet_need": 0.2, "capability": 0.2, "barriers": 0.2}
    assert out["top"] == 3 and out["top_max"] == 8
    assert out["subject"] == "Southwest"
    assert out["shown"] == ["Average airline", "Car"]
    assert [o["value"] for o in out["subject_options"]] == ["Southwest", "Average airline", "Car"]
    assert "data" not in out


def test_open_an_example_and_the_template(data):
    out = act(ids.EXAMPLE, data, **{ids.EXAMPLE: "coffee_chain"})
    assert out["data"]["title"] == "Coffee out of home, city centre"
    assert out["message"] == (
        "ok",
        'Opened "Coffee out of home, city centre". Undo brings back the canvas you had.',
        [],
    )
    assert out["undo"] == data and out["undo_disabled"] is False
    assert out["reset_example"] and out["subject"] == "Premium chain"
    assert act(ids.EXAMPLE, data, **{ids.EXAMPLE: "../../etc/passwd"}) == {}  # only bundled files open
    template = act(ids.TEMPLATE, data, **{ids.TEMPLATE: 1})
    assert template["data"]["title"] == "My market"


def test_valid_upload_replaces_the_canvas(data):
    text = (CONFIGS / "ride_hailing_zh.yaml").read_text(encoding="utf-8")
    out = act(ids.UPLOAD, data, **{ids.UPLOAD: data_url(text)}, upload_name="mine.yaml")
    assert out["data"]["subject"] == "网约车平台"
    assert out["reset_upload"] is True


def test_invalid_upload_keeps_the_canvas_and_shows_the_loader_messages(data):
    bad = (CONFIGS / "southwest_airlines.yaml").read_text(encoding="utf-8")
    bad = bad.replace("{Southwest: 2, Average airline: 8, Car: 2}", "{Southwest: 2, Average airline: 8, Car: 12}")
    out = act(ids.UPLOAD, data, **{ids.UPLOAD: data_url(bad)}, upload_name="bad.yaml")
    kind, heading, lines = out["message"]
    assert kind == "error" and heading.startswith('"bad.yaml" was not opened; the current canvas is unchanged')
    assert lines == ["bad.yaml:31: factors[0].levels.Car: 12 is outside the level scale 0-10"]
    assert "data" not in out
    garbage = act(ids.UPLOAD, data, **{ids.UPLOAD: "data:;base64,@@@"}, upload_name="x.yaml")
    assert garbage["message"][2] == ["x.yaml: the upload could not be read; try again"]
    latin1 = act(ids.UPLOAD, data, **{ids.UPLOAD: data_url("title: caf\xe9".encode("latin-1"))}, upload_name="l.yaml")
    assert "not UTF-8" in latin1["message"][2][0]


def test_weight_change_reranks(data):
    before = render(data, [], "file", "en")
    weights = {
        ids.WEIGHTS[c]: w for c, w in {"attractiveness": 0, "unmet_need": 0, "capability": 0, "barriers": 1}.items()
    }
    out = act(ids.WEIGHTS["barriers"], data, **weights)
    assert out["data"]["weights"] == {"attractiveness": 0, "unmet_need": 0, "capability": 0, "barriers": 1}
    assert "weights" not in out  # the sliders already show it
    after = render(out["data"], [], "file", "en")
    assert before.figure.to_plotly_json() != after.figure.to_plotly_json()
    ranking = parse_canvas_from(out["data"])
    assert ranking[0] == "Hub connectivity"  # barriers 4: the top factor once only barriers count


def parse_canvas_from(data):
    from positioning import canvas_from_data, rank

    return [f.name for f in rank(canvas_from_data(data)).factors]


def test_all_zero_weights_are_refused_with_the_loader_message(data):
    zero = {ids.WEIGHTS[c]: 0 for c in ("attractiveness", "unmet_need", "capability", "barriers")}
    out = act(ids.WEIGHTS["barriers"], data, **zero)
    assert out["message"][2] == ["weights: the weights are all zero; give at least one criterion a positive weight"]
    assert "data" not in out
    assert out["weights"]["attractiveness"] == 0.4  # sliders put back


def test_shortlist_size(data):
    out = act(ids.TOP, data, **{ids.TOP: 5})
    assert out["data"]["top"] == 5
    assert act(ids.TOP, data, **{ids.TOP: 3}) == {}  # unchanged: nothing to do


def test_level_edit_in_range_and_out_of_range(data):
    change = [{"rowIndex": 0, "colId": "level_2", "oldValue": 2, "value": 6}]  # as dash-ag-grid sends it
    out = act(ids.FACTOR_GRID, data, **{ids.FACTOR_GRID: change})
    assert out["data"]["factors"][0]["levels"]["Car"] == 6
    bad = [{"rowIndex": 0, "colId": "level_2", "oldValue": 2, "newValue": 11}]
    refused = act(ids.FACTOR_GRID, data, **{ids.FACTOR_GRID: bad})
    assert refused["message"] == (
        "error",
        "Change refused; the canvas is unchanged:",
        ["factors[0].levels.Car: 11 is outside the level scale 0-10"],
    )
    assert "data" not in refused  # the store is untouched...
    assert refused["factor_revert"] == {"update": [factor_rows(data)[0]]}  # ...and the cell is put back
    text = [{"rowIndex": 1, "colId": "score_capability", "newValue": "high"}]
    assert act(ids.FACTOR_GRID, data, **{ids.FACTOR_GRID: text})["message"][2] == [
        "factors[1].scores.capability: 'high' is not a number"
    ]
    typed = [{"rowIndex": 1, "colId": "score_capability", "newValue": "4,5"}]
    assert act(ids.FACTOR_GRID, data, **{ids.FACTOR_GRID: typed})["data"]["factors"][1]["scores"]["capability"] == 4.5


def test_rename_factor_and_set_category(data):
    rename = [{"rowIndex": 1, "colId": "name", "newValue": "In-flight meals"}]
    out = act(ids.FACTOR_GRID, data, **{ids.FACTOR_GRID: rename})
    assert out["data"]["factors"][1]["name"] == "In-flight meals"
    duplicate = [{"rowIndex": 1, "colId": "name", "newValue": "Price"}]
    assert (
        "duplicate factor name 'Price'" in act(ids.FACTOR_GRID, data, **{ids.FACTOR_GRID: duplicate})["message"][2][0]
    )
    cleared = [{"rowIndex": 0, "colId": "category", "newValue": ""}]
    assert "category" not in act(ids.FACTOR_GRID, data, **{ids.FACTOR_GRID: cleared})["data"]["factors"][0]


def test_add_remove_and_move_factors(data):
    added = act(ids.ADD_FACTOR, data, **{ids.ADD_FACTOR: 1})["data"]
    new = added["factors"][-1]
    assert new["name"] == "New factor 1"
    assert new["scores"] == {"attractiveness": 3, "unmet_need": 3, "capability": 3, "barriers": 3}
    assert set(new["levels"].values()) == {5}
    again = act(ids.ADD_FACTOR, added, **{ids.ADD_FACTOR: 2})["data"]
    assert again["factors"][-1]["name"] == "New factor 2"
    selected = [{"name": "Meals"}]
    moved = act(ids.FACTOR_UP, data, **{ids.FACTOR_UP: 1}, selected_factor=selected)["data"]
    assert [f["name"] for f in moved["factors"][:2]] == ["Meals", "Price"]
    removed = act(ids.REMOVE_FACTOR, data, **{ids.REMOVE_FACTOR: 1}, selected_factor=selected)["data"]
    assert "Meals" not in [f["name"] for f in removed["factors"]]
    nothing = act(ids.REMOVE_FACTOR, data, **{ids.REMOVE_FACTOR: 1}, selected_factor=[])
    assert nothing["message"][2] == ["Select a row first."]


def test_buttons_without_a_click_do_nothing(data):
    # Dash fires callbacks once when a tab's components appear, with n_clicks None.
    for button in (ids.ADD_FACTOR, ids.REMOVE_FACTOR, ids.ADD_PLAYER, ids.TEMPLATE):
        assert act(button, data, **{button: None}) == {}


def test_the_last_factor_cannot_be_removed():
    one = example_data(CONFIGS / "template.yaml")
    for name in ("Factor 1", "Factor 2"):
        one = act(ids.REMOVE_FACTOR, one, **{ids.REMOVE_FACTOR: 1}, selected_factor=[{"name": name}])["data"]
    out = act(ids.REMOVE_FACTOR, one, **{ids.REMOVE_FACTOR: 1}, selected_factor=[{"name": "Factor 3"}])
    assert out["message"][2] == ["factors: needs at least 1 factor, found 0"]


def test_players_rename_add_remove_move_and_subject(data):
    rename = [{"rowIndex": 0, "colId": "name", "newValue": "Southwest Airlines"}]
    out = act(ids.PLAYER_GRID, data, **{ids.PLAYER_GRID: rename})
    assert out["data"]["subject"] == "Southwest Airlines"
    assert all("Southwest Airlines" in f["levels"] for f in out["data"]["factors"])
    assert out["subject"] == "Southwest Airlines"  # the picker follows
    added = act(ids.ADD_PLAYER, data, **{ids.ADD_PLAYER: 1})
    assert added["data"]["players"][-1] == {"name": "Competitor 1"}
    assert added["shown"] == ["Average airline", "Car", "Competitor 1"]
    refused = act(ids.REMOVE_PLAYER, data, **{ids.REMOVE_PLAYER: 1}, selected_player=[{"name": "Southwest"}])
    assert "choose another subject before removing it" in refused["message"][2][0]
    removed = act(ids.REMOVE_PLAYER, data, **{ids.REMOVE_PLAYER: 1}, selected_player=[{"name": "Car"}])["data"]
    assert [p["name"] for p in removed["players"]] == ["Southwest", "Average airline"]
    assert all("Car" not in f["levels"] for f in removed["factors"])
    last = act(ids.REMOVE_PLAYER, removed, **{ids.REMOVE_PLAYER: 1}, selected_player=[{"name": "Average airline"}])
    assert last["message"][2] == ["players: needs at least 2 players, found 1"]
    down = act(ids.PLAYER_DOWN, data, **{ids.PLAYER_DOWN: 1}, selected_player=[{"name": "Southwest"}])["data"]
    assert [p["name"] for p in down["players"]] == ["Average airline", "Southwest", "Car"]
    subject = act(ids.SUBJECT, data, **{ids.SUBJECT: "Car"})
    assert subject["data"]["subject"] == "Car" and subject["shown"] == ["Southwest", "Average airline"]
    colour = act(ids.PLAYER_GRID, data, **{ids.PLAYER_GRID: [{"rowIndex": 1, "colId": "color", "newValue": "blue"}]})
    assert "'blue' is not a colour" in colour["message"][2][0]


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


def test_render_hides_competitors_orders_and_translates(data):
    r = render(data, ["Car"], "rank", "zh")
    names = [t.name for t in r.figure.data if t.mode == "lines+markers"]
    assert names == ["Average airline", "Southwest"]
    assert r.figure.layout.yaxis.title.text == "供给水平"
    columns = r.factor_columns
    levels = next(c for c in columns if c.get("headerName", "").startswith("供给水平"))["children"]
    assert [c["headerName"] for c in levels] == ["Southwest", "Average airline", "Car"]
    assert levels[0]["headerTooltip"] == "Southwest (0-10)"


def test_downloads_yaml_round_trip_and_names(data):
    name, content = download_file(data, "yaml", None, None, None, "file", "en")
    assert name == "short-haul-air-travel-us-early-1990s.yaml"
    assert parse_canvas(content) == load_canvas(CONFIGS / "southwest_airlines.yaml")
    assert slug("城市中短途出行:网约车定位图") == "城市中短途出行-网约车定位图"
    assert slug("???") == "canvas"


def test_png_download(chromium, data):
    from .conftest import png_size_bytes

    name, content = download_file(data, "png", "slide-4x3", 1, None, "file", "en")
    assert name.endswith(".png") and png_size_bytes(content) == (1440, 1080)


def test_synced_clamps_top_to_the_factor_count(data):
    data = {**data, "top": 50}
    assert synced(data)["top"] == 8


def test_an_unreadable_saved_canvas_is_replaced_with_a_message(data):
    broken = {**data, "subject": "Nobody"}
    out = on_edit(None, {}, broken, language="en", examples=EXAMPLES, template=TEMPLATE, fallback=TEMPLATE)
    assert out["data"]["title"] == "My market"
    kind, heading, lines = out["message"]
    assert kind == "error" and heading.startswith("The canvas saved in this browser could not be read")
    assert lines == ["subject: 'Nobody' is not one of the players ('Southwest', 'Average airline', 'Car')"]
    garbage = on_edit(
        None, {}, ["not", "a", "canvas"], language="en", examples=EXAMPLES, template=TEMPLATE, fallback=TEMPLATE
    )
    assert garbage["data"]["title"] == "My market"


def test_undo_brings_back_the_previous_canvas_and_redo_returns(data):
    opened = act(ids.TEMPLATE, data, **{ids.TEMPLATE: 1})
    undone = act(ids.UNDO, opened["data"], **{ids.UNDO: 1}, undo=opened["undo"])
    assert undone["data"] == data and undone["undo"] == opened["data"]
    assert undone["message"][1].startswith("Undone")
    redone = act(ids.UNDO, undone["data"], **{ids.UNDO: 2}, undo=undone["undo"])
    assert redone["data"]["title"] == "My market"
    assert act(ids.UNDO, data, **{ids.UNDO: 1}, undo=None) == {}


def test_hidden_competitors_stay_hidden_through_edits_and_reloads(data):
    shown = ["Average airline"]  # Car hidden
    edit = [{"rowIndex": 0, "colId": "level_1", "value": 7}]
    out = act(ids.FACTOR_GRID, data, **{ids.FACTOR_GRID: edit, ids.SHOWN: shown})
    assert out["shown"] == ["Average airline"]
    added = act(ids.ADD_PLAYER, data, **{ids.ADD_PLAYER: 1, ids.SHOWN: shown})
    assert added["shown"] == ["Average airline", "Competitor 1"]  # a new player is shown
    reload = act(None, data, hidden=["Car"])
    assert reload["shown"] == ["Average airline"]


def test_weight_sliders_show_stored_weights_or_their_ratios(data):
    assert synced(data)["weights"]["attractiveness"] == 0.4
    big = {**data, "weights": {"attractiveness": 4, "unmet_need": 2, "capability": 2, "barriers": 1}}
    assert synced(big)["weights"] == {"attractiveness": 1.0, "unmet_need": 0.5, "capability": 0.5, "barriers": 0.25}
