"""Chromium processes this test process started, found through Linux's /proc, and a real SIGKILL for them."""

from __future__ import annotations

import os
import signal
from contextlib import suppress
from pathlib import Path


def _children(pid: int) -> list[int]:
    found: list[int] = []
    with suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with suppress(OSError):
                found += [int(child) for child in (task / "children").read_text().split()]
    return found


def chromium_mains() -> set[int]:
    """Chromium main processes started by this process: the first process named
    chrom* on each line of descent (below it are its own helpers)."""
    mains, stack = set(), _children(os.getpid())
    while stack:
        pid = stack.pop()
        try:
            name = Path(f"/proc/{pid}/comm").read_text().strip()
        except OSError:
            continue
        if name.startswith("chrom"):
            mains.add(pid)
        else:
            stack += _children(pid)
    return mains


def kill(pids: set[int]) -> None:
    for pid in pids:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
