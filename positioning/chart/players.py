"""How each player's curve is drawn (colour, dash, symbol), the curves as traces, and the industry band."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from positioning.chart.style import BAND_COLOR, COMPETITOR_COLORS, DASHES, LEGEND_WIDTH, SUBJECT_COLOR, SYMBOLS
from positioning.chart.text import _html, wrap_label
from positioning.core.model import Canvas, Factor
from positioning.i18n.wording import t


@dataclass(frozen=True)
class Look:
    """How one player's curve is drawn."""

    name: str
    color: str
    dash: str
    symbol: str
    width: float
    size: float
    rank: int  # place in the legend


#: How far apart, in columns, the markers of players at the same level on a factor are set.
COINCIDING_STEP = 0.16


def band_traces(factors: Sequence[Factor], shown: Sequence[str], name: str) -> list[dict[str, Any]]:
    """The industry band: the min-max range of the ``shown`` competitors as
    an upper edge and a lower edge filled up to it; none for fewer than two."""
    if len(shown) < 2:
        return []
    columns = [[float(f.levels[p]) for p in shown] for f in factors]
    x = list(range(len(factors)))
    edge = {"type": "scatter", "x": x, "mode": "lines", "line": {"width": 0}, "hoverinfo": "skip"}
    upper = {**edge, "y": [max(c) for c in columns], "showlegend": False}
    lower = {**edge, "y": [min(c) for c in columns], "fill": "tonexty", "fillcolor": BAND_COLOR}
    return [upper, {**lower, "name": name, "legendrank": 900}]


def player_looks(canvas: Canvas, hidden: Collection[str] = ()) -> tuple[Look, ...]:
    """How each player is drawn: the competitors not ``hidden``, in file
    order, then the subject, last so it is drawn on top.

    A competitor keeps its colour, dash and symbol when others are hidden."""
    style = canvas.style
    subject = next(p for p in canvas.players if p.name == canvas.subject)
    subject_color = subject.color or style.subject_color or SUBJECT_COLOR
    palette = list(style.competitor_colors) or competitor_palette(
        [p.color for p in canvas.players if p.color] + [subject_color]
    )
    competitors = [p for p in canvas.players if p.name != canvas.subject]
    looks = [
        Look(
            name=p.name,
            color=p.color or palette[i % len(palette)],
            dash=DASHES[i % len(DASHES)],
            symbol=SYMBOLS[i % len(SYMBOLS)],
            width=2.5,
            size=10,
            rank=10 + i,
        )
        for i, p in enumerate(competitors)
        if p.name not in hidden
    ]
    subject_look = Look(subject.name, subject_color, dash="solid", symbol="circle", width=5, size=15, rank=1)
    return (*looks, subject_look)


def player_traces(looks: Sequence[Look], factors: Sequence[Factor]) -> list[dict[str, Any]]:
    """One curve per look, in the looks' order, over the ``factors``; players at the same level on a
    factor are set side by side there (:func:`side_by_side`), so every marker stays visible."""
    names = [_html(f.name) for f in factors]  # hover text
    levels = [[float(f.levels[look.name]) for f in factors] for look in looks]
    xs = side_by_side(levels)
    return [_curve(look, x, y, names) for look, x, y in zip(looks, xs, levels, strict=True)]


def side_by_side(levels: Sequence[Sequence[float]]) -> list[list[float]]:
    """Each curve's x positions (factor k at k) with the markers of curves at the same level on a factor
    spread around it, ``COINCIDING_STEP`` apart, in the curves' order.

    >>> side_by_side([[0, 5], [0, 6], [0, 5]])
    [[-0.16, 0.92], [0.0, 1.0], [0.16, 1.08]]
    """
    xs = [[float(k) for k in range(len(curve))] for curve in levels]
    for k in range(len(levels[0]) if levels else 0):
        groups: dict[float, list[int]] = {}
        for c, curve in enumerate(levels):
            groups.setdefault(round(curve[k], 9), []).append(c)
        for members in groups.values():
            for place, c in enumerate(members):
                xs[c][k] = round(k + (place - (len(members) - 1) / 2) * COINCIDING_STEP, 6)
    return xs


def competitor_palette(taken: Sequence[str]) -> list[str]:
    """The default competitor colours, minus those too close to a colour in use.

    A brand-green subject must not share its hue with a green competitor.
    """
    used = [rgb for rgb in map(rgb_of, taken) if rgb]
    free = [c for c in COMPETITOR_COLORS if all(_distance(rgb_of(c), u) > 90 for u in used)]
    return free or list(COMPETITOR_COLORS)


def rgb_of(color: str) -> tuple[int, int, int] | None:
    """The red, green and blue of a valid canvas colour (``#rgb``, ``#rrggbb`` or ``rgb(r, g, b)``)."""
    color = color.strip()
    if color.startswith("#"):
        digits = color[1:]
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    numbers = re.findall(r"[0-9.]+", color)
    return (int(float(numbers[0])), int(float(numbers[1])), int(float(numbers[2]))) if len(numbers) >= 3 else None


def _distance(a: tuple[int, int, int] | None, b: tuple[int, int, int]) -> float:
    return math.dist(a, b) if a else math.inf


def _curve(look: Look, x: Sequence[float], y: Sequence[float], factors: Sequence[str]) -> dict[str, Any]:
    return {
        "type": "scatter",
        "x": list(x),
        "y": list(y),
        "name": wrap_label(look.name, LEGEND_WIDTH, max_lines=3),
        "mode": "lines+markers",
        "customdata": list(factors),
        "line": {"color": look.color, "width": look.width, "dash": look.dash},
        "marker": {
            "symbol": look.symbol,
            "size": look.size,
            "color": look.color,
            "line": {"color": "white", "width": 1.5},
        },
        "hovertemplate": f"<b>{_html(look.name).replace('%', '&#37;')}</b><br>%{{customdata}}: %{{y}}<extra></extra>",
        "legendrank": look.rank,
    }


def target_look(canvas: Canvas, subject: Look, language: str) -> Look:
    """How the to-be curve is drawn: in the subject's colour, dashed, with open circles."""
    name = t(language, "chart_target", subject=canvas.subject)
    return Look(name=name, color=subject.color, dash="dash", symbol="circle-open", width=3, size=13, rank=2)
