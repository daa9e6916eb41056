"""Import jobs: a zip of canvas files (YAML, or scoring workbooks) made into canvases.

:func:`import_spec` checks the upload at the boundary (a zip, within the size
limits, holding at least one canvas file, unpacking to a bounded size:
:mod:`positioning.core.archive`) and
:func:`run_import` reads every file, keeping the valid canvases and each
refused file's problems. A file whose name is not plain (an absolute path, a
backslash, a ``.`` or ``..`` part) is never read and is refused by name; two
files of one name are two files, each read from its own entry. The canvases are stored together with the job's end
(see :meth:`positioning.store.jobs.Jobs.finish`): a cancelled or failed import
adds none. Its result is a JSON report: which file became which canvas, and
why each refused file was refused.
"""

from __future__ import annotations

import json
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from sqlalchemy.orm import Session

from positioning.core.archive import ArchiveRefused, SafeZip, ZipLimits, open_zip
from positioning.core.loader import MAX_BYTES, CanvasError, parse_canvas, say
from positioning.core.model import Canvas
from positioning.core.sizes import ByteSize
from positioning.i18n.summaries import sentence
from positioning.i18n.wording import located, problem_at, t
from positioning.output.sheet_cells import Budget
from positioning.output.spreadsheet import MAX_WORKBOOK_BYTES, load_workbook_canvas
from positioning.store.jobs import JobFile
from positioning.store.repository import Repository, stored_text

#: Largest zip a user may send (it travels in one request).
MAX_IMPORT_BYTES = 4 * 1024 * 1024
#: Most files one import reads, and how much they may unpack to in all.
MAX_FILES = 200
MAX_UNPACKED = 100 * 1024 * 1024
#: Most entries of any kind (folders, other files, __MACOSX's copies) in the zip.
MAX_ENTRIES = 5000
#: What the archive reader checks before any file is read (each file is bounded by its own limit when read).
#: An entry whose name is not plain is set aside (and refused by name in the report), and two files of one
#: name are two files, each read from its own entry: the other files are still imported.
LIMITS = ZipLimits(entries=MAX_ENTRIES, unpacked_bytes=MAX_UNPACKED, archive_bytes=MAX_IMPORT_BYTES, lenient_names=True)
YAML_SUFFIXES = (".yaml", ".yml")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
REPORT_TYPE = "application/json"
#: How often a workbook being read asks whether its job was cancelled, in seconds.
ASK_SECONDS = 0.25


class ImportRefused(ValueError):
    """An upload that cannot be imported at all: why and what is allowed, as wording ``key`` and its values."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(t("en", key, **values))
        self.key, self.values = key, values

    def text(self, language: str) -> str:
        return t(language, self.key, **self.values)


@dataclass(frozen=True)
class ImportSpec:
    """The zip's name and the canvas files in it, in order."""

    name: str
    files: tuple[str, ...]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ImportSpec:
        data = json.loads(text)
        return cls(data["name"], tuple(data["files"]))


def import_spec(data: bytes, name: str) -> ImportSpec:
    """The canvas files of the zip ``data`` (:class:`ImportRefused` when there is nothing to import)."""
    if len(data) > MAX_IMPORT_BYTES:
        size, limit = ByteSize(len(data)), ByteSize(MAX_IMPORT_BYTES)
        raise ImportRefused("import_too_big", name=name, size=size, limit=limit)
    try:
        with open_zip(data, LIMITS) as archive:
            infos = _canvas_files(archive)
            odd = _set_aside(archive)
    except ArchiveRefused as refused:
        raise _refused(refused, name) from None
    if not infos and odd:  # nothing but files with names it cannot read
        raise ImportRefused("import_bad_name", name=name, entry=odd[0].filename)
    if not infos:
        raise ImportRefused("import_empty", name=name)
    if len(infos) > MAX_FILES:
        raise ImportRefused("import_too_many", name=name, count=len(infos), limit=MAX_FILES)
    return ImportSpec(name, tuple(info.filename for info in infos))


def _refused(refused: ArchiveRefused, name: str) -> ImportRefused:
    """Why the archive reader refused the whole zip, in an import's words."""
    values = refused.values
    if refused.reason in ("unpacks", "ratio"):  # no ratio is set: the files' own limits bound each one
        return ImportRefused("import_unpacks", name=name, size=values["size"], limit=ByteSize(MAX_UNPACKED))
    if refused.reason == "too_many_entries":
        return ImportRefused("import_too_many_entries", name=name, count=values["count"], limit=MAX_ENTRIES)
    return ImportRefused("import_not_zip", name=name)


