"""A small factory for test canvases: plain data in, validated Canvas out."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from positioning import Canvas, parse_canvas
from positioning.chart.view import View
from positioning.core.analysis import Analysis, analyse
from positioning.core.loader import canvas_from_data
from positioning.output.writer import dump_yaml
from positioning.ui.views import SCREEN_WIDTH, Rendered, rendered


def canvas_data(
    levels: dict[str, list[float]] | None = None,
    scores: list[dict[str, float] | list[float]] | None = None,
    *,
    subject: str | None = None,
    names: list[str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Canvas data with players taken from ``levels`` (subject first by default).

    ``levels`` maps player -> level per factor; ``scores`` gives per factor
    either a criterion mapping or a list of four scores.
    """
    levels = levels or {"Us": [8, 2, 5], "Them": [5, 5, 5]}
    players = list(levels)
    n = len(next(iter(levels.values())))
    names = names or [f"F{i + 1}" for i in range(n)]
    scores = scores or [[3, 3, 3, 3]] * n
    criteria = ("attractiveness", "unmet_need", "capability", "barriers")
    factors = []
    for i in range(n):
        s = scores[i]
        factors.append(
            {
                "name": names[i],
                "scores": dict(zip(criteria, s, strict=True)) if isinstance(s, list) else dict(s),
                "levels": {p: levels[p][i] for p in players},
            }
        )
    data: dict[str, Any] = {
        "title": "Test canvas",
        "subject": subject or players[0],
        "players": [{"name": p} for p in players],
        "factors": factors,
    }
    data.update(extra)
    return data


def make_canvas(*args: Any, **kwargs: Any) -> Canvas:
    """A validated canvas; it goes through YAML text like a user's file."""
    return parse_canvas(to_yaml(canvas_data(*args, **kwargs)), name="test.yaml")


def to_yaml(data: dict[str, Any]) -> str:
    return dump_yaml(data)


def render(
    data: Mapping[str, Any],
    hidden: Collection[str],
    order: str,
    language: str,
    *,
    analysis: Analysis | None = None,
    layers: Collection[str] = ("target",),
    segment: str | None = None,
    only: Collection[str] | None = None,
    width: int = SCREEN_WIDTH,
) -> Rendered:
    """Every view of the stored canvas, as the app draws them (:func:`positioning.ui.views.rendered`) for
    the :class:`View` of these options, named as the tests name them."""
    view = View.of(order=order, hidden=hidden or (), language=language, show=layers, segment=segment, only=only)
    return rendered(data, analysis or analyse(canvas_from_data(data)), view, width)
