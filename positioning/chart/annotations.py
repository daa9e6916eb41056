"""The canvas's annotations as callouts on the strategy canvas: a boxed note with an arrow at the player's
point on the factor, or at the factor's label on the x axis when the note names no player.

The box sits above a point in the upper part of its column and below one at the bottom of it, a
little aside when the point is at the top of the scale (clear of the shortlist's rank badge); a note on
a column or its neighbour that already has one on that side is set further out, so boxes do not cover
one another. The text is the user's, as text: ``<b>`` shows as written (plotly reads annotation text
as HTML), wrapped onto at most four lines. Notes on a factor the view leaves out, or on a player it
hides, are not drawn.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from positioning.chart.players import Look, band_traces, player_looks
from positioning.chart.style import INK, MUTED
from positioning.chart.text import text_width, wrap_label
from positioning.chart.view import View
from positioning.chart.voice import voice_layers
from positioning.core.annotations import MAX_TEXT, Annotation
from positioning.core.model import Canvas, Factor

#: Pixels between a point and the nearest edge of its box, and the step outwards for each box already there.
GAP = 18
STEP = 36
#: Latin characters a line of a callout holds, at least and at most.
MIN_CHARS, MAX_CHARS = 20, 30
#: The top share of the level scale where a box goes aside, clear of the rank badges.
TOP_SHARE = 0.15
FONT_SIZE = 12
#: Lines a callout may take: the longest note allowed, every character wide, at the narrowest line (never cut).
MAX_LINES = 2 * MAX_TEXT // MIN_CHARS + 2
#: A box's size in pixels, by its lines and their width in Latin characters (upper estimates at FONT_SIZE):
#: a Latin character's width, a line's height, and the padding and border on both sides.
CHAR_PX, LINE_PX, FRAME_PX = 0.6 * FONT_SIZE, 1.25 * FONT_SIZE, 2 * (3 + 1)


def callouts(
    notes: Sequence[Annotation],
    factors: Sequence[Factor],
    looks: Sequence[Look],
    curves: Sequence[Mapping[str, Any]],
    *,
    chars: int,
    level: tuple[float, float],
) -> list[dict[str, Any]]:
    """The layout annotations of ``notes`` on a chart of ``factors`` whose players drawn as ``looks``
    are the traces ``curves`` (in the looks' order; their x holds a point's place beside others at its
    level); ``chars`` is a factor label's line, ``level`` the level scale."""
    column = {f.name: k for k, f in enumerate(factors)}
    drawn = {look.name: (look, curve) for look, curve in zip(looks, curves, strict=True)}
    width = max(MIN_CHARS, min(MAX_CHARS, chars))
    taken: dict[tuple[int, str], int] = {}
    out = []
    for note in notes:
        k = column.get(note.factor)
        if k is None or (note.player is not None and note.player not in drawn):
            continue
        if note.player is None:
            out.append(_on_label(k, note.text, width, _stacked(taken, k, "up")))
            continue
        look, curve = drawn[note.player]
        x, y = float(curve["x"][k]), float(curve["y"][k])
        side = _side(y, [float(c["y"][k]) for _, c in drawn.values()], level)
        leftward = k >= len(factors) / 2  # aside, towards the middle of the chart
        out.append(_on_point(x, y, look.color, note.text, width, side, _stacked(taken, k, side[0]), leftward))
    return out


def _side(y: float, column: Sequence[float], level: tuple[float, float]) -> tuple[str, bool]:
    """Where the box goes: "up" for a point in the upper half of its column's points, "down" below;
    aside (True) for a point near the top of the scale."""
    low, high = level
    middle = (max(column) + min(column)) / 2
    up = y >= middle or y - low < TOP_SHARE * (high - low)
    return ("up" if up else "down", up and high - y < TOP_SHARE * (high - low))


