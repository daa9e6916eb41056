"""The editor on the workspace (positioning.ui.workspace), through Dash's real
callback endpoint on a real SQLite database: a page opens its canvas, every
accepted edit is a new version, a stale page keeps its edit and says so, and
opening an example makes a new canvas instead of replacing the work."""

from __future__ import annotations

import base64
from datetime import datetime, timezone

import dash
import pytest

from positioning.core.loader import load_canvas, parse_canvas
from positioning.core.messages import say
from positioning.http.services import services
from positioning.i18n.wording import every
from positioning.output.spreadsheet import write_template
from positioning.store.repository import Repository
from positioning.ui import history, ids, workspace
from positioning.ui.callbacks.listing import browser_import_message, page_class
from positioning.ui.layout import build_layout
from positioning.ui.workspace import canvas_id_of, summary

from .conftest import ROOT
from .dash_requests import ENDPOINT, body, edit_body, load_app, response, text_of

EXAMPLE = ROOT / "configs" / "southwest_airlines.yaml"

WEIGHT = f"{ids.WEIGHTS['barriers']}.value"


@pytest.fixture
def app(tmp_path, monkeypatch) -> dash.Dash:
    monkeypatch.setenv("POSITIONING_DATA", str(tmp_path))
    return load_app()


def _repository(app) -> Repository:
    return Repository(services(app.server).database, "local")


def _send(app, data, changed, **values):
    return response(app.server.test_client().post(ENDPOINT, json=edit_body(app, data, changed, **values)))


def _first(app) -> str:
    """The page address of a new canvas holding the bundled example."""
    return f"/c/{_repository(app).create(load_canvas(EXAMPLE), summary='Created').id}"


def _open(app, path=None):
    return _send(app, None, None, **{f"{ids.URL}.pathname": path or _first(app)})


def _weights(data, barriers):
    return {**{f"{ids.WEIGHTS[c]}.value": w for c, w in data["weights"].items()}, WEIGHT: barriers}


def _page(opened):
    return {
        f"{ids.CANVAS_ID}.data": opened[ids.CANVAS_ID]["data"],
        f"{ids.VERSION}.data": opened[ids.VERSION]["data"],
    }


def _said(children: list[dict], code: str) -> str:
    """The text of ``children`` (spans in every language) in the language ``code``."""
    return next(span["props"]["children"] for span in children if span["props"]["lang"].startswith(code))


def test_an_accepted_edit_is_saved_as_the_next_version(app):
    opened = _open(app)
    data = opened[ids.STORE]["data"]
    answer = _send(app, data, WEIGHT, **_page(opened), **_weights(data, 0.9))
    assert answer[ids.VERSION]["data"] == 2
    status = answer[ids.SAVE_STATUS]["children"]
    # said in every language; the page's language shows one (a switch after the save shows the other)
    assert (_said(status, "en"), _said(status, "zh")) == ("Saved · version 2", "已保存 · 第 2 版")
    repository = _repository(app)
    canvas_id = opened[ids.CANVAS_ID]["data"]
    assert next(v.summary for v in repository.versions(canvas_id)) == "Weight of Entry barriers: 0.2 -> 0.9"
    assert "barriers: 0.9" in repository.get(canvas_id).yaml


def test_a_stale_page_keeps_its_edit_says_so_and_can_save_it_as_the_latest(app):
    opened = _open(app)
    data, page = opened[ids.STORE]["data"], _page(opened)
    _send(app, data, WEIGHT, **page, **_weights(data, 0.9))  # another tab saves version 2
    stale = _send(app, data, WEIGHT, **page, **_weights(data, 0.5))
    assert "changed elsewhere" in _said(stale[ids.SAVE_STATUS]["children"], "en")
    assert stale[ids.SAVE_MINE]["hidden"] is False
    kept = stale[ids.STORE]["data"]
    assert kept["weights"]["barriers"] == 0.5  # the edit stays on the page
    canvas_id = page[f"{ids.CANVAS_ID}.data"]
    assert "barriers: 0.9" in _repository(app).get(canvas_id).yaml  # and the other change is not overwritten
    mine = _send(app, kept, f"{ids.SAVE_MINE}.n_clicks", **page, **{f"{ids.SAVE_MINE}.n_clicks": 1})
    assert mine[ids.VERSION]["data"] == 3 and mine[ids.SAVE_MINE]["hidden"] is True
    assert "barriers: 0.5" in _repository(app).get(canvas_id).yaml


