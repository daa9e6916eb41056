"""The renderer's browser: one headless Chromium (driven by choreographer) with
a few tabs that have plotly.js loaded, and the pool that replaces that browser
when it dies.

Everything here runs in the renderer's event loop. A browser dies when its
process is killed (the OOM killer, a crash, a user): choreographer then closes
the pipe, cancels every command waiting for an answer and refuses new ones.
Those failures are :class:`BrowserGone` here, never a bad request; the pool
starts a new browser once, whichever request notices first, and the others
find the new one.

choreographer logs a full traceback ("JSONError decoding message. Ignoring")
when a chunk it reads off the browser's pipe is not one JSON message. On
POSIX its own wrapper process writes a ``{bye}`` line into that pipe when
Chromium exits; when Chromium's last messages and that line arrive in one
read, as they can when a browser closes, the chunk is ``...{bye}`` and the
traceback lands on the user's terminal although nothing went wrong (the
message is dropped by choreographer either way; had it been an answer we
wait for, the request would fail with its own time-out message). That
record is turned into a one-line debug record here.

A browser that has drawn many images holds more memory than a fresh one
(its tabs' renderer processes and its own process grow, then level off).
So a tab is recycled after ``tab_renders`` images (a new tab with plotly.js
loaded takes its place, then the old one is closed), and the pool recycles
the browser after ``browser_renders`` images (a new browser is started
beside it, new requests go to the new one, and the old one is closed once
the images it is drawing are done). Callers never notice: no image in
flight is cut, and a tab that cannot be renewed makes the pool start a
fresh browser the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from positioning.rendering.bundle import RendererError
from positioning.rendering.protocol import load_page

T = TypeVar("T")

STOPPED = "the browser stopped while drawing the image, and again after a restart; try again"
RESTART_FAILED = "the browser stopped and could not be started again"
#: Images a tab draws before it is replaced by a new one, and a browser before it is
#: replaced (0: never). Measured with bench/bench_memory.py: a tab's renderer process grows
#: by about 0.5 MB an image and a fresh tab costs about 0.4 s of CPU (under 10% at 50 images);
#: the browser's own process grows by about 50 MB over its first hundred images, then levels
#: off, so a browser is recycled rarely (about 2 s of CPU).
TAB_RENDERS = 50
BROWSER_RENDERS = 500


class BrowserGone(Exception):
    """The browser's process died or its pipe closed under a request."""


