"""The repository on both databases: versions, optimistic concurrency, owner
isolation, the trash and share links."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import event, select

from positioning.core.changes import Change
from positioning.core.loader import parse_canvas
from positioning.i18n.summaries import changes_said
from positioning.output.writer import dump_canvas
from positioning.store.models import VersionRow
from positioning.store.repository import Conflict, NotFound, Repository, owners, shared
from tests.factory import make_canvas


def _canvas(title: str = "Air travel", subject: str = "Us", us: float = 8):
    return make_canvas({"Us": [us, 2, 5], "Them": [5, 5, 5]}, title=title, subject=subject)


def test_a_new_canvas_is_version_1_stored_as_the_writers_yaml(database):
    repo = Repository(database, "ann")
    canvas = _canvas()
    info = repo.create(canvas)
    stored = repo.get(info.id)
    assert (info.version, info.title, info.subject, info.owner) == (1, "Air travel", "Us", "ann")
    assert info.verdict in ("strong", "moderate", "weak")
    assert stored.yaml == dump_canvas(canvas)
    assert parse_canvas(stored.yaml) == canvas
    assert info.created.tzinfo is not None and info.updated == info.created


def test_the_latest_version_is_read_in_one_query_and_is_the_latest(database):
    """Opening a canvas reads it three times (the router, the editor, the workshop panel): each one query."""
    repo = Repository(database, "ann")
    info = repo.create(_canvas())
    repo.save(info.id, _canvas(us=9), expected=1, summary="x")
    statements: list[str] = []

    def seen(_connection, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", seen)
    try:
        stored = repo.get(info.id)
    finally:
        event.remove(database.engine, "before_cursor_execute", seen)
    assert [s.split()[0] for s in statements if s != "BEGIN"] == ["SELECT"]  # SQLite's own BEGIN aside
    assert stored.yaml == dump_canvas(_canvas(us=9)) == repo.version(info.id, 2)
    assert stored.info == repo.list()[0] and stored.info.version == 2


def test_an_owner_is_empty_until_a_first_canvas_even_one_in_the_trash(database):
    ann, bob = Repository(database, "ann"), Repository(database, "bob")
    assert ann.is_empty()
    info = ann.create(_canvas())
    ann.delete(info.id)
    assert not ann.is_empty() and bob.is_empty()


def test_every_save_is_a_new_version_and_old_ones_stay(database):
    repo = Repository(database, "ann")
    info = repo.create(_canvas())
    second = repo.save(info.id, _canvas(us=9), expected=1, summary="F1: Us level 8 -> 9")
    assert second.version == 2 and second.updated >= info.updated
    assert [(v.version, v.author, v.summary) for v in repo.versions(info.id)] == [
        (2, "ann", "F1: Us level 8 -> 9"),
        (1, "ann", "Created"),
    ]
    assert repo.version(info.id, 1) == dump_canvas(_canvas())
    assert repo.get(info.id).yaml == dump_canvas(_canvas(us=9))


def test_a_stale_save_is_refused_and_changes_nothing(database):
    repo = Repository(database, "ann")
    info = repo.create(_canvas())
    repo.save(info.id, _canvas(us=9), expected=1, summary="first")
    with pytest.raises(Conflict) as refused:
        repo.save(info.id, _canvas(us=1), expected=1, summary="stale")
    assert (refused.value.expected, refused.value.current) == (1, 2)
    assert repo.get(info.id).yaml == dump_canvas(_canvas(us=9))
    assert len(repo.versions(info.id)) == 2


def test_saving_the_same_canvas_stores_nothing(database):
    repo = Repository(database, "ann")
    info = repo.create(_canvas())
    assert repo.save(info.id, _canvas(), expected=1, summary="nothing").version == 1
    assert len(repo.versions(info.id)) == 1


def test_restoring_a_version_makes_a_new_one(database):
    repo = Repository(database, "ann")
    info = repo.create(_canvas())
    repo.save(info.id, _canvas(us=9), expected=1, summary="up")
    restored = repo.restore_version(info.id, 1)
    assert restored.version == 3
    assert repo.get(info.id).yaml == repo.version(info.id, 1)
    assert repo.versions(info.id)[0].summary == "Restored version 1"
    with pytest.raises(Conflict):
        repo.restore_version(info.id, 2, expected=2)
    with pytest.raises(NotFound):
        repo.restore_version(info.id, 7)


def test_the_list_is_newest_first_searchable_and_metadata_follows_the_canvas(database):
    repo = Repository(database, "ann")
    first = repo.create(_canvas("Coffee chains"))
    second = repo.create(_canvas("Budget 100% airlines"))
    repo.save(first.id, _canvas("Coffee chains, 2026", us=9), expected=1, summary="renamed")
    assert [c.title for c in repo.list()] == ["Coffee chains, 2026", "Budget 100% airlines"]
    assert [c.id for c in repo.list(search="COFFEE")] == [first.id]
    assert [c.id for c in repo.list(search="100%")] == [second.id]
    assert [c.id for c in repo.list(search="%")] == [second.id]  # a wildcard is a character, not "anything"
    assert repo.list(search="_") == []
    assert [c.id for c in repo.list(search="us")] == [first.id, second.id]  # the subject matches too


def test_someone_elses_canvas_is_not_found_like_a_missing_one(database):
    ann, bob = Repository(database, "ann"), Repository(database, "bob")
    info = ann.create(_canvas())
    assert bob.list() == []
    calls = [
        lambda: bob.get(info.id),
        lambda: bob.save(info.id, _canvas(us=1), expected=1, summary="x"),
        lambda: bob.versions(info.id),
        lambda: bob.version(info.id, 1),
        lambda: bob.restore_version(info.id, 1),
        lambda: bob.duplicate(info.id, title="mine now"),
        lambda: bob.delete(info.id),
        lambda: bob.share(info.id),
        lambda: bob.shares(info.id),
        lambda: bob.get("no-such-id"),
    ]
    for call in calls:
        with pytest.raises(NotFound):
            call()
    assert ann.get(info.id).info.version == 1
    assert owners(database) == ["ann"]


def test_deleting_moves_to_the_trash_and_restore_brings_it_back(database):
    repo = Repository(database, "ann")
    info = repo.create(_canvas())
    repo.delete(info.id)
    assert repo.list() == [] and [c.id for c in repo.list(trash=True)] == [info.id]
    assert repo.list(trash=True)[0].deleted is not None
    with pytest.raises(NotFound):
        repo.get(info.id)
    with pytest.raises(NotFound):
        repo.save(info.id, _canvas(us=1), expected=1, summary="in the trash")
    assert repo.restore(info.id).deleted is None
    assert repo.get(info.id).info.version == 1 and repo.list(trash=True) == []
    with pytest.raises(NotFound):
        repo.restore(info.id)  # not in the trash any more


def test_duplicate_is_a_new_canvas_with_its_own_history(database):
    repo = Repository(database, "ann")
    info = repo.create(_canvas())
    repo.save(info.id, _canvas(us=9), expected=1, summary="up")
    copy = repo.duplicate(info.id, title="Air travel (copy)")
    assert copy.id != info.id and copy.version == 1 and copy.title == "Air travel (copy)"
    assert parse_canvas(repo.get(copy.id).yaml).factors == _canvas(us=9).factors


def test_share_links_open_read_only_until_revoked(database):
    repo = Repository(database, "ann")
    info = repo.create(_canvas())
    link = repo.share(info.id)
    assert len(link.token) >= 22  # at least 128 random bits as URL-safe text
    assert repo.share(info.id).token != link.token
    assert shared(database, link.token).yaml == repo.get(info.id).yaml
    repo.revoke(info.id, link.token)
    assert link.token not in [s.token for s in repo.shares(info.id)]
    for token in (link.token, "", "guess"):
        with pytest.raises(NotFound):
            shared(database, token)
    with pytest.raises(NotFound):
        repo.revoke(info.id, link.token)


def test_a_share_link_of_a_trashed_canvas_opens_nothing(database):
    repo = Repository(database, "ann")
    info = repo.create(_canvas())
    link = repo.share(info.id)
    repo.delete(info.id)
    with pytest.raises(NotFound):
        shared(database, link.token)


def test_a_versions_summary_is_stored_as_data_and_read_in_either_language(database):
    repo = Repository(database, "ann")
    info = repo.create(_canvas())
    edit = changes_said([Change("weight", field="capability", old=0.2, new=0.3), Change("robustness")], "zh")
    repo.save(info.id, _canvas(us=9), expected=1, summary=edit)
    repo.restore_version(info.id, 1)
    repo.save(info.id, _canvas(us=7), expected=3, summary="Tidied by a script")  # free text: kept as written
    with database.engine.connect() as connection:
        stored = connection.execute(
            select(VersionRow.message).where(VersionRow.canvas_id == info.id).order_by(VersionRow.number)
        ).scalars()
        messages = [json.loads(raw) for raw in stored]
    assert messages[0] == {"id": "summary_created", "params": {}, "lang": "en"}
    assert messages[1] == {
        "id": "changes",
        "params": {
            "change": {"kind": "weight", "owner": "", "field": "capability", "old": 0.2, "new": 0.3},
            "more": 1,
        },
        "lang": "zh",
    }
    assert messages[2] == {"id": "history_restored", "params": {"version": 1}, "lang": "en"}
    assert messages[3] == {"id": "text", "params": {"text": "Tidied by a script"}, "lang": "en"}
    versions = repo.versions(info.id)
    assert [v.summary for v in versions] == [
        "Tidied by a script",
        "Restored version 1",
        "自身能力权重：0.2 -> 0.3，另有 1 处修改",  # as it was written
        "Created",
    ]
    assert [v.summary_in("en") for v in versions][1:3] == [
        "Restored version 1",
        "Weight of Capability: 0.2 -> 0.3 and 1 more change",
    ]
    assert [v.summary_in("zh") for v in versions] == ["Tidied by a script", "恢复第 1 版", versions[2].summary, "创建"]