def test_opening_an_example_makes_a_new_canvas_and_leaves_the_work_alone(app):
    opened = _open(app)
    answer = _send(
        app,
        opened[ids.STORE]["data"],
        f"{ids.EXAMPLE}.value",
        **_page(opened),
        **{f"{ids.EXAMPLE}.value": "coffee_chain"},
    )
    new_id = answer[ids.CANVAS_ID]["data"]
    assert new_id != opened[ids.CANVAS_ID]["data"] and answer[ids.URL]["pathname"] == f"/c/{new_id}"
    titles = sorted(info.title for info in _repository(app).list())
    assert len(titles) == 2 and "Short-haul air travel (US, early 1990s)" in titles
    assert _repository(app).get(opened[ids.CANVAS_ID]["data"]).info.version == 1


def test_an_unknown_or_someone_elses_canvas_opens_nothing_and_says_so(app):
    answer = _open(app, "/c/nosuchcanvas")
    assert answer[ids.STORE]["data"] is None
    assert "no such canvas" in str(answer[ids.MESSAGE]["children"])
    assert _open(app, "/")[ids.STORE]["data"] is None  # the list page: no canvas in the editor


def test_each_page_opens_its_own_canvas(app):
    first = _open(app)
    second_id = _repository(app).duplicate(first[ids.CANVAS_ID]["data"], title="Second").id
    assert _open(app, f"/c/{second_id}")[ids.STORE]["data"]["title"] == "Second"
    assert _open(app, f"/c/{first[ids.CANVAS_ID]['data']}")[ids.STORE]["data"]["title"].startswith("Short-haul")


def test_canvas_ids_come_only_from_canvas_paths():
    assert canvas_id_of("/c/abc_DEF-1") == "abc_DEF-1"
    for path in ("/", "/c/", "/c/a/b", "/s/token", None, 5, "/c/" + "x" * 33):
        assert canvas_id_of(path) is None


def test_summaries_name_the_change():
    before = {"title": "A", "weights": {"barriers": 1}, "factors": [{"name": "Price", "levels": {"Us": 2}}]}
    after = {"title": "A", "weights": {"barriers": 1}, "factors": [{"name": "Price", "levels": {"Us": 3}}]}
    assert summary(before, after) == "Price: Us level 2 -> 3"
    after2 = {**after, "title": "B"}
    assert summary(before, after2) == "Title: A -> B and 1 more change"
    assert summary(before, before) == "No change"
    assert summary(before, after2, "zh") == "标题：A -> B，另有 1 处修改"


def test_a_share_link_opens_read_only_and_refuses_edits(app):
    opened = _open(app)
    canvas_id = opened[ids.CANVAS_ID]["data"]
    token = _repository(app).share(canvas_id).token
    page = _open(app, f"/s/{token}")
    assert _route(app, f"/s/{token}") == "app page-shared read-only"
    data = page[ids.STORE]["data"]
    assert data["title"].startswith("Short-haul") and page[ids.CANVAS_ID]["data"] is None
    refused = _send(app, data, WEIGHT, **{f"{ids.URL}.pathname": f"/s/{token}"}, **_weights(data, 0.9))
    assert "read-only" in str(refused[ids.MESSAGE]["children"])
    assert refused[ids.STORE]["data"] == data
    assert _repository(app).get(canvas_id).info.version == 1
    _repository(app).revoke(canvas_id, token)
    gone = _open(app, f"/s/{token}")
    assert gone[ids.STORE]["data"] is None and "no such canvas" in str(gone[ids.MESSAGE]["children"])


def test_an_edit_on_a_shared_page_is_refused_even_with_an_owners_canvas_id_in_its_state(app):
    opened = _open(app)
    canvas_id = opened[ids.CANVAS_ID]["data"]
    token = _repository(app).share(canvas_id).token
    data = opened[ids.STORE]["data"]
    forged = {f"{ids.URL}.pathname": f"/s/{token}", **_page(opened)}  # the page's state says whose canvas
    refused = _send(app, data, WEIGHT, **forged, **_weights(data, 0.9))
    assert "read-only" in str(refused[ids.MESSAGE]["children"])
    assert _repository(app).get(canvas_id).info.version == 1


# --- the router ----------------------------------------------------------------------


def _route(app, path) -> str:
    values = {f"{ids.URL}.pathname": path}
    return response(app.server.test_client().post(ENDPOINT, json=body(app, f"{ids.ROOT}.className", values, None)))[
        ids.ROOT
    ]["className"]


