"""A persistent image renderer: one headless Chromium, plotly.js loaded once.

``plotly.io.write_image`` (kaleido 1.x) reloads its page for every figure;
this renderer keeps one page with plotly.js loaded and calls
``Plotly.toImage`` for each figure, which is what kaleido does inside that
page too, so images have the same pixel size and look. PDF pages are printed
by Chromium from the SVG, as kaleido does.

A :class:`Renderer` owns its browser (with a few tabs, two by default: the
machine's cores are the limit) and an event loop in a private thread.
:meth:`Renderer.render` may be called from any thread; each call takes a free
tab, so each caller gets its own image (kaleido's shared sync server cannot
promise that). :meth:`Renderer.render_many` keeps every tab busy for a batch.
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import tempfile
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import plotly
import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

FORMATS = ("png", "svg", "pdf", "jpeg", "webp")

_PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<style>html, body {{ margin: 0; padding: 0; background: white; }}</style>
<script src="{plotly}"></script>
</head><body></body></html>
"""

# Renders one figure; for pdf the SVG is placed in the page to be printed.
_RENDER = """
async (spec, format, width, height, scale) => {
  const asSvg = format === "pdf";
  const data = await Plotly.toImage(spec, {
    format: asSvg ? "svg" : format, width, height, scale: asSvg ? 1 : scale, imageDataOnly: true,
  });
  if (!asSvg) return data;
  document.body.innerHTML = "";
  const style = document.createElement("style");
  style.textContent = `@page { size: ${width}px ${height}px; margin: 0 } html, body { margin: 0 }`;
  document.head.appendChild(style);
  const img = document.createElement("img");
  img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(data);
  img.style.width = width + "px";
  img.style.height = height + "px";
  img.style.display = "block";
  await img.decode();
  document.body.appendChild(img);
  return "ready";
}
"""


class RendererError(RuntimeError):
    """The browser could not render an image; the message says why."""