class Chromium:
    """One browser and its tabs. A tab draws one image at a time; the free
    ones wait in a queue."""

    def __init__(self, page: Path, tab_renders: int = TAB_RENDERS) -> None:
        self._page = page
        self._tab_renders = tab_renders
        self._browser: Any = None
        self._free: asyncio.Queue[Any] = asyncio.Queue()
        self._extra: asyncio.Future[Any] | None = None
        self._gone = False
        self._uses: dict[int, int] = {}  # images drawn, by id() of the tab
        self._renewing: set[asyncio.Future[None]] = set()
        self._busy = 0  # requests running or waiting for a tab
        self._idle = asyncio.Event()
        self._idle.set()
        self._retiring = False
        #: A tab could not be renewed: the pool replaces this browser.
        self.worn = False
        #: How many tabs were replaced by a new one.
        self.tabs_renewed = 0

    @classmethod
    async def open(cls, page: Path, tabs: int, tab_renders: int = TAB_RENDERS) -> Chromium:
        """A browser with ``page`` open in ``tabs`` tabs; returns as soon as the
        first can draw, the others load in the background."""
        chromium = cls(page, tab_renders)
        try:
            await chromium._launch()
            # Every tab loads plotly.js at once, each in its own renderer process.
            chromium._extra = asyncio.gather(*(chromium._extra_tab(page) for _ in range(tabs - 1)))
            chromium._extra.add_done_callback(_collect)
            with _deaths_noticed():
                chromium._free.put_nowait(await chromium._new_tab(page))
        except BrowserGone:
            await chromium.close()
            raise RendererError("the browser stopped while it started") from None
        except BaseException:
            await chromium.close()
            raise
        return chromium

    @property
    def alive(self) -> bool:
        process = getattr(self._browser, "subprocess", None)
        return not self._gone and process is not None and process.poll() is None

    async def run(self, work: Callable[[Any], Awaitable[T]]) -> T:
        """``work(tab)`` on a free tab; :class:`BrowserGone` if the browser dies first."""
        self._busy += 1
        self._idle.clear()
        try:
            async with self._tab() as tab:
                try:
                    with _deaths_noticed():
                        return await work(tab)
                except BrowserGone:
                    self._gone = True
                    raise
        finally:
            self._busy -= 1
            if not self._busy:
                self._idle.set()

    async def retire(self, timeout: float) -> None:
        """Close the browser once the requests it took are done (within ``timeout`` s)."""
        self._retiring = True
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._idle.wait(), timeout)
        await self.close()

    async def close(self) -> None:
        """Close the browser; never raises, never waits more than about ten seconds."""
        self._gone = True
        for renewing in list(self._renewing):
            renewing.cancel()
        if self._extra is not None:
            self._extra.cancel()
        if self._browser is not None:
            with contextlib.suppress(Exception):  # a browser that already died, or would not close in time
                await asyncio.wait_for(self._browser.close(), timeout=10)

    @contextlib.asynccontextmanager
    async def _tab(self) -> AsyncIterator[Any]:
        tab = await self._free.get()
        try:
            if not self.alive:  # died while this request waited for a tab
                raise BrowserGone
            yield tab
        finally:
            self._release(tab)

    def _release(self, tab: Any) -> None:
        """Put ``tab`` back for the next request, or renew it once it has drawn its share."""
        uses = self._uses[id(tab)] = self._uses.get(id(tab), 0) + 1
        if not self._tab_renders or uses < self._tab_renders or self._retiring or not self.alive:
            self._free.put_nowait(tab)
            return
        renewing = asyncio.ensure_future(self._renew(tab))
        self._renewing.add(renewing)
        renewing.add_done_callback(self._renewing.discard)

    async def _renew(self, old: Any) -> None:
        """A new tab in place of ``old``, which is closed; if none can be opened, ``old``
        goes on drawing and the browser is worn (the pool replaces it)."""
        try:
            new = await self._new_tab(self._page)
        except Exception:  # whatever failed, a fresh browser is the remedy
            self.worn = True
            self._free.put_nowait(old)
            return
        self._uses.pop(id(old), None)
        self._free.put_nowait(new)
        self.tabs_renewed += 1
        with contextlib.suppress(Exception):  # a tab that will not close goes with its browser
            await self._browser.close_tab(old.target_id)

    async def _launch(self) -> None:
        import choreographer as choreo

        quiet_choreographer()
        try:
            self._browser = choreo.Browser(headless=True)
            await self._browser.open()
        except Exception as error:  # choreographer's BrowserFailedError, ChromeNotFoundError, ...
            raise RendererError(
                "image export needs Chrome or Chromium and none could be started "
                f"({error}); on Debian/Ubuntu run 'apt-get install -y chromium' (or 'make setup')"
            ) from None

    async def _extra_tab(self, page: Path) -> None:
        with contextlib.suppress(Exception):  # one tab is enough to work; a failed extra tab is not fatal
            self._free.put_nowait(await self._new_tab(page))

    async def _new_tab(self, page: Path) -> Any:
        tab = await self._browser.create_tab("")
        await load_page(tab, page)
        return tab


