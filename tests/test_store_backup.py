"""Backing up the whole workspace and restoring it: the restored workspace
equals the original on SQLite, on PostgreSQL and from SQLite to PostgreSQL;
an archive that is not a good backup, or a database that is not empty, is
refused with the entry and field named, and leaves the database empty."""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, inspect, select

from positioning.i18n.summaries import from_json, sentence
from positioning.store.backup import (
    LIMITS,
    MANIFEST,
    BackupError,
    Limits,
    _snapshot,
    open_backup,
    read_manifest,
    restore_backup,
    write_backup,
)
from positioning.store.db import head, open_database, upgrade
from positioning.store.deck_templates import DeckTemplates
from positioning.store.models import Base, CanvasRow, VersionRow
from positioning.store.repository import Repository, shared
from positioning.store.workshops import Workshops
from tests import postgres
from tests.conftest import ROOT
from tests.factory import make_canvas
from tests.workspaces import ODD_TEXT, REFUSED_TEXT, rows, seed


@pytest.fixture
def target(database_url, tmp_path, request):
    """An empty database of the same kind as ``database`` (not upgraded: restoring does it)."""
    if database_url.startswith("sqlite"):
        opened = open_database(f"sqlite:///{tmp_path / 'restored' / 'positioning.db'}")
        yield opened
        opened.close()
        return
    cluster = request.getfixturevalue("postgres_url")
    url = postgres.new_database(cluster)
    opened = open_database(url)
    yield opened
    opened.close()
    postgres.drop_database(cluster, url)


def test_the_restored_workspace_equals_the_original(database, target, tmp_path):
    made = seed(database)
    archive = tmp_path / "workspace.zip"
    counts = write_backup(database, archive)
    assert (counts.canvases, counts.versions, counts.shares) == (3, 8, 2)
    assert (counts.workshops, counts.participants, counts.scores, counts.deck_templates) == (2, 3, 4, 1)
    assert restore_backup(target, archive) == counts
    assert rows(target) == rows(database)
    _same_through_the_store(database, target, made)


def test_a_team_moves_from_the_embedded_sqlite_to_postgresql(sqlite_database, pg_database_url, tmp_path):
    made = seed(sqlite_database)
    archive = tmp_path / "workspace.zip"
    write_backup(sqlite_database, archive)
    team = open_database(pg_database_url)
    try:
        restore_backup(team, archive)
        assert rows(team) == rows(sqlite_database)
        _same_through_the_store(sqlite_database, team, made)
    finally:
        team.close()


def _same_through_the_store(original, restored, made) -> None:
    """What the app reads, and that it goes on from where it was."""
    for owner in ("ann", "bob"):
        before, after = Repository(original, owner), Repository(restored, owner)
        assert after.list() == before.list() and after.list(trash=True) == before.list(trash=True)
    ann, bob = Repository(restored, "ann"), Repository(restored, "bob")
    assert [v.version for v in ann.versions(made["kept"])] == [4, 3, 2, 1]
    assert bob.version(made["theirs"], 2) == ODD_TEXT and bob.version(made["theirs"], 3) == REFUSED_TEXT
    assert shared(restored, made["share"]).info.id == made["kept"]
    assert [s.token for s in ann.shares(made["kept"])] == [made["share"]]
    status = Workshops(ann).status(made["kept"], made["workshop"])
    assert status == Workshops(Repository(original, "ann")).status(made["kept"], made["workshop"])
    assert [(p.name, p.finished, p.scores) for p in status.participants] == [
        ("Zoë", False, {"F1": {"capability": 4.5}, "F2": {"barriers": 1.0}}),
        ("Li Wei", True, {"F1": {"capability": 2.0}, "F2": {"barriers": 1.0}}),
    ]
    assert DeckTemplates(restored, "bob").get() == DeckTemplates(original, "bob").get()
    saved = ann.save(made["kept"], make_canvas(title="Kept on"), expected=4, summary="After the move")
    assert saved.version == 5 and ann.restore(made["trashed"]).id == made["trashed"]


