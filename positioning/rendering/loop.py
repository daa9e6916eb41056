"""An asyncio event loop in a private daemon thread, for callers that are not
async: the renderer's browser lives in this loop and any thread submits work
to it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")


class LoopClosedError(RuntimeError):
    """Work was submitted to a loop that is not running."""


class LoopThread:
    """One event loop running forever in one thread, until :meth:`stop`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._loop is not None

    def start(self) -> None:
        """Start the loop's thread (not thread-safe: the caller holds a lock)."""
        if self._loop is not None:
            return
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=self.name, daemon=True)
        self._thread.start()

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> Future[T]:
        """Run ``coroutine`` in the loop; its outcome comes in the future."""
        loop = self._loop
        if loop is None or loop.is_closed():
            coroutine.close()
            raise LoopClosedError("the renderer is closed")
        try:
            return asyncio.run_coroutine_threadsafe(coroutine, loop)
        except RuntimeError:  # closed between the check and the call
            coroutine.close()
            raise LoopClosedError("the renderer is closed") from None

    def stop(self) -> None:
        """Stop the loop and wait (a few seconds at most) for its thread."""
        loop, thread = self._loop, self._thread
        self._loop = self._thread = None
        if loop is None:
            return
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(timeout=10)
        if not loop.is_running():
            loop.close()
