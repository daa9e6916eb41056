"""Live scoring workshops: a link where each participant scores every factor.

The owner of a canvas starts a workshop on its latest version
(:meth:`Workshops.start`) and gets an unguessable token (192 random bits). Whoever
has the link joins under a name and scores the factors one at a time; every
score is stored as it is entered, one row per participant, factor and
criterion (an upsert: a score entered twice is stored once, the latest). The
owner follows who has finished and reads the scores as a panel
(:meth:`Workshops.status`); closing (:meth:`Workshops.close`) stops further
scores and hands back the panel, which the app stores as a new version of the
canvas through the ordinary edit path (so it can be undone).
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from positioning.core.changes import diff
from positioning.core.loader import parse_canvas
from positioning.core.model import CRITERIA, MAX_RATERS, Canvas
from positioning.core.names import MAX_NAME, character_name, is_name, refused_character
from positioning.store.db import Database
from positioning.store.models import CanvasRow, ParticipantRow, ScoreRow, VersionRow, WorkshopRow, utcnow
from positioning.store.repository import TOKEN_BYTES, NotFound, Repository

#: Most participants of one workshop (they become a panel, which holds at most this many raters).
MAX_PARTICIPANTS = MAX_RATERS
#: A rater's scores: factor -> criterion -> value.
Scores = dict[str, dict[str, float]]


class Refused(ValueError):
    """A workshop request that cannot be done, in words for the participant."""

    def __init__(self, message: str, *, closed: bool = False) -> None:
        super().__init__(message)
        self.closed = closed


@dataclass(frozen=True)
class WorkshopInfo:
    token: str
    canvas_id: str
    version: int
    created: datetime
    closed: datetime | None = None


@dataclass(frozen=True)
class Sheet:
    """What a participant scores: the canvas version of the workshop."""

    token: str
    canvas: Canvas
    closed: bool


@dataclass(frozen=True)
class Participant:
    id: str
    name: str
    finished: bool
    scores: Scores = field(default_factory=dict)

    def count(self) -> int:
        """How many scores are given (four per factor)."""
        return sum(len(criteria) for criteria in self.scores.values())


@dataclass(frozen=True)
class Status:
    workshop: WorkshopInfo
    participants: tuple[Participant, ...]
    #: Scores to give per participant: four per factor.
    cells: int
    #: The scores so far as a panel (``[{"rater", "scores"}]``): complete factors only, each under the
    #: factor's name in the canvas's latest version (a factor renamed since the start keeps its scores).
    raters: tuple[dict[str, Any], ...]
    #: Factors scored in the workshop that the latest version no longer has (removed): their scores are
    #: left out of :attr:`raters`.
    dropped: tuple[str, ...] = ()


class Workshops:
    """The workshops of one owner's canvases."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository
        self.database = repository.database

    def start(self, canvas_id: str) -> WorkshopInfo:
        """A new workshop on the canvas's latest version."""
        version = self.repository.get(canvas_id).info.version
        row = WorkshopRow(
            token=secrets.token_urlsafe(TOKEN_BYTES), canvas_id=canvas_id, version=version, created=utcnow()
        )
        with self.database.session() as session:
            session.add(row)
            return _info(row)

    def open(self, canvas_id: str) -> list[WorkshopInfo]:
        """The canvas's workshops that are not closed, oldest first."""
        self.repository.get(canvas_id)
        with self.database.reading() as session:
            rows = session.scalars(
                select(WorkshopRow)
                .where(WorkshopRow.canvas_id == canvas_id, WorkshopRow.closed.is_(None))
                .order_by(WorkshopRow.created, WorkshopRow.token)
            ).all()
            return [_info(row) for row in rows]

    def status(self, canvas_id: str, token: str) -> Status:
        """Who has joined, how far each is, and the scores as a panel of the latest version's factors."""
        latest = parse_canvas(self.repository.get(canvas_id).yaml).factor_names
        with self.database.reading() as session:
            row = _workshop(session, token, canvas_id=canvas_id)
            canvas = _canvas(session, row)
            people = _participants(session, token)
            raters, dropped = _followed(session, row, panel_of(people), latest)
            return Status(_info(row), tuple(people), 4 * len(canvas.factors), tuple(raters), dropped)

    def close(self, canvas_id: str, token: str) -> Status:
        """No more scores; the status as it stands (closing twice is the same as once)."""
        self.repository.get(canvas_id)
        with self.database.session() as session:
            row = _workshop(session, token, canvas_id=canvas_id)
            row.closed = row.closed or utcnow()
        return self.status(canvas_id, token)


