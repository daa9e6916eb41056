"""One analysis per canvas: its ranking and diagnosis, and on demand how sure the
ranking is and what the scoring panel says.

Every view of a canvas (the chart, the ranking table, the diagnosis, the deck,
the workbook, the CLI, the API) is drawn from an :class:`Analysis` instead of
ranking the canvas itself. :func:`analyse` keeps the latest few analyses, keyed
by the canvas (which holds the weights and the robustness settings), so the
requests of one edit in the app (the save's verdict, then the chart and the
Ranking tab) rank a canvas once between them.
"""

from __future__ import annotations

import threading
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
        return self._once("robustness", lambda: _robustness.analyse(self.canvas, self.ranking))

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


def analyse(canvas: Canvas) -> Analysis:
    """The analysis of ``canvas``: the same object for an equal canvas while it is among the
    :data:`CACHED` latest."""
    return _analysed(canvas)


def forget() -> None:
    """Keep no analysis (a test's fresh start)."""
    _analysed.cache_clear()


@lru_cache(maxsize=CACHED)
def _analysed(canvas: Canvas) -> Analysis:
    ranking = rank(canvas)
    return Analysis(canvas, ranking, diagnose(canvas, ranking))