def test_a_backup_reads_one_state_of_the_database_while_the_app_writes(database):
    count = select(func.count()).select_from(CanvasRow)
    Repository(database, "ann").create(make_canvas())
    with _snapshot(database) as connection:
        assert connection.execute(count).scalar() == 1
        Repository(database, "ann").create(make_canvas())  # another connection, as the app's
        assert connection.execute(count).scalar() == 1
    with database.engine.connect() as connection:
        assert connection.execute(count).scalar() == 2


def test_each_version_is_its_own_file_in_the_archive_byte_for_byte(sqlite_database, tmp_path):
    made = seed(sqlite_database)
    archive = tmp_path / "workspace.zip"
    write_backup(sqlite_database, archive)
    with zipfile.ZipFile(archive) as opened:
        assert opened.read(f"canvases/{made['theirs']}/2.yaml") == ODD_TEXT.encode("utf-8")
        manifest = json.loads(opened.read(MANIFEST))
    assert manifest["format"] == "positioning-workspace" and manifest["format_version"] == 1
    assert manifest["schema_revision"] == head() and manifest["counts"]["versions"] == 8
    assert set(manifest) == {"format", "format_version", "schema_revision", "app_version", "created", "counts"}


def test_an_empty_workspace_backs_up_and_restores(sqlite_database, tmp_path):
    archive = tmp_path / "empty.zip"
    assert write_backup(sqlite_database, archive).canvases == 0
    target = open_database(f"sqlite:///{tmp_path / 'new' / 'positioning.db'}")
    try:
        assert restore_backup(target, archive).canvases == 0
        assert all(not table for table in rows(target).values())
    finally:
        target.close()


def test_a_database_without_the_workspace_schema_is_not_backed_up(tmp_path):
    database = open_database(f"sqlite:///{tmp_path / 'nothing' / 'positioning.db'}")
    try:
        with pytest.raises(BackupError, match="holds no workspace"):
            write_backup(database, tmp_path / "w.zip")
        upgrade(database, "0001")
        with pytest.raises(BackupError, match="run 'positioning db upgrade' first"):
            write_backup(database, tmp_path / "w.zip")
    finally:
        database.close()
    assert not list(tmp_path.glob("*.zip*"))


# --- refused: the database ------------------------------------------------------------------


@pytest.fixture
def backup(sqlite_database, tmp_path) -> Path:
    seed(sqlite_database)
    path = tmp_path / "workspace.zip"
    write_backup(sqlite_database, path)
    return path


@pytest.fixture
def empty(tmp_path):
    opened = open_database(f"sqlite:///{tmp_path / 'empty' / 'positioning.db'}")
    yield opened
    opened.close()


def test_a_database_that_is_not_empty_is_refused_and_left_as_it_was(backup, sqlite_database, tmp_path):
    before = rows(sqlite_database)
    with pytest.raises(BackupError) as refused:
        restore_backup(sqlite_database, backup)
    assert "the database is not empty (canvases" in str(refused.value)
    assert "set POSITIONING_DATA to a new folder, or DATABASE_URL to a new database" in str(refused.value)
    assert rows(sqlite_database) == before


def test_a_database_holding_only_a_deck_template_is_not_empty(backup, empty):
    upgrade(empty)
    DeckTemplates(empty, "carol").put(
        "mine.pptx", (ROOT / "positioning" / "output" / "templates" / "default.pptx").read_bytes()
    )
    with pytest.raises(BackupError, match=r"not empty \(deck_templates hold data\)"):
        restore_backup(empty, backup)


def test_summaries_travel_as_written_and_as_data_and_an_earlier_releases_text_is_read_back(backup, empty):
    with zipfile.ZipFile(backup) as opened:
        name = next(n for n in opened.namelist() if n.endswith("canvas.json"))
        versions = json.loads(opened.read(name))["versions"]
    assert all(set(v) == {"number", "author", "created", "summary", "message", "sha256"} for v in versions)
    assert versions[0]["message"] == {"id": "summary_created", "params": {}, "lang": "en"}
    assert versions[0]["summary"] == "Created"

    def as_before(entry: str, data: bytes) -> bytes:  # an earlier release wrote the summary as text only
        if not entry.endswith("canvas.json"):
            return data
        record = json.loads(data)
        record["versions"] = [
            {k: v for k, v in {**v, "summary": "恢复第 2 版"}.items() if k != "message"} for v in record["versions"]
        ]
        return json.dumps(record).encode()

    restore_backup(empty, _rewritten(backup, as_before))
    with empty.session() as session:
        restored = [from_json(raw) for raw in session.scalars(select(VersionRow.message))]
    assert restored and all(said == sentence("history_restored", "zh", version="2") for said in restored)