def test_the_router_shows_one_page_and_the_same_not_found_for_missing_others_and_trashed(app):
    own = _first(app)
    others = Repository(services(app.server).database, "someone-else")
    theirs = others.create(load_canvas(EXAMPLE)).id
    trashed = _first(app)
    _repository(app).delete(trashed.split("/")[-1])
    token = _repository(app).share(own.split("/")[-1]).token
    assert _route(app, "/") == "app page-list"
    assert _route(app, own) == "app page-editor"
    assert _route(app, f"/s/{token}") == "app page-shared read-only"
    for missing in ("/c/nosuchcanvas", f"/c/{theirs}", trashed, "/s/nosuchtoken", "/elsewhere", "/c/../etc"):
        assert _route(app, missing) == "app page-missing", missing
    _repository(app).revoke(own.split("/")[-1], token)
    assert _route(app, f"/s/{token}") == "app page-missing"


def test_page_classes():
    assert page_class("editor") == "app page-editor" and page_class("shared").endswith(" read-only")


# --- the list page -------------------------------------------------------------------


NOW = datetime(2030, 1, 1, tzinfo=timezone.utc)


def test_the_list_shows_title_subject_last_change_and_verdict_and_searches(sqlite_database):
    repository = Repository(sqlite_database, "local")
    workspace.first_start(repository, EXAMPLE)
    workspace.first_start(repository, EXAMPLE)  # only on a first visit
    coffee = repository.create(load_canvas(ROOT / "configs" / "coffee_chain.yaml"))
    rows = workspace.list_rows(repository, search="", trash=False, now=datetime.now(timezone.utc), language="en")
    assert [r.title for r in rows] == ["Coffee out of home, city centre", "Short-haul air travel (US, early 1990s)"]
    first = rows[1]
    assert first.subject == "Southwest" and first.changed == "just now" and first.exact.endswith(" UTC")
    assert first.verdict in ("strong", "moderate", "weak") and first.verdict_label == first.verdict.capitalize()
    found = workspace.list_rows(repository, search="  coffee ", trash=False, now=NOW, language="zh")
    assert [r.id for r in found] == [coffee.id] and found[0].changed.startswith("20")  # over a week: the date
    assert workspace.empty_text("zzz", False, "en") == "No canvas matches “zzz”."
    assert workspace.empty_text("", True, "en") == "The trash is empty."


def test_list_actions_duplicate_rename_delete_and_restore(sqlite_database):
    repository = Repository(sqlite_database, "local")
    original = repository.create(load_canvas(EXAMPLE))

    def act(action, target=original.id, title=None):
        return workspace.list_action(repository, action, target, language="en", title=title)

    copy = act("duplicate")
    assert (
        copy.renaming and repository.get(copy.renaming).info.title == "Copy of Short-haul air travel (US, early 1990s)"
    )
    assert act("rename").renaming == original.id
    assert act("rename-save", title="   ").message == ("error", every(say("rename_empty")), [])
    assert act("rename-save", title="  Client   A ") == workspace.ListOutcome()
    stored = repository.get(original.id)
    assert stored.info.title == "Client A" and stored.info.version == 2
    assert repository.versions(original.id)[0].summary == "Title: Short-haul air travel (US, early 1990s) -> Client A"
    too_long = act("rename-save", title="x" * 201)
    assert too_long.message[0] == "error" and too_long.renaming == original.id
    assert act("delete").message[1]["en"] == "“Client A” moved to the trash (see Trash to restore it)."
    assert [r.title for r in repository.list(trash=True)] == ["Client A"]
    assert act("delete").message[1]["en"] == "That canvas is no longer there: the list is shown again."
    assert act("restore").message[1]["en"] == "“Client A” is back in your canvases."
    assert act("explode") is None and act("delete", target=None) is None
    others = Repository(sqlite_database, "someone-else")
    assert workspace.list_action(others, "delete", original.id, language="en").message[0] == "error"
    assert repository.get(original.id).info.deleted is None


def _data_url(raw: bytes) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(raw).decode()