def _canvas_files(archive: SafeZip) -> list[zipfile.ZipInfo]:
    """The entries to read, in the zip's order (a name twice: both)."""
    return [info for info in archive.infos if _is_canvas_file(info)]


def _set_aside(archive: SafeZip) -> list[zipfile.ZipInfo]:
    """The files whose name is not plain (an absolute path, a backslash, a "." or ".." part): never read."""
    return [info for info in archive.set_aside if not info.filename.endswith("/")]


def _is_canvas_file(info: zipfile.ZipInfo) -> bool:
    path = PurePosixPath(info.filename)
    hidden = any(part.startswith((".", "__MACOSX")) for part in path.parts)
    return not info.is_dir() and not hidden and path.suffix.lower() in (*YAML_SUFFIXES, *WORKBOOK_SUFFIXES)


def run_import(
    spec: ImportSpec, data: bytes, repository: Repository, progress: Callable[[float], None]
) -> Callable[[Session], JobFile]:
    """Read every file (reporting progress after each); the function that stores the valid
    canvases in the job's last transaction and makes the report."""
    kept: list[tuple[str, Canvas, str]] = []
    refused: list[dict[str, object]] = []
    with open_zip(data, LIMITS) as archive:
        infos = _canvas_files(archive)  # the spec's files, entry by entry
        for done, info in enumerate(infos, start=1):
            try:
                ask = _asking(progress, (done - 1) / (len(infos) + 1))
                canvas = _canvas(archive, info, ask)
                kept.append((info.filename, canvas, stored_text(canvas, info.filename)))  # too large as stored: refused
            except CanvasError as error:
                refused.append({"file": info.filename, "problems": [located(p, "en") for p in error.problems[:10]]})
            progress(done / (len(infos) + 1))
        for info in _set_aside(archive):
            problem = problem_at(info.filename, None, "", say("import_entry_bad_name"))
            refused.append({"file": info.filename, "problems": [located(problem, "en")]})

    def store(session: Session) -> JobFile:
        created = []
        for name, canvas, text in kept:
            info = repository.add(session, canvas, summary=sentence("imported_from", "en", name=name), text=text)
            created.append({"file": name, "id": info.id, "title": info.title})
        report = {"name": spec.name, "created": created, "refused": refused}
        text = json.dumps(report, ensure_ascii=False, indent=2)
        return JobFile(f"{Path(spec.name).stem or 'import'}-report.json", REPORT_TYPE, text.encode("utf-8"))

    return store


def _asking(progress: Callable[[float], None], share: float) -> Callable[[], None]:
    """What a file's reading calls between rows: ``progress(share)`` at most every :data:`ASK_SECONDS`,
    which raises :class:`~positioning.jobs.tasks.Cancelled` once the owner has cancelled the job."""
    asked = time.monotonic()

    def ask() -> None:
        nonlocal asked
        if time.monotonic() - asked >= ASK_SECONDS:
            asked = time.monotonic()
            progress(share)

    return ask


def _canvas(archive: SafeZip, info: zipfile.ZipInfo, ask: Callable[[], None] = lambda: None) -> Canvas:
    """One file of the zip (its own entry) as a canvas, read no further than its limit whatever its header
    says, a workbook within its CPU budget (:class:`Budget`), calling ``ask`` between its rows (which may
    raise to stop)."""
    name = info.filename
    workbook = PurePosixPath(name).suffix.lower() in WORKBOOK_SUFFIXES
    limit = MAX_WORKBOOK_BYTES if workbook else MAX_BYTES
    try:
        raw = archive.read(info, limit)
    except ArchiveRefused as refused:
        if refused.reason == "entry_too_large":
            words = say("load_too_large", size=refused.values["size"], limit=ByteSize(limit))
        else:  # a damaged member (bad CRC, cut short), a password, a compression zipfile lacks:
            words = say("import_member_unreadable")  # that file is refused, the others are still read
        raise CanvasError([problem_at(name, None, "", words)]) from None
    if not workbook:
        return parse_canvas(raw, name=name)
    with tempfile.TemporaryDirectory(prefix="positioning-import-") as folder:
        path = Path(folder) / "canvas.xlsx"
        path.write_bytes(raw)
        return load_workbook_canvas(path, name=name, budget=Budget.start(check=ask))


def report_counts(data: bytes) -> tuple[int, int]:
    """How many canvases an import made and how many files it refused, from its report."""
    report = json.loads(data)
    return len(report["created"]), len(report["refused"])
