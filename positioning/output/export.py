"""Write figures to PNG, SVG or PDF: the one export path for CLI, API and app.

Images come from a :class:`~positioning.rendering.renderer.Renderer`: one browser with
plotly.js loaded once, so a batch pays the browser start-up (~1 s) once and
then well under 100 ms a chart, where ``plotly.io.write_images`` reloads its
page for every figure. A call without a renderer starts its own and closes it;
the web app owns one for all its users, and each caller gets its own image.

A wrong request (file name, format, size, a trace type the renderer's plotly.js
lacks) is an :class:`ExportRequestError` and never reaches the browser; a
browser or disk that fails is an :class:`ExportError`. Both say what happened
in a sentence.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from positioning.chart.figures import canvas_figure
from positioning.core.loader import os_reason
from positioning.core.model import Canvas
from positioning.rendering.renderer import Renderer, RendererError, RenderRequest, bundle_for

FORMATS = ("png", "svg", "pdf")
DEFAULT_WIDTH = 1600
DEFAULT_HEIGHT = 900
DEFAULT_SCALE = 1.0
MAX_PIXELS = 12_000
#: Named sizes in layout pixels; ``scale`` multiplies them for resolution.
PRESETS: dict[str, tuple[int, int]] = {
    "slide-16x9": (1600, 900),
    "slide-4x3": (1440, 1080),
    "a4-report": (1403, 992),  # a landscape A4 page (297 x 210 mm, 1:1.414) at 120 dpi
    "square": (1200, 1200),
}  # per side after scaling; beyond this Chromium runs out of texture memory


class ExportError(RuntimeError):
    """An image could not be written; the message says what to do."""


class ExportRequestError(ExportError, ValueError):
    """The request itself is wrong (file name, size): nothing was attempted."""


@dataclass(frozen=True)
class ExportJob:
    figure: go.Figure
    path: Path
    width: int = DEFAULT_WIDTH
    height: int = DEFAULT_HEIGHT
    scale: float = DEFAULT_SCALE

    @property
    def format(self) -> str:
        return image_format(self.path)


def image_format(path: str | os.PathLike[str]) -> str:
    """``png``, ``svg`` or ``pdf`` from the file extension."""
    if "\0" in os.fspath(path):
        raise ExportRequestError(
            f"{os.fspath(path)!r}: the file name contains a NUL character, which no file name can hold"
        )
    suffix = Path(path).suffix.lower().lstrip(".")
    if not suffix:
        raise ExportRequestError(f"{path}: the file name has no extension; end it with .png, .svg or .pdf")
    if suffix not in FORMATS:
        raise ExportRequestError(f"{path}: cannot export to '.{suffix}'; use a .png, .svg or .pdf file name")
    if _is_dir(Path(path)):
        raise ExportRequestError(f"{path}: is a folder; give a file name")
    return suffix


def _is_dir(path: Path) -> bool:
    """Whether ``path`` is a folder; a path the system cannot look at (a looping
    link, a closed folder) is not, and writing to it says why."""
    try:
        return path.is_dir()
    except OSError:
        return False


def check_size(width: int, height: int, scale: float) -> None:
    if width < 100 or height < 100:
        raise ExportRequestError(f"width and height must be at least 100 pixels, got {width}x{height}")
    if not 0 < scale <= 10:
        raise ExportRequestError(f"scale must be above 0 and at most 10, got {scale:g}")
    if max(width, height) * scale > MAX_PIXELS:
        raise ExportRequestError(
            f"{width}x{height} at scale {scale:g} is {width * scale:.0f}x{height * scale:.0f} pixels; "
            f"keep each side under {MAX_PIXELS} pixels"
        )


def export(
    figure: go.Figure | Canvas,
    path: str | os.PathLike[str],
    *,
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
    scale: float = DEFAULT_SCALE,
) -> Path:
    """Write one figure (or a canvas's strategy canvas); the format comes from
    the extension. Returns the path."""
    if isinstance(figure, Canvas):
        figure = canvas_figure(figure, width=width, height=height)
    job = ExportJob(figure, Path(path), width, height, scale)
    export_many([job])
    return job.path


def render(
    figure: go.Figure,
    *,
    format: str = "png",
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
    scale: float = DEFAULT_SCALE,
    renderer: Renderer | None = None,
) -> bytes:
    """The image bytes of one figure (for downloads), without touching the disk."""
    if format not in FORMATS:
        raise ExportRequestError(f"cannot export to '{format}'; use one of {', '.join(FORMATS)}")
    check_size(width, height, scale)
    if renderer is not None:
        _check_traces(renderer, figure, "")
    with renderer_session(renderer, [figure]) as session:
        return _finished(figure, format, _render(session, RenderRequest(figure, format, width, height, scale)))


def export_many(
    jobs: Sequence[ExportJob],
    *,
    on_done: Callable[[ExportJob], None] | None = None,
    renderer: Renderer | None = None,
) -> None:
    """Write every job through one browser, calling ``on_done`` after each."""
    for job in jobs:
        job.format  # noqa: B018 - raises ExportError on a bad extension before any work
        check_size(job.width, job.height, job.scale)
        if renderer is not None:
            _check_traces(renderer, job.figure, f"{job.path}: ")
    with renderer_session(renderer, [j.figure for j in jobs]) as session:
        images = session.render_many(RenderRequest(j.figure, j.format, j.width, j.height, j.scale) for j in jobs)
        for job in jobs:
            try:
                data = next(images)
            except RendererError as error:
                raise ExportError(f"{job.path}: the image could not be drawn: {error}") from None
            _write(job, _finished(job.figure, job.format, data))
            if on_done:
                on_done(job)


@contextmanager
def renderer_session(renderer: Renderer | None = None, figures: Sequence[Any] = ()) -> Iterator[Renderer]:
    """The caller's renderer, or a new one closed afterwards: with plotly.js's
    basic bundle, or the full one if one of ``figures`` needs it."""
    if renderer is not None:
        yield renderer
        return
    try:
        own = Renderer(bundle=bundle_for(figures))
        own.start()
    except RendererError as error:
        raise ExportError(str(error)) from None
    try:
        yield own
    finally:
        own.close()


def _check_traces(renderer: Renderer, figure: go.Figure, where: str) -> None:
    """A trace type the renderer's plotly.js lacks is a wrong request, found before any work."""
    try:
        renderer.check(figure)
    except RendererError as error:
        raise ExportRequestError(f"{where}{error}") from None


def _render(session: Renderer, request: RenderRequest) -> bytes:
    try:
        return next(session.render_many([request]))
    except RendererError as error:
        raise ExportError(f"the image could not be drawn: {error}") from None


def _finished(figure: Any, format: str, data: bytes) -> bytes:
    """A PDF gets the chart's title as its document title and the product as its creator."""
    if format != "pdf":
        return data
    from positioning.output.pdf_info import plain_title, with_info  # pypdf: loaded by the first PDF, not at start

    title = plain_title(str(getattr(getattr(figure.layout, "title", None), "text", "") or ""))
    return with_info(data, title=title)


def _write(job: ExportJob, data: bytes) -> None:
    tmp = job.path.with_name(f".{job.path.name}.part")
    try:
        job.path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        tmp.replace(job.path)  # never leave a half-written image behind
    except OSError as error:
        with contextlib.suppress(OSError):  # the folder itself may be what cannot be reached
            tmp.unlink(missing_ok=True)
        raise ExportError(f"{job.path}: cannot write the file: {_write_reason(job.path.parent, error)}") from None


def _write_reason(folder: Path, error: OSError) -> str:
    """Why a write failed, in words; a folder on the path that is not one (a
    file, a symbolic link that loops) is what is named."""
    if error.errno not in (errno.EEXIST, errno.ENOTDIR, errno.ENOENT):
        return os_reason(error)
    try:
        is_folder = stat.S_ISDIR(os.stat(folder).st_mode)
    except OSError as cause:
        return os_reason(cause)
    if not is_folder:
        return f"{folder} is not a folder"
    return f"{folder} does not take new files" if error.errno == errno.ENOENT else os_reason(error)