def test_new_and_import_make_new_canvases(sqlite_database, tmp_path):
    repository = Repository(sqlite_database, "local")
    new = workspace.created(repository, ROOT / "configs" / "template.yaml", "en")
    assert new.go_to.startswith("/c/") and len(repository.list()) == 1
    assert workspace.created(repository, None, "en") is None
    yaml_file = workspace.imported(repository, _data_url(EXAMPLE.read_bytes()), "mine.yaml", "en")
    canvas_id = canvas_id_of(yaml_file.go_to)
    assert repository.versions(canvas_id)[0].summary == "Imported from mine.yaml"
    bad = workspace.imported(repository, _data_url(b"title: [unclosed"), "bad.yaml", "en")
    assert bad.go_to is None and bad.message[1]["en"] == "bad.yaml could not be imported:" and bad.message[2]
    workbook = write_template(tmp_path / "scores.xlsx", load_canvas(EXAMPLE))
    excel = workspace.imported(repository, _data_url(workbook.read_bytes()), "scores.xlsx", "en")
    assert repository.get(canvas_id_of(excel.go_to)).info.subject == "Southwest"
    broken = workspace.imported(repository, _data_url(b"not a zip"), "broken.xlsx", "en")
    assert broken.message[0] == "error" and broken.message[2]
    assert len(repository.list()) == 3  # nothing stored for the bad files


def _list_act(app, changed, **values):
    request = body(app, f"{ids.LIST_REFRESH}.data", {f"{ids.LANGUAGE}.value": "en", **values}, changed)
    return response(app.server.test_client().post(ENDPOINT, json=request))


def test_the_list_callbacks_open_new_canvases_and_act_on_rows(app):
    made = _list_act(app, f"{ids.LIST_NEW}.n_clicks", **{f"{ids.LIST_NEW}.n_clicks": 1})
    new_id = canvas_id_of(made[ids.URL]["pathname"])
    assert _repository(app).get(new_id).info.title == "My market"
    example = _list_act(app, f"{ids.LIST_EXAMPLE}.value", **{f"{ids.LIST_EXAMPLE}.value": "coffee_chain"})
    assert example[ids.LIST_EXAMPLE]["value"] is None and canvas_id_of(example[ids.URL]["pathname"])
    assert _list_act(app, f"{ids.LIST_EXAMPLE}.value", **{f"{ids.LIST_EXAMPLE}.value": "../secret"}) == {}
    deleted = _list_act(
        app, f"{ids.LIST_ACTION}.data", **{f"{ids.LIST_ACTION}.data": {"action": "delete", "value": new_id}}
    )
    assert "moved to the trash" in text_of(deleted[ids.MESSAGE]["children"])
    values = {f"{ids.URL}.pathname": "/", f"{ids.LANGUAGE}.value": "en", f"{ids.LIST_TRASH}.value": "trash"}
    trash = response(app.server.test_client().post(ENDPOINT, json=body(app, f"{ids.LIST_ROWS}.children", values, None)))
    assert "My market" in text_of(trash[ids.LIST_ROWS]["children"])


def test_the_message_after_the_browser_import():
    assert browser_import_message({"status": "imported"})[0] == "ok"
    refused = browser_import_message({"status": "refused", "problems": ["line 1: bad", 5]})
    assert refused[0] == "error" and refused[2] == ["line 1: bad"] and "无法导入" in refused[1]["zh"]
    assert browser_import_message({"status": "other"}) is None and browser_import_message("x") is None


def test_the_editor_is_marked_read_only_by_the_canvas_it_holds(app):
    """What opening a canvas says of the page reaches it: a shared canvas's editor is read-only, an
    owned one's is not (the key was once dropped on the way to the page)."""
    opened = _open(app)
    assert opened[ids.EDITOR_PAGE]["className"] == "editor"
    token = _repository(app).share(opened[ids.CANVAS_ID]["data"]).token
    assert _open(app, f"/s/{token}")[ids.EDITOR_PAGE]["className"] == "editor read-only"


# --- issue 23: i23-workshop -------------------------------------------------------------


def test_new_from_template_says_it_is_a_new_canvas_not_that_undo_brings_the_old_one_back(app):
    opened = _open(app)
    answer = _send(
        app, opened[ids.STORE]["data"], f"{ids.BLANK}.n_clicks", **_page(opened), **{f"{ids.BLANK}.n_clicks": 1}
    )
    new_id = answer[ids.CANVAS_ID]["data"]
    assert new_id != opened[ids.CANVAS_ID]["data"]
    assert answer[ids.UNDO]["disabled"] is True  # a new canvas: nothing to undo
    said = answer[ids.MESSAGE]["children"]
    english, chinese = text_of(said, "en"), text_of(said, "zh")
    assert "Undo" not in english and "new canvas" in english and "unchanged" in english
    assert "撤销" not in chinese and "新画布" in chinese


