"""A workshop's results in the app (issue 23 §7), through Dash's real callback endpoint on a real SQLite
database: what closing would change, shown before; closing without using the scores; a renamed factor
keeps its scores; History says what a panel changed; a score of a panel-scored factor is asked first."""

from __future__ import annotations

import dash
import pytest
import yaml

from positioning.core.loader import canvas_from_data, load_canvas
from positioning.core.model import CRITERIA
from positioning.http.services import services
from positioning.i18n.summaries import from_data, summary_text
from positioning.store.repository import Repository
from positioning.store.workshops import Workshops, join, put_score
from positioning.ui import edits, history, ids

from .conftest import ROOT
from .dash_requests import ENDPOINT, body, edit_body, load_app, response, text_of

EXAMPLE = ROOT / "configs" / "southwest_airlines.yaml"


@pytest.fixture
def app(tmp_path, monkeypatch) -> dash.Dash:
    monkeypatch.setenv("POSITIONING_DATA", str(tmp_path))
    return load_app()


def _repository(app) -> Repository:
    return Repository(services(app.server).database, "local")


def _post(app, request) -> dict:
    return response(app.server.test_client().post(ENDPOINT, json=request))


def _opened(app, canvas_id: str) -> dict:
    return _post(app, edit_body(app, None, None, **{f"{ids.URL}.pathname": f"/c/{canvas_id}"}))


def _scored(app, raters: dict[str, float], factors=None) -> tuple[str, str]:
    """A canvas of the example with a workshop whose raters each gave every factor (or ``factors``) one
    score on every criterion."""
    repository = _repository(app)
    canvas_id = repository.create(load_canvas(EXAMPLE), summary="Created").id
    token = Workshops(repository).start(canvas_id).token
    names = factors or [f.name for f in load_canvas(EXAMPLE).factors]
    for rater, value in raters.items():
        person = join(repository.database, token, rater)
        for factor in names:
            for criterion in CRITERIA:
                put_score(repository.database, token, person.id, factor, criterion, value)
    return canvas_id, token


def _page(opened: dict, token: str) -> dict:
    return {
        f"{ids.STORE}.data": opened[ids.STORE]["data"],
        f"{ids.CANVAS_ID}.data": opened[ids.CANVAS_ID]["data"],
        f"{ids.VERSION}.data": opened[ids.VERSION]["data"],
        f"{ids.WORKSHOP_TOKEN}.data": token,
        f"{ids.LANGUAGE}.value": "en",
        f"{ids.URL}.pathname": f"/c/{opened[ids.CANVAS_ID]['data']}",
    }


def _close(app, opened: dict, token: str) -> dict:
    values = {**_page(opened, token), f"{ids.WORKSHOP_CLOSE}.n_clicks": 1}
    return _post(app, body(app, f"{ids.STORE}.data", values, f"{ids.WORKSHOP_CLOSE}.n_clicks"))


def _composite(scores: dict[str, float], weights: dict[str, float]) -> float:
    return sum(weights[c] * scores[c] for c in CRITERIA) / sum(weights.values())


def _shown(value: float) -> str:
    return f"{round(value, 2):g}"


def test_history_says_what_a_panel_changed_factor_by_factor(app):
    canvas_id, token = _scored(app, {"CFO": 2, "CMO": 4})
    closed = _close(app, _opened(app, canvas_id), token)
    assert closed[ids.VERSION]["data"] == 2
    raw = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    price = next(f for f in raw["factors"] if f["name"] == "Price")
    before, after = _composite(price["scores"], raw["weights"]), _composite(dict.fromkeys(CRITERIA, 3), raw["weights"])
    lines = history.compared(_repository(app), canvas_id, 1, 2, "en")
    assert f"Price: panel of 2, composite {_shown(before)} -> {_shown(after)}" in lines
    assert not any("scores from the panel" in line for line in lines)
    chinese = history.compared(_repository(app), canvas_id, 1, 2, "zh")
    assert any(line.startswith("Price：评分小组 2 位评分人") for line in chinese)


def test_old_stored_summaries_of_panel_changes_still_read():
    old = {"id": "changes", "params": {"change": {"kind": "own_scores", "owner": "Meals"}, "more": 0}, "lang": "en"}
    assert summary_text(from_data(old)) == "Meals: scores of its own"
    assert summary_text(from_data(old), "zh") == "Meals：使用自己的评分"


def _panel(app, opened: dict, token: str | None, changed: str, **values) -> dict:
    page = {**_page(opened, token), f"{ids.WORKSHOP_TICK}.n_intervals": 1, **values}
    return _post(app, body(app, f"{ids.WORKSHOP_STATUS}.children", page, changed))


def test_the_panel_shows_what_using_the_scores_would_change_before_closing(app):
    canvas_id, token = _scored(app, {"CFO": 2, "CMO": 4})
    panel = _panel(app, _opened(app, canvas_id), token, f"{ids.WORKSHOP_TICK}.n_intervals")
    shown = text_of(panel[ids.WORKSHOP_STATUS]["children"])
    assert "Closing and using the scores would change:" in shown
    # the same lines History will show once the scores are used
    _close(app, _opened(app, canvas_id), token)
    for line in history.compared(_repository(app), canvas_id, 1, 2, "en"):
        assert line in shown
    assert "Price: panel of 2" in shown
    other = _scored(app, {"CFO": 2, "CMO": 4})  # a second canvas, its workshop still open, in Chinese
    zh = {f"{ids.LANGUAGE}.value": "zh"}
    answer = _panel(app, _opened(app, other[0]), other[1], f"{ids.LANGUAGE}.value", **zh)
    chinese = text_of(answer[ids.WORKSHOP_STATUS]["children"], "zh")
    assert "关闭并采用评分将带来以下变化：" in chinese and "Price：评分小组 2 位评分人" in chinese


