"""The one door to stored canvases.

A :class:`Repository` acts for one owner: it sees that owner's canvases
only, and a canvas of someone else is :class:`NotFound`, exactly like one
that does not exist. It takes and gives validated :class:`~positioning.core.model.Canvas`
objects and stores each as the writer's YAML text (:func:`positioning.output.writer.dump_canvas`),
with its title, subject and verdict beside it for the list.

Every change is a new version (number, author, time, one-line summary,
stored as data: :class:`~positioning.i18n.summaries.Summary`, worded in the
reader's language); nothing is overwritten: restoring an old version makes a new one, deleting
moves the canvas to the trash. A save names the version it was based on and
is refused with :class:`Conflict` when the canvas has moved on since
(optimistic concurrency), leaving the stored canvas unchanged.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeGuard, cast

from pydantic import ValidationError
from sqlalchemy import CursorResult, Select, func, or_, select, update
from sqlalchemy.orm import Session

from positioning.core.analysis import analyse
from positioning.core.loader import MAX_BYTES, CanvasError, canvas_from_data, parse_canvas
from positioning.core.messages import say
from positioning.core.model import Canvas, with_title
from positioning.core.sizes import ByteSize
from positioning.i18n.summaries import Summary, from_json, sentence, summary_json, summary_text, verbatim
from positioning.i18n.wording import problem_at
from positioning.output.writer import canvas_data, dump_canvas
from positioning.store.db import Database
from positioning.store.models import MAX_VERSION, CanvasRow, ShareRow, VersionRow, utcnow

#: Random bytes in a canvas id (URL-safe text of 12 characters) and in a share token (192 bits).
ID_BYTES = 9
TOKEN_BYTES = 24


class NotFound(LookupError):
    """No such canvas, version or share for this owner."""


class Revoked(NotFound):
    """A share link its owner revoked (it opens nothing, like an unknown one, but it existed)."""


class TooLarge(CanvasError):
    """A canvas whose YAML as stored would be over :data:`~positioning.core.loader.MAX_BYTES`: the writer
    escapes some characters (a name of U+10FFFF takes 10 bytes where the file held 4), so a file within the
    limit can make more. Nothing is stored; its one problem says how large it would be and what to do."""

    def __init__(self, size: int, source: str = "canvas") -> None:
        self.size = size
        words = say("stored_too_large", size=ByteSize(size), limit=ByteSize(MAX_BYTES))
        super().__init__([problem_at(source, None, "", words)])


class Conflict(Exception):
    """The canvas changed since the version a save was based on."""

    def __init__(self, expected: int, current: int) -> None:
        super().__init__(f"version {expected} is no longer the latest: the canvas is at version {current}")
        self.expected = expected
        self.current = current


@dataclass(frozen=True)
class CanvasInfo:
    """A canvas as the list shows it. ``updated`` is the time of its latest
    version (UTC); ``deleted`` the time it went to the trash, if it did."""

    id: str
    owner: str
    title: str
    subject: str
    verdict: str | None
    version: int
    created: datetime
    updated: datetime
    deleted: datetime | None = None


@dataclass(frozen=True)
class Stored:
    """A canvas's latest version: its metadata and YAML text."""

    info: CanvasInfo
    yaml: str


@dataclass(frozen=True)
class VersionInfo:
    """One version. ``message`` is its summary as data; ``summary`` the same as it was written (the
    language of whoever saved it), by default; :meth:`summary_in` words it in any language."""

    version: int
    created: datetime
    author: str
    summary: str = ""
    message: Summary = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.message is None:
            object.__setattr__(self, "message", verbatim(self.summary))
        elif not self.summary:
            object.__setattr__(self, "summary", summary_text(self.message))

    def summary_in(self, language: str) -> str:
        return summary_text(self.message, language)


#: A summary as the callers give it: data, or free text read as written in every language.
SummaryLike = Summary | str


@dataclass(frozen=True)
class ShareInfo:
    token: str
    canvas_id: str
    created: datetime
    revoked: datetime | None = None


