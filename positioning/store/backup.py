"""The whole workspace in one zip file, and back into an empty database.

A backup holds the whole workspace: every canvas of every owner (those in
the trash too) with every version, its share links (revoked ones too), the
scoring workshops with their participants and every score, and the deck
templates; not the tables' internal row numbers, nor the background jobs
(an export or import and its file expire: they are asked for again). :func:`write_backup`
reads one snapshot of the database (a backup taken while the app is in use
is consistent) and writes one entry at a time, so memory stays bounded
whatever the size of the workspace. The archive::

    manifest.json                what this is: format, format_version, schema (the Alembic revision),
                                 app_version, created, and the counts of everything in it
    canvases/<id>/canvas.json    owner, title, subject, verdict, created, updated, deleted;
                                 versions (number, author, created, summary: as written and as data
                                 in "message", sha256 of the file);
                                 shares (token, created, revoked)
    canvases/<id>/<number>.yaml  one version's YAML text, byte for byte
    workshops/<token>.json       canvas, version, created, closed; participants (id, name, created,
                                 finished, scores: factor, criterion, value, updated)
    deck_templates/<n>.json      owner, name, updated
    deck_templates/<n>.data      the template file, byte for byte

:func:`restore_backup` validates at the boundary before it writes anything
it has not checked: the archive's size, its central directory's size and
entry count (read from the end record, before :mod:`zipfile` parses the
directory), every entry's name and declared size against what an entry of
its kind may hold (a zip bomb is refused before it is inflated), then each
record against strict models and each version's text. A problem is a
:class:`BackupError` naming the archive, the entry and the field. The
database is brought to the current schema, must be empty, and is written in
one transaction: a restore that fails leaves it empty.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import tempfile
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from alembic.script import ScriptDirectory
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Connection, insert, literal, select
from sqlalchemy.exc import SQLAlchemyError

from positioning.core.archive import ArchiveRefused, SafeZip, ZipLimits, open_zip
from positioning.core.loader import MAX_BYTES, Problem, Words, os_words, say, verbatim
from positioning.core.model import CRITERIA, format_path
from positioning.core.sizes import ByteSize
from positioning.i18n.summaries import from_data, from_json, parse_summary, summary_data, summary_json, summary_text
from positioning.i18n.wording import DEFAULT_LANGUAGE, located, problem_at
from positioning.store.db import READING, Database, DatabaseError, alembic_config, current, head, reason, upgrade
from positioning.store.models import (
    ID_LENGTH,
    NAME_LENGTH,
    SUMMARY_LENGTH,
    TOKEN_LENGTH,
    VERDICT_LENGTH,
    Base,
    CanvasRow,
    DeckTemplateRow,
    ParticipantRow,
    ScoreRow,
    ShareRow,
    VersionRow,
    WorkshopRow,
    utcnow,
)

#: What the manifest calls this kind of file, and the versions of its layout this code reads.
FORMAT = "positioning-workspace"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
#: Rows inserted per statement while restoring.
BATCH = 500
#: Bytes of the zip's central directory per entry: 46 fixed, a name of this layout (under 70), extra fields.
DIRECTORY_BYTES_PER_ENTRY = 160

_ID = r"[A-Za-z0-9_-]{1,%d}"
_ENTRIES = {
    "canvas": re.compile(rf"canvases/(?P<key>{_ID % ID_LENGTH})/canvas\.json"),
    "version": re.compile(rf"canvases/(?P<key>{_ID % ID_LENGTH})/(?P<number>[1-9][0-9]{{0,8}})\.yaml"),
    "workshop": re.compile(rf"workshops/(?P<key>{_ID % TOKEN_LENGTH})\.json"),
    "template": re.compile(r"deck_templates/(?P<key>[1-9][0-9]{0,8})\.json"),
    "template_data": re.compile(r"deck_templates/(?P<key>[1-9][0-9]{0,8})\.data"),
}


@dataclass(frozen=True)
class Limits:
    """What a backup may hold: the archive, its entries and what they unpack to (a zip bomb is refused)."""

    archive_bytes: int = 4 * 1024**3
    entries: int = 1_000_000
    unpacked_bytes: int = 16 * 1024**3
    record_bytes: int = 64 * 1024**2
    yaml_bytes: int = MAX_BYTES
    template_bytes: int = 64 * 1024**2

    def of(self, kind: str) -> int:
        """The most an entry of ``kind`` may unpack to."""
        return {"version": self.yaml_bytes, "template_data": self.template_bytes}.get(kind, self.record_bytes)

    def archive(self) -> ZipLimits:
        """What the archive reader checks before any entry is read (no ratio: each kind has its size)."""
        return ZipLimits(
            entries=self.entries,
            unpacked_bytes=self.unpacked_bytes,
            archive_bytes=self.archive_bytes,
            directory_bytes_per_entry=DIRECTORY_BYTES_PER_ENTRY,
        )


LIMITS = Limits()


class BackupError(ValueError):
    """A backup that cannot be restored, or a database it cannot go into; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def text(self, language: str = DEFAULT_LANGUAGE) -> str:
        """Every problem on a line of its own, in ``language``."""
        return "\n".join(located(p, language) for p in self.problems)


