"""Opening and upgrading the database: empty, from the previous schema with
data in it, twice, from several processes at once; and models and migrations
that agree."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import sqlite3
from datetime import datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from positioning.core.loader import parse_canvas
from positioning.store.db import DatabaseError, alembic_config, current, head, open_database, trouble, upgrade
from positioning.store.models import Base
from positioning.store.repository import Repository
from tests import old_release
from tests.conftest import ROOT
from tests.factory import make_canvas
from tests.old_release import SUMMARIES, previous_release


def test_an_empty_database_is_brought_to_the_newest_schema(database_url):
    database = open_database(database_url)
    try:
        assert current(database) is None
        assert upgrade(database) == head() == "0007"
        assert {"canvases", "canvas_versions", "shares"} <= set(inspect(database.engine).get_table_names())
        assert upgrade(database) == head()  # a second time changes nothing
    finally:
        database.close()


def test_the_models_and_the_migrations_agree(database):
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_a_database_at_the_previous_schema_keeps_its_canvases(database_url):
    database = open_database(database_url)
    try:
        upgrade(database, "0001")
        assert "shares" not in inspect(database.engine).get_table_names()
        with database.engine.begin() as connection:
            yaml = Repository.__module__  # any text: the old rows are copied, not parsed
            now = datetime(2026, 1, 2, 3, 4, 5)
            connection.execute(
                text(
                    "INSERT INTO canvases (id, owner, title, subject, verdict, version, created, updated) "
                    "VALUES ('old1', 'ann', 'Old canvas', 'Us', 'weak', 1, :now, :now)"
                ),
                {"now": now},
            )
            connection.execute(
                text(
                    "INSERT INTO canvas_versions (canvas_id, number, yaml, author, created, summary) "
                    "VALUES ('old1', 1, :yaml, 'ann', :now, 'Created')"
                ),
                {"yaml": yaml, "now": now},
            )
        assert upgrade(database) == "0007"
        repo = Repository(database, "ann")
        assert [(c.id, c.title, c.deleted) for c in repo.list()] == [("old1", "Old canvas", None)]
        assert repo.version("old1", 1) == yaml
        assert repo.share("old1").canvas_id == "old1"
    finally:
        database.close()


def _upgrade_in_a_process(url: str) -> str | None:
    database = open_database(url)
    try:
        return upgrade(database)
    finally:
        database.close()


def test_several_workers_starting_at_once_upgrade_once(database_url):
    context = multiprocessing.get_context("spawn")
    with context.Pool(3) as pool:
        assert pool.map(_upgrade_in_a_process, [database_url] * 3) == [head()] * 3
    database = open_database(database_url)
    try:
        info = Repository(database, "ann").create(make_canvas())
        assert info.version == 1
    finally:
        database.close()


def test_an_unusable_url_is_named_in_a_clear_error(tmp_path):
    with pytest.raises(DatabaseError, match="DATABASE_URL"):
        open_database("nosuchdb://user@host/db")
    unreachable = open_database("postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    with pytest.raises(DatabaseError, match="cannot bring the database") as error:
        upgrade(unreachable)
    assert "secret" not in str(error.value)


def test_a_sqlite_database_and_its_folder_are_created_on_first_start(tmp_path):
    database = open_database(f"sqlite:///{tmp_path / 'new' / 'folder' / 'positioning.db'}")
    try:
        upgrade(database)
        assert (tmp_path / "new" / "folder" / "positioning.db").is_file()
    finally:
        database.close()


def test_the_trouble_behind_a_storage_error_is_told_from_the_drivers_codes(sqlite_database):
    def caught(url: str, statement: str = "SELECT 1") -> SQLAlchemyError:
        database = open_database(url)
        try:
            with database.engine.connect() as connection:
                connection.execute(text(statement))
        except SQLAlchemyError as error:
            return error
        finally:
            database.close()
        raise AssertionError("no error")

    assert trouble(caught("postgresql+psycopg://nobody@127.0.0.1:1/none")) == "unreachable"  # nobody answers
    assert trouble(caught(sqlite_database.url, "SELECT * FROM no_such_table")) is None  # said in its own words
    full = sqlite3.OperationalError("database or disk is full")  # as Python 3.10 raises it, without a code name
    assert trouble(OperationalError("INSERT", {}, full)) == "full"


def test_a_postgresql_database_created_as_sql_ascii_still_holds_chinese_canvases(postgres_url):
    from tests import postgres

    url = postgres.new_database(postgres_url, encoding="SQL_ASCII")
    database = open_database(url)
    try:
        assert upgrade(database) == head()
        repo = Repository(database, "ann")
        made = repo.create(parse_canvas((ROOT / "configs" / "ride_hailing_zh.yaml").read_text(encoding="utf-8")))
        assert repo.get(made.id).info.title == made.title and any("\u4e00" <= ch <= "\u9fff" for ch in made.title)
    finally:
        database.close()
        postgres.drop_database(postgres_url, url)


def _downgrade(database, revision: str) -> None:
    with database.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_summaries_stored_as_text_by_the_previous_release_become_data_worded_in_either_language(database_url):
    database = open_database(database_url)
    try:
        previous_release(database)
        assert upgrade(database) == head()
        versions = Repository(database, "ann").versions(old_release.CANVAS_ID)[::-1]
        assert [v.summary for v in versions] == [stored for stored, _, _ in SUMMARIES]  # as before, byte for byte
        assert [v.summary_in("en") for v in versions] == [english for _, english, _ in SUMMARIES]
        assert [v.summary_in("zh") for v in versions] == [chinese for _, _, chinese in SUMMARIES]
        with database.engine.connect() as connection:
            stored = connection.execute(text("SELECT message FROM canvas_versions ORDER BY number")).scalars().all()
        assert json.loads(stored[1]) == {"id": "created_from", "params": {"name": "Coffee"}, "lang": "en"}
        assert json.loads(stored[2])["lang"] == "zh"
        assert json.loads(stored[5])["params"]["change"]["field"] == "capability"
        assert json.loads(stored[8]) == {"id": "text", "params": {"text": SUMMARIES[8][0]}, "lang": "en"}
        _downgrade(database, "0005")  # and back: the text as it was written
        with database.engine.connect() as connection:
            texts = connection.execute(text("SELECT summary FROM canvas_versions ORDER BY number")).scalars().all()
        assert texts == [stored for stored, _, _ in SUMMARIES]
    finally:
        database.close()


def test_the_migration_reads_old_summaries_with_its_own_words_after_a_rewording(tmp_path, monkeypatch):
    """A later release rewords "Restored version N": the text the previous release stored is still read back
    into data by migration 0006, which reads with the words kept beside it."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from positioning.i18n import catalogue

    folder = tmp_path / "locale"
    shutil.copytree(catalogue.FOLDER, folder)
    po = folder / "en" / "LC_MESSAGES" / "positioning.po"
    with po.open("rb") as f:
        words = read_po(f)
    words["history_restored"].string = "Brought back version {version}"
    with (folder / "en" / "LC_MESSAGES" / "positioning.mo").open("wb") as f:
        write_mo(f, words)
    monkeypatch.setattr(catalogue, "FOLDER", folder)
    database = open_database(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        previous_release(database)
        upgrade(database)
        with database.engine.connect() as connection:
            stored = connection.execute(text("SELECT message FROM canvas_versions ORDER BY number")).scalars().all()
        assert json.loads(stored[3]) == {"id": "history_restored", "params": {"version": "3"}, "lang": "en"}
        version = Repository(database, "ann").versions(old_release.CANVAS_ID)[::-1][3]
        assert version.summary_in("en") == "Brought back version 3"  # worded by today's words
    finally:
        database.close()


def test_user_names_stored_as_utf8_read_as_latin1_are_written_back_as_meant(database_url):
    """Before 0007 the proxy's "José 李" was read as Latin-1 and stored as "JosÃ© æ\\x9d\\x8e"; now that
    the header is read as UTF-8, that user still finds their canvases, versions and jobs. A real Latin-1
    name ("José", one byte a letter) and an ASCII one are left as they are."""
    mangled = "José 李".encode().decode("latin-1")
    database = open_database(database_url)
    try:
        upgrade(database, "0006")
        now = datetime(2026, 1, 2, 3, 4, 5)
        with database.engine.begin() as connection:
            for number, owner in enumerate((mangled, "José", "ann"), start=1):
                connection.execute(
                    text(
                        "INSERT INTO canvases (id, owner, title, subject, verdict, version, created, updated) "
                        "VALUES (:id, :owner, 'Old canvas', 'Us', 'weak', 1, :now, :now)"
                    ),
                    {"id": f"old{number}", "owner": owner, "now": now},
                )
                connection.execute(
                    text(
                        "INSERT INTO canvas_versions (canvas_id, number, yaml, author, created, message) "
                        "VALUES (:id, 1, 'x', :owner, :now, '\"Created\"')"
                    ),
                    {"id": f"old{number}", "owner": owner, "now": now},
                )
        assert upgrade(database) == "0007"
        for user, canvas_id in (("José 李", "old1"), ("José", "old2"), ("ann", "old3")):
            assert [c.id for c in Repository(database, user).list()] == [canvas_id], user
        assert Repository(database, mangled).list() == []
        with database.engine.connect() as connection:
            authors = connection.execute(text("SELECT author FROM canvas_versions ORDER BY canvas_id")).scalars()
            assert list(authors) == ["José 李", "José", "ann"]
    finally:
        database.close()


def test_a_sqlite_write_waits_out_another_writer_and_one_locked_out_too_long_is_told_busy(tmp_path, monkeypatch):
    """Writes begin IMMEDIATE and try again after the busy timeout (here 0.1 s, then pauses of 0.05 s
    and 0.1 s): a lock held 0.2 s is waited out; one held past every try is SQLITE_BUSY, told "busy"."""
    import threading

    import positioning.store.db as db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(db, "BUSY_RETRIES", (0.05, 0.1))
    database = open_database(f"sqlite:///{tmp_path / 'positioning.db'}")
    upgrade(database)
    holder = sqlite3.connect(tmp_path / "positioning.db", isolation_level=None, check_same_thread=False)
    try:
        holder.execute("BEGIN IMMEDIATE")
        threading.Timer(0.2, holder.execute, ("COMMIT",)).start()
        assert Repository(database, "ann").create(make_canvas()).version == 1  # waited, not refused
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(OperationalError) as locked:
            Repository(database, "ann").create(make_canvas())
        assert trouble(locked.value) == "busy"
        assert len(Repository(database, "ann").list()) == 1  # reading is not held back by the writer
    finally:
        holder.close()
        database.close()


def test_a_postgresql_reading_holds_no_transaction_open_and_sees_each_commit(pg_database_url):
    """On PostgreSQL a reading's statements run in autocommit: no BEGIN and COMMIT round trips, and (as
    each statement of a READ COMMITTED transaction) each sees what was committed before it started."""
    database = open_database(pg_database_url)
    upgrade(database)
    repo = Repository(database, "ann")
    try:
        with database.reading() as session:
            status = session.connection().connection.dbapi_connection.info.transaction_status
            assert status.name == "IDLE"  # the pool's ping left no transaction either
            before = session.scalar(text("SELECT count(*) FROM canvases"))
            repo.create(make_canvas())  # committed by another connection meanwhile
            assert session.scalar(text("SELECT count(*) FROM canvases")) == before + 1
            assert session.connection().connection.dbapi_connection.info.transaction_status.name == "IDLE"
        with database.session() as session:  # a writing session still is one transaction
            session.execute(text("SELECT 1"))
            assert session.connection().connection.dbapi_connection.info.transaction_status.name == "INTRANS"
        assert [info.owner for info in repo.list()] == ["ann"]
    finally:
        database.close()


def test_a_sqlite_reading_is_one_snapshot(sqlite_database):
    """On SQLite a reading stays one transaction (begun deferred, no write lock): what it reads is one
    snapshot, whatever is committed meanwhile."""
    repo = Repository(sqlite_database, "ann")
    with sqlite_database.reading() as session:
        before = session.scalar(text("SELECT count(*) FROM canvases"))
        repo.create(make_canvas())
        assert session.scalar(text("SELECT count(*) FROM canvases")) == before
    assert len(repo.list()) == before + 1
