"""A workshop's results in the app (issue 23 §7), through Dash's real callback endpoint on a real SQLite
database: what closing would change, shown before; closing without using the scores; a renamed factor
keeps its scores; History says what a panel changed; a score of a panel-scored factor is asked first."""

from __future__ import annotations

import dash
import pytest
import yaml

from positioning.core.loader import load_canvas
from positioning.core.model import CRITERIA
from positioning.http.services import services
from positioning.i18n.summaries import from_data, summary_text
from positioning.store.repository import Repository
from positioning.store.workshops import Workshops, join, put_score
from positioning.ui import history, ids

from .conftest import ROOT
from .dash_requests import ENDPOINT, body, edit_body, load_app, response

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
