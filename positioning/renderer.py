"""A persistent image renderer: one headless Chromium, plotly.js loaded once.

``plotly.io.write_image`` (kaleido 1.x) reloads its page for every figure;
this renderer keeps one page with plotly.js loaded and calls
``Plotly.toImage`` for each figure, which is what kaleido does inside that
page too, so images have the same pixel size and look. PDF pages are printed
by Chromium from the SVG, as kaleido does.

The page loads plotly.js's official *basic* bundle (scatter, bar and pie,
every chart positioning draws), vendored in ``positioning/vendor``: it starts
in a third of the time of plotly's full bundle, which matters most on a small
machine where each tab compiles it. It is used only when it is the very
plotly.js version the installed plotly ships (so images stay identical to
``write_image``'s); otherwise, or with ``Renderer(bundle="full")``, the full
bundle is loaded.

A :class:`Renderer` owns its browser (with a few tabs, two by default: the
machine's cores are the limit) and an event loop in a private thread.
:meth:`Renderer.render` may be called from any thread; each call takes a free
tab, so each caller gets its own image (kaleido's shared sync server cannot
promise that). :meth:`Renderer.render_many` keeps every tab busy for a batch.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import re
import shutil
import tempfile
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import plotly
from plotly.basedatatypes import BaseFigure, BaseTraceType
from plotly.utils import PlotlyJSONEncoder

FORMATS = ("png", "svg", "pdf", "jpeg", "webp")
BUNDLES = ("auto", "basic", "full")
BASIC_BUNDLE = Path(__file__).parent / "vendor" / "plotly-basic.min.js"
#: The trace types in plotly.js's basic bundle.
BASIC_TRACES = frozenset({"scatter", "bar", "pie"})

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
  let style = document.getElementById("page-size");
  if (!style) {
    style = document.createElement("style");
    style.id = "page-size";
    document.head.appendChild(style);
  }
  style.textContent = `@page { size: ${width}px ${height}px; margin: 0 } html, body { margin: 0 }`;
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

    def __init__(self, *, tabs: int = 2, timeout: float = 60.0, bundle: str = "auto"):
        if bundle not in BUNDLES:
            raise ValueError(f"bundle must be one of {', '.join(BUNDLES)}, not {bundle!r}")
        self.tabs = max(1, tabs)
        self.timeout = timeout
        #: The plotly.js the page loads, "basic" or "full" (see the module's doc).
        self.bundle, self._script = plotly_bundle(bundle)
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
        """Start the browser and load plotly.js (about a second); idempotent."""
        with self._lock:
            if self.running:
                return
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(target=self._loop.run_forever, name="positioning-renderer", daemon=True)
            self._thread.start()
            try:
                # Timed inside the loop, so that _open is cancelled and its outcome collected there.
                future = asyncio.run_coroutine_threadsafe(self._open_within(self.timeout), self._loop)
                future.result(timeout=self.timeout + 15)
            except BaseException as error:
                self._abandon()
                if isinstance(error, TimeoutError):
                    raise RendererError(f"the browser did not start within {self.timeout:g} s") from None
                raise

    def close(self) -> None:
        """Close the browser; the renderer can be started again."""
        with self._lock:
            if self._loop is None:
                return
            self._abandon()

    def _abandon(self) -> None:
        """Close the browser (if any), stop the loop and remove the page's folder;
        never raises, never waits more than a few seconds."""
        try:
            asyncio.run_coroutine_threadsafe(self._shut(), self._loop).result(timeout=15)
        except Exception:  # a browser that already died, or would not close in time
            pass
        finally:
            self._browser = self._free = self._opening = None
            self._stop_loop()
            if self._folder:
                shutil.rmtree(self._folder, ignore_errors=True)
                self._folder = None

    # --- rendering ---------------------------------------------------------------

    def render(
        self, figure: BaseFigure | dict, *, format: str = "png", width: int = 1600, height: int = 900, scale: float = 1
    ) -> bytes:
        """The image of ``figure`` as bytes (text formats UTF-8 encoded)."""
        request = self._request(figure, format, width, height, scale)
        if not self.running:
            self.start()
        return self._call(self._on_free_tab(request))

    def render_many(self, requests: Iterable[tuple[BaseFigure | dict, str, int, int, float]]) -> Iterator[bytes]:
        """Images of (figure, format, width, height, scale) requests, in order,
        with every tab busy: a few requests are in flight at any time."""
        if not self.running:
            self.start()
        assert self._loop is not None
        pending: deque[Future] = deque()
        for figure, fmt, width, height, scale in requests:
            coroutine = self._on_free_tab(self._request(figure, fmt, width, height, scale))
            pending.append(asyncio.run_coroutine_threadsafe(coroutine, self._loop))
            if len(pending) > 2 * self.tabs:
                yield self._result(pending.popleft())
        while pending:
            yield self._result(pending.popleft())

    # --- inside the renderer's event loop --------------------------------------

    async def _shut(self) -> None:
        if self._opening is not None:
            self._opening.cancel()
        if self._browser is not None:
            await asyncio.wait_for(self._browser.close(), timeout=10)

    async def _open_within(self, timeout: float) -> None:
        opening = asyncio.ensure_future(self._open())
        done, _ = await asyncio.wait({opening}, timeout=timeout)
        if not done:  # whatever the cancelled start-up raises, the news is the time-out
            opening.cancel()
            with contextlib.suppress(BaseException):
                await opening
            raise TimeoutError
        opening.result()

    async def _open(self) -> None:
        import choreographer as choreo

        self._folder = Path(tempfile.mkdtemp(prefix="positioning-render-"))
        page = self._folder / "index.html"
        page.write_text(_PAGE.format(plotly=self._script.as_uri()), encoding="utf-8")
        try:
            self._browser = choreo.Browser(headless=True)
            await self._browser.open()
        except Exception as error:  # choreographer's BrowserFailedError, ChromeNotFoundError, ...
            raise RendererError(
                "image export needs Chrome or Chromium and none could be started "
                f"({error}); on Debian/Ubuntu run 'apt-get install -y chromium' (or 'make setup')"
            ) from None
        free: asyncio.Queue = asyncio.Queue()
        # Every tab loads plotly.js at once, each in its own renderer process;
        # start() returns as soon as the first can render (start() cleans up if it fails).
        self._opening = asyncio.gather(*(self._extra_tab(page, free) for _ in range(self.tabs - 1)))
        free.put_nowait(await self._new_tab(page))
        self._free = free

    async def _extra_tab(self, page: Path, free: asyncio.Queue) -> None:
        with contextlib.suppress(Exception):  # one tab is enough to work; a failed extra tab is not fatal
            free.put_nowait(await self._new_tab(page))

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

    def check(self, figure: BaseFigure | dict) -> None:
        """Raise RendererError if this renderer's plotly.js lacks a trace type ``figure`` uses."""
        missing = sorted(trace_types(figure) - BASIC_TRACES) if self.bundle == "basic" else ()
        if missing:
            raise RendererError(
                f"this renderer cannot draw {', '.join(missing)} traces; use Renderer(bundle='full') "
                "(it loads plotly.js's basic bundle: scatter, bar, pie)"
            )

    def _request(self, figure: BaseFigure | dict, format: str, width: int, height: int, scale: float) -> tuple:
        if format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
        self.check(figure)
        return (_payload(figure), format, int(width), int(height), float(scale))

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