class Renderer:
    """Render plotly figures to image bytes through one persistent browser.

    Use as a context manager, or call :meth:`close` when done::

        with Renderer() as renderer:
            png = renderer.render(figure, format="png", width=1600, height=900)
    """

    def __init__(self, *, tabs: int = 2, timeout: float = 60.0):
        self.tabs = max(1, tabs)
        self.timeout = timeout
        self._lock = threading.Lock()  # guards starting and closing
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._browser: Any = None
        self._free: asyncio.Queue | None = None  # tabs not rendering right now
        self._opening: asyncio.Future | None = None
        self._folder: Path | None = None

    # --- lifecycle ---------------------------------------------------------------

    def __enter__(self) -> Renderer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def running(self) -> bool:
        return self._free is not None

    def start(self) -> None:
        """Start the browser and load plotly.js (about 2-3 s); idempotent."""
        with self._lock:
            if self.running:
                return
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(target=self._loop.run_forever, name="positioning-renderer", daemon=True)
            self._thread.start()
            try:
                self._call(self._open())
            except BaseException:
                self._stop_loop()
                raise

    def close(self) -> None:
        """Close the browser; the renderer can be started again."""
        with self._lock:
            if self._loop is None:
                return
            try:
                if self._opening is not None:
                    self._loop.call_soon_threadsafe(self._opening.cancel)
                if self._browser is not None:
                    self._call(self._browser.close())
            except Exception:  # closing a browser that already died
                pass
            finally:
                self._browser = self._free = self._opening = None
                self._stop_loop()
                if self._folder:
                    shutil.rmtree(self._folder, ignore_errors=True)
                    self._folder = None

    # --- rendering ---------------------------------------------------------------

    def render(
        self, figure: go.Figure | dict, *, format: str = "png", width: int = 1600, height: int = 900, scale: float = 1
    ) -> bytes:
        """The image of ``figure`` as bytes (text formats UTF-8 encoded)."""
        request = _request(figure, format, width, height, scale)
        if not self.running:
            self.start()
        return self._call(self._on_free_tab(request))

    def render_many(self, requests: Iterable[tuple[go.Figure | dict, str, int, int, float]]) -> Iterator[bytes]:
        """Images of (figure, format, width, height, scale) requests, in order,
        with every tab busy: a few requests are in flight at any time."""
        if not self.running:
            self.start()
        assert self._loop is not None
        pending: deque[Future] = deque()
        for figure, fmt, width, height, scale in requests:
            coroutine = self._on_free_tab(_request(figure, fmt, width, height, scale))
            pending.append(asyncio.run_coroutine_threadsafe(coroutine, self._loop))
            if len(pending) > 2 * self.tabs:
                yield self._result(pending.popleft())
        while pending:
            yield self._result(pending.popleft())

    # --- inside the renderer's event loop --------------------------------------

    async def _open(self) -> None:
        import choreographer as choreo

        self._folder = Path(tempfile.mkdtemp(prefix="positioning-render-"))
        plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
        page = self._folder / "index.html"
        page.write_text(_PAGE.format(plotly=plotly_js.as_uri()), encoding="utf-8")
        try:
            self._browser = choreo.Browser(headless=True)
            await self._browser.open()
        except Exception as error:  # choreographer's BrowserFailedError, ChromeNotFoundError, ...
            raise RendererError(
                "image export needs Chrome or Chromium and none could be started "
                f"({error}); on Debian/Ubuntu run 'apt-get install -y chromium' (or 'make setup')"
            ) from None
        free: asyncio.Queue = asyncio.Queue()
        free.put_nowait(await self._new_tab(page))
        self._free = free
        # The other tabs open while the first one already renders.
        self._opening = asyncio.ensure_future(self._more_tabs(page, free, self.tabs - 1))

    async def _more_tabs(self, page: Path, free: asyncio.Queue, count: int) -> None:
        for _ in range(count):
            try:
                free.put_nowait(await self._new_tab(page))
            except Exception:  # one tab is enough to work; a failed extra tab is not fatal
                return

    async def _new_tab(self, page: Path) -> Any:
        tab = await self._browser.create_tab("")
        loaded = tab.subscribe_once("Page.loadEventFired")
        await tab.send_command("Page.enable")
        await tab.send_command("Page.navigate", params={"url": page.as_uri()})
        await loaded
        check = await tab.send_command(
            "Runtime.evaluate", params={"expression": "typeof Plotly", "returnByValue": True}
        )
        if _value(check) != "object":
            raise RendererError("plotly.js did not load in the renderer's page")
        return tab

    async def _on_free_tab(self, request: tuple[str, str, int, int, float]) -> bytes:
        if self._free is None:
            raise RendererError("the renderer is not running")
        free = self._free
        tab = await free.get()
        try:
            return await self._render(tab, *request)
        finally:
            free.put_nowait(tab)

    async def _render(self, tab: Any, payload: str, format: str, width: int, height: int, scale: float) -> bytes:
        expression = f"({_RENDER})({payload}, {json.dumps(format)}, {int(width)}, {int(height)}, {float(scale)})"
        response = await tab.send_command(
            "Runtime.evaluate", params={"expression": expression, "awaitPromise": True, "returnByValue": True}
        )
        value = _value(response)
        if format == "pdf":
            printed = await tab.send_command(
                "Page.printToPDF",
                params={"printBackground": True, "preferCSSPageSize": True, "pageRanges": "1"},
            )
            _raise_on_error(printed)
            await tab.send_command(
                "Runtime.evaluate", params={"expression": "document.body.innerHTML = ''", "returnByValue": True}
            )
            return base64.b64decode(printed["result"]["data"])
        if format == "svg":
            return value.encode("utf-8")
        return base64.b64decode(value)

    # --- plumbing ----------------------------------------------------------------

    def _call(self, coroutine: Any) -> Any:
        assert self._loop is not None
        return self._result(asyncio.run_coroutine_threadsafe(coroutine, self._loop))

    def _result(self, future: Future) -> Any:
        try:
            return future.result(timeout=self.timeout)
        except TimeoutError:
            future.cancel()
            raise RendererError(f"rendering took longer than {self.timeout:g} s") from None

    def _stop_loop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            if self._thread is not None:
                self._thread.join(timeout=10)
            self._loop.close()
        self._loop = self._thread = None


def _request(figure: go.Figure | dict, format: str, width: int, height: int, scale: float) -> tuple:
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    spec = figure.to_plotly_json() if isinstance(figure, go.Figure) else figure
    return (json.dumps(spec, cls=PlotlyJSONEncoder), format, int(width), int(height), float(scale))


def _raise_on_error(response: dict[str, Any]) -> None:
    if "error" in response:
        raise RendererError(f"the browser refused: {response['error'].get('message', response['error'])}")


def _value(response: dict[str, Any]) -> Any:
    _raise_on_error(response)
    result = response.get("result", {})
    if "exceptionDetails" in result:
        details = result["exceptionDetails"]
        text = details.get("exception", {}).get("description") or details.get("text", "unknown error")
        raise RendererError(f"plotly.js could not draw the figure: {text.splitlines()[0]}")
    return result.get("result", {}).get("value")