def test_a_new_canvas_makes_no_claim_and_says_its_values_are_placeholders(app):
    made = _list_act(app, f"{ids.LIST_NEW}.n_clicks", **{f"{ids.LIST_NEW}.n_clicks": 1})
    stored = _repository(app).get(canvas_id_of(made[ids.URL]["pathname"]))
    canvas = parse_canvas(stored.yaml)
    assert all(f.note is None for f in canvas.factors)  # no made-up "why these scores" for workshop phones
    assert all(len(set(f.levels.values())) == 1 for f in canvas.factors)  # no player differs yet
    assert len({tuple(f.scores.as_dict().values()) for f in canvas.factors}) == 1  # no factor stands out
    assert stored.info.verdict != "strong"
    assert "Placeholder" in (canvas.style.subtitle or "")


def _level(app, data, page, value):
    cells = [{"rowIndex": 0, "colId": "level_0", "value": value, "oldValue": None}]
    return _send(
        app, data, f"{ids.FACTOR_GRID}.cellValueChanged", **page, **{f"{ids.FACTOR_GRID}.cellValueChanged": cells}
    )


def test_a_conflict_shows_both_changes_and_what_save_mine_would_set_back_then_keeps_both(app):
    opened = _open(app)
    data, page = opened[ids.STORE]["data"], _page(opened)
    canvas_id = page[f"{ids.CANVAS_ID}.data"]
    _send(app, data, WEIGHT, **page, **_weights(data, 0.9))  # another tab saves version 2
    stale = _level(app, data, page, 5)  # this page, still at version 1, changes a level
    assert "changed elsewhere" in _said(stale[ids.SAVE_STATUS]["children"], "en")
    said = text_of(stale[ids.MESSAGE]["children"])
    theirs = history.compared(_repository(app), canvas_id, 1, 2, "en")[0]  # as History says it
    assert "Someone saved this canvas while you edited it (now version 2)" in said
    assert f"Theirs: {theirs}" in said
    assert "Yours: Price: Southwest level 2 -> 5" in said
    assert "“Save mine” would also set back: Weight of Entry barriers: 0.9 -> 0.2" in said
    assert "对方：" in text_of(stale[ids.MESSAGE]["children"], "zh")
    assert stale[ids.MERGE_MINE]["hidden"] is False
    kept = stale[ids.STORE]["data"]
    both = _send(app, kept, f"{ids.MERGE_MINE}.n_clicks", **page, **{f"{ids.MERGE_MINE}.n_clicks": 1})
    assert both[ids.VERSION]["data"] == 3 and both[ids.MERGE_MINE]["hidden"] is True
    assert both[ids.SAVE_MINE]["hidden"] is True
    stored = parse_canvas(_repository(app).get(canvas_id).yaml)
    assert stored.weights.barriers == 0.9 and stored.factors[0].levels["Southwest"] == 5  # both kept
    assert both[ids.STORE]["data"]["weights"]["barriers"] == 0.9  # and the page shows them


def test_a_conflict_on_the_same_field_offers_no_merge_and_says_why(app):
    opened = _open(app)
    data, page = opened[ids.STORE]["data"], _page(opened)
    _send(app, data, WEIGHT, **page, **_weights(data, 0.9))
    stale = _send(app, data, WEIGHT, **page, **_weights(data, 0.5))
    assert stale[ids.MERGE_MINE]["hidden"] is True
    said = text_of(stale[ids.MESSAGE]["children"])
    assert "Yours: Weight of Entry barriers: 0.2 -> 0.5" in said
    assert "The two touch the same fields" in said


def _document_order(component) -> list[str]:
    """The ids of the layout's components in the order a page shows them, top to bottom."""
    found = []
    if isinstance(component, list | tuple):
        for child in component:
            found += _document_order(child)
        return found
    if hasattr(component, "to_plotly_json"):
        if isinstance(getattr(component, "id", None), str):
            found.append(component.id)
        for name in ("children", "label"):
            found += _document_order(getattr(component, name, None))
    return found


