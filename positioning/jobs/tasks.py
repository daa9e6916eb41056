"""Background jobs: exporting many canvases to a zip of pictures or one deck, and
importing a zip of canvas files (:mod:`positioning.jobs.imports`).

What a job does is here, apart from where it runs: :func:`export_spec` checks
a request at the boundary, :func:`build_export` makes the file (reporting its
progress after each canvas) and :func:`execute` runs one stored job from start
to end for whichever runner took it (:mod:`positioning.jobs.queue`): the web
process's own pool, or a Celery worker on another machine. While it runs, a
heartbeat says the holder is alive, and every progress report learns whether
the owner cancelled it; a cancelled or failed job stores no file.
"""

from __future__ import annotations

import io
import json
import logging
import threading
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass

from sqlalchemy.orm import Session

from positioning.chart.view import View
from positioning.core.loader import CanvasError, parse_canvas
from positioning.core.model import Canvas
from positioning.core.sizes import ByteSize
from positioning.i18n.wording import t
from positioning.jobs.imports import ImportSpec, run_import
from positioning.output.deck import DeckPart, build_deck
from positioning.output.deck_template import TemplateError
from positioning.output.downloads import KINDS, download, slug
from positioning.output.export import PRESETS, ExportError
from positioning.rendering.renderer import Renderer
from positioning.store.db import Database
from positioning.store.deck_templates import DeckTemplates
from positioning.store.jobs import JobFile, JobInfo, Jobs, reason
from positioning.store.repository import NotFound, Repository

log = logging.getLogger(__name__)

#: What an export job can make: a zip of pictures, or one PowerPoint deck.
FORMATS = ("png", "svg", "pdf", "pptx")
#: Most canvases in one job.
MAX_CANVASES = 200
#: Largest file a job may store (the web process holds a file whole while it serves it: 200 canvases
#: as PNG pictures or one deck come to a few tens of MB).
MAX_RESULT_BYTES = 100 * 1024 * 1024
#: How often a running job's holder says it is alive, in seconds.
BEAT_SECONDS = 5.0


class SpecError(ValueError):
    """A job request that cannot be run; the message says which field and what is allowed."""


class Cancelled(Exception):
    """The owner cancelled the job while it ran."""


@dataclass(frozen=True)
class ExportSpec:
    """Which canvases, as what, at which size."""

    canvases: tuple[str, ...]
    format: str
    preset: str | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ExportSpec:
        data = json.loads(text)
        return cls(tuple(data["canvases"]), data["format"], data.get("preset"))


def export_spec(body: object) -> ExportSpec:
    """The export asked for in a request's JSON ``body`` (:class:`SpecError` names what is wrong)."""
    if not isinstance(body, dict):
        raise SpecError('send a JSON object: {"canvases": [ids], "format": "png", "preset": "slide-16x9"}')
    unknown = sorted(set(body) - {"canvases", "format", "preset"})
    if unknown:
        raise SpecError(f"unknown field {unknown[0]!r}; the fields are canvases, format and preset")
    canvases = body.get("canvases")
    if not isinstance(canvases, list) or not all(isinstance(c, str) and c for c in canvases):
        raise SpecError("canvases: a list of canvas ids (from GET /api/canvases)")
    if not 1 <= len(canvases) <= MAX_CANVASES:
        raise SpecError(f"canvases: from 1 to {MAX_CANVASES} ids; there are {len(canvases)}")
    if body.get("format") not in FORMATS:
        raise SpecError(f"format: one of {', '.join(FORMATS)} (a zip of pictures, or one deck)")
    preset = body.get("preset")
    if preset is not None and (not isinstance(preset, str) or preset not in PRESETS):
        raise SpecError(f"preset: one of {', '.join(PRESETS)}, or leave it out")
    return ExportSpec(tuple(dict.fromkeys(canvases)), body["format"], preset)