# --- the records (strict: an unknown field or a wrong type is an error) -----------------------


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


Name = Annotated[str, Field(min_length=1, max_length=NAME_LENGTH)]
Token = Annotated[str, Field(pattern=rf"^{_ID % TOKEN_LENGTH}$")]
Time = AwareDatetime
Count = Annotated[int, Field(ge=0)]
Number = Annotated[int, Field(ge=1, le=999_999_999)]


class Counts(_Record):
    """How many of each thing a backup holds."""

    canvases: Count = 0
    versions: Count = 0
    shares: Count = 0
    workshops: Count = 0
    participants: Count = 0
    scores: Count = 0
    deck_templates: Count = 0


class Manifest(_Record):
    format: Literal["positioning-workspace"]
    format_version: Literal[1]
    schema_revision: str
    app_version: str
    created: Time
    counts: Counts


class VersionRecord(_Record):
    number: Number
    author: Annotated[str, Field(max_length=NAME_LENGTH)]
    created: Time
    summary: Annotated[str, Field(max_length=SUMMARY_LENGTH)]
    #: The summary as data (a backup of an earlier release has none: its ``summary`` is read back into data).
    message: dict[str, Any] | None = None
    #: The SHA-256 of the version's file: the text restored is the text backed up, byte for byte.
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class ShareRecord(_Record):
    token: Token
    created: Time
    revoked: Time | None = None


class CanvasRecord(_Record):
    owner: Name
    title: Annotated[str, Field(max_length=NAME_LENGTH)]
    subject: Annotated[str, Field(max_length=NAME_LENGTH)]
    verdict: Annotated[str, Field(max_length=VERDICT_LENGTH)] | None = None
    created: Time
    updated: Time
    deleted: Time | None = None
    versions: Annotated[list[VersionRecord], Field(min_length=1)]
    shares: list[ShareRecord] = []


class ScoreRecord(_Record):
    factor: Name
    criterion: Literal[CRITERIA]  # type: ignore[valid-type]
    value: Annotated[float, Field(allow_inf_nan=False)]
    updated: Time


class ParticipantRecord(_Record):
    id: Token
    name: Name
    created: Time
    finished: Time | None = None
    scores: list[ScoreRecord] = []


class WorkshopRecord(_Record):
    canvas: Annotated[str, Field(pattern=rf"^{_ID % ID_LENGTH}$")]
    version: Number
    created: Time
    closed: Time | None = None
    participants: list[ParticipantRecord] = []


class TemplateRecord(_Record):
    owner: Name
    name: Name
    updated: Time


R = TypeVar("R", bound=_Record)


# --- writing ---------------------------------------------------------------------------------


def write_backup(database: Database, path: Path) -> Counts:
    """Every canvas, version, share, workshop and deck template of ``database`` into the zip at ``path``
    (written beside it and moved into place, so a failed backup leaves no half file); what it holds."""
    path = Path(path)
    with _database_errors(database, "cannot back up the database"):
        _check_schema(database)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        with (
            zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
            _database_errors(database, "cannot back up the database"),
        ):
            counts = _write_workspace(database, archive)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return counts


def _check_schema(database: Database) -> None:
    """The database holds a workspace at the schema this code reads."""
    revision = current(database)
    if revision != head():
        words = say("backup_no_schema") if revision is None else say("backup_old_schema", found=revision, head=head())
        raise BackupError([problem_at(_url(database), None, "", words)])


@contextmanager
def _database_errors(database: Database, doing: str) -> Iterator[None]:
    """The database's own errors as a :class:`DatabaseError` saying what was being done, in one line."""
    try:
        yield
    except SQLAlchemyError as error:
        raise DatabaseError(f"{doing} {_url(database)}: {reason(error)}") from error


def _url(database: Database) -> str:
    return database.engine.url.render_as_string(hide_password=True)