def trace_types(figure: BaseFigure | dict) -> set[str]:
    """The trace types a figure (a plotly figure or its dict) uses."""
    if isinstance(figure, BaseFigure):
        return {trace.type for trace in figure.data}
    data = figure.get("data") if isinstance(figure, dict) else None
    if isinstance(data, dict | BaseTraceType):  # a single trace
        data = [data]
    types = set()
    for trace in data if isinstance(data, list | tuple) else ():
        if isinstance(trace, BaseTraceType):
            types.add(trace.type)
        elif isinstance(trace, dict):
            types.add(trace.get("type") or "scatter")
    return types


def bundle_for(figures: Iterable[BaseFigure | dict]) -> str:
    """The bundle a renderer needs for ``figures``: "auto" when the basic
    bundle can draw them all, else "full"."""
    return "auto" if all(trace_types(f) <= BASIC_TRACES for f in figures) else "full"


def _payload(figure: BaseFigure | dict) -> str:
    spec = figure.to_plotly_json() if isinstance(figure, BaseFigure) else figure
    return json.dumps(spec, cls=PlotlyJSONEncoder)


def plotly_bundle(choice: str = "auto") -> tuple[str, Path]:
    """Which plotly.js a renderer loads: ("basic" or "full", its path).

    "auto" takes the vendored basic bundle when it is the plotly.js version
    the installed plotly ships, else the full bundle; "basic" insists."""
    full = full_bundle()
    if choice == "full":
        return "full", full
    installed, vendored = bundle_version(full), bundle_version(BASIC_BUNDLE)
    if vendored is not None and vendored == installed:
        return "basic", BASIC_BUNDLE
    if choice == "basic":
        raise RendererError(
            f"the vendored plotly.js basic bundle is v{vendored}, the installed plotly ships v{installed}; "
            "run 'make vendor-plotly' to fetch the matching one"
        )
    return "full", full


def full_bundle() -> Path:
    """The full plotly.js bundle the installed plotly ships."""
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def bundle_version(path: Path) -> str | None:
    """The version in a plotly.js bundle's header comment ("4.1.1"), if readable."""
    try:
        with path.open("rb") as file:
            head = file.read(400).decode("utf-8", "replace")
    except OSError:
        return None
    found = re.search(r"plotly\.js(?: \([^)]*\))? v(\d+\.\d+\.\d+\S*)", head)
    return found.group(1) if found else None


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
