"""Waiting in tests on a condition, not for a fixed time: a test goes on as soon as what it waits for
has happened, and when it never does, it fails saying what it waited for (and what it saw last)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(predicate: Callable[[], T], timeout: float, what: str, *, every: float = 0.05) -> T:
    """Call ``predicate`` every ``every`` seconds until it returns something true, and return that;
    an :class:`AssertionError` naming ``what`` once ``timeout`` seconds have passed without it.

    >>> wait_until(lambda: 42, 1, "the answer")
    42
    >>> wait_until(lambda: [], 0.1, "a list with something in it")
    Traceback (most recent call last):
    AssertionError: waited 0.1 s for a list with something in it; the last look gave []
    """
    deadline = time.monotonic() + timeout
    while True:
        seen = predicate()
        if seen:
            return seen
        if time.monotonic() >= deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}; the last look gave {seen!r}")
        time.sleep(every)