@pytest.mark.parametrize(
    ("changed", "values", "area"),
    [
        (WEIGHT, {WEIGHT: "x"}, ids.MESSAGE),
        (
            f"{ids.FACTOR_GRID}.cellValueChanged",
            {f"{ids.FACTOR_GRID}.cellValueChanged": [{"rowIndex": -1, "colId": "level_2", "value": 6}]},
            ids.FACTOR_MESSAGE,
        ),
    ],
)
def test_a_refused_edits_status_points_to_where_its_message_is(app, changed, values, area):
    order = _document_order(build_layout([]))
    above = order.index(area) < order.index(ids.SAVE_STATUS)
    opened = _open(app)
    data = opened[ids.STORE]["data"]
    refused = _send(app, data, changed, **_page(opened), **{**_weights(data, 0.2), **values})
    assert text_of(refused[area]["children"]).startswith("Change refused")
    status = refused[ids.SAVE_STATUS]["children"]
    english, chinese = ("above", "上方") if above else ("below", "下方")
    assert english in _said(status, "en") and chinese in _said(status, "zh")


def test_the_editors_upload_box_takes_a_workbook_as_it_takes_a_yaml_file(app, tmp_path):
    """Dropped on the editor, a workbook opens as the same canvas file in YAML does: a new canvas
    holding it (the open one is left as it was), said to be opened."""
    coffee = ROOT / "configs" / "coffee_chain.yaml"
    workbook = write_template(tmp_path / "bank.xlsx", load_canvas(coffee))
    opened = {}
    for name, raw in (("bank.xlsx", workbook.read_bytes()), ("coffee.yaml", coffee.read_bytes())):
        page = _open(app)
        upload = {f"{ids.UPLOAD}.contents": _data_url(raw), f"{ids.UPLOAD}.filename": name}
        answer = _send(app, page[ids.STORE]["data"], f"{ids.UPLOAD}.contents", **_page(page), **upload)
        assert _repository(app).get(page[ids.CANVAS_ID]["data"]).info.version == 1  # the work is left alone
        new = _repository(app).get(answer[ids.CANVAS_ID]["data"])
        opened[name] = (text_of(answer[ids.MESSAGE]["children"]), answer[ids.URL]["pathname"], new.info.title)
        assert opened[name][1] == f"/c/{new.info.id}"
    title = load_canvas(coffee).title
    assert opened["bank.xlsx"][0] == opened["coffee.yaml"][0] and opened["bank.xlsx"][0].startswith(
        f"Opened “{title}” as a new canvas"
    )
    assert opened["bank.xlsx"][2] == opened["coffee.yaml"][2] == title


def test_a_file_of_another_kind_is_refused_by_name_saying_which_kinds_are_taken(app):
    csv = _data_url(b"Factor,Price\nSpeed,3\n")
    imported = _list_act(
        app,
        f"{ids.LIST_UPLOAD}.contents",
        **{f"{ids.LIST_UPLOAD}.contents": csv, f"{ids.LIST_UPLOAD}.filename": "bank.csv"},
    )
    said = text_of(imported[ids.MESSAGE]["children"])
    assert said.startswith("bank.csv could not be imported:")
    assert "bank.csv: only .yaml, .yml, .xlsx, .xlsm files are taken here; save the spreadsheet as an Excel" in said
    assert _repository(app).list() == []
    opened = _open(app)
    upload = {f"{ids.UPLOAD}.contents": csv, f"{ids.UPLOAD}.filename": "bank.csv"}
    refused = _send(app, opened[ids.STORE]["data"], f"{ids.UPLOAD}.contents", **_page(opened), **upload)
    assert "bank.csv: only .yaml, .yml, .xlsx, .xlsm files are taken here" in text_of(refused[ids.MESSAGE]["children"])


def test_an_edit_not_saved_because_sqlite_stayed_locked_says_the_database_was_busy(tmp_path, monkeypatch):
    """A real "database is locked" (another writer holds SQLite past the busy timeout and the retries):
    the status says busy in plain words, in every language, not the driver's."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    import positioning.store.db as db
    from positioning.store.db import open_database, upgrade
    from tests.factory import make_canvas

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(db, "BUSY_RETRIES", (0.01,))
    database = open_database(f"sqlite:///{tmp_path / 'positioning.db'}")
    upgrade(database)
    holder = sqlite3.connect(tmp_path / "positioning.db", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(OperationalError) as locked:
            Repository(database, "ann").create(make_canvas())
    finally:
        holder.close()
        database.close()
    assert workspace._not_saved(locked.value) == every(say("save_failed_busy"))
    assert workspace._not_saved(locked.value)["zh"].startswith("未保存：数据库正忙")