# --- the participants' side: the token is the key ----------------------------------------


def sheet(database: Database, token: str) -> Sheet:
    """The canvas a workshop link scores (NotFound for an unknown link or a deleted canvas)."""
    with database.reading() as session:
        row = _workshop(session, token)
        return Sheet(token, _canvas(session, row), row.closed is not None)


def join(database: Database, token: str, name: object) -> Participant:
    """A new participant named ``name``."""
    text = _name(name)
    with database.session() as session:
        # A no-op update takes the workshop row's write lock first (a row lock on PostgreSQL, the
        # database's on SQLite), so concurrent joins count one after the other and the cap holds.
        session.execute(update(WorkshopRow).where(WorkshopRow.token == token).values(version=WorkshopRow.version))
        row = _open_workshop(session, token)
        count = session.scalar(select(func.count()).where(ParticipantRow.workshop == row.token)) or 0
        if count >= MAX_PARTICIPANTS:
            raise Refused(f"this workshop is full ({MAX_PARTICIPANTS} participants)")
        person = ParticipantRow(id=secrets.token_urlsafe(TOKEN_BYTES), workshop=token, name=text, created=utcnow())
        session.add(person)
        return Participant(person.id, text, False)


def participant(database: Database, token: str, participant_id: str) -> Participant:
    with database.reading() as session:
        _workshop(session, token)
        person = _person(session, token, participant_id)
        return _participant(person, _scores(session, [person.id]).get(person.id, {}))


def put_score(
    database: Database, token: str, participant_id: str, factor: object, criterion: object, value: object
) -> None:
    """Store one score (replacing an earlier one of the same cell); checked against the canvas first,
    without the write lock (the canvas version a workshop scores never changes)."""
    with database.reading() as session:
        row = _open_workshop(session, token)
        _person(session, token, participant_id)
        checked = _checked_score(_canvas(session, row), factor, criterion, value)
    with database.session() as session:
        _open_workshop(session, token)
        person = _person(session, token, participant_id)
        _upsert(session, database.is_sqlite, person.id, *checked)


def finish(database: Database, token: str, participant_id: str) -> None:
    with database.session() as session:
        _open_workshop(session, token)
        person = _person(session, token, participant_id)
        person.finished = person.finished or utcnow()


def panel_of(people: list[Participant] | tuple[Participant, ...]) -> list[dict[str, Any]]:
    """The participants' complete factors (all four criteria) as panel raters: the first
    ``MAX_RATERS`` who completed one, in joining order, names made unique within the name limit."""
    raters: list[dict[str, Any]] = []
    taken: set[str] = set()
    for person in people:
        scores = {f: dict(c) for f, c in person.scores.items() if len(c) == len(CRITERIA)}
        if not scores or len(raters) == MAX_RATERS:
            continue
        name, n = person.name, 1
        while name in taken:
            n += 1
            suffix = f" ({n})"
            name = person.name[: MAX_NAME - len(suffix)] + suffix
        taken.add(name)
        raters.append({"rater": name, "scores": scores})
    return raters


# --- inside a transaction ---------------------------------------------------------------

#: Versions read at most to follow the factors renamed since a workshop started.
MAX_FOLLOWED = 1000


def _followed(
    session: Session, row: WorkshopRow, raters: list[dict[str, Any]], latest: tuple[str, ...]
) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """The raters' scores under the latest version's factor names, and the factors scored that it no longer
    has. When a scored name is missing from the latest version, the versions since the start are read and
    the factors renamed in each followed (as History names a rename: :func:`positioning.core.changes.diff`)."""
    scored = list(dict.fromkeys(f for r in raters for f in r["scores"]))
    if set(scored) <= set(latest):
        return raters, ()
    now = {old: new for old, new in _renames_since(session, row).items() if new in latest}
    moved = [{"rater": r["rater"], "scores": {now[f]: s for f, s in r["scores"].items() if f in now}} for r in raters]
    return [r for r in moved if r["scores"]], tuple(f for f in scored if f not in now)


def _renames_since(session: Session, row: WorkshopRow) -> dict[str, str]:
    """Each factor of the workshop's version -> its name in the latest version, renames followed version
    by version (a factor removed on the way is left out)."""
    texts = session.scalars(
        select(VersionRow.yaml)
        .where(VersionRow.canvas_id == row.canvas_id, VersionRow.number >= row.version)
        .order_by(VersionRow.number)
        .limit(MAX_FOLLOWED)
    ).all()
    names = [parse_canvas(text).factor_names for text in texts]
    follow = {name: name for name in names[0]} if names else {}
    for before, after in pairwise(names):
        listed = diff({"factors": [{"name": n} for n in before]}, {"factors": [{"name": n} for n in after]})
        step = {c.old: c.new for c in listed if c.kind == "factor_renamed"}
        follow = {start: step.get(name, name) for start, name in follow.items() if step.get(name, name) in after}
    return follow