# --- refused: the archive -------------------------------------------------------------------------


def _rewritten(source: Path, change: Callable[[str, bytes], bytes | None], add: dict[str, bytes] | None = None) -> Path:
    """A copy of the backup with each entry's bytes through ``change`` (None drops it), and ``add``."""
    out = source.with_name("changed.zip")
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info.filename, data)
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return out


def _refused(database, archive: Path, limits: Limits | None = None) -> str:
    """The message of restoring ``archive``; the database must be left empty."""
    with pytest.raises(BackupError) as refused:
        restore_backup(database, archive, limits=limits or LIMITS)
    if _has_tables(database):
        assert all(not table for table in rows(database).values())
    return refused.value.text()


def _has_tables(database) -> bool:
    return set(Base.metadata.tables) <= set(inspect(database.engine).get_table_names())


def _manifest(change: Callable[[dict], None]) -> Callable[[str, bytes], bytes | None]:
    def edit(name: str, data: bytes) -> bytes | None:
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        change(manifest)
        return json.dumps(manifest).encode()

    return edit


def test_a_file_that_is_not_a_zip_is_refused(empty, tmp_path):
    for content in (b"", b"title: not a zip\n", b"PK\x03\x04" + b"\0" * 40):
        path = tmp_path / "workspace.zip"
        path.write_bytes(content)
        assert _refused(empty, path) == f"{path}: is not a zip file; give a backup written by 'positioning backup'"
    assert _refused(empty, tmp_path / "nope.zip") == f"{tmp_path / 'nope.zip'}: cannot be read: no such file or folder"
    assert (
        _refused(empty, tmp_path) == f"{tmp_path}: is not a regular file; give the path of a backup written by "
        "'positioning backup'"
    )


def test_a_deck_template_without_its_file_is_refused(backup, empty):
    changed = _rewritten(backup, lambda name, data: None if name == "deck_templates/1.data" else data)
    assert "changed.zip:deck_templates/1.json: deck_templates/1.data is missing from the archive" in (
        _refused(empty, changed)
    )


def test_a_zip_without_a_manifest_or_of_another_format_is_refused(backup, empty):
    no_manifest = _rewritten(backup, lambda name, data: None if name == MANIFEST else data)
    assert _refused(empty, no_manifest).endswith(
        "changed.zip: has no manifest.json: it is not a workspace backup written by 'positioning backup'"
    )
    other = _rewritten(backup, _manifest(lambda m: m.update(format="something-else")))
    assert "changed.zip:manifest.json: format: is not 'positioning-workspace'" in _refused(empty, other)
    newer = _rewritten(backup, _manifest(lambda m: m.update(format_version=2)))
    assert "manifest.json: format_version: 2 is a backup format this version of positioning does not read" in (
        _refused(empty, newer)
    )
    schema = _rewritten(backup, _manifest(lambda m: m.update(schema_revision="9999")))
    assert "manifest.json: schema_revision: 9999 is a database schema this version" in _refused(empty, schema)
    not_json = _rewritten(backup, lambda name, data: b"{" if name == MANIFEST else data)
    assert "manifest.json: format: is not 'positioning-workspace'" in _refused(empty, not_json)


def test_a_bad_field_is_named_with_its_entry_and_nothing_is_kept(backup, empty):
    with zipfile.ZipFile(backup) as opened:
        last = sorted(n for n in opened.namelist() if n.endswith("canvas.json"))[-1]

    def bad_time(name: str, data: bytes) -> bytes:
        if name != last:
            return data
        record = json.loads(data)
        record["versions"][0]["created"] = "yesterday"
        record["typo"] = 1
        return json.dumps(record).encode()

    message = _refused(empty, _rewritten(backup, bad_time))
    assert f"changed.zip:{last}: versions[0].created: is not valid: " in message
    assert f"changed.zip:{last}: typo: is not a field of a backup; the file was changed" in message
    assert all(not table for table in rows(empty).values())  # the canvases before it were rolled back


