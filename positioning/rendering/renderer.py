"""A persistent image renderer: one headless Chromium, plotly.js loaded once.

``plotly.io.write_image`` (kaleido 1.x) reloads its page for every figure;
this renderer keeps a few tabs with plotly.js loaded and calls
``Plotly.toImage`` for each figure, so images have the same pixel size and
look as ``write_image``'s, at a fraction of the time.

A :class:`Renderer` is a thin facade over its parts, each in its own module:

- ``renderer_loop``: the event loop, in a private thread, that the browser lives in;
- ``renderer_browser``: the browser and its pool of tabs (two by default: the
  machine's cores are the limit), restarted by the pool when it dies, a tab
  recycled after ``tab_renders`` images and the browser after ``browser_renders``;
- ``renderer_protocol``: what a tab is asked to do (:class:`RenderRequest` in,
  image bytes out);
- ``renderer_bundle``: which plotly.js the page loads, and which traces it can draw.

:meth:`Renderer.render` may be called from any thread; each call takes a free
tab, so each caller gets its own image (kaleido's shared sync server cannot
promise that). :meth:`Renderer.render_many` keeps every tab busy for a batch.
A browser that dies (killed, crashed) is replaced by the renderer itself, and
the requests it was drawing are drawn once more on the new one; a bad request
never touches the browser.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import shutil
import tempfile
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import TypeVar

from plotly.basedatatypes import BaseFigure

from positioning.rendering.browser import BROWSER_RENDERS, TAB_RENDERS, TabPool
from positioning.rendering.bundle import (
    BASIC_BUNDLE,
    BASIC_TRACES,
    BUNDLES,
    RendererError,
    bundle_for,
    bundle_version,
    full_bundle,
    missing_traces,
    plotly_bundle,
    trace_types,
)
from positioning.rendering.loop import LoopClosedError, LoopThread
from positioning.rendering.protocol import FORMATS, Job, RenderRequest, draw, page_html

__all__ = [
    "BASIC_BUNDLE",
    "BASIC_TRACES",
    "BUNDLES",
    "FORMATS",
    "RenderRequest",
    "Renderer",
    "RendererError",
    "bundle_for",
    "bundle_version",
    "full_bundle",
    "plotly_bundle",
    "trace_types",
]

T = TypeVar("T")


class Renderer:
    """Render plotly figures to image bytes through one persistent browser.

    Use as a context manager, or call :meth:`close` when done::

        with Renderer() as renderer:
            png = renderer.render(figure, format="png", width=1600, height=900)
    """

    def __init__(
        self,
        *,
        tabs: int = 2,
        timeout: float = 60.0,
        bundle: str = "auto",
        tab_renders: int = TAB_RENDERS,
        browser_renders: int = BROWSER_RENDERS,
    ):
        self.tabs = max(1, tabs)
        self.timeout = timeout
        #: Images a tab draws before a new tab replaces it, and a browser before a new
        #: browser does (0: never); see ``renderer_browser``.
        self.tab_renders, self.browser_renders = tab_renders, browser_renders
        #: The plotly.js the page loads, "basic" or "full" (see ``renderer_bundle``).
        self.bundle, self._script = plotly_bundle(bundle)
        self._lock = threading.Lock()  # guards starting and closing
        self._loop = LoopThread("positioning-renderer")
        self._pool: TabPool | None = None
        self._folder: Path | None = None

    # --- lifecycle ---------------------------------------------------------------

    def __enter__(self) -> Renderer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def running(self) -> bool:
        return self._pool is not None

    @property
    def generation(self) -> int:
        """How many browsers this renderer has started since :meth:`start`; a restart, or a
        recycle after ``browser_renders`` images, adds one."""
        pool = self._pool
        return pool.generation if pool is not None else 0

    @property
    def tabs_renewed(self) -> int:
        """How many tabs of the current browser were replaced by a new one."""
        pool = self._pool
        return pool.tabs_renewed if pool is not None else 0

    def start(self) -> None:
        """Start the browser and load plotly.js (about a second); idempotent."""
        with self._lock:
            if self._pool is not None:
                return
            pool = TabPool(
                self._write_page(),
                self.tabs,
                self.timeout,
                tab_renders=self.tab_renders,
                browser_renders=self.browser_renders,
            )
            self._loop.start()
            try:
                late = "the browser did not start within {} s"
                self._wait(self._loop.submit(pool.start()), self.timeout + 15, late)
            except BaseException:
                self._shut(pool)
                raise
            self._pool = pool

    def close(self) -> None:
        """Close the browser; the renderer can be started again."""
        with self._lock:
            pool, self._pool = self._pool, None
            self._shut(pool)

    # --- rendering ---------------------------------------------------------------

    def render(
        self, figure: BaseFigure | dict, *, format: str = "png", width: int = 1600, height: int = 900, scale: float = 1
    ) -> bytes:
        """The image of ``figure`` as bytes (text formats UTF-8 encoded)."""
        return self._wait(self._submit(RenderRequest(figure, format, width, height, scale)))

    def render_many(self, requests: Iterable[RenderRequest]) -> Iterator[bytes]:
        """Images of ``requests``, in order, with every tab busy: a few requests
        are in flight at any time (cancelled if the caller stops early)."""
        pending: deque[concurrent.futures.Future[bytes]] = deque()
        try:
            for request in requests:
                pending.append(self._submit(request))
                if len(pending) > 2 * self.tabs:
                    yield self._wait(pending.popleft())
            while pending:
                yield self._wait(pending.popleft())
        finally:
            for future in pending:
                future.cancel()

    def check(self, figure: BaseFigure | dict) -> None:
        """Raise RendererError if this renderer's plotly.js lacks a trace type ``figure`` uses."""
        missing = missing_traces(self.bundle, figure)
        if missing:
            raise RendererError(
                f"this renderer cannot draw {', '.join(missing)} traces; use Renderer(bundle='full') "
                "(it loads plotly.js's basic bundle: scatter, bar, pie)"
            )

    # --- plumbing ----------------------------------------------------------------

    def _submit(self, request: RenderRequest) -> concurrent.futures.Future[bytes]:
        """Check and serialise ``request`` here, in the caller's thread, then queue it for a tab."""
        self.check(request.figure)
        job = Job.of(request)
        if not self.running:
            self.start()
        pool = self._pool
        try:
            if pool is None:
                raise LoopClosedError
            return self._loop.submit(pool.run(partial(draw, job=job)))
        except LoopClosedError:
            raise RendererError("the renderer was closed while drawing; try again") from None

    def _wait(
        self,
        future: concurrent.futures.Future[T],
        timeout: float | None = None,
        late: str = "rendering took longer than {} s",
    ) -> T:
        timeout = self.timeout if timeout is None else timeout
        try:
            return future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise RendererError(late.format(f"{timeout:g}")) from None
        except concurrent.futures.CancelledError:
            raise RendererError("the image was cancelled (the renderer is closing); try again") from None

    def _write_page(self) -> Path:
        """The page the tabs open, in a new private folder (removed by :meth:`close`)."""
        self._folder = Path(tempfile.mkdtemp(prefix="positioning-render-"))
        page = self._folder / "index.html"
        page.write_text(page_html(self._script), encoding="utf-8")
        return page

    def _shut(self, pool: TabPool | None) -> None:
        """Close the browser (if any), stop the loop and remove the page's folder;
        never raises, never waits more than a few seconds."""
        if pool is not None:
            with contextlib.suppress(Exception):  # a browser that already died, or would not close in time
                self._loop.submit(pool.close()).result(timeout=15)
        self._loop.stop()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
