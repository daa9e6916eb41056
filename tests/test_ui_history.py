"""Undo, redo and the History tab (positioning.ui.history) on a real SQLite
database: every step is a new version, the stacks are per tab and per
canvas, a stale page is told instead of overwriting, and two versions compare."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from positioning.core.changes import Change
from positioning.core.loader import canvas_from_data, load_canvas, parse_canvas
from positioning.i18n.summaries import changes_said, parse_summary, sentence, summary_text, verbatim
from positioning.output.writer import canvas_data
from positioning.store.repository import Repository, VersionInfo
from positioning.ui import history
from positioning.ui.history import Stacks

from .conftest import ROOT

EXAMPLE = ROOT / "configs" / "southwest_airlines.yaml"


@pytest.fixture
def repository(sqlite_database):
    return Repository(sqlite_database, "local")


def _edit(repository, canvas_id, level, store):
    """An edit as the editor saves it: the Car's level of the first factor, pushed on the undo stack."""
    stored = repository.get(canvas_id)
    data = canvas_data(parse_canvas(stored.yaml))
    data["factors"][0]["levels"]["Car"] = level
    info = repository.save(canvas_id, canvas_from_data(data), expected=stored.info.version, summary=f"Car {level}")
    return history.pushed(store, canvas_id, stored.info.version, verbatim(f"Car {level}")), info.version


def _car(data):
    return data["factors"][0]["levels"]["Car"]


def test_stacks_are_read_defensively_and_kept_per_canvas():
    assert history.stacks_of(None, "a") == Stacks() and history.stacks_of({"a": "x"}, "a") == Stacks()
    messy = {"a": {"undo": [[1, "one"], ["x", "y"], [0, "zero"], [2], [3, 4], [4, {"no": "id"}]], "redo": "no"}}
    assert history.stacks_of(messy, "a") == Stacks(((1, verbatim("one")),), ())  # text, as an earlier page kept it
    first = sentence("history_restored", "zh", version=1)
    store = history.pushed({"b": {"undo": [[1, "b"]], "redo": []}}, "a", 1, first)
    store = history.pushed(store, "a", 2, verbatim("second"))
    assert store["a"]["undo"][0] == [1, {"id": "history_restored", "params": {"version": 1}, "lang": "zh"}]
    assert history.stacks_of(store, "a").undo == ((1, first), (2, verbatim("second")))
    assert history.stacks_of(store, "b").undo == ((1, verbatim("b")),)  # another canvas keeps its own
    assert history.buttons(store, "a") == {"undo_disabled": False, "redo_disabled": True}
    many = None
    for n in range(1, history.MAX_STEPS + 20):
        many = history.pushed(many, "a", n, verbatim("x"))
    assert len(history.stacks_of(many, "a").undo) == history.MAX_STEPS
    crowded = None
    for n in range(history.MAX_CANVASES + 5):
        crowded = history.pushed(crowded, f"c{n}", 1, verbatim("x"))
    assert len(crowded) == history.MAX_CANVASES and f"c{history.MAX_CANVASES + 4}" in crowded


def test_undo_five_steps_and_redo_them_each_a_new_version(repository):
    canvas_id = repository.create(load_canvas(EXAMPLE)).id
    store, version = None, 1
    for level in (3, 4, 5, 6, 7):
        store, version = _edit(repository, canvas_id, level, store)
    assert version == 6
    seen = []
    for _ in range(5):
        out = history.step(repository, store, canvas_id=canvas_id, version=version, redo=False, language="en")
        store, version = out["undo_stacks"], out["version"]
        seen.append(_car(out["data"]))
    assert seen == [6, 5, 4, 3, 2] and version == 11
    assert history.buttons(store, canvas_id) == {"undo_disabled": True, "redo_disabled": False}
    assert history.step(repository, store, canvas_id=canvas_id, version=version, redo=False, language="en") == {}
    for _ in range(5):
        out = history.step(repository, store, canvas_id=canvas_id, version=version, redo=True, language="en")
        store, version = out["undo_stacks"], out["version"]
        seen.append(_car(out["data"]))
    assert seen[5:] == [3, 4, 5, 6, 7] and version == 16
    summaries = [v.summary for v in repository.versions(canvas_id)]
    assert summaries[0] == "Redo: Car 7" and summaries[5] == "Undo: Car 3" and summaries[10] == "Car 7"
    assert len(summaries) == 16  # nothing was overwritten
    assert repository.versions(canvas_id)[0].summary_in("zh") == "重做：Car 7"


def test_an_undo_on_a_stale_page_is_refused_and_changes_nothing(repository):
    canvas_id = repository.create(load_canvas(EXAMPLE)).id
    store, _ = _edit(repository, canvas_id, 3, None)
    _edit(repository, canvas_id, 4, None)  # another tab: version 3
    out = history.step(repository, store, canvas_id=canvas_id, version=2, redo=False, language="en")
    assert out["conflict"] is True and "changed elsewhere" in out["status"]["en"] and "data" not in out
    assert repository.get(canvas_id).info.version == 3


