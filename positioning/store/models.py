"""The tables of the workspace, as SQLAlchemy 2 typed models.

A canvas row holds what the list shows (title, subject, verdict, latest
version number, times); each version row holds one version's YAML text and
its summary (as data: a wording key and its values, not finished text), and
a share row one read-only link. A workshop row is a live scoring workshop on
one version of a canvas; its participants' scores are one row per factor and
criterion (unique, so a score entered twice is stored once, the latest). Times are stored as UTC; :class:`UTCDateTime`
hands them back timezone-aware on SQLite as on PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

#: Lengths of the text columns (names are capped shorter by the loader).
ID_LENGTH = 32
TOKEN_LENGTH = 64
NAME_LENGTH = 400
SUMMARY_LENGTH = 400
VERDICT_LENGTH = 16
#: The largest version number the Integer columns hold (PostgreSQL's integer; SQLite's is wider): a
#: number past it names no version, and is never sent to the database (which would fail on it).
MAX_VERSION = 2**31 - 1


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator[datetime]):
    """A UTC time, stored without a zone and read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("times are stored as aware UTC datetimes")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    pass


class CanvasRow(Base):
    __tablename__ = "canvases"
    __table_args__ = (Index("ix_canvases_owner_updated", "owner", "updated"),)

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    owner: Mapped[str] = mapped_column(String(NAME_LENGTH))
    title: Mapped[str] = mapped_column(String(NAME_LENGTH))
    subject: Mapped[str] = mapped_column(String(NAME_LENGTH))
    verdict: Mapped[str | None] = mapped_column(String(VERDICT_LENGTH))
    version: Mapped[int] = mapped_column(Integer)
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    updated: Mapped[datetime] = mapped_column(UTCDateTime())
    deleted: Mapped[datetime | None] = mapped_column(UTCDateTime())


class VersionRow(Base):
    __tablename__ = "canvas_versions"
    __table_args__ = (UniqueConstraint("canvas_id", "number", name="uq_canvas_versions_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    canvas_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("canvases.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    yaml: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(NAME_LENGTH))
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    #: The version's one-line summary as data, JSON (:func:`positioning.i18n.summaries.summary_json`): worded
    #: in the reader's language when read.
    message: Mapped[str] = mapped_column(Text)


class ShareRow(Base):
    __tablename__ = "shares"

    token: Mapped[str] = mapped_column(String(TOKEN_LENGTH), primary_key=True)
    canvas_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("canvases.id", ondelete="CASCADE"), index=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WorkshopRow(Base):
    __tablename__ = "workshops"

    token: Mapped[str] = mapped_column(String(TOKEN_LENGTH), primary_key=True)
    canvas_id: Mapped[str] = mapped_column(String(ID_LENGTH), ForeignKey("canvases.id", ondelete="CASCADE"), index=True)
    #: The canvas version whose factors are scored.
    version: Mapped[int] = mapped_column(Integer)
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    closed: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ParticipantRow(Base):
    __tablename__ = "workshop_participants"

    id: Mapped[str] = mapped_column(String(TOKEN_LENGTH), primary_key=True)
    workshop: Mapped[str] = mapped_column(
        String(TOKEN_LENGTH), ForeignKey("workshops.token", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    finished: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ScoreRow(Base):
    __tablename__ = "workshop_scores"
    __table_args__ = (UniqueConstraint("participant", "factor", "criterion", name="uq_workshop_scores_cell"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    participant: Mapped[str] = mapped_column(
        String(TOKEN_LENGTH), ForeignKey("workshop_participants.id", ondelete="CASCADE"), index=True
    )
    factor: Mapped[str] = mapped_column(String(NAME_LENGTH))
    criterion: Mapped[str] = mapped_column(String(32))
    value: Mapped[float] = mapped_column(Float)
    updated: Mapped[datetime] = mapped_column(UTCDateTime())


class DeckTemplateRow(Base):
    """A user's PowerPoint template for the decks they download from the app (one per user)."""

    __tablename__ = "deck_templates"

    owner: Mapped[str] = mapped_column(String(NAME_LENGTH), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    updated: Mapped[datetime] = mapped_column(UTCDateTime())


class JobRow(Base):
    """A background job (an export of many canvases, an import of a zip): who asked, what, and how far it is.

    ``heartbeat`` is when its holder (the worker running it, or the local pool
    keeping it) last said it is alive; a job whose holder fell silent is run
    again or failed (:meth:`positioning.store.jobs.Jobs.reap`).
    """

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_owner_created", "owner", "created"), Index("ix_jobs_state", "state"))

    id: Mapped[str] = mapped_column(String(TOKEN_LENGTH), primary_key=True)
    owner: Mapped[str] = mapped_column(String(NAME_LENGTH))
    kind: Mapped[str] = mapped_column(String(16))
    spec: Mapped[str] = mapped_column(Text)
    #: Where it runs: "local" (the web process's pool) or "celery".
    runner: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    progress: Mapped[float] = mapped_column(Float)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer)
    created: Mapped[datetime] = mapped_column(UTCDateTime())
    updated: Mapped[datetime] = mapped_column(UTCDateTime())
    heartbeat: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires: Mapped[datetime] = mapped_column(UTCDateTime())
    result_name: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    result_type: Mapped[str | None] = mapped_column(String(128))
    result_size: Mapped[int | None] = mapped_column(Integer)


class JobInputRow(Base):
    """The file a job works on (an uploaded zip to import), kept until the job expires."""

    __tablename__ = "job_inputs"

    job: Mapped[str] = mapped_column(String(TOKEN_LENGTH), ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class JobResultRow(Base):
    """The file a finished job made, kept until the job expires (apart, so listing jobs never loads it)."""

    __tablename__ = "job_results"

    job: Mapped[str] = mapped_column(String(TOKEN_LENGTH), ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