def test_a_missing_version_file_or_a_gap_in_the_numbers_is_refused(backup, empty):
    with zipfile.ZipFile(backup) as opened:
        yaml = sorted(n for n in opened.namelist() if n.endswith("/2.yaml"))[0]
    folder = yaml.rsplit("/", 1)[0]
    missing = _rewritten(backup, lambda name, data: None if name == yaml else data)
    assert f"{folder}/canvas.json: versions[1]: {yaml} is missing from the archive" in _refused(empty, missing)

    def gap(name: str, data: bytes) -> bytes:
        if name != f"{folder}/canvas.json":
            return data
        record = json.loads(data)
        record["versions"][1]["number"] = 7
        return json.dumps(record).encode()

    assert "versions: the versions are numbered 1, 7, 3" in _refused(empty, _rewritten(backup, gap))
    stray = _rewritten(backup, lambda name, data: data, {"canvases/nosuchcanvas/1.yaml": b"title: x\n"})
    assert "changed.zip:canvases/nosuchcanvas/1.yaml: no canvas lists this version" in _refused(empty, stray)


def test_an_entry_the_layout_does_not_have_is_refused(backup, empty):
    for name in ("notes.txt", "canvases/../../etc/passwd", "canvases/a b/canvas.json", "canvases/x/0.yaml"):
        changed = _rewritten(backup, lambda n, data: data, {name: b"{}"})
        assert f"changed.zip:{name}: is not an entry of a workspace backup" in _refused(empty, changed)


def test_a_version_that_is_not_utf8_text_is_refused(backup, empty):
    changed = _rewritten(backup, lambda name, data: b"title: \xff\n" if name.endswith("/1.yaml") else data)
    assert "1.yaml: the file is not UTF-8 text (byte 8)" in _refused(empty, changed)


def test_a_version_changed_after_the_backup_is_refused(backup, empty):
    changed = _rewritten(backup, lambda name, data: data + b"# one more line\n" if name.endswith("/2.yaml") else data)
    message = _refused(empty, changed)
    assert re.search(r"changed.zip:canvases/[\w-]+/2.yaml: is not the file that was backed up \(its SHA-256", message)


def test_counts_that_do_not_match_the_archive_are_refused(backup, empty):
    changed = _rewritten(backup, _manifest(lambda m: m["counts"].update(scores=5)))
    message = _refused(empty, changed)
    assert "manifest.json: counts: does not match what the archive holds (canvases 3, versions 8" in message


def test_a_workshop_of_a_canvas_not_in_the_backup_is_refused(backup, empty):
    def other_canvas(name: str, data: bytes) -> bytes:
        if not name.startswith("workshops/"):
            return data
        return json.dumps({**json.loads(data), "canvas": "gone"}).encode()

    assert "canvas: the canvas 'gone' is not in the backup" in _refused(empty, _rewritten(backup, other_canvas))


# --- refused: sizes, before anything is read ---------------------------------------------------


def test_an_entry_larger_than_its_kind_may_hold_is_refused_before_it_is_inflated(backup, empty):
    message = _refused(empty, backup, Limits(yaml_bytes=100))
    assert re.search(r"\.yaml: unpacks to \d+ bytes, more than the 100 bytes an entry of its kind may hold", message)
    bomb = _rewritten(backup, lambda name, data: data, {"canvases/bomb/1.yaml": b"\0" * (3 * 1024 * 1024)})
    assert bomb.stat().st_size < 100_000
    assert "canvases/bomb/1.yaml: unpacks to 3 MB, more than the 2 MB an entry" in _refused(empty, bomb)
    assert "unpack to" in _refused(empty, backup, Limits(unpacked_bytes=10_000))


def test_an_archive_too_large_or_with_too_many_entries_is_refused(backup, empty):
    size = f"{math.ceil(backup.stat().st_size / 1024)} KB"  # sizes are rounded up (positioning.core.sizes)
    assert f"the file is {size}; a backup is limited to 1 KB" in _refused(empty, backup, Limits(archive_bytes=1024))
    with zipfile.ZipFile(backup) as opened:
        entries = len(opened.namelist())
    assert f"holds about {entries} entries; a backup holds at most 5" in _refused(empty, backup, Limits(entries=5))