Canvases = list[CanvasInfo]
Versions = list[VersionInfo]
Shares = list[ShareInfo]


class Repository:
    """Canvases of ``owner`` in ``database``; each call is one short transaction."""

    def __init__(self, database: Database, owner: str) -> None:
        self.database = database
        self.owner = owner

    def list(self, *, search: str = "", trash: bool = False) -> Canvases:
        """The owner's canvases, most recently changed first; ``search``
        matches title or subject (case-insensitive); ``trash`` lists the deleted ones instead."""
        query = select(CanvasRow).where(CanvasRow.owner == self.owner)
        query = query.where(CanvasRow.deleted.is_not(None) if trash else CanvasRow.deleted.is_(None))
        if search.strip():
            pattern = "%" + _escape_like(search.strip().lower()) + "%"
            query = query.where(
                or_(
                    func.lower(CanvasRow.title).like(pattern, escape="\\"),
                    func.lower(CanvasRow.subject).like(pattern, escape="\\"),
                )
            )
        with self.database.reading() as session:
            rows = session.scalars(query.order_by(CanvasRow.updated.desc(), CanvasRow.id)).all()
            return [_info(row) for row in rows]

    def is_empty(self) -> bool:
        """Whether the owner has no canvas at all, not even in the trash."""
        with self.database.reading() as session:
            return session.scalar(select(CanvasRow.id).where(CanvasRow.owner == self.owner).limit(1)) is None

    def create(self, canvas: Canvas, *, summary: SummaryLike | None = None) -> CanvasInfo:
        """A new canvas at version 1."""
        with self.database.session() as session:
            return self.add(session, canvas, summary=sentence("summary_created") if summary is None else summary)

    def add(self, session: Session, canvas: Canvas, *, summary: SummaryLike, text: str | None = None) -> CanvasInfo:
        """A new canvas at version 1, in the caller's transaction (so that several are stored all or none);
        ``text`` is its :func:`stored_text` when the caller made it already (:class:`TooLarge` if over)."""
        text = stored_text(canvas) if text is None else text  # before the first statement takes the lock
        described = _described(canvas)
        now = utcnow()
        row = CanvasRow(id=secrets.token_urlsafe(ID_BYTES), owner=self.owner, version=1, created=now, updated=now)
        for key, value in described.items():
            setattr(row, key, value)
        session.add(row)
        session.flush()
        session.add(_version(row.id, 1, text, self.owner, now, summary))
        return _info(row)

    def get(self, canvas_id: str) -> Stored:
        """The latest version (NotFound if missing, someone else's, or in the trash): the canvas's row and
        its latest text in one query (a page opening a canvas asks three times)."""
        with self.database.reading() as session:
            found = session.execute(_latest(canvas_id)).first() if isinstance(canvas_id, str) else None
            if found is None or found[0].owner != self.owner or found[0].deleted is not None:
                raise NotFound(f"no canvas {canvas_id!r}")
            return Stored(_info(found[0]), found[1])

    def save(self, canvas_id: str, canvas: Canvas, *, expected: int, summary: SummaryLike) -> CanvasInfo:
        """Store ``canvas`` as the next version if the latest is still ``expected``
        (else :class:`Conflict`, nothing changed). Saving a canvas whose YAML equals
        the latest one's stores nothing and returns the current info."""
        return self._store(canvas_id, canvas, stored_text(canvas), expected=expected, summary=summary)

    def versions(self, canvas_id: str) -> Versions:
        """Every version, newest first."""
        with self.database.reading() as session:
            self._row(session, canvas_id)
            rows = session.execute(
                select(VersionRow.number, VersionRow.created, VersionRow.author, VersionRow.message)
                .where(VersionRow.canvas_id == canvas_id)
                .order_by(VersionRow.number.desc())
            ).all()
            return [
                VersionInfo(number, created, author, message=from_json(raw)) for number, created, author, raw in rows
            ]

    def version(self, canvas_id: str, number: int) -> str:
        """The YAML text of version ``number``."""
        with self.database.reading() as session:
            self._row(session, canvas_id)
            return _text(session, canvas_id, number)

    def restore_version(self, canvas_id: str, number: int, *, expected: int | None = None) -> CanvasInfo:
        """A new version with the text of version ``number`` (summary "Restored version N");
        ``expected`` as in :meth:`save` (None: on top of whatever is latest)."""
        with self.database.reading() as session:
            row = self._row(session, canvas_id)
            text, latest = _text(session, canvas_id, number), row.version
        canvas = parse_canvas(text)
        base = latest if expected is None else expected
        return self._store(canvas_id, canvas, text, expected=base, summary=sentence("history_restored", version=number))

    def duplicate(self, canvas_id: str, *, title: str) -> CanvasInfo:
        """A new canvas (own id, version 1) with the latest text under ``title``."""
        stored = self.get(canvas_id)
        canvas = parse_canvas(stored.yaml)
        try:
            copy = with_title(canvas, title)
        except ValidationError:  # refused in the loader's words
            copy = canvas_from_data({**canvas_data(canvas), "title": title})
        return self.create(copy, summary=sentence("summary_copied", name=stored.info.title))

    def delete(self, canvas_id: str) -> None:
        """To the trash: no longer listed or opened, until :meth:`restore`."""
        with self.database.session() as session:
            self._row(session, canvas_id).deleted = utcnow()

    def restore(self, canvas_id: str) -> CanvasInfo:
        """Back from the trash."""
        with self.database.session() as session:
            row = self._row(session, canvas_id, trashed=True)
            row.deleted = None
            return _info(row)

    def share(self, canvas_id: str) -> ShareInfo:
        """A new read-only share link token (192 random bits)."""
        with self.database.session() as session:
            self._row(session, canvas_id)
            row = ShareRow(token=secrets.token_urlsafe(TOKEN_BYTES), canvas_id=canvas_id, created=utcnow())
            session.add(row)
            return _share(row)

    def shares(self, canvas_id: str) -> Shares:
        """The canvas's live (not revoked) share tokens, oldest first."""
        with self.database.reading() as session:
            self._row(session, canvas_id)
            rows = session.scalars(
                select(ShareRow)
                .where(ShareRow.canvas_id == canvas_id, ShareRow.revoked.is_(None))
                .order_by(ShareRow.created, ShareRow.token)
            ).all()
            return [_share(row) for row in rows]

    def revoke(self, canvas_id: str, token: str) -> None:
        """The token opens nothing any more (NotFound if it is not this canvas's)."""
        with self.database.session() as session:
            self._row(session, canvas_id)
            row = session.get(ShareRow, token)
            if row is None or row.canvas_id != canvas_id or row.revoked is not None:
                raise NotFound(f"no share link {token!r} on this canvas")
            row.revoked = utcnow()

    # --- inside a transaction ---------------------------------------------------

    def _row(self, session: Session, canvas_id: str, *, trashed: bool = False) -> CanvasRow:
        """The owner's canvas ``canvas_id`` (in the trash when ``trashed``), else NotFound."""
        row = session.get(CanvasRow, canvas_id) if isinstance(canvas_id, str) else None
        if row is None or row.owner != self.owner or (row.deleted is not None) != trashed:
            raise NotFound(f"no canvas {canvas_id!r}")
        return row

    def _store(self, canvas_id: str, canvas: Canvas, text: str, *, expected: int, summary: SummaryLike) -> CanvasInfo:
        described = _described(canvas)  # analysed before the transaction, which holds the write lock
        now = utcnow()
        with self.database.session() as session:
            row = self._row(session, canvas_id)
            if not is_version(expected):  # no version the database could hold: never the latest
                raise Conflict(expected, row.version)
            if row.version == expected and _text(session, canvas_id, expected) == text:
                return _info(row)
            moved = session.execute(
                update(CanvasRow)
                .where(CanvasRow.id == canvas_id, CanvasRow.version == expected, CanvasRow.deleted.is_(None))
                .values(version=expected + 1, updated=now, **described)
                .execution_options(synchronize_session=False)
            )
            if cast(CursorResult[Any], moved).rowcount != 1:
                raise Conflict(expected, row.version)
            session.add(_version(canvas_id, expected + 1, text, self.owner, now, summary))
            session.flush()
            session.refresh(row)
            return _info(row)