def _write_workspace(database: Database, archive: zipfile.ZipFile) -> Counts:
    tally: Counter[str] = Counter()
    with _snapshot(database) as connection:
        for canvas in connection.execute(select(CanvasRow).order_by(CanvasRow.id)).all():
            _write_canvas(connection, archive, canvas, tally)
        for workshop in connection.execute(select(WorkshopRow).order_by(WorkshopRow.token)).all():
            _write_workshop(connection, archive, workshop, tally)
        templates = select(DeckTemplateRow.owner, DeckTemplateRow.name, DeckTemplateRow.updated)
        for n, (owner, name, updated) in enumerate(connection.execute(templates.order_by("owner")).all(), start=1):
            _put(archive, f"deck_templates/{n}.json", {"owner": owner, "name": name, "updated": _time(updated)})
            data = select(DeckTemplateRow.data).where(DeckTemplateRow.owner == owner)  # one file in memory at a time
            archive.writestr(f"deck_templates/{n}.data", connection.execute(data).scalar_one())
            tally["deck_templates"] += 1
    counts = Counts(**tally)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": head(),
        "app_version": metadata.version("positioning"),
        "created": _time(utcnow()),
        "counts": counts.model_dump(),
    }
    _put(archive, MANIFEST, manifest)
    return counts


@contextmanager
def _snapshot(database: Database) -> Iterator[Connection]:
    """A connection that reads one state of the database for as long as the block lasts."""
    with database.engine.connect() as connection:
        if database.is_sqlite:  # one reading transaction, begun by the first read (WAL keeps its snapshot)
            yield connection.execution_options(**{READING: True})
        else:
            yield connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        connection.rollback()


def _write_canvas(connection: Connection, archive: zipfile.ZipFile, canvas: Any, tally: Counter[str]) -> None:
    folder = f"canvases/{canvas.id}"
    versions = []
    rows = connection.execute(
        select(VersionRow.number, VersionRow.yaml, VersionRow.author, VersionRow.created, VersionRow.message)
        .where(VersionRow.canvas_id == canvas.id)
        .order_by(VersionRow.number)
        .execution_options(yield_per=100)
    )
    for number, text, author, created, message in rows:
        raw = text.encode("utf-8")
        archive.writestr(f"{folder}/{number}.yaml", raw)
        digest = hashlib.sha256(raw).hexdigest()
        said = from_json(message)
        summary = {"summary": summary_text(said), "message": summary_data(said)}
        versions.append({"number": number, "author": author, "created": _time(created), **summary, "sha256": digest})
    shares = [
        {"token": share.token, "created": _time(share.created), "revoked": _time(share.revoked)}
        for share in connection.execute(
            select(ShareRow).where(ShareRow.canvas_id == canvas.id).order_by(ShareRow.created, ShareRow.token)
        )
    ]
    record = {
        "owner": canvas.owner,
        "title": canvas.title,
        "subject": canvas.subject,
        "verdict": canvas.verdict,
        "created": _time(canvas.created),
        "updated": _time(canvas.updated),
        "deleted": _time(canvas.deleted),
        "versions": versions,
        "shares": shares,
    }
    _put(archive, f"{folder}/canvas.json", record)
    tally.update(canvases=1, versions=len(versions), shares=len(shares))


def _write_workshop(connection: Connection, archive: zipfile.ZipFile, workshop: Any, tally: Counter[str]) -> None:
    people = connection.execute(
        select(ParticipantRow)
        .where(ParticipantRow.workshop == workshop.token)
        .order_by(ParticipantRow.created, ParticipantRow.id)
    ).all()
    participants = []
    for person in people:
        scores = [
            {"factor": s.factor, "criterion": s.criterion, "value": s.value, "updated": _time(s.updated)}
            for s in connection.execute(select(ScoreRow).where(ScoreRow.participant == person.id).order_by(ScoreRow.id))
        ]
        participants.append(
            {
                "id": person.id,
                "name": person.name,
                "created": _time(person.created),
                "finished": _time(person.finished),
                "scores": scores,
            }
        )
        tally["scores"] += len(scores)
    record = {
        "canvas": workshop.canvas_id,
        "version": workshop.version,
        "created": _time(workshop.created),
        "closed": _time(workshop.closed),
        "participants": participants,
    }
    _put(archive, f"workshops/{workshop.token}.json", record)
    tally.update(workshops=1, participants=len(participants))