def test_the_entry_count_of_a_zip64_archive_is_read_before_its_directory(tmp_path, empty):
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as archive:  # 65,535 entries or more: the count is in the zip64 record
        for i in range(65_536):
            archive.writestr(zipfile.ZipInfo(f"{i}"), b"")
    assert "holds about 65536 entries; a backup holds at most 1000" in _refused(empty, many, Limits(entries=1000))


def test_the_manifest_is_read_and_checked_alone(backup):
    with open_backup(backup) as archive:
        manifest = read_manifest(archive)
    assert manifest.counts.canvases == 3 and manifest.schema_revision == head()


def test_a_failed_write_leaves_no_half_file(sqlite_database, tmp_path):
    seed(sqlite_database)
    with pytest.raises(FileNotFoundError):
        write_backup(sqlite_database, tmp_path / "missing-folder" / "w.zip")
    (tmp_path / "w.zip").mkdir()
    with pytest.raises(IsADirectoryError):
        write_backup(sqlite_database, tmp_path / "w.zip")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "w.zip"]


def test_every_backup_wording_is_used():
    from tests.conftest import english_keys

    keys = english_keys()
    source = "".join((ROOT / "positioning" / name).read_text() for name in ("store/backup.py", "cli.py"))
    assert {key for key in keys if key.startswith("backup_")} == set(re.findall(r'"(backup_\w+)"', source))


# --- any damage at all --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_backup(tmp_path_factory) -> bytes:
    """A backup of the seeded workspace, as bytes."""
    folder = tmp_path_factory.mktemp("small")
    database = open_database(f"sqlite:///{folder / 'data' / 'positioning.db'}")
    try:
        upgrade(database)
        seed(database)
        write_backup(database, folder / "workspace.zip")
    finally:
        database.close()
    return (folder / "workspace.zip").read_bytes()


@st.composite
def damaged(draw: st.DrawFn, original: bytes) -> bytes:
    """The backup with a few of its bytes changed: in the zip itself, or in one entry's content (zipped again)."""
    if draw(st.booleans()):
        return _flipped(draw, original)
    with zipfile.ZipFile(io.BytesIO(original)) as old:
        names = old.namelist()
        chosen = draw(st.sampled_from(names))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as new:
            for name in names:
                new.writestr(name, _flipped(draw, old.read(name)) if name == chosen else old.read(name))
    return out.getvalue()


def _flipped(draw: st.DrawFn, data: bytes) -> bytes:
    raw = bytearray(data)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, max(0, len(raw) - 1)))
        raw[at : at + 1] = draw(st.binary(min_size=0, max_size=2))
    return bytes(raw)


def test_a_damaged_backup_is_restored_whole_or_refused_in_words_and_leaves_nothing(small_backup, tmp_path_factory):
    folder = tmp_path_factory.mktemp("damaged")
    database = open_database(f"sqlite:///{folder / 'positioning.db'}")
    upgrade(database)

    @settings(derandomize=True, database=None, deadline=None, max_examples=60)
    @given(data=st.data())
    def restore_any(data):
        path = folder / "workspace.zip"
        path.write_bytes(data.draw(damaged(small_backup)))
        try:
            restore_backup(database, path)
        except BackupError as refused:
            assert refused.problems and all(p.message for p in refused.problems)
            assert all(not table for table in rows(database).values())
        else:
            with database.engine.begin() as connection:  # a change the archive still holds: start again empty
                for table in reversed(Base.metadata.sorted_tables):
                    connection.execute(table.delete())

    try:
        restore_any()
    finally:
        database.close()


def test_a_backup_that_unpacks_to_more_than_it_may_hold_is_refused_by_name_before_it_is_inflated(backup, empty):
    bomb = _rewritten(backup, lambda name, data: data, {"deck_templates/9.data": bytes(20 * 1024 * 1024)})
    assert bomb.stat().st_size < 200_000
    message = _refused(empty, bomb, Limits(unpacked_bytes=10 * 1024 * 1024))
    assert re.match(
        rf"{re.escape(str(bomb))}: its entries unpack to 20\.\d MB, more than the 10 MB a backup may hold", message
    )
    assert message.endswith("the file is damaged or a zip bomb")
