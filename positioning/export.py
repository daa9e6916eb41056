"""Write figures to PNG, SVG or PDF: the one export path for CLI, API and app.

Images come from a :class:`~positioning.renderer.Renderer`: one browser with
plotly.js loaded once, so a batch pays the browser start-up (~1 s) once and
then well under 100 ms a chart, where ``plotly.io.write_images`` reloads its
page for every figure. A call without a renderer starts its own and closes it;
the web app keeps one per process, which serves one caller at a time, so two
users exporting at once each get their own image.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from .figures import canvas_figure
from .model import Canvas
from .renderer import Renderer, RendererError, bundle_for

FORMATS = ("png", "svg", "pdf")
DEFAULT_WIDTH = 1600
DEFAULT_HEIGHT = 900
DEFAULT_SCALE = 1.0
MAX_PIXELS = 12_000
#: Named sizes in layout pixels; ``scale`` multiplies them for resolution.
PRESETS: dict[str, tuple[int, int]] = {
    "slide-16x9": (1600, 900),
    "slide-4x3": (1440, 1080),
    "a4-report": (1240, 760),  # a 160 mm A4 text column at about 200 dpi
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
    suffix = Path(path).suffix.lower().lstrip(".")
    if not suffix:
        raise ExportRequestError(f"{path}: the file name has no extension; end it with .png, .svg or .pdf")
    if suffix not in FORMATS:
        raise ExportRequestError(f"{path}: cannot export to '.{suffix}'; use a .png, .svg or .pdf file name")
    if Path(path).is_dir():
        raise ExportRequestError(f"{path}: is a folder; give a file name")
    return suffix


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
    with renderer_session(renderer, [figure]) as session:
        return _render(session, figure, format, width, height, scale)


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
            try:
                renderer.check(job.figure)
            except RendererError as error:
                raise ExportRequestError(f"{job.path}: {error}") from None
    with renderer_session(renderer, [j.figure for j in jobs]) as session:
        images = session.render_many((j.figure, j.format, j.width, j.height, j.scale) for j in jobs)
        for job in jobs:
            try:
                data = next(images)
            except RendererError as error:
                raise ExportError(f"{job.path}: the image could not be drawn: {error}") from None
            _write(job, data)
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


def _render(session: Renderer, figure: go.Figure, fmt: str, width: int, height: int, scale: float) -> bytes:
    try:
        return session.render(figure, format=fmt, width=width, height=height, scale=scale)
    except RendererError as error:
        raise ExportError(f"the image could not be drawn: {error}") from None


def _write(job: ExportJob, data: bytes) -> None:
    tmp = job.path.with_name(f".{job.path.name}.part")
    try:
        job.path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        tmp.replace(job.path)  # never leave a half-written image behind
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"{job.path}: cannot write the file: {error.strerror or error}") from None