def _put(archive: zipfile.ZipFile, name: str, record: Mapping[str, Any]) -> None:
    archive.writestr(name, json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


# --- reading: the archive ---------------------------------------------------------------------


@dataclass
class _Archive:
    """An opened backup whose entries are sorted by kind and checked against their size limits."""

    name: str
    zip: SafeZip
    limits: Limits
    #: canvas id -> version number -> entry name
    versions: dict[str, dict[int, str]] = field(default_factory=lambda: defaultdict(dict))
    canvases: list[str] = field(default_factory=list)
    workshops: list[str] = field(default_factory=list)
    templates: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))

    def fail(self, entry: str | None, where: str, words: Words) -> BackupError:
        return BackupError([problem_at(self.name, entry, where, words)])

    def read(self, entry: str) -> bytes:
        """The entry's bytes: never more than its kind may hold, whatever its header says."""
        try:
            return self.zip.read(entry, self.limits.of(_kind(entry) or "record"))
        except ArchiveRefused as refused:
            raise _refusal(self.name, refused) from None

    def record(self, entry: str, model: type[R]) -> R:
        """The entry's JSON as a checked ``model``."""
        try:
            return model.model_validate_json(self.read(entry))
        except ValidationError as error:
            raise BackupError([problem_at(self.name, entry, *_worded(e)) for e in error.errors()[:10]]) from None