def build_export(
    spec: ExportSpec,
    canvases: Sequence[Canvas],
    *,
    renderer: Renderer,
    template: bytes | None = None,
    progress: Callable[[float], None] = lambda done: None,
) -> JobFile:
    """The zip of pictures (one per canvas) or the deck of every canvas, calling
    ``progress`` with the share done after each canvas (it may raise :class:`Cancelled`)."""
    count = len(canvases)
    if spec.format == "pptx":
        parts = [DeckPart(canvas, canvas.title) for canvas in canvases]
        data = build_deck(parts, renderer=renderer, template=template, on_part=lambda done: progress(done / count))
        return JobFile(f"positioning-{count}-canvases.pptx", KINDS["pptx"], data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        names: set[str] = set()
        for done, canvas in enumerate(canvases, start=1):
            _, data, _ = download(canvas, spec.format, View(preset=spec.preset), renderer=renderer)  # its own language
            archive.writestr(_unique(slug(canvas.title), spec.format, names), data)
            progress(done / count)
    return JobFile(f"positioning-{count}-canvases-{spec.format}.zip", "application/zip", buffer.getvalue())


def _unique(stem: str, extension: str, taken: set[str]) -> str:
    name, number = f"{stem}.{extension}", 1
    while name in taken:
        number += 1
        name = f"{stem}-{number}.{extension}"
    taken.add(name)
    return name


def execute(job_id: str, database: Database, renderer: Renderer, *, beat_seconds: float | None = None) -> None:
    """Run the stored job ``job_id`` if it is still queued, and store how it ended
    (saying it is alive every ``beat_seconds``, :data:`BEAT_SECONDS` by default)."""
    jobs = Jobs(database)
    job = jobs.claim(job_id)
    if job is None:
        return
    with _heartbeat(jobs, job_id, beat_seconds or BEAT_SECONDS):
        try:
            file = _made(job, jobs, renderer, lambda share: _report(jobs, job_id, share))
        except Cancelled:
            return
        except Exception as error:  # every failure is stored; none leaves the job running
            jobs.fail(job_id, _why(error))
            return
        _finish(jobs, job_id, file)


def _finish(jobs: Jobs, job_id: str, file: JobFile | Callable[[Session], JobFile]) -> None:
    if isinstance(file, JobFile) and len(file.data) > MAX_RESULT_BYTES:
        jobs.fail(job_id, reason("job_too_big", size=ByteSize(len(file.data)), limit=ByteSize(MAX_RESULT_BYTES)))
        return
    try:
        jobs.finish(job_id, file)
    except Exception as error:  # storing the file or the canvases failed: nothing of it was kept
        jobs.fail(job_id, _why(error))


def _made(
    job: JobInfo, jobs: Jobs, renderer: Renderer, progress: Callable[[float], None]
) -> JobFile | Callable[[Session], JobFile]:
    repository = Repository(jobs.database, job.owner)
    if job.kind == "import":
        return run_import(ImportSpec.from_json(job.spec), jobs.given(job.id), repository, progress)
    spec = ExportSpec.from_json(job.spec)
    canvases = [_canvas(repository, canvas_id) for canvas_id in spec.canvases]
    template = DeckTemplates(jobs.database, job.owner).get() if spec.format == "pptx" else None
    deck_template = template.data if template else None
    return build_export(spec, canvases, renderer=renderer, template=deck_template, progress=progress)


def _canvas(repository: Repository, canvas_id: str) -> Canvas:
    try:
        return parse_canvas(repository.get(canvas_id).yaml)
    except NotFound:
        raise _Gone(canvas_id) from None


class _Gone(LookupError):
    """A canvas of the job was deleted before its turn."""


def _report(jobs: Jobs, job_id: str, share: float) -> None:
    if not jobs.beat([job_id], share):
        raise Cancelled(job_id)


def _why(error: Exception) -> str:
    if isinstance(error, _Gone):
        return reason("job_canvas_gone", canvas=str(error))
    if isinstance(error, CanvasError):
        return reason("job_failed_because", detail=error.problems[0].message)
    if isinstance(error, TemplateError):  # the owner's deck template, kept before a check it now fails
        return reason(error.message.key, **error.message.values)
    if isinstance(error, ExportError):
        return reason("job_failed_because", detail=str(error))
    log.exception("job failed", exc_info=error)
    return reason("job_unexpected")


@contextmanager
def _heartbeat(jobs: Jobs, job_id: str, seconds: float) -> Iterator[None]:
    """While in the block, say every ``seconds`` that the job's holder is alive."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(seconds):
            try:
                jobs.beat([job_id])
            except Exception:  # a database hiccup must not kill the beat; the next one tries again
                log.warning("job %s: heartbeat failed", job_id, exc_info=True)

    thread = threading.Thread(target=beat, name=f"job-beat-{job_id[:8]}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def described(job: JobInfo) -> tuple[str, int]:
    """What a job makes or reads ("png", ..., "pptx", or "zip" for an import) and how many canvases or files."""
    if job.kind == "import":
        return "zip", len(ImportSpec.from_json(job.spec).files)
    spec = ExportSpec.from_json(job.spec)
    return spec.format, len(spec.canvases)


def reason_text(stored: str | None, language: str) -> str | None:
    """A stored reason (see :func:`positioning.store.jobs.reason`) in ``language``."""
    if not stored:
        return None
    try:
        data = json.loads(stored)
        return t(language, data["key"], **{name: _value(v) for name, v in data["values"].items()})
    except (ValueError, KeyError, TypeError):
        return stored


def _value(stored: object) -> object:
    """A stored reason's value as it was given (``{"bytes": n}`` is a :class:`ByteSize`)."""
    if isinstance(stored, dict) and set(stored) == {"bytes"} and isinstance(stored["bytes"], int):
        return ByteSize(stored["bytes"])
    return stored
