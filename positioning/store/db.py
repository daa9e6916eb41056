"""The database: an engine, sessions, and bringing the schema up to date.

:func:`open_database` opens the database at a SQLAlchemy URL (SQLite: the
file and its folder are created; WAL and a busy timeout on every connection so
that several workers share it, and each write transaction begun with ``BEGIN
IMMEDIATE``, retried a few times while another writer holds the lock, so that
no transaction fails upgrading a read to a write; PostgreSQL:
``postgresql+psycopg://...``). :func:`upgrade`
runs the Alembic migrations shipped in ``migrations/`` to head, holding a
lock so that several workers starting at once upgrade it once: an advisory
lock on PostgreSQL, an exclusive lock on a file beside the SQLite database.
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The advisory lock PostgreSQL workers take while upgrading (any fixed number).
UPGRADE_LOCK = 0x706F73_69746E
#: How long a SQLite writer waits for another one before giving up.
BUSY_TIMEOUT_MS = 5000
#: The pauses (seconds) before trying again to begin a SQLite write that found the database locked.
BUSY_RETRIES = (0.05, 0.2, 0.5)
#: The execution option of a SQLite transaction that only reads (begun deferred: it takes no write lock).
READING = "positioning_reading"


class DatabaseError(RuntimeError):
    """The database cannot be opened or upgraded; the message says which and why."""


@dataclass(frozen=True)
class Database:
    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction that may write: committed when the block ends, rolled back on an error.
        On SQLite it holds the write lock from its first statement (``BEGIN IMMEDIATE``): do the
        heavy work (parsing, serialising, analysing) before it, not inside."""
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """One transaction that only reads: on SQLite it takes no write lock, so readers never wait
        for writers (WAL) nor hold them back. On PostgreSQL its statements run without a transaction
        block (autocommit): each sees what was committed when it started, exactly as each statement of
        a READ COMMITTED transaction (PostgreSQL's default) does, without the round trips of BEGIN and
        COMMIT (opening a canvas reads six times: twelve round trips fewer)."""
        options = {READING: True} if self.is_sqlite else {"isolation_level": "AUTOCOMMIT"}
        with self.sessions.begin() as session:
            session.connection(execution_options=options)
            yield session

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def close(self) -> None:
        self.engine.dispose()


def open_database(url: str) -> Database:
    """The database at ``url`` (not yet upgraded: see :func:`upgrade`)."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            engine = _sqlite_engine(url, parsed.database)
        else:
            # PostgreSQL speaks UTF-8 on the wire whatever the database's encoding (SQL_ASCII included)
            utf8 = {"client_encoding": "utf8"} if parsed.get_backend_name() == "postgresql" else {}
            engine = create_engine(url, pool_pre_ping=True, connect_args=utf8)
    except (ArgumentError, NoSuchModuleError, ValueError, OSError) as error:
        raise DatabaseError(f"cannot open the database {_safe(url)} (DATABASE_URL): {error}") from error
    return Database(url, engine, sessionmaker(engine, expire_on_commit=False))


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling off (it would begin deferred, and only before a write):
    # every transaction is begun by _sqlite_begin (SQLAlchemy's "pysqlite serializable" recipe).
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """``BEGIN IMMEDIATE`` (``BEGIN`` for a reading transaction): the write lock is taken before the
    transaction reads, so it never fails upgrading a stale read to a write (SQLITE_BUSY at once, no
    busy timeout); a lock still held after the busy timeout is tried again after a pause."""
    if connection.get_execution_options().get(READING):
        connection.exec_driver_sql("BEGIN")
        return
    for pause in (*BUSY_RETRIES, None):
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except OperationalError as error:
            if pause is None or not is_locked(error):
                raise
            time.sleep(pause)


def is_locked(error: Exception) -> bool:
    """Whether ``error`` is SQLite's "database is locked" (another writer held it past the busy timeout)."""
    cause = getattr(error, "orig", None) or error
    code = str(getattr(cause, "sqlite_errorname", None) or "")
    return code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in str(cause)


def alembic_config() -> Config:
    """Alembic's configuration for the migrations shipped with the package (no ini file)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    """The newest schema revision the code knows."""
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision is not None
    return revision


def current(database: Database) -> str | None:
    """The database's schema revision (None when it is empty)."""
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(database: Database, revision: str = "head") -> str | None:
    """Bring the database to ``revision`` (the newest by default), once even
    when several processes try at the same time; returns the revision it is at."""
    try:
        with _upgrade_lock(database), database.engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        return current(database)
    except (SQLAlchemyError, OSError) as error:
        raise DatabaseError(f"cannot bring the database {_safe(database.url)} up to date: {reason(error)}") from error


@contextmanager
def _upgrade_lock(database: Database) -> Iterator[None]:
    if database.is_sqlite:
        path = database.engine.url.database
        if not path or path == ":memory:":
            yield
            return
        with open(f"{path}.lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        return
    with database.engine.connect() as connection:
        _advisory(connection, "pg_advisory_lock")
        try:
            yield
        finally:
            _advisory(connection, "pg_advisory_unlock")


def _advisory(connection: Connection, function: str) -> None:
    connection.execute(text(f"SELECT {function}(:key)"), {"key": UPGRADE_LOCK})
    connection.commit()


def reason(error: Exception) -> str:
    """What went wrong, in one line: the driver's own words without SQLAlchemy's wrapping."""
    cause = getattr(error, "orig", None) or error
    return " ".join(line.strip() for line in str(cause).splitlines() if line.strip())


#: A full disk in the words of SQLite (whose error names came with Python 3.11) and of the operating system.
_FULL_WORDS = ("database or disk is full", "No space left on device")
#: What a storage error means for someone saving: the disk is full, the database cannot be reached, or
#: (SQLite) another writer held it past the busy timeout and the retries.
Trouble = Literal["full", "unreachable", "busy"]


def trouble(error: Exception) -> Trouble | None:
    """The kind of trouble behind a storage ``error`` that a user can be told of in plain words (None: another
    kind, whose own words go to the log). Read from the driver's codes: SQLite's ``SQLITE_FULL`` and
    PostgreSQL's ``disk_full`` (53100); a connection refused or cut (no SQLSTATE, class 08, 57P0x); SQLite's
    ``SQLITE_BUSY`` and ``SQLITE_LOCKED``."""
    cause = getattr(error, "orig", None) or error
    code = str(getattr(cause, "sqlstate", None) or getattr(cause, "sqlite_errorname", None) or "")
    if code in ("53100", "SQLITE_FULL") or any(words in str(cause) for words in _FULL_WORDS):
        return "full"
    if getattr(error, "connection_invalidated", False) or code.startswith(("08", "57P")) or code == "SQLITE_CANTOPEN":
        return "unreachable"
    if not code and type(cause).__module__.startswith("psycopg") and type(cause).__name__ == "OperationalError":
        return "unreachable"  # psycopg could not connect at all: no server answered
    return "busy" if is_locked(error) else None


def _safe(url: str) -> str:
    """``url`` without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "(an unreadable URL)"