def _workshop(session: Session, token: object, *, canvas_id: str | None = None) -> WorkshopRow:
    """The workshop of ``token``; NotFound when unknown, of another canvas, or its canvas is in the trash."""
    row = session.get(WorkshopRow, token) if isinstance(token, str) and token else None
    canvas = session.get(CanvasRow, row.canvas_id) if row is not None else None
    if row is None or canvas is None or canvas.deleted is not None:
        raise NotFound("this workshop link does not open anything")
    if canvas_id is not None and row.canvas_id != canvas_id:
        raise NotFound("this workshop link does not open anything")
    return row


def _open_workshop(session: Session, token: str) -> WorkshopRow:
    row = _workshop(session, token)
    if row.closed is not None:
        raise Refused("the facilitator has closed this workshop: scores are no longer taken", closed=True)
    return row


def _canvas(session: Session, row: WorkshopRow) -> Canvas:
    text = session.scalar(
        select(VersionRow.yaml).where(VersionRow.canvas_id == row.canvas_id, VersionRow.number == row.version)
    )
    if text is None:
        raise NotFound("the canvas of this workshop is gone")
    return parse_canvas(text)


def _person(session: Session, token: str, participant_id: object) -> ParticipantRow:
    person = session.get(ParticipantRow, participant_id) if isinstance(participant_id, str) else None
    if person is None or person.workshop != token:
        raise NotFound("no such participant in this workshop; join again")
    return person


def _participants(session: Session, token: str) -> list[Participant]:
    people = session.scalars(
        select(ParticipantRow)
        .where(ParticipantRow.workshop == token)
        .order_by(ParticipantRow.created, ParticipantRow.id)
    ).all()
    scores = _scores(session, [p.id for p in people])
    return [_participant(p, scores.get(p.id, {})) for p in people]


def _scores(session: Session, ids: list[str]) -> dict[str, Scores]:
    found: dict[str, Scores] = defaultdict(dict)
    if not ids:
        return found
    rows = session.execute(
        select(ScoreRow.participant, ScoreRow.factor, ScoreRow.criterion, ScoreRow.value).where(
            ScoreRow.participant.in_(ids)
        )
    ).all()
    for person, factor, criterion, value in rows:
        found[person].setdefault(factor, {})[criterion] = value
    return found


def _upsert(session: Session, sqlite: bool, person: str, factor: str, criterion: str, value: float) -> None:
    """One row per cell, whoever writes at the same time: insert, or update the value on conflict."""
    if sqlite:
        from sqlalchemy.dialects.sqlite import insert
    else:
        from sqlalchemy.dialects.postgresql import insert  # type: ignore[assignment]
    now = utcnow()
    statement = insert(ScoreRow).values(
        participant=person, factor=factor, criterion=criterion, value=value, updated=now
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["participant", "factor", "criterion"], set_={"value": value, "updated": now}
        )
    )


def _checked_score(canvas: Canvas, factor: object, criterion: object, value: object) -> tuple[str, str, float]:
    if not isinstance(factor, str) or factor not in canvas.factor_names:
        raise Refused("no such factor in this workshop")
    if criterion not in CRITERIA:
        raise Refused(f"the criterion must be one of {', '.join(CRITERIA)}")
    low, high = canvas.scales.score
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise Refused(f"a score is a number from {low:g} to {high:g}")
    return factor, str(criterion), float(value)


def _name(name: object) -> str:
    """A participant's name, by the rule of every name (it becomes a rater's name in the panel)."""
    text = name.strip() if isinstance(name, str) else ""
    if not is_name(text):
        char = refused_character(text) if text and len(text) <= MAX_NAME else None
        holds = f"; remove {character_name(char)}, which is invisible or turns the text around" if char else ""
        raise Refused(f"give your name (1 to {MAX_NAME} characters, one line){holds}")
    return text


def _participant(row: ParticipantRow, scores: Scores) -> Participant:
    return Participant(row.id, row.name, row.finished is not None, dict(scores))


def _info(row: WorkshopRow) -> WorkshopInfo:
    return WorkshopInfo(row.token, row.canvas_id, row.version, row.created, row.closed)
