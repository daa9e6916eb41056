"""How each player's curve is drawn (colour, dash, symbol), the curves as traces, and the industry band."""

from __future__ import annotations

import itertools
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


#: Pixels between the edges of two markers set side by side (their white outlines included).
MARKER_GAP = 3
#: The markers at one level on a factor stay within this share of a column either side of it (inside the
#: shortlist's tint); in columns narrower than they need they overlap less, but still overlap.
MAX_SPREAD = 0.4


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


def player_traces(looks: Sequence[Look], factors: Sequence[Factor], unit: float) -> list[dict[str, Any]]:
    """One curve per look, in the looks' order, over the ``factors``; players at the same level on a
    factor are set side by side there (:func:`side_by_side`, ``unit`` pixels to a column), so every
    marker stays whole; the subject, drawn last, keeps its place on the factor."""
    names = [_html(f.name) for f in factors]  # hover text
    levels = [[float(f.levels[look.name]) for f in factors] for look in looks]
    xs = side_by_side(levels, [look.size for look in looks], unit, anchor=len(looks) - 1)
    return [_curve(look, x, y, names) for look, x, y in zip(looks, xs, levels, strict=True)]


def side_by_side(
    levels: Sequence[Sequence[float]], sizes: Sequence[float], unit: float, anchor: int | None = None
) -> list[list[float]]:
    """Each curve's x positions (factor k at k) with the markers of curves at the same level on a factor
    set apart, ``MARKER_GAP`` pixels between their edges when a column is ``unit`` pixels wide (markers
    ``sizes`` pixels across). The ``anchor`` curve keeps its place; the others go left, right, left... of
    it in the curves' order; a group without it is centred on the factor.

    >>> side_by_side([[0, 5], [0, 6], [0, 5]], [10, 10, 16], 100, anchor=2)
    [[-0.16, 0.84], [0.16, 1.0], [0.0, 1.0]]
    >>> side_by_side([[3], [3]], [10, 10], 50)
    [[-0.13], [0.13]]
    """
    xs = [[float(k) for k in range(len(curve))] for curve in levels]
    # A row's steps depend only on its markers' sizes and the anchor's place among them: worked out once.
    rows: dict[tuple[tuple[float, ...], int | None], list[float]] = {}
    for k in range(len(levels[0]) if levels else 0):
        groups: dict[float, list[int]] = {}
        for c, curve in enumerate(levels):
            groups.setdefault(round(curve[k], 9), []).append(c)
        for members in (m for m in groups.values() if len(m) > 1):
            key = (tuple(sizes[c] for c in members), members.index(anchor) if anchor in members else None)
            if key not in rows:
                offsets = _offsets(key[0], key[1])
                shrink = min(1.0, MAX_SPREAD * unit / max(abs(o) for o in offsets))
                rows[key] = [offset * shrink / unit for offset in offsets]
            for c, step in zip(members, rows[key], strict=True):
                xs[c][k] = round(k + step, 6)
    return xs


def _offsets(sizes: Sequence[float], anchor: int | None) -> list[float]:
    """Pixel offsets from the factor of markers ``sizes`` across set in a row: around the ``anchor``
    (at 0; the others alternately left and right of it), else centred."""
    if anchor is None:
        row = [0.0]
        for before, size in itertools.pairwise(sizes):
            row.append(row[-1] + (before + size) / 2 + MARKER_GAP)
        return [x - (row[0] + row[-1]) / 2 for x in row]
    offsets = [0.0] * len(sizes)
    edges = {-1: -sizes[anchor] / 2, 1: sizes[anchor] / 2}  # the outer edge of each side so far
    others = [i for i in range(len(sizes)) if i != anchor]
    for turn, i in enumerate(others):
        side = -1 if turn % 2 == 0 else 1
        offsets[i] = edges[side] + side * (MARKER_GAP + sizes[i] / 2)
        edges[side] = offsets[i] + side * sizes[i] / 2
    return offsets


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
        # the level as every figure shows it (d3's .2~f: 3.33, 4), plotly's bare %{y} showing 3.333333
        "hovertemplate": f"<b>{_html(look.name).replace('%', '&#37;')}</b><br>%{{customdata}}: %{{y:.2~f}}"
        + "<extra></extra>",
        "legendrank": look.rank,
    }


def target_look(canvas: Canvas, subject: Look, language: str) -> Look:
    """How the to-be curve is drawn: in the subject's colour, dashed, with open circles."""
    name = t(language, "chart_target", subject=canvas.subject)
    return Look(name=name, color=subject.color, dash="dash", symbol="circle-open", width=3, size=13, rank=2)