def test_restoring_a_version_makes_a_new_one_that_undo_takes_back(repository):
    canvas_id = repository.create(load_canvas(EXAMPLE)).id
    store, version = _edit(repository, canvas_id, 3, None)
    out = history.restored(repository, store, canvas_id=canvas_id, version=version, number="1", language="en")
    assert out["version"] == 3 and _car(out["data"]) == 2
    assert repository.versions(canvas_id)[0].summary == "Restored version 1"
    back = history.step(repository, out["undo_stacks"], canvas_id=canvas_id, version=3, redo=False, language="en")
    assert _car(back["data"]) == 3 and back["version"] == 4
    missing = history.restored(repository, store, canvas_id=canvas_id, version=4, number=99, language="en")
    assert missing == {"status": {"en": "Not saved: That version does not exist.", "zh": "未保存：该版本不存在。"}}
    for bad in ("x", "-1", "1" * 12, None, 1.5):
        assert history.restored(repository, store, canvas_id=canvas_id, version=4, number=bad, language="en") == {}


def test_versions_listed_and_compared(repository):
    canvas_id = repository.create(load_canvas(EXAMPLE)).id
    _edit(repository, canvas_id, 3, None)
    versions = repository.versions(canvas_id)
    rows = history.version_rows(versions, now=datetime.now(timezone.utc), language="en")
    # the one user of a workspace without sign-in is "you", not the account name "local"
    assert [(r.version, r.latest, r.author) for r in rows] == [
        (2, True, "you (no sign-in)"),
        (1, False, "you (no sign-in)"),
    ]
    options, old, new = history.diff_choices(versions)
    assert (old, new) == (1, 2) and options[0]["label"] == "2 · Car 3"
    lines = history.compared(repository, canvas_id, 1, 2, "en")
    assert lines == ["Price: Car level 2 -> 3"]
    assert history.compared(repository, canvas_id, 2, 1, "zh") == ["Price：Car 的水平 3 -> 2"]
    assert history.compared(repository, canvas_id, 2, 2, "en") == ["These two versions hold the same canvas."]
    assert history.compared(repository, canvas_id, 1, 9, "en") == ["That version does not exist."]
    assert history.compared(repository, canvas_id, None, 2, "en") == []


def test_relative_times():
    now = datetime(2030, 5, 10, 12, 0, tzinfo=timezone.utc)
    ago = [timedelta(seconds=5), timedelta(minutes=5), timedelta(hours=3), timedelta(days=2), timedelta(days=30)]
    assert [history.relative_time(now - d, now, "en") for d in ago] == [
        "just now",
        "5 minutes ago",
        "3 hours ago",
        "2 days ago",
        "2030-04-10",
    ]
    assert (
        history.relative_time(now - timedelta(minutes=5), now, "zh") == "5分钟前"
    )  # Babel's CLDR wording (format_timedelta)
    assert history.exact_time(datetime(2030, 5, 10, 12, 0)) == "2030-05-10 12:00:00 UTC"


def test_the_summaries_read_in_the_pages_language_whatever_language_they_were_saved_in():
    when = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)
    edit = changes_said([Change("level", owner="Price", field="Car", old=2, new=3)], "en")
    versions = [
        VersionInfo(version=4, created=when, author="local", message=sentence("undo_summary", "zh", summary=edit)),
        VersionInfo(version=3, created=when, author="local", message=edit),
        VersionInfo(version=2, created=when, author="local", message=sentence("history_restored", "en", version=1)),
        VersionInfo(version=1, created=when, author="local", message=sentence("summary_api_created")),
    ]
    assert [v.summary for v in versions][:2] == ["撤销：Price: Car level 2 -> 3", "Price: Car level 2 -> 3"]  # as saved
    rows = history.version_rows(versions, now=when, language="zh")
    assert [row.summary for row in rows] == [
        "撤销：Price：Car 的水平 2 -> 3",
        "Price：Car 的水平 2 -> 3",
        "恢复第 1 版",
        "通过 API 创建",
    ]
    rows = history.version_rows(versions, now=when, language="en")
    assert rows[0].summary == "Undo: Price: Car level 2 -> 3"
    options, _, _ = history.diff_choices(versions[2:], "zh")
    assert [o["label"] for o in options] == ["2 · 恢复第 1 版", "1 · 通过 API 创建"]
    # text of an earlier release: the fixed words before a template they would also match ("Imported from {name}")
    assert summary_text(parse_summary("Imported from this browser"), "zh") == "从本浏览器导入"
    assert summary_text(parse_summary("Imported from b2b.yaml"), "zh") == "从 b2b.yaml 导入"
    # a user's own words stay as written ("Price" is no criterion: no sentence of the product)
    mine = [VersionInfo(version=3, created=when, author="a", summary="Weight of Price: 1 -> 2")]
    assert history.version_rows(mine, now=when, language="zh")[0].summary == "Weight of Price: 1 -> 2"