class TabPool:
    """The renderer's current browser, started on demand and replaced when it
    dies: once per death, however many requests notice it at the same time."""

    def __init__(
        self,
        page: Path,
        tabs: int,
        timeout: float,
        *,
        tab_renders: int = TAB_RENDERS,
        browser_renders: int = BROWSER_RENDERS,
    ) -> None:
        self._page = page
        self._tabs = max(1, tabs)
        self._timeout = timeout
        self._tab_renders = max(0, tab_renders)
        self._browser_renders = max(0, browser_renders)
        self._browser: Chromium | None = None
        self._opening: asyncio.Future[Chromium] | None = None
        self._lock = asyncio.Lock()  # one start at a time
        self._closed = False
        self._renders = 0  # requests taken by the current browser
        self._recycling: asyncio.Future[None] | None = None
        self._retired: dict[Chromium, asyncio.Future[None]] = {}
        #: How many browsers this pool has started; a restart or a recycle adds one.
        self.generation = 0

    @property
    def tabs_renewed(self) -> int:
        """How many of the current browser's tabs were replaced by a new one."""
        return self._browser.tabs_renewed if self._browser is not None else 0

    async def start(self) -> None:
        await self._current()

    async def run(self, work: Callable[[Any], Awaitable[T]]) -> T:
        """``work(tab)`` on a free tab. A browser that dies under it is replaced
        and ``work`` (which must be safe to repeat) runs once more on the new one."""
        self._count()
        with contextlib.suppress(BrowserGone):
            return await (await self._current()).run(work)
        try:
            return await (await self._current()).run(work)
        except BrowserGone:
            raise RendererError(STOPPED) from None

    async def close(self) -> None:
        self._closed = True
        if self._opening is not None:
            self._opening.cancel()  # its own clean-up closes the half-open browser
            with contextlib.suppress(BaseException):
                await self._opening
        if self._recycling is not None:
            self._recycling.cancel()
        browser, self._browser = self._browser, None
        for old in [*self._retired, *([browser] if browser is not None else [])]:
            await old.close()

    def _count(self) -> None:
        """Count a request for the current browser; once it has taken its share (or a tab
        could not be renewed) a new browser is started beside it."""
        browser = self._browser
        if browser is None or self._recycling is not None or self._closed:
            return
        self._renders += 1
        if browser.worn or (self._browser_renders and self._renders > self._browser_renders):
            self._recycling = asyncio.ensure_future(self._recycle(browser))

    async def _recycle(self, old: Chromium) -> None:
        """Replace ``old`` by a new browser; ``old`` finishes the requests it took, then closes.
        If no new browser starts, ``old`` goes on (the next share of requests tries again)."""
        try:
            async with self._lock:
                if self._closed or self._browser is not old or not old.alive:
                    return  # closed, or it died and a request replaces it
                try:
                    new = await self._open_within(self._timeout)
                except RendererError as error:
                    _logger.warning("the renderer's browser could not be recycled, it goes on: %s", error)
                    return
                self._browser = new
                self.generation += 1
                retiring = self._retired[old] = asyncio.ensure_future(old.retire(self._timeout))
                retiring.add_done_callback(lambda _: self._retired.pop(old, None))
        finally:
            self._renders = 0
            self._recycling = None

    async def _current(self) -> Chromium:
        browser = self._browser
        if browser is not None and browser.alive:
            return browser
        async with self._lock:
            if self._browser is browser:  # nobody replaced it while this request waited
                await self._replace(browser)
            if self._browser is None:  # closed, or another request's restart failed just now
                raise RendererError("the renderer is closed" if self._closed else RESTART_FAILED)
            return self._browser

    async def _replace(self, dead: Chromium | None) -> None:
        if self._closed:
            return
        self._browser = None
        if dead is not None:
            await dead.close()
        self._renders = 0
        self.generation += 1
        try:
            self._browser = await self._open_within(self._timeout)
        except RendererError as error:
            if dead is None:
                raise
            raise RendererError(f"{RESTART_FAILED}: {error}") from None

    async def _open_within(self, timeout: float) -> Chromium:
        opening = self._opening = asyncio.ensure_future(Chromium.open(self._page, self._tabs, self._tab_renders))
        try:
            done, _ = await asyncio.wait({opening}, timeout=timeout)
        finally:
            self._opening = None
        if not done:  # whatever the cancelled start-up raises, the news is the time-out
            opening.cancel()
            with contextlib.suppress(BaseException):
                await opening
            raise RendererError(f"the browser did not start within {timeout:g} s")
        return opening.result()


def _collect(future: asyncio.Future[Any]) -> None:
    """Take the outcome of the extra tabs' start-up, which nobody awaits: a browser
    closed while they load cancels them, and that is no news."""
    if not future.cancelled():
        future.exception()


class _UnreadableChunk(logging.Filter):
    """Turns choreographer's traceback for an undecodable pipe chunk into a debug line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith("JSONError decoding message"):
            return True
        error = record.exc_info[1] if record.exc_info else None
        chunk = getattr(getattr(error, "__cause__", None), "doc", "")
        _logger.debug("choreographer dropped a chunk of the browser's pipe that is not JSON: %.80r", chunk)
        return False


_logger = logging.getLogger("positioning.rendering.renderer")
_PIPE_LOGGER = "choreographer.channels.pipe"


def quiet_choreographer() -> None:
    """Install :class:`_UnreadableChunk` on choreographer's pipe logger (once)."""
    pipe = logging.getLogger(_PIPE_LOGGER)
    if not any(isinstance(f, _UnreadableChunk) for f in pipe.filters):
        pipe.addFilter(_UnreadableChunk())


@contextlib.contextmanager
def _deaths_noticed() -> Iterator[None]:
    """Turn the ways choreographer reports a dead browser into :class:`BrowserGone`:
    a closed pipe, a closed browser, or a command it cancelled because its pipe
    closed (a cancellation of the running task itself is passed on)."""
    try:
        yield
    except asyncio.CancelledError:
        if _cancelled_by_caller():
            raise
        raise BrowserGone from None
    except Exception as error:
        if not _is_gone(error):
            raise
        raise BrowserGone from error


def _cancelled_by_caller() -> bool:
    """Whether the running task itself is being cancelled (a caller's time-out,
    a closing renderer) rather than a choreographer future it awaited, which
    choreographer cancels when the browser's pipe closes."""
    cancelling = getattr(asyncio.current_task(), "cancelling", None)  # Python 3.11+
    return cancelling is None or cancelling() > 0


def _is_gone(error: BaseException) -> bool:
    from choreographer.errors import BrowserClosedError, BrowserFailedError, ChannelClosedError

    return isinstance(error, ChannelClosedError | BrowserClosedError | BrowserFailedError)


def browser_installed() -> bool:
    """Whether a Chrome or Chromium the renderer can start is installed (found as choreographer finds it)."""
    from choreographer.browsers.chromium import Chromium

    return Chromium.find_browser(skip_local=False) is not None