def shared(database: Database, token: str) -> Stored:
    """The canvas a live share token opens, whoever asks (:class:`Revoked` if revoked, NotFound if
    unknown or the canvas is in the trash)."""
    with database.reading() as session:
        share = session.get(ShareRow, token) if isinstance(token, str) and token else None
        if share is not None and share.revoked is not None:
            raise Revoked("this share link was revoked by its owner")
        row = None if share is None else session.get(CanvasRow, share.canvas_id)
        if row is None or row.deleted is not None:
            raise NotFound("this share link does not open anything (it may have been revoked)")
        return Stored(_info(row), _text(session, row.id, row.version))


def owners(database: Database) -> Sequence[str]:
    """Every owner with at least one canvas (for the CLI and backups)."""
    with database.reading() as session:
        return list(session.scalars(select(CanvasRow.owner).distinct().order_by(CanvasRow.owner)))


# --- helpers -----------------------------------------------------------------------


def stored_text(canvas: Canvas, source: str = "canvas") -> str:
    """The YAML text ``canvas`` is stored as; :class:`TooLarge` (problems of ``source``) when over MAX_BYTES."""
    text = dump_canvas(canvas)
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise TooLarge(size, source)
    return text


def _described(canvas: Canvas) -> dict[str, str | None]:
    return {"title": canvas.title, "subject": canvas.subject, "verdict": analyse(canvas).diagnosis.verdict}


