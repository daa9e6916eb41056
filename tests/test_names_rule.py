"""One rule for every name and title (issue 24, item 6): titles took what participant names refused
(U+202E right-to-left override, U+200B zero width space, U+FEFF), and participant names refused what
canvas names took (an emoji joined with U+200D, an ideographic space). Now both follow
:mod:`positioning.core.names`, the loader says which character is refused, and a canvas stored
before the rule still opens, without those characters, said so."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from sqlalchemy import update

from positioning.core.config import Settings
from positioning.core.loader import CanvasError, load_canvas, parse_canvas
from positioning.core.names import is_name
from positioning.http.services import services
from positioning.i18n.wording import located
from positioning.output.writer import canvas_data, dump_yaml
from positioning.store.models import CanvasRow, VersionRow
from positioning.store.repository import Repository
from positioning.store.workshops import Refused, Workshops, join
from positioning.ui import ids, workspace

from .conftest import ROOT
from .dash_requests import ENDPOINT, edit_body, load_app, response, text_of
from .factory import canvas_data as plain_canvas

EXAMPLE = ROOT / "configs" / "southwest_airlines.yaml"
REFUSED = {"\u202e": "U+202E RIGHT-TO-LEFT OVERRIDE", "\u200b": "U+200B ZERO WIDTH SPACE", "\ufeff": "U+FEFF"}
#: Names every rule takes: joined emoji, Persian with a zero-width non-joiner, an ideographic space,
#: a no-break space, England's flag (tag characters).
TAKEN = (
    "👩\u200d💻 Dev",
    "می\u200cخواهم",
    "张\u3000三",
    "Café\u00a0Oz",
    "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
)


def _parsed(**changes) -> object:
    data = plain_canvas({"Us": [8, 2, 5], "Them": [5, 5, 5]})
    for key, value in changes.items():
        if key == "player":
            data["players"][1]["name"] = value
            for factor in data["factors"]:
                factor["levels"][value] = factor["levels"].pop("Them")
        elif key == "factor":
            data["factors"][0]["name"] = value
        else:
            data[key] = value
    return parse_canvas(json.dumps(data, ensure_ascii=False))


@pytest.mark.parametrize("char", list(REFUSED))
@pytest.mark.parametrize("field", ["title", "player", "factor"])
def test_every_name_and_title_refuses_invisible_and_direction_characters_and_says_which(field, char):
    with pytest.raises(CanvasError) as refused:
        _parsed(**{field: f"Air{char}travel"})
    problem = refused.value.problems[0]
    assert f"holds U+{ord(char):04X}," in problem.message and f"'Air<U+{ord(char):04X}>travel'" in problem.message
    assert "remove it" in problem.message and char not in problem.message  # the message reads as stored
    assert "请删除它" in located(problem, "zh") and f"含有 U+{ord(char):04X}，" in located(problem, "zh")


@pytest.mark.parametrize("name", TAKEN)
def test_names_of_every_script_and_emoji_are_taken(name):
    assert _parsed(title=name, player=name, factor=name).title == name


def test_participant_names_follow_the_same_rule(database):
    repository = Repository(database, "ann")
    canvas_id = repository.create(load_canvas(EXAMPLE)).id
    token = Workshops(repository).start(canvas_id).token
    for name in TAKEN:
        assert is_name(name) and join(database, token, name).name == name
    for char, said in REFUSED.items():
        assert not is_name(f"CFO{char}")
        with pytest.raises(Refused) as refused:
            join(database, token, f"CFO{char}x")
        assert said in str(refused.value)


def test_a_canvas_stored_before_the_rule_opens_without_those_characters_and_keeps_its_history(tmp_path):
    app = load_app(Settings(tmp_path, f"sqlite:///{tmp_path / 'p.db'}"))
    database = services(app.server).database
    repository = Repository(database, "local")
    canvas_id = repository.create(load_canvas(EXAMPLE)).id
    old = canvas_data(load_canvas(EXAMPLE))
    rival = old["players"][1]["name"]
    old["title"], old["players"][1]["name"] = "Air\u202etravel", f"{rival}\u200b"
    for factor in old["factors"]:
        factor["levels"][f"{rival}\u200b"] = factor["levels"].pop(rival)
    text = dump_yaml(old)  # as a release before the rule stored it
    with database.session() as session:
        session.execute(update(VersionRow).where(VersionRow.canvas_id == canvas_id).values(yaml=text))
        session.execute(update(CanvasRow).where(CanvasRow.id == canvas_id).values(title=old["title"]))
    client = app.server.test_client()
    opened = response(
        client.post(ENDPOINT, json=edit_body(app, None, None, **{f"{ids.URL}.pathname": f"/c/{canvas_id}"}))
    )
    data = opened[ids.STORE]["data"]
    assert data["title"] == "Airtravel" and rival in [p["name"] for p in data["players"]]
    assert "they are left out here" in text_of(opened[ids.MESSAGE]["children"])
    # the picker and the list say its title as it opens (a stored U+202E would turn them around)
    assert workspace.picker_options(repository)[0]["label"].startswith("Airtravel · ")
    rows = workspace.list_rows(repository, search="", trash=False, now=datetime.now(timezone.utc), language="en")
    assert [row.title for row in rows] == ["Airtravel"]
    assert repository.version(canvas_id, 1) == text and [v.version for v in repository.versions(canvas_id)] == [1]
    weight = f"{ids.WEIGHTS['barriers']}.value"
    page = {f"{ids.CANVAS_ID}.data": canvas_id, f"{ids.VERSION}.data": 1}
    weights = {**{f"{ids.WEIGHTS[c]}.value": w for c, w in data["weights"].items()}, weight: 0.9}
    saved = response(client.post(ENDPOINT, json=edit_body(app, data, weight, **page, **weights)))
    assert saved[ids.VERSION]["data"] == 2
    assert "\u202e" not in repository.get(canvas_id).yaml and "\u200b" not in repository.get(canvas_id).yaml