@contextmanager
def open_backup(path: Path, limits: Limits = LIMITS) -> Iterator[_Archive]:
    """The backup at ``path`` with its entries sorted and size-checked (BackupError if it cannot be one)."""
    name = str(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # before open(): a pipe would block it
            raise BackupError([problem_at(name, None, "", say("backup_not_regular"))])
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as error:
        raise BackupError([problem_at(name, None, "", say("backup_cannot_read", why=os_words(error)))]) from None
    try:
        with open_zip(handle, limits.archive()) as archive:
            yield _sorted(_Archive(name, archive, limits))
    except ArchiveRefused as refused:
        raise _refusal(name, refused) from None
    finally:
        handle.close()


#: The words for each reason the archive reader refuses a backup (its values are the words' values).
_REFUSALS = {
    "too_large": "backup_too_large",
    "not_zip": "backup_not_zip",
    "too_many_entries": "backup_too_many_entries",
    "bad_name": "backup_unknown_entry",  # no entry of the layout has such a name
    "duplicate_name": "backup_duplicate_entry",
    "unpacks": "backup_unpacks",
    "ratio": "backup_unpacks",  # a backup sets no ratio (each kind of entry has its size): worded as its size
    "entry_too_large": "backup_entry_too_large",
    "encrypted": "backup_encrypted",
    "unsupported": "backup_damaged",
    "damaged": "backup_damaged",
}


def _refusal(name: str, refused: ArchiveRefused) -> BackupError:
    """The archive reader's refusal in a backup's words."""
    values = dict(refused.values)
    if refused.reason == "unsupported":
        values = {"why": verbatim(f"compression method {values['method']}")}
    elif refused.reason == "damaged":
        values = {"why": verbatim(str(values["why"]))}
    return BackupError([problem_at(name, refused.entry, "", say(_REFUSALS[refused.reason], **values))])


def _sorted(archive: _Archive) -> _Archive:
    """Every entry named by the layout and within its kind's size; sorted by kind (the reader has checked
    the count, the names, that none is there twice, and what they unpack to in all)."""
    names = set()
    for info in archive.zip.infos:
        names.add(info.filename)
        _file(archive, info)
    if MANIFEST not in names:
        raise archive.fail(None, "", say("backup_no_manifest"))
    return archive


def _file(archive: _Archive, info: zipfile.ZipInfo) -> None:
    kind = _kind(info.filename)
    if kind is None:
        raise archive.fail(info.filename, "", say("backup_unknown_entry"))
    limit = archive.limits.of(kind)
    if info.file_size > limit:
        size = ByteSize(info.file_size)
        raise archive.fail(info.filename, "", say("backup_entry_too_large", size=size, limit=ByteSize(limit)))
    found = _ENTRIES[kind].fullmatch(info.filename) if kind in _ENTRIES else None
    key = found["key"] if found else ""
    if kind == "version" and found:
        archive.versions[key][int(found["number"])] = info.filename
    elif kind == "canvas":
        archive.canvases.append(key)
    elif kind == "workshop":
        archive.workshops.append(key)
    elif kind in ("template", "template_data"):
        archive.templates[int(key)].add(kind)


def _kind(name: str) -> str | None:
    if name == MANIFEST:
        return "manifest"
    return next((kind for kind, pattern in _ENTRIES.items() if pattern.fullmatch(name)), None)


def _worded(error: Mapping[str, Any]) -> tuple[str, Words]:
    """A pydantic error as the field and words."""
    where = format_path(tuple(error["loc"]))
    if error["type"] == "missing":
        return where, say("load_missing")
    if error["type"] == "extra_forbidden":
        return where, say("backup_unknown_field")
    if error["type"] == "json_invalid":
        return where, say("backup_not_json", why=verbatim(str(error["msg"])))
    return where, say("backup_bad_value", why=verbatim(str(error["msg"])))


def read_manifest(archive: _Archive) -> Manifest:
    """The manifest, once it says it is a backup of a format and a schema this code knows."""
    raw = archive.read(MANIFEST)
    try:
        plain = json.loads(raw)
    except (ValueError, RecursionError):
        plain = None
    if not isinstance(plain, dict) or plain.get("format") != FORMAT:
        raise archive.fail(MANIFEST, "format", say("backup_not_ours"))
    if plain.get("format_version") != FORMAT_VERSION:
        found = verbatim(str(plain.get("format_version")))
        raise archive.fail(MANIFEST, "format_version", say("backup_format", found=found, known=FORMAT_VERSION))
    manifest = archive.record(MANIFEST, Manifest)
    known = {revision.revision for revision in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if manifest.schema_revision not in known:
        found = verbatim(manifest.schema_revision)
        raise archive.fail(
            MANIFEST, "schema_revision", say("backup_newer", found=found, app=verbatim(manifest.app_version))
        )
    return manifest


# --- restoring ---------------------------------------------------------------------------------


def restore_backup(database: Database, path: Path, *, limits: Limits = LIMITS) -> Counts:
    """Load the backup at ``path`` into ``database``, which must be empty (it is brought to the current
    schema first), in one transaction; what it holds. BackupError names what is wrong."""
    with open_backup(path, limits) as archive:
        manifest = read_manifest(archive)
        upgrade(database)
        with _database_errors(database, "cannot restore into the database"), database.engine.begin() as connection:
            _check_empty(connection, database)
            tally: Counter[str] = Counter()
            for canvas_id in sorted(archive.canvases):
                _restore_canvas(archive, connection, canvas_id, tally)
            _check_versions_listed(archive)
            for token in sorted(archive.workshops):
                _restore_workshop(archive, connection, token, tally)
            for n in sorted(archive.templates):
                _restore_template(archive, connection, n, tally)
            counts = Counts(**tally)
            if counts != manifest.counts:
                raise archive.fail(MANIFEST, "counts", say("backup_counts", counts=_counts_text(counts)))
    return counts


def _check_empty(connection: Connection, database: Database) -> None:
    holding = [
        table.name
        for table in Base.metadata.sorted_tables
        if connection.execute(select(literal(1)).select_from(table).limit(1)).first() is not None
    ]
    if holding:
        tables = verbatim(", ".join(holding))
        raise BackupError([problem_at(_url(database), None, "", say("backup_not_empty", tables=tables))])


def _restore_canvas(archive: _Archive, connection: Connection, canvas_id: str, tally: Counter[str]) -> None:
    entry = f"canvases/{canvas_id}/canvas.json"
    record = archive.record(entry, CanvasRecord)
    numbers = [v.number for v in record.versions]
    if numbers != list(range(1, len(numbers) + 1)):
        listed = verbatim(", ".join(map(str, numbers[:20])))
        raise archive.fail(entry, "versions", say("backup_version_numbers", numbers=listed))
    files = archive.versions.get(canvas_id, {})
    for i, number in enumerate(numbers):
        if number not in files:
            missing = verbatim(f"canvases/{canvas_id}/{number}.yaml")
            raise archive.fail(entry, f"versions[{i}]", say("backup_missing_entry", entry=missing))
    row = record.model_dump(exclude={"versions", "shares"})
    connection.execute(insert(CanvasRow), [{**row, "id": canvas_id, "version": len(numbers)}])
    batch = []
    for version in record.versions:
        text = _text(archive, files[version.number], version.sha256)
        row = version.model_dump(exclude={"sha256", "summary", "message"})
        said = from_data(version.message) or parse_summary(version.summary)
        batch.append({**row, "message": summary_json(said), "canvas_id": canvas_id, "yaml": text})
        if len(batch) == BATCH:
            connection.execute(insert(VersionRow), batch)
            batch = []
    if batch:
        connection.execute(insert(VersionRow), batch)
    _restore_shares(archive, connection, entry, canvas_id, record.shares)
    tally.update(canvases=1, versions=len(numbers), shares=len(record.shares))


def _restore_shares(
    archive: _Archive, connection: Connection, entry: str, canvas_id: str, shares: list[ShareRecord]
) -> None:
    if not shares:
        return
    tokens = [s.token for s in shares]
    taken = connection.execute(select(ShareRow.token).where(ShareRow.token.in_(tokens))).first()
    if taken is not None or len(set(tokens)) != len(tokens):
        raise archive.fail(entry, "shares", say("backup_duplicate", what=verbatim("token")))
    connection.execute(insert(ShareRow), [{**s.model_dump(), "canvas_id": canvas_id} for s in shares])


def _text(archive: _Archive, entry: str, sha256: str) -> str:
    """A version's YAML text as it was stored (UTF-8, no NUL: what both databases keep; the bytes that were
    backed up: a damaged or changed file is not restored as it is)."""
    raw = archive.read(entry)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise archive.fail(entry, "", say("load_not_utf8", byte=error.start + 1)) from None
    if "\x00" in text:
        raise archive.fail(entry, "", say("load_nul_bytes"))
    if hashlib.sha256(raw).hexdigest() != sha256:
        raise archive.fail(entry, "", say("backup_checksum"))
    return text


def _check_versions_listed(archive: _Archive) -> None:
    """No version file that no canvas lists (the restored canvases went through :func:`_restore_canvas`)."""
    canvases = set(archive.canvases)
    for canvas_id, files in archive.versions.items():
        if canvas_id not in canvases:
            entry = files[min(files)]
            raise archive.fail(entry, "", say("backup_orphan", entry=verbatim(f"canvases/{canvas_id}/canvas.json")))


def _restore_workshop(archive: _Archive, connection: Connection, token: str, tally: Counter[str]) -> None:
    entry = f"workshops/{token}.json"
    record = archive.record(entry, WorkshopRecord)
    latest = connection.execute(select(CanvasRow.version).where(CanvasRow.id == record.canvas)).scalar()
    if latest is None:
        raise archive.fail(entry, "canvas", say("backup_no_canvas", canvas=verbatim(record.canvas)))
    if record.version > latest:
        raise archive.fail(entry, "version", say("backup_no_version", version=record.version, latest=latest))
    row = record.model_dump(exclude={"participants", "canvas"})
    connection.execute(insert(WorkshopRow), [{**row, "token": token, "canvas_id": record.canvas}])
    for i, person in enumerate(record.participants):
        where = f"participants[{i}]"
        taken = connection.execute(select(ParticipantRow.id).where(ParticipantRow.id == person.id)).first()
        cells = [(s.factor, s.criterion) for s in person.scores]
        if taken is not None:
            raise archive.fail(entry, f"{where}.id", say("backup_duplicate", what=verbatim("id")))
        if len(set(cells)) != len(cells):
            raise archive.fail(entry, f"{where}.scores", say("backup_duplicate", what=verbatim("score")))
        connection.execute(insert(ParticipantRow), [{**person.model_dump(exclude={"scores"}), "workshop": token}])
        if person.scores:
            connection.execute(insert(ScoreRow), [{**s.model_dump(), "participant": person.id} for s in person.scores])
        tally["scores"] += len(person.scores)
    tally.update(workshops=1, participants=len(record.participants))


def _restore_template(archive: _Archive, connection: Connection, n: int, tally: Counter[str]) -> None:
    entry, data_entry = f"deck_templates/{n}.json", f"deck_templates/{n}.data"
    kinds = archive.templates[n]
    if kinds != {"template", "template_data"}:  # the one of the pair that is there names the one that is not
        there, missing = (entry, data_entry) if "template" in kinds else (data_entry, entry)
        raise archive.fail(there, "", say("backup_missing_entry", entry=verbatim(missing)))
    record = archive.record(entry, TemplateRecord)
    if connection.execute(select(DeckTemplateRow.owner).where(DeckTemplateRow.owner == record.owner)).first():
        raise archive.fail(entry, "owner", say("backup_duplicate", what=verbatim("owner")))
    data = archive.read(data_entry)
    connection.execute(insert(DeckTemplateRow), [{**record.model_dump(), "data": data}])
    tally["deck_templates"] += 1


def _counts_text(counts: Counts) -> Words:
    return verbatim(", ".join(f"{key} {value}" for key, value in counts.model_dump().items()))