#: The most a stored summary may hold as JSON; a longer one is stored as its words (cut, as text is).
MAX_SUMMARY_JSON = 4000


def _version(canvas_id: str, number: int, text: str, author: str, when: datetime, summary: SummaryLike) -> VersionRow:
    message = summary_json(verbatim(summary) if isinstance(summary, str) else summary)
    if len(message) > MAX_SUMMARY_JSON:
        message = summary_json(verbatim(summary_text(from_json(message))))
    return VersionRow(canvas_id=canvas_id, number=number, yaml=text, author=author, created=when, message=message)


def is_version(number: object) -> TypeGuard[int]:
    """Whether ``number`` can be a version number (a whole number from 1 to :data:`MAX_VERSION`)."""
    return isinstance(number, int) and not isinstance(number, bool) and 1 <= number <= MAX_VERSION


def _latest(canvas_id: str) -> Select[CanvasRow, str]:
    """The canvas ``canvas_id``'s row and the text of its latest version."""
    latest = (VersionRow.canvas_id == CanvasRow.id) & (VersionRow.number == CanvasRow.version)
    return select(CanvasRow, VersionRow.yaml).join(VersionRow, latest).where(CanvasRow.id == canvas_id)


def _text(session: Session, canvas_id: str, number: int) -> str:
    if not is_version(number):
        raise NotFound(f"no version {number} of canvas {canvas_id!r}")
    text = session.scalar(select(VersionRow.yaml).where(VersionRow.canvas_id == canvas_id, VersionRow.number == number))
    if text is None:
        raise NotFound(f"no version {number} of canvas {canvas_id!r}")
    return text


def _info(row: CanvasRow) -> CanvasInfo:
    return CanvasInfo(
        id=row.id,
        owner=row.owner,
        title=row.title,
        subject=row.subject,
        verdict=row.verdict,
        version=row.version,
        created=row.created,
        updated=row.updated,
        deleted=row.deleted,
    )


def _share(row: ShareRow) -> ShareInfo:
    return ShareInfo(token=row.token, canvas_id=row.canvas_id, created=row.created, revoked=row.revoked)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
