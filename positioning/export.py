"""Write figures to PNG, SVG or PDF: the one export path for CLI, API and app.

Every call owns its own kaleido browser session and renders all of its
figures through it, so a batch pays the browser start-up (~3 s) once, and
concurrent callers (two users of the web app, two threads) never share a
session: kaleido's global sync server is not thread-safe and could hand one
caller the other's image.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go

from .figures import canvas_figure
from .model import Canvas

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
        figure = canvas_figure(figure, width=width)
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
) -> bytes:
    """The image bytes of one figure (for downloads), without touching the disk."""
    if format not in FORMATS:
        raise ExportRequestError(f"cannot export to '{format}'; use one of {', '.join(FORMATS)}")
    check_size(width, height, scale)
    images: list[bytes] = []
    _run(_render_all([(figure, format, width, height, scale)], images.append))
    return images[0]


def export_many(jobs: Sequence[ExportJob], *, on_done: Callable[[ExportJob], None] | None = None) -> None:
    """Write every job through one browser session, calling ``on_done`` after each."""
    for job in jobs:
        job.format  # noqa: B018 - raises ExportError on a bad extension before any work
        check_size(job.width, job.height, job.scale)
    pending = iter(jobs)

    def write(data: bytes) -> None:
        job = next(pending)
        tmp = job.path.with_name(f".{job.path.name}.part")
        try:
            job.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            tmp.replace(job.path)  # never leave a half-written image behind
        except OSError as error:
            tmp.unlink(missing_ok=True)
            raise ExportError(f"{job.path}: cannot write the file: {error.strerror or error}") from None
        if on_done:
            on_done(job)

    _run(_render_all(((j.figure, j.format, j.width, j.height, j.scale) for j in jobs), write))


async def _render_all(items: Iterable[tuple[go.Figure, str, int, int, float]], sink: Callable[[bytes], None]) -> None:
    import kaleido
    from kaleido.errors import ChromeNotFoundError

    try:
        # mathjax=False: kaleido would otherwise fetch MathJax from a CDN on every page.
        async with kaleido.Kaleido(n=1, mathjax=False) as session:
            for figure, fmt, width, height, scale in items:
                sink(
                    await session.calc_fig(
                        figure, opts={"format": fmt, "width": width, "height": height, "scale": scale}
                    )
                )
    except ChromeNotFoundError:
        raise ExportError(
            "image export needs Chrome or Chromium and none was found; "
            "on Debian/Ubuntu run 'apt-get install -y chromium' (or 'make setup'), "
            "elsewhere install Google Chrome"
        ) from None


def _run(coroutine) -> None:  # type: ignore[no-untyped-def]
    """Run a coroutine to completion, even when the caller already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coroutine)
        return
    # Inside a running loop (Jupyter, an async server): use a private thread.
    errors: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coroutine)
        except BaseException as error:  # re-raised in the caller's thread
            errors.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
