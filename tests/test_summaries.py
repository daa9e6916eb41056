"""Version summaries as data (positioning/i18n/summaries.py): what a browser's undo stack sends back
is read within bounds, and what is stored stays small."""

from __future__ import annotations

from sqlalchemy import select

from positioning.i18n.summaries import BUDGET, MAX_DEPTH, MAX_LENGTH, from_data, summary_json, summary_text
from positioning.store.models import VersionRow
from positioning.store.repository import MAX_SUMMARY_JSON, Repository
from tests.factory import make_canvas


def test_a_summary_from_a_browser_is_read_within_bounds():
    huge = from_data({"id": "undo_summary", "params": {"summary": {"id": "text", "params": {"text": "x" * 10**6}}}})
    assert huge is not None and len(huge.values["summary"].values["text"]) == MAX_LENGTH
    deep: dict = {"id": "text", "params": {"text": "bottom"}}
    for _ in range(2000):  # deeper than Python's recursion limit would allow unread
        deep = {"id": "undo_summary", "params": {"summary": deep}}
    read = from_data(deep)
    levels = 0
    while read is not None:
        levels, read = levels + 1, read.values.get("summary")
    assert levels == MAX_DEPTH + 1
    many = from_data({"id": "summary_created", "params": {f"k{n}": n for n in range(10_000)}})
    assert many is not None and len(many.values) <= 12
    wide: dict = {"id": "text", "params": {"text": "z" * 400}}
    for _ in range(MAX_DEPTH):  # twelve summaries in each of twelve ... would be 12**4 texts unread
        wide = {"id": "undo_summary", "params": {f"k{n}": wide for n in range(12)}}
    assert len(summary_json(from_data(wide))) < 2 * BUDGET


def test_a_summary_of_an_unknown_kind_is_no_summary():
    assert from_data({"id": "<script>", "params": {}}) is None
    assert from_data({"id": 3}) is None and from_data("text") is None


def test_a_summary_too_large_to_store_as_data_is_stored_as_its_words(database):
    from positioning.i18n.summaries import Summary

    repository = Repository(database, "local")
    info = repository.create(make_canvas())
    summary = Summary("undo_summary", {f"k{n}": "y" * 400 for n in range(20)})  # made here, not read
    assert len(summary_json(summary)) > MAX_SUMMARY_JSON
    changed = make_canvas(title="Changed")
    repository.save(info.id, changed, expected=info.version, summary=summary)
    with database.session() as session:
        stored = session.scalars(select(VersionRow.message).where(VersionRow.canvas_id == info.id)).all()
    assert max(len(m) for m in stored) <= MAX_SUMMARY_JSON
    assert len(summary_text(summary)) <= MAX_LENGTH
