"""What the user sees of a canvas, as one object: the factors' order, the competitors left off, the
language, the chart's layers, the segment whose importance it draws, the factors a filter keeps and
the export's size preset.

The app's controls, the HTTP API's query and the command line's flags each make one :class:`View`;
the figure, the deck, the workbook and the downloads are drawn from it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Literal

from positioning.core.model import Canvas
from positioning.i18n.wording import check_language, language_of

#: How the factors are ordered: as written, best first, or grouped by category.
ORDERS = ("file", "rank", "category")
#: The chart's optional layers: the to-be curve and customer importance (``show`` in the HTTP query,
#: on the command line and in :func:`positioning.canvas_figure`).
LAYERS = ("target", "importance")


@dataclass(frozen=True)
class View:
    """How a canvas is shown (every field has the default an export without options gets)."""

    #: One of :data:`ORDERS`.
    order: str = "file"
    #: Competitors left off (the subject is always drawn).
    hidden: frozenset[str] = field(default_factory=frozenset)
    #: The wording's language ("en" or "zh"); None: the canvas's own (:func:`chart_language`).
    language: str | None = None
    #: Of :data:`LAYERS`, those drawn when the canvas has data for them.
    layers: tuple[str, ...] = ("target",)
    #: The segment whose importance the importance layer draws (None: every customer's).
    segment: str | None = None
    #: The factors a filter keeps (None: all); the ranking stays that of every factor.
    only: tuple[str, ...] | None = None
    #: The export's size preset (None: the default one).
    preset: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "hidden", frozenset(self.hidden))
        object.__setattr__(self, "layers", tuple(self.layers))
        object.__setattr__(self, "only", None if self.only is None else tuple(self.only))

    @classmethod
    def of(
        cls,
        *,
        order: str = "file",
        hidden: Collection[str] = (),
        language: str | None = None,
        show: Collection[str] = ("target",),
        segment: str | None = None,
        only: Collection[str] | None = None,
    ) -> View:
        """A view from the keyword arguments :func:`positioning.canvas_figure` takes (``show`` is
        :attr:`layers`)."""
        kept = None if only is None else tuple(only)
        layers = (show,) if isinstance(show, str) else tuple(show)  # show="importance": one layer, not letters
        return cls(order, frozenset(hidden), language, layers, segment, kept)

    def wording(self, canvas: Canvas) -> str:
        """The language ``canvas`` is worded in: :attr:`language`, else the canvas's own."""
        return check_language(self.language or chart_language(canvas))


def chart_language(canvas: Canvas) -> str:
    """ "zh" for a canvas whose title is written in Chinese, else "en"."""
    return language_of(canvas.title)


@dataclass(frozen=True)
class Screen:
    """The chart drawn in the app rather than exported."""

    #: Where the legend goes: "right" of the plot; "below" it, in rows, when the window is too narrow
    #: for both the legend's column and whole labels; "stacked" below it, an entry a line, on a phone.
    legend: Literal["right", "below", "stacked"] = "right"