def _stacked(taken: dict[tuple[int, str], int], k: int, side: str) -> int:
    """How many boxes are already on ``side`` of column ``k`` and of its neighbours (so this one goes
    beyond them); counts this one in."""
    n = taken.get((k, side), 0) + max(taken.get((k - 1, side), 0), taken.get((k + 1, side), 0))
    taken[(k, side)] = taken.get((k, side), 0) + 1
    return n


def _size(wrapped: str) -> tuple[float, float]:
    """The width and height in pixels of a box holding ``wrapped`` (lines joined with ``<br>``)."""
    lines = wrapped.split("<br>")
    return max(map(text_width, lines)) * CHAR_PX + FRAME_PX, len(lines) * LINE_PX + FRAME_PX


def _box(text: str, width: int, color: str) -> dict[str, Any]:
    return {
        "text": wrap_label(text, width, max_lines=MAX_LINES),
        "font": {"size": FONT_SIZE, "color": INK},
        "align": "left",
        "bgcolor": "rgba(255,255,255,0.92)",
        "bordercolor": color,
        "borderwidth": 1,
        "borderpad": 3,
        "showarrow": True,
        "arrowhead": 2,
        "arrowsize": 1,
        "arrowwidth": 1.5,
        "arrowcolor": color,
    }


def _on_point(
    x: float, y: float, color: str, text: str, width: int, side: tuple[str, bool], stacked: int, leftward: bool
) -> dict[str, Any]:
    """A note on a player's point; the box's middle (plotly's ax, ay) far enough that its edge clears the point:
    above or below it, or beside it (aside) near the top of the scale."""
    box = _box(text, width, color)
    wide, high = _size(box["text"])
    direction, aside = side
    if aside:
        reach = round(wide / 2 + GAP + STEP * stacked)
        ax, ay = -reach if leftward else reach, -round(GAP / 2)
    else:
        reach = round(high / 2 + GAP + STEP * stacked)
        ax, ay = 0, -reach if direction == "up" else reach
    return {**box, "x": x, "y": y, "xref": "x", "yref": "y", "ax": ax, "ay": ay, "standoff": 9}


def _on_label(k: int, text: str, width: int, stacked: int) -> dict[str, Any]:
    """A note on the factor itself: the arrow at its place on the x axis, above its label."""
    box = _box(text, width, MUTED)
    high = _size(box["text"])[1]
    return {
        **box,
        "x": k,
        "y": 0,
        "xref": "x",
        "yref": "paper",
        "ax": 0,
        "ay": -round(high / 2 + GAP + STEP * stacked),
        "standoff": 2,
    }


# --- what a click on the chart names --------------------------------------------------------


def clicked_point(canvas: Canvas, view: View, point: Mapping[str, Any]) -> tuple[str, str | None] | None:
    """The factor and the player a click on the chart drawn of ``canvas`` as ``view`` shows named, from
    plotly's click data for one ``point`` (its ``curveNumber`` and ``customdata``): a player's point
    names the player, the to-be curve the subject, the importance bars the factor alone. None for
    anything else."""
    custom = point.get("customdata")
    custom = custom[0] if isinstance(custom, list) and custom else custom
    factor = html.unescape(custom) if isinstance(custom, str) else None  # the traces hold it escaped
    if factor not in canvas.factor_names:
        return None
    curve = point.get("curveNumber")
    if not isinstance(curve, int) or isinstance(curve, bool):
        return None
    looks = player_looks(canvas, view.hidden)
    shown = [name for name in canvas.competitors if name not in view.hidden]
    voice = voice_layers(
        canvas, canvas.factors, looks[-1], layers=view.layers, segment=view.segment, language=view.wording(canvas)
    )
    first = len(voice.bars) + len(band_traces(canvas.factors, shown, ""))  # the traces figure_spec draws first
    if curve < len(voice.bars):
        return factor, None
    if first <= curve < first + len(looks):
        return factor, looks[curve - first].name
    if voice.curves and curve == first + len(looks):  # the to-be curve: the subject's
        return factor, canvas.subject
    return None
