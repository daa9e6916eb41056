"""One analysis per canvas: its ranking and diagnosis, and on demand how sure the
ranking is and what the scoring panel says.

Every view of a canvas (the chart, the ranking table, the diagnosis, the deck,
the workbook, the CLI, the API) is drawn from an :class:`Analysis` instead of
ranking the canvas itself. :func:`analyse` keeps the latest few analyses, keyed
by the canvas (which holds the weights and the robustness settings), so the
requests of one edit in the app (the save's verdict, then the chart and the
Ranking tab) rank a canvas once between them.

The robustness (10,000 weight samples, the slow part) is kept apart, by what it
depends on (:class:`~positioning.core.robustness.Inputs`: the factors' names and
scores, the weights, the shortlist's size, the robustness settings, the panel):
an edit that leaves those alone (a title, a player, a level) reuses it, as does a
weight moved and moved back. Equal content gives equal results, so it is shared
between users without telling anyone anything they could not work out themselves.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from positioning.core import robustness as _robustness
from positioning.core.diagnostics import Diagnosis, diagnose
from positioning.core.model import Canvas
from positioning.core.panel import Panel, read_panel
from positioning.core.robustness import Robustness
from positioning.core.scoring import Ranking, rank

T = TypeVar("T")
#: Analyses kept: the canvases of the last few edits of the users of one process (a canvas is at most
#: 2 MB as YAML, so a few dozen MB at worst).
CACHED = 16
#: Robustness results kept by content, at most this many ...
KEPT = 32
#: ... holding at most this many rank probabilities between them (factors squared each, about 32 bytes
#: apiece as Python floats: 64 MB; a canvas beyond it alone is kept alone).
KEPT_CELLS = 2_000_000


@dataclass(frozen=True)
class Analysis:
    """A canvas with its ranking and diagnosis; :attr:`robustness` (weight sampling, the slow part)
    and :attr:`panel` are worked out the first time they are read, from the same ranking."""

    canvas: Canvas
    ranking: Ranking
    diagnosis: Diagnosis
    # What is worked out on demand, under this analysis's own lock: functools.cached_property takes one
    # lock for every instance on Python 3.11, so one canvas's weight sampling would hold up all others.
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _found: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def robustness(self) -> Robustness:
        """How sure the ranking is, by the canvas's ``robustness`` settings."""
        return self._once("robustness", lambda: _kept.get(_robustness.Inputs.of(self.canvas, self.ranking)))

    @property
    def panel(self) -> Panel | None:
        """The scoring panel read as a whole (None without a panel)."""
        return self._once("panel", lambda: read_panel(self.canvas, self.ranking))

    def _once(self, name: str, work: Callable[[], T]) -> T:
        with self._lock:
            if name not in self._found:
                self._found[name] = work()
            found: T = self._found[name]
            return found


@dataclass
class _Slot:
    cells: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    result: Robustness | None = None


class Kept:
    """Robustness results by :meth:`Inputs.key <positioning.core.robustness.Inputs.key>`, the least
    recently used dropped beyond ``entries`` results or ``cells`` rank probabilities. Thread-safe;
    each result is worked out once, under its own lock, so one canvas's samples hold up no other."""

    def __init__(self, entries: int = KEPT, cells: int = KEPT_CELLS) -> None:
        self.entries, self.cells = entries, cells
        self._lock = threading.Lock()
        self._slots: OrderedDict[bytes, _Slot] = OrderedDict()

    def get(self, inputs: _robustness.Inputs) -> Robustness:
        key = inputs.key()
        with self._lock:
            slot = self._slots.get(key)
            if slot is None:
                slot = self._slots[key] = _Slot(cells=len(inputs.names) ** 2)
                self._trim()
            else:
                self._slots.move_to_end(key)
        with slot.lock:  # a second request for the same content waits for the first one's result
            if slot.result is None:
                slot.result = _robustness.measure(inputs)
            return slot.result

    def __len__(self) -> int:
        return len(self._slots)

    def clear(self) -> None:
        with self._lock:
            self._slots.clear()

    def _trim(self) -> None:
        while len(self._slots) > 1 and (
            len(self._slots) > self.entries or sum(s.cells for s in self._slots.values()) > self.cells
        ):
            self._slots.popitem(last=False)  # one being worked out still answers its waiters


_kept = Kept()


def analyse(canvas: Canvas) -> Analysis:
    """The analysis of ``canvas``: the same object for an equal canvas while it is among the
    :data:`CACHED` latest."""
    return _analysed(canvas)


def forget() -> None:
    """Keep no analysis and no robustness (a test's fresh start)."""
    _analysed.cache_clear()
    _kept.clear()


@lru_cache(maxsize=CACHED)
def _analysed(canvas: Canvas) -> Analysis:
    ranking = rank(canvas)
    return Analysis(canvas, ranking, diagnose(canvas, ranking))