def test_a_workshop_closes_without_using_its_scores(app):
    canvas_id, token = _scored(app, {"CFO": 2, "CMO": 4})
    opened = _opened(app, canvas_id)
    assert _panel(app, opened, token, f"{ids.WORKSHOP_TICK}.n_intervals")[ids.WORKSHOP_DISCARD]["hidden"] is False
    closed = _panel(app, opened, token, f"{ids.WORKSHOP_DISCARD}.n_clicks", **{f"{ids.WORKSHOP_DISCARD}.n_clicks": 1})
    assert "Its scores were not used: the canvas is unchanged" in text_of(closed[ids.WORKSHOP_STATUS]["children"])
    assert closed[ids.WORKSHOP_CLOSE]["hidden"] is True and closed[ids.WORKSHOP_DISCARD]["hidden"] is True
    assert Workshops(_repository(app)).open(canvas_id) == []
    stored = _repository(app).get(canvas_id)
    assert stored.info.version == 1 and "panel" not in yaml.safe_load(stored.yaml)


def _edited(app, opened: dict, row: int, column: str, value) -> dict:
    cells = [{"rowIndex": row, "colId": column, "value": value, "oldValue": None}]
    page = {k: v for k, v in _page(opened, None).items() if k != f"{ids.STORE}.data"}
    request = edit_body(
        app,
        opened[ids.STORE]["data"],
        f"{ids.FACTOR_GRID}.cellValueChanged",
        **page,
        **{f"{ids.FACTOR_GRID}.cellValueChanged": cells},
    )
    return _post(app, request)


def test_a_factor_renamed_during_the_workshop_keeps_its_scores_and_a_removed_one_is_named(app):
    canvas_id, token = _scored(app, {"CFO": 2, "CMO": 4})
    renamed = _edited(app, _opened(app, canvas_id), 0, "name", "Ticket price")  # Price, while people score
    assert renamed[ids.VERSION]["data"] == 2
    data = renamed[ids.STORE]["data"]
    removed = load_canvas(EXAMPLE).factors[1].name
    repository = _repository(app)
    repository.save(
        canvas_id,
        canvas_from_data(edits.remove_factor(data, removed).data),
        expected=2,
        summary="Removed",
    )
    closed = _close(app, _opened(app, canvas_id), token)
    stored = yaml.safe_load(repository.get(canvas_id).yaml)
    for rater in stored["panel"]:
        assert "Ticket price" in rater["scores"] and "Price" not in rater["scores"]
    ticket = next(f for f in stored["factors"] if f["name"] == "Ticket price")
    assert "scores" not in ticket  # scored by the panel, as the other factors every rater scored
    said = text_of(closed[ids.MESSAGE]["children"])
    assert f"Left out: the scores of '{removed}', a factor the canvas no longer has." in said


def test_a_score_typed_for_a_panel_scored_factor_is_asked_first_and_applied_once_confirmed(app):
    canvas_id, token = _scored(app, {"CFO": 2, "CMO": 4})
    _close(app, _opened(app, canvas_id), token)
    opened = _opened(app, canvas_id)
    asked = _edited(app, opened, 0, "score_capability", 5)
    dialog = asked[ids.PANEL_SCORE_CONFIRM]
    assert dialog["displayed"] is True
    assert dialog["message"].startswith("'Price' is scored by the panel (CFO, CMO): its Capability of 3 is")
    assert "the raters' scores of it stay in the panel but no longer count for it" in dialog["message"]
    assert ids.STORE not in asked and _repository(app).get(canvas_id).info.version == 2  # nothing changed yet
    assert asked[ids.FACTOR_GRID]["rowTransaction"]["update"][0]["score_capability"] == 3  # the cell goes back
    pending = asked[ids.PANEL_SCORE_PENDING]["data"]
    page = {k: v for k, v in _page(opened, None).items() if k != f"{ids.STORE}.data"}
    confirmed = _post(
        app,
        edit_body(
            app,
            opened[ids.STORE]["data"],
            f"{ids.PANEL_SCORE_CONFIRM}.submit_n_clicks",
            **page,
            **{f"{ids.PANEL_SCORE_CONFIRM}.submit_n_clicks": 1, f"{ids.PANEL_SCORE_PENDING}.data": pending},
        ),
    )
    assert confirmed[ids.VERSION]["data"] == 3 and confirmed[ids.PANEL_SCORE_PENDING]["data"] is None
    price = yaml.safe_load(_repository(app).get(canvas_id).yaml)["factors"][0]
    assert price["scores"] == {"attractiveness": 3, "unmet_need": 3, "capability": 5, "barriers": 3}
    line = history.compared(_repository(app), canvas_id, 2, 3, "en")[0]
    assert line.startswith("Price: its own scores replace the panel's (2 raters)")


def test_a_score_of_a_factor_with_its_own_scores_is_not_asked(app):
    opened = _opened(app, _repository(app).create(load_canvas(EXAMPLE), summary="Created").id)
    answer = _edited(app, opened, 0, "score_capability", 4)
    assert answer[ids.VERSION]["data"] == 2 and ids.PANEL_SCORE_CONFIRM not in answer
