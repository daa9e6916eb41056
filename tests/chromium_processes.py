"""Chromium processes this test process started, found through Linux's /proc, and a real SIGKILL for them."""

from __future__ import annotations

import os
import signal
from contextlib import suppress
from pathlib import Path

from tests.shutdown import children


def chromium_mains() -> set[int]:
    """Chromium main processes started by this process: the first process named
    chrom* on each line of descent (below it are its own helpers)."""
    mains, stack = set(), children(os.getpid())
    while stack:
        pid = stack.pop()
        try:
            name = Path(f"/proc/{pid}/comm").read_text().strip()
        except OSError:
            continue
        if name.startswith("chrom"):
            mains.add(pid)
        else:
            stack += children(pid)
    return mains


def kill(pids: set[int]) -> None:
    for pid in pids:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
